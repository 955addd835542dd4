/*
 * test-prefilter.c: the literals read from a regex.  What matters most is
 * that they are sound: whatever text a regex matches holds one literal of
 * each set of one of its clauses, once folded as prefilter_fold does.
 * Each row pairs a regex with a text it matches, in the awkward cases:
 * white space runs, case in and out of ASCII, options set inside, classes,
 * optional and repeated groups, lookarounds, extended mode.
 */

#include <string.h>

#include "test.h"

static const struct {
	const char	*name;
	const char	*re;
	const char	*flags;
	const char	*text;		/* a text re matches */
} sound[] = {
	{ "plain", "regret to inform", "i", "We REGRET to inform you" },
	{ "space-runs", "regret\\s+to\\s+inform", "i",
	    "regret \n\t to   inform" },
	{ "nbsp", "regret\\s+to", "i", "regret\xc2\xa0to" },
	{ "optional-group", "(?:formally\\s+)?offer\\s+you", "i",
	    "offer you" },
	{ "alternation", "(?:move|moving)\\s+forward", "i", "Moving  forward" },
	{ "class-accents", "r[\xc3\xa9" "e]ponse", "i", "R\xc3\x89PONSE" },
	{ "case-scoped", "(?-i:ABC)\\s+def", "i", "ABC DEF" },
	{ "case-set-inside", "(?i)abc(?-i)DEF", "", "aBcDEF" },
	{ "greek-caseless", "\xce\xbc\xce\xb9\xce\xba\xcf\x81\xcf\x8c", "i",
	    "\xce\x9c\xce\x99\xce\x9a\xce\xa1\xce\x8c" },
	{ "final-sigma", "\xcf\x83\xce\xb1\xcf\x82", "i",
	    "\xce\xa3\xce\x91\xce\xa3" },
	{ "kelvin-sign", "kelvin", "i", "\xe2\x84\xaa" "elvin" },
	{ "long-s", "class", "i", "cla\xc5\xbf\xc5\xbf" },
	{ "sharp-s", "stra\xc3\x9f" "e", "i", "STRA\xe1\xba\x9e" "E" },
	{ "extended", "re gret \\s+ to  # a comment\n", "x", "regret to" },
	{ "extended-inline", "(?x) we \\  regret", "", "we regret" },
	{ "lookahead", "(?=unfortunately)unfortunately,\\s+we", "i",
	    "Unfortunately, we" },
	{ "lookbehind", "(?<!not\\s)selected", "i", "was selected" },
	{ "bounded-repeat", "(?:very\\s+){0,3}sorry", "i", "very very sorry" },
	{ "exact-repeat", "(?:ab){2}c", "", "ababc" },
	{ "plus-group", "(?:thank\\s+you\\s+)+for", "i",
	    "thank you thank you for" },
	{ "escaped-dot", "Mr\\.\\s+Smith", "i", "mr. smith" },
	{ "backreference", "(\\w+) \\1 again", "", "bye bye again" },
	{ "utf8-upper", "\xc3\x89" "COLE", "i", "\xc3\xa9" "cole" },
	{ "apostrophe", "n't\\s+be\\s+moving", "i", "won't be moving" },
	{ "long-literal", "internationalisation committee decision", "i",
	    "INTERNATIONALISATION COMMITTEE DECISION" },
	{ "quoted-run", "\\Q.net\\E developer", "", ".net developer" },
	{ "named-group", "(?<org>[A-Z]\\w+) has declined", "",
	    "Acme has declined" },
	{ "empty-branch", "(?:we|)\\s*regret", "i", " regret" },
	{ "class-with-space", "thank[\\s,]+you", "i", "thank, you" },
	{ "newline-escape", "best\\nwishes", "i", "best\nwishes" },
	{ "dollar-multiline", "regards$", "im", "Kind regards\nSam" },
	{ "possessive", "(?:no\\s+)++longer", "i", "no no longer" },
	{ "nested-alternation",
	    "(?:(?:decided|chosen)\\s+(?:not\\s+)?to\\s+(?:proceed|move)|"
	    "went\\s+with\\s+(?:another|a\\s+different)\\s+vendor)", "i",
	    "We went with a different vendor" },
};

/* Whether folded holds a literal of each set of one of lits' clauses. */
static gboolean
test_satisfied(char **lits, const char *folded)
{
	gboolean	clause = TRUE, set = FALSE;

	for (; *lits != NULL; lits++) {
		if (**lits == '\n') {		/* the clause ends */
			if (clause && set)
				return (TRUE);
			clause = TRUE, set = FALSE;
		} else if (**lits == '\0') {	/* the set ends */
			clause = clause && set;
			set = FALSE;
		} else
			set = set || strstr(folded, *lits) != NULL;
	}
	return (clause && set);
}

static void
test_sound(gconstpointer data)
{
	gsize		 i = GPOINTER_TO_SIZE(data);
	struct pattern	*p;
	GError		*e = NULL;
	char		**lits, *folded, *match;

	p = pattern_compile(sound[i].re, sound[i].flags, FALSE, &e);
	g_assert_no_error(e);
	g_assert_true(pattern_match(p, sound[i].text, &match, NULL, &e));
	g_assert_no_error(e);
	g_free(match);
	pattern_free(p);
	lits = prefilter_literals(sound[i].re, sound[i].flags);
	if (lits == NULL)
		return;		/* the rule always runs: sound */
	folded = prefilter_fold(sound[i].text);
	if (!test_satisfied(lits, folded)) {
		g_test_message("literals not in \"%s\":", folded);
		for (i = 0; lits[i] != NULL; i++)
			g_test_message("  [%s]", lits[i]);
		g_test_fail();
	}
	g_free(folded);
	g_strfreev(lits);
}

/* What is read from some regexes, exactly. */
static const struct {
	const char	*name;
	const char	*re;
	const char	*flags;
	const char	*want;		/* literals joined by "|", or NULL */
} exact[] = {
	{ "phrase", "regret to inform", "i", "regret to in" },
	{ "two-words", "\\bunfortunately\\b.*\\bregret\\b", "i",
	    "unfortunatel||regret" },
	{ "alternatives", "\\b(?:sorry|regret)\\b", "i", "regret|sorry" },
	{ "clauses", "declined\\s+\\w+|not\\s+\\w+\\s+selected", "i",
	    "declined |\n| selected||not " },
	{ "case-folded", "Leider", "", "leider" },
	{ "space-folded", "no\\s+longer", "i", "no longer" },
	{ "nothing-worth", "\\w+\\s+\\d+", "", NULL },
	{ "two-letters", "regrettably|no", "i", "no|regrettably" },
	{ "one-letter", "regrettably|a", "i", NULL },
	{ "optional-only", "(?:regret)?", "i", NULL },
	{ "unbalanced", "(?:regret", "i", NULL },
	{ "verb", "(*UTF)regret", "i", NULL },
	/* Found by fuzzing: these read past the end of the regex. */
	{ "trailing-backslash", "regret\\", "i", NULL },
	{ "not-utf8-range", "[a-\xe0", "", NULL },
	{ "not-utf8-plain", "regret\xe0", "", NULL },
	{ "unclosed-comment", "regret(?#to inform", "", NULL },
};

static void
test_exact(gconstpointer data)
{
	gsize	 i = GPOINTER_TO_SIZE(data);
	char	**lits, *got;

	lits = prefilter_literals(exact[i].re, exact[i].flags);
	got = lits != NULL ? g_strjoinv("|", lits) : NULL;
	g_assert_cmpstr(got, ==, exact[i].want);
	g_free(got);
	g_strfreev(lits);
}

static const struct {
	const char	*name;
	const char	*in;
	const char	*out;
} folds[] = {
	{ "case", "We REGRET", "we regret" },
	{ "spaces", "a \t\n b\xc2\xa0\xe2\x80\x83" "c", "a b c" },
	{ "accents", "\xc3\x89" "COLE", "\xc3\xa9" "cole" },
	{ "long-s", "cla\xc5\xbf\xc5\xbf", "class" },
	{ "kelvin", "\xe2\x84\xaa", "k" },
	{ "invalid-utf8", "a\xff" "b", "a\xff" "b" },
};

static void
test_fold(gconstpointer data)
{
	gsize	 i = GPOINTER_TO_SIZE(data);
	char	*got;

	got = prefilter_fold(folds[i].in);
	g_assert_cmpstr(got, ==, folds[i].out);
	g_free(got);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	TEST_ADD_NAMED("/prefilter/sound", sound, test_sound);
	TEST_ADD_NAMED("/prefilter/literals", exact, test_exact);
	TEST_ADD_NAMED("/prefilter/fold", folds, test_fold);
	return (g_test_run());
}
