/*
 * scan.c: "doorstop scan": the cron path.  Read the messages of Maildirs
 * and mboxes that no earlier scan read, and answer the rejections among
 * them as filter would have on delivery.  Mailboxes are only read, never
 * changed: what was read is remembered in the state database (a Maildir
 * message by its unique name, which survives flag changes; an mbox by how
 * far it was read), and a lock per folder keeps a second scan out.
 *
 * Every message is also looked at for what it means to the rejections
 * answered before it (track.c), and sent mail (--sent, or the Sent
 * folders below a -R mailbox) only so.
 *
 * Worker threads (-j, one per CPU by default) read and classify the
 * messages, a bounded number at a time; the main thread takes their
 * results in the order the messages came, and alone drafts replies and
 * records what was read, so a scan ends as it would with one thread.
 */

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "doorstop.h"

#define SCAN_FIRST_DAYS	30	/* a first scan answers this much mail */
#define SCAN_FLUSH	256	/* what was read is recorded this often */
#define SCAN_DEPTH	32	/* --recursive goes no deeper */
#define SCAN_DRAW_US	(G_USEC_PER_SEC / 10)
#define SCAN_WINDOW	8	/* jobs in flight per worker */
#define SCAN_LATER	100000	/* messages kept for a second look */

/* One Maildir folder or mbox file to scan. */
struct folder {
	char		*path;		/* canonical */
	gboolean	 mbox;
	gboolean	 sent;		/* the user's sent mail: not answered */
	gboolean	 first;		/* never scanned before */
	gint64		 since;		/* mail dated before is passed over */
	int		 lock;		/* its lock file, or -1 */
	GPtrArray	*todo;		/* Maildir: "new/NAME", "cur/NAME" */
	GPtrArray	*gone;		/* Maildir: seen before, now gone */
	struct mbox_mark mark;		/* mbox: how far it was read */
	gint64		 start;		/* mbox: where to read on */
};

/* What one message read turned out to be. */
struct result {
	char		*path;		/* as printed */
	struct message	*m;
	gboolean	 old;		/* dated before since: passed over */
	struct verdict	*v;		/* NULL if old, or with --sent */
	GError		*error;		/* it could not be read */
};

/* A Maildir file, or an mbox message, for a worker to read and classify. */
struct job {
	char		*path;		/* Maildir: the file */
	char		*name;		/* Maildir: its unique name */
	struct item	 it;		/* mbox: the message */
	const struct config *cf;	/* read only while workers run */
	struct folder	*f;
	struct ruleset	*rs;
	GPtrArray	*results;	/* struct result */
	GError		*error;		/* the file could not be read */
	gboolean	 finished;	/* under the pool's lock */
};

/* The workers, and the jobs in flight, oldest first. */
struct pool {
	GThreadPool	*threads;	/* NULL with -j 1: jobs run at once */
	GMutex		 lock;
	GCond		 cond;
	struct job	**ring;
	guint		 size, head, count;
};

struct scan {
	struct config	*cf;
	struct ruleset	*rs;
	struct pool	 pool;
	guint		 jobs;		/* -j: worker threads */
	struct state	*st;		/* NULL with --dry-run and no state */
	gint64		 since;		/* --since, as Unix time; 0 if none */
	gboolean	 all;
	gboolean	 recursive;
	gboolean	 sent;		/* --sent: the user's own mail */
	gboolean	 bar;		/* a progress bar on the terminal */
	GPtrArray	*folders;	/* struct folder */
	char		*skip;		/* the drafts folder, canonical */

	struct folder	*f;		/* being read */
	GPtrArray	*pending;	/* Maildir: read, not yet recorded */
	GPtrArray	*later;		/* struct later: about no rejection
					   answered when read */
	gboolean	 failed;	/* a message could not be handled */
	gboolean	 stopped;	/* mbox: at its first failure */
	gint64		 stop;		/* mbox: where it stopped */

	guint		 total, done;
	gint64		 started, drawn;
	guint		 scanned, old, rejections, drafts, reminders, gated;
	guint		 answered, noted, errors;
	int		 code;		/* of the first error */
};

static void
folder_free(struct folder *f)
{
	if (f->lock >= 0)
		close(f->lock);
	g_free(f->path);
	if (f->todo != NULL)
		g_ptr_array_free(f->todo, TRUE);
	if (f->gone != NULL)
		g_ptr_array_free(f->gone, TRUE);
	g_free(f);
}

/* Count an error that is not fatal to the scan, and say it. */
static void
scan_error(struct scan *s, GError *e, const char *what)
{
	if (s->errors++ == 0)
		s->code = e->domain == DOORSTOP_ERROR ? e->code : EX_IOERR;
	if (what != NULL)
		log_warn("%s: %s", what, e->message);
	else
		log_warn("%s", e->message);
	g_error_free(e);
}

/* Redraw the progress bar, at most ten times a second. */
static void
scan_draw(struct scan *s)
{
	gint64	t = g_get_monotonic_time();
	double	rate;
	guint	left;
	char	*line;

	if (!s->bar || t - s->drawn < SCAN_DRAW_US)
		return;
	s->drawn = t;
	rate = s->done / ((t - s->started + 1) / (double)G_USEC_PER_SEC);
	left = rate > 0 && s->total > s->done ?
	    (guint)((s->total - s->done) / rate) : 0;
	line = g_strdup_printf("scan: %u/%u messages (%u%%), %.0f/s, "
	    "%u:%02u left", s->done, s->total, s->total > 0 ?
	    (guint)(100.0 * s->done / s->total) : 100, rate, left / 60,
	    left % 60);
	log_progress(line);
	g_free(line);
}

/* Tell what was drafted, or would be; on standard output. */
static void
scan_report(struct scan *s, const struct outcome *out)
{
	const struct record	*r = out->rec;

	if (log_verbosity < 0)
		return;
	log_progress(NULL);
	printf("%s: %s%s%s%s \"%s\" (%s), follow-up due %s%s%s\n",
	    s->cf->dry_run ? "would draft" : "drafted",
	    r->contact != NULL ? r->contact : "",
	    r->contact != NULL ? " <" : "", r->sender != NULL ? r->sender :
	    "no one", r->contact != NULL ? ">" : "",
	    r->subject != NULL ? r->subject : "", r->category,
	    r->due, r->draft != NULL ? ": " : "",
	    r->draft != NULL ? r->draft : "");
	fflush(stdout);
}

/* Answer a rejection as filter would; failures are counted. */
static void
scan_reply(struct scan *s, const char *path, const struct message *m,
    const struct verdict *v)
{
	struct outcome	 out;
	GError		*e = NULL;

	s->rejections++;
	if (reply_run(s->cf, m, v, NULL, 0, &out, &e) != 0) {
		s->failed = TRUE;
		scan_error(s, e, path);
	} else if (out.skipped != NULL)
		s->gated++;
	else if (out.existing)
		s->answered++;
	else {
		s->drafts++;
		s->reminders += out.reminders != NULL ?
		    g_strv_length(out.reminders) : 0;
		scan_report(s, &out);
	}
	outcome_clear(&out);
}

static void
result_free(struct result *r)
{
	g_free(r->path);
	message_free(r->m);
	verdict_free(r->v);
	if (r->error != NULL)
		g_error_free(r->error);
	g_free(r);
}

static void
job_free(struct job *j)
{
	g_free(j->path);
	g_free(j->name);
	item_clear(&j->it);
	g_ptr_array_free(j->results, TRUE);
	if (j->error != NULL)
		g_error_free(j->error);
	g_free(j);
}

/* In a worker: read, date and classify one message of a job. */
static int
job_item(struct item *it, void *arg, GError **error)
{
	struct job	*j = arg;
	struct result	*r;
	gint64		 date;

	r = g_new0(struct result, 1);
	r->path = g_strdup(it->path);
	r->m = message_read(it->data, MIN(it->size, j->cf->max_message),
	    j->cf->max_text, &r->error);
	if (r->m != NULL) {
		date = message_date(r->m);
		r->old = j->f->since > 0 && date > 0 && date < j->f->since;
		if (!r->old && !j->f->sent)
			r->v = verdict_new(j->rs, r->m, j->cf->threshold);
	}
	g_ptr_array_add(j->results, r);
	return (0);
}

/* In a worker: a job's file or message; then tell the main thread. */
static void
job_run(gpointer data, gpointer arg)
{
	struct job	*j = data;
	struct pool	*pool = arg;

	if (j->path != NULL)
		mailbox_file(j->path, job_item, j, &j->error);
	else
		job_item(&j->it, j, NULL);
	if (pool == NULL)
		return;
	g_mutex_lock(&pool->lock);
	j->finished = TRUE;
	g_cond_broadcast(&pool->cond);
	g_mutex_unlock(&pool->lock);
}

static struct job *
job_new(struct scan *s)
{
	struct job	*j;

	j = g_new0(struct job, 1);
	j->cf = s->cf;
	j->f = s->f;
	j->rs = s->rs;
	j->results = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)result_free);
	return (j);
}

/*
 * Note what a message means for the rejections answered before it; a
 * failure is counted, and the message read again next time.  One about
 * none is kept, for a rejection it follows may come later in this scan.
 */
static void
scan_track(struct scan *s, const struct result *r)
{
	struct later	*lt;
	GError		*e = NULL;
	int		 n;

	if (s->st == NULL ||
	    (lt = later_new(s->cf, r->m, r->v, s->f->sent)) == NULL)
		return;
	if (!later_has_ties(lt)) {	/* it can be about none, ever */
		later_free(lt);
		return;
	}
	if ((n = track_later(s->cf, s->st, lt, &e)) < 0) {
		s->failed = TRUE;
		scan_error(s, e, r->path);
	} else
		s->noted += n;
	if (n == 0 && s->later->len < SCAN_LATER)
		g_ptr_array_add(s->later, lt);
	else
		later_free(lt);
}

/*
 * When rejections were answered in this scan, look again at the messages
 * read before them that were about none: a reply from them read from one
 * folder before the rejection from another.
 */
static void
scan_track_again(struct scan *s)
{
	GError	*e = NULL;
	guint	 i;
	int	 n;

	for (i = 0; s->drafts > 0 && i < s->later->len; i++) {
		if ((n = track_later(s->cf, s->st, s->later->pdata[i],
		    &e)) < 0) {
			scan_error(s, e, NULL);
			e = NULL;
		} else
			s->noted += n;
	}
}

/* Count, tell and answer what one message turned out to be. */
static void
scan_result(struct scan *s, struct result *r)
{
	guint	i;

	if (r->error != NULL) {
		s->failed = TRUE;
		scan_error(s, r->error, r->path);
		r->error = NULL;
		return;
	}
	if (r->old) {
		s->old++;
		return;
	}
	s->scanned++;
	scan_track(s, r);
	if (r->v == NULL)
		return;		/* sent mail */
	for (i = 0; i < r->v->errors->len; i++)
		log_warn("%s: %s", r->path, (char *)r->v->errors->pdata[i]);
	if (r->v->rejection)
		scan_reply(s, r->path, r->m, r->v);
}

/* Record the Maildir names read so far, and those gone. */
static void
scan_flush(struct scan *s, GPtrArray *gone)
{
	GError	*e = NULL;

	if (s->st != NULL && !s->cf->dry_run && (s->pending->len > 0 ||
	    (gone != NULL && gone->len > 0)) &&
	    state_see(s->st, s->f->path, s->pending, gone, &e) != 0)
		scan_error(s, e, NULL);
	g_ptr_array_set_size(s->pending, 0);
}

static void
scan_mark(struct scan *s)
{
	GError	*e = NULL;

	if (s->st != NULL && !s->cf->dry_run &&
	    state_mbox_put(s->st, s->f->path, &s->f->mark, &e) != 0)
		scan_error(s, e, NULL);
}

/* A Maildir file's messages; its name is recorded if all went well. */
static void
scan_finish_maildir(struct scan *s, struct job *j)
{
	guint	i;

	if (j->error != NULL) {
		if (j->error->code == EX_NOINPUT &&
		    !g_file_test(j->path, G_FILE_TEST_EXISTS))
			;	/* moved or deleted since listed: next time */
		else {
			s->failed = TRUE;
			scan_error(s, j->error, NULL);
		}
		j->error = NULL;
	}
	for (i = 0; i < j->results->len; i++)
		scan_result(s, j->results->pdata[i]);
	if (!s->failed && j->results->len > 0) {
		g_ptr_array_add(s->pending, j->name);
		j->name = NULL;
	}
	s->done++;
	scan_draw(s);
	if (s->pending->len >= SCAN_FLUSH)
		scan_flush(s, NULL);
}

/* An mbox message; the first failure stops the mbox there. */
static void
scan_finish_mbox(struct scan *s, struct job *j)
{
	struct folder	*f = j->f;

	if (s->stopped)
		return;		/* read past the failure: the next scan */
	scan_result(s, j->results->pdata[0]);
	s->done++;
	scan_draw(s);
	if (s->failed) {
		s->stopped = TRUE;
		s->stop = j->it.offset;
		return;
	}
	f->mark.last = j->it.offset;
	f->mark.offset = j->it.offset + j->it.size;
	mailbox_sum(j->it.data, j->it.size, f->mark.sum);
	if (s->done % SCAN_FLUSH == 0)
		scan_mark(s);
}

/* A job done: its messages answered and recorded, in reading order. */
static void
scan_finish(struct scan *s, struct job *j)
{
	s->failed = FALSE;	/* s->f is j's: a folder's jobs end with it */
	if (j->path != NULL)
		scan_finish_maildir(s, j);
	else
		scan_finish_mbox(s, j);
	job_free(j);
}

/* Wait for the oldest job in flight, and finish it. */
static void
scan_retire(struct scan *s)
{
	struct pool	*pool = &s->pool;
	struct job	*j = pool->ring[pool->head];

	g_mutex_lock(&pool->lock);
	while (!j->finished)
		g_cond_wait(&pool->cond, &pool->lock);
	g_mutex_unlock(&pool->lock);
	pool->head = (pool->head + 1) % pool->size;
	pool->count--;
	scan_finish(s, j);
}

/* Hand j to the workers, finishing the oldest jobs while too many wait. */
static void
scan_submit(struct scan *s, struct job *j)
{
	struct pool	*pool = &s->pool;

	if (pool->threads == NULL) {
		job_run(j, NULL);
		scan_finish(s, j);
		return;
	}
	while (pool->count == pool->size)
		scan_retire(s);
	pool->ring[(pool->head + pool->count) % pool->size] = j;
	pool->count++;
	g_thread_pool_push(pool->threads, j, NULL);
}

/* Finish every job in flight. */
static void
scan_drain(struct scan *s)
{
	while (s->pool.count > 0)
		scan_retire(s);
}

/* Read the Maildir messages not seen before. */
static void
scan_maildir(struct scan *s, struct folder *f)
{
	struct job	*j;
	guint		 i;

	for (i = 0; i < f->todo->len; i++) {
		j = job_new(s);
		j->path = g_build_filename(f->path, f->todo->pdata[i], NULL);
		j->name = g_strdup(strchr(f->todo->pdata[i], '/') + 1);
		j->name[strcspn(j->name, ":")] = '\0';
		scan_submit(s, j);
	}
	scan_drain(s);
	scan_flush(s, f->gone);
}

/* The mbox reader's: hand each message to the workers. */
static int
scan_mbox_item(struct item *it, void *arg, GError **error)
{
	struct scan	*s = arg;
	struct job	*j;

	if (it->size == 0)
		return (0);
	if (s->stopped)
		return (-1);
	j = job_new(s);
	j->it = *it;		/* the job takes the message */
	it->path = it->data = NULL;
	scan_submit(s, j);
	return (0);
}

static void
scan_mbox(struct scan *s, struct folder *f)
{
	struct mbox_mark	 was = f->mark;
	GError			*e = NULL;

	s->stopped = FALSE;
	if (mailbox_mbox(f->path, f->start, scan_mbox_item, s, &e) != 0 &&
	    e != NULL)
		scan_error(s, e, NULL);
	scan_drain(s);
	if (s->stopped)		/* the failure was counted */
		log_warn("%s: stopped at byte %" G_GINT64_FORMAT ", where the "
		    "next scan goes on", f->path, s->stop);
	if (was.offset != f->mark.offset || was.last != f->mark.last ||
	    strcmp(was.sum, f->mark.sum) != 0)
		scan_mark(s);
}

/*
 * Lock folder against a second scan, with a lock file beside the state.
 * Returns 0, or 1 if another scan holds it, or -1 with error set.
 */
static int
scan_lock(struct scan *s, struct folder *f, GError **error)
{
	char	*dir, *sum, *path;
	int	 rc = 0;

	if (s->cf->dry_run)
		return (0);
	dir = g_path_get_dirname(s->cf->state);
	sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, f->path, -1);
	path = g_strdup_printf("%s/scan-%.16s.lock", dir, sum);
	if (file_mkdirs(dir, error) != 0)
		rc = -1;
	else if ((f->lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC,
	    0600)) < 0)
		rc = file_error(error, path, "open");
	else if (flock(f->lock, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			rc = 1;
		else
			rc = file_error(error, path, "lock");
	}
	g_free(path);
	g_free(sum);
	g_free(dir);
	return (rc);
}

/* The Maildir messages to read: those not seen, or all with --all. */
static int
scan_maildir_list(struct scan *s, struct folder *f, GError **error)
{
	static const char	*subdirs[] = { "new", "cur" };
	GHashTable		*seen = NULL, *here;
	GPtrArray		*names;
	GHashTableIter		 iter;
	gpointer		 key;
	char			*dir, *unique;
	guint			 i, j;

	if (s->st != NULL && (seen = state_seen(s->st, f->path,
	    error)) == NULL)
		return (-1);
	here = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	f->todo = g_ptr_array_new_with_free_func(g_free);
	f->gone = g_ptr_array_new_with_free_func(g_free);
	for (i = 0; i < G_N_ELEMENTS(subdirs); i++) {
		dir = g_build_filename(f->path, subdirs[i], NULL);
		names = g_file_test(dir, G_FILE_TEST_IS_DIR) ?
		    mailbox_names(dir, error) : g_ptr_array_new();
		g_free(dir);
		if (names == NULL)
			break;
		for (j = 0; j < names->len; j++) {
			unique = g_strndup(names->pdata[j],
			    strcspn(names->pdata[j], ":"));
			if (s->all || seen == NULL ||
			    !g_hash_table_contains(seen, unique))
				g_ptr_array_add(f->todo, g_strdup_printf(
				    "%s/%s", subdirs[i],
				    (char *)names->pdata[j]));
			g_hash_table_add(here, unique);
		}
		g_ptr_array_free(names, TRUE);
	}
	f->first = seen == NULL || g_hash_table_size(seen) == 0;
	if (seen != NULL) {
		g_hash_table_iter_init(&iter, seen);
		while (g_hash_table_iter_next(&iter, &key, NULL))
			if (!g_hash_table_contains(here, key))
				g_ptr_array_add(f->gone, g_strdup(key));
		g_hash_table_destroy(seen);
	}
	g_hash_table_destroy(here);
	s->total += f->todo->len;
	return (i < G_N_ELEMENTS(subdirs) ? -1 : 0);
}

/* Where to read the mbox on from: after the mark, or from the start. */
static int
scan_mbox_list(struct scan *s, struct folder *f, GError **error)
{
	if (s->st != NULL && state_mbox_get(s->st, f->path, &f->mark,
	    error) != 0)
		return (-1);
	f->first = f->mark.offset == 0;
	f->start = s->all ? 0 : mailbox_mbox_resume(f->path, &f->mark);
	if (f->start == 0)
		memset(&f->mark, 0, sizeof f->mark);
	if (s->bar)
		s->total += mailbox_mbox_count(f->path, f->start);
	return (0);
}

/*
 * Add the folder at path (canonical), unless it is there already; sent
 * when it holds the user's sent mail.
 */
static void
scan_add(struct scan *s, const char *path, gboolean mbox, gboolean sent)
{
	struct folder	*f;
	GError		*e = NULL;
	guint		 i;
	int		 rc;

	for (i = 0; i < s->folders->len; i++)
		if (strcmp(((struct folder *)s->folders->pdata[i])->path,
		    path) == 0)
			return;
	if (s->skip != NULL && strcmp(path, s->skip) == 0)
		return;			/* doorstop's own drafts */
	f = g_new0(struct folder, 1);
	f->path = g_strdup(path);
	f->mbox = mbox;
	f->sent = sent;
	f->lock = -1;
	if ((rc = scan_lock(s, f, &e)) == 1)
		log_info("%s: another scan is reading it; passed over", path);
	else if (rc == 0)
		rc = mbox ? scan_mbox_list(s, f, &e) :
		    scan_maildir_list(s, f, &e);
	if (rc != 0) {
		if (e != NULL)
			scan_error(s, e, NULL);
		folder_free(f);
		return;
	}
	f->since = s->since > 0 ? s->since : f->first && !s->all ?
	    (gint64)time(NULL) - SCAN_FIRST_DAYS * 86400 : 0;
	g_ptr_array_add(s->folders, f);
}

/* What --recursive does with a folder, by its name. */
enum scan_kind {
	SCAN_READ,		/* read it */
	SCAN_SENT,		/* sent mail: read it for the user's replies */
	SCAN_PASS,		/* trash, spam, drafts: pass it over */
};

/*
 * What kind of folder path is, by the names mail programs give them:
 * sent mail ("Sent", ".Sent", "Sent Items"), or trash, spam and drafts
 * (".Trash", ".INBOX.Junk", "Deleted Items"), or any other.
 */
static enum scan_kind
scan_kind(const char *path)
{
	static const char	*sent[] = { "sent", "sent items", "sent mail",
	    "sent messages" };
	static const char	*pass[] = { "trash", "deleted",
	    "deleted items", "deleted messages", "junk", "junk e-mail",
	    "junk email", "spam", "drafts", "outbox" };
	const char		*base;
	char			*name;
	gsize			 i;
	enum scan_kind		 kind = SCAN_READ;

	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if (*base == '.')
		base = strrchr(base, '.') + 1;	/* Maildir++: the last part */
	name = g_ascii_strdown(base, -1);
	for (i = 0; i < G_N_ELEMENTS(sent); i++)
		if (strcmp(name, sent[i]) == 0)
			kind = SCAN_SENT;
	for (i = 0; i < G_N_ELEMENTS(pass); i++)
		if (strcmp(name, pass[i]) == 0)
			kind = SCAN_PASS;
	g_free(name);
	return (kind);
}

/*
 * Every folder below dir: Maildirs (Maildir++ ".Folder" ones too) and the
 * mbox files beside them, but trash, spam and drafts; sent mail is read
 * as the user's (and all of it with sent).  Symbolic links are not
 * followed.
 */
static void
scan_tree(struct scan *s, const char *dir, int depth, gboolean sent)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	enum scan_kind	 kind;
	gboolean	 maildir;
	char		*path;

	if (depth > SCAN_DEPTH || (d = opendir(dir)) == NULL)
		return;
	if ((maildir = mailbox_is_maildir(dir)))
		scan_add(s, dir, FALSE, sent);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    (maildir && (strcmp(de->d_name, "cur") == 0 ||
		    strcmp(de->d_name, "new") == 0 ||
		    strcmp(de->d_name, "tmp") == 0)))
			continue;
		path = g_build_filename(dir, de->d_name, NULL);
		kind = scan_kind(path);
		if (lstat(path, &sb) != 0 || kind == SCAN_PASS)
			;		/* gone since listed, or trash */
		else if (S_ISDIR(sb.st_mode) && (de->d_name[0] != '.' ||
		    mailbox_is_maildir(path)))
			scan_tree(s, path, depth + 1, sent ||
			    kind == SCAN_SENT);
		else if (S_ISREG(sb.st_mode) && !maildir &&
		    de->d_name[0] != '.' && mailbox_is_mbox(path))
			scan_add(s, path, TRUE, sent || kind == SCAN_SENT);
		g_free(path);
	}
	closedir(d);
}

/* Add the mailbox named on the command line. */
static void
scan_arg(struct scan *s, const char *arg)
{
	GError	*e = NULL;
	char	*path;

	if ((path = realpath(arg, NULL)) == NULL) {
		g_set_error(&e, DOORSTOP_ERROR, EX_NOINPUT, "%s: %s", arg,
		    g_strerror(errno));
		scan_error(s, e, NULL);
		return;
	}
	if (!g_file_test(path, G_FILE_TEST_IS_DIR))
		scan_add(s, path, TRUE, s->sent);
	else if (s->recursive)
		scan_tree(s, path, 0, s->sent);
	else if (mailbox_is_maildir(path))
		scan_add(s, path, FALSE, s->sent);
	else {
		g_set_error(&e, DOORSTOP_ERROR, EX_USAGE, "%s: not a Maildir "
		    "(--recursive reads the folders below it)", arg);
		scan_error(s, e, NULL);
	}
	free(path);
}

/* "YYYY-MM-DD" as the Unix time of its local midnight, or -1. */
static gint64
scan_date(const char *arg)
{
	GDateTime	*dt;
	gint64		 t;
	int		 y, m, d;
	char		 c;

	if (sscanf(arg, "%4d-%2d-%2d%c", &y, &m, &d, &c) != 3 ||
	    !g_date_valid_dmy(d, m, y))
		return (-1);
	dt = g_date_time_new_local(y, m, d, 0, 0, 0);
	t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return (t);
}

static int
scan_options(struct scan *s, int argc, char **argv, GError **error)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "recursive", no_argument, NULL, 'R' },
		{ "sent", no_argument, NULL, 'S' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	char	*end;
	int	 ch;

	argc++;			/* getopt wants argv[0]: the command's name */
	argv--;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "aj:nRSs:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'a':
			s->all = TRUE;
			break;
		case 'j':
			s->jobs = (guint)strtoul(optarg, &end, 10);
			if (*end != '\0' || s->jobs < 1 || s->jobs > 256) {
				g_set_error(error, DOORSTOP_ERROR, EX_USAGE,
				    "--jobs %s: not a number from 1 to 256",
				    optarg);
				return (-1);
			}
			break;
		case 'n':
			s->cf->dry_run = TRUE;
			break;
		case 'R':
			s->recursive = TRUE;
			break;
		case 'S':
			s->sent = TRUE;
			break;
		case 's':
			if ((s->since = scan_date(optarg)) < 0) {
				g_set_error(error, DOORSTOP_ERROR, EX_USAGE,
				    "--since %s: not a date (YYYY-MM-DD)",
				    optarg);
				return (-1);
			}
			break;
		default:
			goto usage;
		}
	}
	if (optind == argc)
		goto usage;
	return (optind - 1);
usage:
	g_set_error(error, DOORSTOP_ERROR, EX_USAGE, "usage: doorstop scan "
	    "[-anRS] [-j jobs] [--since YYYY-MM-DD] mailbox ...");
	return (-1);
}

/*
 * The closing line: always on a terminal, and in cron only when something
 * was drafted or went wrong.
 */
static void
scan_summary(struct scan *s)
{
	log_progress(NULL);
	if (s->errors == 0 && (log_verbosity < 0 || (log_verbosity == 0 &&
	    s->drafts == 0 && s->noted == 0 && !isatty(STDOUT_FILENO))))
		return;
	if (s->sent) {
		printf("scanned %u sent message%s in %u folder%s: %u "
		    "follow-up%s noted, %u error%s", s->scanned,
		    s->scanned == 1 ? "" : "s", s->folders->len,
		    s->folders->len == 1 ? "" : "s", s->noted,
		    s->noted == 1 ? "" : "s", s->errors,
		    s->errors == 1 ? "" : "s");
		goto out;
	}
	printf("scanned %u message%s in %u folder%s: %u rejection%s, %u "
	    "draft%s, %u reminder%s, %u skipped by the gate, %u error%s",
	    s->scanned, s->scanned == 1 ? "" : "s", s->folders->len,
	    s->folders->len == 1 ? "" : "s", s->rejections,
	    s->rejections == 1 ? "" : "s", s->drafts, s->drafts == 1 ? "" : "s",
	    s->reminders, s->reminders == 1 ? "" : "s", s->gated, s->errors,
	    s->errors == 1 ? "" : "s");
	if (s->answered > 0)
		printf("; %u answered before", s->answered);
	if (s->noted > 0)
		printf("; %u follow-up%s noted", s->noted,
		    s->noted == 1 ? "" : "s");
out:
	if (s->old > 0)
		printf("; %u older message%s passed over", s->old,
		    s->old == 1 ? "" : "s");
	printf("\n");
	fflush(stdout);
}

/* Note the drafts that left the drafts folder since the last scan. */
static void
scan_drafts(struct scan *s)
{
	GError	*e = NULL;
	int	 n;

	if (s->st == NULL)
		return;
	if ((n = track_drafts(s->cf, s->st, &e)) < 0)
		scan_error(s, e, NULL);
	else
		s->noted += n;
}

/* Open the state; with --dry-run only if it exists. */
static int
scan_state(struct scan *s, GError **error)
{
	if (s->cf->dry_run && !g_file_test(s->cf->state, G_FILE_TEST_EXISTS))
		return (0);
	s->st = state_open(s->cf->state, error);
	return (s->st == NULL ? -1 : 0);
}

/* Whether any folder but sent mail has messages to read. */
static gboolean
scan_has_work(struct scan *s)
{
	struct folder	*f;
	struct stat	 sb;
	guint		 i;

	for (i = 0; i < s->folders->len; i++) {
		f = s->folders->pdata[i];
		if (f->sent)
			continue;
		if (!f->mbox && f->todo->len > 0)
			return (TRUE);
		if (f->mbox && (stat(f->path, &sb) != 0 || sb.st_size > f->start))
			return (TRUE);
	}
	return (FALSE);
}

/* Start the workers (none with -j 1: the main thread does it all). */
static void
pool_start(struct scan *s)
{
	struct pool	*pool = &s->pool;

	if (s->jobs <= 1)
		return;
	g_mutex_init(&pool->lock);
	g_cond_init(&pool->cond);
	pool->size = s->jobs * SCAN_WINDOW;
	pool->ring = g_new0(struct job *, pool->size);
	pool->threads = g_thread_pool_new(job_run, pool, s->jobs, TRUE, NULL);
}

static void
pool_stop(struct scan *s)
{
	struct pool	*pool = &s->pool;

	if (pool->threads == NULL)
		return;
	g_thread_pool_free(pool->threads, FALSE, TRUE);
	g_free(pool->ring);
	g_cond_clear(&pool->cond);
	g_mutex_clear(&pool->lock);
}

/*
 * Scan the mailboxes named.  Returns 0, or -1 with error set when anything
 * went wrong (what could not be handled is tried again next time).
 */
int
scan_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct scan	 s = { 0 };
	guint		 i;
	int		 first, rc = -1;

	s.cf = cf;
	s.jobs = g_get_num_processors();
	if ((first = scan_options(&s, argc, argv, error)) < 0)
		return (-1);
	if (config_disabled(cf)) {
		log_warn("disabled by the config or DOORSTOP_DISABLE: "
		    "nothing scanned");
		return (0);
	}
	if (scan_state(&s, error) != 0)
		return (-1);
	s.bar = isatty(STDERR_FILENO) && log_verbosity >= 0;
	s.skip = realpath(cf->drafts, NULL);
	s.folders = g_ptr_array_new_with_free_func((GDestroyNotify)folder_free);
	s.pending = g_ptr_array_new_with_free_func(g_free);
	s.later = g_ptr_array_new_with_free_func((GDestroyNotify)later_free);
	for (i = first; i < (guint)argc; i++)
		scan_arg(&s, argv[i]);
	/* rules are read only when there is mail to classify */
	if (scan_has_work(&s) &&
	    (s.rs = ruleset_load(cf, RULES_JIT | RULES_CACHE, error)) == NULL)
		goto out;
	pool_start(&s);
	s.started = g_get_monotonic_time();
	for (i = 0; i < s.folders->len; i++) {
		s.f = s.folders->pdata[i];
		if (s.f->mbox)
			scan_mbox(&s, s.f);
		else
			scan_maildir(&s, s.f);
	}
	pool_stop(&s);
	scan_track_again(&s);
	scan_drafts(&s);
	scan_summary(&s);
	rc = 0;
	if (s.errors > 0) {
		g_set_error(error, DOORSTOP_ERROR, s.code, "%u error%s; a "
		    "rejection not answered is tried again on the next scan",
		    s.errors, s.errors == 1 ? "" : "s");
		rc = -1;
	}
out:
	g_ptr_array_free(s.pending, TRUE);
	g_ptr_array_free(s.later, TRUE);
	g_ptr_array_free(s.folders, TRUE);
	free(s.skip);
	state_close(s.st);
	ruleset_free(s.rs);
	return (rc);
}
