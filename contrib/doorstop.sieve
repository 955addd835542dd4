# doorstop.sieve: pass incoming mail through doorstop with Dovecot's Sieve
# (Pigeonhole) and file rejections in a folder of their own.  doorstop adds
# an X-Doorstop header and, for a rejection, drafts a reply into your
# Drafts folder and writes a follow-up reminder.
#
# Use it as your personal script (~/.dovecot.sieve with Debian's default
# "sieve = file:~/sieve;active=~/.dovecot.sieve"), or paste the lines below
# at the top of the script you have (merging the require lists).  Dovecot
# must allow the "filter" command first: see dovecot-sieve.conf.

# vnd.dovecot.filter: the filter command; fileinto and mailbox: fileinto
# with :create; index: :index on the header test.
require ["vnd.dovecot.filter", "fileinto", "mailbox", "index"];

# Pipe the message through "doorstop filter" (the program named doorstop
# in sieve_filter_bin_dir, given the argument "filter").  The rest of the
# script sees doorstop's output: the message with one X-Doorstop header
# added at the top.  If doorstop fails, the message stays as it was.
filter "doorstop" ["filter"];

# A rejection goes to the "Rejections" folder, created the first time;
# change the name to taste.  :index 1 looks only at the first X-Doorstop
# header, doorstop's own, not at one the sender may have put in the mail.
# "stop" ends the script here: remove it if later rules should still see
# rejections.  Everything else goes on to the rest of the script, or to
# INBOX.
if header :index 1 :matches "X-Doorstop" "rejection *" {
	fileinto :create "Rejections";
	stop;
}
