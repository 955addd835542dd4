#!/bin/sh
# doorstop report: the journal of a fixture state (tests/fixtures/report:
# state.sql, made a database by sqlite3, and a calendar of to-dos, some of
# them completed) in every format, against golden files; the JSON and the
# CSV parsed and compared; the SVG chart parsed as XML and drawn by headless
# Chromium; the weekly digest delivered once a week into a Maildir; the
# empty state; bad options.
#
# The golden files, tests/golden/report/*, were made by running the command
# of each check below once (TZ=UTC, --until 2026-11-22) and reading them
# through against the fixture; after a deliberate change, make them the same
# way and review the diff.  The fixture's facts, with --until 2026-11-22:
# 9 rejections (a tenth is later), one of them forgotten; thank-you notes
# for 6 (4 seen sent, 2 only left the drafts; one more was sent after the
# 22nd), 0, 0, 1, 2, 5 and 7 days after: median 1.5; follow-ups 3 done (two
# to-dos completed, one "wrote"), 3 due, 2 overdue (one's to-do was
# completed only after the 22nd); one came back.
. "$TOP_SRCDIR/tests/lib.sh"
need sqlite3
need python3
plan 37

TZ=UTC
export TZ
F=$FIXTURES/report
G=$TOP_SRCDIR/tests/golden/report
mkdir -p "$T/state"
sqlite3 "$T/state/state.db" <"$F/state.sql" || exit 1
# Sam's config, the reminders in the fixture's calendar.
sam_config
sed -i "s|^calendar = .*|calendar = $F/cal|" "$T/doorstop.conf"
ds() { "$DOORSTOP" -c "$T/doorstop.conf" "$@"; }
report() { ds report --until 2026-11-22 "$@"; }

# golden NAME ARGS...: report ARGS gives tests/golden/report/NAME exactly.
golden() {
	_name=$1
	shift
	report "$@" >"$T/$_name" 2>"$T/err" && ! grep -q . "$T/err" &&
	    cmp -s "$T/$_name" "$G/$_name" ||
	    { diff -u "$G/$_name" "$T/$_name" | sed 's/^/# /' | head -40; false; }
}

check "text" golden all.txt
check "markdown" golden all.md --format markdown
check "json" golden all.json --format json
check "csv" golden all.csv --format csv
check "--since narrows the period" golden since.txt --since 2026-09-01
check "--since as CSV" golden since.csv --since 2026-09-01 --format csv

# Every format is valid UTF-8, though a record in the state is not.
check "the invalid UTF-8 in the state is made valid everywhere" python3 -c "
import sys
for f in sys.argv[1:]:
    open(f, 'rb').read().decode('utf-8')
" "$T/all.txt" "$T/all.md" "$T/all.json" "$T/all.csv"
check "the JSON parses" python3 -m json.tool "$T/all.json" /dev/null

# csv_rows FILE: the number of data rows, checking every row has 14 fields.
csv_rows() {
	python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
assert rows[0][0] == 'id' and all(len(r) == 14 for r in rows), rows
print(len(rows) - 1)" "$1"
}
check_eq "the CSV parses, 14 fields in every row" "$(csv_rows "$T/all.csv")" 9
check_eq "JSON totals and rows agree with the CSV" "$(python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
print(r['totals']['rejections'], len(r['rejections']))" "$T/all.json")" "9 9"
check_eq "the org with | , \" and non-ASCII survives the CSV" "$(python3 -c "
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
print([r['org'] for r in rows if r['category'] == 'grant'][0])" "$T/all.csv")" \
    'Fund "A|B", Ltd — Zürich'
check "and the Markdown table escapes its |" \
    grep -q '^| Fund "A\\|B", Ltd — Zürich | 1 |$' "$T/all.md"
check_eq "JSON: thank-you notes and follow-ups" "$(python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
t, f = r['thank_yous'], r['follow_ups']
print(t['seen_sent'], t['only_left_drafts'], t['not_sent'], t['median_days'],
      t['longest_days'], f['done'], f['due'], f['overdue'],
      [c['org'] for c in r['came_back']])" "$T/all.json")" \
    "4 2 2 1.5 7 3 3 2 ['Globex']"

# "Today" is --until: on the 26th, the thank-you sent on the 25th counts.
check_eq "a later --until counts what happened until then" "$(ds report \
    --until 2026-11-26 --format json | python3 -c "
import json, sys
r = json.load(sys.stdin)
print(r['totals']['rejections'], r['thank_yous']['seen_sent'])")" "9 5"
# Months are local time: 2026-09-30 16:00 UTC is October in Tokyo.
check_eq "months are local time" "$(TZ=JST-9 report --format csv |
    grep -c ',2026-10-01,2026-10,cfp,')" 1

# The SVG chart.
report --chart "$T/chart.svg" >"$T/out"
check_eq "--chart says where it went" "$(cat "$T/out")" "chart: $T/chart.svg"
check "the chart is valid XML, with a title and a description" python3 -c "
import sys, xml.etree.ElementTree as ET
svg = ET.parse(sys.argv[1]).getroot()
ns = '{http://www.w3.org/2000/svg}'
assert svg.tag == ns + 'svg'
assert 'per month' in svg.find(ns + 'title').text
assert '2026-07: 2 rejections, 2 thank-you notes' in svg.find(ns + 'desc').text
assert len(svg.findall('.//' + ns + 'rect')) > 10
" "$T/chart.svg"

# drawn SVG PNG: Chromium draws SVG into the screenshot PNG.
drawn() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --hide-scrollbars --user-data-dir="$T/chromium" \
	    --screenshot="$2" --window-size=700,340 "file://$1" \
	    >"$T/chromium.log" 2>&1 && [ -s "$2" ]
}
# painted PNG: enough of the picture is not background, in more than two
# colours, the bars' red and blue and the text's near black among them.
painted() {
	python3 - "$1" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat = 8, b''
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6), (depth, ctype)
bpp = 3 if ctype == 2 else 4
raw, stride, prev, pixels = zlib.decompress(idat), w * bpp, None, []
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    prev = prev or bytearray(stride)
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    pixels += [tuple(line[i:i + 3]) for i in range(0, stride, bpp)]
    prev = line
near = lambda p, q: all(abs(x - y) <= 12 for x, y in zip(p, q))
ink = [p for p in pixels if p != (255, 255, 255)]
colours = set(pixels)
assert len(ink) > len(pixels) // 50, (len(ink), len(pixels))
assert len(colours) > 2, colours
assert any(near(p, (0xc0, 0x39, 0x2b)) for p in ink), 'no red bars'
assert any(near(p, (0x2e, 0x86, 0xc1)) for p in ink), 'no blue bars'
assert any(max(p) < 90 for p in ink), 'no text'
EOF
}
if command -v chromium >/dev/null 2>&1; then
	check "Chromium draws the chart: bars, text, more than two colours" \
	    eval 'drawn "$T/chart.svg" "$T/chart.png" && painted "$T/chart.png"'
elif [ "${CI:-}" = true ]; then
	not_ok "required in CI: chromium is not installed"
else
	ok "# SKIP chromium is not installed"
fi
ds report --chart "$T/chart.svg" --since 2026-11-23 --until 2026-11-30 >/dev/null
check "an empty period gives a valid chart that says so" python3 -c "
import sys, xml.etree.ElementTree as ET
svg = ET.parse(sys.argv[1]).getroot()
assert 'Nothing to show' in ET.tostring(svg, encoding='unicode')
" "$T/chart.svg"

# The weekly digest: the last 7 days up to --until, once an ISO week.
digest() { ds report --to-maildir "$T/Mail" "$@"; }
digest --until 2026-11-26 >"$T/out"
check_eq "one digest, in new/" "$(count "$T/Mail/new") $(count "$T/Mail/cur")" \
    "1 0"
check "it says where it went" grep -q "^digest for 2026-W48: $T/Mail/new/" \
    "$T/out"
check_eq "the digest parses, with the right headers" "$(python3 -c "
import email, email.policy, glob, sys
m = email.message_from_binary_file(open(glob.glob(sys.argv[1])[0], 'rb'),
    policy=email.policy.default)
for h in 'From', 'To', 'Subject', 'X-Doorstop-Digest', 'Auto-Submitted':
    print(h + ': ' + str(m[h]))
print(m['Date'] is not None, m['Message-ID'] is not None, m['MIME-Version'])
print(m.get_content_type(), m.get_content_charset(),
      m['Content-Transfer-Encoding'])
print(m.get_content().splitlines()[0])" "$T/Mail/new/*")" \
"From: Sam Taylor <sam@example.net>
To: Sam Taylor <sam@example.net>
Subject: doorstop: your week — 1 rejection, 1 thank-you note
X-Doorstop-Digest: doorstop-digest-2026-W48
Auto-Submitted: auto-generated
True True 1.0
text/plain utf-8 8bit
Rejections from 2026-11-20 to 2026-11-26: 1"
ds classify "$T/Mail" >/dev/null
check_eq "the digest is no rejection for doorstop itself" "$?" 1
digest --until 2026-11-29 >"$T/out"
check_eq "a second run in the same week adds nothing" "$(count "$T/Mail")" 1
check "and says the digest is there already" \
    grep -q "^digest for 2026-W48 already there: $T/Mail/new/" "$T/out"
digest --until 2026-11-30 >/dev/null
check_eq "the next week gets its own" "$(count "$T/Mail/new")" 2
ds -n report --to-maildir "$T/Dry" --until 2026-11-26 >"$T/out"
check "--dry-run writes no digest" eval '[ ! -e "$T/Dry" ] &&
    grep -q "^dry run: digest for 2026-W48 not written" "$T/out"'

# No state yet: an empty report, not an error, and no state made.
sed "s|^state = .*|state = $T/none/state.db|" "$T/doorstop.conf" \
    >"$T/empty.conf"
"$DOORSTOP" -c "$T/empty.conf" report --until 2026-11-22 >"$T/empty.txt" \
    2>"$T/err"
check_eq "no state: exit 0" "$?" 0
check "and an empty report" cmp -s "$T/empty.txt" "$G/empty.txt"
check "and no state made" test ! -e "$T/none"
check_eq "no state: JSON with no rejections" "$("$DOORSTOP" \
    -c "$T/empty.conf" report --format json | python3 -c "
import json, sys
r = json.load(sys.stdin)
print(r['totals']['rejections'], r['rejections'], r['by_month'])")" "0 [] []"

# A subject or organisation a spreadsheet would take for a formula comes
# out of the CSV as text, with a leading apostrophe.
mkdir -p "$T/formula"
sed -n '/^CREATE/p' "$F/state.sql" | sqlite3 "$T/formula/state.db"
sqlite3 "$T/formula/state.db" "PRAGMA user_version = 3;
    INSERT INTO handled (key, status, category, org, subject, date, handled,
    due) VALUES ('ab', 'done', 'job', '@SUM(1+1)',
    '=HYPERLINK(\"http://x.example\",\"y\")', 1790000000, 1790000000,
    '2027-01-01');"
sed "s|^state = .*|state = $T/formula/state.db|" "$T/doorstop.conf" \
    >"$T/formula.conf"
check_eq "CSV: formulas made text" "$("$DOORSTOP" -c "$T/formula.conf" \
    report --until 2026-11-22 --format csv | python3 -c "
import csv, sys
r = list(csv.DictReader(sys.stdin))[0]
print(r['org'], r['subject'])")" "'@SUM(1+1) '=HYPERLINK(\"http://x.example\",\"y\")"

# Bad options: exit 64 and a line that says what is wrong.
# bad WANT ARGS...: report ARGS exits 64 and says WANT.
bad() {
	_want=$1
	shift
	ds report "$@" >/dev/null 2>"$T/err"
	[ $? -eq 64 ] && grep -qF -e "$_want" "$T/err"
}
check "an unknown format" bad "--format html: no such format" --format html
check "a bad date" bad "--since 2026-02-30: not a date (YYYY-MM-DD)" \
    --since 2026-02-30
check "a chart not .svg" bad "--chart out.png: only SVG is written" \
    --chart out.png
check "--since after --until" bad "--since is after --until" \
    --since 2026-12-01 --until 2026-11-01
check "an argument" bad "usage: doorstop report" 2026-11-01

done_testing
