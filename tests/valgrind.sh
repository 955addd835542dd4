#!/bin/sh
# valgrind.sh: doorstop under valgrind's memcheck, for "make check-valgrind",
# which copies this script beside the doorstop it runs, as
# doorstop-valgrind, and runs end-to-end tests with DOORSTOP set to it.
# Each run's report goes to valgrind-logs/PID.log there (stderr stays the
# program's, as the tests check it); a report that is not empty is an
# error, or a definite leak, and fails check-valgrind.  Tests link doorstop
# into PATH under other names, and procmail and cron clear the
# environment, so the paths come from where this script really is.
# doorstop-valgrind.supp beside it is tests/valgrind.supp: PCRE2's JIT.
self=$(readlink -f "$0")
dir=$(dirname "$self")
mkdir -p "$dir/valgrind-logs"
exec valgrind -q --tool=memcheck --error-exitcode=99 \
    --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --num-callers=30 \
    --suppressions="$dir/doorstop-valgrind.supp" \
    --log-file="$dir/valgrind-logs/%p.log" "$dir/doorstop" "$@"
