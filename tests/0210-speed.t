#!/bin/sh
# What makes doorstop fast must not change what it decides.  filter keeps
# the rules in a cache, used while the rule files are as they were and
# rebuilt when they change or the cache is damaged; scan answers the same
# with one worker thread or several.
. "$TOP_SRCDIR/tests/lib.sh"
plan 16

sam_config
ds() { "$DOORSTOP" -c "$T/doorstop.conf" "$@"; }
cache=$HOME/.cache/doorstop
rules=$XDG_CONFIG_HOME/doorstop/rules
rej=$FIXTURES/rej-plain.eml
other=$FIXTURES/everyday.eml
inode() { stat -c %i "$cache"/rules-*; }

# The cache: saved by the first filter, read by the next.
ds filter -n <"$rej" >"$T/first" 2>"$T/first.err"
check "the first filter saves a rules cache, mode 0600" \
    test "$(stat -c %a "$cache"/rules-* 2>/dev/null)" = 600
saved=$(inode)
ds filter -n <"$rej" >"$T/again" 2>/dev/null
check "read from the cache: the same message and header" \
    cmp -s "$T/first" "$T/again"
check_eq "a fresh cache is not written again" "$(inode)" "$saved"
check "the verdict is a rejection" \
    grep -q '^X-Doorstop: rejection score=.* category=job' "$T/again"

# A rule added by the user counts at once: the cache is rebuilt.
mkdir -p "$rules"
cat >"$rules/mine.rules" <<'EOF'
body MY_BARBECUE /push\s+the\s+barbecue\s+back/i
score MY_BARBECUE 9
category MY_BARBECUE job
EOF
ds filter -n <"$other" >"$T/out" 2>/dev/null
check "a new user rule hits at once" \
    sh -c "sed -n '1,4p' '$T/out' | tr -d '\n\t' |
    grep -q '^X-Doorstop: rejection .*MY_BARBECUE'"
check "and the cache was rebuilt" test "$(inode)" != "$saved"
rm "$rules/mine.rules"
ds filter -n <"$other" >"$T/out" 2>/dev/null
check "a rule removed no longer hits" grep -q '^X-Doorstop: other' "$T/out"

# A damaged cache is no error: it is read from the rule files again.
for damage in garbage truncated; do
	f=$(ls "$cache"/rules-*)
	if [ $damage = garbage ]; then
		head -c 100000 /dev/urandom >"$f.new"
	else
		head -c 5000 "$f" >"$f.new"
	fi
	mv "$f.new" "$f"
	ds filter -n <"$rej" >"$T/out" 2>"$T/err"
	check "a $damage cache: the same verdict, and no complaint" \
	    sh -c "cmp -s '$T/first' '$T/out' &&
	    cmp -s '$T/first.err' '$T/err'"
done

# Bytes changed anywhere in it (half of them among the rules, at its
# start) make no crash: the mail still passes.
f=$(ls "$cache"/rules-*)
cp "$f" "$T/good"
seed=1
while [ $seed -le 20 ]; do
	perl -e 'my ($f, $seed) = @ARGV; srand($seed);
	    open(my $h, "+<", $f) or die; binmode($h); my $n = -s $f;
	    for (1 .. 16) { my $at = $_ % 2 ? $n : ($n < 65536 ? $n : 65536);
	    seek($h, int(rand($at)), 0); print $h chr(int(rand(256))); }
	    close($h) or die' "$f" $seed
	ds filter -n <"$rej" >"$T/out" 2>/dev/null
	if [ $? != 0 ] || ! "$DEHEAD" <"$T/out" | cmp -s "$rej" -; then
		break
	fi
	cp "$T/good" "$f"
	seed=$((seed + 1))
done
check_eq "a cache damaged inside, 20 ways: the mail passes each time" \
    "$seed" 21

# A broken rule file is reported although a cache exists.
printf 'body MY_BROKEN /we (regret/i\n' >"$rules/broken.rules"
ds filter <"$rej" >"$T/out" 2>"$T/err"
check "a broken rule: the message passes unchanged" cmp -s "$rej" "$T/out"
check "and the rule's file and line are said" \
    grep -q 'broken.rules:1: MY_BROKEN' "$T/err"
rm "$rules/broken.rules"

# scan: the same answers, in the same order, with 1 worker or 3.
mkdir -p "$T/box/new" "$T/box/cur" "$T/box/tmp"
now=$(date -R)
n=0
for f in "$FIXTURES"/cat-*.eml "$rej" "$other" "$FIXTURES/ack.eml"; do
	n=$((n + 1))
	sed -e "s/^Message-ID: .*/Message-ID: <$n@speed.example>/" \
	    -e "s/^Date: .*/Date: $now/" "$f" >"$T/box/new/$n.speed"
done
ds scan -n -j 1 "$T/box" >"$T/one" 2>&1
ds scan -n -j 3 "$T/box" >"$T/three" 2>&1
check "scan -j 1 and -j 3 say the same, in the same order" \
    cmp -s "$T/one" "$T/three"
check_eq "every rejection answered" \
    "$(grep -c '^would draft' "$T/three")" 10
ds scan -j 3 "$T/box" >/dev/null 2>&1
check_eq "-j 3 for real: one draft each" "$(ls "$T/Drafts/cur" | wc -l)" 10
ds scan -j 0 "$T/box" >/dev/null 2>"$T/err"
check_eq "-j 0: a usage error" "$?:$(cat "$T/err")" \
    "64:doorstop: --jobs 0: not a number from 1 to 256"
done_testing
