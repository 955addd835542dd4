#!/bin/sh
# deps.sh: install what doorstop needs to build, from Debian 12 packages;
# with --test, also the programs its test suite drives: the mail setups
# doorstop runs in (procmail, maildrop, fetchmail against a Dovecot server,
# Dovecot's Sieve, mutt and neomutt in tmux, notmuch, busybox's crond,
# systemd-analyze) and the calendar and todo tools that read its reminders
# (todoman, khal); sqlite3 and python3-icalendar check what a killed run
# left; clang with libFuzzer and valgrind for "make fuzz" and "make
# check-valgrind"; Chromium and a font draw the report's SVG chart.  Run
# as root, or as a user who may sudo.
set -eu

pkgs="build-essential autoconf automake libtool pkg-config
	libglib2.0-dev libgmime-3.0-dev libpcre2-dev libical-dev libxml2-dev
	libsqlite3-dev libjansson-dev"
test_pkgs="todoman khal python3 procmail maildrop fetchmail
	dovecot-core dovecot-pop3d dovecot-imapd dovecot-sieve
	mutt neomutt tmux notmuch busybox-static systemd
	sqlite3 python3-icalendar
	clang libclang-rt-14-dev valgrind
	chromium fonts-dejavu-core"

case "${1:-}" in
--test)	pkgs="$pkgs $test_pkgs" ;;
"")	;;
*)	echo "usage: deps.sh [--test]" >&2; exit 64 ;;
esac

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends $pkgs
