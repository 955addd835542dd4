/*
 * reply.c: a rejection answered once: the gate, a draft from the reply
 * template into the drafts folder, a follow-up reminder into the calendar,
 * and a row in the state database, all under the state's lock so that a
 * message delivered twice, or sixteen times at once, is answered once.
 */

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "doorstop.h"

#define REPLY_WIDTH	72

/*
 * The path of LANG/name in the user's rules directory or the system's, for
 * lang or else English; *used is the language found.  NULL if none.
 */
static char *
reply_find(const struct config *cf, const char *lang, const char *name,
    const char **used)
{
	const char	*dirs[] = { cf->user_rules_dir, cf->rules_dir };
	const char	*langs[] = { lang, "en" };
	char		*path;
	gsize		 i, j;

	for (j = 0; j < G_N_ELEMENTS(langs); j++) {
		for (i = 0; i < G_N_ELEMENTS(dirs); i++) {
			if (dirs[i] == NULL)
				continue;
			path = g_build_filename(dirs[i], langs[j], name, NULL);
			if (g_file_test(path, G_FILE_TEST_EXISTS)) {
				*used = langs[j];
				return (path);
			}
			g_free(path);
		}
	}
	return (NULL);
}

/*
 * The template for category in lang (English when the language has none),
 * with the parts it lacks (the attribution line, the note on an empty To)
 * from common.reply of the same language.
 */
struct template *
reply_template(const struct config *cf, const char *lang,
    const char *category, GError **error)
{
	struct template	*t, *common;
	const char	*used;
	char		*name, *path;

	name = g_strdup_printf("%s.reply", category);
	path = reply_find(cf, lang, name, &used);
	g_free(name);
	if (path == NULL) {
		g_set_error(error, DOORSTOP_ERROR, EX_CONFIG,
		    "no reply template %s/%s.reply in %s", lang, category,
		    cf->rules_dir);
		return (NULL);
	}
	t = template_load(path, error);
	g_free(path);
	if (t == NULL ||
	    (path = reply_find(cf, used, "common.reply", &used)) == NULL)
		return (t);
	common = template_load(path, error);
	g_free(path);
	if (common == NULL) {
		template_free(t);
		return (NULL);
	}
	template_inherit(t, common);
	template_free(common);
	return (t);
}

static void
reply_var(GHashTable *vars, const char *name, const char *value)
{
	if (value != NULL && *value != '\0')
		g_hash_table_insert(vars, (char *)name, g_strdup(value));
}

/* The values a template may use. */
static GHashTable *
reply_vars(const struct config *cf, const struct lead *l)
{
	GHashTable	*vars;
	GDateTime	*dt;
	char		*first;

	vars = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	reply_var(vars, "name", l->name);
	reply_var(vars, "first_name", l->first_name);
	reply_var(vars, "org", l->org);
	reply_var(vars, "role", l->role);
	reply_var(vars, "req", l->req);
	reply_var(vars, "subject", l->subject);
	dt = g_date_time_new_from_unix_local(l->date);
	g_hash_table_insert(vars, "date", g_date_time_format(dt,
	    "%Y-%m-%d %H:%M"));
	g_date_time_unref(dt);
	reply_var(vars, "my_name", cf->name);
	if (cf->name != NULL) {
		first = g_strndup(cf->name, strcspn(cf->name, " "));
		reply_var(vars, "my_first_name", first);
		g_free(first);
	}
	reply_var(vars, "offer", cf->offer);
	reply_var(vars, "feedback", l->feedback ? "yes" : NULL);
	reply_var(vars, "important", l->important ? "yes" : NULL);
	return (vars);
}

/* The attribution line: the template's ":wrote", or English. */
static char *
reply_wrote(const struct message *m, const struct template *t,
    GHashTable *vars)
{
	GHashTable	*own;
	GPtrArray	*from;
	char		*line;
	const char	*who = "you", *date;

	from = message_addresses(m, "From");
	if (from->len > 0)
		who = ((struct address *)from->pdata[0])->name != NULL ?
		    ((struct address *)from->pdata[0])->name :
		    ((struct address *)from->pdata[0])->addr;
	date = g_hash_table_lookup(vars, "date");
	own = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_insert(own, "date", (char *)date);
	g_hash_table_insert(own, "name", (char *)who);
	if ((line = template_render(t, TEMPLATE_WROTE, own)) == NULL)
		line = g_strdup_printf("On %s, %s wrote:", date, who);
	g_hash_table_destroy(own);
	g_ptr_array_free(from, TRUE);
	return (line);
}

/* "> " before every line of the original, after an attribution line. */
static void
reply_quote(GString *s, const struct message *m, const struct template *t,
    GHashTable *vars)
{
	char	*wrote, *text, **lines;
	guint	 i, n;

	wrote = reply_wrote(m, t, vars);
	g_string_append_printf(s, "\n%s\n", wrote);
	text = g_strndup(m->text != NULL ? m->text : "", DOORSTOP_MAX_QUOTE);
	g_strchomp(text);
	lines = g_strsplit(text, "\n", -1);
	for (n = g_strv_length(lines); n > 0 && *lines[n - 1] == '\0'; n--)
		;
	for (i = 0; i < n; i++)
		g_string_append_printf(s, "%s%s\n", *lines[i] == '>' ||
		    *lines[i] == '\0' ? ">" : "> ", lines[i]);
	g_strfreev(lines);
	g_free(text);
	g_free(wrote);
}

/* The body of the draft: note, template, signature, quoted original. */
static char *
reply_body(const struct config *cf, const struct message *m,
    const struct lead *l, const struct template *t, GHashTable *vars,
    GError **error)
{
	GString	*s;
	char	*text, *wrapped, *note;

	if ((text = template_render(t, TEMPLATE_BODY, vars)) == NULL) {
		g_set_error(error, DOORSTOP_ERROR, EX_CONFIG,
		    "the %s reply template is empty", l->category);
		return (NULL);
	}
	s = g_string_new(NULL);
	if (l->to.addr == NULL) {
		note = template_render(t, TEMPLATE_NOTO, vars);
		g_string_append_printf(s, "%s\n\n", note != NULL ? note :
		    "[doorstop: this rejection came from an address nobody "
		    "reads, and no person to write to was found in it. Fill "
		    "in To: before sending.]");
		g_free(note);
	}
	wrapped = template_wrap(text, REPLY_WIDTH);
	g_string_append(s, wrapped);
	g_string_append_c(s, '\n');
	if (cf->signature != NULL && *cf->signature != '\0') {
		g_string_append(s, "\n-- \n");
		g_string_append(s, cf->signature);
		while (s->len > 0 && s->str[s->len - 1] == '\n')
			g_string_truncate(s, s->len - 1);
		g_string_append_c(s, '\n');
	}
	if (cf->quote)
		reply_quote(s, m, t, vars);
	g_free(wrapped);
	g_free(text);
	return (g_string_free(s, FALSE));
}

/* The draft's Message-ID: the same for the same key and generation. */
static char *
reply_message_id(const struct config *cf, const char *key, int gen)
{
	const char	*domain;

	domain = cf->address != NULL ? strchr(cf->address, '@') + 1 :
	    g_get_host_name();
	return (g_strdup_printf("doorstop.%.16s.%d@%s", key, gen, domain));
}

/* The tag in the name of the draft's Maildir file. */
static char *
reply_tag(const char *key, int gen)
{
	return (g_strdup_printf("doorstop-%.16s-%d", key, gen));
}

/* The draft as a message, or NULL with error set. */
static char *
reply_draft(const struct config *cf, const struct message *m,
    const struct lead *l, const struct template *t, GHashTable *vars,
    int gen, GError **error)
{
	struct draft	 d = { 0 };
	char		*text;

	if ((d.body = reply_body(cf, m, l, t, vars, error)) == NULL)
		return (NULL);
	d.from.name = cf->name;
	d.from.addr = cf->address;
	d.to = l->to;
	d.subject = g_strdup_printf("Re: %s", *l->subject != '\0' ?
	    l->subject : "your message");
	d.message_id = reply_message_id(cf, l->key, gen);
	d.in_reply_to = l->message_id;
	d.references = l->references;
	d.key = l->key;
	d.date = time(NULL);
	text = message_compose(&d);
	g_free(d.subject);
	g_free(d.message_id);
	g_free(d.body);
	return (text);
}

/* "Follow up with Jane Doe at Acme — Senior Engineer", or "Call ...". */
static char *
reply_summary(const struct lead *l)
{
	GString		*s;
	const char	*who;

	who = l->name != NULL ? l->name : l->org != NULL ? l->org :
	    l->to.addr != NULL ? l->to.addr : l->sender != NULL ? l->sender :
	    "the sender";
	s = g_string_new(l->important ? "Call " : "Follow up with ");
	g_string_append(s, who);
	if (l->name != NULL && l->org != NULL)
		g_string_append_printf(s, " at %s", l->org);
	if (l->role != NULL)
		g_string_append_printf(s, " — %s", l->role);
	return (g_string_free(s, FALSE));
}

static char *
reply_description(const struct lead *l, const struct template *t,
    GHashTable *vars, const char *draft)
{
	GString		*s;
	const char	*addr;
	char		*next, date[16];
	GDate		 d;

	g_date_clear(&d, 1);
	g_date_set_time_t(&d, l->date);
	g_date_strftime(date, sizeof date, "%Y-%m-%d", &d);
	s = g_string_new(NULL);
	addr = l->to.addr != NULL ? l->to.addr : l->sender;
	g_string_append_printf(s, "Rejection (%s) from %s%s%s%s on %s",
	    l->category, l->name != NULL ? l->name : "",
	    l->name != NULL ? " <" : "", addr != NULL ? addr :
	    "an unknown sender", l->name != NULL ? ">" : "", date);
	if (*l->subject != '\0')
		g_string_append_printf(s, ": \"%s\"", l->subject);
	g_string_append(s, ".\n");
	if (l->req != NULL)
		g_string_append_printf(s, "Reference: %s\n", l->req);
	next = template_render(t, l->important ? TEMPLATE_CALL :
	    TEMPLATE_NEXT, vars);
	g_string_append_printf(s, "Next step: %s\n", next != NULL ? next :
	    l->important ? "call them or write a personal note." :
	    "write a short, courteous email to stay in touch.");
	if (draft != NULL)
		g_string_append_printf(s, "Thank-you note drafted: %s\n", draft);
	if (l->to.addr == NULL)
		g_string_append(s, "No one to reply to was found: the draft "
		    "has an empty To.\n");
	if (l->message_id != NULL)
		g_string_append_printf(s, "Find the mail: notmuch search "
		    "id:%s\nIn mutt: ~i '%s'\n", l->message_id,
		    l->message_id);
	g_free(next);
	while (s->len > 0 && s->str[s->len - 1] == '\n')
		g_string_truncate(s, s->len - 1);
	return (g_string_free(s, FALSE));
}

/* The reminder for l, due its category's delay after the rejection. */
static void
reply_reminder(const struct config *cf, const struct lead *l,
    const struct template *t, GHashTable *vars, const char *draft,
    struct reminder *rem)
{
	int	i;

	memset(rem, 0, sizeof *rem);
	rem->uid = g_strndup(l->key, 32);
	rem->kind = cf->reminder_kind;
	g_date_clear(&rem->due, 1);
	g_date_set_time_t(&rem->due, l->date);
	i = category_index(l->category);
	g_date_add_days(&rem->due, i >= 0 ? cf->delay[i] : 90);
	rem->summary = reply_summary(l);
	rem->description = reply_description(l, t, vars, draft);
	if (l->message_id != NULL) {
		char *enc = g_uri_escape_string(l->message_id,
		    "@!$&'*+,;=:", FALSE);
		rem->url = g_strconcat("mid:", enc, NULL);
		g_free(enc);
	}
	rem->category = l->category;
	rem->important = l->important;
}

/* Where drafts go: an existing file is an mbox, anything else a Maildir. */
static gboolean
reply_drafts_mbox(const struct config *cf)
{
	struct stat	sb;

	if (cf->drafts_format != DRAFTS_AUTO)
		return (cf->drafts_format == DRAFTS_MBOX);
	return (stat(cf->drafts, &sb) == 0 && S_ISREG(sb.st_mode));
}

/*
 * Put the draft into the drafts folder; *path says where it went.  Returns
 * 0 when it is a new file of its own, which a later failure takes back; 1
 * when it was found there, or went into an mbox; or -1 with error set.
 */
static int
reply_store(const struct config *cf, const struct lead *l, int gen,
    const char *text, char **path, GError **error)
{
	char	*tag, *id;
	int	 rc;

	if (reply_drafts_mbox(cf)) {
		id = reply_message_id(cf, l->key, gen);
		rc = store_mbox_put(cf->drafts, text, id, cf->address != NULL ?
		    cf->address : "doorstop", error);
		g_free(id);
		*path = rc == 0 ? g_strdup(cf->drafts) : NULL;
		return (rc == 0 ? 1 : -1);
	}
	tag = reply_tag(l->key, gen);
	rc = store_maildir_put(cf->drafts, text, tag, path, error);
	g_free(tag);
	return (rc);
}

/*
 * Whether the draft for rec is still in the drafts folder: 1 yes, 0 no
 * (sent, or deleted), -1 when that cannot be told: the drafts folder is
 * not there, or is not where the draft was written.
 */
int
reply_draft_holds(const struct config *cf, const struct record *rec)
{
	char	*what;
	gsize	 len = strlen(cf->drafts);
	int	 rc;

	if (rec->draft == NULL || strncmp(rec->draft, cf->drafts, len) != 0 ||
	    (rec->draft[len] != '\0' && rec->draft[len] != '/'))
		return (-1);
	if (reply_drafts_mbox(cf)) {
		what = reply_message_id(cf, rec->key, rec->generation);
		rc = store_mbox_holds(cf->drafts, what);
	} else {
		what = reply_tag(rec->key, rec->generation);
		rc = store_maildir_holds(cf->drafts, what);
	}
	g_free(what);
	return (rc);
}

static struct record *
reply_record(const struct lead *l, const struct reminder *rem, int gen,
    const char *draft)
{
	struct record	*rec;
	char		 due[16];

	rec = g_new0(struct record, 1);
	rec->key = g_strdup(l->key);
	rec->message_id = g_strdup(l->message_id);
	rec->status = g_strdup("done");
	rec->generation = gen;
	rec->category = g_strdup(l->category);
	rec->score = l->score;
	rec->sender = g_strdup(l->to.addr != NULL ? l->to.addr : l->sender);
	rec->contact = g_strdup(l->name);
	rec->org = g_strdup(l->org);
	rec->role = g_strdup(l->role);
	rec->subject = g_strdup(l->subject);
	rec->date = l->date;
	rec->handled = time(NULL);
	g_date_strftime(due, sizeof due, "%Y-%m-%d", &rem->due);
	rec->due = g_strdup(due);
	rec->draft = g_strdup(draft);
	rec->uid = g_strdup(rem->uid);
	rec->important = l->important;
	rec->from_addr = l->sender != NULL ? g_ascii_strdown(l->sender, -1) :
	    NULL;
	rec->domain = g_strdup(l->domain);
	return (rec);
}

/* The state database; with --dry-run only if it exists, and maybe NULL. */
static int
reply_state(const struct config *cf, struct state **st, GError **error)
{
	*st = NULL;
	if (cf->dry_run && !g_file_test(cf->state, G_FILE_TEST_EXISTS))
		return (0);
	if ((*st = state_open(cf->state, error)) == NULL)
		return (-1);
	return (cf->dry_run ? 0 : state_begin(*st, error));
}

/* With --dry-run: what would be written, into out. */
static void
reply_dry_run(const struct config *cf, const struct lead *l,
    const struct template *t, GHashTable *vars, int gen, char *text,
    struct outcome *out)
{
	struct reminder	 rem;
	char		*todo, *event;

	reply_reminder(cf, l, t, vars, NULL, &rem);
	todo = (rem.kind & REMINDER_TODO) ? reminder_ics(&rem,
	    REMINDER_TODO) : NULL;
	event = (rem.kind & REMINDER_EVENT) ? reminder_ics(&rem,
	    REMINDER_EVENT) : NULL;
	out->draft_text = text;
	out->reminder_text = g_strconcat(todo != NULL ? todo : "",
	    event != NULL ? event : "", NULL);
	out->rec = reply_record(l, &rem, gen, NULL);
	free(todo);
	free(event);
	reminder_clear(&rem);
}

/*
 * The reminder could not be written: take back the files written so far,
 * while the lock is held, so that none is seen without the others.  A
 * draft found there, or in an mbox, stays for the next run.
 */
static void
reply_undo(const char *draft, gboolean own, struct outcome *out)
{
	char	**p;

	for (p = out->reminders; p != NULL && *p != NULL; p++)
		if (unlink(*p) != 0 && errno != ENOENT)
			log_warn("cannot remove %s: %s", *p, g_strerror(errno));
	g_strfreev(out->reminders);
	out->reminders = NULL;
	if (own && unlink(draft) != 0 && errno != ENOENT)
		log_warn("cannot remove %s: %s", draft, g_strerror(errno));
}

/*
 * Record the rejection, and the Message-IDs of its thread: its own, those
 * it refers to, and the draft's, which a reply from the user refers to.
 */
static int
reply_record_put(const struct config *cf, struct state *st,
    const struct lead *l, const struct record *rec, GError **error)
{
	GPtrArray	*ids;
	char		**refs, *id;
	int		 i, rc;

	if (state_put(st, rec, error) != 0)
		return (-1);
	ids = g_ptr_array_new_with_free_func(g_free);
	refs = g_strsplit(l->references != NULL ? l->references : "", " ",
	    -1);
	for (i = 0; refs[i] != NULL; i++) {
		id = g_strstrip(refs[i]);
		if (*id == '<' && strlen(id) > 2)
			g_ptr_array_add(ids, g_strndup(id + 1, strlen(id) - 2));
	}
	g_strfreev(refs);
	g_ptr_array_add(ids, reply_message_id(cf, l->key, rec->generation));
	rc = state_thread_add(st, rec->key, ids, error);
	g_ptr_array_free(ids, TRUE);
	return (rc);
}

/*
 * Write the draft and the reminder, and record them; under the lock.  When
 * the record cannot be committed the files stay: the commit may have
 * reached the disk all the same, and the lock is gone; the next run finds
 * the draft, replaces the reminder, and records them.
 */
static int
reply_write(const struct config *cf, struct state *st, const struct lead *l,
    const struct template *t, GHashTable *vars, int gen, const char *text,
    struct outcome *out, GError **error)
{
	struct reminder	 rem;
	char		*draft;
	int		 stored, rc = -1;

	if ((stored = reply_store(cf, l, gen, text, &draft, error)) < 0)
		return (-1);
	reply_reminder(cf, l, t, vars, draft, &rem);
	if (reminder_write(cf->calendar, &rem, &out->reminders, error) != 0)
		reply_undo(draft, stored == 0, out);
	else {
		out->rec = reply_record(l, &rem, gen, draft);
		if (reply_record_put(cf, st, l, out->rec, error) == 0 &&
		    state_commit(st, error) == 0)
			rc = 0;
	}
	if (rc == 0)
		log_info("%s: drafted a reply (%s) to %s (%s) in %s; "
		    "follow-up due %s", l->message_id ? l->message_id : l->key,
		    l->category, l->to.addr != NULL ? l->to.addr : "no one",
		    l->to_source != NULL ? l->to_source : "To left empty",
		    draft, out->rec->due);
	reminder_clear(&rem);
	g_free(draft);
	return (rc);
}

/*
 * Answer the rejection m once: unless flags has REPLY_FORCE, the gate may
 * skip it (out->skipped says why).  category overrides the verdict's (v may
 * be NULL when forced).  Returns 0 with out filled, or -1 with error set,
 * having recorded nothing, so that the next run tries again.
 */
int
reply_run(struct config *cf, const struct message *m,
    const struct verdict *v, const char *category, int flags,
    struct outcome *out, GError **error)
{
	struct lead	*l;
	struct state	*st = NULL;
	struct record	*old = NULL;
	struct template	*t = NULL;
	GHashTable	*vars = NULL;
	GPtrArray	*ids;
	char		*text;
	int		 rc = -1;

	memset(out, 0, sizeof *out);
	if (!(flags & REPLY_FORCE) &&
	    (out->skipped = gate_skip(cf, m)) != NULL) {
		ids = message_ids(m, "Message-ID");
		log_info("%s: no reply: %s", ids->len > 0 ?
		    (char *)ids->pdata[0] : "message", out->skipped);
		g_ptr_array_free(ids, TRUE);
		return (0);
	}
	l = lead_new(cf, m, v);
	if (category != NULL)
		l->category = category;
	if (reply_state(cf, &st, error) != 0 ||
	    (st != NULL && state_get(st, l->key, &old, error) != 0))
		goto out;
	if (old != NULL && strcmp(old->status, "done") == 0) {
		log_info("%s: already answered: %s", l->message_id ?
		    l->message_id : l->key, old->draft ? old->draft : "-");
		out->existing = TRUE;
		out->rec = old;
		old = NULL;
		rc = 0;
		goto out;
	}
	if ((t = reply_template(cf, l->lang, l->category, error)) == NULL)
		goto out;
	vars = reply_vars(cf, l);
	text = reply_draft(cf, m, l, t, vars, old ? old->generation : 0,
	    error);
	if (text != NULL && cf->dry_run) {
		reply_dry_run(cf, l, t, vars, old ? old->generation : 0, text,
		    out);
		rc = 0;
	} else if (text != NULL) {
		rc = reply_write(cf, st, l, t, vars, old ? old->generation : 0,
		    text, out, error);
		g_free(text);
	}
out:
	if (st != NULL)
		state_rollback(st);
	state_close(st);
	if (vars != NULL)
		g_hash_table_destroy(vars);
	template_free(t);
	record_free(old);
	lead_free(l);
	return (rc);
}

void
outcome_clear(struct outcome *out)
{
	record_free(out->rec);
	g_free(out->draft_text);
	g_free(out->reminder_text);
	g_strfreev(out->reminders);
	memset(out, 0, sizeof *out);
}
