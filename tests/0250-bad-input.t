#!/bin/sh
# Hostile input (tests/mkbad makes it): every message comes out of doorstop
# filter byte-exact plus one header with exit 0, under an address space cap
# and a timeout that catch runaway memory and time; a huge mbox is scanned.
. "$TOP_SRCDIR/tests/lib.sh"
MKBAD=$TESTS_BUILDDIR/mkbad

# The 200 MB message is made in $T next to filter's copy of it.
need timeout
_free=$(df -Pk "$T" | awk 'NR == 2 { print $4 }')
[ "${_free:-0}" -ge 716800 ] || skip_all "less than 700 MB free in $T"
plan 27

# AddressSanitizer maps terabytes of shadow memory and runs slower: under it
# the address space is not capped and the timeouts are ten times as long.
# Otherwise filter gets 256 MiB: it needs about 130 MiB at most (the first
# 32 MiB of a message, a copy to parse and the program), a 200 MB message
# held whole would need 500.
if grep -q __asan_init "$DOORSTOP" 2>/dev/null; then
	vmem=unlimited slow=10
else
	vmem=262144 slow=1
fi

# bounded 1x|2x SECONDS COMMAND...: run COMMAND with its address space
# capped at vmem KiB (twice that for 2x) and killed after SECONDS.
bounded() {
	_v=$vmem
	[ "$1" = 2x ] && [ "$vmem" != unlimited ] && _v=$((vmem * 2))
	_s=$(($2 * slow))
	shift 2
	(ulimit -v "$_v" && exec timeout "$_s" "$@")
}

# filter_ok: $T/in came out of filter in $T/out plus one header, exit 0,
# with no sanitizer report.
filter_ok() {
	bounded 1x 60 "$DOORSTOP" filter <"$T/in" >"$T/out" 2>"$T/err"
	_rc=$?
	if [ $_rc -ne 0 ] || grep -Eq \
	    'AddressSanitizer|runtime error|LeakSanitizer' "$T/err"; then
		echo "# exit $_rc"
		head -n 5 "$T/err" | sed 's/^/# /'
		return 1
	fi
	"$DEHEAD" <"$T/out" | cmp -s "$T/in" -
}

# bad DESCRIPTION NAME [N]: filter passes mkbad's NAME message.
bad() {
	_d=$1
	shift
	"$MKBAD" "$@" >"$T/in" || { not_ok "$_d (mkbad $*)"; return; }
	check "$_d" filter_ok
}

# verdict: the added header's first line.
verdict() { head -n 1 "$T/out"; }

"$MKBAD" empty >"$T/in"
bounded 1x 60 "$DOORSTOP" filter <"$T/in" >"$T/out" 2>/dev/null
check_eq "empty input: empty output, exit 0" "$?:$(wc -c <"$T/out")" "0:0"
bad "binary garbage" garbage 1000000
bad "NUL bytes in headers and body" nul
bad "invalid UTF-8 and lying charsets: headers, words, bodies, names" charset
bad "base64 and quoted-printable with garbage" base64
bad "no Message-ID, From or Date" noids
bad "duplicate and empty Message-ID, From, Date, Subject" dupids

bad "encoded-words hiding CR and LF" crlf
check "no header injected into the draft" sh -c \
    "! grep -Eq '^(Bcc|X-Injected):' '$HOME'/Maildir/Drafts/cur/* 2>/dev/null"
check "but a draft was made" sh -c \
    "grep -lq '^Subject: Re: Your application' '$HOME'/Maildir/Drafts/cur/*"

bad "a 2 MB header line" longline
want=$(verdict)
"$MKBAD" longline 10 >"$T/in"
"$DOORSTOP" filter <"$T/in" >"$T/out" 2>/dev/null
check_eq "the body after it is classified as without it" "$want" "$(verdict)"
bad "500,000 header fields" fields
bad "10,000 MIME parts" parts
bad "400,000 MIME parts in 16 MB" parts 400000
bad "a 29 MB Subject" subject
bad "1,000 nested multiparts" deep
bad "1,000 nested message/rfc822" rfc822
bad "HTML nested 100,000 deep" html

# A message past max_message: what follows its first bytes is copied, not
# classified.
printf '[rules]\nmax_message = 65536\n' >"$T/small.ini"
"$MKBAD" hugetail 1 >"$T/in"
"$DOORSTOP" filter <"$T/in" >"$T/out" 2>/dev/null
check "a rejection within max_message is seen" sh -c \
    "head -n 1 '$T/out' | grep -Eq 'score=[1-9]'"
"$DOORSTOP" -c "$T/small.ini" filter <"$T/in" >"$T/out" 2>/dev/null
check "past max_message it is not" sh -c \
    "head -n 1 '$T/out' | grep -q 'score=0.0'"
check "and the message comes out whole" sh -c \
    "'$DEHEAD' <'$T/out' | cmp -s '$T/in' -"

# 200 MB, made on the fly; then scanned from a Maildir.
"$MKBAD" huge 1 >"$T/in"
"$DOORSTOP" filter <"$T/in" >"$T/out" 2>/dev/null
want=$(verdict)
bad "a 200 MB message" huge 200
check_eq "classified by its first 32 MiB" "$(verdict)" "$want"
maildir "$T/md"
mv "$T/in" "$T/md/new/1.eml"
rm -f "$T/out"
bounded 2x 120 "$DOORSTOP" -v scan -j 1 --all "$T/md" >"$T/sout" 2>"$T/err"
check_eq "scan: the 200 MB message, bounded" \
    "$?:$(grep -c '^scanned 1 message in 1 folder: 1 rejection' "$T/sout")" \
    "0:1"
rm -rf "$T/md"

# A mailbox of 100,000 one-line messages: scanned whole, the state (the
# offset where the last message read ends) at its end.
"$MKBAD" mbox 100000 >"$T/mbox"
bounded 2x 300 "$DOORSTOP" -v scan -j 2 --all "$T/mbox" >"$T/sout" 2>"$T/err"
check_eq "scan: 100,000 messages, exit 0" "$?:$(cut -d, -f1,5 "$T/sout")" \
    "0:scanned 100000 messages in 1 folder: 0 rejections, 0 errors"
"$MKBAD" mbox 1 >>"$T/mbox"
bounded 2x 60 "$DOORSTOP" -v scan "$T/mbox" >"$T/sout" 2>"$T/err"
check "a rescan reads only what was added" \
    grep -q '^scanned 1 message in 1 folder' "$T/sout"
done_testing
