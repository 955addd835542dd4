/*
 * classify.c: "doorstop classify": one tab-separated line per message,
 * VERDICT SCORE CATEGORY LANG PATH, and a grep-like exit status.
 */

#include "doorstop.h"

struct classify {
	struct config	*cf;
	struct ruleset	*rs;
	guint		 rejections;
};

static int
classify_item(struct item *it, void *arg, GError **error)
{
	struct classify	*c = arg;
	struct verdict	*v;
	GError		*e = NULL;
	char		 num[G_ASCII_DTOSTR_BUF_SIZE];
	guint		 i;

	v = verdict_read(c->rs, c->cf, it->data, it->size, NULL, &e);
	if (v == NULL) {
		log_warn("%s: %s", it->path, e->message);
		g_error_free(e);
		printf("other\t0.0\t-\t-\t%s\n", it->path);
		return (0);
	}
	for (i = 0; i < v->errors->len; i++)
		log_warn("%s: %s", it->path, (char *)v->errors->pdata[i]);
	printf("%s\t%s\t%s\t%s\t%s\n", v->rejection ? "rejection" : "other",
	    g_ascii_formatd(num, sizeof num, "%.1f", v->score),
	    v->rejection && v->category ? v->category : "-",
	    v->rejection && v->lang ? v->lang : "-", it->path);
	if (v->rejection)
		c->rejections++;
	verdict_free(v);
	return (0);
}

/*
 * Classify every message of the inputs (standard input when none).  Returns
 * 0 if any was a rejection, 1 if none, -1 with error set on trouble.
 */
int
classify_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct classify	 c = { cf, NULL, 0 };
	struct item	 it = { 0 };
	GError		*first = NULL, *e = NULL;
	int		 i;

	if ((c.rs = ruleset_load(cf, RULES_JIT | RULES_CACHE, error)) == NULL)
		return (-1);
	if (argc == 0 && mailbox_read_stdin(&it, &first) == 0) {
		classify_item(&it, &c, NULL);
		item_clear(&it);
	}
	for (i = 0; i < argc; i++) {
		if (mailbox_foreach(argv[i], classify_item, &c, &e) == 0)
			continue;
		if (first == NULL)
			first = e;
		else {
			log_warn("%s", e->message);
			g_error_free(e);
		}
		e = NULL;
	}
	fflush(stdout);
	ruleset_free(c.rs);
	if (first != NULL) {
		g_propagate_error(error, first);
		return (-1);
	}
	return (c.rejections > 0 ? 0 : 1);
}
