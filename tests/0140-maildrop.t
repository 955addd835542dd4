#!/bin/sh
# contrib/maildroprc under the real maildrop: rejections land byte-exact in
# ~/Maildir/.Rejections, other mail in the inbox, one draft and one reminder
# however often a rejection comes; if doorstop cannot run, or a folder is
# missing, maildrop exits 75 so that the mail server keeps the mail.
. "$TOP_SRCDIR/tests/lib.sh"
need maildrop
need maildirmake
plan 17

# maildrop resets HOME from the password file: doorstop gets -c and a config
# that names every path it writes.
cat >"$T/doorstop.conf" <<EOF
[doorstop]
state = $T/state.db

[identity]
name = Sam Taylor
address = sam@example.net

[reply]
drafts = $T/home/Maildir/Drafts

[reminder]
calendar = $T/cal
EOF
mkdir -p "$T/home"
maildirmake "$T/home/Maildir"
maildirmake "$T/home/Maildir/.Rejections"
inbox=$T/home/Maildir/new
rejections=$T/home/Maildir/.Rejections/new
drafts=$T/home/Maildir/Drafts/cur

# mailfilter COMMAND: contrib/maildroprc as ~/.mailfilter, with the scratch
# Maildir and DOORSTOP=COMMAND.  maildrop takes HOME, PATH and SHELL from
# the password file; the login shell may be nologin, so use sh.
mailfilter() {
	{
		echo 'SHELL="/bin/sh"'
		sed -e "s|\$HOME/Maildir|$T/home/Maildir|" \
		    -e "s|^DOORSTOP=\"doorstop\"\$|DOORSTOP=\"$1\"|" \
		    "$TOP_SRCDIR/contrib/maildroprc"
	} >"$T/mailfilter"
	chmod 600 "$T/mailfilter"
}

# deliver MESSAGE: hand MESSAGE to maildrop; its exit code.
deliver() { maildrop "$T/mailfilter" <"$1" 2>"$T/err"; }

mailfilter "$DOORSTOP -c $T/doorstop.conf"
deliver "$FIXTURES/rej-plain.eml"
check_eq "a rejection: maildrop exits 0, quietly" "$?:$(cat "$T/err")" "0:"
check "into ~/Maildir/.Rejections, byte-exact, marked rejection" \
    marked "$rejections" "$FIXTURES/rej-plain.eml" rejection
check_eq "and not into the inbox" "$(count "$inbox")" 0

draft=$(only "$drafts")
check_eq "the draft answers Priya Raman's mail" "$(threading "$draft")" \
    "Subject: Re: Your application for Senior Embedded Engineer
To: Priya Raman <priya.raman@northwind.example.com>
In-Reply-To: <20261103142205.4f7a2c@mail.northwind.example.com>"
check_eq "one reminder" "$(reminders "$T/cal")" 1

deliver "$FIXTURES/rej-plain.eml"
check_eq "the same rejection again: delivered, no second draft or reminder" \
    "$? $(count "$rejections") $(count "$drafts") $(count "$T/cal")" "0 2 1 1"

bad=""
for m in ack everyday; do
	rm -f "$inbox"/*
	{ deliver "$FIXTURES/$m.eml" &&
	    marked "$inbox" "$FIXTURES/$m.eml" other; } || bad="$bad $m"
done
check_eq "other mail: into the inbox, byte-exact, marked other" "$bad" ""
check_eq "and nowhere else" "$(count "$rejections") $(count "$drafts")" "2 1"

# maildrop keeps a leading "From " line and CR LF line ends in the Maildir
# file; doorstop's header goes after the From line, with a CR LF.
cr=$(printf '\r')
crlf_marked() {
	_f=$(only "$rejections") &&
	    "$DEHEAD" <"$_f" | cmp -s - "$FIXTURES/rej-crlf.eml" &&
	    sed -n 2p "$_f" | grep -q "^X-Doorstop: rejection .*$cr\$"
}
rm -f "$rejections"/*
deliver "$FIXTURES/rej-crlf.eml"
check "CR LF after a From line: routed, byte-exact, a CR LF header" crlf_marked

# failing COMMAND: deliver a rejection with DOORSTOP=COMMAND; 0 if maildrop
# exits 75 (EX_TEMPFAIL) and delivers nothing, not even an empty mail.
failing() {
	mailfilter "$1"
	rm -f "$inbox"/* "$rejections"/*
	deliver "$FIXTURES/rej-wrapped.eml"
	[ $? -eq 75 ] && [ "$(count "$inbox" "$rejections")" -eq 0 ]
}
check "doorstop fails: exit 75, nothing delivered" failing false
check "doorstop missing: exit 75, nothing delivered" \
    failing "$T/nonexistent/doorstop"

# A folder that does not exist: maildrop makes no mbox file in its place but
# exits 75.  doorstop has drafted by then; the retry drafts no second time.
mailfilter "$DOORSTOP -c $T/doorstop.conf"
mv "$T/home/Maildir/.Rejections" "$T/Rejections.away"
n=$(($(count "$drafts" "$T/cal") + 2))
deliver "$FIXTURES/rej-wrapped.eml"
check_eq "no Rejections folder: exit 75, nothing delivered" \
    "$? $(count "$inbox")" "75 0"
check "and no mbox file in its place" test ! -e "$T/home/Maildir/.Rejections"
check_eq "doorstop drafted all the same" "$(count "$drafts" "$T/cal")" "$n"
mv "$T/Rejections.away" "$T/home/Maildir/.Rejections"
deliver "$FIXTURES/rej-wrapped.eml"
check_eq "the retry is delivered" "$?" 0
check "byte-exact, marked rejection" \
    marked "$rejections" "$FIXTURES/rej-wrapped.eml" rejection
check_eq "and makes no second draft or reminder" \
    "$(count "$drafts" "$T/cal")" "$n"
done_testing
