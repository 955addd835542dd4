#!/bin/sh
# A full disk or a failing one, made by tests/faultshim.so (LD_PRELOAD),
# under the drafts folder, the calendar or the state database, through
# filter and through scan: the mail still passes byte for byte, no draft or
# reminder is seen in part or alone, nothing is recorded as done, and the
# next run without faults writes exactly one draft and one reminder.
. "$TOP_SRCDIR/tests/lib.sh"
plan 66

SHIM=$TESTS_BUILDDIR/faultshim.so
[ -f "$SHIM" ] || skip_all "no $SHIM: make check builds it"
# An ASan build wants its runtime first; the shim needs to be before it.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

sam_config
ds() { "$DOORSTOP" -c "$T/doorstop.conf" "$@"; }
now=$(date -R)
msg=$T/rej.eml
sed -e 's/^Date: .*/Date: '"$now"'/' "$FIXTURES/rej-plain.eml" >"$msg"

# faulty PATTERN CALLS ERRNO AFTER COMMAND...: run COMMAND with the calls
# on paths matching PATTERN failing with ERRNO after AFTER successes.
faulty() {
	_p=$1 _c=$2 _e=$3 _a=$4
	shift 4
	rm -f "$T/hits"
	env LD_PRELOAD="$SHIM" FAULTSHIM_PATH="$_p" FAULTSHIM_CALLS="$_c" \
	    FAULTSHIM_ERRNO="$_e" FAULTSHIM_AFTER="$_a" \
	    FAULTSHIM_LOG="$T/hits" "$@"
}
fresh() { rm -rf "$T/Drafts" "$T/cal" "$T/state" "$T/inbox"; }
drafts() { find "$T/Drafts/cur" "$T/Drafts/new" -type f 2>/dev/null | wc -l; }
# Every file a calendar reader would take: *.ics, and anything not hidden.
visible_ics() { ls "$T/cal" 2>/dev/null | wc -l; }
recorded() { ds list | wc -l; }
# none: nothing visible, nothing left in Drafts/tmp, nothing recorded.
none() {
	test "$(drafts) $(visible_ics) $(recorded)" = "0 0 0" &&
	    test "$(ls -A "$T/Drafts/tmp" 2>/dev/null | wc -l)" -eq 0 &&
	    test "$(ls -A "$T/cal" 2>/dev/null | grep -c '\.tmp$')" -eq 0
}
# one: one draft, complete; one reminder; one record.
one() {
	test "$(drafts) $(visible_ics) $(recorded)" = "1 1 1" &&
	    grep -q '^Subject: Re: ' "$T"/Drafts/cur/* &&
	    grep -q '^END:VCALENDAR' "$T"/cal/*.ics
}

# filter_case WHAT PATTERN CALLS ERRNO AFTER: a filter under the fault,
# then one without.
filter_case() {
	_what=$1
	shift
	fresh
	faulty "$@" "$DOORSTOP" -c "$T/doorstop.conf" filter <"$msg" \
	    >"$T/out" 2>"$T/err"
	_rc=$?
	check "filter, $_what: exit 0, the mail byte for byte, the fault hit" \
	    sh -c "test $_rc = 0 && '$DEHEAD' <'$T/out' | cmp -s '$msg' - &&
	    test -s '$T/hits' && grep -q 'no reply drafted' '$T/err'"
	check "filter, $_what: no draft or reminder seen, none recorded" none
	ds filter <"$msg" >/dev/null 2>&1
	check "filter, $_what: the next run drafts it once" one
}

filter_case "full disk writing the draft" "$T/Drafts/*" write ENOSPC 0
filter_case "I/O error syncing the draft" "$T/Drafts/*" fsync EIO 0
filter_case "I/O error syncing cur/" "$T/Drafts/cur" fsync EIO 0
filter_case "I/O error renaming the draft" "$T/Drafts/*" rename EIO 0
filter_case "full disk creating the draft" "$T/Drafts/*" open ENOSPC 0
filter_case "full disk writing the reminder" "$T/cal/*" write ENOSPC 0
filter_case "I/O error syncing the reminder" "$T/cal/*" fsync EIO 0
filter_case "I/O error syncing the calendar" "$T/cal" fsync EIO 0
filter_case "I/O error renaming the reminder" "$T/cal/*" rename EIO 0
filter_case "full disk creating the state" "$T/state/*" open ENOSPC 0
filter_case "full disk writing the state" "$T/state/*" write ENOSPC 0
filter_case "I/O error syncing the state" "$T/state/*" fsync EIO 0

# Both a VTODO and a VEVENT: the second cannot be written, so the first
# and the draft are taken back too.
printf 'kind = both\n' >>"$T/doorstop.conf"
fresh
faulty "$T/cal/*-event.ics" rename EIO 0 \
    "$DOORSTOP" -c "$T/doorstop.conf" filter <"$msg" >"$T/out" 2>/dev/null
check "both kinds, the event failing: no draft, no to-do, none recorded" \
    sh -c "test -s '$T/hits' && test \"\$(ls -A '$T/cal' | wc -l)\" = 0 &&
    test \"\$(find '$T/Drafts/cur' -type f | wc -l)\" = 0"
ds filter <"$msg" >/dev/null 2>&1
check_eq "both kinds: the next run writes the draft and both" \
    "$(drafts) $(ls "$T/cal" | wc -l) $(recorded)" "1 2 1"
sed -i '$d' "$T/doorstop.conf"

# The record cannot be committed (the database exists; its log cannot be
# written).  The commit may have reached the disk even so, and the lock is
# gone: the complete draft and reminder stay, and the next run takes them
# over rather than writing them again.
commit_case() {
	fresh
	ds filter <"$FIXTURES/rej-html-only.eml" >/dev/null 2>&1
	faulty "$T/state/state.db-wal" "$1" "$2" 0 \
	    "$DOORSTOP" -c "$T/doorstop.conf" filter <"$msg" >"$T/out" \
	    2>"$T/err"
	check "commit, $1 failing: exit 0, the mail byte for byte" \
	    sh -c "test $? = 0 && '$DEHEAD' <'$T/out' | cmp -s '$msg' - &&
	    test -s '$T/hits'"
	check_eq "commit, $1 failing: not recorded; what was written is whole" \
	    "$(recorded) $(grep -c '^Subject: Re: ' "$T"/Drafts/cur/* |
	    grep -c ':1$') $(grep -l '^END:VCALENDAR' "$T"/cal/*.ics |
	    wc -l)" "1 2 2"
	ds filter <"$msg" >/dev/null 2>&1
	check_eq "commit, $1 failing: the next run records it, writes no more" \
	    "$(drafts) $(visible_ics) $(recorded)" "2 2 2"
}
commit_case write ENOSPC
commit_case fsync EIO

# scan: a Maildir and an mbox, each with the rejection; a fault fails the
# scan with the status of its error, and the next scan answers it.
inbox() {
	maildir "$T/inbox"
	cp "$msg" "$T/inbox/new/1795000001.P1.host"
	{ echo "From hr@example.com Sat Nov 21 10:00:00 2026"; cat "$msg"; } \
	    >"$T/inbox.mbox"
}
# scan_case WHAT STATUS MAILBOX PATTERN CALLS ERRNO AFTER
scan_case() {
	_what=$1 _want=$2 _box=$3
	shift 3
	fresh
	inbox
	faulty "$@" "$DOORSTOP" -c "$T/doorstop.conf" scan -j 2 "$_box" \
	    >"$T/out" 2>"$T/err"
	check_eq "scan, $_what: exit $_want" "$? $(test -s "$T/hits" &&
	    echo hit)" "$_want hit"
	check "scan, $_what: no draft or reminder seen, none recorded" none
	ds scan "$_box" >/dev/null 2>&1
	check "scan, $_what: the next scan drafts it once" one
}
scan_case "full disk writing the draft" 75 "$T/inbox" "$T/Drafts/*" write ENOSPC 0
scan_case "I/O error syncing the draft" 73 "$T/inbox" "$T/Drafts/*" fsync EIO 0
scan_case "full disk writing the reminder" 75 "$T/inbox" "$T/cal/*" write ENOSPC 0
scan_case "I/O error renaming the reminder" 73 "$T/inbox" "$T/cal/*" rename EIO 0
scan_case "full disk writing the state" 75 "$T/inbox" "$T/state/*" write ENOSPC 0
scan_case "mbox, full disk writing the draft" 75 "$T/inbox.mbox" "$T/Drafts/*" write ENOSPC 0
scan_case "mbox, I/O error syncing the reminder" 73 "$T/inbox.mbox" "$T/cal/*" fsync EIO 0
check "the mbox was read, never written" \
    sh -c "head -n 1 '$T/inbox.mbox' | grep -q '^From hr@' &&
    tail -n +2 '$T/inbox.mbox' | cmp -s - '$msg'"
done_testing
