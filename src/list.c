/*
 * list.c: the state as the user sees it.  "doorstop list [--json]" shows
 * the rejections answered, follow-ups due soonest first; "doorstop forget
 * ID..." lets the next run draft again.  The only file that uses json-glib.
 */

#include <string.h>
#include <time.h>

#include <json-glib/json-glib.h>

#include "doorstop.h"

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
		printf("%.12s  %s%s  %-11s  %s%s: %s\n", rec->key, rec->due,
		    strcmp(rec->due, today) <= 0 ? "*" : " ", rec->category,
		    rec->important ? "(important) " : "", who,
		    rec->subject != NULL ? rec->subject : "");
		g_free(who);
	}
}

static void
list_member(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	if (value == NULL)
		json_builder_add_null_value(b);
	else
		json_builder_add_string_value(b, value);
}

static void
list_json(GPtrArray *rows)
{
	JsonBuilder	*b;
	JsonGenerator	*gen;
	JsonNode	*root;
	struct record	*rec;
	char		*text;
	guint		 i;

	b = json_builder_new();
	json_builder_begin_array(b);
	for (i = 0; i < rows->len; i++) {
		rec = rows->pdata[i];
		json_builder_begin_object(b);
		list_member(b, "id", rec->key);
		list_member(b, "message_id", rec->message_id);
		list_member(b, "category", rec->category);
		json_builder_set_member_name(b, "score");
		json_builder_add_double_value(b, rec->score);
		list_member(b, "sender", rec->sender);
		list_member(b, "contact", rec->contact);
		list_member(b, "org", rec->org);
		list_member(b, "role", rec->role);
		list_member(b, "subject", rec->subject);
		json_builder_set_member_name(b, "date");
		json_builder_add_int_value(b, rec->date);
		json_builder_set_member_name(b, "handled");
		json_builder_add_int_value(b, rec->handled);
		list_member(b, "due", rec->due);
		list_member(b, "draft", rec->draft);
		list_member(b, "reminder_uid", rec->uid);
		json_builder_set_member_name(b, "important");
		json_builder_add_boolean_value(b, rec->important);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	root = json_builder_get_root(b);
	gen = json_generator_new();
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_root(gen, root);
	text = json_generator_to_data(gen, NULL);
	printf("%s\n", text);
	g_free(text);
	g_object_unref(gen);
	json_node_unref(root);
	g_object_unref(b);
}

/* The state, or NULL (and no error) when nothing was ever recorded. */
static struct state *
list_state(const struct config *cf, GError **error)
{
	if (!g_file_test(cf->state, G_FILE_TEST_EXISTS))
		return (NULL);
	return (state_open(cf->state, error));
}

int
list_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct state	*st;
	GPtrArray	*rows;
	GError		*e = NULL;
	gboolean	 json = FALSE;

	if (argc == 1 && strcmp(argv[0], "--json") == 0)
		json = TRUE;
	else if (argc > 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_USAGE,
		    "usage: doorstop list [--json]");
		return (-1);
	}
	if ((st = list_state(cf, &e)) == NULL && e != NULL) {
		g_propagate_error(error, e);
		return (-1);
	}
	rows = st != NULL ? state_list(st, error) :
	    g_ptr_array_new_with_free_func((GDestroyNotify)record_free);
	state_close(st);
	if (rows == NULL)
		return (-1);
	if (json)
		list_json(rows);
	else
		list_text(rows);
	g_ptr_array_free(rows, TRUE);
	return (0);
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
