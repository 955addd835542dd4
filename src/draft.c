/*
 * draft.c: "doorstop draft [--force] [--category C] [--dry-run] [file]": the
 * mutt path.  Draft a reply and a reminder for one message now, and say
 * where they went.
 */

#include <getopt.h>
#include <string.h>

#include "doorstop.h"

struct draft_opts {
	gboolean	 force;
	const char	*category;
};

static int
draft_options(struct config *cf, int argc, char **argv,
    struct draft_opts *o, GError **error)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "category", required_argument, NULL, 'C' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	int	ch;

	memset(o, 0, sizeof *o);
	argc++;			/* getopt wants argv[0]: the command's name */
	argv--;
	optind = 0;		/* start over, options after the file too */
	while ((ch = getopt_long(argc, argv, "fC:n", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			o->force = TRUE;
			break;
		case 'C':
			o->category = optarg;
			break;
		case 'n':
			cf->dry_run = TRUE;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind > 1)
		goto usage;
	if (o->category != NULL && category_index(o->category) < 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_USAGE,
		    "unknown category '%s'", o->category);
		return (-1);
	}
	return (optind - 1);
usage:
	g_set_error(error, DOORSTOP_ERROR, EX_USAGE, "usage: doorstop draft "
	    "[-fn] [-C category] [file]");
	return (-1);
}

/* Read the message from path, or standard input when path is NULL. */
static int
draft_input(const char *path, struct item *it, GError **error)
{
	if (path == NULL || strcmp(path, "-") == 0)
		return (mailbox_read_stdin(it, error));
	it->path = g_strdup(path);
	if (!g_file_get_contents(path, &it->data, &it->size, error))
		return (-1);
	return (0);
}

static int
draft_report(const struct config *cf, const struct verdict *v,
    const struct outcome *out)
{
	guint	i;

	if (out->skipped != NULL) {
		printf("not drafted: %s (--force drafts anyway)\n",
		    out->skipped);
		return (1);
	}
	if (out->existing) {
		printf("already drafted: %s\nreminder: %s/%s.ics (due %s)\n",
		    out->rec->draft != NULL ? out->rec->draft : "-",
		    cf->calendar, out->rec->uid, out->rec->due);
		printf("(\"doorstop forget %.12s\" to draft it again)\n",
		    out->rec->key);
		return (0);
	}
	if (cf->dry_run) {
		fputs(out->draft_text, stdout);
		printf("\n");
		fputs(out->reminder_text, stdout);
		return (0);
	}
	printf("draft: %s\n", out->rec->draft);
	for (i = 0; out->reminders[i] != NULL; i++)
		printf("reminder: %s (due %s)\n", out->reminders[i],
		    out->rec->due);
	return (0);
}

int
draft_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct draft_opts o;
	struct ruleset	*rs;
	struct verdict	*v = NULL;
	struct message	*m = NULL;
	struct outcome	 out = { 0 };
	struct item	 it = { 0 };
	int		 i, rc = -1;

	if ((i = draft_options(cf, argc, argv, &o, error)) < 0)
		return (-1);
	if (config_disabled(cf)) {
		log_warn("disabled by the config or DOORSTOP_DISABLE: "
		    "nothing drafted");
		return (0);
	}
	if ((rs = ruleset_load(cf, RULES_CACHE, error)) == NULL)
		return (-1);
	if (draft_input(i < argc ? argv[i] : NULL, &it, error) != 0 ||
	    (v = verdict_read(rs, cf, it.data, it.size, &m, error)) == NULL)
		goto out;
	if (!v->rejection && !o.force) {
		printf("not drafted: not a rejection (score %.1f, threshold "
		    "%.1f; --force drafts anyway)\n", v->score, v->threshold);
		rc = 1;
		goto out;
	}
	if (reply_run(cf, m, v, o.category, o.force ? REPLY_FORCE : 0, &out,
	    error) == 0)
		rc = draft_report(cf, v, &out);
out:
	outcome_clear(&out);
	message_free(m);
	verdict_free(v);
	item_clear(&it);
	ruleset_free(rs);
	return (rc);
}
