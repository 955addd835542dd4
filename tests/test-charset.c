/* Unit tests for charset.c: any bytes, any label, valid UTF-8 out. */

#include <string.h>

#include "test.h"

static const struct {
	const char	*name;
	const char	*in;
	gssize		 len;		/* -1: strlen */
	const char	*charset;
	const char	*want;
} cases[] = {
	{ "ascii", "plain text", -1, "us-ascii", "plain text" },
	{ "utf8", "caf\xc3\xa9", -1, "utf-8", "caf\xc3\xa9" },
	{ "no-label-utf8", "na\xc3\xafve", -1, NULL, "na\xc3\xafve" },
	{ "latin1", "caf\xe9", -1, "iso-8859-1", "caf\xc3\xa9" },
	{ "latin1-is-cp1252", "we\x92re \x96 ok", -1, "ISO-8859-1",
	    "we\xe2\x80\x99re \xe2\x80\x93 ok" },
	{ "ascii-label-utf8-bytes", "Zo\xc3\xa9", -1, "us-ascii",
	    "Zo\xc3\xa9" },
	{ "ascii-label-8bit", "Zo\xe9", -1, "us-ascii", "Zo\xc3\xa9" },
	{ "utf8-label-latin1-bytes", "Zo\xe9 ok", -1, "utf-8",
	    "Zo\xc3\xa9 ok" },
	{ "utf8-with-stray-byte", "caf\xc3\xa9 \xff!", -1, "utf-8",
	    "caf\xc3\xa9 \xef\xbf\xbd!" },
	{ "unknown-charset", "abc\xe9", -1, "x-no-such-charset",
	    "abc\xc3\xa9" },
	{ "koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", -1, "koi8-r",
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82" },
	{ "gb2312-as-gb18030", "\xc4\xe3\xba\xc3", -1, "gb2312",
	    "\xe4\xbd\xa0\xe5\xa5\xbd" },
	{ "nul-dropped", "a\0b", 3, "utf-8", "ab" },
	{ "empty", "", -1, "utf-8", "" },
	{ "cp1252-undefined-byte", "x\x81y", -1, "windows-1252",
	    "x\xc2\x81y" },
};

static void
test_case(gconstpointer p)
{
	gsize	 i = GPOINTER_TO_SIZE(p);
	gsize	 len;
	char	*out;

	len = cases[i].len < 0 ? strlen(cases[i].in) : (gsize)cases[i].len;
	out = charset_to_utf8(cases[i].in, len, cases[i].charset);
	g_assert_true(g_utf8_validate(out, -1, NULL));
	g_assert_cmpstr(out, ==, cases[i].want);
	g_free(out);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	TEST_ADD_NAMED("/charset", cases, test_case);
	return (g_test_run());
}
