#!/bin/sh
# doorstop eval: precision and recall per group, misclassified files, rule
# hit rates, on a small labelled set of our fixtures.
. "$TOP_SRCDIR/tests/lib.sh"
plan 10

mkdir "$T/set"
cp "$FIXTURES/rej-plain.eml" "$FIXTURES/rej-wrapped.eml" "$FIXTURES/ack.eml" \
    "$FIXTURES/offer.eml" "$T/set/"
tab=$(printf '\t')
# ack.eml is labelled a rejection on purpose: one miss to report; and
# rej-wrapped.eml a cfp rejection, to be reported found as job.
cat >"$T/set/labels.tsv" <<EOT
file${tab}label${tab}category${tab}lang${tab}kind${tab}source
rej-plain.eml${tab}rejection${tab}job${tab}en${tab}real${tab}one
rej-wrapped.eml${tab}rejection${tab}cfp${tab}en${tab}real${tab}two
ack.eml${tab}rejection${tab}job${tab}en${tab}template${tab}two
offer.eml${tab}other${tab}-${tab}en${tab}template${tab}one
$FIXTURES/everyday.eml${tab}other${tab}-${tab}en${tab}ham${tab}one
EOT

"$DOORSTOP" eval "$T/set/labels.tsv" >"$T/out" 2>"$T/err"
check_eq "exit 0" "$?" 0
check_eq "the totals" "$(head -1 "$T/out")" \
    "5 messages: 3 rejections, 2 other; threshold 5.0"
row() { awk -v k="$1" '$1 == k { $1 = ""; print substr($0, 2) }' "$T/out"; }
check_eq "overall: n rej TP FP FN precision recall F1" "$(row overall)" \
    "5 3 2 0 1 1.000 0.667 0.800"
check_eq "per kind" "$(row kind=real) / $(row kind=template)" \
    "2 2 2 0 0 1.000 1.000 1.000 / 2 1 0 0 1 - 0.000 -"
check_eq "per source and language" "$(row source=two | cut -d' ' -f1-5) / $(row lang=en | cut -d' ' -f1-2)" \
    "2 2 1 0 1 / 5 3"
check "the miss is listed with its score and kind" \
    grep -Eq '^  missed +-?[0-9]+\.[0-9]  ack\.eml  \[template\]$' "$T/out"
check_eq "the rejection found with another category" \
    "$(sed -n '/^Detected with the wrong category or language (1):$/{n;p;}' "$T/out" |
    sed 's/^ *[0-9.]*  //')" \
    "rej-wrapped.eml  [real]  got job/en, labelled cfp/en"
check "rule hit rates have a header" grep -Eq '^ +REJ% +OTHER% +S/O +SCORE  NAME$' "$T/out"
check "a rule that hit two of three rejections" \
    grep -Eq '^ *66\.667 +0\.000 +1\.000 +[0-9.]+  JOB_' "$T/out"

echo "missing.eml${tab}other" >>"$T/set/labels.tsv"
"$DOORSTOP" eval "$T/set/labels.tsv" >"$T/out" 2>"$T/err"
check_eq "a missing file: exit 66, said, figures without it" \
    "$?:$(tail -1 "$T/err"):$(head -1 "$T/out")" \
    "66:doorstop: $T/set/labels.tsv: 1 listed files could not be read:5 messages: 3 rejections, 2 other; threshold 5.0"
done_testing
