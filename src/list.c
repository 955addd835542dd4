/*
 * list.c: the state as the user sees it.  "doorstop list [--json]" shows
 * the rejections answered, follow-ups due soonest first, those done said
 * so; "--stale" the drafts never sent; "doorstop forget ID..." lets the
 * next run draft again.  The JSON is json.c's.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doorstop.h"

#define LIST_STALE_DAYS	14	/* "--stale": drafts older than this */

/* Who a record is about, for people: "Jane Doe at Acme", "Acme", ... */
static char *
list_who(const struct record *rec)
{
	if (rec->contact != NULL && rec->org != NULL)
		return (g_strdup_printf("%s at %s", rec->contact, rec->org));
	if (rec->contact != NULL || rec->org != NULL)
		return (g_strdup(rec->contact ? rec->contact : rec->org));
	return (g_strdup(rec->sender != NULL ? rec->sender : "?"));
}

static void
list_text(GPtrArray *rows)
{
	struct record	*rec;
	char		*who, today[16];
	time_t		 now = time(NULL);
	guint		 i;

	strftime(today, sizeof today, "%Y-%m-%d", localtime(&now));
	for (i = 0; i < rows->len; i++) {
		rec = rows->pdata[i];
		who = list_who(rec);
		printf("%.12s  %-10s%s  %-11s  %s%s: %s\n", rec->key,
		    rec->done ? "done" : rec->due, !rec->done &&
		    strcmp(rec->due, today) <= 0 ? "*" : " ", rec->category,
		    rec->important ? "(important) " : "", who,
		    rec->subject != NULL ? rec->subject : "");
		g_free(who);
	}
}

/* Print the records as a JSON array, indented by two. */
static int
list_json(GPtrArray *rows, GError **error)
{
	char	*text;

	if ((text = json_records(rows, error)) == NULL)
		return (-1);
	printf("%s\n", text);
	g_free(text);
	return (0);
}

/* The state, or NULL (and no error) when nothing was ever recorded. */
static struct state *
list_state(const struct config *cf, GError **error)
{
	if (!g_file_test(cf->state, G_FILE_TEST_EXISTS))
		return (NULL);
	return (state_open(cf->state, error));
}

/*
 * Mark the follow-ups done: the to-do ticked off, by the user or by
 * doorstop, or they wrote again.  Returns 0 or -1 with error set.
 */
static int
list_mark_done(const struct config *cf, struct state *st, GPtrArray *rows,
    GError **error)
{
	GHashTable	*by_key;
	GPtrArray	*events;
	struct record	*rec;
	struct event	*ev;
	gint64		 when;
	guint		 i;

	if ((events = state_events(st, error)) == NULL)
		return (-1);
	by_key = g_hash_table_new(g_str_hash, g_str_equal);
	for (i = 0; i < rows->len; i++) {
		rec = rows->pdata[i];
		rec->done = reminder_completed(cf->calendar, rec->uid, &when);
		g_hash_table_insert(by_key, rec->key, rec);
	}
	for (i = 0; i < events->len; i++) {
		ev = events->pdata[i];
		if (strcmp(ev->kind, "wrote") == 0 &&
		    (rec = g_hash_table_lookup(by_key, ev->key)) != NULL)
			rec->done = TRUE;
	}
	g_hash_table_destroy(by_key);
	g_ptr_array_free(events, TRUE);
	return (0);
}

/*
 * The drafts answered more than days ago that are still in the drafts
 * folder: never sent.  Oldest first.
 */
static GPtrArray *
list_stale(const struct config *cf, struct state *st, int days,
    GError **error)
{
	GPtrArray	*rows;
	struct record	*rec;
	gint64		 before = time(NULL) - (gint64)days * 86400;
	guint		 i;

	if ((rows = state_unsent(st, error)) == NULL)
		return (NULL);
	for (i = 0; i < rows->len; i++) {
		rec = rows->pdata[i];
		if (rec->handled > before || reply_draft_holds(cf, rec) != 1)
			g_ptr_array_remove_index(rows, i--);
	}
	return (rows);
}

static void
list_stale_text(GPtrArray *rows)
{
	struct record	*rec;
	char		*who, day[11];
	time_t		 now = time(NULL);
	guint		 i;

	for (i = 0; i < rows->len; i++) {
		rec = rows->pdata[i];
		who = list_who(rec);
		report_day(rec->handled, day);
		printf("%.12s  drafted %s, %ld days ago  %s: %s\n    %s\n",
		    rec->key, day, (long)((now - rec->handled) / 86400), who,
		    rec->subject != NULL ? rec->subject : "", rec->draft);
		g_free(who);
	}
}

/* "--stale" or "--stale=DAYS" into *days; else -1. */
static int
list_option_stale(const char *arg, int *days)
{
	char	*end;
	long	 n;

	if (strcmp(arg, "--stale") == 0) {
		*days = LIST_STALE_DAYS;
		return (0);
	}
	if (strncmp(arg, "--stale=", 8) != 0)
		return (-1);
	n = strtol(arg + 8, &end, 10);
	if (arg[8] == '\0' || *end != '\0' || n < 0 || n > 36500)
		return (-1);
	*days = (int)n;
	return (0);
}

int
list_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct state	*st;
	GPtrArray	*rows;
	GError		*e = NULL;
	gboolean	 json = FALSE;
	int		 i, stale = -1, rc = 0;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = TRUE;
		else if (list_option_stale(argv[i], &stale) != 0) {
			g_set_error(error, DOORSTOP_ERROR, EX_USAGE,
			    "usage: doorstop list [--json] [--stale[=DAYS]]");
			return (-1);
		}
	}
	if ((st = list_state(cf, &e)) == NULL && e != NULL) {
		g_propagate_error(error, e);
		return (-1);
	}
	if (st == NULL)
		rows = g_ptr_array_new_with_free_func(
		    (GDestroyNotify)record_free);
	else if (stale >= 0)
		rows = list_stale(cf, st, stale, error);
	else if ((rows = state_list(st, error)) != NULL &&
	    list_mark_done(cf, st, rows, error) != 0) {
		g_ptr_array_free(rows, TRUE);
		rows = NULL;
	}
	state_close(st);
	if (rows == NULL)
		return (-1);
	if (json)
		rc = list_json(rows, error);
	else if (stale >= 0)
		list_stale_text(rows);
	else
		list_text(rows);
	g_ptr_array_free(rows, TRUE);
	return (rc);
}

/* Forget one rejection: mark it so that the next run drafts again. */
static int
forget_one(struct config *cf, struct state *st, const char *id,
    GError **error)
{
	struct record	*rec;
	int		 rc = -1;

	if (state_begin(st, error) != 0)
		return (-1);
	if (state_find(st, id, &rec, error) != 0)
		goto out;
	if (strcmp(rec->status, "done") != 0) {
		printf("%.12s: already forgotten\n", rec->key);
		rc = 0;
		goto out;
	}
	g_free(rec->status);
	rec->status = g_strdup("forgotten");
	rec->generation++;
	if (cf->dry_run)
		rc = 0;
	else if (state_put(st, rec, error) == 0 && state_commit(st, error) == 0)
		rc = 0;
	if (rc == 0)
		printf("%s%.12s: forgotten; the next run drafts it again\n",
		    cf->dry_run ? "dry run: " : "", rec->key);
out:
	state_rollback(st);
	record_free(rec);
	return (rc);
}

int
forget_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct state	*st;
	int		 i, rc = 0;

	if (argc > 0 && (strcmp(argv[0], "--dry-run") == 0 ||
	    strcmp(argv[0], "-n") == 0)) {
		cf->dry_run = TRUE;
		argc--;
		argv++;
	}
	if (argc == 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_USAGE,
		    "usage: doorstop forget [--dry-run] id ...");
		return (-1);
	}
	if (config_disabled(cf)) {
		log_warn("disabled by the config or DOORSTOP_DISABLE: "
		    "nothing forgotten");
		return (0);
	}
	if (!g_file_test(cf->state, G_FILE_TEST_EXISTS)) {
		g_set_error(error, DOORSTOP_ERROR, EX_DATAERR,
		    "%s: nothing has been answered yet", argv[0]);
		return (-1);
	}
	if ((st = state_open(cf->state, error)) == NULL)
		return (-1);
	for (i = 0; rc == 0 && i < argc; i++)
		rc = forget_one(cf, st, argv[i], error);
	state_close(st);
	return (rc);
}
