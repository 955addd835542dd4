#!/bin/sh
# doorstop filter over the whole development corpus: every message comes out
# byte-exact plus exactly one header, filter always exits 0, and nothing is
# reported on stderr but ordinary warnings (no crash, no sanitizer report).
. "$TOP_SRCDIR/tests/lib.sh"
need_corpus
MBOXSPLIT=$TESTS_BUILDDIR/mboxsplit
dirs=$(cd "$CORPUS/dev" && for d in */; do echo "${d%/}"; done)
plan $(($(echo "$dirs" | wc -l) + 1))

# filter_files FILE...: check each file; report the failures as diagnostics.
filter_files() {
	_n=0
	_bad=0
	for _f in "$@"; do
		_n=$((_n + 1))
		"$DOORSTOP" filter <"$_f" >"$T/out" 2>"$T/err"
		_rc=$?
		if [ $_rc -ne 0 ] || grep -Eq 'AddressSanitizer|runtime error|LeakSanitizer' "$T/err" ||
		    ! "$DEHEAD" <"$T/out" 2>/dev/null | cmp -s "$_f" -; then
			_bad=$((_bad + 1))
			echo "# not byte-exact plus one header (exit $_rc): $_f"
			head -3 "$T/err" | sed 's/^/#   /'
		fi
	done
	echo "$_n $_bad" >"$T/count"
}

for d in $dirs; do
	[ "$d" = mbox ] && continue
	filter_files $(find "$CORPUS/dev/$d" -type f | sort)
	read -r n bad <"$T/count"
	check_eq "$d: all $n messages" "$bad" 0
done

# Each message of each mbox file.
mkdir "$T/split"
total=0
failed=0
for m in "$CORPUS/dev/mbox"/*; do
	rm -f "$T/split"/*
	[ "$("$MBOXSPLIT" "$m" "$T/split")" -gt 0 ] || continue
	filter_files "$T/split"/*
	read -r n bad <"$T/count"
	total=$((total + n))
	failed=$((failed + bad))
done
check_eq "mbox: all $total messages of $(ls "$CORPUS/dev/mbox" | wc -l) mailboxes" "$failed" 0

check "no crash left a core or sanitizer log" test ! -e core
done_testing
