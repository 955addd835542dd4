#!/bin/sh
# Follow-ups that close themselves: a later message of the thread closes
# the reminder, an out-of-office does not; the same sender writing again
# before the follow-up is due does; another "no" is only noted; the user's
# reply seen in a Sent folder, or the draft leaving the drafts folder,
# marks the thank-you note sent; "list --stale" shows drafts never sent.
# Every update rewrites the .ics in place, UID and name kept, once.
. "$TOP_SRCDIR/tests/lib.sh"
plan 63

PY=
for p in /usr/bin/python3 python3; do
	"$p" -c 'import icalendar' 2>/dev/null && { PY=$p; break; }
done
[ -n "$PY" ] || skip_all "python3 with icalendar (python3-icalendar) is not installed"
need sqlite3

TZ=UTC
export TZ
sam_config
ds() { "$DOORSTOP" -c "$T/doorstop.conf" "$@"; }
db() { sqlite3 "$T/state/state.db" "$@"; }
rej=$FIXTURES/rej-plain.eml
rej_id=20261103142205.4f7a2c@mail.northwind.example.com

# mail FILE FROM SUBJECT DATE ID [IN-REPLY-TO] [EXTRA-HEADER]: a message.
mail() {
	{
		echo "From: $2"
		echo "To: Sam Taylor <sam@example.net>"
		echo "Subject: $3"
		echo "Date: $4"
		echo "Message-ID: <$5>"
		[ -n "${6:-}" ] && printf 'In-Reply-To: <%s>\nReferences: <%s>\n' "$6" "$6"
		[ -n "${7:-}" ] && echo "$7"
		echo
		echo "Hello Sam,"
		echo
		echo "${BODY:-Could we talk on Thursday about a new opening in the team?}"
		echo
		echo "Priya"
	} >"$1"
}

# ical FILE EXPR: print a Python expression of the VTODO or VEVENT c.
ical() {
	"$PY" - "$1" "$2" <<'EOF'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
c = [x for x in cal.walk() if x.name in ('VTODO', 'VEVENT')][0]
print(eval(sys.argv[2]))
EOF
}

# passes FILE: filter passes FILE byte for byte, plus one header.
passes() {
	ds filter <"$1" >"$T/out" 2>"$T/err" &&
	    "$DEHEAD" <"$T/out" | cmp -s "$1" -
}

ds filter <"$rej" >/dev/null
ics=$(ls "$T/cal"/*.ics)
uid=$(basename "$ics" .ics)
check_eq "a rejection: one reminder, open" \
    "$(ical "$ics" 'c["STATUS"]')" "NEEDS-ACTION"
cp "$ics" "$T/ics.before"

# An out-of-office in the thread is not news.
mail "$T/ooo.eml" "Priya Raman <priya.raman@northwind.example.com>" \
    "Out of office: Re: Your application" "Wed, 04 Nov 2026 09:00:00 +0000" \
    ooo1@mail.northwind.example.com "$rej_id" "Auto-Submitted: auto-replied"
check "an out-of-office passes" passes "$T/ooo.eml"
check "and leaves the reminder as it was" cmp -s "$ics" "$T/ics.before"
check_eq "and records nothing" "$(db 'SELECT count(*) FROM event')" 0

# Neither does mail from someone else, in no thread.
mail "$T/other.eml" "Alex Kim <alex@elsewhere.example.org>" "Lunch?" \
    "Thu, 05 Nov 2026 12:00:00 +0000" other1@elsewhere.example.org
check "unrelated mail passes" passes "$T/other.eml"
check "and leaves the reminder as it was" cmp -s "$ics" "$T/ics.before"

# A rejection's earlier mail of the same thread (the acknowledgement) is
# not news either: only mail after the rejection counts.
mail "$T/early.eml" "Priya Raman <priya.raman@northwind.example.com>" \
    "Re: Your application" "Sun, 01 Nov 2026 09:00:00 +0000" \
    early1@mail.northwind.example.com "$rej_id"
check "mail older than the rejection passes" passes "$T/early.eml"
check "and changes nothing" cmp -s "$ics" "$T/ics.before"

# They write again in the thread: the follow-up is done.
mail "$T/later.eml" "Priya Raman <priya.raman@northwind.example.com>" \
    "Re: Your application for Senior Embedded Engineer" \
    "Mon, 16 Nov 2026 10:00:00 +0000" later1@mail.northwind.example.com \
    "$rej_id"
check "their reply passes byte for byte" passes "$T/later.eml"
check_eq "the reminder is the same file" "$(ls "$T/cal")" "$uid.ics"
check_eq "with the same UID" "$(ical "$ics" 'c["UID"]')" "$uid"
check_eq "completed" "$(ical "$ics" 'c["STATUS"]')" "COMPLETED"
check_eq "with a COMPLETED time and 100%" \
    "$(ical "$ics" '(c.get("COMPLETED") is not None, c["PERCENT-COMPLETE"])')" \
    "(True, 100)"
check_eq "its SEQUENCE raised" "$(ical "$ics" 'c["SEQUENCE"]')" 1
check "and a note in its description" \
    sh -c "ical_out=\$('$PY' -c \"import icalendar; print([x for x in icalendar.Calendar.from_ical(open('$ics','rb').read()).walk() if x.name=='VTODO'][0]['DESCRIPTION'])\"); echo \"\$ical_out\" | grep -qx 'They wrote again on 2026-11-16: \"Your application for Senior Embedded Engineer\".'"
check_eq "the categories stay one property" \
    "$(grep -c '^CATEGORIES:doorstop,job' "$ics")" 1
check "no temporary file is left" \
    sh -c "[ \$(ls -A '$T/cal' | wc -l) -eq 1 ]"
cp "$ics" "$T/ics.done"
check "the same reply again passes" passes "$T/later.eml"
check "and changes nothing" cmp -s "$ics" "$T/ics.done"
check_eq "one event recorded" \
    "$(db "SELECT kind, source, date FROM event")" \
    "wrote|later1@mail.northwind.example.com|$(date -d 2026-11-16T10:00:00Z +%s)"

check "list says the follow-up is done" \
    sh -c "'$DOORSTOP' -c '$T/doorstop.conf' list | grep -q '^[0-9a-f]\{12\}  done         job  *Priya Raman at Northwind Robotics: '"
check_eq "and so does list --json" \
    "$(ds list --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["done"])')" \
    "True"

ds -n filter <"$T/later.eml" >/dev/null 2>"$T/err"
check_eq "-n: a message noted before: nothing to say" "$(cat "$T/err")" ""
cp "$T/later.eml" "$T/later2.eml"
sed -i 's/^Message-ID: .*/Message-ID: <later2@mail.northwind.example.com>/' \
    "$T/later2.eml"
ds -n filter <"$T/later2.eml" >/dev/null 2>"$T/err"
check "-n: a new one: says what it would note" \
    grep -q "^doorstop: dry run: would note for Priya Raman ([0-9a-f]*): They wrote again on 2026-11-16" "$T/err"
check_eq "and records nothing" "$(db 'SELECT count(*) FROM event')" 1

# A second rejection, from another organisation; its sender writes again
# later, in a new thread, before the follow-up is due: that is done too.
BODY="Thank you for applying. We have decided to move forward with other candidates whose experience more closely matches the role."
mail "$T/rej2.eml" "Jordan Lee <jordan.lee@acme.example.com>" \
    "Your application for Data Analyst" "Tue, 10 Nov 2026 09:00:00 +0000" \
    rej2@acme.example.com
BODY=
ds filter <"$T/rej2.eml" >/dev/null
check_eq "a second rejection: a second reminder" "$(count "$T/cal")" 2
ics2=$(ls -t "$T/cal"/*.ics | head -n 1)
mail "$T/again.eml" "Jordan Lee <jordan.lee@acme.example.com>" \
    "A new opening" "Fri, 20 Nov 2026 09:00:00 +0000" again1@acme.example.com
check "the same sender's new mail passes" passes "$T/again.eml"
check_eq "and closes that follow-up" "$(ical "$ics2" 'c["STATUS"]')" \
    "COMPLETED"
check "the first is left alone" cmp -s "$ics" "$T/ics.done"

# From the organisation's domain: a newsletter or a no-reply address
# does not count; a colleague of the sender writing does.
rm -rf "$T/state" "$T/cal" "$T/Drafts"
ds filter <"$T/rej2.eml" >/dev/null
cp "$ics2" "$T/ics.before"
mail "$T/news.eml" "Acme News <news@acme.example.com>" "Acme this month" \
    "Sat, 21 Nov 2026 09:00:00 +0000" news1@acme.example.com "" \
    "List-Unsubscribe: <mailto:unsubscribe@acme.example.com>"
mail "$T/noreply.eml" "Acme Careers <no-reply@acme.example.com>" \
    "New jobs for you" "Sat, 21 Nov 2026 10:00:00 +0000" nr1@acme.example.com
ds filter <"$T/news.eml" >/dev/null
ds filter <"$T/noreply.eml" >/dev/null
check "a newsletter and a no-reply from its domain change nothing" \
    cmp -s "$ics2" "$T/ics.before"
mail "$T/colleague.eml" "Alex Kim <alex.kim@acme.example.com>" \
    "Another role" "Sun, 22 Nov 2026 09:00:00 +0000" colleague1@acme.example.com
ds filter <"$T/colleague.eml" >/dev/null
check_eq "a colleague of the sender writing closes it" \
    "$(ical "$ics2" 'c["STATUS"]')" "COMPLETED"

# Another "no" in the thread of an open follow-up is noted, not done.
rm -rf "$T/state" "$T/cal" "$T/Drafts"
ds filter <"$rej" >/dev/null
BODY="Unfortunately we have decided to move forward with other candidates for the Firmware Lead role too."
mail "$T/no2.eml" "Priya Raman <priya.raman@northwind.example.com>" \
    "Re: Your application for Senior Embedded Engineer" \
    "Tue, 17 Nov 2026 10:00:00 +0000" no2@mail.northwind.example.com "$rej_id"
BODY=
check "another rejection in the thread passes" passes "$T/no2.eml"
check_eq "the old follow-up stays open" "$(ical "$ics" 'c["STATUS"]')" \
    "NEEDS-ACTION"
check "with a note" sh -c "tr -d '\r\n ' <'$ics' | grep -q 'tosaynooncemore'"
check_eq "and the new one is answered too" "$(count "$T/cal")" 2

# The user's reply, seen in the Sent folder: the thank-you note was sent.
rm -rf "$T/state" "$T/cal" "$T/Drafts"
ds filter <"$rej" >/dev/null
maildir "$T/Sent" "$T/Inbox"
{
	echo "From: Sam Taylor <sam@example.net>"
	echo "To: Priya Raman <priya.raman@northwind.example.com>"
	echo "Subject: Re: Your application for Senior Embedded Engineer"
	echo "Date: Wed, 04 Nov 2026 08:00:00 +0000"
	echo "Message-ID: <reply1@example.net>"
	echo "In-Reply-To: <$rej_id>"
	echo
	echo "Thank you, Priya."
} >"$T/Sent/cur/1.reply:2,S"
ds scan --sent "$T/Sent" >"$T/out" 2>"$T/err"
check_eq "scan --sent exits 0" "$?" 0
check_eq "it says what it noted" "$(cat "$T/out")" \
    "scanned 1 sent message in 1 folder: 1 follow-up noted, 0 errors"
check "the reminder says the note was sent" \
    sh -c "tr -d '\r\n ' <'$ics' | grep -q 'Thank-younotesenton2026-11-04'"
check_eq "and stays open" "$(ical "$ics" 'c["STATUS"]')" "NEEDS-ACTION"
check_eq "recorded as sent" "$(db "SELECT kind FROM event")" "sent"
cp "$ics" "$T/ics.sent"
ds scan --sent --all "$T/Sent" >/dev/null 2>&1
check "reading it again changes nothing" cmp -s "$ics" "$T/ics.sent"
check_eq "nor records it twice" "$(db 'SELECT count(*) FROM event')" 1
check_eq "a sent draft is not stale" "$(ds list --stale=0 | wc -l)" 0

# A draft that leaves the drafts folder: sent, or deleted.
rm -rf "$T/state" "$T/cal" "$T/Drafts"
ds filter <"$rej" >/dev/null
db "UPDATE handled SET handled = handled - 20 * 86400"
check_eq "list --stale: a draft of 20 days ago" \
    "$(ds list --stale | sed -n 1p | cut -c15-)" \
    "drafted $(date -d @$(($(date +%s) - 20 * 86400)) +%F), 20 days ago  Priya Raman at Northwind Robotics: Your application for Senior Embedded Engineer"
check "with the draft's path" \
    sh -c "'$DOORSTOP' -c '$T/doorstop.conf' list --stale | sed -n 2p | grep -q '^    $T/Drafts/cur/'"
check_eq "not with --stale=30" "$(ds list --stale=30 | wc -l)" 0
check_eq "list --stale --json" \
    "$(ds list --stale --json | "$PY" -c 'import json,sys; r = json.load(sys.stdin); print(len(r), r[0]["contact"])')" \
    "1 Priya Raman"
ds list --stale=x >/dev/null 2>&1
check_eq "a bad --stale is a usage error" "$?" 64
ds scan "$T/Inbox" >/dev/null 2>&1
check_eq "a scan with the draft still there notes nothing" \
    "$(db 'SELECT count(*) FROM event')" 0
mv "$T/Drafts/cur/"* "$T/Sent/cur/"
ds scan "$T/Inbox" >"$T/out" 2>&1
check_eq "once it is gone, a scan notes it" \
    "$(db "SELECT kind FROM event")" "left"
check "the reminder says so" \
    sh -c "tr -d '\r\n ' <'$ics' | grep -q 'leftthedraftsfolder'"
check_eq "and it is stale no more" "$(ds list --stale | wc -l)" 0
ds scan "$T/Inbox" >/dev/null 2>&1
check_eq "the next scan notes nothing more" \
    "$(db 'SELECT count(*) FROM event')" 1

# With the drafts folder gone (unmounted, say), nothing can be told.
rm -rf "$T/state" "$T/cal" "$T/Drafts"
ds filter <"$rej" >/dev/null
mv "$T/Drafts" "$T/Drafts.away"
ds scan "$T/Inbox" >/dev/null 2>&1
check_eq "a missing drafts folder is not taken as sent" \
    "$(db 'SELECT count(*) FROM event')" 0
mv "$T/Drafts.away" "$T/Drafts"

# Through scan: the rejection and their answer in one Maildir; both
# reminders, a VTODO and a VEVENT; the event loses its alarm.
rm -rf "$T/state" "$T/cal" "$T/Drafts" "$T/Inbox"
maildir "$T/Inbox"
printf '\n[reminder]\nkind = both\n' >>"$T/doorstop.conf"
cp "$rej" "$T/Inbox/new/1.rej"
cp "$T/later.eml" "$T/Inbox/new/2.later"
ds scan "$T/Inbox" >/dev/null 2>&1
check_eq "scan: the follow-up is done" "$(ical "$ics" 'c["STATUS"]')" \
    "COMPLETED"
ev=$T/cal/$uid-event.ics
check "the event has the note" \
    sh -c "tr -d '\r\n ' <'$ev' | grep -q 'Theywroteagainon2026-11-16'"
check_eq "and no alarm left" "$(grep -c BEGIN:VALARM "$ev")" 0

# Their reply read before the rejection, from a folder named first: the
# scan looks at it again once the rejection is answered.
rm -rf "$T/state" "$T/cal" "$T/Drafts" "$T/Inbox" "$T/Replies"
maildir "$T/Inbox" "$T/Replies"
cp "$rej" "$T/Inbox/new/1.rej"
cp "$T/later.eml" "$T/Replies/new/2.later"
ds scan "$T/Replies" "$T/Inbox" >"$T/out" 2>&1
check_eq "a reply read before its rejection still closes the follow-up" \
    "$(ical "$ics" 'c["STATUS"]')" "COMPLETED"
check "and the summary counts it" \
    grep -q "^scanned 2 messages in 2 folders: 1 rejection, 1 draft, 2 reminders, 0 skipped by the gate, 0 errors; 1 follow-up noted$" "$T/out"

# A version 2 state (before threads were kept) is upgraded in place, and
# its rejections are found by their Message-ID.
rm -rf "$T/state" "$T/cal" "$T/Drafts"
ds filter <"$rej" >/dev/null
sqlite3 "$T/state/state.db" "DROP TABLE thread; DROP TABLE event;
    CREATE TABLE h2 AS SELECT key, message_id, status, generation, category,
    score, sender, contact, org, role, subject, date, handled, due, draft, uid,
    important FROM handled; DROP TABLE handled; ALTER TABLE h2 RENAME TO handled;
    PRAGMA user_version = 2;"
check_eq "list reads a version 2 state" "$(ds list | wc -l)" 1
check_eq "which is now version 3" "$(db 'PRAGMA user_version')" 3
check "their reply passes" passes "$T/later.eml"
check_eq "and closes the upgraded one's follow-up" \
    "$(ical "$ics" 'c["STATUS"]')" "COMPLETED"
done_testing
