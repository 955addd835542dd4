#!/bin/sh
# contrib/crontab under the real busybox crond (as root; otherwise run as
# cron runs it), contrib/doorstop-scan.{service,timer} checked by
# systemd-analyze and run as systemd runs them: the job drafts the new
# rejections and says so, says nothing when it drafted nothing, and reports
# a failure, so cron mails (and the journal logs) only then.
. "$TOP_SRCDIR/tests/lib.sh"
need systemd-analyze
# real_crond: can busybox crond run jobs here?  It runs them as the
# crontab's owner, which only root can do; it writes /var/run/crond.pid,
# so it gets a /var/run of its own, in a mount namespace.
run_own='mount -t tmpfs tmpfs /var/run'
real_crond() {
	[ "$(id -u)" -eq 0 ] && busybox crond --help >/dev/null 2>&1 &&
	    unshare -m sh -c "$run_own" 2>/dev/null
}
# As root, CI must run the real crond.
if [ "$(id -u)" -eq 0 ] && [ "${CI:-}" = true ] && ! real_crond; then
	skip_all "busybox crond (Debian package busybox-static) cannot run"
fi
plan 14

user=$(id -un)
now=$(date -R)
mail=$HOME/Maildir
DOORSTOP_RULES=${DOORSTOP_RULES:-$TOP_SRCDIR/rules}
export DOORSTOP_RULES
crond=
trap '[ -z "$crond" ] || kill "$crond" 2>/dev/null; rm -rf "$T"' EXIT

# doorstop reads ~/.config/doorstop/config; busybox crond takes HOME from
# the password file, so the jobs get the scratch XDG directories (config,
# state, calendar) and the rules in their environment instead.
jobenv="XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME
XDG_DATA_HOME=$XDG_DATA_HOME DOORSTOP_RULES=$DOORSTOP_RULES"
mkdir -p "$XDG_CONFIG_HOME/doorstop"
cat >"$T/doorstop.conf" <<EOF
[identity]
name = Sam Taylor
address = sam@example.net

[reply]
drafts = $mail/.Drafts

[reminder]
calendar = $T/cal
EOF
cp "$T/doorstop.conf" "$XDG_CONFIG_HOME/doorstop/config"

# deliver FIXTURE MAILDIR NAME: the fixture, dated now, as new mail.
deliver() { sed "s/^Date: .*/Date: $now/" "$FIXTURES/$1" >"$2/new/$3"; }
drafts() { find "$mail/.Drafts" -type f 2>/dev/null | wc -l; }
reminders() { find "$T/cal" -name '*.ics' 2>/dev/null | wc -l; }
maildir "$mail"
maildir "$mail/.Jobs"
deliver rej-plain.eml "$mail" 1795500001.P1.host
deliver ack.eml "$mail" 1795500002.P2.host
deliver rej-wrapped.eml "$mail/.Jobs" 1795500003.P3.host

# The systemd units, with only doorstop's path changed (verify wants the
# program to exist); a user manager's runtime directory in $T.  verify
# exits 0 even on a bad setting, so it must say nothing.
mkdir -p "$T/units" "$T/run" "$T/man/man1"
chmod 700 "$T/run"
for u in doorstop-scan.service doorstop-scan.timer; do
	sed "s|/usr/local/bin/doorstop|$DOORSTOP|" "$TOP_SRCDIR/contrib/$u" \
	    >"$T/units/$u"
done
# Documentation=man:doorstop(1): verify runs man, on the page in the tree.
man=--man=no
if command -v man >/dev/null 2>&1 && [ -f "$TOP_SRCDIR/man/doorstop.1" ]; then
	ln -s "$TOP_SRCDIR/man/doorstop.1" "$T/man/man1/doorstop.1"
	man=--man=yes
fi
MANPATH=$T/man XDG_RUNTIME_DIR=$T/run systemd-analyze --user verify $man \
    "$T/units/doorstop-scan.service" "$T/units/doorstop-scan.timer" \
    >"$T/out" 2>&1
check_eq "systemd-analyze --user verify: both units are sound" \
    "$?:$(cat "$T/out")" "0:"
check_eq "the timer fires every 15 minutes" "$(systemd-analyze calendar \
    "$(sed -n 's/^OnCalendar=//p' "$T/units/doorstop-scan.timer")" |
    sed -n 's/^ *Normalized form: //p')" "*-*-* *:00/15:00"

# The crontab with only the paths changed: doorstop's and the Maildir's.
cron_table() {
	sed -e "s|/usr/local/bin/doorstop|$DOORSTOP|" -e "s|~/Maildir|$1|" \
	    "$TOP_SRCDIR/contrib/crontab"
}
# command_of MAILDIR: the command of the crontab's line.
command_of() { cron_table "$1" | sed -n 's|^\*/15 \* \* \* \* ||p'; }
# as_cron MAILDIR: run the line as cron does (/bin/sh -c, in HOME, with
# cron's short PATH, no terminal); its output in out and err.
as_cron() {
	# shellcheck disable=SC2086
	(cd "$HOME" && exec env -i HOME="$HOME" LOGNAME="$user" USER="$user" \
	    PATH=/usr/bin:/bin SHELL=/bin/sh $jobenv \
	    /bin/sh -c "$(command_of "$1")") </dev/null >"$T/out" 2>"$T/err"
}
# finished PID: the job is over (gone, or a zombie crond has yet to reap).
finished() {
	[ ! -e "/proc/$1/stat" ] || grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat"
}
# wait_jobs N: poll crond's log, up to 75 s, until N jobs have started and
# finished (crond starts them at the next minute).
wait_jobs() {
	_i=0
	while [ $_i -lt 750 ]; do
		_pids=$(sed -n "s/^crond: USER $user pid *\([0-9]*\) cmd .*/\1/p" \
		    "$T/cronlog" 2>/dev/null)
		if [ "$(echo "$_pids" | grep -c .)" -ge "$1" ]; then
			_done=yes
			for _p in $_pids; do finished "$_p" || _done=no; done
			[ $_done = no ] || return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

summary="scanned 3 messages in 2 folders: 2 rejections, 2 drafts, 2 reminders, 0 skipped by the gate, 0 errors"
if real_crond; then
	# Every minute instead of every 15.
	mkdir "$T/crontabs"
	cron_table "$mail" | sed 's|^\*/15 \* \* \* \* |* * * * * |' \
	    >"$T/crontabs/$user"
	# shellcheck disable=SC2016,SC2086
	env -i PATH=/usr/bin:/bin SHELL=/bin/sh $jobenv unshare -m sh -c \
	    "$run_own"' && exec busybox crond -f -c "$1" -L "$2"' \
	    sh "$T/crontabs" "$T/cronlog" </dev/null >"$T/out" 2>"$T/err" &
	crond=$!
	wait_jobs 1
	check "busybox crond ran the line at the minute" test $? -eq 0
	kill "$crond"
	wait "$crond" 2>/dev/null
	crond=
	# Without MAILTO crond hands its own output and log to its jobs.
	check_eq "the job wrote nothing to stderr" \
	    "$(grep -v '^crond: ' "$T/cronlog")$(cat "$T/err")" ""
else
	echo "# busybox crond cannot run jobs here (it must be root):" \
	    "the line runs as cron runs it"
	as_cron "$mail"
	check "the job succeeded" test $? -eq 0
	check_eq "the job wrote nothing to stderr" "$(cat "$T/err")" ""
fi
check_eq "a line per draft, and the summary: what cron mails" \
    "$(grep -c "^drafted: .* (job), follow-up due [0-9-]*: $mail/.Drafts/cur/" \
    "$T/out"):$(grep -v '^drafted: ' "$T/out")" "2:$summary"
check "the rejection in the inbox is answered" grep -q \
    '^drafted: Priya Raman <priya.raman@northwind.example.com> "Your application for Senior Embedded Engineer"' \
    "$T/out"
check_eq "two drafts, two reminders" "$(drafts) $(reminders)" "2 2"

# New mail, but no rejection.
deliver everyday.eml "$mail" 1795500004.P4.host
as_cron "$mail"
check_eq "nothing to answer: exit 0, no output, cron mails nothing" \
    "$?:$(cat "$T/out" "$T/err")" "0:"

# A failure: the drafts folder cannot be made.  Output, and a non-zero
# exit; once fixed, the next run drafts it.
echo "a file" >"$T/notadir"
sed "s|^drafts = .*|drafts = $T/notadir/Drafts|" "$T/doorstop.conf" \
    >"$XDG_CONFIG_HOME/doorstop/config"
deliver rej-qp-latin1.eml "$mail" 1795500005.P5.host
as_cron "$mail"
rc=$?
check "a failure: a non-zero exit" test $rc -ne 0
check_eq "the summary counts it, the error is on stderr" \
    "$(sed -n 's/.*: 1 rejection, 0 drafts, 0 reminders, 0 skipped by the gate, \(1 error\)$/\1/p' "$T/out"):$(grep -c "^doorstop: .*$T/notadir/Drafts" "$T/err")" \
    "1 error:1"
cp "$T/doorstop.conf" "$XDG_CONFIG_HOME/doorstop/config"
as_cron "$mail"
check_eq "fixed, the next run drafts it" \
    "$?:$(grep -c '^drafted: ' "$T/out"):$(cat "$T/err"):$(drafts)" "0:1::3"

# The timer fires: ExecStart as systemd runs it, without a shell, %h the
# home directory, in a user manager's environment, output to the journal.
deliver rej-base64-alt.eml "$mail/.Jobs" 1795500006.P6.host
exec_start=$(sed -n 's/^ExecStart=//p' "$T/units/doorstop-scan.service" |
    sed "s|%h|$HOME|g")
as_systemd() {
	# shellcheck disable=SC2086
	(set -f && cd / && exec env -i HOME="$HOME" USER="$user" \
	    LOGNAME="$user" PATH=/usr/local/bin:/usr/bin:/bin $jobenv \
	    $exec_start) </dev/null >"$T/out" 2>"$T/err"
}
as_systemd
check_eq "the service: exit 0, the draft logged" \
    "$?:$(grep -c '^drafted: ' "$T/out"):$(cat "$T/err"):$(drafts)" "0:1::4"
as_systemd
check_eq "and nothing the next time" "$?:$(cat "$T/out" "$T/err")" "0:"
check_eq "four reminders" "$(reminders)" 4
done_testing
