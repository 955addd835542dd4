/* Unit tests for html.c: HTML to text with a real parser. */

#include <string.h>

#include "test.h"

static const struct {
	const char	*name;
	const char	*html;
	const char	*want;
} cases[] = {
	{ "paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo\n" },
	{ "br", "line one<br>line two<br/>line three", 
	    "line one\nline two\nline three\n" },
	{ "double-br", "a<br><br>b", "a\n\nb\n" },
	{ "entities", "<p>We&rsquo;re sorry &amp; thank&nbsp;you &lt;3</p>",
	    "We\xe2\x80\x99re sorry & thank\xc2\xa0you <3\n" },
	{ "numeric-entities", "<p>caf&#233; &#x2014; ok</p>",
	    "caf\xc3\xa9 \xe2\x80\x94 ok\n" },
	{ "script-style-dropped",
	    "<html><head><title>T</title><style>p{color:red}</style></head>"
	    "<body><script>var offer='interview';</script><p>Text</p>"
	    "</body></html>", "Text\n" },
	{ "whitespace-folded", "<p>a\n   b\t\tc</p>", "a b c\n" },
	{ "divs", "<div>one</div><div>two</div>", "one\ntwo\n" },
	{ "list", "<ul><li>a</li><li>b</li></ul>", "a\nb\n" },
	{ "table", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr>"
	    "</table>", "a b\nc\n" },
	{ "blockquote", "<p>Thanks</p><blockquote><p>old text</p>"
	    "</blockquote>", "Thanks\n\n> old text\n" },
	{ "pre", "<pre>a\n  b</pre>", "a\n  b\n" },
	{ "unclosed", "<p>open <b>bold <i>both", "open bold both\n" },
	{ "comment", "a<!-- hidden -->b", "ab\n" },
	{ "empty", "", "" },
	{ "not-html", "just text", "just text\n" },
};

static void
test_case(gconstpointer p)
{
	gsize	 i = GPOINTER_TO_SIZE(p);
	char	*out;

	out = html_to_text(cases[i].html, strlen(cases[i].html));
	g_assert_cmpstr(out, ==, cases[i].want);
	g_free(out);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	TEST_ADD_NAMED("/html", cases, test_case);
	return (g_test_run());
}
