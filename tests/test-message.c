/* Unit tests for message.c: headers, the text part chosen, line ends. */

#include <string.h>

#include "test.h"

static const struct {
	const char	*name;
	const char	*raw;
	const char	*want;
} headers[] = {
	{ "plain", "Your application", "Your application" },
	{ "q-latin1", "=?iso-8859-1?Q?Caf=E9_Manager?=", "Caf\xc3\xa9 Manager" },
	{ "q-cp1252-dash", "=?iso-8859-1?Q?a_=96_b?=", "a \xe2\x80\x93 b" },
	{ "b-utf8", "=?UTF-8?B?SsO2cmc=?= <j@example.com>",
	    "J\xc3\xb6rg <j@example.com>" },
	{ "adjacent-words", "=?utf-8?q?Ihre_?= =?utf-8?q?Bewerbung?=",
	    "Ihre Bewerbung" },
	{ "folded", "a long\n subject", "a long subject" },
	{ "raw-utf8", "R\xc3\xa9sum\xc3\xa9", "R\xc3\xa9sum\xc3\xa9" },
	{ "raw-latin1", "R\xe9sum\xe9", "R\xc3\xa9sum\xc3\xa9" },
	{ "encoded-crlf", "=?utf-8?q?a=0D=0ABcc:_x@example.com?=",
	    "a  Bcc: x@example.com" },
	{ "broken-word", "=?utf-8?q?unterminated", "=?utf-8?q?unterminated" },
};

static const struct {
	const char	*name;
	const char	*msg;
	const char	*body;
	const char	*quoted;
} bodies[] = {
	{ "plain",
	    "Subject: x\n\nWe regret\nto inform you.\n",
	    "We regret to inform you.", "" },
	{ "from-line-crlf",
	    "From a@example.com Mon Nov  2 10:00:00 2026\r\nSubject: x\r\n\r\n"
	    "line one\r\nline two\r\n", "line one line two", "" },
	{ "lone-cr", "Subject: x\r\rone\rtwo\r\rthree\r", "one two\nthree",
	    "" },
	{ "qp", "Content-Type: text/plain; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n"
	    "we=92re sorry =\nabout it\n", "we're sorry about it", "" },
	{ "base64", "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: base64\n\nd2UgcmVncmV0\n",
	    "we regret", "" },
	{ "alternative-prefers-plain",
	    "Content-Type: multipart/alternative; boundary=b\n\n--b\n"
	    "Content-Type: text/plain\n\nplain words\n--b\n"
	    "Content-Type: text/html\n\n<p>html words</p>\n--b--\n",
	    "plain words", "" },
	{ "html-only",
	    "Content-Type: text/html\n\n<p>We&rsquo;re sorry</p>"
	    "<blockquote>old</blockquote>\n", "We're sorry", "old" },
	{ "blank-plain-uses-html",
	    "Content-Type: multipart/alternative; boundary=b\n\n--b\n"
	    "Content-Type: text/plain\n\n \n--b\n"
	    "Content-Type: text/html\n\n<p>html words</p>\n--b--\n",
	    "html words", "" },
	{ "attachment-skipped",
	    "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: text/plain\n\nbody text\n--b\n"
	    "Content-Type: text/plain\nContent-Disposition: attachment; "
	    "filename=cv.txt\n\nattached cv\n--b--\n", "body text", "" },
	{ "attached-message-skipped",
	    "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: text/plain\n\nsee below\n--b\n"
	    "Content-Type: message/rfc822\n\nSubject: old\n\nold text\n"
	    "--b--\n", "see below", "" },
	{ "report-human-part",
	    "Content-Type: multipart/report; report-type=delivery-status; "
	    "boundary=b\n\n--b\nContent-Type: text/plain\n\nnot delivered\n"
	    "--b\nContent-Type: message/delivery-status\n\nAction: failed\n"
	    "--b--\n", "not delivered", "" },
	{ "no-body", "Subject: only headers\n", "", "" },
	{ "base64-labelled-7bit", "Content-Transfer-Encoding: 7bit\n\n"
	    "V2UgcmVncmV0IHRvIGluZm9ybSB5b3UgdGhhdCB0aGUgcG9zaXRpb24gaGFz\n"
	    "IGJlZW4gZmlsbGVkLgo=\n",
	    "We regret to inform you that the position has been filled.",
	    "" },
	{ "qp-labelled-7bit", "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 7bit\n\n"
	    "we are no longer =\nrecruiting for the posi=\ntion. Let=92s talk.\n",
	    "we are no longer recruiting for the position. Let's talk.", "" },
	{ "equals-signs-kept", "Subject: x\n\n"
	    "a =\nb =\nc = d\n", "a = b = c = d", "" },
	{ "base64-looking-words-kept", "Subject: x\n\n"
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcd\n"
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcd\n",
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcd "
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcd", "" },
};

static void
test_header(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct message	*m;
	char		*msg;

	msg = g_strdup_printf("Subject: %s\n\nbody\n", headers[i].raw);
	m = message_read(msg, strlen(msg), DOORSTOP_MAX_TEXT, NULL);
	g_assert_nonnull(m);
	g_assert_cmpstr(message_header(m, "subject"), ==, headers[i].want);
	message_free(m);
	g_free(msg);
}

static void
test_body(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct message	*m;
	GError		*e = NULL;

	m = message_read(bodies[i].msg, strlen(bodies[i].msg),
	    DOORSTOP_MAX_TEXT, &e);
	g_assert_no_error(e);
	g_assert_cmpstr(m->body, ==, bodies[i].body);
	g_assert_cmpstr(m->quoted, ==, bodies[i].quoted);
	message_free(m);
}

/* Text beyond the cap is not scanned, and the cap is reported. */
static void
test_cap(void)
{
	struct message	*m;
	GString		*s;
	int		 i;

	s = g_string_new("Subject: long\n\n");
	for (i = 0; i < 1000; i++)
		g_string_append(s, "caf\xc3\xa9 words words words\n");
	g_string_append(s, "\nthe end\n");
	m = message_read(s->str, s->len, 4096, NULL);
	g_assert_true(m->truncated);
	g_assert_cmpuint(strlen(m->body), <=, 4096);
	g_assert_true(g_utf8_validate(m->body, -1, NULL));
	g_assert_null(strstr(m->body, "the end"));
	message_free(m);
	g_string_free(s, TRUE);
}

static void
test_empty(void)
{
	GError	*e = NULL;

	g_assert_null(message_read("", 0, DOORSTOP_MAX_TEXT, &e));
	g_assert_error(e, DOORSTOP_ERROR, EX_DATAERR);
	g_error_free(e);
}

/* Without a header GMime can read, the whole message is body. */
static void
test_headless(void)
{
	const char	*s = "Sorry, we regret\nthe news.\n\n\tindented\n";
	struct message	*m;

	m = message_read(s, strlen(s), DOORSTOP_MAX_TEXT, NULL);
	g_assert_nonnull(m);
	g_assert_cmpuint(m->headers->len, ==, 0);
	g_assert_cmpstr(m->body, ==, "Sorry, we regret the news.\nindented");
	message_free(m);
}

/* Parts past the 1,000th boundary line are not parsed, nor collected. */
static void
test_parts_cap(void)
{
	struct message	*m;
	GString		*s;
	int		 i;

	s = g_string_new("Content-Type: multipart/mixed; boundary=b\n\n");
	for (i = 0; i < 1200; i++)
		g_string_append_printf(s, "--b\n\npart%d\n", i);
	g_string_append(s, "--b--\n");
	m = message_read(s->str, s->len, DOORSTOP_MAX_TEXT, NULL);
	g_assert_true(m->truncated);
	g_assert_nonnull(strstr(m->body, "part998"));
	g_assert_null(strstr(m->body, "part1000"));
	message_free(m);
	g_string_free(s, TRUE);
}

/*
 * A header line is cut at 64 KiB, the body after it still read; fields
 * past the 10,000th are not, nor what follows them.
 */
static void
test_header_caps(void)
{
	struct message	*m;
	GString		*s;
	int		 i;

	s = g_string_new("Subject: ");
	for (i = 0; i < 100000; i++)
		g_string_append(s, "regret ");
	g_string_append(s, "\nTo: a@example.com\n\nthe body\n");
	m = message_read(s->str, s->len, DOORSTOP_MAX_TEXT, NULL);
	g_assert_cmpuint(strlen(message_header(m, "Subject")), <=, 65536);
	g_assert_cmpstr(message_header(m, "To"), ==, "a@example.com");
	g_assert_cmpstr(m->body, ==, "the body");
	message_free(m);
	g_string_assign(s, "");
	for (i = 0; i < 10005; i++)
		g_string_append_printf(s, "X-F%d: v\n", i);
	g_string_append(s, "\nthe body\n");
	m = message_read(s->str, s->len, DOORSTOP_MAX_TEXT, NULL);
	g_assert_true(m->truncated);
	g_assert_cmpuint(m->headers->len, ==, 10000);
	g_assert_cmpstr(m->body, ==, "");
	message_free(m);
	g_string_free(s, TRUE);
}

/* Multiparts past 64 deep are not entered. */
static void
test_depth_cap(void)
{
	struct message	*m;
	GString		*s;
	int		 i, depth;

	for (depth = 60; depth <= 70; depth += 10) {
		s = g_string_new(NULL);
		for (i = 0; i < depth; i++)
			g_string_append_printf(s, "Content-Type: multipart/"
			    "mixed; boundary=b%d\n\n--b%d\n", i, i);
		g_string_append(s, "\ndeep words\n");
		m = message_read(s->str, s->len, DOORSTOP_MAX_TEXT, NULL);
		g_assert_cmpstr(m->body, ==, depth < 64 ? "deep words" : "");
		g_assert_true(m->truncated == (depth >= 64));
		message_free(m);
		g_string_free(s, TRUE);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	message_init();
	TEST_ADD_NAMED("/message/header", headers, test_header);
	TEST_ADD_NAMED("/message/body", bodies, test_body);
	g_test_add_func("/message/cap", test_cap);
	g_test_add_func("/message/empty", test_empty);
	g_test_add_func("/message/headless", test_headless);
	g_test_add_func("/message/caps/parts", test_parts_cap);
	g_test_add_func("/message/caps/header", test_header_caps);
	g_test_add_func("/message/caps/depth", test_depth_cap);
	return (g_test_run());
}
