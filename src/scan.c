/*
 * scan.c: "doorstop scan": the cron path.  Read the messages of Maildirs
 * and mboxes that no earlier scan read, and answer the rejections among
 * them as filter would have on delivery.  Mailboxes are only read, never
 * changed: what was read is remembered in the state database (a Maildir
 * message by its unique name, which survives flag changes; an mbox by how
 * far it was read), and a lock per folder keeps a second scan out.
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

/* One Maildir folder or mbox file to scan. */
struct folder {
	char		*path;		/* canonical */
	gboolean	 mbox;
	gboolean	 first;		/* never scanned before */
	gint64		 since;		/* mail dated before is passed over */
	int		 lock;		/* its lock file, or -1 */
	GPtrArray	*todo;		/* Maildir: "new/NAME", "cur/NAME" */
	GPtrArray	*gone;		/* Maildir: seen before, now gone */
	struct mbox_mark mark;		/* mbox: how far it was read */
	gint64		 start;		/* mbox: where to read on */
};

struct scan {
	struct config	*cf;
	struct ruleset	*rs;
	struct state	*st;		/* NULL with --dry-run and no state */
	gint64		 since;		/* --since, as Unix time; 0 if none */
	gboolean	 all;
	gboolean	 recursive;
	gboolean	 bar;		/* a progress bar on the terminal */
	GPtrArray	*folders;	/* struct folder */
	char		*skip;		/* the drafts folder, canonical */

	struct folder	*f;		/* being read */
	const char	*name;		/* Maildir: the message's unique name */
	GPtrArray	*pending;	/* Maildir: read, not yet recorded */
	gboolean	 failed;	/* the message could not be handled */

	guint		 total, done;
	gint64		 started, drawn;
	guint		 scanned, old, rejections, drafts, reminders, gated;
	guint		 answered, errors;
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
scan_reply(struct scan *s, const struct item *it, const struct message *m,
    const struct verdict *v)
{
	struct outcome	 out;
	GError		*e = NULL;

	s->rejections++;
	if (reply_run(s->cf, m, v, NULL, 0, &out, &e) != 0) {
		s->failed = TRUE;
		scan_error(s, e, it->path);
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

/* Read, date, classify and maybe answer one message. */
static void
scan_message(struct scan *s, const struct item *it)
{
	struct message	*m;
	struct verdict	*v;
	GError		*e = NULL;
	gint64		 date;
	guint		 i;

	s->failed = FALSE;
	if ((m = message_read(it->data, it->size, s->cf->max_text,
	    &e)) == NULL) {
		scan_error(s, e, it->path);
		return;
	}
	date = message_date(m);
	if (s->f->since > 0 && date > 0 && date < s->f->since)
		s->old++;
	else {
		s->scanned++;
		v = verdict_new(s->rs, m, s->cf->threshold);
		for (i = 0; i < v->errors->len; i++)
			log_warn("%s: %s", it->path,
			    (char *)v->errors->pdata[i]);
		if (v->rejection)
			scan_reply(s, it, m, v);
		verdict_free(v);
	}
	message_free(m);
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

static int
scan_maildir_item(struct item *it, void *arg, GError **error)
{
	struct scan	*s = arg;

	scan_message(s, it);
	return (0);
}

/* Read the Maildir messages not seen before. */
static void
scan_maildir(struct scan *s, struct folder *f)
{
	GError	*e = NULL;
	char	*path, *name;
	guint	 i;

	for (i = 0; i < f->todo->len; i++) {
		path = g_build_filename(f->path, f->todo->pdata[i], NULL);
		name = g_strdup(strchr(f->todo->pdata[i], '/') + 1);
		name[strcspn(name, ":")] = '\0';
		if (mailbox_file(path, scan_maildir_item, s, &e) != 0) {
			if (e->code == EX_NOINPUT && !g_file_test(path,
			    G_FILE_TEST_EXISTS)) {
				/* moved or deleted since listed: next time */
				g_clear_error(&e);
			} else
				scan_error(s, e, NULL);
			g_free(name);
		} else if (s->failed)
			g_free(name);
		else
			g_ptr_array_add(s->pending, name);
		g_free(path);
		s->done++;
		scan_draw(s);
		if (s->pending->len >= SCAN_FLUSH)
			scan_flush(s, NULL);
	}
	scan_flush(s, f->gone);
}

static void
scan_mark(struct scan *s)
{
	GError	*e = NULL;

	if (s->st != NULL && !s->cf->dry_run &&
	    state_mbox_put(s->st, s->f->path, &s->f->mark, &e) != 0)
		scan_error(s, e, NULL);
}

/* An mbox message; a failure stops the mbox there, for the next scan. */
static int
scan_mbox_item(struct item *it, void *arg, GError **error)
{
	struct scan	*s = arg;
	struct folder	*f = s->f;

	if (it->size == 0)
		return (0);
	scan_message(s, it);
	s->done++;
	scan_draw(s);
	if (s->failed) {
		g_set_error(error, DOORSTOP_ERROR, EX_TEMPFAIL, "%s: stopped "
		    "at byte %" G_GINT64_FORMAT ", where the next scan goes on",
		    f->path, it->offset);
		return (-1);
	}
	f->mark.last = it->offset;
	f->mark.offset = it->offset + it->size;
	mailbox_sum(it->data, it->size, f->mark.sum);
	if (s->done % SCAN_FLUSH == 0)
		scan_mark(s);
	return (0);
}

static void
scan_mbox(struct scan *s, struct folder *f)
{
	struct mbox_mark	 was = f->mark;
	GError			*e = NULL;

	if (mailbox_mbox(f->path, f->start, scan_mbox_item, s, &e) != 0) {
		if (s->failed) {	/* counted already */
			log_warn("%s", e->message);
			g_error_free(e);
		} else
			scan_error(s, e, NULL);
	}
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

/* Add the folder at path (canonical), unless it is there already. */
static void
scan_add(struct scan *s, const char *path, gboolean mbox)
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

/*
 * Is path a folder that --recursive passes over: sent mail, trash, spam
 * and drafts, by the names mail programs give them ("Sent", ".Trash",
 * ".INBOX.Junk", "Deleted Items")?
 */
static gboolean
scan_is_special(const char *path)
{
	static const char	*names[] = { "sent", "sent items", "sent mail",
	    "sent messages", "trash", "deleted", "deleted items",
	    "deleted messages", "junk", "junk e-mail", "junk email", "spam",
	    "drafts", "outbox" };
	const char		*base;
	char			*name;
	gsize			 i;
	gboolean		 yes = FALSE;

	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if (*base == '.')
		base = strrchr(base, '.') + 1;	/* Maildir++: the last part */
	name = g_ascii_strdown(base, -1);
	for (i = 0; i < G_N_ELEMENTS(names) && !yes; i++)
		yes = strcmp(name, names[i]) == 0;
	g_free(name);
	return (yes);
}

/*
 * Every folder below dir: Maildirs (Maildir++ ".Folder" ones too) and the
 * mbox files beside them, but sent mail, trash, spam and drafts.  Symbolic
 * links are not followed.
 */
static void
scan_tree(struct scan *s, const char *dir, int depth)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	gboolean	 maildir;
	char		*path;

	if (depth > SCAN_DEPTH || (d = opendir(dir)) == NULL)
		return;
	if ((maildir = mailbox_is_maildir(dir)))
		scan_add(s, dir, FALSE);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    (maildir && (strcmp(de->d_name, "cur") == 0 ||
		    strcmp(de->d_name, "new") == 0 ||
		    strcmp(de->d_name, "tmp") == 0)))
			continue;
		path = g_build_filename(dir, de->d_name, NULL);
		if (lstat(path, &sb) != 0 || scan_is_special(path))
			;		/* gone since listed, or trash */
		else if (S_ISDIR(sb.st_mode) && (de->d_name[0] != '.' ||
		    mailbox_is_maildir(path)))
			scan_tree(s, path, depth + 1);
		else if (S_ISREG(sb.st_mode) && !maildir &&
		    de->d_name[0] != '.' && mailbox_is_mbox(path))
			scan_add(s, path, TRUE);
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
		scan_add(s, path, TRUE);
	else if (s->recursive)
		scan_tree(s, path, 0);
	else if (mailbox_is_maildir(path))
		scan_add(s, path, FALSE);
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
		{ "recursive", no_argument, NULL, 'R' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	int	ch;

	argc++;			/* getopt wants argv[0]: the command's name */
	argv--;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "anRs:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			s->all = TRUE;
			break;
		case 'n':
			s->cf->dry_run = TRUE;
			break;
		case 'R':
			s->recursive = TRUE;
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
	    "[-anR] [--since YYYY-MM-DD] mailbox ...");
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
	if (s->errors == 0 && (log_verbosity < 0 ||
	    (log_verbosity == 0 && s->drafts == 0 && !isatty(STDOUT_FILENO))))
		return;
	printf("scanned %u message%s in %u folder%s: %u rejection%s, %u "
	    "draft%s, %u reminder%s, %u skipped by the gate, %u error%s",
	    s->scanned, s->scanned == 1 ? "" : "s", s->folders->len,
	    s->folders->len == 1 ? "" : "s", s->rejections,
	    s->rejections == 1 ? "" : "s", s->drafts, s->drafts == 1 ? "" : "s",
	    s->reminders, s->reminders == 1 ? "" : "s", s->gated, s->errors,
	    s->errors == 1 ? "" : "s");
	if (s->answered > 0)
		printf("; %u answered before", s->answered);
	if (s->old > 0)
		printf("; %u older message%s passed over", s->old,
		    s->old == 1 ? "" : "s");
	printf("\n");
	fflush(stdout);
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

/*
 * Scan the mailboxes named.  Returns 0, or -1 with error set when anything
 * went wrong (what could not be handled is tried again next time).
 */
int
scan_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct scan	 s = { 0 };
	guint		 i;
	int		 first;

	s.cf = cf;
	if ((first = scan_options(&s, argc, argv, error)) < 0)
		return (-1);
	if (config_disabled(cf)) {
		log_warn("disabled by the config or DOORSTOP_DISABLE: "
		    "nothing scanned");
		return (0);
	}
	if ((s.rs = ruleset_load(cf, TRUE, error)) == NULL)
		return (-1);
	if (scan_state(&s, error) != 0) {
		ruleset_free(s.rs);
		return (-1);
	}
	s.bar = isatty(STDERR_FILENO) && log_verbosity >= 0;
	s.skip = realpath(cf->drafts, NULL);
	s.folders = g_ptr_array_new_with_free_func((GDestroyNotify)folder_free);
	s.pending = g_ptr_array_new_with_free_func(g_free);
	for (i = first; i < (guint)argc; i++)
		scan_arg(&s, argv[i]);
	s.started = g_get_monotonic_time();
	for (i = 0; i < s.folders->len; i++) {
		s.f = s.folders->pdata[i];
		if (s.f->mbox)
			scan_mbox(&s, s.f);
		else
			scan_maildir(&s, s.f);
	}
	scan_summary(&s);
	g_ptr_array_free(s.pending, TRUE);
	g_ptr_array_free(s.folders, TRUE);
	free(s.skip);
	state_close(s.st);
	ruleset_free(s.rs);
	if (s.errors > 0) {
		g_set_error(error, DOORSTOP_ERROR, s.code, "%u error%s; a "
		    "rejection not answered is tried again on the next scan",
		    s.errors, s.errors == 1 ? "" : "s");
		return (-1);
	}
	return (0);
}
