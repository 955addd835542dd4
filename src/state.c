/*
 * state.c: what doorstop has done, in SQLite: one row per handled
 * rejection, keyed like the lead; and what "doorstop scan" has read: the
 * unique names seen in each Maildir folder, and how far each mbox was read.
 * Writers take the database lock for the whole of handling a message, so a
 * message delivered twice at once is drafted once.  The only file that uses
 * SQLite.
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "doorstop.h"

#define STATE_VERSION	3
#define STATE_BUSY_MS	20000

struct state {
	sqlite3	*db;
	char	*path;
};

static const char state_schema[] =
	"CREATE TABLE IF NOT EXISTS handled ("
	" key TEXT PRIMARY KEY,"
	" message_id TEXT,"
	" status TEXT NOT NULL,"
	" generation INTEGER NOT NULL DEFAULT 0,"
	" category TEXT,"
	" score REAL,"
	" sender TEXT,"
	" contact TEXT,"
	" org TEXT,"
	" role TEXT,"
	" subject TEXT,"
	" date INTEGER,"
	" handled INTEGER,"
	" due TEXT,"
	" draft TEXT,"
	" uid TEXT,"
	" important INTEGER NOT NULL DEFAULT 0,"
	" from_addr TEXT,"
	" domain TEXT);"
	"CREATE INDEX IF NOT EXISTS handled_message_id ON handled(message_id);"
	"CREATE INDEX IF NOT EXISTS handled_from_addr ON handled(from_addr);"
	"CREATE INDEX IF NOT EXISTS handled_domain ON handled(domain);"
	"CREATE TABLE IF NOT EXISTS thread ("
	" id TEXT NOT NULL,"
	" key TEXT NOT NULL,"
	" PRIMARY KEY (id, key)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS event ("
	" key TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" date INTEGER NOT NULL,"
	" seen INTEGER NOT NULL,"
	" subject TEXT,"
	" sender TEXT,"
	" PRIMARY KEY (key, kind, source)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS seen ("
	" folder TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" PRIMARY KEY (folder, name)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS mbox ("
	" path TEXT PRIMARY KEY,"
	" offset INTEGER NOT NULL,"
	" last INTEGER NOT NULL,"
	" sum TEXT NOT NULL);";

#define STATE_COLUMNS	"key, message_id, status, generation, category, " \
	"score, sender, contact, org, role, subject, date, handled, due, " \
	"draft, uid, important, from_addr, domain"

/*
 * Versions 1 and 2 to 3: where a rejection came from, its thread's
 * Message-IDs, and what happened after it was answered.
 */
static const char state_upgrade[] =
	"ALTER TABLE handled ADD COLUMN from_addr TEXT;"
	"ALTER TABLE handled ADD COLUMN domain TEXT;"
	"UPDATE handled SET from_addr = lower(sender);";
static const char state_upgrade_thread[] =
	"INSERT OR IGNORE INTO thread (id, key) SELECT message_id, key"
	" FROM handled WHERE message_id IS NOT NULL;";

static int
state_error(struct state *st, GError **error, const char *what)
{
	int	code = sqlite3_errcode(st->db);

	g_set_error(error, DOORSTOP_ERROR, code == SQLITE_BUSY ||
	    code == SQLITE_LOCKED || code == SQLITE_FULL ||
	    code == SQLITE_IOERR ? EX_TEMPFAIL : EX_IOERR,
	    "%s: cannot %s: %s", st->path, what, sqlite3_errmsg(st->db));
	return (-1);
}

static int
state_exec(struct state *st, const char *sql, GError **error)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return (state_error(st, error, "update the state"));
	return (0);
}

static int
state_version(struct state *st, GError **error)
{
	sqlite3_stmt	*stmt;
	int		 version = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt,
	    NULL) != SQLITE_OK)
		return (state_error(st, error, "read the state"));
	if (sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (version > STATE_VERSION) {
		g_set_error(error, DOORSTOP_ERROR, EX_CONFIG,
		    "%s: written by a newer doorstop (version %d)", st->path,
		    version);
		return (-1);
	}
	return (version);
}

/*
 * Switch to WAL.  A new database takes an exclusive lock for it, and SQLite
 * does not wait for that through the busy handler: two doorstops creating
 * the state at once would fail, so wait here.
 */
static int
state_wal(struct state *st, GError **error)
{
	int	i, rc;

	for (i = 0; i < STATE_BUSY_MS / 10; i++) {
		rc = sqlite3_exec(st->db, "PRAGMA journal_mode=WAL", NULL, NULL,
		    NULL);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		g_usleep(10000);
	}
	if (rc != SQLITE_OK)
		return (state_error(st, error, "open the state"));
	return (0);
}

static int
state_setup(struct state *st, GError **error)
{
	char	*sql;
	int	 version, rc, one = 1;

	sqlite3_busy_timeout(st->db, STATE_BUSY_MS);
	/*
	 * Keep the WAL file when the last connection closes: else each run,
	 * filter's on every message, would create and delete it and its
	 * index again.  It is emptied instead, so that what a failed commit
	 * left in it is not taken for committed by the next run.
	 */
	sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
	if (state_wal(st, error) != 0 ||
	    state_exec(st, "PRAGMA journal_size_limit = 0", error) != 0)
		return (-1);
	if ((version = state_version(st, error)) < 0)
		return (-1);
	if (version == STATE_VERSION)
		return (0);
	/* again under the lock: another doorstop may have done it */
	if (state_begin(st, error) != 0 ||
	    (version = state_version(st, error)) < 0) {
		state_rollback(st);
		return (-1);
	}
	if (version == STATE_VERSION)
		return (state_commit(st, error));
	sql = g_strdup_printf("%s%s%sPRAGMA user_version = %d;",
	    version > 0 ? state_upgrade : "", state_schema,
	    version > 0 ? state_upgrade_thread : "", STATE_VERSION);
	rc = state_exec(st, sql, error);
	g_free(sql);
	if (rc != 0) {
		state_rollback(st);
		return (-1);
	}
	return (state_commit(st, error));
}

/* Open (creating if need be) the state database at path. */
struct state *
state_open(const char *path, GError **error)
{
	struct state	*st;
	char		*dir;
	int		 fd, rc;

	if (file_check_owner(path, error) != 0)
		return (NULL);
	dir = g_path_get_dirname(path);
	rc = file_mkdirs(dir, error);
	g_free(dir);
	if (rc != 0)
		return (NULL);
	/*
	 * SQLite would make it 0644; its journals take the file's mode.  Only
	 * a new file is opened here: closing a descriptor of the database
	 * would drop every lock this process holds on it, those of another
	 * connection too (scan keeps one open), and with its shared lock gone
	 * a closing doorstop deletes the WAL under it ("disk I/O error").
	 */
	if ((fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) != -1)
		close(fd);
	else if (errno != EEXIST) {
		file_error(error, "create", path);
		return (NULL);
	}
	st = g_new0(struct state, 1);
	st->path = g_strdup(path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
	    state_setup(st, error) != 0) {
		if (error != NULL && *error == NULL)
			state_error(st, error, "open the state");
		state_close(st);
		return (NULL);
	}
	return (st);
}

void
state_close(struct state *st)
{
	if (st == NULL)
		return;
	sqlite3_close(st->db);
	g_free(st->path);
	g_free(st);
}

/* Take the write lock: other writers wait until commit or rollback. */
int
state_begin(struct state *st, GError **error)
{
	return (state_exec(st, "BEGIN IMMEDIATE", error));
}

int
state_commit(struct state *st, GError **error)
{
	if (state_exec(st, "COMMIT", error) != 0) {
		state_rollback(st);
		return (-1);
	}
	return (0);
}

void
state_rollback(struct state *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static char *
state_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*s = sqlite3_column_text(stmt, i);

	return (s == NULL ? NULL : g_strdup((const char *)s));
}

/* A row of handled as a record (a gpointer, for state_rows). */
static gpointer
state_row(sqlite3_stmt *stmt)
{
	struct record	*rec;

	rec = g_new0(struct record, 1);
	rec->key = state_text(stmt, 0);
	rec->message_id = state_text(stmt, 1);
	rec->status = state_text(stmt, 2);
	rec->generation = sqlite3_column_int(stmt, 3);
	rec->category = state_text(stmt, 4);
	rec->score = sqlite3_column_double(stmt, 5);
	rec->sender = state_text(stmt, 6);
	rec->contact = state_text(stmt, 7);
	rec->org = state_text(stmt, 8);
	rec->role = state_text(stmt, 9);
	rec->subject = state_text(stmt, 10);
	rec->date = sqlite3_column_int64(stmt, 11);
	rec->handled = sqlite3_column_int64(stmt, 12);
	rec->due = state_text(stmt, 13);
	rec->draft = state_text(stmt, 14);
	rec->uid = state_text(stmt, 15);
	rec->important = sqlite3_column_int(stmt, 16);
	rec->from_addr = state_text(stmt, 17);
	rec->domain = state_text(stmt, 18);
	return (rec);
}

/* Prepare sql, bind up to two text parameters; NULL with error set. */
static sqlite3_stmt *
state_prepare(struct state *st, const char *sql, const char *a,
    const char *b, GError **error)
{
	sqlite3_stmt	*stmt;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		state_error(st, error, "use the state");
		return (NULL);
	}
	if (a != NULL)
		sqlite3_bind_text(stmt, 1, a, -1, SQLITE_TRANSIENT);
	if (b != NULL)
		sqlite3_bind_text(stmt, 2, b, -1, SQLITE_TRANSIENT);
	return (stmt);
}

/*
 * Step through stmt (NULL when it could not be prepared, error set), each
 * row made by row; the rows, or NULL with error set.
 */
static GPtrArray *
state_rows(struct state *st, sqlite3_stmt *stmt,
    gpointer (*row)(sqlite3_stmt *), GDestroyNotify free_row, GError **error)
{
	GPtrArray	*rows;
	int		 rc;

	if (stmt == NULL)
		return (NULL);
	rows = g_ptr_array_new_with_free_func(free_row);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		g_ptr_array_add(rows, row(stmt));
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		g_ptr_array_free(rows, TRUE);
		state_error(st, error, "read the state");
		return (NULL);
	}
	return (rows);
}

/* Run a SELECT with up to two text parameters; the rows as records. */
static GPtrArray *
state_select(struct state *st, const char *where, const char *a,
    const char *b, GError **error)
{
	sqlite3_stmt	*stmt;
	char		*sql;

	sql = g_strdup_printf("SELECT " STATE_COLUMNS " FROM handled %s",
	    where);
	stmt = state_prepare(st, sql, a, b, error);
	g_free(sql);
	return (state_rows(st, stmt, state_row, (GDestroyNotify)record_free,
	    error));
}

/* The record for key into *rec (NULL if none).  Returns 0 or -1. */
int
state_get(struct state *st, const char *key, struct record **rec,
    GError **error)
{
	GPtrArray	*rows;

	*rec = NULL;
	if ((rows = state_select(st, "WHERE key = ?1", key, NULL,
	    error)) == NULL)
		return (-1);
	if (rows->len > 0)
		*rec = g_ptr_array_steal_index(rows, 0);
	g_ptr_array_free(rows, TRUE);
	return (0);
}

/*
 * The record named by id: a key or a unique prefix of one (at least 6 hex
 * digits), or a Message-ID with or without <>.  Returns 0 with *rec set,
 * or -1 with error set when there is none or more than one.
 */
int
state_find(struct state *st, const char *id, struct record **rec,
    GError **error)
{
	GPtrArray	*rows;
	char		*mid, *prefix, *lower;

	*rec = NULL;
	mid = g_strdup(id + (*id == '<'));
	if (*mid != '\0' && mid[strlen(mid) - 1] == '>' && *id == '<')
		mid[strlen(mid) - 1] = '\0';
	lower = g_ascii_strdown(id, -1);
	if (strlen(lower) >= 6 &&
	    strspn(lower, "0123456789abcdef") == strlen(lower))
		prefix = g_strdup_printf("%s%%", lower);
	else
		prefix = g_strdup("-");		/* matches no key */
	g_free(lower);
	rows = state_select(st, "WHERE message_id = ?1 OR key LIKE ?2", mid,
	    prefix, error);
	g_free(prefix);
	g_free(mid);
	if (rows == NULL)
		return (-1);
	if (rows->len == 1)
		*rec = g_ptr_array_steal_index(rows, 0);
	else
		g_set_error(error, DOORSTOP_ERROR, EX_DATAERR,
		    rows->len == 0 ? "%s: no such rejection" :
		    "%s: more than one rejection; give more of the ID", id);
	g_ptr_array_free(rows, TRUE);
	return (*rec == NULL ? -1 : 0);
}

/* Every handled rejection not forgotten, follow-ups due soonest first. */
GPtrArray *
state_list(struct state *st, GError **error)
{
	return (state_select(st, "WHERE status = 'done' ORDER BY due, handled",
	    NULL, NULL, error));
}

/* Every rejection ever answered, forgotten ones too, oldest first. */
GPtrArray *
state_all(struct state *st, GError **error)
{
	return (state_select(st, "ORDER BY date, key", NULL, NULL, error));
}

/*
 * Answered rejections whose drafts were not seen sent, nor leaving the
 * drafts folder, since they were written.
 */
GPtrArray *
state_unsent(struct state *st, GError **error)
{
	return (state_select(st, "WHERE status = 'done' AND draft IS NOT NULL"
	    " AND NOT EXISTS (SELECT 1 FROM event WHERE event.key ="
	    " handled.key AND kind IN ('sent', 'left') AND seen >= handled)"
	    " ORDER BY handled, key", NULL, NULL, error));
}

static void
state_bind(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

/* Insert or replace rec.  Returns 0 or -1 with error set. */
int
state_put(struct state *st, const struct record *rec, GError **error)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO handled ("
	    STATE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)", -1, &stmt,
	    NULL) != SQLITE_OK)
		return (state_error(st, error, "update the state"));
	state_bind(stmt, 1, rec->key);
	state_bind(stmt, 2, rec->message_id);
	state_bind(stmt, 3, rec->status);
	sqlite3_bind_int(stmt, 4, rec->generation);
	state_bind(stmt, 5, rec->category);
	sqlite3_bind_double(stmt, 6, rec->score);
	state_bind(stmt, 7, rec->sender);
	state_bind(stmt, 8, rec->contact);
	state_bind(stmt, 9, rec->org);
	state_bind(stmt, 10, rec->role);
	state_bind(stmt, 11, rec->subject);
	sqlite3_bind_int64(stmt, 12, rec->date);
	sqlite3_bind_int64(stmt, 13, rec->handled);
	state_bind(stmt, 14, rec->due);
	state_bind(stmt, 15, rec->draft);
	state_bind(stmt, 16, rec->uid);
	sqlite3_bind_int(stmt, 17, rec->important);
	state_bind(stmt, 18, rec->from_addr);
	state_bind(stmt, 19, rec->domain);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (state_error(st, error, "update the state"));
	return (0);
}

void
record_free(struct record *rec)
{
	if (rec == NULL)
		return;
	g_free(rec->key);
	g_free(rec->message_id);
	g_free(rec->status);
	g_free(rec->category);
	g_free(rec->sender);
	g_free(rec->contact);
	g_free(rec->org);
	g_free(rec->role);
	g_free(rec->subject);
	g_free(rec->due);
	g_free(rec->draft);
	g_free(rec->uid);
	g_free(rec->from_addr);
	g_free(rec->domain);
	g_free(rec);
}

/*
 * The unique names seen in the Maildir folder, as a set (a new hash table
 * of strings); NULL with error set.
 */
GHashTable *
state_seen(struct state *st, const char *folder, GError **error)
{
	sqlite3_stmt	*stmt;
	GHashTable	*seen;
	int		 rc;

	if ((stmt = state_prepare(st, "SELECT name FROM seen WHERE "
	    "folder = ?1", folder, NULL, error)) == NULL)
		return (NULL);
	seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		g_hash_table_add(seen, state_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		g_hash_table_destroy(seen);
		state_error(st, error, "read the state");
		return (NULL);
	}
	return (seen);
}

/* Run sql once for each of names, as ?2, with key as ?1. */
static int
state_each(struct state *st, const char *sql, const char *key,
    GPtrArray *names, GError **error)
{
	sqlite3_stmt	*stmt;
	guint		 i;
	int		 rc = SQLITE_DONE;

	if (names == NULL || names->len == 0)
		return (0);
	if ((stmt = state_prepare(st, sql, key, NULL, error)) == NULL)
		return (-1);
	for (i = 0; i < names->len && rc == SQLITE_DONE; i++) {
		sqlite3_bind_text(stmt, 2, names->pdata[i], -1,
		    SQLITE_TRANSIENT);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (state_error(st, error, "update the state"));
	return (0);
}

/*
 * Record in one transaction that the names in add were seen in folder, and
 * that those in drop are gone from it.  Returns 0 or -1 with error set.
 */
int
state_see(struct state *st, const char *folder, GPtrArray *add,
    GPtrArray *drop, GError **error)
{
	if (state_begin(st, error) != 0)
		return (-1);
	if (state_each(st, "INSERT OR IGNORE INTO seen (folder, name) "
	    "VALUES (?1, ?2)", folder, add, error) != 0 ||
	    state_each(st, "DELETE FROM seen WHERE folder = ?1 AND name = ?2",
	    folder, drop, error) != 0) {
		state_rollback(st);
		return (-1);
	}
	return (state_commit(st, error));
}

/* How far the mbox path was read into *mark (zeroed if never). */
int
state_mbox_get(struct state *st, const char *path, struct mbox_mark *mark,
    GError **error)
{
	sqlite3_stmt	*stmt;
	const char	*sum;
	int		 rc;

	memset(mark, 0, sizeof *mark);
	if ((stmt = state_prepare(st, "SELECT offset, last, sum FROM mbox "
	    "WHERE path = ?1", path, NULL, error)) == NULL)
		return (-1);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		mark->offset = sqlite3_column_int64(stmt, 0);
		mark->last = sqlite3_column_int64(stmt, 1);
		if ((sum = (const char *)sqlite3_column_text(stmt, 2)) != NULL)
			g_strlcpy(mark->sum, sum, sizeof mark->sum);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (state_error(st, error, "read the state"));
	return (0);
}

/* Record how far the mbox path was read. */
int
state_mbox_put(struct state *st, const char *path,
    const struct mbox_mark *mark, GError **error)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = state_prepare(st, "INSERT OR REPLACE INTO mbox (path, "
	    "offset, last, sum) VALUES (?1, ?2, ?3, ?4)", path, NULL,
	    error)) == NULL)
		return (-1);
	sqlite3_bind_int64(stmt, 2, mark->offset);
	sqlite3_bind_int64(stmt, 3, mark->last);
	sqlite3_bind_text(stmt, 4, mark->sum, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (state_error(st, error, "update the state"));
	return (0);
}

/* Record that the Message-IDs in ids belong to key's thread. */
int
state_thread_add(struct state *st, const char *key, GPtrArray *ids,
    GError **error)
{
	return (state_each(st, "INSERT OR IGNORE INTO thread (key, id) "
	    "VALUES (?1, ?2)", key, ids, error));
}

/* Add the records the query finds to rows, unless there already. */
static int
state_add_rows(struct state *st, GPtrArray *rows, const char *where,
    const char *a, const char *b, GError **error)
{
	GPtrArray	*more;
	struct record	*rec;
	guint		 i, j;

	if ((more = state_select(st, where, a, b, error)) == NULL)
		return (-1);
	for (i = 0; i < more->len; i++) {
		rec = more->pdata[i];
		for (j = 0; j < rows->len; j++)
			if (strcmp(((struct record *)rows->pdata[j])->key,
			    rec->key) == 0)
				break;
		if (j == rows->len)
			g_ptr_array_add(rows, g_ptr_array_steal_index(more,
			    i--));
	}
	g_ptr_array_free(more, TRUE);
	return (0);
}

/*
 * The answered rejections a later message is about: those of its thread,
 * those from its sender whose follow-up was not due yet when it came, the
 * last from its organisation's domain, and the one whose draft it was;
 * all older than it, and none of them itself.  NULL with error set.
 */
GPtrArray *
state_related(struct state *st, const struct later *lt, GError **error)
{
	GPtrArray	*rows;
	char		*older, *where, day[11];
	guint		 i;
	int		 rc = 0;

	report_day(lt->date, day);
	older = g_strdup_printf("WHERE status = 'done' AND date < %"
	    G_GINT64_FORMAT " AND", lt->date);
	rows = g_ptr_array_new_with_free_func((GDestroyNotify)record_free);
	where = g_strconcat(older, " key IN (SELECT key FROM thread WHERE "
	    "id = ?1)", NULL);
	for (i = 0; rc == 0 && lt->ids != NULL && i < lt->ids->len; i++)
		rc = state_add_rows(st, rows, where, lt->ids->pdata[i], NULL,
		    error);
	g_free(where);
	where = g_strconcat(older, " (from_addr = ?1 OR lower(sender) = ?1) "
	    "AND due >= ?2", NULL);
	if (rc == 0 && lt->from != NULL)
		rc = state_add_rows(st, rows, where, lt->from, day, error);
	g_free(where);
	where = g_strdup_printf("%s key = (SELECT key FROM handled %s "
	    "domain = ?1 ORDER BY date DESC LIMIT 1)", older, older);
	if (rc == 0 && lt->domain != NULL)
		rc = state_add_rows(st, rows, where, lt->domain, NULL, error);
	g_free(where);
	where = g_strconcat(older, " key = ?1", NULL);
	if (rc == 0 && lt->draft != NULL)
		rc = state_add_rows(st, rows, where, lt->draft, NULL, error);
	g_free(where);
	g_free(older);
	for (i = 0; i < rows->len; i++)
		if (lt->key != NULL && strcmp(((struct record *)
		    rows->pdata[i])->key, lt->key) == 0)
			g_ptr_array_remove_index(rows, i--);
	if (rc != 0) {
		g_ptr_array_free(rows, TRUE);
		return (NULL);
	}
	return (rows);
}

/* A row of event (a gpointer, for state_rows). */
static gpointer
state_event_row(sqlite3_stmt *stmt)
{
	struct event	*ev;

	ev = g_new0(struct event, 1);
	ev->key = state_text(stmt, 0);
	ev->kind = state_text(stmt, 1);
	ev->source = state_text(stmt, 2);
	ev->date = sqlite3_column_int64(stmt, 3);
	ev->seen = sqlite3_column_int64(stmt, 4);
	ev->subject = state_text(stmt, 5);
	ev->sender = state_text(stmt, 6);
	return (ev);
}

/*
 * Record what happened after a rejection was answered.  Returns 1 if it
 * is new, 0 if it was recorded before (the same kind from the same
 * source), or -1 with error set.
 */
int
state_event_put(struct state *st, const struct event *ev, GError **error)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = state_prepare(st, "INSERT OR IGNORE INTO event (key, kind,"
	    " source, date, seen, subject, sender) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7)", ev->key, ev->kind, error)) == NULL)
		return (-1);
	state_bind(stmt, 3, ev->source);
	sqlite3_bind_int64(stmt, 4, ev->date);
	sqlite3_bind_int64(stmt, 5, ev->seen);
	state_bind(stmt, 6, ev->subject);
	state_bind(stmt, 7, ev->sender);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (state_error(st, error, "update the state"));
	return (sqlite3_changes(st->db) > 0 ? 1 : 0);
}

/* Everything that happened after rejections were answered, in order. */
GPtrArray *
state_events(struct state *st, GError **error)
{
	sqlite3_stmt	*stmt;

	stmt = state_prepare(st, "SELECT key, kind, source, date, seen, "
	    "subject, sender FROM event ORDER BY key, date, seen, kind, source",
	    NULL, NULL, error);
	return (state_rows(st, stmt, state_event_row,
	    (GDestroyNotify)event_free, error));
}

void
event_free(struct event *ev)
{
	if (ev == NULL)
		return;
	g_free(ev->key);
	g_free(ev->kind);
	g_free(ev->source);
	g_free(ev->subject);
	g_free(ev->sender);
	g_free(ev);
}
