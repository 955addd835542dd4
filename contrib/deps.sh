#!/bin/sh
# deps.sh: install what doorstop needs from Debian 12 packages: to build it,
# and with --test also what its test suite drives.  Run as root, or as a
# user who may sudo.
set -eu

build="build-essential autoconf automake libtool pkg-config
	libglib2.0-dev libgmime-3.0-dev libpcre2-dev libical-dev libxml2-dev"
test=""

pkgs=$build
[ "${1:-}" = --test ] && pkgs="$build $test"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends $pkgs
