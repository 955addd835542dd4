#!/bin/sh
# Runs at the same moment: 16 filters of one rejection, 16 of four, two
# scans of one Maildir, of one mbox, of both in opposite orders, and
# filters beside a scan; from an empty state each time, a few rounds.
# Every rejection is answered exactly once, every mail passes byte for byte.
. "$TOP_SRCDIR/tests/lib.sh"
need timeout
ROUNDS=3
plan $((ROUNDS * 9))

sam_config
ds() { timeout 60 "$DOORSTOP" -c "$T/doorstop.conf" "$@"; }
now=$(date -R)
n=0
mkdir -p "$T/msgs"
for f in rej-plain rej-wrapped rej-html-only rej-base64-alt; do
	n=$((n + 1))
	sed -e "s/^Message-ID: .*/Message-ID: <race$n@race.example>/" \
	    -e "s/^Date: .*/Date: $now/" "$FIXTURES/$f.eml" >"$T/msgs/$n.eml"
done

fresh() { rm -rf "$T/Drafts" "$T/cal" "$T/state" "$T"/out.* "$T"/err.*; }
drafts() { find "$T/Drafts/cur" "$T/Drafts/new" -type f 2>/dev/null | wc -l; }
answered() {
	echo "$(drafts) $(ls "$T/cal" 2>/dev/null | wc -l) $(ds list | wc -l)"
}
# filters N MESSAGE...: N filters at once, taking the messages in turn;
# ok if every one exited 0, quietly, with its mail byte for byte.
filters() {
	_n=$1
	shift
	_i=0
	while [ $_i -lt "$_n" ]; do
		eval "_m=\${$((_i % $# + 1))}"
		timeout 60 "$DOORSTOP" -c "$T/doorstop.conf" filter <"$_m" \
		    >"$T/out.$_i" 2>"$T/err.$_i" &
		_i=$((_i + 1))
	done
	wait
	_i=0
	while [ $_i -lt "$_n" ]; do
		eval "_m=\${$((_i % $# + 1))}"
		"$DEHEAD" <"$T/out.$_i" | cmp -s "$_m" - || return 1
		! grep -q . "$T/err.$_i" || return 1
		_i=$((_i + 1))
	done
}
# scans BOX...: two scans at once, of the mailboxes given, the second in
# the opposite order; ok if both exited 0 and quietly.
scans() {
	timeout 60 "$DOORSTOP" -c "$T/doorstop.conf" scan "$@" \
	    >"$T/out.a" 2>"$T/err.a" &
	_a=$!
	_rev=
	for _b; do _rev="$_b $_rev"; done
	# shellcheck disable=SC2086
	timeout 60 "$DOORSTOP" -c "$T/doorstop.conf" scan $_rev \
	    >"$T/out.b" 2>"$T/err.b" &
	_b=$!
	wait $_a && wait $_b && ! grep -q . "$T/err.a" "$T/err.b"
}

maildir "$T/inbox"
for m in "$T"/msgs/*.eml; do
	cp "$m" "$T/inbox/new/17950000$(basename "$m" .eml).P1.host"
done
sed "s/^Date: .*/Date: $now/" "$FIXTURES/ack.eml" >"$T/inbox/new/ack"
for m in "$T"/msgs/*.eml; do
	echo "From hr@example.com Sat Nov 21 10:00:00 2026"
	sed -e 's/^Message-ID: <race/Message-ID: <mbox/' -e 's/^>*From />&/' \
	    "$m"
	echo
done >"$T/inbox.mbox"

r=0
while [ $r -lt $ROUNDS ]; do
	r=$((r + 1))
	fresh
	check "round $r: 16 filters of one rejection pass it" \
	    filters 16 "$T/msgs/1.eml"
	check_eq "round $r: one draft, one reminder, one record" \
	    "$(answered)" "1 1 1"
	fresh
	check "round $r: 16 filters of four rejections pass them" \
	    filters 16 "$T"/msgs/*.eml
	check_eq "round $r: four drafts, reminders, records" \
	    "$(answered)" "4 4 4"
	fresh
	check "round $r: two scans of a Maildir" scans "$T/inbox"
	check_eq "round $r: one answer each" "$(answered)" "4 4 4"
	fresh
	check "round $r: two scans of an mbox" scans "$T/inbox.mbox"
	check_eq "round $r: one answer each" "$(answered)" "4 4 4"
	# Both, in opposite orders, with four filters of the Maildir's mail.
	fresh
	timeout 60 "$DOORSTOP" -c "$T/doorstop.conf" filter \
	    <"$T/msgs/3.eml" >/dev/null 2>&1 &
	scans "$T/inbox" "$T/inbox.mbox"
	wait
	filters 4 "$T"/msgs/*.eml
	got=$(answered)
	check_eq "round $r: scans and filters at once: one answer each" \
	    "$got" "8 8 8"
	[ "$got" = "8 8 8" ] || cat "$T"/err.* "$T"/out.a "$T"/out.b |
	    sed 's/^/# /'
done
done_testing
