#!/bin/sh
# Dovecot's Sieve runs doorstop: dovecot-lda with contrib/dovecot-sieve.conf
# and contrib/doorstop.sieve files a rejection, marked and intact, in
# Rejections and drafts a reply once; other mail stays in INBOX; sieve-test
# runs the same; a broken or slow doorstop never loses or changes the mail.
. "$TOP_SRCDIR/tests/lib.sh"
PATH=$PATH:/usr/lib/dovecot
export PATH
need dovecot-lda
need sieve-test
plan 31
cr=$(printf '\r')
prog=$DOORSTOP
rules=$TOP_SRCDIR/rules

# dovecot-lda never delivers as root ("Mail access not allowed for root"),
# so as root the mail goes to nobody, as an MTA delivers to a user.  Dovecot
# passes the filter no XDG_* variables: doorstop's files are under HOME.
if [ "$(id -u)" -eq 0 ]; then
	need setpriv
	id nobody >/dev/null 2>&1 || skip_all "no user nobody"
	user=nobody
	as_user() {
		setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" \
		    --clear-groups "$@"
	}
	# A build tree nobody cannot reach: the same binary, copied.
	if ! as_user test -x "$prog" || ! as_user test -r "$rules/en"; then
		cp "$prog" "$T/doorstop" && cp -R "$rules" "$T/rules" || exit 1
		prog=$T/doorstop rules=$T/rules
	fi
else
	user=$(id -un)
	as_user() { "$@"; }
fi
home=$T/home
mkdir -p "$home/.config/doorstop" "$T/broken" "$T/slow" "$T/tmp"

# The contrib files themselves: the Sieve script as the personal script,
# the config with its paths moved under $T, and the symlink it describes.
cp "$TOP_SRCDIR/contrib/doorstop.sieve" "$home/.dovecot.sieve"
sed "s|/usr/local/lib/dovecot/sieve-filter|$T/sieve-filter|" \
    "$TOP_SRCDIR/contrib/dovecot-sieve.conf" >"$T/dovecot-sieve.conf"
sed -n -e 's/^#   mkdir -p /mkdir -p /p' -e 's/^#   ln -s /ln -s /p' \
    "$TOP_SRCDIR/contrib/dovecot-sieve.conf" |
    sed -e "s|/usr/local/bin/doorstop|$prog|" \
    -e "s|/usr/local/lib/dovecot/sieve-filter|$T/sieve-filter|g" | sh -e
# A throwaway Dovecot config for dovecot-lda alone, all under $T, with the
# personal script where Debian's 90-sieve.conf has it.
cat >"$T/dovecot.conf" <<EOF
base_dir = $T/run
log_path = $T/dovecot.log
mail_temp_dir = $T/tmp
ssl = no
protocols =
postmaster_address = postmaster@example.net
mail_location = maildir:~/Maildir
protocol lda {
  mail_plugins = \$mail_plugins sieve
}
plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
}
!include $T/dovecot-sieve.conf
EOF
# doorstop's own config, where it looks for it: in the home Dovecot gives.
cat >"$home/.config/doorstop/config" <<EOF
[identity]
name = Sam Taylor
address = sam@example.net

[reply]
drafts = ~/Maildir/.Drafts

[rules]
system = $rules
EOF

# A broken doorstop, and a slow one with a short timeout.
printf '#!/bin/sh\nexit 1\n' >"$T/broken/doorstop"
printf '#!/bin/sh\necho $$ >"%s"\nexec sleep 10\n' "$T/slow.pid" \
    >"$T/slow/doorstop"
chmod 755 "$T/broken/doorstop" "$T/slow/doorstop"
for bad in broken slow; do
	printf '!include %s\nplugin {\n  sieve_filter_bin_dir = %s\n}\n' \
	    "$T/dovecot.conf" "$T/$bad" >"$T/$bad.conf"
done
printf 'plugin {\n  sieve_filter_exec_timeout = 1s\n}\n' >>"$T/slow.conf"

if [ "$(id -u)" -eq 0 ]; then
	chown -R nobody "$T" && chmod 755 "$T" || exit 1
fi

# deliver FILE [CONFIG]: dovecot-lda delivers FILE, run as an MTA runs it
# (as the user, with HOME and USER); rc is its exit status and got the
# file it stored (empty if none).  If it aborts, no core file, and the
# shell's "Aborted" goes to lda.err.
deliver() {
	find "$home/Maildir" -path '*/new/*' -type f 2>/dev/null | sort \
	    >"$T/before"
	{
		(
			cd "$T" || exit
			# shellcheck disable=SC3045
			ulimit -c 0 2>/dev/null
			as_user env -i PATH="$PATH" HOME="$home" USER="$user" \
			    dovecot-lda -c "${2:-$T/dovecot.conf}"
		) <"$1"
		rc=$?
	} 2>>"$T/lda.err"
	find "$home/Maildir" -path '*/new/*' -type f 2>/dev/null | sort \
	    >"$T/after"
	got=$(comm -13 "$T/before" "$T/after")
}
drafts() { find "$home/Maildir/.Drafts/cur" -type f 2>/dev/null | wc -l; }
reminders() {
	find "$home/.local/share/doorstop/calendar" -name '*.ics' 2>/dev/null |
	    wc -l
}
# in_folder FOLDER: the message stored last is in FOLDER (INBOX or a
# Maildir++ folder).
in_folder() {
	case $1 in
	INBOX)	_dir=$home/Maildir/new ;;
	*)	_dir=$home/Maildir/.$1/new ;;
	esac
	case $got in "$_dir"/*) return 0 ;; esac
	return 1
}
# filed FOLDER FILE: it is FILE plus doorstop's header, in FOLDER.
filed() { in_folder "$1" && "$DEHEAD" <"$got" | cmp -s "$2" -; }
# delivered FOLDER FILE: dovecot-lda exited 0, and filed that.
delivered() { [ "$rc" = 0 ] && filed "$@"; }
# untouched FOLDER FILE: it is FILE itself, in FOLDER.
untouched() { in_folder "$1" && cmp -s "$2" "$got"; }
# headed WORD: its first line is doorstop's header, saying WORD.
headed() { head -n 1 "$got" | grep -q "^X-Doorstop: $1 "; }

# (a) Delivery: a rejection.
check "the symlink the contrib config describes" \
    test -L "$T/sieve-filter/doorstop"
msg=$FIXTURES/rej-plain.eml
deliver "$msg"
check_eq "dovecot-lda delivers a rejection: exit 0" "$rc" 0
# Dovecot hands doorstop CR LF and stores LF again, as the fixture has.
check "into Rejections, the fixture byte for byte plus doorstop's header" \
    filed Rejections "$msg"
check "the header on the first line: a job rejection" sh -c "head -n 1 '$got' |
    grep -Eq '^X-Doorstop: rejection score=[0-9.]+ category=job lang=en\$'"
check_eq "one draft in the Drafts folder" "$(drafts)" 1
d=$(find "$home/Maildir/.Drafts/cur" -type f | head -n 1)
check "the draft answers the sender" \
    grep -qx 'To: Priya Raman <priya.raman@northwind.example.com>' "$d"
check "with the subject" \
    grep -qx 'Subject: Re: Your application for Senior Embedded Engineer' "$d"
check "and In-Reply-To" grep -qx \
    'In-Reply-To: <20261103142205.4f7a2c@mail.northwind.example.com>' "$d"
check "the draft has LF line ends, though doorstop was fed CR LF" \
    sh -c "! grep -q '$cr' '$d'"
check_eq "one reminder, in the calendar under HOME" "$(reminders)" 1

deliver "$msg"
check "the same message again: exit 0, into Rejections, marked" \
    delivered Rejections "$msg"
check_eq "but no second draft, no second reminder" \
    "$(drafts) $(reminders)" "1 1"

# Other mail.
deliver "$FIXTURES/ack.eml"
check "an acknowledgement: into INBOX, byte for byte plus the header" \
    filed INBOX "$FIXTURES/ack.eml"
check "marked other" headed other
check_eq "and drafts nothing" "$(drafts) $(reminders)" "1 1"

# The CR LF fixture with its mbox From line: dovecot-lda drops the From
# line, and stores the rest, header included, with LF.
msg=$FIXTURES/rej-crlf.eml
deliver "$msg"
sed 1d "$msg" | tr -d '\r' >"$T/crlf-as-stored"
check "CR LF, From line: into Rejections, LF, no From line, plus the header" \
    delivered Rejections "$T/crlf-as-stored"
check "marked rejection" headed rejection
check_eq "a second draft and reminder" "$(drafts) $(reminders)" "2 2"

# A forged "X-Doorstop: rejection" from the sender does not fool the script.
{
	echo 'X-Doorstop: rejection score=99.0 category=job lang=en'
	cat "$FIXTURES/everyday.eml"
} >"$T/forged.eml"
deliver "$T/forged.eml"
check "a forged X-Doorstop header: still INBOX, and passed on" \
    filed INBOX "$T/forged.eml"
check "doorstop's header on top says other" headed other

# (b) sieve-test runs the same script and config, doorstop included.
st() {
	cp "$1" "$T/st.eml"	# where the mail user can read it
	chmod 644 "$T/st.eml"
	as_user env -i PATH="$PATH" HOME="$home" USER="$user" sieve-test \
	    -c "$T/dovecot.conf" -t "$T/trace" -T level=commands \
	    "$home/.dovecot.sieve" "$T/st.eml" >"$T/st.out" 2>"$T/st.err"
	echo "$?:$(grep '^ \* ' "$T/st.out")"
}
traced() {
	grep -q "execute program \`doorstop'" "$T/trace" &&
	    grep -q 'changed message' "$T/trace"
}
check_eq "sieve-test: a rejection, filed into Rejections" \
    "$(st "$FIXTURES/rej-html-only.eml")" \
    "0: * store message in folder: Rejections"
check "the trace shows the filter running doorstop and changing the mail" \
    traced
check_eq "sieve-test is no dry run: doorstop drafted" "$(drafts)" 3
check_eq "sieve-test: other mail, kept in INBOX" \
    "$(st "$FIXTURES/everyday.eml")" "0: * store message in folder: INBOX"

# (c) doorstop exits 1: Pigeonhole keeps the original message.
msg=$FIXTURES/rej-wrapped.eml
deliver "$msg" "$T/broken.conf"
check_eq "broken doorstop: dovecot-lda still exits 0" "$rc" 0
check "the original, unchanged, in INBOX" untouched INBOX "$msg"
check_eq "and no draft" "$(drafts)" 3

# doorstop hangs: Dovecot kills it after sieve_filter_exec_timeout.  Dovecot
# 2.3.19 then aborts the delivery itself (a panic, exit 134): nothing stored,
# the MTA keeps the mail.  Either that or the original stored, unchanged.
start=$(date +%s)
deliver "$msg" "$T/slow.conf"
took=$(($(date +%s) - start))
echo "# slow doorstop: dovecot-lda exit $rc, stored: ${got:-nothing}"
pid=$(cat "$T/slow.pid" 2>/dev/null)
# gone: the slow program ran and has ended (given a moment to be reaped).
gone() {
	[ -n "$pid" ] || return 1
	for _i in 1 2 3 4 5; do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 1
	done
	kill "$pid"
	return 1
}
check "slow doorstop: the timeout applies (${took}s)" test "$took" -lt 8
check "Dovecot kills it" gone
# notlost: exit 0 and the original stored unchanged, or a failure and
# nothing stored (so the MTA tries again later).
notlost() {
	if [ "$rc" = 0 ]; then untouched INBOX "$msg"; else [ -z "$got" ]; fi
}
check "the mail is not lost: refused for a retry, or stored unchanged" \
    notlost
check "and the log says why" \
    grep -q 'doorstop.*Execution timed out' "$T/dovecot.log"
done_testing
