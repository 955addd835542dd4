/*
 * explain.c: "doorstop explain": for a person, why a message is or is not a
 * rejection: its text as the rules saw it, every rule that hit with the text
 * it matched, the total against the threshold and what was captured.
 */

#include <string.h>

#include "doorstop.h"

#define EXPLAIN_TEXT	600	/* bytes of text shown */

struct explain {
	struct config	*cf;
	struct ruleset	*rs;
	guint		 count;
};

/* Print a text shortened to about max bytes, indented. */
static void
explain_text(const char *label, const char *text, gsize max)
{
	const char	*end;
	char		**lines, *shown;
	gsize		  len = strlen(text);
	int		  i;

	printf("%s (%zu bytes):\n", label, len);
	if (len == 0)
		return;
	end = (len > max) ? g_utf8_find_prev_char(text, text + max) : NULL;
	shown = g_strndup(text, end ? (gsize)(end - text) : len);
	lines = g_strsplit(shown, "\n", -1);
	g_free(shown);
	for (i = 0; lines[i] != NULL; i++)
		printf("    %s\n", lines[i]);
	if (end != NULL)
		printf("    [... %zu more bytes]\n", len - (end - text));
	g_strfreev(lines);
}

static const char *
explain_type(const struct rule *r)
{
	switch (r->type) {
	case RULE_BODY:		return ("body");
	case RULE_QUOTED:	return ("quoted");
	case RULE_HEADER:	return ("header");
	default:		return ("meta");
	}
}

static void
explain_hits(const struct verdict *v, gboolean guards)
{
	const struct hit	*h;
	const struct rule	*r;
	char			 num[G_ASCII_DTOSTR_BUF_SIZE];
	guint			 i, n = 0;

	printf("\n%s:\n", guards ? "Guards hit" : "Rules hit");
	for (i = 0; i < v->hits->len; i++) {
		h = v->hits->pdata[i];
		r = h->rule;
		if ((r->score < 0) != guards)
			continue;
		n++;
		printf("  %6s  %-28s %s:%u [%s%s%s]\n",
		    g_ascii_formatd(num, sizeof num, "%+.1f", r->score),
		    r->name, r->file, r->line, explain_type(r),
		    r->header ? " " : "", r->header ? r->header : "");
		if (r->describe != NULL)
			printf("          %s\n", r->describe);
		if (h->match != NULL)
			printf("          matched: \"%s\"\n", h->match);
	}
	if (n == 0)
		printf("  (none)\n");
}

static void
explain_captures(const struct verdict *v)
{
	const struct hit	*h;
	const struct capture	*c;
	GHashTable		*seen;
	guint			 i, j;

	seen = g_hash_table_new(g_str_hash, g_str_equal);
	printf("\nCaptured:\n");
	for (i = 0; i < v->hits->len; i++) {
		h = v->hits->pdata[i];
		for (j = 0; j < h->captures->len; j++) {
			c = h->captures->pdata[j];
			if (g_hash_table_contains(seen, c->name))
				continue;
			g_hash_table_add(seen, c->name);
			printf("  %-8s %s (%s)\n", c->name, c->value,
			    h->rule->name);
		}
	}
	if (g_hash_table_size(seen) == 0)
		printf("  (none)\n");
	g_hash_table_destroy(seen);
}

static void
explain_verdict(const struct item *it, const struct message *m,
    const struct verdict *v)
{
	const char	*s;
	char		 a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
	guint		 i;

	printf("Message: %s\n", it->path);
	printf("From: %s\n", (s = message_header(m, "From")) ? s : "");
	printf("Subject: %s\n", (s = message_header(m, "Subject")) ? s : "");
	printf("Text from %s part%s\n\n", m->from_html ? "an HTML" : "a plain",
	    m->truncated ? ", truncated" : "");
	explain_text("Own text", m->body, EXPLAIN_TEXT);
	explain_text("Quoted text", m->quoted, EXPLAIN_TEXT / 3);
	explain_text("Signature", m->signature, EXPLAIN_TEXT / 3);
	explain_hits(v, FALSE);
	explain_hits(v, TRUE);
	for (i = 0; i < v->errors->len; i++)
		printf("  warning: %s\n", (char *)v->errors->pdata[i]);
	printf("\nTotal: %s (threshold %s)\n",
	    g_ascii_formatd(a, sizeof a, "%.1f", v->score),
	    g_ascii_formatd(b, sizeof b, "%.1f", v->threshold));
	printf("Verdict: %s\n", v->rejection ? "rejection" : "other");
	printf("Category: %s\n", v->category ? v->category : "-");
	printf("Language: %s\n", v->lang ? v->lang : "-");
	explain_captures(v);
}

static int
explain_item(struct item *it, void *arg, GError **error)
{
	struct explain	*x = arg;
	struct message	*m;
	struct verdict	*v;

	v = verdict_read(x->rs, x->cf, it->data, it->size, &m, error);
	if (v == NULL) {
		g_prefix_error(error, "%s: ", it->path);
		return (-1);
	}
	if (x->count++ > 0)
		printf("\n%s\n\n", "----------------------------------------");
	explain_verdict(it, m, v);
	verdict_free(v);
	message_free(m);
	return (0);
}

/* Explain the message of FILE (each message of an mbox), or stdin's. */
int
explain_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct explain	 x = { cf, NULL, 0 };
	struct item	 it = { 0 };
	int		 rc = -1;

	if (argc > 1) {
		g_set_error(error, DOORSTOP_ERROR, EX_USAGE,
		    "usage: doorstop explain [file]");
		return (-1);
	}
	if ((x.rs = ruleset_load(cf, 0, error)) == NULL)
		return (-1);
	if (argc == 1)
		rc = mailbox_foreach(argv[0], explain_item, &x, error);
	else if (mailbox_read_stdin(&it, error) == 0) {
		rc = explain_item(&it, &x, error);
		item_clear(&it);
	}
	ruleset_free(x.rs);
	return (rc);
}
