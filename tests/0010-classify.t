#!/bin/sh
# doorstop classify: verdict lines, inputs of every shape, exit status.
. "$TOP_SRCDIR/tests/lib.sh"
plan 14

# Every detection fixture gets the verdict its README gives it (the gate,
# category and injection fixtures are for the reply tests).
want=""
got=""
for f in "$FIXTURES"/*.eml; do
	name=$(basename "$f")
	case $name in
	gate-*|cat-*|inject.eml) continue ;;
	rej-*) w=rejection ;;
	*) w=other ;;
	esac
	want="$want $name=$w"
	got="$got $name=$("$DOORSTOP" classify "$f" | cut -f1)"
done
check_eq "each fixture gets its verdict" "$got" "$want"

line=$("$DOORSTOP" classify "$FIXTURES/rej-plain.eml")
check "a line has five tab-separated fields" \
    test "$(printf '%s\n' "$line" | awk -F '\t' '{ print NF }')" = 5
check_eq "rejection line: category, language, path" \
    "$(field 1 "$line") $(field 3 "$line") $(field 4 "$line") $(field 5 "$line")" \
    "rejection job en $FIXTURES/rej-plain.eml"
check "score has one decimal" \
    sh -c "printf '%s\n' '$(field 2 "$line")' | grep -Eq '^-?[0-9]+\.[0-9]$'"

line=$("$DOORSTOP" classify "$FIXTURES/ack.eml")
check_eq "other line: no category or language" \
    "$(field 1 "$line") $(field 3 "$line") $(field 4 "$line")" "other - -"

"$DOORSTOP" classify "$FIXTURES/rej-plain.eml" >/dev/null
check_eq "exit 0 when there is a rejection" "$?" 0
"$DOORSTOP" classify "$FIXTURES/ack.eml" "$FIXTURES/everyday.eml" >/dev/null
check_eq "exit 1 when there is none" "$?" 1
"$DOORSTOP" classify "$T/no-such-file" >/dev/null 2>"$T/err"
check_eq "exit 66 for a missing file" "$?" 66
check "the error names the file" grep -q "no-such-file" "$T/err"

check_eq "stdin is path -" \
    "$("$DOORSTOP" classify <"$FIXTURES/rej-wrapped.eml" | cut -f1,5)" \
    "$(printf 'rejection\t-')"

check_eq "an mbox gives FILE:N per message" \
    "$("$DOORSTOP" classify "$FIXTURES/three.mbox" | cut -f1,5 | sed "s|$FIXTURES/||" | tr '\t\n' ' ;')" \
    "other three.mbox:1;rejection three.mbox:2;other three.mbox:3;"

# A Maildir means new/ and cur/; a plain directory means every file in it.
mkdir -p "$T/md/new" "$T/md/cur" "$T/md/tmp" "$T/plain"
cp "$FIXTURES/rej-plain.eml" "$T/md/new/1.host"
cp "$FIXTURES/ack.eml" "$T/md/cur/2.host:2,S"
cp "$FIXTURES/ack.eml" "$T/md/tmp/3.host"
cp "$FIXTURES/rej-plain.eml" "$FIXTURES/offer.eml" "$T/plain/"
check_eq "a Maildir: new/ then cur/, not tmp/" \
    "$("$DOORSTOP" classify "$T/md" | cut -f1,5 | sed "s|$T/||" | tr '\t\n' ' ;')" \
    "rejection md/new/1.host;other md/cur/2.host:2,S;"
check_eq "a plain directory: every file" \
    "$("$DOORSTOP" classify "$T/plain" | cut -f1 | tr '\n' ' ')" \
    "other rejection "

# The sample inbox of the README's quick start.
check_eq "sample inbox: eight rejections, seven others" \
    "$("$DOORSTOP" classify "$TOP_SRCDIR/contrib/sample-inbox" | cut -f1 | sort | uniq -c | tr -s ' \n' ' ')" \
    " 7 other 8 rejection "
done_testing
