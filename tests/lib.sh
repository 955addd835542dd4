# lib.sh: the end-to-end tests' tiny TAP harness.  Each test sources it, runs
# the real binary ($DOORSTOP) in a scratch HOME, and reports TAP.

: "${DOORSTOP:?set by make check}" "${TOP_SRCDIR:?set by make check}"
FIXTURES=$TOP_SRCDIR/tests/fixtures
TESTS_BUILDDIR=$(dirname "$DOORSTOP")/tests
DEHEAD=$TESTS_BUILDDIR/dehead
tap_n=0
tap_failed=0

T=$(mktemp -d "${TMPDIR:-/tmp}/doorstop-test.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
HOME=$T/home
XDG_CONFIG_HOME=$T/config
XDG_STATE_HOME=$T/state
XDG_DATA_HOME=$T/data
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_DATA_HOME"
export HOME XDG_CONFIG_HOME XDG_STATE_HOME XDG_DATA_HOME
unset DOORSTOP_DISABLE

plan() { echo "1..$1"; }

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $*"
}

# check DESCRIPTION COMMAND...: ok if the command succeeds.
check() {
	_d=$1
	shift
	if "$@"; then ok "$_d"; else not_ok "$_d"; fi
}

# check_eq DESCRIPTION GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '# got:  %s\n# want: %s\n' "$2" "$3" | sed '3,$s/^/# /'
	fi
}

# skip_all REASON: skip the whole script; in CI a missing prerequisite fails.
skip_all() {
	if [ "${CI:-}" = true ]; then
		echo "1..1"
		echo "not ok 1 - required in CI: $*"
		exit 1
	fi
	echo "1..0 # SKIP $*"
	exit 0
}

# need PROGRAM: skip unless PROGRAM is installed.
need() {
	command -v "$1" >/dev/null 2>&1 || skip_all "$1 is not installed"
}

# need_corpus: set CORPUS to the development corpus, or skip.
need_corpus() {
	CORPUS=${DOORSTOP_CORPUS:-$TOP_SRCDIR/../shared/corpus}
	[ -f "$CORPUS/dev/labels.tsv" ] || skip_all "no corpus at $CORPUS"
}

# count DIR...: how many files there are below the directories.
count() { find "$@" -type f 2>/dev/null | wc -l; }

# only DIR: the path of the one file below DIR; fails if there are none
# or several.
only() { [ "$(count "$1")" -eq 1 ] && find "$1" -type f; }

# marked DIR MESSAGE WORD: the one mail in DIR is MESSAGE with doorstop's
# header, "X-Doorstop: WORD score=...", added at its top.
marked() {
	_f=$(only "$1") &&
	    "$DEHEAD" <"$_f" | cmp -s - "$2" &&
	    head -n 1 "$_f" | grep -q "^X-Doorstop: $3 score="
}

# reminders DIR: how many reminder files (UID.ics) DIR holds.
reminders() { ls "$1" 2>/dev/null | grep -c '^[0-9a-f]\{32\}\.ics$'; }

# threading FILE: a draft's To, Subject and In-Reply-To lines.
threading() { grep -E '^(To|Subject|In-Reply-To):' "$1" 2>/dev/null; }

# sam_config: write $T/doorstop.conf for Sam Taylor, with the state in
# $T/state, drafts in the Maildir $T/Drafts and reminders in $T/cal.
sam_config() {
	cat >"$T/doorstop.conf" <<EOF
[doorstop]
state = $T/state/state.db

[identity]
name = Sam Taylor
address = sam@example.net

[reply]
drafts = $T/Drafts

[reminder]
calendar = $T/cal
EOF
}

# maildir DIR...: empty Maildirs.
maildir() {
	for _d; do mkdir -p "$_d/new" "$_d/cur" "$_d/tmp"; done
}

# field N LINE: the Nth tab-separated field.
field() { printf '%s\n' "$2" | cut -f "$1"; }

done_testing() { exit $((tap_failed > 0)); }
