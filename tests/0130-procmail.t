#!/bin/sh
# contrib/procmailrc under the real procmail: rejections land byte-exact in
# ~/Maildir/.Rejections, other mail in the inbox, one draft and one reminder
# however often a rejection comes; the classify variant sorts alike, and if
# doorstop fails or is missing procmail delivers the original mail.
. "$TOP_SRCDIR/tests/lib.sh"
need procmail
plan 15

# procmail clears the environment and takes HOME, PATH and SHELL from the
# password file: give it the scratch HOME, a PATH that finds doorstop, a
# shell (the login shell may be nologin) and the rules on its command line.
# doorstop then reads ~/.config/doorstop/config.
mkdir -p "$T/bin" "$T/home/Maildir" "$T/home/.config/doorstop"
ln -s "$DOORSTOP" "$T/bin/doorstop"
rules=${DOORSTOP_RULES:-$TOP_SRCDIR/rules}
printf '[identity]\nname = Sam Taylor\naddress = sam@example.net\n' \
    >"$T/home/.config/doorstop/config"
cp "$TOP_SRCDIR/contrib/procmailrc" "$T/procmailrc"	# as it is
inbox=$T/home/Maildir/new
rejections=$T/home/Maildir/.Rejections/new
drafts=$T/home/Maildir/Drafts/cur
cal=$T/home/.local/share/doorstop/calendar

# deliver RCFILE MESSAGE [OPTION...]: hand MESSAGE to procmail as a mail
# server does; 0 if procmail delivered it and said nothing.
deliver() {
	_rc=$1 _msg=$2
	shift 2
	chmod 600 "$_rc"
	procmail "$@" -m HOME="$T/home" PATH="$T/bin:/usr/bin:/bin" \
	    SHELL=/bin/sh DOORSTOP_RULES="$rules" "$_rc" <"$_msg" 2>"$T/err" &&
	    ! grep -q . "$T/err"
}

# procmail ends a filtered message with an empty line (it does so after
# "| cat" too): what it delivers is the original, plus that newline.
filtered() { cat "$1" && echo; }

filtered "$FIXTURES/rej-plain.eml" >"$T/want"
check "a rejection goes through doorstop quietly" \
    deliver "$T/procmailrc" "$FIXTURES/rej-plain.eml" -f hr@example.com
check "into ~/Maildir/.Rejections, byte-exact, marked rejection" \
    marked "$rejections" "$T/want" rejection
check_eq "and not into the inbox" "$(count "$inbox")" 0

draft=$(only "$drafts")
check_eq "the draft answers Priya Raman's mail" "$(threading "$draft")" \
    "Subject: Re: Your application for Senior Embedded Engineer
To: Priya Raman <priya.raman@northwind.example.com>
In-Reply-To: <20261103142205.4f7a2c@mail.northwind.example.com>"
check_eq "one reminder" "$(reminders "$cal")" 1

deliver "$T/procmailrc" "$FIXTURES/rej-plain.eml" -f hr@example.com
check_eq "the same rejection again: delivered, no second draft or reminder" \
    "$? $(count "$rejections") $(count "$drafts") $(count "$cal")" "0 2 1 1"

bad=""
for m in ack everyday; do
	rm -rf "$inbox"
	filtered "$FIXTURES/$m.eml" >"$T/want"
	{ deliver "$T/procmailrc" "$FIXTURES/$m.eml" -f hr@example.com &&
	    marked "$inbox" "$T/want" other; } || bad="$bad $m"
done
check_eq "other mail: into the inbox, byte-exact, marked other" "$bad" ""
check_eq "and nowhere else" "$(count "$rejections") $(count "$drafts")" "2 1"

# A leading "From " line: the fixture's own (CR LF), or procmail's, which
# -f puts in its place.  Maildir files carry none.
tail -n +2 "$FIXTURES/rej-crlf.eml" | filtered - >"$T/want"
cr=$(printf '\r')
crlf_marked() {
	marked "$rejections" "$T/want" rejection &&
	    head -n 1 "$(only "$rejections")" | grep -q "$cr\$"
}
rm -rf "$rejections"
deliver "$T/procmailrc" "$FIXTURES/rej-crlf.eml"
check "CR LF after a From line: routed, byte-exact, a CR LF header" crlf_marked
rm -rf "$rejections"
deliver "$T/procmailrc" "$FIXTURES/rej-crlf.eml" -f hr@example.com
check "the same after procmail's own From line" crlf_marked

# The classify variant in place of the two recipes: it sorts, drafts nothing.
sed -e '/^:0fw$/,/^\$MAILDIR/d' -e '/^#:0/,/^#\$MAILDIR/s/^#//' \
    "$TOP_SRCDIR/contrib/procmailrc" >"$T/classifyrc"
rm -rf "$T/home/Maildir"
mkdir "$T/home/Maildir"
deliver "$T/classifyrc" "$FIXTURES/rej-plain.eml" -f hr@example.com
check "classify variant: the rejection in .Rejections, unchanged" \
    cmp -s "$(only "$rejections")" "$FIXTURES/rej-plain.eml"
# The newsletter quotes rejections in its body; its header says what it is.
bad=""
for m in ack newsletter; do
	rm -rf "$inbox"
	{ deliver "$T/classifyrc" "$FIXTURES/$m.eml" -f hr@example.com &&
	    cmp -s "$(only "$inbox")" "$FIXTURES/$m.eml"; } || bad="$bad $m"
done
check_eq "other mail in the inbox, unchanged" "$bad" ""
check_eq "and no draft" "$(count "$T/home/Maildir/Drafts")" 0

# A broken doorstop: procmail keeps the original ("Rescue of unfiltered
# data") and delivers it, unmarked, to the inbox.  broken COMMAND: deliver
# the rejection with DOORSTOP=COMMAND; 0 if the inbox holds it, intact.
broken() {
	sed "s|^DOORSTOP=doorstop\$|DOORSTOP=$1|" \
	    "$TOP_SRCDIR/contrib/procmailrc" >"$T/brokenrc"
	rm -rf "$inbox" "$rejections"
	deliver "$T/brokenrc" "$FIXTURES/rej-plain.eml" -f hr@example.com
	cmp -s "$(only "$inbox")" "$FIXTURES/rej-plain.eml" &&
	    [ "$(count "$rejections")" -eq 0 ] &&
	    grep -q "Rescue of unfiltered data succeeded" "$T/err"
}
check "doorstop fails: the mail is delivered intact" broken false
check "doorstop missing: the mail is delivered intact" \
    broken "$T/nonexistent/doorstop"
done_testing
