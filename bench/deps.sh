#!/bin/sh
# deps.sh: install what "make bench" runs besides doorstop, from Debian 12
# packages: hyperfine (latencies), procmail and formail (the hand-written
# recipe doorstop is compared with), pcre2grep (grep with doorstop's own
# regexes), GNU time (elapsed time and maximum RSS), valgrind (instruction
# counts), taskset (pinning to cores) and perl (building the mailboxes,
# reading the results).  Run as root, or as a user who may sudo.  Building
# doorstop itself needs contrib/deps.sh.
set -eu

pkgs="hyperfine procmail pcre2-utils time valgrind util-linux perl"

if [ $# -ne 0 ]; then
	echo "usage: deps.sh" >&2
	exit 64
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends $pkgs
