#!/bin/sh
# Every category in every language with rules: a rejection and its nearest
# look-alike (tests/fixtures/lang/LANG/*.eml, our own writing).  Each gets
# the verdict, category and language of expect.tsv; each rejection's reply
# names the contact, organisation, role and reference id listed there and
# is drafted from that language's templates.
. "$TOP_SRCDIR/tests/lib.sh"
command -v perl >/dev/null || skip_all "perl is needed to decode drafts"

LANGDIR=$FIXTURES/lang
EXPECT=$LANGDIR/expect.tsv
TAB=$(printf '\t')
rows=$(grep -c . "$EXPECT")
rejections=$(awk -F '\t' '$2 == "rejection"' "$EXPECT" | wc -l)
plan $((rows + 2 * rejections + 2))

# Every fixture is listed, and every listed fixture exists.
ls "$LANGDIR"/*/*.eml | sed "s|^$LANGDIR/||" | sort >"$T/files"
cut -f1 "$EXPECT" | sort >"$T/listed"
check "expect.tsv lists exactly the fixtures" cmp -s "$T/files" "$T/listed"

# Every language with fixtures has both a rejection and a look-alike for
# each category it has one of; general-*.eml are look-alikes of no
# category.
awk -F '\t' '$1 !~ /\/general-/ { split($1, p, "/");
    sub(/-[a-z]+\.eml$/, "", p[2]);
    kind = ($2 == "rejection") ? "r" : "o"; seen[p[1] "/" p[2] "/" kind] = 1;
    pair[p[1] "/" p[2]] = 1 }
    END { for (k in pair) if (!seen[k "/r"] || !seen[k "/o"]) print k }' \
    "$EXPECT" >"$T/unpaired"
check_eq "each category has a rejection and a look-alike" \
    "$(cat "$T/unpaired")" ""

# The ICS property NAME of the reminder in file, unfolded and unescaped.
ics_prop() {
	sed -n '/^BEGIN:VCALENDAR/,$p' "$2" | tr -d '\r' |
	    awk '/^ / { line = line substr($0, 2); next }
		{ if (line != "") print line; line = $0 }
		END { print line }' |
	    sed -n "s/^$1\(;[^:]*\)\{0,1\}://p" | head -n 1 |
	    sed 's/\\n/|/g; s/\\\([,;\\]\)/\1/g'
}

# The attribution line of lang's drafts as an extended regex.
wrote_re() {
	sed -n 's/^:wrote //p' "$TOP_SRCDIR/rules/$1/common.reply" |
	    sed 's/[][\.*^$()+?|/]/\\&/g' |
	    sed 's/{{date}}/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/;
		s/{{name}}/.+/'
}

while IFS=$TAB read -r file verdict category lang name org role req; do
	line=$("$DOORSTOP" -q classify "$LANGDIR/$file")
	got="$(field 1 "$line") $(field 3 "$line") $(field 4 "$line")"
	check_eq "$file: $verdict $category $lang" "$got" \
	    "$verdict $category $lang"
	[ "$verdict" = rejection ] || continue

	"$DOORSTOP" -q draft -n "$LANGDIR/$file" >"$T/out" 2>&1
	want=
	[ "$name" != - ] && want=$name
	[ "$name" != - ] && [ "$org" != - ] && want="$want at $org"
	[ "$name" = - ] && [ "$org" != - ] && want=$org
	[ "$role" != - ] && want="$want — $role"
	summary=$(ics_prop SUMMARY "$T/out")
	summary=${summary#Follow up with }
	summary=${summary#Call }
	ref=$(ics_prop DESCRIPTION "$T/out" | grep -o 'Reference: [^|]*' |
	    sed 's/^Reference: //')
	check_eq "$file: the reply's contact, organisation, role and id" \
	    "$summary | ${ref:--}" "$want | $req"

	re=$(wrote_re "$lang")
	sed '/^BEGIN:VCALENDAR/,$d' "$T/out" |
	    perl -MMIME::QuotedPrint -0777 -ne 'print decode_qp($_)' >"$T/draft"
	check "$file: drafted from the $lang templates" \
	    grep -Eq "^${re:-no :wrote line}\$" "$T/draft"
done <"$EXPECT"
done_testing
