#!/bin/sh
# deps.sh: install what doorstop needs to build and to run its test suite,
# from Debian 12 packages.  Run as root, or as a user who may sudo.
set -eu

pkgs="build-essential autoconf automake libtool pkg-config
	libglib2.0-dev libgmime-3.0-dev libpcre2-dev libical-dev libxml2-dev
	libsqlite3-dev libjson-glib-dev"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends $pkgs
