#!/bin/sh
# doorstop lint: rules, examples and config, every problem with file:line.
. "$TOP_SRCDIR/tests/lib.sh"
plan 17

"$DOORSTOP" lint >"$T/out" 2>&1
check_eq "the shipped rules pass" "$?" 0
n=$(ls "$TOP_SRCDIR"/rules/*/*.reply | wc -l)
check "and say how much was checked" \
    grep -Eq "ok; [0-9]+ rules, [0-9]+ examples, $n reply templates checked" "$T/out"

bad=$TOP_SRCDIR/tests/rules/bad
"$DOORSTOP" --rules "$bad" lint >"$T/out" 2>&1
check_eq "broken rules: exit 65" "$?" 65
check "unbalanced parenthesis, with PCRE2's message" \
    grep -q "^doorstop: $bad/syntax.rules:3: UNBALANCED: missing closing parenthesis at offset" "$T/out"
check "not a regex" grep -q "syntax.rules:4: NOFLAGS: expected /regex/flags" "$T/out"
check "attribute of no rule" grep -q "syntax.rules:5: MISSING_RULE: no such rule" "$T/out"
check "unknown category" grep -q "syntax.rules:6: GOOD: unknown category 'pets'" "$T/out"
check "meta cycle" grep -q "en/meta.rules:[23]: LOOP_[AB]: meta refers to itself" "$T/out"
check "meta naming no rule" \
    grep -q "en/meta.rules:4: UNKNOWN: unknown rule 'NOT_DEFINED' in meta" "$T/out"

ex=$TOP_SRCDIR/tests/rules/examples
"$DOORSTOP" --rules "$ex" lint >"$T/out" 2>&1
check_eq "failing examples: exit 65, one line each" \
    "$?:$(grep -c '^doorstop: ' "$T/out")" "65:2"

# Reply templates: each must parse, be named after a category, and
# every category needs an English one.
cp -R "$TOP_SRCDIR/rules" "$T/rules"
chmod -R u+w "$T/rules"
printf 'Dear {{first_name|there}},\n\nThanks, {{nmae}}.\n' \
    >"$T/rules/en/job.reply"
printf 'Hello {{#org}}team\n' >"$T/rules/en/pets.reply"
rm "$T/rules/en/agent.reply"
printf ':wrote {{name}} wrote:\nDear all,\n' >"$T/rules/en/common.reply"
"$DOORSTOP" --rules "$T/rules" lint >"$T/out" 2>&1
check_eq "broken templates: exit 65" "$?" 65
check "an unknown name, with file and line" grep -qx \
    "doorstop: $T/rules/en/job.reply:3: unknown name: {{nmae}}" "$T/out"
check "a template for no category" grep -qx \
    "doorstop: $T/rules/en/pets.reply: no such category 'pets'" "$T/out"
check "a category without an English template" grep -qx \
    "doorstop: $T/rules/en/agent.reply: missing: no reply for agent" "$T/out"
check "common.reply with a body" grep -qx \
    "doorstop: $T/rules/en/common.reply: text outside the :wrote and :noto lines" "$T/out"

printf '[rules]\nthreshold = 4\nfrobnicate = yes\n' >"$T/conf.ini"
"$DOORSTOP" -c "$T/conf.ini" lint >"$T/out" 2>&1
check_eq "unknown config key: exit 78 with file:line" "$?:$(cat "$T/out")" \
    "78:doorstop: $T/conf.ini:3: unknown key 'frobnicate' in [rules]"
printf '[rules]\nthreshold = high\n' >"$T/conf.ini"
"$DOORSTOP" -c "$T/conf.ini" lint >"$T/out" 2>&1
check_eq "bad config value: exit 78" "$?:$(cat "$T/out")" \
    "78:doorstop: $T/conf.ini:2: bad value 'high' for threshold"
done_testing
