#!/bin/sh
# doorstop filter: byte-exact plus one header, and fail-open.
. "$TOP_SRCDIR/tests/lib.sh"
plan 14

# filter_exact FILE: the output is FILE plus one X-Doorstop header.
filter_exact() {
	"$DOORSTOP" filter <"$1" >"$T/out" 2>"$T/err" || return 1
	"$DEHEAD" <"$T/out" >"$T/rest" && cmp -s "$1" "$T/rest"
}

bad=""
for f in "$FIXTURES"/*.eml "$FIXTURES"/three.mbox; do
	filter_exact "$f" || bad="$bad $(basename "$f")"
done
check_eq "every fixture comes out byte-exact plus one header" "$bad" ""

"$DOORSTOP" filter <"$FIXTURES/rej-plain.eml" >"$T/out"
check "a rejection is marked" \
    grep -Eq '^X-Doorstop: rejection score=[0-9.]+ category=job lang=en$' "$T/out"
check "the header names the rules" sh -c \
    "awk 'NR == 1 || /^\t/ { print; next } { exit }' '$T/out' | grep -q 'rules=[A-Z]'"
check "folded lines fit in 78 columns" sh -c \
    "awk 'NR == 1 || /^\t/ { print; next } { exit }' '$T/out' | awk 'length > 78 { exit 1 }'"
"$DOORSTOP" filter <"$FIXTURES/ack.eml" >"$T/out"
check "other mail is marked other" grep -Eq '^X-Doorstop: other score=' "$T/out"

"$DOORSTOP" filter <"$FIXTURES/rej-crlf.eml" >"$T/out"
cr=$(printf '\r')
check_eq "after a From line, with CR LF line ends" \
    "$(sed -n 2p "$T/out" | grep -c "^X-Doorstop: .*$cr\$")" 1

# Whatever goes wrong inside, the mail passes unchanged and filter exits 0.
f=$FIXTURES/rej-plain.eml
"$DOORSTOP" --rules "$TOP_SRCDIR/tests/rules/bad" filter <"$f" >"$T/out" 2>"$T/err"
check_eq "broken rules: exit 0" "$?" 0
check "broken rules: the original, unchanged" cmp -s "$f" "$T/out"
check "broken rules: the reason on stderr" \
    grep -q "passing the message through unchanged: .*syntax.rules:3:" "$T/err"
printf '[rules\n' >"$T/conf.ini"
"$DOORSTOP" -c "$T/conf.ini" filter <"$f" >"$T/out" 2>"$T/err"
check "broken config: exit 0, the original" \
    sh -c "test $? = 0 && cmp -s '$f' '$T/out' && test -s '$T/err'"
DOORSTOP_DISABLE=1 "$DOORSTOP" filter <"$f" >"$T/out"
check "DOORSTOP_DISABLE=1 passes mail through untouched" cmp -s "$f" "$T/out"
printf '[doorstop]\nenabled = false\n' >"$T/conf.ini"
"$DOORSTOP" -c "$T/conf.ini" filter <"$f" >"$T/out"
check "enabled = false passes mail through untouched" cmp -s "$f" "$T/out"

: >"$T/empty"
"$DOORSTOP" filter <"$T/empty" >"$T/out" 2>/dev/null
check_eq "empty input: empty output, exit 0" "$?:$(wc -c <"$T/out")" "0:0"
# It starts with a letter: garbage starting with a tab would read as the
# added header's continuation, to dehead as to any mail reader.
{ printf 'x'; head -c 20000 /dev/urandom 2>/dev/null ||
    dd if=/dev/urandom bs=1000 count=20 2>/dev/null; } >"$T/garbage"
"$DOORSTOP" filter <"$T/garbage" >"$T/out" 2>/dev/null
check "binary garbage: exit 0, passes through" \
    sh -c "test $? = 0 && { cmp -s '$T/garbage' '$T/out' || '$DEHEAD' <'$T/out' | cmp -s '$T/garbage' -; }"
done_testing
