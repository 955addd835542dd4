#!/bin/sh
# doorstop explain: what a person needs to see why.
. "$TOP_SRCDIR/tests/lib.sh"
plan 11

"$DOORSTOP" explain "$FIXTURES/rej-plain.eml" >"$T/out"
check_eq "exit 0" "$?" 0
check "shows the verdict" grep -qx "Verdict: rejection" "$T/out"
check "shows the total against the threshold" \
    grep -Eq "^Total: [0-9.]+ \(threshold 5\.0\)$" "$T/out"
check "shows each rule with score, file and line" \
    grep -Eq '^ +\+[0-9.]+ +[A-Z_0-9]+ +.*\.rules:[0-9]+ \[body\]$' "$T/out"
check "shows the matched text" grep -Eq '^ +matched: ".+"$' "$T/out"
check "shows category and language" \
    sh -c "grep -qx 'Category: job' '$T/out' && grep -qx 'Language: en' '$T/out'"

"$DOORSTOP" explain <"$FIXTURES/friend-quotes-rejection.eml" >"$T/out"
check "quoted text is set apart" grep -Eq '^Quoted text \([1-9][0-9]* bytes\):$' "$T/out"
check "and does not make a rejection" grep -qx "Verdict: other" "$T/out"

"$DOORSTOP" explain "$FIXTURES/rej-html-only.eml" >"$T/out"
check "HTML is rendered" grep -q "^Text from an HTML part" "$T/out"
check "script text is dropped" sh -c "! grep -q 'interview invitation offer' '$T/out'"

"$DOORSTOP" explain "$FIXTURES/ooo.eml" >"$T/out"
check "guards are listed" sh -c "sed -n '/^Guards hit:/,/^\$/p' '$T/out' | grep -Eq '^ +-[0-9.]+ '"
done_testing
