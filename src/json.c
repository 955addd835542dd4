/*
 * json.c: doorstop's JSON, for "list --json" and "report --format json".
 * The only file that uses jansson (a small JSON library with no
 * dependencies, so that doorstop can be linked statically: json-glib
 * would bring a second, shared GLib).
 */

#include <math.h>

#include <jansson.h>

#include "doorstop.h"

/* A string as JSON, or null; text that is not UTF-8 is repaired first. */
static json_t *
json_text(const char *value)
{
	json_t	*v;
	char	*valid;

	if (value == NULL)
		return (json_null());
	if (g_utf8_validate(value, -1, NULL))
		return (json_string(value));
	valid = g_utf8_make_valid(value, -1);
	v = json_string(valid);
	g_free(valid);
	return (v);
}

/* One record as a JSON object, its members in a fixed order. */
static json_t *
json_record(const struct record *rec)
{
	json_t	*o;

	o = json_object();
	json_object_set_new(o, "id", json_text(rec->key));
	json_object_set_new(o, "message_id", json_text(rec->message_id));
	json_object_set_new(o, "category", json_text(rec->category));
	json_object_set_new(o, "score", isfinite(rec->score) ?
	    json_real(rec->score) : json_null());
	json_object_set_new(o, "sender", json_text(rec->sender));
	json_object_set_new(o, "contact", json_text(rec->contact));
	json_object_set_new(o, "org", json_text(rec->org));
	json_object_set_new(o, "role", json_text(rec->role));
	json_object_set_new(o, "subject", json_text(rec->subject));
	json_object_set_new(o, "date", json_integer(rec->date));
	json_object_set_new(o, "handled", json_integer(rec->handled));
	json_object_set_new(o, "due", json_text(rec->due));
	json_object_set_new(o, "draft", json_text(rec->draft));
	json_object_set_new(o, "reminder_uid", json_text(rec->uid));
	json_object_set_new(o, "important", json_boolean(rec->important));
	json_object_set_new(o, "done", json_boolean(rec->done));
	return (o);
}

/*
 * root as text indented by two, and root released.  jansson allocates
 * with GLib's allocator, which aborts when memory runs out as everywhere
 * else, so only a bug makes json_dumps fail.
 */
static char *
json_finish(json_t *root, const char *what, GError **error)
{
	char	*text;

	text = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (text == NULL)
		g_set_error(error, DOORSTOP_ERROR, EX_SOFTWARE,
		    "cannot write the %s as JSON", what);
	return (text);
}

/* The records as a JSON array: a new string, or NULL with error set. */
char *
json_records(GPtrArray *rows, GError **error)
{
	json_t	*root;
	guint	 i;

	json_set_alloc_funcs(g_malloc, g_free);
	root = json_array();
	for (i = 0; i < rows->len; i++)
		json_array_append_new(root, json_record(rows->pdata[i]));
	return (json_finish(root, "list", error));
}

/* An integer, or null when it is negative: not known. */
static json_t *
json_count(gint64 n)
{
	return (n < 0 ? json_null() : json_integer(n));
}

/* A day, YYYY-MM-DD in local time, of t; null for 0 or out of range. */
static json_t *
json_day(gint64 t)
{
	char	day[11];

	if (t == 0)
		return (json_null());
	report_day(t, day);
	return (*day == '?' ? json_null() : json_text(day));
}

/* The counts as an array of {key: name, "rejections": n}. */
static json_t *
json_counts(GArray *counts, const char *key)
{
	const struct report_count	*c;
	json_t				*a, *o;
	guint				 i;

	a = json_array();
	for (i = 0; i < counts->len; i++) {
		c = &g_array_index(counts, struct report_count, i);
		o = json_object();
		json_object_set_new(o, key, json_text(c->name));
		json_object_set_new(o, "rejections", json_integer(c->n));
		json_array_append_new(a, o);
	}
	return (a);
}

static json_t *
json_months(GArray *months)
{
	const struct report_month	*m;
	json_t				*a, *o;
	guint				 i;

	a = json_array();
	for (i = 0; i < months->len; i++) {
		m = &g_array_index(months, struct report_month, i);
		o = json_object();
		json_object_set_new(o, "month", json_text(m->name));
		json_object_set_new(o, "rejections",
		    json_integer(m->rejections));
		json_object_set_new(o, "thank_yous", json_integer(m->thanks));
		json_array_append_new(a, o);
	}
	return (a);
}

/* A rejection of the report, with what came of it. */
static json_t *
json_row(const struct report_row *row)
{
	const struct record	*rec = row->rec;
	json_t			*o;
	char			 month[8];

	g_strlcpy(month, row->day, sizeof month);
	o = json_object();
	json_object_set_new(o, "id", json_text(rec->key));
	json_object_set_new(o, "date", json_text(row->day));
	json_object_set_new(o, "month", json_text(month));
	json_object_set_new(o, "status", json_text(rec->status));
	json_object_set_new(o, "category", json_text(rec->category));
	json_object_set_new(o, "org", json_text(row->org));
	json_object_set_new(o, "contact", json_text(rec->contact));
	json_object_set_new(o, "sender", json_text(rec->sender));
	json_object_set_new(o, "subject", json_text(rec->subject));
	json_object_set_new(o, "thank_you", json_day(row->thanks));
	json_object_set_new(o, "thank_you_seen_sent", row->thanks == 0 ?
	    json_null() : json_boolean(row->seen_sent));
	json_object_set_new(o, "thank_you_days", json_count(row->thanks_days));
	json_object_set_new(o, "follow_up_due", json_text(row->forgotten ?
	    NULL : rec->due));
	json_object_set_new(o, "follow_up", json_text(row->follow_up));
	json_object_set_new(o, "came_back", json_day(row->came_back != NULL ?
	    row->came_back->date : 0));
	json_object_set_new(o, "came_back_subject", json_text(
	    row->came_back != NULL ? row->came_back->subject : NULL));
	return (o);
}

static json_t *
json_rows(GPtrArray *rows)
{
	json_t	*a;
	guint	 i;

	a = json_array();
	for (i = 0; i < rows->len; i++)
		json_array_append_new(a, json_row(rows->pdata[i]));
	return (a);
}

static json_t *
json_thanks(const struct report *rep)
{
	json_t	*o;

	o = json_object();
	json_object_set_new(o, "went_out", json_integer(rep->sent + rep->left));
	json_object_set_new(o, "seen_sent", json_integer(rep->sent));
	json_object_set_new(o, "only_left_drafts", json_integer(rep->left));
	json_object_set_new(o, "not_sent", json_integer(rep->unsent));
	json_object_set_new(o, "median_days", rep->median_days < 0 ?
	    json_null() : json_real(rep->median_days));
	json_object_set_new(o, "longest_days", rep->median_days < 0 ?
	    json_null() : json_integer(rep->longest_days));
	return (o);
}

static json_t *
json_follow_ups(const struct report *rep)
{
	json_t	*o;

	o = json_object();
	json_object_set_new(o, "done", json_integer(rep->done));
	json_object_set_new(o, "due", json_integer(rep->due));
	json_object_set_new(o, "overdue", json_integer(rep->overdue));
	json_object_set_new(o, "overdue_list", json_rows(rep->overdue_rows));
	json_object_set_new(o, "next_due", json_rows(rep->due_rows));
	return (o);
}

static json_t *
json_totals(const struct report *rep)
{
	json_t	*o;

	o = json_object();
	json_object_set_new(o, "rejections", json_integer(rep->rows->len));
	json_object_set_new(o, "forgotten", json_integer(rep->forgotten));
	json_object_set_new(o, "answered", json_integer(rep->rows->len -
	    rep->forgotten));
	json_object_set_new(o, "thank_yous", json_integer(rep->sent +
	    rep->left));
	json_object_set_new(o, "came_back", json_integer(rep->came_back->len));
	return (o);
}

/* The report as one JSON object: a new string, or NULL with error set. */
char *
json_report(const struct report *rep, GError **error)
{
	json_t	*root, *period;

	json_set_alloc_funcs(g_malloc, g_free);
	period = json_object();
	json_object_set_new(period, "since", json_text(*rep->since != '\0' ?
	    rep->since : NULL));
	json_object_set_new(period, "until", json_text(rep->until));
	root = json_object();
	json_object_set_new(root, "period", period);
	json_object_set_new(root, "totals", json_totals(rep));
	json_object_set_new(root, "by_month", json_months(rep->months));
	json_object_set_new(root, "by_category", json_counts(rep->categories,
	    "category"));
	json_object_set_new(root, "by_org", json_counts(rep->orgs, "org"));
	json_object_set_new(root, "thank_yous", json_thanks(rep));
	json_object_set_new(root, "follow_ups", json_follow_ups(rep));
	json_object_set_new(root, "came_back", json_rows(rep->came_back));
	json_object_set_new(root, "rejections", json_rows(rep->rows));
	return (json_finish(root, "report", error));
}
