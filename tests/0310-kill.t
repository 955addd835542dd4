#!/bin/sh
# kill -9 at random moments: a few hundred filters and scans of several
# rejections, each killed 0 to 15 ms (scan: 0 to 40 ms) after it started.
# Then no draft or reminder is seen in part, the state database is whole,
# and one run left alone answers every rejection exactly once.
. "$TOP_SRCDIR/tests/lib.sh"
need sqlite3
need timeout
plan 13

PY=
for p in python3 /usr/bin/python3; do
	"$p" -c 'import icalendar' 2>/dev/null && { PY=$p; break; }
done
[ -n "$PY" ] || skip_all "python3 with icalendar (python3-icalendar) is not installed"

sam_config
ds() { timeout 60 "$DOORSTOP" -c "$T/doorstop.conf" "$@"; }
now=$(date -R)
seed=${KILL_SEED:-$$}
echo "# seed $seed (KILL_SEED=$seed reproduces the delays)"

# The rejections, with Message-IDs of their own and dated now.
n=0
mkdir -p "$T/msgs"
for f in rej-plain rej-wrapped rej-html-only rej-qp-latin1 rej-base64-alt \
    rej-crlf rej-quoted-app cat-grant; do
	n=$((n + 1))
	sed -e "s/^Message-ID: .*/Message-ID: <kill$n@kill.example>/" \
	    -e "s/^Date: .*/Date: $now/" "$FIXTURES/$f.eml" >"$T/msgs/$n.eml"
done
check_eq "eight rejections" "$(ds classify "$T"/msgs/*.eml |
    grep -c '^rejection')" 8

# delays N MAX: N random whole numbers of milliseconds from 0 to MAX.
delays() {
	awk -v n="$1" -v max="$2" -v seed="$seed" \
	    'BEGIN { srand(seed); for (i = 0; i < n; i++)
	    printf "%d.%03d\n", 0, int(rand() * (max + 1)) }'
}
# killed DELAY INPUT COMMAND...: start COMMAND reading INPUT, kill -9 it
# after DELAY seconds.
killed() {
	_d=$1 _in=$2
	shift 2
	"$@" <"$_in" >/dev/null 2>&1 &
	_pid=$!
	sleep "$_d"
	kill -9 "$_pid" 2>/dev/null
	wait "$_pid" 2>/dev/null
	[ $? -ne 137 ] || kills=$((kills + 1))
}
kills=0
drafts() { find "$T/Drafts/cur" "$T/Drafts/new" -type f 2>/dev/null | wc -l; }
# sound: every draft whole, no stray file where a reader looks, every
# reminder parses, and the database passes its integrity check.
sound() {
	bad=
	for d in "$T"/Drafts/cur/* "$T"/Drafts/new/*; do
		[ -f "$d" ] || continue
		grep -q '^Subject: Re: ' "$d" && grep -q '^X-Doorstop-Draft: ' "$d" &&
		    tail -n 1 "$d" | grep -q '^>' || bad="$bad $d"
	done
	check_eq "$1: every draft whole" "$bad" ""
	check_eq "$1: nothing in the calendar but reminders, each parsing" \
	    "$(ls "$T/cal" 2>/dev/null | grep -v '^[0-9a-f]\{32\}\.ics$')$(
	    "$PY" - "$T"/cal/*.ics 2>&1 <<'EOF'
import sys, icalendar
for path in [p for p in sys.argv[1:] if not p.endswith('/*.ics')]:
    try:
        cal = icalendar.Calendar.from_ical(open(path, 'rb').read())
        todo = [c for c in cal.walk('VTODO')]
        if len(todo) != 1 or 'DUE' not in todo[0] or 'UID' not in todo[0]:
            print('incomplete:', path)
    except Exception as e:
        print(path, e)
EOF
)" ""
	check_eq "$1: sqlite3 integrity_check" \
	    "$(sqlite3 "$T/state/state.db" 'PRAGMA integrity_check' 2>&1)" ok
}

# filter, killed 300 times, on the eight in turn.
i=0
for d in $(delays 300 15); do
	i=$((i + 1))
	killed "$d" "$T/msgs/$((i % 8 + 1)).eml" \
	    "$DOORSTOP" -c "$T/doorstop.conf" filter
done
echo "# $kills killed before the end: $(drafts) drafts, $(ls "$T/cal" 2>/dev/null | wc -l) reminders, $(ds list | wc -l) recorded" 2>/dev/null
sound "filter killed"
ok=0
for m in "$T"/msgs/*.eml; do
	ds filter <"$m" >"$T/out" 2>"$T/err" &&
	    "$DEHEAD" <"$T/out" | cmp -s "$m" - && ok=$((ok + 1))
done
check_eq "filter left alone: every mail passes byte for byte" "$ok" 8
check_eq "and every rejection has one draft, one reminder, one record" \
    "$(drafts) $(ls "$T/cal" | wc -l) $(ds list | wc -l)" "8 8 8"

# Drafts to an mbox: 100 filters killed; no dot-lock left by a killed run
# holds up the next (it waited 30 seconds, and failed, for 5 minutes).
sed "s|^drafts = .*|drafts = $T/postponed\ndrafts_format = mbox|" \
    "$T/doorstop.conf" >"$T/mbox.conf"
rm -rf "$T/state" "$T/cal"
kills=0
i=0
for d in $(delays 100 15); do
	i=$((i + 1))
	killed "$d" "$T/msgs/$((i % 8 + 1)).eml" \
	    "$DOORSTOP" -c "$T/mbox.conf" filter
done
echo "# $kills killed before the end; left:" $(cd "$T" && ls -d postponed* 2>/dev/null)
: >"$T/postponed.lock.123"	# half a lock, of a doorstop killed taking it
for m in "$T"/msgs/*.eml; do
	timeout 60 "$DOORSTOP" -c "$T/mbox.conf" filter <"$m" >/dev/null 2>&1
done
check_eq "mbox drafts left alone: one each, whole" \
    "$(grep -c '^From ' "$T/postponed") $(grep '^Message-I[dD]: ' \
    "$T/postponed" | sort -u | wc -l) $(grep -c '^Status: RO' \
    "$T/postponed") $(ls "$T/cal" | wc -l) $(
    timeout 60 "$DOORSTOP" -c "$T/mbox.conf" list | wc -l)" "8 8 8 8 8"
# A dot-lock of a doorstop gone (this shell's child, which has exited).
sh -c 'echo "$$ $(hostname)"' >"$T/postponed.lock"
sed -e "s/^Message-ID: .*/Message-ID: <kill9@kill.example>/" \
    -e "s/^Date: .*/Date: $now/" "$FIXTURES/cat-sales.eml" >"$T/9.eml"
timeout 20 "$DOORSTOP" -c "$T/mbox.conf" filter <"$T/9.eml" >/dev/null \
    2>"$T/err"
check_eq "a dot-lock left by a doorstop gone is broken at once" \
    "$? $(grep -c '^From ' "$T/postponed") $(cat "$T/err")$(
    cd "$T" && ls -d postponed*)" "0 9 postponed"

# scan of a Maildir and an mbox holding the eight (and other mail), killed
# 100 times; the mbox's copies have Message-IDs of their own.
rm -rf "$T/Drafts" "$T/cal" "$T/state"
maildir "$T/inbox"
for m in "$T"/msgs/*.eml; do
	b=$(basename "$m" .eml)
	cp "$m" "$T/inbox/new/17950000$b.P$b.host"
	echo "From hr@example.com Sat Nov 21 10:00:00 2026"
	sed -e 's/^Message-ID: <kill/Message-ID: <mbox/' -e 's/^>*From />&/' "$m"
	echo
done >"$T/inbox.mbox"
for f in ack interview offer newsletter; do
	sed "s/^Date: .*/Date: $now/" "$FIXTURES/$f.eml" >"$T/inbox/new/$f"
done
kills=0
for d in $(delays 100 40); do
	killed "$d" /dev/null "$DOORSTOP" -c "$T/doorstop.conf" scan -j 2 \
	    "$T/inbox" "$T/inbox.mbox"
done
echo "# $kills killed before the end: $(drafts) drafts, $(ls "$T/cal" 2>/dev/null | wc -l) reminders, $(ds list | wc -l) recorded" 2>/dev/null
sound "scan killed"
ds scan "$T/inbox" "$T/inbox.mbox" >/dev/null 2>"$T/err"
check_eq "scan left alone: exit 0, quietly" "$? $(cat "$T/err")" "0 "
check_eq "and every rejection has one draft, one reminder, one record" \
    "$(drafts) $(ls "$T/cal" | wc -l) $(ds list | wc -l)" "16 16 16"
done_testing
