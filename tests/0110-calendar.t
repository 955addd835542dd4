#!/bin/sh
# The real todoman and khal read what doorstop writes: the VTODO in
# todoman's list, the all-day VEVENT in khal's, from a vdir of doorstop's; and
# what doorstop rewrites when they write again: the to-do done, the event kept.
. "$TOP_SRCDIR/tests/lib.sh"
need todoman
need khal
need python3
plan 10

# Both are Python programs: a known locale and time zone, and no caches
# outside the scratch directory.
LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC PYTHONDONTWRITEBYTECODE=1 COLUMNS=1000
XDG_CACHE_HOME=$T/cache
export LC_ALL LANG TZ PYTHONDONTWRITEBYTECODE COLUMNS XDG_CACHE_HOME
cat >"$T/doorstop.conf" <<EOF
[identity]
name = Sam Taylor
address = sam@example.net

[reply]
drafts = $T/drafts
important = cobalt.example.com

[reminder]
kind = both
calendar = $T/cal
EOF
cat >"$T/todoman.py" <<EOF
path = "$T/cal"
date_format = "%Y-%m-%d"
time_format = "%H:%M"
cache_path = "$T/todoman.sqlite3"
color = "never"
EOF
cat >"$T/khal.conf" <<EOF
[calendars]
[[doorstop]]
path = $T/cal

[sqlite]
path = $T/khal.db

[locale]
local_timezone = UTC
default_timezone = UTC
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
EOF

"$DOORSTOP" -c "$T/doorstop.conf" draft "$FIXTURES/rej-plain.eml" >/dev/null
"$DOORSTOP" -c "$T/doorstop.conf" draft --force --category partnership \
    "$FIXTURES/cat-partnership.eml" >/dev/null
check_eq "two rejections: two VTODOs and two VEVENTs" \
    "$(ls "$T/cal" | grep -c '\.ics$')" 4

todoman --config "$T/todoman.py" list </dev/null >"$T/todo" 2>"$T/err"
check_eq "todoman lists both, soonest first, without a complaint" \
    "$?:$(sed 's/ *$//; s/^\[ \] [0-9]* *//' "$T/todo"):$(cat "$T/err")" \
    "0:2027-02-01 Follow up with Priya Raman at Northwind Robotics — Senior Embedded Engineer
!!! 2027-02-03 Call Grace Obi at Cobalt:"
todoman --config "$T/todoman.py" --porcelain list </dev/null >"$T/json"
check_eq "todoman reads the priority and the description" "$(python3 -c "
import json
for t in json.load(open('$T/json')):
    print(t['priority'], t['description'].splitlines()[1][:10])")" \
    "0 Next step:
1 Next step:"

khal -c "$T/khal.conf" --no-color list --once -df '' \
    -f '{title}|{start}|{end}|{all-day}|{url}|{categories}' \
    2027-01-01 2027-03-31 </dev/null >"$T/events" 2>"$T/err"
check_eq "khal lists both all-day events, without a complaint" \
    "$?:$(cat "$T/events"):$(cat "$T/err")" \
    "0:Follow up with Priya Raman at Northwind Robotics — Senior Embedded Engineer|2027-02-01|2027-02-01|True|mid:20261103142205.4f7a2c@mail.northwind.example.com|doorstop,job
Call Grace Obi at Cobalt|2027-02-03|2027-02-03|True|mid:cat-partnership.7@fixtures.example|doorstop,partnership:"

# forget and draft again: the reminder is replaced in place (same UID), so
# both programs still see one item each, not two.
id=$("$DOORSTOP" -c "$T/doorstop.conf" list | sed -n '1s/ .*//p')
"$DOORSTOP" -c "$T/doorstop.conf" forget "$id" >/dev/null
"$DOORSTOP" -c "$T/doorstop.conf" draft "$FIXTURES/rej-plain.eml" >/dev/null
rm -f "$T/todoman.sqlite3" "$T/khal.db"
check_eq "after a redraft, todoman still sees two to-dos" \
    "$(todoman --config "$T/todoman.py" list </dev/null | grep -c .)" 2
check_eq "and khal two events" "$(khal -c "$T/khal.conf" --no-color list \
    --once -df '' -f '{title}' 2027-01-01 2027-03-31 </dev/null | grep -c .)" 2
check "no temporary files left in the vdir" \
    sh -c "! ls -a '$T/cal' | grep -q '^\\.'[^.]"

# Priya writes again: the to-do is done, the event keeps its day with a
# note; both programs read the rewritten files without a complaint.
cat >"$T/later.eml" <<EOF
From: Priya Raman <priya.raman@northwind.example.com>
To: Sam Taylor <sam@example.net>
Subject: Re: Your application for Senior Embedded Engineer
Date: Mon, 16 Nov 2026 10:00:00 +0000
Message-ID: <later.1@mail.northwind.example.com>
In-Reply-To: <20261103142205.4f7a2c@mail.northwind.example.com>

Could we talk about a new opening?
EOF
"$DOORSTOP" -c "$T/doorstop.conf" filter <"$T/later.eml" >/dev/null
rm -f "$T/todoman.sqlite3" "$T/khal.db"
todoman --config "$T/todoman.py" list </dev/null >"$T/todo" 2>"$T/err"
check_eq "todoman: the follow-up done, off the open list" \
    "$?:$(sed 's/ *$//; s/^\[ \] [0-9]* *//' "$T/todo"):$(cat "$T/err")" \
    "0:!!! 2027-02-03 Call Grace Obi at Cobalt:"
todoman --config "$T/todoman.py" --porcelain list --status COMPLETED \
    </dev/null >"$T/json"
check_eq "todoman: completed, with the note" "$(python3 -c "
import json
for t in json.load(open('$T/json')):
    print(t['summary'][:20], t['completed_at'] is not None,
        t['description'].splitlines()[-1])")" \
    "Follow up with Priya True They wrote again on 2026-11-16: \"Your application for Senior Embedded Engineer\"."
khal -c "$T/khal.conf" --no-color list --once -df '' -f '{title}|{categories}' \
    2027-01-01 2027-03-31 </dev/null >"$T/events" 2>"$T/err"
check_eq "khal: both events still there, categories whole" \
    "$?:$(cat "$T/events"):$(cat "$T/err")" \
    "0:Follow up with Priya Raman at Northwind Robotics — Senior Embedded Engineer|doorstop,job
Call Grace Obi at Cobalt|doorstop,partnership:"
done_testing
