#!/bin/sh
# Header injection: CR LF hidden in encoded-words of a name and a subject,
# and a broken References entry, cannot add a header to the draft.
. "$TOP_SRCDIR/tests/lib.sh"
plan 7

cat >"$T/doorstop.conf" <<EOF
[identity]
name = Sam Taylor
address = sam@example.net

[reply]
drafts = $T/drafts
EOF
"$DOORSTOP" -c "$T/doorstop.conf" draft "$FIXTURES/inject.eml" >"$T/out"
check_eq "the hostile message is still drafted" "$?" 0
draft=$(sed -n 's/^draft: //p' "$T/out")
sed '/^$/q' "$draft" >"$T/headers"

names=$(grep -v '^[ 	]' "$T/headers" | sed -n 's/^\([^:]*\):.*/\1/p' |
    sort | tr '\n' ' ')
check_eq "exactly the headers doorstop writes" "$names" \
    "Content-Type Date From In-Reply-To MIME-Version Message-Id References Subject To X-Doorstop-Draft X-Mutt-References "
check "no line of the header starts a Bcc or X-Injected header" \
    sh -c "! grep -qi '^[ 	]*\(Bcc\|X-Injected\):' '$T/headers'"
check_eq "one recipient, the real one" \
    "$(grep -c 'dana.whit@larkspur.example.com' "$T/headers")" 1
check "the spy's address is only text inside To's display name" \
    sh -c "grep '^To:' '$T/headers' | grep -q '\"Dana Whit  Bcc: spy@evil.example\" <dana.whit@larkspur.example.com>'"
check "the subject stays one header" \
    grep -q '^Subject: Re: Your application  Bcc: spy@evil.example  X-Injected: yes$' "$T/headers"
check_eq "References drops the broken ID and ends with the original's" \
    "$(sed -n 's/^References: //p' "$T/headers")" \
    "<a@b.example> <inject.1@larkspur.example.com>"
done_testing
