#!/bin/sh
# The fuzz targets of tests/fuzz, built as replay programs, run once on
# every input that ever made one fail (tests/fuzz/regress/NAME), on their
# seeds and on the fixtures: none may crash (or, in a sanitizer build,
# make a sanitizer report).
. "$TOP_SRCDIR/tests/lib.sh"
plan 11

FUZZ=$TOP_SRCDIR/tests/fuzz
export DOORSTOP_RULES="${DOORSTOP_RULES:-$TOP_SRCDIR/rules}"

# replay NAME INPUT...: ok if fuzz target NAME runs on every input (files
# or directories, those missing skipped) and says so.
replay() {
	_name=$1
	shift
	_in=
	for _i; do [ -e "$_i" ] && _in="$_in $_i"; done
	# shellcheck disable=SC2086
	"$TESTS_BUILDDIR/fuzz/replay-$_name" $_in >"$T/out" 2>"$T/err"
	_rc=$?
	[ "$_rc" -eq 0 ] && grep -q ': [1-9][0-9]* inputs replayed$' "$T/out" ||
	    { grep -E 'ERROR|SUMMARY|runtime error|replay' "$T/err" |
	    sed 's/^/# /'; return 1; }
}

for name in message rules template config mbox ics; do
	n=$(count "$FUZZ/regress/$name" "$FUZZ/seeds/$name")
	if [ "$n" -eq 0 ]; then
		ok "fuzz-$name: no regression inputs or seeds # SKIP"
		continue
	fi
	check "fuzz-$name: $n regression inputs and seeds" replay "$name" \
	    "$FUZZ/regress/$name" "$FUZZ/seeds/$name"
done
check "fuzz-message: the fixtures" replay message "$FIXTURES"
check "fuzz-rules: the test rules and the shipped ones" \
    replay rules "$TOP_SRCDIR/tests/rules" "$TOP_SRCDIR/rules/guards.rules" \
    "$TOP_SRCDIR/rules/en/guards.rules"
check "fuzz-template: the shipped templates" replay template \
    "$TOP_SRCDIR"/rules/*/*.reply
check "fuzz-config: an empty config" replay config /dev/null
check "fuzz-mbox: the fixtures" replay mbox "$FIXTURES"
done_testing
