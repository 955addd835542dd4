#!/bin/sh
# contrib/notmuch-post-new as the real notmuch's post-new hook: "notmuch new"
# answers a new rejection (not the one in Sent), tags it "rejection", and
# indexes the draft as tag:draft in the rejection's thread; nothing twice,
# later mail on the next run, and a failed run is retried on the next.
. "$TOP_SRCDIR/tests/lib.sh"
need notmuch
plan 26

mid=20261103142205.4f7a2c@mail.northwind.example.com
mid2=1604321987.4471.1762251300417@app3.bluefinch.example.org
root=$T/mail
now=$(date -R)
NOTMUCH_CONFIG=$T/notmuch-config
export NOTMUCH_CONFIG
unset NOTMUCH_PROFILE NOTMUCH_DATABASE

# doorstop on PATH reads ~/.config/doorstop/config (XDG_CONFIG_HOME), with
# its drafts folder inside notmuch's mail root, as the hook asks.
mkdir -p "$T/bin" "$XDG_CONFIG_HOME/doorstop"
ln -s "$DOORSTOP" "$T/bin/doorstop"
PATH=$T/bin:$PATH
cat >"$XDG_CONFIG_HOME/doorstop/config" <<EOF
[identity]
name = Sam Taylor
address = sam@example.net

[reply]
drafts = $root/Drafts

[reminder]
calendar = $T/cal
EOF
cp "$XDG_CONFIG_HOME/doorstop/config" "$T/doorstop.conf"
cat >"$NOTMUCH_CONFIG" <<EOF
[database]
path=$root

[user]
name=Sam Taylor
primary_email=sam@example.net

[new]
tags=inbox;unread

[maildir]
synchronize_flags=true
EOF

# folder NAME: an empty Maildir folder under the mail root.
folder() { maildir "$root/$1"; }
# deliver FIXTURE FOLDER NAME: the fixture dated now into FOLDER/new.
deliver() {
	sed "s/^Date: .*/Date: $now/" "$FIXTURES/$1" >"$root/$2/new/$3"
}
# found QUERY: how many messages notmuch finds.
found() { notmuch count -- "$1"; }
reminders() { find "$T/cal" -name '*.ics' 2>/dev/null | wc -l; }
# header NAME FILE: the value of a header of the message in FILE.
header() { sed -n -e '/^$/q' -e "s/^$1: //p" "$2"; }
# run_new: the real "notmuch new", which runs the hook; 0 if it succeeded.
run_new() { notmuch new >"$T/out" 2>"$T/err"; }

# The set-up the hook documents: the tag "new" on new mail, the hook in
# the hooks directory, executable, as it is.
folder ""
folder .Sent
folder .Jobs
notmuch new >/dev/null
notmuch config set new.tags new inbox unread
hooks=$(notmuch config get database.hook_dir)
mkdir -p "$hooks"
cp "$TOP_SRCDIR/contrib/notmuch-post-new" "$hooks/post-new"
chmod +x "$hooks/post-new"

deliver rej-plain.eml "" 1795400001.P1.host
deliver ack.eml "" 1795400002.P2.host
deliver rej-wrapped.eml .Sent 1795400003.P3.host
cp "$root/new/1795400001.P1.host" "$T/rejection"

run_new
check_eq "notmuch new with the hook: exit 0, no complaint" \
    "$?:$(cat "$T/err")" "0:"
check_eq "tag:draft finds one message" "$(found tag:draft)" 1
draft=$(notmuch search --output=files tag:draft)
check_eq "the hook says what it drafted, where, and nothing else" \
    "$(sed -e '/^Found /d' -e '/^Processed /d' -e '/^Added /d' \
    -e 's/ due [0-9]*-[0-9]*-[0-9]*:/ due DATE:/' "$T/out")" \
    "drafted: Priya Raman <priya.raman@northwind.example.com> \"Your application for Senior Embedded Engineer\" (job), follow-up due DATE: $draft
scanned 2 messages in 1 folder: 1 rejection, 1 draft, 1 reminder, 0 skipped by the gate, 0 errors"
check_eq "the rejection is tagged \"rejection\", nothing else is" \
    "$(notmuch search --output=messages tag:rejection)" "id:$mid"
check_eq "no mail keeps \"new\"" "$(found tag:new)" 0
check_eq "the draft answers the rejection" \
    "$(header To "$draft"):$(header Subject "$draft"):$(header In-Reply-To "$draft")" \
    "Priya Raman <priya.raman@northwind.example.com>:Re: Your application for Senior Embedded Engineer:<$mid>"
check "it is a Maildir draft in doorstop's drafts folder" \
    test "${draft%/cur/*:2,DS}" = "$root/Drafts"
check_eq "notmuch puts it in the rejection's thread" \
    "$(notmuch search --output=threads tag:draft)" \
    "$(notmuch search --output=threads "id:$mid")"
check_eq "the draft's tags: draft, not inbox" \
    "$(notmuch search --output=tags tag:draft)" "draft"
check_eq "one reminder" "$(reminders)" 1
check "the rejection's file is as it was delivered" \
    cmp -s "$root/new/1795400001.P1.host" "$T/rejection"

run_new
check_eq "notmuch new with nothing new: exit 0, nothing from the hook" \
    "$?:$(cat "$T/out")$(cat "$T/err")" "0:No new mail."
check_eq "still one draft, one reminder" \
    "$(found tag:draft) $(reminders)" "1 1"

# A second rejection, sorted into a folder of its own, later.
deliver rej-base64-alt.eml .Jobs 1795400004.P4.host
run_new
check_eq "a later rejection: exit 0, one line drafted" \
    "$?:$(grep -c '^drafted: ' "$T/out")" "0:1"
check_eq "it is tagged too" \
    "$(notmuch search --output=messages tag:rejection | sort)" \
    "$(printf 'id:%s\nid:%s\n' "$mid2" "$mid" | sort)"
check_eq "two drafts, the new one in the new rejection's thread" \
    "$(found tag:draft):$(found "tag:draft and thread:{id:$mid2}")" "2:1"
check_eq "and two reminders" "$(reminders)" 2

# Sam's reply to the first, saved in Sent by the mail client: the hook
# notes it in that rejection's reminder as the thank-you note sent.
printf 'From: Sam Taylor <sam@example.net>\nTo: priya.raman@northwind.example.com\nSubject: Re: Your application\nDate: %s\nMessage-ID: <reply.1@example.net>\nIn-Reply-To: <%s>\n\nThank you, Priya.\n' \
    "$(date -R -d '+1 minute')" "$mid" >"$root/.Sent/cur/1795400007.P7.host:2,S"
run_new
check_eq "a reply in Sent: exit 0, nothing drafted, one follow-up noted" \
    "$?:$(grep -c '^drafted: ' "$T/out"):$(grep -v '^[FPA][a-z]* ' "$T/out")" \
    "0:0:scanned 1 sent message in 1 folder: 1 follow-up noted, 0 errors"
check "the reminder says so" sh -c \
    "grep -l '^URL:mid:$mid' '$T/cal'/*.ics | xargs cat | tr -d '\r\n ' | grep -q 'Thank-younotesenton'"
check_eq "and it keeps no \"new\"" "$(found tag:new)" 0

# doorstop fails (its drafts folder cannot be made): notmuch new says the
# hook failed, the mail is indexed and keeps "new", and the next run, once
# the config is right, answers it.
echo "a file" >"$T/notadir"
sed "s|^drafts = .*|drafts = $T/notadir/Drafts|" "$T/doorstop.conf" \
    >"$XDG_CONFIG_HOME/doorstop/config"
deliver rej-qp-latin1.eml "" 1795400005.P5.host
run_new
check_eq "doorstop fails: notmuch new fails, saying the hook failed" \
    "$?:$(grep -c 'post-new hook failed' "$T/err")" "1:1"
check "doorstop's error is shown" grep -q '^doorstop: ' "$T/err"
check_eq "the message is indexed, keeps \"new\", has no draft" \
    "$(found "tag:new and not tag:draft") $(found tag:draft)" "1 2"
cp "$T/doorstop.conf" "$XDG_CONFIG_HOME/doorstop/config"
run_new
check_eq "fixed, the next notmuch new answers it" \
    "$?:$(grep -c '^drafted: ' "$T/out"):$(found tag:draft):$(found tag:new)" \
    "0:1:3:0"

# Without "new" among new.tags the hook cannot tell new mail: it says so.
notmuch config set new.tags inbox unread
deliver everyday.eml "" 1795400006.P6.host
run_new
check_eq "no \"new\" in new.tags: the hook fails, telling the setting" \
    "$?:$(grep -c 'notmuch config set new.tags new inbox unread' "$T/err")" \
    "1:1"
check_eq "the rejection in Sent was never answered: three drafts, not in its thread" \
    "$(found tag:draft):$(found "tag:draft and thread:{id:87h6tq2w1d.fsf@quillstone.example.com}")" "3:0"
done_testing
