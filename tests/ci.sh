#!/bin/sh
# ci.sh: the whole test suite from a fresh checkout.  Installs what the build
# and the tests need, runs "make check" in a plain build and in one with
# AddressSanitizer and UndefinedBehaviorSanitizer, each fuzz target for
# FUZZ_TIME seconds (60), the end-to-end tests under valgrind, then "make
# distcheck", and ends with one line: "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
export DOORSTOP_CORPUS="${DOORSTOP_CORPUS:-$top/../shared/corpus}"
passed=0
failed=0

step() {
	echo "=== $*"
}

# count LOG: add an Automake test-suite.log's results to the totals.
count() {
	set -- $(awk '/^# (PASS|XFAIL):/ { p += $3 }
	    /^# (FAIL|ERROR|XPASS):/ { f += $3 } END { print p + 0, f + 0 }' "$1")
	passed=$((passed + $1))
	failed=$((failed + $2))
}

# build DIR CONFIGURE-FLAGS...: configure and build in DIR, then make check.
build() {
	dir=$1
	shift
	step "make check in $dir ($*)"
	mkdir -p "$dir"
	if ! (cd "$dir" && "$top/configure" -q "$@" && make -s -j"$jobs"); then
		echo "build failed in $dir"
		failed=$((failed + 1))
		return
	fi
	(cd "$dir" && make -s -j"$jobs" check) || cat "$dir/test-suite.log"
	if [ -f "$dir/test-suite.log" ]; then
		count "$dir/test-suite.log"
	else
		failed=$((failed + 1))
	fi
}

step "dependencies"
sh contrib/deps.sh --test || { echo "0 passed, 1 failed"; exit 1; }
step "bootstrap"
# The builds below are out of the source tree, which must not be configured
# itself (as the quick start's first command leaves it).
if [ -f config.status ]; then
	echo "cleaning the in-tree build first"
	make -s distclean >/dev/null 2>&1 || rm -f config.status
fi
autoreconf -fi || { echo "0 passed, 1 failed"; exit 1; }

build _build/plain --enable-werror
build _build/sanitizers --enable-werror --enable-sanitizers

# make fuzz in the plain build configures a clang build in its fuzz/; each
# target that ran clean counts as passed, each that found something failed.
fuzz_time=${FUZZ_TIME:-60}
summary=_build/plain/fuzz/fuzz-work/summary
step "make fuzz, $fuzz_time s a target"
rm -f "$summary" _build/plain/test-suite-valgrind.log
(cd _build/plain && make -s fuzz FUZZ_TIME="$fuzz_time")
if [ -s "$summary" ]; then
	passed=$((passed + $(grep -c ': ok,' "$summary")))
	failed=$((failed + $(grep -vc ': ok,' "$summary")))
else
	echo "make fuzz did not run"
	failed=$((failed + 1))
fi

# The end-to-end tests under valgrind: their results, and one more for
# valgrind's reports (none may be left).
step "make check-valgrind"
(cd _build/plain && make -s -j"$jobs" check-valgrind)
if [ -f _build/plain/test-suite-valgrind.log ]; then
	count _build/plain/test-suite-valgrind.log
else
	failed=$((failed + 1))
fi
if [ -d _build/plain/valgrind-logs ] &&
    [ -z "$(find _build/plain/valgrind-logs -type f -size +0)" ]; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi

step "make distcheck"
if (cd _build/plain && make -s -j"$jobs" distcheck); then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
