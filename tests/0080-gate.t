#!/bin/sh
# The reply-worthiness gate, apart from the score: a rules directory whose
# one rule makes every fixture a rejection, so that only the gate decides.
# Each case: the right outcome (no draft, or a draft to the right person)
# and one log line with the reason; and the mail still passes byte-exact.
. "$TOP_SRCDIR/tests/lib.sh"
plan 41

mkdir -p "$T/rules/en"
cp "$TOP_SRCDIR"/rules/en/*.reply "$T/rules/en/"
cat >"$T/rules/en/gate.rules" <<'EOF'
lang en
body T_REJECTION /move forward with other candidates|sorry to inform you/i
describe T_REJECTION Makes a message a rejection, to test the gate alone
category T_REJECTION job
score T_REJECTION 10
quoted T_QUOTED /move forward with other candidates/i
describe T_QUOTED Makes a reply quoting a rejection one too
category T_QUOTED job
score T_QUOTED 10
EOF
cat >"$T/doorstop.conf" <<EOF
[identity]
name = Sam Taylor
address = sam@example.net
aliases = sam.taylor@example.org

[reply]
drafts = $T/drafts
EOF

# gate FIXTURE: filter it; $T/err has the log, $drafted the new draft.
gate() {
	ls "$T/drafts/cur" >"$T/before" 2>/dev/null || : >"$T/before"
	"$DOORSTOP" -v -c "$T/doorstop.conf" -r "$T/rules" filter \
	    <"$1" >"$T/out" 2>"$T/err"
	rc=$?
	ls "$T/drafts/cur" 2>/dev/null | sort | comm -13 "$T/before" - \
	    >"$T/new"
	drafted=
	[ -s "$T/new" ] && drafted=$T/drafts/cur/$(head -1 "$T/new")
	if [ $rc -eq 0 ] && "$DEHEAD" <"$T/out" | cmp -s "$1" -; then
		ok "$(basename "$1"): passes through byte-exact"
	else
		not_ok "$(basename "$1"): passes through byte-exact (exit $rc)"
	fi
}

# skipped FIXTURE REASON: no draft, and the reason logged once.
skipped() {
	gate "$1"
	check_eq "$(basename "$1"): no draft" "$(wc -l <"$T/new")" 0
	check_eq "$(basename "$1"): logged: $2" \
	    "$(grep -c "no reply: $2\$" "$T/err")" 1
}

# drafted FIXTURE TO SOURCE: a draft to TO, logged with where TO came from.
drafted() {
	gate "$1"
	check_eq "$(basename "$1"): drafted to $2" \
	    "$(sed -n 's/^To: //p' "$drafted" 2>/dev/null)" "$2"
	check "$(basename "$1"): logged: from $3" \
	    grep -q "drafted a reply (job) to .* ($3) in $T/drafts" "$T/err"
}

skipped "$FIXTURES/gate-list.eml" "a mailing list (List-Id)"
skipped "$FIXTURES/gate-bounce.eml" "a bounce (From: MAILER-DAEMON)"
skipped "$FIXTURES/bounce.eml" "a delivery report (multipart/report)"
skipped "$FIXTURES/gate-ooo.eml" "an auto-reply (Auto-Submitted: auto-replied)"
grep -v '^Auto-Submitted:' "$FIXTURES/gate-ooo.eml" >"$T/ooo-subject.eml"
skipped "$T/ooo-subject.eml" "an out-of-office reply (Subject)"
skipped "$FIXTURES/gate-own.eml" "your own mail (From)"
sed 's/^From: .*/From: Sam <sam.taylor@example.org>/' \
    "$FIXTURES/gate-own.eml" >"$T/alias.eml"
skipped "$T/alias.eml" "your own mail (From)"
skipped "$FIXTURES/gate-own-draft.eml" \
    "doorstop's own draft (X-Doorstop-Draft)"

drafted "$FIXTURES/gate-noreply-replyto.eml" \
    "Dana Whit <dana.whit@larkspur.example.com>" Reply-To
own=$drafted
drafted "$FIXTURES/gate-noreply-sender.eml" \
    "Dana Whit <dana.whit@larkspur.example.com>" Sender
drafted "$FIXTURES/gate-noreply-signature.eml" \
    "dana.whit@larkspur.example.com" "the signature"

gate "$FIXTURES/gate-noreply.eml"
check "no one to write to: a draft all the same" test -f "$drafted"
check "with no To header" sh -c "! grep -q '^To:' '$drafted'"
check "and a visible note at its top" \
    sh -c "sed '1,/^\$/d' '$drafted' | head -1 | grep -q '^\[doorstop: .*came from an'"
check "logged: To left empty" \
    grep -q "drafted a reply (job) to no one (To left empty)" "$T/err"

# doorstop's own draft, fed back in (say, by a Bcc to oneself).
cp "$own" "$T/fed-back-draft.eml"
skipped "$T/fed-back-draft.eml" "doorstop's own draft (X-Doorstop-Draft)"
done_testing
