/*
 * lint.c: "doorstop lint": the config and every rule compile, metas name
 * rules that exist, every example hits and every counterexample does not,
 * and every reply template parses and is named after a category, with an
 * English one for each.  All problems are reported at once, each with its
 * file and line.
 */

#include <string.h>

#include "doorstop.h"

/* A message quoting text, for a quoted rule's example. */
static struct message *
lint_quoted(const char *text)
{
	struct message	*m;
	char		*quoted;

	quoted = g_strconcat("> ", text, NULL);
	m = message_from_text(quoted);
	g_free(quoted);
	return (m);
}

/*
 * A message for an example: the text as body, as quoted text, or as the
 * rule's header (the text may start with the header's name, "Subject: ...").
 */
static struct message *
lint_message(const struct rule *r, const char *text)
{
	struct message	*m;
	gsize		 n;

	if (r->type == RULE_QUOTED)
		return (lint_quoted(text));
	if (r->type != RULE_HEADER)
		return (message_from_text(text));
	n = strlen(r->header);
	if (g_ascii_strncasecmp(text, r->header, n) == 0 && text[n] == ':')
		text += n + 1 + (text[n + 1] == ' ');
	m = message_from_text("");
	message_add_header(m, r->header, text);
	return (m);
}

/* Check r's examples (want TRUE) or counterexamples (want FALSE). */
static guint
lint_examples(struct ruleset *rs, const struct rule *r, GPtrArray *texts,
    gboolean want, GPtrArray *problems)
{
	struct message	*m;
	guint		 i;

	for (i = 0; i < texts->len; i++) {
		m = lint_message(r, texts->pdata[i]);
		if (verdict_rule_hits(rs, r, m) != want)
			g_ptr_array_add(problems, g_strdup_printf(
			    "%s:%u: %s: %s %s: \"%s\"", r->file, r->line,
			    r->name, want ? "example" : "counterexample",
			    want ? "does not hit" : "hits",
			    (char *)texts->pdata[i]));
		message_free(m);
	}
	return (texts->len);
}

/* LANG/common.reply holds only parts: ":wrote" and ":noto" lines. */
static void
lint_common(const char *file, GPtrArray *problems)
{
	struct template	*t;
	GHashTable	*none;
	GError		*e = NULL;
	char		*body;

	if ((t = template_load(file, &e)) == NULL) {
		g_ptr_array_add(problems, g_strdup(e->message));
		g_error_free(e);
		return;
	}
	none = g_hash_table_new(g_str_hash, g_str_equal);
	body = template_render(t, TEMPLATE_BODY, none);
	g_hash_table_destroy(none);
	if (body != NULL)
		g_ptr_array_add(problems, g_strdup_printf("%s: text outside "
		    "the :wrote and :noto lines", file));
	g_free(body);
	template_free(t);
}

/* Check the reply templates LANG/CATEGORY.reply under dir. */
static guint
lint_templates(const char *dir, GPtrArray *problems)
{
	GDir		*top, *sub;
	const char	*lang, *name;
	struct template	*t = NULL;
	GError		*e = NULL;
	char		*path, *file, *category;
	guint		 n = 0;

	if ((top = g_dir_open(dir, 0, NULL)) == NULL)
		return (0);
	while ((lang = g_dir_read_name(top)) != NULL) {
		path = g_build_filename(dir, lang, NULL);
		sub = g_dir_open(path, 0, NULL);
		while (sub != NULL && (name = g_dir_read_name(sub)) != NULL) {
			if (!g_str_has_suffix(name, ".reply"))
				continue;
			file = g_build_filename(path, name, NULL);
			category = g_strndup(name, strlen(name) - 6);
			if (strcmp(category, "common") == 0)
				lint_common(file, problems);
			else if (category_index(category) < 0)
				g_ptr_array_add(problems, g_strdup_printf(
				    "%s: no such category '%s'", file,
				    category));
			else if ((t = template_load(file, &e)) == NULL) {
				g_ptr_array_add(problems, g_strdup(
				    e->message));
				g_clear_error(&e);
			}
			template_free(t);
			t = NULL;
			g_free(category);
			g_free(file);
			n++;
		}
		if (sub != NULL)
			g_dir_close(sub);
		g_free(path);
	}
	g_dir_close(top);
	return (n);
}

/* Rules that come with templates need an English one per category. */
static void
lint_template_coverage(const struct config *cf, GPtrArray *problems)
{
	char	*name, *sys, *user;
	int	 i;

	for (i = 0; i < CATEGORY_COUNT; i++) {
		name = g_strdup_printf("%s.reply", categories[i]);
		sys = g_build_filename(cf->rules_dir, "en", name, NULL);
		user = g_build_filename(cf->user_rules_dir, "en", name, NULL);
		if (!g_file_test(sys, G_FILE_TEST_EXISTS) &&
		    !g_file_test(user, G_FILE_TEST_EXISTS))
			g_ptr_array_add(problems, g_strdup_printf(
			    "%s: missing: no reply for %s", sys,
			    categories[i]));
		g_free(user);
		g_free(sys);
		g_free(name);
	}
}

/* Returns 0 if all is well, -1 with every problem in error otherwise. */
int
lint_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct ruleset	*rs;
	struct rule	*r;
	GPtrArray	*problems;
	char		*joined;
	guint		 i, n = 0, templates;
	int		 rc = 0;

	if (argc != 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_USAGE,
		    "usage: doorstop lint");
		return (-1);
	}
	if ((rs = ruleset_load(cf, RULES_JIT, error)) == NULL)
		return (-1);
	problems = g_ptr_array_new_with_free_func(g_free);
	for (i = 0; i < rs->rules->len; i++) {
		r = rs->rules->pdata[i];
		n += lint_examples(rs, r, r->examples, TRUE, problems);
		n += lint_examples(rs, r, r->counterexamples, FALSE, problems);
	}
	if ((templates = lint_templates(cf->rules_dir, problems)) > 0)
		lint_template_coverage(cf, problems);
	templates += lint_templates(cf->user_rules_dir, problems);
	if (problems->len > 0) {
		g_ptr_array_add(problems, NULL);
		joined = g_strjoinv("\n", (char **)problems->pdata);
		g_set_error(error, DOORSTOP_ERROR, EX_DATAERR, "%s", joined);
		g_free(joined);
		rc = -1;
	} else
		printf("%s: ok; %u rules, %u examples, %u reply templates "
		    "checked\n", cf->path ? cf->path : "default config",
		    rs->rules->len, n, templates);
	g_ptr_array_free(problems, TRUE);
	ruleset_free(rs);
	return (rc);
}
