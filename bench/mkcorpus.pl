#!/usr/bin/perl
# mkcorpus.pl: build the benchmark's mailboxes from the development corpus,
# in one pass.
#
#	perl mkcorpus.pl CORPUS_DEV_DIR MESSAGES SAMPLE OUTDIR
#
# Every message file listed in labels.tsv is copied as often as it takes
# to reach MESSAGES (so the mix of rejections, ham, spam and bounces stays
# the corpus's), each copy with a Message-ID of its own: doorstop answers
# a Message-ID once, so copies with the same ID would not all be drafted.
# A MESSAGES below the corpus's size takes messages evenly spread over
# labels.tsv instead, for quick trial runs.  OUTDIR gets:
#
#	maildir/	the messages, one file each in cur/ (no "From " line)
#	mbox		the same messages as an mbox (mboxrd ">From " quoting)
#	maildir100k/	every maildir/ file hard-linked twice under two new
#			unique names: a Maildir twice the size for the rescan
#	sample/		SAMPLE messages evenly spread over the first copy,
#			hard-linked: the instruction counts, and the grep
#			baseline, which is too slow for the whole Maildir
#	sample.mbox	the same SAMPLE messages as an mbox
#	empty/		a Maildir with no message: doorstop's start-up alone
#	info		"messages N", "bytes N" (maildir/), "mbox_bytes N",
#			and the same three for the sample (sample_messages...)
#
# Line ends are kept as they are (CRLF, LF, even lone CR): doorstop has to
# cope with all of them in real mailboxes.

use strict;
use warnings;

@ARGV == 4 or die "usage: mkcorpus.pl CORPUS_DEV_DIR MESSAGES SAMPLE OUTDIR\n";
my ($dev, $want, $nsample, $out) = @ARGV;

# The files, in labels.tsv order.
open(my $labels, '<', "$dev/labels.tsv") or die "$dev/labels.tsv: $!\n";
my @files;
while (<$labels>) {
	next if $. == 1;		# the header line
	chomp;
	my ($file) = split /\t/;
	push @files, $file if defined $file && $file ne '';
}
close $labels;
@files or die "$dev/labels.tsv: no message files\n";

# Which files, how many times.
my @pick = (0 .. $#files);
my $copies = int(($want + @files - 1) / @files);
if ($want < @files) {
	@pick = map { int($_ * @files / $want) } 0 .. $want - 1;
	$copies = 1;
}

for my $d ('', map { ("/$_", "/$_/cur", "/$_/new", "/$_/tmp") }
    qw(maildir maildir100k sample empty)) {
	mkdir "$out$d" or $!{EEXIST} or die "$out$d: $!\n";
}
open(my $mbox, '>:raw', "$out/mbox") or die "$out/mbox: $!\n";
open(my $smbox, '>:raw', "$out/sample.mbox") or die "$out/sample.mbox: $!\n";

# Read the originals once: 37 MB is nothing, and it makes one pass.
my @text;
for my $i (@pick) {
	open(my $in, '<:raw', "$dev/$files[$i]") or die "$dev/$files[$i]: $!\n";
	local $/;
	my $t = <$in>;
	close $in;
	$t =~ s/\AFrom [^\r\n]*(?:\r\n|\n|\r)//;	# Maildir files have none
	push @text, $t;
}

# The message text with Message-ID set to id: the header replaced where
# there is one (with its continuation lines), else added at the top.
sub with_id {
	my ($t, $id) = @_;
	my ($eol) = $t =~ /(\r\n|\n|\r)/;
	$eol = "\n" unless defined $eol;
	my $end = substr($t, 0, length $eol) eq $eol ? 0 : index($t, "$eol$eol");
	$end = length $t if $end < 0;
	my $head = substr($t, 0, $end);
	my $rest = substr($t, $end);
	my $e = quotemeta $eol;
	my $field = qr/(?:\A|(?<=$e))Message-ID:[^\r\n]*(?:$e[ \t][^\r\n]*)*/i;
	$head = "Message-ID: <$id>$eol$head"
	    unless $head =~ s/$field/Message-ID: <$id>/;
	return $head . $rest;
}

sub put {
	my ($path, $data) = @_;
	open(my $f, '>:raw', $path) or die "$path: $!\n";
	print $f $data or die "$path: $!\n";
	close $f or die "$path: $!\n";
}

my ($seq, $bytes, $sseq, $sbytes) = (0, 0, 0, 0);
my %sampled;
$sampled{int($_ * @text / $nsample)} = 1 for 0 .. $nsample - 1;

for my $c (1 .. $copies) {
	for my $i (0 .. $#text) {
		$seq++;
		my $t = with_id($text[$i], "$seq.$c.bench\@doorstop.invalid");
		# Unique names that sort in corpus order; ":2,S": read mail.
		my $name = sprintf('%d.B%07d.bench', 1400000000 + $seq, $seq);
		put("$out/maildir/cur/$name:2,S", $t);
		$bytes += length $t;
		for my $half ('a', 'b') {
			link("$out/maildir/cur/$name:2,S",
			    "$out/maildir100k/cur/$name$half:2,S")
			    or die "$out/maildir100k: $!\n";
		}
		my $sample = $c == 1 && $sampled{$i};
		if ($sample) {
			link("$out/maildir/cur/$name:2,S",
			    "$out/sample/cur/$name:2,S")
			    or die "$out/sample: $!\n";
			$sseq++;
			$sbytes += length $t;
		}
		# mboxrd: quote "From " lines with one more ">", and end the
		# message with a newline and a blank line before the next one.
		$t =~ s/^(>*From )/>$1/mg;
		$t .= "\n" unless $t =~ /\n\z/;
		$t = "From bench\@doorstop.invalid Sat Jan  1 00:00:00 2022\n$t\n";
		print $mbox $t or die "$out/mbox: $!\n";
		print $smbox $t or die "$out/sample.mbox: $!\n" if $sample;
	}
}
close $mbox or die "$out/mbox: $!\n";
close $smbox or die "$out/sample.mbox: $!\n";

put("$out/info", "messages $seq\nbytes $bytes\nmbox_bytes " .
    (-s "$out/mbox") . "\nsample_messages $sseq\nsample_bytes $sbytes\n" .
    "sample_mbox_bytes " . (-s "$out/sample.mbox") . "\n");
