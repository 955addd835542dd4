#!/bin/sh
# run.sh: "make fuzz" in a build configured with --enable-fuzzing.  Usage:
# run.sh TOP_SRCDIR CORPUS SECONDS NAME...  For each NAME it builds seeds in
# fuzz-work/seeds/NAME (from the repository's fixtures, rules and
# tests/fuzz/seeds, and from the development corpus at CORPUS when there is
# one), runs tests/fuzz/fuzz-NAME for SECONDS on them and on what earlier
# runs found (fuzz-work/corpus/NAME), and prints its run count.  Any crash,
# leak, timeout or sanitizer report fails the target; the input is kept in
# fuzz-work/crashes/NAME, to be added to tests/fuzz/regress/NAME once fixed.
# The last lines, one per target, are "fuzz-NAME: ok|FAIL, N runs"; the
# exit status is 1 if any target failed.
set -u
top=$1 corpus=$2/dev secs=$3
shift 3
work=$(pwd)/fuzz-work
failed=0
reports='ERROR: (Address|Leak|UndefinedBehavior)Sanitizer|runtime error:'
reports="$reports|ERROR: libFuzzer"

# seed DIR FILE...: copy the files into DIR, named after their paths.
seed() {
	_dir=$1
	shift
	for _f; do
		[ -f "$_f" ] || continue
		cp "$_f" "$_dir/$(printf '%s' "$_f" | tr / _)"
	done
}

# every N DIR...: every Nth file below the directories, by name.
every() {
	_n=$1
	shift
	find "$@" -type f ! -name '*.tsv' 2>/dev/null | LC_ALL=C sort |
	    awk -v n="$_n" 'NR % n == 1'
}

# rule_seeds DIR FILE...: each rule of the files, with every line that
# names it, as a small rule file of its own.
rule_seeds() {
	_dir=$1
	shift
	awk -v dir="$_dir" '
	    FNR == 1 { file++; lang = "" }
	    $1 == "lang" { lang = $0 }
	    $1 ~ /^(body|quoted|header|meta)$/ { seen[$2] = file "-" FNR }
	    NF >= 2 && ($2 in seen) {
		out = dir "/rule-" seen[$2]
		if (!(out in started) && lang != "")
			print lang >out
		started[out] = 1
		print >out
		close(out)
	    }' "$@"
}

# The seeds of each target; CORPUS may be missing (then only ours).
seeds_message() {
	seed "$1" $(find "$top/tests/fixtures" -type f ! -name README \
	    ! -name '*.tsv')
	seed "$1" $(every 8 "$corpus" | grep -v '/mbox/')
}
seeds_rules() {
	rule_seeds "$1" "$top"/rules/*.rules "$top"/rules/*/*.rules
	seed "$1" $(find "$top/tests/rules" -name '*.rules')
}
seeds_template() {
	for _f in "$top"/rules/*/*.reply; do
		{ cat "$_f"; printf '\0Jane Doe\0Jane\0Acme\0Data Engineer\0'
		printf 'R-1\0Your application\0Sam Taylor\0Sam\0I build\0yes'
		printf '\0yes\0March 3, 2025'; } \
		    >"$1/$(printf '%s' "${_f#$top/}" | tr / _)"
	done
}
seeds_config() { :; }
seeds_ics() {
	seed "$1" $(find "$top/tests/fixtures" -name '*.ics')
}
seeds_mbox() {
	seed "$1" "$top/tests/fixtures/three.mbox" "$top"/tests/fixtures/*.eml
	seed "$1" $(find "$corpus/mbox" -type f 2>/dev/null)
}

# The options of each target beyond the common ones.
options() {
	case $1 in
	message|mbox)	echo "-max_len=65536" ;;
	*)		echo "-max_len=16384" ;;
	esac
}

mkdir -p "$work"
: >"$work/summary"
for name; do
	seeds=$work/seeds/$name
	rm -rf "$seeds"
	mkdir -p "$seeds" "$work/corpus/$name" "$work/crashes/$name"
	"seeds_$name" "$seeds"
	[ -d "$top/tests/fuzz/seeds/$name" ] &&
	    cp "$top/tests/fuzz/seeds/$name"/* "$seeds/"
	[ -d "$top/tests/fuzz/regress/$name" ] &&
	    cp "$top/tests/fuzz/regress/$name"/* "$seeds/" 2>/dev/null
	dict=$top/tests/fuzz/dict/$name.dict
	[ -f "$dict" ] && dict="-dict=$dict" || dict=
	log=$work/$name.log
	echo "=== fuzz-$name: $secs s, $(ls "$seeds" | wc -l) seeds"
	DOORSTOP_RULES=$top/rules \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	    ./tests/fuzz/fuzz-$name -max_total_time="$secs" -timeout=30 \
	    -rss_limit_mb=2048 -print_final_stats=1 $(options "$name") \
	    $dict -artifact_prefix="$work/crashes/$name/" \
	    "$work/corpus/$name" "$seeds" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
	if [ "$rc" -ne 0 ] || grep -Eq "$reports" "$log"; then
		tail -n 60 "$log"
		echo "fuzz-$name: FAIL, ${runs:-?} runs (exit $rc; log $log;" \
		    "inputs in $work/crashes/$name)" >>"$work/summary"
		failed=1
	else
		grep '^Done' "$log"
		echo "fuzz-$name: ok, ${runs:-?} runs in $secs s" \
		    >>"$work/summary"
	fi
done
cat "$work/summary"
exit "$failed"
