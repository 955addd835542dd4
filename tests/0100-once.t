#!/bin/sh
# Exactly once: 16 deliveries of one message at the same moment make one
# draft and one reminder, to a Maildir and to an mbox; a rerun, a run that
# died before recording, --dry-run, forget, list, and the off switches.
. "$TOP_SRCDIR/tests/lib.sh"
plan 32

cat >"$T/doorstop.conf" <<EOF
[identity]
name = Sam Taylor
address = sam@example.net

[reply]
drafts = $T/drafts

[reminder]
calendar = $T/cal
EOF
sed "s|^drafts = .*|drafts = $T/postponed\ndrafts_format = mbox|" \
    "$T/doorstop.conf" >"$T/mbox.conf"
ds() { "$DOORSTOP" -c "$T/doorstop.conf" "$@"; }
msg=$FIXTURES/rej-plain.eml

# parallel CONFIG FILE: 16 filters at once; 0 if all passed the mail.
parallel() {
	i=0
	while [ $i -lt 16 ]; do
		"$DOORSTOP" -c "$1" filter <"$2" >"$T/out.$i" 2>"$T/err.$i" &
		i=$((i + 1))
	done
	wait
	i=0
	while [ $i -lt 16 ]; do
		"$DEHEAD" <"$T/out.$i" | cmp -s "$2" - || return 1
		grep -q . "$T/err.$i" && return 1
		i=$((i + 1))
	done
	return 0
}

check "16 parallel filters: every one passes the mail, quietly" \
    parallel "$T/doorstop.conf" "$msg"
check_eq "one draft" "$(count "$T/drafts")" 1
check_eq "one reminder" "$(count "$T/cal")" 1
check_eq "one row in the state" "$(ds list | wc -l)" 1

ds filter <"$msg" >/dev/null
ds draft "$msg" >"$T/out"
check_eq "a later filter and draft change nothing" \
    "$(count "$T/drafts") $(count "$T/cal")" "1 1"
check "draft says where the first went" \
    grep -q "^already drafted: $T/drafts/cur/" "$T/out"

# A run that died after writing the draft but before recording it.
mv "$XDG_STATE_HOME/doorstop" "$T/state.saved"
ds filter <"$msg" >/dev/null
check_eq "after a lost record, the draft found is kept, not doubled" \
    "$(count "$T/drafts") $(count "$T/cal") $(ds list | wc -l)" "1 1 1"

id=$(ds list | cut -c1-12)
ds forget "$id" >"$T/out"
check_eq "forget" "$(cat "$T/out")" \
    "$id: forgotten; the next run drafts it again"
check_eq "forgotten: off the list" "$(ds list | wc -l)" 0
ds filter <"$msg" >/dev/null
check_eq "and the next run drafts again (the reminder is replaced)" \
    "$(count "$T/drafts") $(count "$T/cal") $(ds list | wc -l)" "2 1 1"
ds forget nosuchid >"$T/out" 2>&1
check_eq "forget of an unknown ID: exit 65" "$?" 65
ds forget '<20261103142205.4f7a2c@mail.northwind.example.com>' >/dev/null
check_eq "forget by Message-ID" "$(ds list | wc -l)" 0

# list --json
ds filter <"$FIXTURES/rej-html-only.eml" >/dev/null
ds list --json >"$T/json"
check "list --json is JSON" python3 -c "import json,sys; json.load(open('$T/json'))"
check_eq "with the rejection's fields" "$(python3 -c "
import json; r = json.load(open('$T/json'))
print(len(r), r[0]['category'], r[0]['due'], r[0]['contact'], r[0]['important'])")" \
    "1 job 2027-02-02 Jordan Lee False"
check "list: ID, due date, category, who and subject" \
    sh -c "'$DOORSTOP' -c '$T/doorstop.conf' list | grep -Eq '^[0-9a-f]{12}  2027-02-02   job  +Jordan Lee at Acme Data & Insights: Update on your Data Analyst application\$'"

# mbox drafts: one entry for 16 deliveries.
check "mbox: 16 parallel filters pass the mail" \
    parallel "$T/mbox.conf" "$FIXTURES/rej-wrapped.eml"
check_eq "mbox: one draft" "$(grep -c '^From ' "$T/postponed")" 1
check "mbox: marked read" grep -q '^Status: RO$' "$T/postponed"
check "mbox: no lock left behind" test ! -e "$T/postponed.lock"
"$DOORSTOP" -c "$T/mbox.conf" draft --force "$FIXTURES/rej-crlf.eml" \
    >/dev/null
check_eq "mbox: a second rejection appends a second draft" \
    "$(grep -c '^From ' "$T/postponed")" 2
check "mbox: drafts are separated by a blank line" \
    sh -c "grep -B1 '^From ' '$T/postponed' | sed -n 3p | grep -q '^\$'"

# --dry-run writes nothing.
before="$(count "$T/drafts" "$T/cal") $(ds list | wc -l)"
ds -n filter <"$FIXTURES/rej-qp-latin1.eml" >"$T/out" 2>"$T/err"
check "-n filter: still passes the mail" \
    sh -c "'$DEHEAD' <'$T/out' | cmp -s '$FIXTURES/rej-qp-latin1.eml' -"
check "-n filter: says what it would do" grep -q "dry run: would draft" "$T/err"
ds draft --dry-run "$FIXTURES/rej-qp-latin1.eml" >"$T/out"
check "draft --dry-run prints the draft" grep -q "^Subject: Re: " "$T/out"
check "and the reminder" grep -q "^BEGIN:VTODO" "$T/out"
check_eq "and writes nothing" \
    "$(count "$T/drafts" "$T/cal") $(ds list | wc -l)" "$before"

# The off switches: pure pass-through.
new=$FIXTURES/rej-base64-alt.eml
DOORSTOP_DISABLE=1 ds filter <"$new" >"$T/out"
check "DOORSTOP_DISABLE=1: the mail untouched" cmp -s "$new" "$T/out"
printf '[doorstop]\nenabled = false\n' >>"$T/doorstop.conf"
ds filter <"$new" >"$T/out"
check "enabled = false: the mail untouched" cmp -s "$new" "$T/out"
ds draft "$new" >/dev/null 2>&1
check_eq "enabled = false: draft writes nothing, and exits 0" \
    "$? $(count "$T/drafts" "$T/cal") $(ds list | wc -l)" "0 $before"

# A draft that cannot be written: the mail passes, nothing is recorded,
# and the next run, with the folder writable, drafts.
sed 's/^enabled = false$/enabled = true/' "$T/doorstop.conf" >"$T/ok.conf"
sed "s|^drafts = .*|drafts = /dev/null/Drafts|" "$T/ok.conf" >"$T/bad.conf"
"$DOORSTOP" -c "$T/bad.conf" filter <"$new" >"$T/out" 2>"$T/err"
check "unwritable drafts: the mail still passes, exit 0" \
    sh -c "'$DEHEAD' <'$T/out' | cmp -s '$new' -"
check "and the failure is logged" grep -q "no reply drafted, the next run will try again" "$T/err"
"$DOORSTOP" -c "$T/ok.conf" filter <"$new" >/dev/null
check_eq "the next run drafts it" \
    "$(count "$T/drafts") $(ds list | wc -l)" "4 4"
done_testing
