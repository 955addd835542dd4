/*
 * Unit tests for template.c: values, fallbacks and sections, paragraphs
 * dropped for a missing value, the ":next" and ":call" parts, parse errors,
 * wrapping, and every shipped reply template.
 */

#include <string.h>

#include "test.h"

#define VARS_MAX	12

/* Sections nested four deep. */
#define OPEN4	"{{#org}}{{#org}}{{#org}}{{#org}}"
#define CLOSE4	"{{/org}}{{/org}}{{/org}}{{/org}}"

/* Every name a template may use, set. */
static const char *const all_vars[] = {
	"name=Jane Doe", "first_name=Jane", "org=Acme", "role=Data Engineer",
	"subject=Your application", "my_name=Sam Smith", "my_first_name=Sam",
	"offer=I have built data pipelines for ten years.", "feedback=yes",
	"important=yes", NULL
};

/* The same, without feedback. */
static const char *const all_but_feedback[] = {
	"name=Jane Doe", "first_name=Jane", "org=Acme", "role=Data Engineer",
	"subject=Your application", "my_name=Sam Smith", "my_first_name=Sam",
	"offer=I have built data pipelines for ten years.", "important=yes",
	NULL
};

static const char *const no_vars[] = { NULL };

static const char *const only_feedback[] = { "feedback=yes", NULL };

/* The body of text rendered with vars ("name=value"); NULL for nothing. */
static const struct {
	const char	*name;
	const char	*text;
	const char	*vars[VARS_MAX];
	const char	*want;
} renders[] = {
	/* Values and fallbacks. */
	{ "value", "Dear {{first_name}},", { "first_name=Jane" },
	    "Dear Jane," },
	{ "every-name", "{{name}}/{{first_name}}/{{org}}/{{role}}/"
	    "{{subject}}/{{my_name}}/{{my_first_name}}/{{offer}}/"
	    "{{feedback}}/{{important}}",
	    { "name=N", "first_name=F", "org=O", "role=R", "subject=S",
	    "my_name=M", "my_first_name=MF", "offer=X", "feedback=yes",
	    "important=1" }, "N/F/O/R/S/M/MF/X/yes/1" },
	{ "value-not-expanded", "At {{org}}, {{role}}.",
	    { "org={{my_name}} {{#role}}x{{/role}}", "role={{org|y}}",
	    "my_name=Sam" }, "At {{my_name}} {{#role}}x{{/role}}, {{org|y}}." },
	{ "value-twice", "{{org}} and {{org}}", { "org=Acme" },
	    "Acme and Acme" },
	{ "fallback-unused", "Hello {{first_name|there}}!",
	    { "first_name=Jane" }, "Hello Jane!" },
	{ "fallback-used", "Hello {{first_name|there}}!", { NULL },
	    "Hello there!" },
	{ "fallback-for-empty-value", "Hello {{first_name|there}}!",
	    { "first_name=" }, "Hello there!" },
	{ "fallback-with-spaces", "About {{org|your organisation}}.",
	    { NULL }, "About your organisation." },
	{ "fallback-with-bar", "{{role|a|b}}", { NULL }, "a|b" },
	{ "empty-fallback", "Best regards,\n{{my_first_name|}}", { NULL },
	    "Best regards," },
	{ "empty-fallback-with-value", "Best regards,\n{{my_first_name|}}",
	    { "my_first_name=Sam" }, "Best regards,\nSam" },

	/* Sections. */
	{ "section-on", "Hi{{#org}} at {{org}}{{/org}}.", { "org=Acme" },
	    "Hi at Acme." },
	{ "section-off", "Hi{{#org}} at {{org}}{{/org}}.", { NULL }, "Hi." },
	{ "section-off-empty-value", "Hi{{#org}} at {{org}}{{/org}}.",
	    { "org=" }, "Hi." },
	{ "inverted-on", "{{^org}}with you{{/org}}!", { NULL }, "with you!" },
	{ "inverted-off", "{{^org}}with you{{/org}}!", { "org=Acme" }, "!" },
	{ "either-set", "{{#org}}at {{org}}{{/org}}{{^org}}with you{{/org}}.",
	    { "org=Acme" }, "at Acme." },
	{ "either-unset",
	    "{{#org}}at {{org}}{{/org}}{{^org}}with you{{/org}}.", { NULL },
	    "with you." },
	{ "flag-any-value", "{{#feedback}}asked{{/feedback}}",
	    { "feedback=0" }, "asked" },
	{ "nested-both", "{{#feedback}}A{{#important}} B{{/important}}."
	    "{{/feedback}}", { "feedback=yes", "important=yes" }, "A B." },
	{ "nested-outer", "{{#feedback}}A{{#important}} B{{/important}}."
	    "{{/feedback}}", { "feedback=yes" }, "A." },
	{ "nested-inner-only", "{{#feedback}}A{{#important}} B"
	    "{{/important}}.{{/feedback}}", { "important=yes" }, NULL },
	{ "nested-inverted", "{{#org}}{{^role}}any role{{/role}}{{#role}}"
	    "{{role}}{{/role}} at {{org}}{{/org}}", { "org=Acme" },
	    "any role at Acme" },
	{ "nested-16", OPEN4 OPEN4 OPEN4 OPEN4 "{{org}}" CLOSE4 CLOSE4 CLOSE4
	    CLOSE4, { "org=Acme" }, "Acme" },
	{ "section-lines-on", "Dear Jane,\n{{#org}}Thanks to\neveryone at "
	    "{{org}}.\n{{/org}}Bye.", { "org=Acme" },
	    "Dear Jane,\nThanks to\neveryone at Acme.\nBye." },
	{ "section-lines-off", "Dear Jane,\n{{#org}}Thanks to\neveryone at "
	    "{{org}}.\n{{/org}}Bye.", { NULL }, "Dear Jane,\nBye." },
	{ "section-paragraphs-on", "A\n\n{{#feedback}}B\n\nC{{/feedback}}"
	    "\n\nD", { "feedback=yes" }, "A\n\nB\n\nC\n\nD" },
	{ "section-paragraphs-off", "A\n\n{{#feedback}}B\n\nC{{/feedback}}"
	    "\n\nD", { NULL }, "A\n\nD" },
	{ "section-paragraph-off", "A\n\n{{#feedback}}Tell me.{{/feedback}}"
	    "\n\nB", { NULL }, "A\n\nB" },

	/* Paragraphs with a placeholder that has no value. */
	{ "hole-drops-paragraph", "Hello,\n\nI met {{name}} today.\n"
	    "It was fun.\n\nBye.", { NULL }, "Hello,\n\nBye." },
	{ "hole-filled", "Hello,\n\nI met {{name}} today.\nIt was fun.\n\n"
	    "Bye.", { "name=Jane" },
	    "Hello,\n\nI met Jane today.\nIt was fun.\n\nBye." },
	{ "hole-first", "{{name}},\n\nBody.\n\nEnd.", { NULL },
	    "Body.\n\nEnd." },
	{ "hole-last", "Body.\n\nEnd, {{my_name}}.\n", { NULL }, "Body." },
	{ "hole-middle", "A\n\n{{org}}\n\nB", { NULL }, "A\n\nB" },
	{ "holes-all", "{{name}}\n\n{{org}}", { NULL }, NULL },
	{ "hole-empty-value", "Hi {{name}}.\n\nBye.", { "name=" }, "Bye." },
	{ "hole-in-off-section", "A{{#org}} {{name}}{{/org}}.", { NULL },
	    "A." },
	{ "hole-in-section", "A{{#org}} {{name}}{{/org}}.\n\nB",
	    { "org=Acme" }, "B" },
	{ "blank-lines", "\n\n\nA\n\n\n\n\nB\n\n\n", { NULL }, "A\n\nB" },
	{ "whitespace-lines", "A\n \t \nB", { NULL }, "A\n\nB" },
	{ "crlf-paragraphs", "Hello,\r\n\r\nWorld.\r\n", { NULL },
	    "Hello,\n\nWorld." },
	{ "crlf-hole", "Hi {{name}},\r\n\r\nBye.\r\n", { NULL }, "Bye." },

	/* Values are text: inserted once, on one line. */
	{ "value-with-tag", "Dear {{first_name}},",
	    { "first_name={{first_name}}" }, "Dear {{first_name}}," },
	{ "value-with-section", "At {{org}}.",
	    { "org={{#feedback}}x{{/feedback}}", "feedback=yes" },
	    "At {{#feedback}}x{{/feedback}}." },
	{ "value-with-unclosed", "At {{org}}.", { "org={{org" },
	    "At {{org." },
	{ "value-with-crlf", "At {{org}}.",
	    { "org=Acme\r\nBcc: x@example.com" },
	    "At Acme Bcc: x@example.com." },
	{ "value-with-blank-line", "At {{org}}.\n\nBye.",
	    { "org=Acme\n\nCorp" }, "At Acme Corp.\n\nBye." },
	{ "value-with-controls", "[{{role}}]", { "role=a\tb\001c\033d\fe" },
	    "[a b c d e]" },
	/* Bytes that are not UTF-8 become U+FFFD: template_wrap() reads
	   characters, and a lead byte at the end took it past the NUL. */
	{ "value-not-utf8", "[{{org}}] [{{role}}]",
	    { "org=Caf\xc3", "role=\xff\xfeX" },
	    "[Caf\xef\xbf\xbd] [\xef\xbf\xbd\xef\xbf\xbdX]" },

	/* Tidying. */
	{ "double-space", "Thanks {{#org}}to {{org}}{{/org}} for all.",
	    { NULL }, "Thanks for all." },
	{ "many-spaces", "a   b", { NULL }, "a b" },
	{ "trailing-space", "Hello {{#org}}{{org}}{{/org}}\nNext", { NULL },
	    "Hello\nNext" },
	{ "leading-space", "{{#org}}At {{org}}{{/org}} we met.", { NULL },
	    "we met." },
	{ "section-line-break-inside", "Dear Jane,\n{{#org}}Greetings to "
	    "{{org}}.\n{{/org}}Thanks.", { NULL }, "Dear Jane,\nThanks." },
	{ "section-line-in-paragraph", "Dear Jane,\n{{#org}}Greetings to "
	    "{{org}}.{{/org}}\nThanks.", { NULL }, "Dear Jane,\nThanks." },
	{ "inverted-line-in-paragraph", "Dear Jane,\n{{^feedback}}No "
	    "questions.{{/feedback}}\nThanks.", { "feedback=yes" },
	    "Dear Jane,\nThanks." },

	/* Comments and parts. */
	{ "comments", "# a comment\nHello\n# another {{nothing}}\nWorld",
	    { NULL }, "Hello\nWorld" },
	{ "hash-in-line", "Ticket #42", { NULL }, "Ticket #42" },
	{ "parts-not-in-body", ":next Write to {{first_name|them}}.\nHello\n"
	    ":call Call them.\nBye", { NULL }, "Hello\nBye" },
	{ "only-parts", ":next Write.\n:call Call.\n# c\n", { NULL }, NULL },
	{ "empty", "", { NULL }, NULL },
	{ "only-off-section", "{{#feedback}}x{{/feedback}}\n", { NULL },
	    NULL },
};

/* The ":next" and ":call" parts of text. */
static const struct {
	const char	*name;
	const char	*text;
	const char	*vars[VARS_MAX];
	const char	*next;
	const char	*call;
	const char	*body;
	const char	*wrote;
	const char	*noto;
} parts[] = {
	{ "set", ":next Write to {{first_name|them}}{{#org}} at {{org}}"
	    "{{/org}}.\n:call   Call {{first_name}}.  \n\nBody",
	    { "first_name=Jane", "org=Acme" }, "Write to Jane at Acme.",
	    "Call Jane.", "Body" },
	{ "unset", ":next Write to {{first_name|them}}{{#org}} at {{org}}"
	    "{{/org}}.\n:call   Call {{first_name}}.  \n\nBody", { NULL },
	    "Write to them.", NULL, "Body" },
	{ "missing", "Body only", { NULL }, NULL, NULL, "Body only" },
	{ "only-next", "Body\n:next Later.", { NULL }, "Later.", NULL,
	    "Body" },
	{ "last-wins", ":next One.\n:next Two.\nBody", { NULL }, "Two.",
	    NULL, "Body" },
	{ "needs-space", ":next\n:callme\nBody", { NULL }, NULL, NULL,
	    ":next\n:callme\nBody" },
	{ "empty-part", ":next \nBody", { NULL }, NULL, NULL, "Body" },
	{ "wrote-noto", ":wrote Am {{date}} schrieb {{name}}:\n:noto [Note]"
	    "\nBody", { "date=2026-11-05 17:30", "name=Jane Doe" }, NULL,
	    NULL, "Body", "Am 2026-11-05 17:30 schrieb Jane Doe:", "[Note]" },
};

/* Templates that do not parse: the message's prefix and its reason. */
static const struct {
	const char	*name;
	const char	*text;
	const char	*prefix;	/* "t:LINE: " */
	const char	*reason;
	const char	*absent;	/* not in the message, or NULL */
} errors[] = {
	{ "unknown-name", "Hello\n\nDear {{nmae}},", "t:3: ",
	    "unknown name: {{nmae}}", NULL },
	{ "unknown-section", "{{#nope}}x{{/nope}}", "t:1: ",
	    "unknown name: {{#nope}}", NULL },
	{ "unknown-spaces", "Hi {{ name }}", "t:1: ",
	    "unknown name: {{ name }}", NULL },
	{ "unknown-empty", "Hi {{}}", "t:1: ", "unknown name: {{}}", NULL },
	{ "unknown-section-fallback", "{{#org|x}}y{{/org}}", "t:1: ",
	    "unknown name: {{#org|x}}", NULL },
	{ "unknown-in-next", "Body\n\n:next Write to {{frist_name}}.", "t:3: ",
	    "unknown name: {{frist_name}}", NULL },
	{ "unknown-in-call", ":next Fine.\n:call Call {{boss}}.\nBody",
	    "t:2: ", "unknown name: {{boss}}", NULL },
	{ "unknown-after-comments", "# one\n# two\nHello,\n# three\n"
	    "{{bogus}}", "t:5: ", "unknown name: {{bogus}}", NULL },
	{ "unknown-after-next", "Hello,\n:next Later.\n\n{{bogus}}", "t:4: ",
	    "unknown name: {{bogus}}", NULL },
	{ "unclosed", "Hello {{name", "t:1: ", "unclosed {{", NULL },
	{ "unclosed-across-lines", "Hello {{name\n}}", "t:1: ",
	    "unclosed {{", NULL },
	{ "unclosed-after-tag", "Dear {{name}},\nAt {{org", "t:2: ",
	    "unclosed {{", "{{name}}" },
	{ "not-closed", "{{#org}}At {{org}}", "t:1: ",
	    "section not closed: {{#org}}", NULL },
	{ "not-closed-inner", "{{#org}}{{#role}}x{{/org}}", "t:1: ",
	    "this does not close the open section: {{/org}}", NULL },
	{ "not-closed-line", "Hi\n{{#org}}\nAt {{org}}\nDear {{name}}\nBye",
	    "t:2: ", "section not closed: {{#org}}", NULL },
	{ "mismatched", "{{#org}}x{{/role}}", "t:1: ",
	    "this does not close the open section: {{/role}}", NULL },
	{ "close-without-open", "A\nx{{/org}}", "t:2: ",
	    "this does not close the open section: {{/org}}", NULL },
	{ "crossed", "{{#org}}{{#role}}\n{{/org}}{{/role}}", "t:2: ",
	    "this does not close the open section: {{/org}}", NULL },
	{ "brace-in-tag", "Hi\nDear {{na{{me}}", "t:2: ",
	    "{{ inside a tag: {{na{{me}}", NULL },
	{ "too-deep", OPEN4 OPEN4 OPEN4 OPEN4 "{{#org}}x{{/org}}" CLOSE4
	    CLOSE4 CLOSE4 CLOSE4, "t:1: ", "sections nested too deep", NULL },
	{ "not-utf8", "Hello\nCaf\xe9\n", "t:2: ", "not UTF-8", NULL },
};

static const struct {
	const char	*name;
	const char	*in;
	guint		 width;
	const char	*want;
} wraps[] = {
	{ "short", "a short line", 72, "a short line" },
	{ "at-width", "aaa bbb", 7, "aaa bbb" },
	{ "one-over", "aaa bbbb", 7, "aaa\nbbbb" },
	{ "pairs", "aaa bbb ccc ddd", 7, "aaa bbb\nccc ddd" },
	{ "many", "one two three four five six seven", 10,
	    "one two\nthree four\nfive six\nseven" },
	{ "utf8", "\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9 "
	    "\xc3\xa9\xc3\xa9", 5, "\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9\n"
	    "\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9" },
	{ "utf8-fits", "\xc3\xa9t\xc3\xa9 \xc3\xa0 caf\xc3\xa9", 12,
	    "\xc3\xa9t\xc3\xa9 \xc3\xa0 caf\xc3\xa9" },
	{ "long-word", "a verylongwordhere b", 5, "a\nverylongwordhere\nb" },
	{ "long-word-alone", "verylongwordhere", 5, "verylongwordhere" },
	{ "newlines-kept", "aaa\nbbb ccc\n\nddd", 7, "aaa\nbbb ccc\n\nddd" },
	{ "newline-resets", "aaaa bbbb\naaaa bbbb", 9, "aaaa bbbb\naaaa bbbb" },
	{ "wrap-each-line", "aa bb cc\ndd ee ff", 5, "aa bb\ncc\ndd ee\nff" },
	{ "empty", "", 72, "" },
};

static GHashTable *
vars_new(const char *const *pairs)
{
	GHashTable	*vars;
	const char	*eq;

	vars = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (; *pairs != NULL; pairs++) {
		eq = strchr(*pairs, '=');
		g_assert_nonnull(eq);
		g_hash_table_insert(vars, g_strndup(*pairs, eq - *pairs),
		    g_strdup(eq + 1));
	}
	return (vars);
}

static struct template *
parse_ok(const char *text)
{
	struct template	*t;
	GError		*e = NULL;

	t = template_parse(text, "t", &e);
	g_assert_no_error(e);
	g_assert_nonnull(t);
	return (t);
}

/* Part of t rendered with vars. */
static char *
render(const struct template *t, int part, const char *const *pairs)
{
	GHashTable	*vars;
	char		*out;

	vars = vars_new(pairs);
	out = template_render(t, part, vars);
	g_hash_table_destroy(vars);
	return (out);
}

static void
test_render(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct template	*t;
	char		*out;

	t = parse_ok(renders[i].text);
	out = render(t, TEMPLATE_BODY, renders[i].vars);
	g_assert_cmpstr(out, ==, renders[i].want);
	g_free(out);
	template_free(t);
}

static void
test_parts(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct template	*t;
	char		*out;

	t = parse_ok(parts[i].text);
	out = render(t, TEMPLATE_NEXT, parts[i].vars);
	g_assert_cmpstr(out, ==, parts[i].next);
	g_free(out);
	out = render(t, TEMPLATE_CALL, parts[i].vars);
	g_assert_cmpstr(out, ==, parts[i].call);
	g_free(out);
	out = render(t, TEMPLATE_BODY, parts[i].vars);
	g_assert_cmpstr(out, ==, parts[i].body);
	g_free(out);
	out = render(t, TEMPLATE_WROTE, parts[i].vars);
	g_assert_cmpstr(out, ==, parts[i].wrote);
	g_free(out);
	out = render(t, TEMPLATE_NOTO, parts[i].vars);
	g_assert_cmpstr(out, ==, parts[i].noto);
	g_free(out);
	template_free(t);
}

/* A template takes the parts it lacks from another, never its body. */
static void
test_inherit(void)
{
	struct template	*t, *common;
	char		*out;

	t = parse_ok(":noto Own note.\nBody");
	common = parse_ok(":wrote {{name}} wrote:\n:noto Common note.\n"
	    ":next Later.\nOther body");
	template_inherit(t, common);
	template_free(common);
	out = render(t, TEMPLATE_WROTE, (const char *const[]){ "name=Jo",
	    NULL });
	g_assert_cmpstr(out, ==, "Jo wrote:");
	g_free(out);
	out = render(t, TEMPLATE_NOTO, no_vars);
	g_assert_cmpstr(out, ==, "Own note.");
	g_free(out);
	out = render(t, TEMPLATE_NEXT, no_vars);
	g_assert_cmpstr(out, ==, "Later.");
	g_free(out);
	out = render(t, TEMPLATE_BODY, no_vars);
	g_assert_cmpstr(out, ==, "Body");
	g_free(out);
	template_free(t);
}

static void
test_error(gconstpointer p)
{
	gsize	 i = GPOINTER_TO_SIZE(p);
	GError	*e = NULL;

	g_assert_null(template_parse(errors[i].text, "t", &e));
	g_assert_error(e, DOORSTOP_ERROR, EX_DATAERR);
	g_test_message("message: %s", e->message);
	g_assert_true(g_str_has_prefix(e->message, errors[i].prefix));
	g_assert_nonnull(strstr(e->message, errors[i].reason));
	if (errors[i].absent != NULL)
		g_assert_null(strstr(e->message, errors[i].absent));
	g_error_free(e);
}

/* The name given is the one in messages; template_free(NULL) is safe. */
static void
test_error_name(void)
{
	GError	*e = NULL;

	g_assert_null(template_parse("{{x}}", "rules/en/job.reply", &e));
	g_assert_cmpstr(e->message, ==,
	    "rules/en/job.reply:1: unknown name: {{x}}");
	g_error_free(e);
	template_free(NULL);
}

static void
test_wrap(gconstpointer p)
{
	gsize	 i = GPOINTER_TO_SIZE(p);
	char	*out;

	out = template_wrap(wraps[i].in, wraps[i].width);
	g_assert_cmpstr(out, ==, wraps[i].want);
	g_free(out);
}

/* Where the shipped rules are: the source tree's, as make check says. */
static char *
rules_dir(void)
{
	const char	*env;

	if ((env = g_getenv("DOORSTOP_RULES")) != NULL && *env != '\0')
		return (g_strdup(env));
	if ((env = g_getenv("TOP_SRCDIR")) != NULL && *env != '\0')
		return (g_build_filename(env, "rules", NULL));
	return (g_test_build_filename(G_TEST_DIST, "..", "rules", NULL));
}

/* Text a draft could show: no tags, markers or stray spaces. */
static void
assert_clean(const char *what, const char *out)
{
	char	**lines;
	guint	  i;

	g_test_message("%s:\n%s", what, out);
	g_assert_nonnull(out);
	g_assert_null(strstr(out, "{{"));
	g_assert_null(strstr(out, "}}"));
	g_assert_null(strchr(out, '\001'));
	g_assert_null(strstr(out, "  "));
	g_assert_null(strstr(out, " ,"));
	g_assert_null(strstr(out, " ."));
	g_assert_null(strstr(out, "\n\n\n"));
	g_assert_false(g_ascii_isspace(*out));
	g_assert_false(g_ascii_isspace(out[strlen(out) - 1]));
	lines = g_strsplit(out, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		if (*lines[i] == '\0')
			continue;
		g_assert_false(g_ascii_isspace(*lines[i]));
		g_assert_false(g_ascii_isspace(lines[i][strlen(lines[i]) - 1]));
	}
	g_strfreev(lines);
}

static void
test_shipped(gconstpointer p)
{
	const char		*path = p;
	const char *const	*sets[] = { all_vars, no_vars };
	const char		*names[] = { "all", "none" };
	struct template		*t;
	GError			*e = NULL;
	char			*out, *with, *without, *what;
	gsize			 i;
	int			 part;

	t = template_load(path, &e);
	g_assert_no_error(e);
	g_assert_nonnull(t);
	for (i = 0; i < G_N_ELEMENTS(sets); i++) {
		for (part = TEMPLATE_BODY; part <= TEMPLATE_CALL; part++) {
			out = render(t, part, sets[i]);
			what = g_strdup_printf("part %d, %s set", part,
			    names[i]);
			assert_clean(what, out);
			g_free(what);
			g_free(out);
		}
	}

	/* Every shipped reply asks for feedback, and only when asked to. */
	with = render(t, TEMPLATE_BODY, all_vars);
	without = render(t, TEMPLATE_BODY, all_but_feedback);
	g_assert_cmpstr(with, !=, without);
	g_assert_nonnull(strstr(with, "Jane"));
	g_assert_nonnull(strstr(with, "Sam"));
	g_free(with);
	g_free(without);
	with = render(t, TEMPLATE_BODY, only_feedback);
	without = render(t, TEMPLATE_BODY, no_vars);
	g_assert_cmpstr(with, !=, without);
	g_free(with);
	g_free(without);
	template_free(t);
}

/* A language with reply templates has one per category, and its parts. */
static void
test_shipped_categories(gconstpointer p)
{
	const char	*dir = p;
	char		*path;
	guint		 i;

	for (i = 0; categories[i] != NULL; i++) {
		path = g_strdup_printf("%s/%s.reply", dir, categories[i]);
		g_test_message("%s", path);
		g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
		g_free(path);
	}
	path = g_strdup_printf("%s/common.reply", dir);
	g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	g_free(path);
}

/* common.reply: an attribution line and a note, and nothing else. */
static void
test_shipped_common(gconstpointer p)
{
	const char		*vars[] = { "date=2026-11-05 17:30",
				    "name=Jane Doe", NULL };
	struct template		*t;
	GError			*e = NULL;
	char			*out;

	t = template_load(p, &e);
	g_assert_no_error(e);
	out = render(t, TEMPLATE_WROTE, vars);
	assert_clean("wrote", out);
	g_assert_nonnull(strstr(out, "2026-11-05 17:30"));
	g_assert_nonnull(strstr(out, "Jane Doe"));
	g_free(out);
	out = render(t, TEMPLATE_NOTO, no_vars);
	assert_clean("noto", out);
	g_assert_true(g_str_has_prefix(out, "[doorstop"));
	g_assert_true(g_str_has_suffix(out, "]"));
	g_free(out);
	g_assert_null(render(t, TEMPLATE_BODY, no_vars));
	template_free(t);
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The names in dir, sorted, that end in suffix (or all, for NULL). */
static GPtrArray *
names_in(const char *dir, const char *suffix)
{
	GDir		*d;
	GPtrArray	*names;
	const char	*name;

	names = g_ptr_array_new_with_free_func(g_free);
	if ((d = g_dir_open(dir, 0, NULL)) != NULL) {
		while ((name = g_dir_read_name(d)) != NULL) {
			if (suffix == NULL || g_str_has_suffix(name, suffix))
				g_ptr_array_add(names, g_strdup(name));
		}
		g_dir_close(d);
	}
	g_ptr_array_sort(names, compare_names);
	return (names);
}

/* One test per reply template in each language of the rules directory. */
static void
add_shipped(const char *dir)
{
	GPtrArray	*langs, *files;
	const char	*lang, *name;
	char		*sub, *path;
	guint		 i, j;

	langs = names_in(dir, NULL);
	for (j = 0; j < langs->len; j++) {
		lang = g_ptr_array_index(langs, j);
		sub = g_build_filename(dir, lang, NULL);
		files = names_in(sub, ".reply");
		if (files->len > 0) {
			path = g_strdup_printf("/template/shipped/%s/all",
			    lang);
			g_test_add_data_func_full(path, g_strdup(sub),
			    test_shipped_categories, g_free);
			g_free(path);
		}
		for (i = 0; i < files->len; i++) {
			name = g_ptr_array_index(files, i);
			path = g_strdup_printf("/template/shipped/%s/%.*s",
			    lang, (int)(strlen(name) - strlen(".reply")),
			    name);
			g_test_add_data_func_full(path, g_build_filename(sub,
			    name, NULL), strcmp(name, "common.reply") == 0 ?
			    test_shipped_common : test_shipped, g_free);
			g_free(path);
		}
		g_ptr_array_free(files, TRUE);
		g_free(sub);
	}
	g_ptr_array_free(langs, TRUE);
}

int
main(int argc, char **argv)
{
	char	*dir;
	int	 rc;

	g_test_init(&argc, &argv, NULL);
	TEST_ADD_NAMED("/template/render", renders, test_render);
	TEST_ADD_NAMED("/template/parts", parts, test_parts);
	g_test_add_func("/template/inherit", test_inherit);
	TEST_ADD_NAMED("/template/error", errors, test_error);
	g_test_add_func("/template/error-name", test_error_name);
	TEST_ADD_NAMED("/template/wrap", wraps, test_wrap);
	dir = rules_dir();
	add_shipped(dir);
	rc = g_test_run();
	g_free(dir);
	return (rc);
}
