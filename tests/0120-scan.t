#!/bin/sh
# doorstop scan, the cron path: answers the rejections in Maildirs and
# mboxes without changing them, reads only what no earlier scan read (by
# Maildir unique name, by mbox offset and checksum), is silent unless it
# drafted or failed, shows progress on a terminal, and two scans at once
# answer each rejection once.
. "$TOP_SRCDIR/tests/lib.sh"
need script
plan 35

cat >"$T/doorstop.conf" <<EOF
[identity]
name = Sam Taylor
address = sam@example.net

[reply]
drafts = $T/mail/.Drafts

[reminder]
calendar = $T/cal
EOF
ds() { "$DOORSTOP" -c "$T/doorstop.conf" "$@"; }
now=$(date -R)

# mail N FILE [DATE]: fixture FILE with Message-ID <N@scan.example> and a
# Date (now by default), so that a first scan answers it.
mail() {
	sed -e "s/^Message-ID: .*/Message-ID: <$1@scan.example>/" \
	    -e "s/^Date: .*/Date: ${3:-$now}/" "$FIXTURES/$2"
}
quote() { sed 's/^>*From />&/'; }
# snapshot DIR: the contents of its files (but drafts), then their names,
# sizes and times, with every file dated two days back first, so that a
# read (by cat here, or by doorstop) would move its access time.
snapshot() {
	find "$1" -path '*/.Drafts' -prune -o -type f -exec cat {} + | cksum
	find "$1" -path '*/.Drafts' -prune -o -type f \
	    -exec touch -d '2 days ago' {} +
	find "$1" -path '*/.Drafts' -prune -o -type f \
	    -exec stat -c '%n %s %X %Y' {} + | sort
}
# unchanged DIR BEFORE DESCRIPTION: ok if DIR's files have the times, and
# then the contents, that BEFORE, a snapshot of DIR, recorded.
unchanged() {
	_times=$(find "$1" -path '*/.Drafts' -prune -o -type f \
	    -exec stat -c '%n %s %X %Y' {} + | sort)
	_sum=$(find "$1" -path '*/.Drafts' -prune -o -type f -exec cat {} + |
	    cksum)
	check_eq "$3" "$_sum
$_times" "$2"
}

box=$T/mail
maildir "$box"
maildir "$box/.Drafts"
mail 1 rej-plain.eml >"$box/new/1795000001.P1.host"
mail 2 ack.eml >"$box/cur/1795000002.P2.host:2,S"
mail 3 rej-wrapped.eml >"$box/cur/1795000003.P3.host:2,RS"
{
	echo "From a@example.com Sat Nov 21 10:00:00 2026"
	mail 4 everyday.eml | quote
	echo
	echo "From jobs@example.com Sat Nov 21 10:00:00 2026"
	mail 5 rej-qp-latin1.eml | quote
} >"$box/archive.mbox"
before=$(snapshot "$box")

ds scan "$box" "$box/archive.mbox" >"$T/out" 2>"$T/err"
check_eq "first scan: exit 0, nothing on stderr" "$?:$(cat "$T/err")" "0:"
check_eq "the summary counts what was done" "$(tail -n 1 "$T/out")" \
    "scanned 5 messages in 2 folders: 3 rejections, 3 drafts, 3 reminders, 0 skipped by the gate, 0 errors"
check_eq "a line per draft, naming whom and where" \
    "$(grep -c "^drafted: .* (job), follow-up due [0-9-]*: $box/.Drafts/cur/" "$T/out")" 3
check_eq "three drafts and three reminders" \
    "$(count "$box/.Drafts") $(count "$T/cal")" "3 3"
unchanged "$box" "$before" \
    "the mailboxes are as they were: names, contents, access times"

ds scan "$box" "$box/archive.mbox" >"$T/out" 2>"$T/err"
check_eq "a rescan with nothing new is silent" \
    "$?:$(cat "$T/out")$(cat "$T/err")" "0:"

# Flags change, new/ moves to cur/: the unique names are the same.
mv "$box/new/1795000001.P1.host" "$box/cur/1795000001.P1.host:2,S"
mv "$box/cur/1795000002.P2.host:2,S" "$box/cur/1795000002.P2.host:2,RS"
ds -v scan "$box" >"$T/out" 2>/dev/null
check_eq "renamed by a mail reader: nothing read again" \
    "$(tail -n 1 "$T/out")" \
    "scanned 0 messages in 1 folder: 0 rejections, 0 drafts, 0 reminders, 0 skipped by the gate, 0 errors"

mail 6 rej-base64-alt.eml >"$box/new/1795000006.P6.host"
ds scan "$box" >"$T/out"
check_eq "new mail: only it is read" "$(tail -n 1 "$T/out")" \
    "scanned 1 message in 1 folder: 1 rejection, 1 draft, 1 reminder, 0 skipped by the gate, 0 errors"

{
	echo
	echo "From hr@example.org Sun Nov 22 09:00:00 2026"
	mail 7 rej-lonecr.eml | tr '\r' '\n' | quote
} >>"$box/archive.mbox"
ds -v scan "$box/archive.mbox" >"$T/out" 2>/dev/null
check_eq "an mbox grown: only the new message is read" \
    "$(tail -n 1 "$T/out")" \
    "scanned 1 message in 1 folder: 1 rejection, 1 draft, 1 reminder, 0 skipped by the gate, 0 errors"

# A mail reader rewrote the mbox without its first message: read again
# from the start, and nothing answered twice.
awk 'NR > 1 && /^From / { keep = 1 } keep' "$box/archive.mbox" >"$T/mbox.new"
cat "$T/mbox.new" >"$box/archive.mbox"
ds -v scan "$box/archive.mbox" >"$T/out" 2>/dev/null
check_eq "an mbox rewritten: read again from the start, nothing doubled" \
    "$(tail -n 1 "$T/out") $(count "$box/.Drafts")" \
    "scanned 2 messages in 1 folder: 2 rejections, 0 drafts, 0 reminders, 0 skipped by the gate, 0 errors; 2 answered before 5"

ds -v scan --all "$box" >"$T/out" 2>/dev/null
check_eq "--all reads everything again, answers nothing twice" \
    "$(tail -n 1 "$T/out")" \
    "scanned 4 messages in 1 folder: 3 rejections, 0 drafts, 0 reminders, 0 skipped by the gate, 0 errors; 3 answered before"

# A first scan answers the last 30 days; --since and --all go further.
old=$T/old
maildir "$old"
mail 8 rej-plain.eml "$(date -R -d '60 days ago')" >"$old/cur/1790000008.P8.host:2,S"
mail 9 rej-wrapped.eml "$(date -R -d '2 days ago')" >"$old/cur/1795000009.P9.host:2,S"
ds scan "$old" >"$T/out"
check_eq "a first scan passes over mail older than 30 days" \
    "$(tail -n 1 "$T/out")" \
    "scanned 1 message in 1 folder: 1 rejection, 1 draft, 1 reminder, 0 skipped by the gate, 0 errors; 1 older message passed over"
ds -v scan "$old" >"$T/out" 2>/dev/null
check_eq "and remembers it was passed over" "$(tail -n 1 "$T/out")" \
    "scanned 0 messages in 1 folder: 0 rejections, 0 drafts, 0 reminders, 0 skipped by the gate, 0 errors"
ds -v scan --all --since "$(date +%Y-%m-%d -d '3 days ago')" "$old" >"$T/out" 2>/dev/null
check_eq "--all --since DATE: read again, only mail from DATE on" \
    "$(tail -n 1 "$T/out")" \
    "scanned 1 message in 1 folder: 1 rejection, 0 drafts, 0 reminders, 0 skipped by the gate, 0 errors; 1 answered before; 1 older message passed over"
ds scan --all "$old" >"$T/out"
check_eq "--all: the old rejection is answered too" \
    "$(grep -c '^drafted: ' "$T/out")" 1
ds scan --since 2026-02-30 "$old" >/dev/null 2>"$T/err"
check_eq "--since with a bad date: a usage error" "$?:$(cat "$T/err")" \
    "64:doorstop: --since 2026-02-30: not a date (YYYY-MM-DD)"

# --recursive: Maildir++ folders, Maildirs below a directory, mboxes
# beside them; not the drafts folder, hidden directories, sent mail, trash
# or spam.
tree=$T/tree
maildir "$tree/Maildir"
maildir "$tree/Maildir/.Jobs"
maildir "$tree/Maildir/.Jobs.2026"
maildir "$tree/Archive/Old"
maildir "$tree/.notmuch/xapian"
maildir "$tree/Maildir/.Trash"
maildir "$tree/Maildir/.INBOX.Junk"
maildir "$tree/Sent Items"
mail 10 rej-plain.eml >"$tree/Maildir/.Jobs/cur/1795000010.P10.host:2,S"
mail 11 rej-wrapped.eml >"$tree/Maildir/.Jobs.2026/new/1795000011.P11.host"
mail 12 rej-base64-alt.eml >"$tree/Archive/Old/new/1795000012.P12.host"
mail 13 rej-plain.eml >"$tree/.notmuch/xapian/new/1795000013.P13.host"
mail 20 rej-plain.eml >"$tree/Maildir/.Trash/new/1795000020.P20.host"
mail 21 rej-plain.eml >"$tree/Maildir/.INBOX.Junk/new/1795000021.P21.host"
mail 22 rej-plain.eml >"$tree/Sent Items/new/1795000022.P22.host"
{ echo "From a@example.com Sat Nov 21 10:00:00 2026"; mail 14 ack.eml |
    quote; } >"$tree/Archive/saved"
echo "not mail" >"$tree/Archive/notes.txt"
ds scan "$tree" >/dev/null 2>"$T/err"
check_eq "a directory that is not a Maildir needs --recursive" \
    "$?:$(cat "$T/err")" \
    "64:doorstop: $tree: not a Maildir (--recursive reads the folders below it)
doorstop: 1 error; a rejection not answered is tried again on the next scan"
before=$(snapshot "$tree")
ds scan -R "$tree" >"$T/out"
# Sent Items is read as the user's sent mail: never answered.  The
# rejections from senders answered before are noted in their reminders.
check_eq "--recursive finds the folders and mboxes, not hidden ones, not trash" \
    "$(tail -n 1 "$T/out")" \
    "scanned 5 messages in 6 folders: 3 rejections, 3 drafts, 3 reminders, 0 skipped by the gate, 0 errors; 2 follow-ups noted"
unchanged "$tree" "$before" \
    "--recursive leaves every file as it was, access times too"
ds -v scan -R "$box" >"$T/out" 2>/dev/null
check_eq "--recursive passes over the drafts folder" "$(tail -n 1 "$T/out")" \
    "scanned 0 messages in 1 folder: 0 rejections, 0 drafts, 0 reminders, 0 skipped by the gate, 0 errors"

# --dry-run writes nothing: no draft, no reminder, nothing remembered.
dry=$T/dry
maildir "$dry"
mail 15 rej-plain.eml >"$dry/new/1795000015.P15.host"
n=$(count "$box/.Drafts" "$T/cal" "$XDG_STATE_HOME")
ds scan -n "$dry" >"$T/out"
check "--dry-run says what it would draft" grep -q "^would draft: Priya Raman" "$T/out"
check_eq "--dry-run writes no draft, no reminder, no state" \
    "$(count "$box/.Drafts" "$T/cal" "$XDG_STATE_HOME")" "$n"
ds scan "$dry" >"$T/out"
check_eq "and the next scan drafts" "$(grep -c '^drafted: ' "$T/out")" 1

DOORSTOP_DISABLE=1 ds scan "$box" >"$T/out" 2>"$T/err"
check "DOORSTOP_DISABLE: nothing scanned" grep -q "disabled by" "$T/err"

# Drafts that cannot be written: an error, nothing remembered, and the
# next scan, once fixed, drafts it.
fail=$T/fail
maildir "$fail"
mail 16 rej-plain.eml >"$fail/new/1795000016.P16.host"
echo "a file" >"$T/notadir"
sed "s|^drafts = .*|drafts = $T/notadir/Drafts|" "$T/doorstop.conf" >"$T/bad.conf"
"$DOORSTOP" -c "$T/bad.conf" scan "$fail" >"$T/out" 2>"$T/err"
rc=$?
check "a draft that cannot be written: an error exit" test "$rc" -ne 0
check "the summary counts the error" \
    grep -q "^scanned 1 message in 1 folder: 1 rejection, 0 drafts, 0 reminders, 0 skipped by the gate, 1 error; 1 follow-up noted$" "$T/out"
ds scan "$fail" >"$T/out"
check_eq "fixed, the next scan drafts it" "$(grep -c '^drafted: ' "$T/out")" 1
# In an mbox, the scan stops at the rejection it could not answer, and
# the next one goes on from there.
{
	echo "From a@example.com Sat Nov 21 10:00:00 2026"
	mail 23 rej-plain.eml | quote
	echo
	echo "From b@example.com Sat Nov 21 10:00:00 2026"
	mail 24 rej-wrapped.eml | quote
} >"$T/fail.mbox"
"$DOORSTOP" -c "$T/bad.conf" scan "$T/fail.mbox" >"$T/out" 2>"$T/err"
check "an mbox stops at the first rejection not answered" \
    grep -q "fail.mbox: stopped at byte 0, where the next scan goes on" "$T/err"
ds scan "$T/fail.mbox" >"$T/out"
check_eq "the next scan answers both" "$(grep -c '^drafted: ' "$T/out")" 2

# The gate: a rejection forwarded by the user is read, not answered.
gate=$T/gate
maildir "$gate"
cp "$FIXTURES/gate-own.eml" "$gate/new/1795000017.P17.host"
sed -i "s/^Date: .*/Date: $now/" "$gate/new/1795000017.P17.host"
ds -v scan "$gate" >"$T/out" 2>/dev/null
check_eq "skipped by the gate, counted" "$(tail -n 1 "$T/out")" \
    "scanned 1 message in 1 folder: 1 rejection, 0 drafts, 0 reminders, 1 skipped by the gate, 0 errors"

# Two scans of one mailbox at once: every rejection answered once.
many=$T/many
maildir "$many"
i=100
while [ $i -lt 160 ]; do
	mail $i rej-plain.eml >"$many/new/1795000$i.P$i.host"
	i=$((i + 1))
done
n=$(count "$box/.Drafts")
ds scan "$many" >"$T/out.1" 2>"$T/err.1" &
ds scan "$many" >"$T/out.2" 2>"$T/err.2" &
wait
check_eq "two scans at once: 60 rejections, 60 drafts, no error" \
    "$(($(count "$box/.Drafts") - n)):$(cat "$T/err.1" "$T/err.2")" "60:"
check_eq "and the two drafted 60 between them" \
    "$(cat "$T/out.1" "$T/out.2" | grep -c '^drafted: ')" 60

# Two scans of two mailboxes, creating the state database at once.
maildir "$T/a"
maildir "$T/b"
i=0
while [ $i -lt 10 ]; do
	XDG_STATE_HOME=$T/race.$i ds scan "$T/a" 2>>"$T/race.err" &
	XDG_STATE_HOME=$T/race.$i ds scan "$T/b" 2>>"$T/race.err" &
	wait
	i=$((i + 1))
done
check_eq "two scans creating the state at once: no error" \
    "$(cat "$T/race.err")" ""

# On a terminal: a progress bar on stderr, then the summary.
maildir "$T/tty"
mail 18 rej-plain.eml >"$T/tty/new/1795000018.P18.host"
mail 19 ack.eml >"$T/tty/new/1795000019.P19.host"
script -qec "$DOORSTOP -c $T/doorstop.conf scan --all $T/tty" /dev/null \
    </dev/null >"$T/tty.out" 2>&1
# The time left depends on the speed (slow under valgrind): any will do.
check "a progress bar: done/total, rate, time left" \
    grep -q 'scan: [12]/2 messages ([0-9]*%), [0-9]*/s, [0-9]*:[0-5][0-9] left' \
    "$T/tty.out"
check "then the summary" \
    grep -q 'scanned 2 messages in 1 folder: 1 rejection, 1 draft,' "$T/tty.out"
done_testing
