#!/bin/sh
# The real fetchmail, with contrib/fetchmailrc and contrib/doorstop-mda, fetches
# from a real Dovecot on loopback over POP3 and IMAP: each message delivered
# once, byte-exact plus doorstop's header, one draft and one reminder; while
# the delivery or doorstop fails, the mail stays on the server.
. "$TOP_SRCDIR/tests/lib.sh"
PATH=$T/bin:$PATH:/usr/sbin:/sbin
need dovecot
need fetchmail
need maildrop
need python3
plan 23
case $DOORSTOP in /*) ;; *) DOORSTOP=$(pwd)/$DOORSTOP ;; esac
LC_ALL=C
TMPDIR=$T/tmp
# fetchmail run as root hands the mda to the user FETCHMAILUSER names.
FETCHMAILUSER=$(id -un)
export LC_ALL TMPDIR FETCHMAILUSER
mkdir "$T/bin" "$T/tmp"
cp "$TOP_SRCDIR/contrib/doorstop-mda" "$T/bin/doorstop-mda"
chmod 755 "$T/bin/doorstop-mda"

# Dovecot refuses root for its login processes and for mail access, so as
# root both run as nobody, who must be able to reach the server's Maildir.
if [ "$(id -u)" -eq 0 ]; then
	login_user=nobody
	mail_ids=$(id -u nobody):$(id -g nobody)
	chmod 711 "$T"
else
	login_user=$(id -un)
	mail_ids=$(id -u):$(id -g)
fi
echo "sam@example.net:{PLAIN}secret:$mail_ids::$T/server/sam" >"$T/passwd"

# start_dovecot: a throwaway Dovecot on two free loopback ports.
start_dovecot() {
	ports=$(python3 -c 'import socket
s = [socket.socket() for i in (1, 2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
	pop3_port=${ports% *} imap_port=${ports#* }
	cat >"$T/dovecot.conf" <<-EOF
	protocols = pop3 imap
	listen = 127.0.0.1
	base_dir = $T/run
	state_dir = $T/state
	log_path = $T/dovecot.log
	ssl = no
	disable_plaintext_auth = no
	auth_mechanisms = plain
	default_internal_user = $(id -un)
	default_internal_group = $(id -gn)
	default_login_user = $login_user
	first_valid_uid = 1
	mail_location = maildir:~
	passdb {
	  driver = passwd-file
	  args = $T/passwd
	}
	userdb {
	  driver = passwd-file
	  args = $T/passwd
	}
	service anvil {
	  chroot =
	}
	service ipc {
	  chroot =
	}
	service pop3-login {
	  chroot =
	  inet_listener pop3 {
	    port = $pop3_port
	  }
	  inet_listener pop3s {
	    port = 0
	  }
	}
	service imap-login {
	  chroot =
	  inet_listener imap {
	    port = $imap_port
	  }
	  inet_listener imaps {
	    port = 0
	  }
	}
	EOF
	dovecot -F -c "$T/dovecot.conf" 2>>"$T/dovecot.err" &
	dovecot_pid=$!
	python3 -c 'import socket, sys, time
end = time.time() + 10
for port in sys.argv[1:]:
    while True:
        try:
            socket.create_connection(("127.0.0.1", int(port)), 1).close()
            break
        except OSError:
            if time.time() > end:
                sys.exit(1)
            time.sleep(0.05)' "$pop3_port" "$imap_port" &&
	    kill -0 "$dovecot_pid"
}

stop_dovecot() {
	[ -n "${dovecot_pid:-}" ] || return 0
	kill "$dovecot_pid" 2>/dev/null
	wait "$dovecot_pid" 2>/dev/null
	dovecot_pid=
}
trap 'stop_dovecot; rm -rf "$T"' EXIT
trap 'exit 1' HUP INT PIPE TERM

# A port taken between choosing and binding it: try again.
started=no
for _ in 1 2 3; do
	start_dovecot && started=yes && break
	stop_dovecot
done
check_eq "Dovecot serves POP3 and IMAP on loopback" "$started" yes

# entries DIR...: the entries in the directories.
entries() { for d; do ls -A "$d"; done | grep -c .; }

# exact FILE FIXTURE KIND: FILE is FIXTURE with an "X-Doorstop: KIND" header
# on top and fetchmail's own Received header (from 127.0.0.1) in it.
exact() {
	head -n 1 "$1" | grep -q "^X-Doorstop: $3 " &&
	    "$DEHEAD" <"$1" | awk '
		!seen && /^Received: from 127\.0\.0\.1 / { seen = skip = 1; next }
		skip && /^[ \t]/ { next }
		{ skip = 0; print }' | cmp -s "$2" -
}

# fetch: run fetchmail once; its status in $st, its messages in $H/err.
fetch() {
	fetchmail -f "$H/fetchmailrc" --nodetach --idfile "$H/fetchids" \
	    --pidfile "$H/fetchmail.pid" </dev/null >"$H/out" 2>"$H/err"
	st=$?
}

# round PROTO PORT: the whole story over one protocol, in a fresh home.
round() {
	H=$T/$1
	HOME=$H/home XDG_CONFIG_HOME=$H/config
	XDG_STATE_HOME=$H/state XDG_DATA_HOME=$H/data
	inbox=$HOME/Maildir
	mkdir -p "$inbox/cur" "$inbox/new" "$inbox/tmp" \
	    "$XDG_CONFIG_HOME/doorstop" "$XDG_STATE_HOME" "$XDG_DATA_HOME"
	printf '[identity]\nname = Sam Taylor\naddress = sam@example.net\n' \
	    >"$XDG_CONFIG_HOME/doorstop/config"
	# maildrop takes HOME from the password file, not the environment.
	printf 'DEFAULT="%s/"\n' "$inbox" >"$HOME/.mailfilter"
	chmod 600 "$HOME/.mailfilter"
	ln -sf "$DOORSTOP" "$T/bin/doorstop"

	# The contrib file, but for this server: plain text on loopback.
	sed -e "s/^poll mail\.example\.com protocol IMAP/poll 127.0.0.1 service $2 protocol $1/" \
	    -e "s/^\([[:space:]]*\)ssl[[:space:]].*/\1sslproto ''/" \
	    "$TOP_SRCDIR/contrib/fetchmailrc" >"$H/fetchmailrc"
	chmod 600 "$H/fetchmailrc"
	check_eq "$1: contrib/fetchmailrc changed in the server and TLS only" \
	    "$(diff "$TOP_SRCDIR/contrib/fetchmailrc" "$H/fetchmailrc" | grep -c '^>')" 2

	box=$T/server/sam
	rm -rf "$box"
	mkdir -p "$box/cur" "$box/new" "$box/tmp"
	cp "$FIXTURES/rej-plain.eml" "$box/new/1.rej-plain"
	cp "$FIXTURES/ack.eml" "$box/new/2.ack"
	[ "$(id -u)" -ne 0 ] || chown -R "$mail_ids" "$T/server"

	# The delivery fails: maildrop cannot write the inbox.
	rmdir "$inbox/tmp"
	: >"$inbox/tmp"
	fetch
	check_eq "$1: maildrop fails, fetchmail sees 75 twice" \
	    "$(grep -c 'MDA returned nonzero status 75$' "$H/err")" 2
	check_eq "$1: both stay on the server, nothing delivered" \
	    "$(entries "$box/new" "$box/cur"):$(entries "$inbox/new" "$inbox/cur")" 2:0
	rm "$inbox/tmp"
	mkdir "$inbox/tmp"

	# doorstop dies half-way: the real one, allowed files of 512 bytes at
	# most, is killed while it writes out the longer messages.
	rm "$T/bin/doorstop"
	printf '#!/bin/sh\nulimit -f 1\nexec "%s" "$@"\n' "$DOORSTOP" >"$T/bin/doorstop"
	chmod 755 "$T/bin/doorstop"
	fetch
	check_eq "$1: doorstop fails, fetchmail sees 75 twice" \
	    "$(grep -c 'MDA returned nonzero status 75$' "$H/err")" 2
	check_eq "$1: both stay, nothing delivered, no temporary file left" \
	    "$(entries "$box/new" "$box/cur"):$(entries "$inbox/new" "$inbox/cur"):$(entries "$T/tmp")" 2:0:0
	ln -sf "$DOORSTOP" "$T/bin/doorstop"

	# Delivery works again.
	fetch
	check_eq "$1: fetchmail delivers both and empties the server" \
	    "$st:$(entries "$inbox/new"):$(entries "$box/new" "$box/cur")" 0:2:0
	check "$1: the rejection, byte-exact with its header" exact \
	    "$(grep -l '^Message-ID: <20261103142205.4f7a2c@' "$inbox"/new/*)" \
	    "$FIXTURES/rej-plain.eml" rejection
	check "$1: the acknowledgement, byte-exact with its header" exact \
	    "$(grep -l '^Message-ID: <ack.88412.' "$inbox"/new/*)" \
	    "$FIXTURES/ack.eml" other
	d=$inbox/Drafts/cur
	check_eq "$1: one draft, replying to Priya Raman" \
	    "$(entries "$d"):$(threading "$d"/*)" \
	    "1:Subject: Re: Your application for Senior Embedded Engineer
To: Priya Raman <priya.raman@northwind.example.com>
In-Reply-To: <20261103142205.4f7a2c@mail.northwind.example.com>"
	check_eq "$1: one reminder" \
	    "$(reminders "$XDG_DATA_HOME/doorstop/calendar")" 1

	fetch
	check_eq "$1: the next run finds no mail, delivers nothing, drafts nothing" \
	    "$st:$(entries "$inbox/new" "$inbox/cur"):$(entries "$d")" 1:2:1
}

export HOME XDG_CONFIG_HOME XDG_STATE_HOME XDG_DATA_HOME
round pop3 "$pop3_port"
round imap "$imap_port"
# On failure, what the last runs said.
[ "$tap_failed" -eq 0 ] || tail -n 20 "$T/pop3/err" "$T/imap/err" \
    "$T/dovecot.err" "$T/dovecot.log" 2>&1 | sed 's/^/# /'
done_testing
