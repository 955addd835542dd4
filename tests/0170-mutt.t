#!/bin/sh
# contrib/muttrc in the real mutt and neomutt, driven through tmux: its
# macro pipes the raw message to doorstop whatever $pipe_decode says, says
# "not drafted" for other mail, and R recalls the draft into the compose
# menu with the rejection's sender, subject and doorstop's body; nothing sent.
. "$TOP_SRCDIR/tests/lib.sh"
need tmux
plan 48
PER_RUN=12

mid='<20261103142205.4f7a2c@mail.northwind.example.com>'
to='To: Priya Raman <priya.raman@northwind.example.com>'
re='Subject: Re: Your application for Senior Embedded Engineer'
rules=${DOORSTOP_RULES:-$TOP_SRCDIR/rules}
inbox=$HOME/Maildir/INBOX
drafts=$HOME/Maildir/Drafts
sock=$T/tmux.sock
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$T"' EXIT

# doorstop on PATH reads ~/.config/doorstop/config (XDG_CONFIG_HOME) and
# drafts into ~/Maildir/Drafts, its default and the snippet's $postponed.
mkdir -p "$T/bin" "$T/tmp" "$XDG_CONFIG_HOME/doorstop"
ln -s "$DOORSTOP" "$T/bin/doorstop"
printf '[identity]\nname = Sam Taylor\naddress = sam@example.net\n' \
    >"$XDG_CONFIG_HOME/doorstop/config"
# Nothing may be sent: a sendmail that records the attempt and fails.
printf '#!/bin/sh\ntouch "%s/sent"\nexit 1\n' "$T" >"$T/bin/sendmail"
# mutt runs $editor on a recalled draft: one that changes nothing.
# "ignore" as in Debian's system muttrc, so that a decoded pipe would
# lose the Message-ID.
cat >"$T/muttrc.base" <<EOF
set folder="~/Maildir" spoolfile="+INBOX" mbox_type=Maildir
set sendmail="$T/bin/sendmail" editor=true tmpdir="$T/tmp"
ignore *
unignore from: subject to cc date
source "$TOP_SRCDIR/contrib/muttrc"
EOF
cat >"$T/mutt.sh" <<EOF
#!/bin/sh
unset LINES COLUMNS MAIL MAILDIR EMAIL EDITOR VISUAL
HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME'
XDG_STATE_HOME='$XDG_STATE_HOME' XDG_DATA_HOME='$XDG_DATA_HOME'
DOORSTOP_RULES='$rules' PATH='$T/bin':\$PATH TERM=screen LC_ALL=C.UTF-8
export HOME XDG_CONFIG_HOME XDG_STATE_HOME XDG_DATA_HOME DOORSTOP_RULES
export PATH TERM LC_ALL
exec "\$1" -n -F '$T/muttrc'
EOF
chmod +x "$T/bin/sendmail" "$T/mutt.sh"

tm() { tmux -S "$sock" "$@"; }
keys() { tm send-keys "$@" 2>/dev/null; }

# wait_for [GREP-OPTION...] PATTERN: poll the screen, up to 10 s, until a
# line matches; the last screen is left in $T/screen.
wait_for() {
	_n=0
	while [ $_n -lt 100 ]; do
		tm capture-pane -p >"$T/screen" 2>/dev/null || return 1
		grep -q "$@" "$T/screen" && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	return 1
}

# wait_count N PATTERN: until N lines match (mutt's output of the piped
# commands piles up on the terminal's normal screen).
wait_count() {
	_n=0
	while [ $_n -lt 100 ]; do
		tm capture-pane -p >"$T/screen" 2>/dev/null || return 1
		[ "$(grep -c "$2" "$T/screen")" -ge "$1" ] && return 0
		sleep 0.1
		_n=$((_n + 1))
	done
	return 1
}

# said N PATTERN: mutt shows its Nth "Press any key" prompt, and a line
# matching PATTERN.
said() {
	wait_count "$1" 'Press any key' && grep -q "$2" "$T/screen"
}

# see DESCRIPTION WAIT-COMMAND...: ok if it succeeds, else show the screen.
see() {
	_d=$1
	shift
	if "$@"; then
		ok "$_d"
	else
		not_ok "$_d"
		grep . "$T/screen" | sed 's/^/# | /'
	fi
}

# line PATTERN: the screen's first line matching PATTERN, trimmed.
line() { grep -m 1 "$1" "$T/screen" | sed 's/^ *//; s/ *$//'; }

# query VAR: VAR's value as mutt shows it after ":set ?VAR".
query() {
	keys ":set ?$1" Enter
	wait_for -E "^$1( is |=)" &&
	    line "^$1" | sed 's/ is set$/=yes/; s/ is unset$/=no/; s/"//g'
}

index() { wait_for -F '[Msgs:'; }
pager() { wait_for -F 'PrevPg'; }

# run PROGRAM PIPE_DECODE WAIT_KEY: the whole story in one mutt session.
run() {
	prog=$1
	rm -rf "$HOME/Maildir" "$XDG_STATE_HOME/doorstop" \
	    "$XDG_DATA_HOME/doorstop" "$T/sent"
	mkdir -p "$inbox/cur" "$inbox/new" "$inbox/tmp"
	# The drafts folder is there, empty, when mutt starts, made before
	# (mutt goes by the second new/ last changed in).
	mkdir -p "$drafts/cur" "$drafts/new" "$drafts/tmp"
	touch -d '1 hour ago' "$drafts/new"
	cp "$FIXTURES/ack.eml" "$inbox/new/1.ack"
	cp "$FIXTURES/rej-plain.eml" "$inbox/new/2.rej"
	printf 'set pipe_decode=%s wait_key=%s\n' "$2" "$3" |
	    cat - "$T/muttrc.base" >"$T/muttrc"
	tm -f /dev/null new-session -d -x 120 -y 40 "$T/mutt.sh" "$prog"
	t="$prog, pipe_decode=$2 wait_key=$3"
	index

	# Message 1, the acknowledgement, from the index: no draft.
	keys 1 Enter ,d
	see "$t: ,d in the index on other mail: \"not drafted\"" \
	    said 1 '^not drafted: not a rejection '
	check_eq "$t: and no draft" "$(count "$drafts")" 0
	keys Space
	index
	check_eq "$t: the macro puts pipe_decode and wait_key back" \
	    "$(query pipe_decode) $(query wait_key)" \
	    "pipe_decode=$2 wait_key=$3"

	# Message 2, the rejection, from the pager.
	keys 2 Enter Enter
	wait_for -F 'Dear Sam,'
	keys ,d
	see "$t: ,d in the pager on the rejection: \"draft: PATH\"" \
	    said 2 '^draft: '
	draft=$(line '^draft: ' | sed 's/^draft: //')
	check_eq "$t: the draft, in \$postponed, answers Priya Raman's mail" \
	    "$(dirname "$draft"):$(threading "$draft")" "$drafts/cur:$re
$to
In-Reply-To: $mid"
	body=$(sed -n '/^$/{n;p;q;}' "$draft" 2>/dev/null)
	keys Space
	pager
	keys q
	index
	see "$t: the index counts it as postponed (Post:1)" wait_for -F 'Post:1'

	# R recalls it: mutt runs the editor, then the compose menu.
	keys R
	wait_for '^-- Attachments'
	check_eq "$t: R: the compose menu's To" "$(line '^ *To: ')" "$to"
	check_eq "$t: R: the compose menu's Subject" "$(line '^ *Subject: ')" "$re"
	keys Enter
	pager
	check_eq "$t: the body's first line, viewed from the compose menu" \
	    "$(sed -n 2p "$T/screen")" "${body:-(no draft body)}"
	keys q
	wait_for '^-- Attachments'
	keys P
	index
	check_eq "$t: postponed again, still one draft, still a reply" \
	    "$(count "$drafts"):$(cat "$drafts"/new/* "$drafts"/cur/* \
	    2>/dev/null | grep -c "^In-Reply-To: $mid\$")" "1:1"

	# ,D drafts even for the acknowledgement.
	keys 1 Enter ,D
	wait_count 3 'Press any key'
	subject='Subject: Re: Thank you for applying: Project Coordinator'
	check_eq "$t: ,D drafts a reply to other mail all the same" \
	    "$(cat "$drafts"/cur/* 2>/dev/null | grep -c "^$subject\$"):$(count \
	    "$drafts")" "1:2"
	keys Space
	index
	keys q
	_n=0
	while tm has-session 2>/dev/null && [ $_n -lt 100 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	check_eq "$t: mutt quits, and nothing was ever sent" "$(tm has-session \
	    2>/dev/null && echo running)$(test -e "$T/sent" && echo sent)" ""
	tm kill-server 2>/dev/null
}

# Each program that is installed (in CI, both must be), with the defaults,
# then with the opposite settings.
for prog in mutt neomutt; do
	if command -v "$prog" >/dev/null 2>&1; then
		run "$prog" no yes
		run "$prog" yes no
		continue
	fi
	i=0
	while [ $i -lt $((2 * PER_RUN)) ]; do
		if [ "${CI:-}" = true ]; then
			not_ok "required in CI: $prog is not installed"
		else
			ok "# SKIP $prog is not installed"
		fi
		i=$((i + 1))
	done
done
done_testing
