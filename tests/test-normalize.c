/* Unit tests for normalize.c: folding, paragraphs, and what is quoted. */

#include <string.h>

#include "test.h"

static const struct {
	const char	*name;
	const char	*in;
	const char	*want;
} folds[] = {
	{ "curly-quotes", "\xe2\x80\x9cwe\xe2\x80\x99re\xe2\x80\x9d",
	    "\"we're\"" },
	{ "dashes", "a\xe2\x80\x93" "b\xe2\x80\x94" "c\xe2\x80\x90" "d",
	    "a-b-c-d" },
	{ "nbsp", "thank\xc2\xa0you\xe2\x80\xaf!", "thank you !" },
	{ "zero-width", "can\xe2\x80\x8b" "di\xc2\xad" "dates\xef\xbb\xbf",
	    "candidates" },
	{ "ellipsis", "so\xe2\x80\xa6", "so..." },
	{ "crlf", "a\r\nb\rc", "a\nb\nc" },
	{ "tabs", "a\tb", "a b" },
	{ "nfc", "cafe\xcc\x81", "caf\xc3\xa9" },
	{ "guillemets", "\xc2\xab non \xc2\xbb", "\" non \"" },
};

static const struct {
	const char	*name;
	const char	*in;
	const char	*want;
} paragraphs[] = {
	{ "joined", "we have decided to\nmove forward with\nothers",
	    "we have decided to move forward with others" },
	{ "split", "one\n\ntwo", "one\ntwo" },
	{ "many-blank", "one\n \n\n\t\ntwo\n\n", "one\ntwo" },
	{ "spaces", "  a   b  \n  c  ", "a b c" },
	{ "leading-blank", "\n\nx", "x" },
	{ "empty", "", "" },
};

static const struct {
	const char	*name;
	const char	*in;
	const char	*body;
	const char	*quoted;
	const char	*signature;
} splits[] = {
	{ "plain", "Dear Sam,\n\nWe regret\nto inform you.\n",
	    "Dear Sam,\nWe regret to inform you.", "", "" },
	{ "quote-lines", "Sorry to hear.\n\n> we regret to\n> inform you\n",
	    "Sorry to hear.", "we regret to inform you", "" },
	{ "nested-quote", "ok\n> > deep\n", "ok", "deep", "" },
	{ "attribution", "Thanks!\n\nOn Mon, 2 Nov 2026, Ann wrote:\n"
	    "old text\nmore\n", "Thanks!",
	    "On Mon, 2 Nov 2026, Ann wrote: old text more", "" },
	{ "attribution-two-lines", "Hi\nOn Mon, 2 Nov 2026 at 09:12, Sam "
	    "<s@example.net>\nwrote:\nquoted\n", "Hi",
	    "On Mon, 2 Nov 2026 at 09:12, Sam <s@example.net> wrote: quoted",
	    "" },
	{ "french-attribution", "Merci\n\nLe 2 nov. 2026, Ann a \xc3\xa9"
	    "crit :\nvieux\n", "Merci",
	    "Le 2 nov. 2026, Ann a \xc3\xa9" "crit : vieux", "" },
	{ "german-attribution", "Danke\nAm 2. Nov. 2026 um 10:00 schrieb "
	    "Ann <a@example.org>:\nalt\n", "Danke",
	    "Am 2. Nov. 2026 um 10:00 schrieb Ann <a@example.org>: alt", "" },
	{ "forwarded", "FYI\n\n---------- Forwarded message ---------\n"
	    "From: X\nwe regret\n", "FYI",
	    "---------- Forwarded message --------- From: X we regret", "" },
	{ "outlook", "See below\n\nFrom: HR <hr@example.com>\nSent: Monday\n"
	    "Subject: x\n\nold\n", "See below",
	    "From: HR <hr@example.com> Sent: Monday Subject: x\nold", "" },
	{ "original-message", "top\n-----Original Message-----\nold\n",
	    "top", "-----Original Message----- old", "" },
	{ "signature", "Best wishes,\nPriya\n-- \nPriya Raman\nRecruiter\n",
	    "Best wishes, Priya", "", "Priya Raman Recruiter" },
	{ "signature-then-quote", "text\n--\nsig\n> old\n", "text", "old",
	    "sig" },
	{ "from-in-prose", "From: the team\nThanks for applying.\n",
	    "From: the team Thanks for applying.", "", "" },
};

static void
test_fold(gconstpointer p)
{
	gsize	 i = GPOINTER_TO_SIZE(p);
	char	*out;

	out = normalize_fold(folds[i].in);
	g_assert_cmpstr(out, ==, folds[i].want);
	g_free(out);
}

static void
test_paragraphs(gconstpointer p)
{
	gsize	 i = GPOINTER_TO_SIZE(p);
	char	*out;

	out = normalize_paragraphs(paragraphs[i].in);
	g_assert_cmpstr(out, ==, paragraphs[i].want);
	g_free(out);
}

static void
test_split(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct text	*t;

	t = normalize_split(splits[i].in);
	g_assert_cmpstr(t->body, ==, splits[i].body);
	g_assert_cmpstr(t->quoted, ==, splits[i].quoted);
	g_assert_cmpstr(t->signature, ==, splits[i].signature);
	text_free(t);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	TEST_ADD_NAMED("/normalize/fold", folds, test_fold);
	TEST_ADD_NAMED("/normalize/paragraphs", paragraphs, test_paragraphs);
	TEST_ADD_NAMED("/normalize/split", splits, test_split);
	return (g_test_run());
}
