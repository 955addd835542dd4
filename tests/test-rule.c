/*
 * Unit tests for rule.c, pattern.c and verdict.c: rule files and their
 * errors, user rules over system rules, and what a ruleset says of a
 * message.
 */

#include <string.h>

#include <glib/gstdio.h>

#include "test.h"

struct fixture {
	char		*dir;
	struct config	 cf;
};

static void
write_file(const char *dir, const char *name, const char *text)
{
	GError	*e = NULL;
	char	*path, *parent;

	path = g_build_filename(dir, name, NULL);
	parent = g_path_get_dirname(path);
	g_assert_cmpint(g_mkdir_with_parents(parent, 0700), ==, 0);
	g_file_set_contents(path, text, -1, &e);
	g_assert_no_error(e);
	g_free(parent);
	g_free(path);
}

static void
fixture_set_up(struct fixture *f, gconstpointer data)
{
	f->dir = g_dir_make_tmp("doorstop-test-XXXXXX", NULL);
	g_assert_nonnull(f->dir);
	memset(&f->cf, 0, sizeof f->cf);
	f->cf.threshold = 5.0;
	f->cf.max_text = DOORSTOP_MAX_TEXT;
	f->cf.max_message = DOORSTOP_MAX_MESSAGE;
	f->cf.rules_dir = g_build_filename(f->dir, "system", NULL);
	f->cf.user_rules_dir = g_build_filename(f->dir, "user", NULL);
}

static void
remove_tree(const char *path)
{
	GDir		*d;
	const char	*name;
	char		*child;

	if ((d = g_dir_open(path, 0, NULL)) != NULL) {
		while ((name = g_dir_read_name(d)) != NULL) {
			child = g_build_filename(path, name, NULL);
			remove_tree(child);
			g_free(child);
		}
		g_dir_close(d);
	}
	g_remove(path);
}

static void
fixture_tear_down(struct fixture *f, gconstpointer data)
{
	remove_tree(f->dir);
	g_free(f->dir);
	g_free(f->cf.rules_dir);
	g_free(f->cf.user_rules_dir);
}

static const struct {
	const char	*text;
	const char	*problem;	/* after "DIR/system/x.rules:" */
} bad[] = {
	{ "body A /unclosed(/i",
	    "1: A: missing closing parenthesis at offset 9" },
	{ "body A foo", "1: A: expected /regex/flags, got 'foo'" },
	{ "body A /x/q", "1: A: unknown flag 'q' (use i, m, s or x)" },
	{ "frob A /x/", "1: unknown keyword 'frob'" },
	{ "body 1A /x/", "1: bad rule name '1A'" },
	{ "body A", "1: body A: missing value" },
	{ "\n\nscore B 2", "3: B: no such rule" },
	{ "body A /x/\nscore A two", "2: A: bad score 'two'" },
	{ "body A /x/\ncategory A pets", "2: A: unknown category 'pets'" },
	{ "meta M A &&",
	    "1: M: expected a rule name, number or '(' at end of expression" },
	{ "meta M N\nmeta N M", "1: M: meta refers to itself" },
	{ "body A /x/\nmeta M A || Z", "2: M: unknown rule 'Z' in meta" },
	{ "body A /x/\nbody A /y/", "2: A: already defined at line 1" },
	{ "header H Subject ~ /x/",
	    "1: H: expected 'Header =~ /regex/flags' or 'exists:Header'" },
	{ "lang english", "1: bad lang 'english'" },
};

static void
test_bad(struct fixture *f, gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	GError		*e = NULL;
	char		*want;

	write_file(f->cf.rules_dir, "x.rules", bad[i].text);
	g_assert_null(ruleset_load(&f->cf, 0, &e));
	g_assert_error(e, DOORSTOP_ERROR, EX_DATAERR);
	want = g_strdup_printf("%s/x.rules:%s", f->cf.rules_dir,
	    bad[i].problem);
	g_assert_cmpstr(e->message, ==, want);
	g_free(want);
	g_error_free(e);
}

/* Every problem of every file is reported, not just the first. */
static void
test_all_problems(struct fixture *f, gconstpointer p)
{
	GError	*e = NULL;
	char	**lines;

	write_file(f->cf.rules_dir, "a.rules", "body A /(/\nbody B /[/\n");
	write_file(f->cf.rules_dir, "en/b.rules", "lang en\nfrob C\n");
	g_assert_null(ruleset_load(&f->cf, 0, &e));
	lines = g_strsplit(e->message, "\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 3);
	g_assert_true(g_str_has_suffix(lines[2],
	    "en/b.rules:2: unknown keyword 'frob'"));
	g_strfreev(lines);
	g_error_free(e);
}

static struct verdict *
classify(struct fixture *f, const char *msg)
{
	struct ruleset	*rs;
	struct message	*m;
	struct verdict	*v;
	GError		*e = NULL;

	rs = ruleset_load(&f->cf, RULES_JIT, &e);
	g_assert_no_error(e);
	m = message_read(msg, strlen(msg), DOORSTOP_MAX_TEXT, &e);
	g_assert_no_error(e);
	v = verdict_new(rs, m, f->cf.threshold);
	message_free(m);
	/* Keep rs alive as long as v: free it with the fixture. */
	g_test_queue_destroy((GDestroyNotify)ruleset_free, rs);
	return (v);
}

static char *
hit_names(const struct verdict *v)
{
	GString		*s = g_string_new(NULL);
	guint		 i;

	for (i = 0; i < v->hits->len; i++)
		g_string_append_printf(s, "%s%s", i ? "," : "",
		    ((struct hit *)v->hits->pdata[i])->rule->name);
	return (g_string_free(s, FALSE));
}

static const char *scoring =
	"lang en\n"
	"body REGRET /\\bwe regret\\b/i\n"
	"body OTHERS /\\bother (?<who>candidates|applicants)\\b/i\n"
	"quoted QUOTED_REGRET /we regret/i\n"
	"header NOREPLY From  =~\t /no-?reply@/i\n"
	"header NO_LIST List-Id !~ /./\n"
	"header HAS_LIST exists:List-Id\n"
	"body __THANKS /thank you/i\n"
	"meta BOTH REGRET && OTHERS && !HAS_LIST\n"
	"score REGRET 3\nscore OTHERS 2\nscore BOTH 1.5\nscore NOREPLY 0.5\n"
	"score NO_LIST 0.1\nscore HAS_LIST -10\nscore QUOTED_REGRET 0.2\n"
	"category REGRET job\ncategory OTHERS sales\ncategory BOTH sales\n";

static void
test_scoring(struct fixture *f, gconstpointer p)
{
	struct verdict	*v;
	struct hit	*h;
	char		*names;

	write_file(f->cf.rules_dir, "x.rules", scoring);
	v = classify(f, "From: HR <no-reply@example.com>\n\nThank you.\n\n"
	    "We regret that we chose other candidates.\n\n> we regret\n");
	names = hit_names(v);
	g_assert_cmpstr(names, ==,
	    "REGRET,OTHERS,QUOTED_REGRET,NOREPLY,NO_LIST,BOTH");
	g_assert_cmpfloat_with_epsilon(v->score, 7.3, 1e-9);
	g_assert_true(v->rejection);
	g_assert_cmpstr(v->category, ==, "sales");	/* 3 vs 2 + 1.5 */
	g_assert_cmpstr(v->lang, ==, "en");
	h = v->hits->pdata[1];
	g_assert_cmpstr(h->match, ==, "other candidates");
	g_assert_cmpuint(h->captures->len, ==, 1);
	g_assert_cmpstr(((struct capture *)h->captures->pdata[0])->value, ==,
	    "candidates");
	g_free(names);
	verdict_free(v);
}

static void
test_guard(struct fixture *f, gconstpointer p)
{
	struct verdict	*v;

	write_file(f->cf.rules_dir, "x.rules", scoring);
	v = classify(f, "List-Id: <news.example.org>\n\nWe regret: other "
	    "candidates.\n");
	g_assert_false(v->rejection);
	g_assert_cmpfloat_with_epsilon(v->score, -5, 1e-9);
	verdict_free(v);
}

/* The user's rule replaces the system one; score 0 disables a rule. */
static void
test_user_override(struct fixture *f, gconstpointer p)
{
	struct verdict	*v;
	char		*names;

	write_file(f->cf.rules_dir, "x.rules", scoring);
	write_file(f->cf.user_rules_dir, "mine.rules",
	    "body REGRET /\\bsorry\\b/i\nscore REGRET 4\nscore NO_LIST 0\n");
	v = classify(f, "Subject: x\n\nSorry, we regret: other candidates.\n");
	names = hit_names(v);
	g_assert_cmpstr(names, ==, "REGRET,OTHERS,BOTH");
	g_assert_cmpfloat_with_epsilon(v->score, 7.5, 1e-9);
	g_assert_cmpstr(v->lang, ==, "en");	/* OTHERS and BOTH */
	g_assert_cmpstr(v->category, ==, "sales");
	g_free(names);
	verdict_free(v);
}

/* A rule with catastrophic backtracking is stopped and named. */
static void
test_limits(struct fixture *f, gconstpointer p)
{
	struct verdict	*v;
	GString		*msg;
	int		 i;

	write_file(f->cf.rules_dir, "x.rules",
	    "body EVIL /^(a|aa)+$/\nbody FINE /b$/m\n"
	    "header NOT_EVIL Subject !~ /^(a|aa)+$/\n");
	msg = g_string_new("Subject: ");
	for (i = 0; i < 5000; i++)
		g_string_append_c(msg, 'a');
	g_string_append(msg, "b\n\n");
	for (i = 0; i < 5000; i++)
		g_string_append_c(msg, 'a');
	g_string_append(msg, "b\n");
	v = classify(f, msg->str);
	g_assert_cmpuint(v->errors->len, ==, 2);
	g_assert_true(g_str_has_prefix(v->errors->pdata[0],
	    "rule EVIL stopped: "));
	g_assert_true(g_str_has_prefix(v->errors->pdata[1],
	    "rule NOT_EVIL stopped: "));
	/* FINE still ran; a stopped !~ rule does not count as a hit. */
	g_assert_cmpuint(v->hits->len, ==, 1);
	g_assert_cmpstr(((struct hit *)v->hits->pdata[0])->rule->name, ==,
	    "FINE");
	verdict_free(v);
	g_string_free(msg, TRUE);
}

static void
test_summary(struct fixture *f, gconstpointer p)
{
	struct verdict	*v;
	char		*s;

	write_file(f->cf.rules_dir, "x.rules", scoring);
	v = classify(f, "Subject: x\n\nWe regret: other candidates.\n");
	s = verdict_summary(v);
	g_assert_cmpstr(s, ==, "rejection score=6.6 category=sales lang=en "
	    "rules=REGRET,OTHERS,NO_LIST,BOTH");
	g_free(s);
	verdict_free(v);
}

#define ADD(path, fn, data) g_test_add(path, struct fixture, data,	\
    fixture_set_up, fn, fixture_tear_down)

int
main(int argc, char **argv)
{
	char	*path;
	gsize	 i;

	g_test_init(&argc, &argv, NULL);
	message_init();
	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		path = g_strdup_printf("/rule/bad/%zu", i);
		ADD(path, test_bad, GSIZE_TO_POINTER(i));
		g_free(path);
	}
	ADD("/rule/all-problems", test_all_problems, NULL);
	ADD("/rule/scoring", test_scoring, NULL);
	ADD("/rule/guard", test_guard, NULL);
	ADD("/rule/user-override", test_user_override, NULL);
	ADD("/rule/limits", test_limits, NULL);
	ADD("/rule/summary", test_summary, NULL);
	return (g_test_run());
}
