#!/bin/sh
# patterns.sh: print the body regexes of the rules in RULESDIR as a
# pcre2grep pattern file, one a line, for the benchmark's "grep with the
# same patterns" baseline.
#
#	sh patterns.sh RULESDIR >PATTERNS
#
# Each "body NAME /re/flags" line of RULESDIR/*.rules and
# RULESDIR/*/*.rules (where doorstop reads them) becomes re with its flags
# as an inline prefix: /re/i gives (*UCP)(?i)re.  The pattern runs to the
# last "/" on the line, as doorstop reads it.  doorstop compiles every
# regex with UTF, UCP and MATCH_INVALID_UTF: pcre2grep -U gives the first
# and the last, and (*UCP) the one -U lacks, so that \w, \b and case
# folding know accented letters in both.
set -eu

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: patterns.sh RULESDIR" >&2
	exit 64
fi

find "$1" -maxdepth 2 -name '*.rules' -type f | LC_ALL=C sort |
while IFS= read -r f; do
	perl -ne '
		s/\r?\n\z//;
		next unless m{^\s*body\s+\S+\s+/(.*)/([imsx]*)\s*$};
		print "(*UCP)", ($2 eq "" ? "" : "(?$2)"), $1, "\n";
	' "$f"
done
