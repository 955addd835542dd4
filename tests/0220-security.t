#!/bin/sh
# Security: what doorstop writes is the user's alone (0600 files in 0700
# directories, whatever the umask), it will not follow a symlink another
# user owns to the drafts, calendar or state, and a rule that backtracks
# without end is stopped by name while the mail passes.
. "$TOP_SRCDIR/tests/lib.sh"
plan 17

# conf DIR: a config writing everything below DIR.
conf() {
	cat >"$T/conf" <<EOF
[doorstop]
state = $1/state.db
log = $1/doorstop.log
[identity]
name = Sam Taylor
address = sam@example.net
[reply]
drafts = $1/Drafts
[reminder]
calendar = $1/cal
EOF
}
ds() { "$DOORSTOP" -c "$T/conf" "$@"; }
rej=$FIXTURES/rej-plain.eml

# passes FILE: filter's output is FILE plus one header.
passes() { "$DEHEAD" <"$T/out" | cmp -s - "$1"; }

# Modes, under a umask that would leave files readable by all.
conf "$T/a"
(umask 022 && ds filter <"$rej" >"$T/out" 2>"$T/err")
check "a rejection is drafted" test "$(count "$T/a/Drafts/cur")" -eq 1
modes=$(cd "$T/a" && stat -c '%a %n' state.db doorstop.log Drafts Drafts/* \
    Drafts/cur/* cal cal/*.ics | sed 's/ Drafts\/cur\/.*/ DRAFT/;
    s/ cal\/.*\.ics/ ICS/' | LC_ALL=C sort -k2 | tr '\n' ' ')
check_eq "files 0600 and directories 0700 under umask 022" "$modes" \
    "600 DRAFT 700 Drafts 700 Drafts/cur 700 Drafts/new 700 Drafts/tmp 600 ICS 700 cal 600 doorstop.log 600 state.db "
check_eq "the rules cache too" \
    "$(stat -c %a "$HOME/.cache/doorstop" "$HOME"/.cache/doorstop/rules-* |
    sort -u | tr '\n' ' ')" "600 700 "

# A symlink the user owns is followed: Maildirs on another disk are common.
mkdir -p "$T/b" "$T/elsewhere"
conf "$T/b"
ln -s "$T/elsewhere" "$T/b/Drafts"
ds filter <"$rej" >"$T/out" 2>"$T/err"
check "an own symlink to the drafts is followed" \
    test "$(count "$T/elsewhere/cur")" -eq 1

# A hostile rule: stopped by PCRE2's limits, named, and the mail passes.
mkdir -p "$XDG_CONFIG_HOME/doorstop/rules"
printf '%s\n' 'body MY_BACKTRACK /^(\w+\s?)*$/m' 'score MY_BACKTRACK 9' \
    >"$XDG_CONFIG_HOME/doorstop/rules/evil.rules"
{
	printf 'From: Ann <ann@example.org>\nTo: sam@example.net\n'
	printf 'Subject: words\nMessage-ID: <evil.1@example.org>\n\n'
	awk 'BEGIN { while (i++ < 4000) printf "a"; print "!" }'
} >"$T/evil.eml"
conf "$T/c"
if command -v timeout >/dev/null; then to="timeout 60"; else to=; fi
$to "$DOORSTOP" -c "$T/conf" filter <"$T/evil.eml" >"$T/out" 2>"$T/err"
check_eq "catastrophic backtracking: filter exits 0" "$?" 0
check "and the mail passes byte-exact" passes "$T/evil.eml"
check "the rule is stopped and named" \
    grep -q 'rule MY_BACKTRACK stopped: match limit exceeded' "$T/err"
check "a stopped rule does not hit" \
    grep -q '^X-Doorstop: other score=0' "$T/out"
rm "$XDG_CONFIG_HOME/doorstop/rules/evil.rules"

# Symlinks and paths another user owns: only root can make them here.
if [ "$(id -u)" -ne 0 ] || ! id nobody >/dev/null 2>&1; then
	for n in 1 2 3 4 5 6 7 8 9; do
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # SKIP making files another user owns needs root"
	done
	done_testing
fi
nobody=$(id -u nobody)

# refused WHAT: the mail passed, nothing was drafted, and the error says
# what was refused and why.
refused() {
	passes "$rej" && [ "$(count "$T/d/Drafts" "$T/elsewhere2")" -eq 0 ] &&
	    grep -q "refusing to .*$1.*another user" "$T/err"
}

mkdir -p "$T/d" "$T/elsewhere2"
conf "$T/d"
ln -s "$T/elsewhere2" "$T/d/Drafts"
chown -h nobody "$T/d/Drafts"
ds filter <"$rej" >"$T/out" 2>"$T/err"
check "a drafts symlink another user owns: refused, the mail passes" \
    refused "$T/d/Drafts"
check_eq "and nothing is recorded: the next run may try again" \
    "$(ds list 2>/dev/null | wc -l)" 0

rm "$T/d/Drafts"
ln -s "$T/elsewhere2" "$T/d/Drafts"
chown nobody "$T/elsewhere2"
ds filter <"$rej" >"$T/out" 2>"$T/err"
check "an own symlink to another user's directory: refused" \
    refused "$T/d/Drafts"

rm "$T/d/Drafts"
mkdir -p "$T/d/Drafts/cur"
chown nobody "$T/d/Drafts/cur"
ds filter <"$rej" >"$T/out" 2>"$T/err"
check "a Maildir subfolder another user owns: refused" \
    refused "$T/d/Drafts/cur"
rm -rf "$T/d/Drafts"

ln -s "$T/elsewhere2" "$T/d/cal"
chown -h nobody "$T/d/cal"
ds filter <"$rej" >"$T/out" 2>"$T/err"
check "a calendar symlink another user owns: refused, the mail passes" \
    passes "$rej"
check "and the error names it" grep -q "refusing to follow $T/d/cal" "$T/err"
rm -f "$T/d/cal"

rm -rf "$T/d"/* "$T/elsewhere2"/*
touch "$T/victim.db"
chown nobody "$T/victim.db"
ln -s "$T/victim.db" "$T/d/state.db"
chown -h nobody "$T/d/state.db"
ds filter <"$rej" >"$T/out" 2>"$T/err"
check "a state symlink another user owns: refused, the mail passes" passes "$rej"
check "and the error names it" \
    grep -q "refusing to follow $T/d/state.db: a symlink another user owns (uid $nobody)" "$T/err"
check_eq "the other user's file is untouched" "$(wc -c <"$T/victim.db")" 0
done_testing
