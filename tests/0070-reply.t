#!/bin/sh
# The draft and the reminder for each category, compared with golden files
# (the Date header, DTSTAMP and the draft's file name are masked).  With
# DOORSTOP_UPDATE_GOLDEN=1 the golden files are rewritten instead.
. "$TOP_SRCDIR/tests/lib.sh"
GOLDEN=$TOP_SRCDIR/tests/golden
TZ=UTC
export TZ
plan 31

cat >"$T/doorstop.conf" <<EOF
[identity]
name = Sam Taylor
address = sam@example.net

[reply]
offer = I design and run mail systems that never lose a message, and I have led a small platform team.
signature = Sam Taylor\n+1 555 0100 · https://sam.example.net
drafts = $T/drafts
important = cobalt.example.com

[reminder]
kind = both
calendar = $T/cal
EOF

# unfold: iCalendar with CR LF dropped and folded lines joined.
unfold() {
	tr -d '\r' | awk 'NR > 1 && /^ / { line = line substr($0, 2); next }
	    NR > 1 { print line } { line = $0 } END { print line }'
}

# golden NAME FILE: compare FILE with tests/golden/NAME (or update it).
golden() {
	if [ -n "${DOORSTOP_UPDATE_GOLDEN:-}" ] && [ "${CI:-}" != true ]; then
		cp "$2" "$GOLDEN/$1"
		ok "$1 # updated"
	elif diff -u "$GOLDEN/$1" "$2" >"$T/diff"; then
		ok "$1 matches its golden file"
	else
		not_ok "$1 matches its golden file"
		sed 's/^/# /' "$T/diff"
	fi
}

for c in job sales bid grant cfp journal admissions investor agent partnership
do
	if [ $c = job ]; then
		set -- draft "$FIXTURES/rej-plain.eml"
	else
		set -- draft --force --category $c "$FIXTURES/cat-$c.eml"
	fi
	"$DOORSTOP" -c "$T/doorstop.conf" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	draft=$(sed -n 's/^draft: //p' "$T/out")
	todo=$(sed -n 's/^reminder: \(.*[0-9a-f]\.ics\) .*/\1/p' "$T/out")
	event=$(sed -n 's/^reminder: \(.*-event\.ics\) .*/\1/p' "$T/out")
	if [ $rc -ne 0 ] || [ ! -f "$draft" ] || [ ! -f "$todo" ] ||
	    [ ! -f "$event" ]; then
		not_ok "$c: draft and two reminders written (exit $rc)"
		sed 's/^/# /' "$T/out" "$T/err"
		continue
	fi
	sed 's/^Date: .*/Date: (masked)/' "$draft" >"$T/$c.draft"
	golden "$c.draft" "$T/$c.draft"
	for f in "$todo" "$event"; do
		unfold <"$f" | sed -e 's/^DTSTAMP:.*/DTSTAMP:(masked)/' \
		    -e 's|drafted: [^ ]*/cur/[^\\]*|drafted: (masked)|'
	done >"$T/$c.ics"
	golden "$c.ics" "$T/$c.ics"
	check "$c: the reminder files are CR LF iCalendar" \
	    grep -q "^BEGIN:VCALENDAR$(printf '\r')\$" "$todo" "$event"
done

# Every draft: no holes, no template syntax, all the threading headers,
# and none of the auto-reply markers.
bad=
for c in job sales bid grant cfp journal admissions investor agent partnership
do
	f=$T/$c.draft
	grep -q '{{\|}}' "$f" && bad="$bad $c:template"
	grep -qi '^\(Auto-Submitted\|Precedence\|X-Auto-Response-Suppress\):' \
	    "$f" && bad="$bad $c:auto-marker"
	for h in From To Subject In-Reply-To References X-Mutt-References \
	    Message-Id; do
		grep -q "^$h: " "$f" || bad="$bad $c:no-$h"
	done
done
check_eq "no holes, no auto-reply markers, all the threading headers" \
    "$bad" ""
done_testing
