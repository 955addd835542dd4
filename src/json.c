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
