/*
 * mailbox.c: the messages of an input.  A Maildir means its new/ and cur/, a
 * plain directory every file in it, a file that starts with "From " an mbox
 * (read as a stream: one message in memory at a time), any other file one
 * message.  Files are read without changing their access time where the
 * kernel allows, and an mbox can be read on from where an earlier read
 * stopped (a mark: an offset and the checksum of the last message's start).
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doorstop.h"

#define MAILBOX_LOCK_WAIT	30	/* seconds */
#define MAILBOX_LINE		65536	/* a longer line is read in pieces */

void
item_clear(struct item *it)
{
	g_free(it->path);
	g_free(it->data);
	memset(it, 0, sizeof *it);
}

/*
 * Open path for reading without touching its access time where the kernel
 * allows it (mutt tells new mail in an mbox by its atime).
 */
static FILE *
mailbox_open(const char *path, GError **error)
{
	FILE	*f;
	int	 fd;

	fd = open(path, O_RDONLY | O_NOATIME | O_CLOEXEC);
	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (f = fdopen(fd, "rb")) == NULL) {
		g_set_error(error, DOORSTOP_ERROR, EX_NOINPUT, "%s: %s", path,
		    g_strerror(errno));
		if (fd >= 0)
			close(fd);
		return (NULL);
	}
	return (f);
}

static int
mailbox_emit(const char *path, gint64 offset, GString *data, mailbox_cb cb,
    void *arg, GError **error)
{
	struct item	it;
	int		rc;

	it.path = g_strdup(path);
	it.offset = offset;
	it.size = data->len;
	it.data = g_string_free(data, FALSE);
	rc = cb(&it, arg, error);
	item_clear(&it);
	return (rc);
}

/* Is line (n bytes, its end included) empty? */
static gboolean
mailbox_is_blank(const char *line, gssize n)
{
	return (line[0] == '\n' || (line[0] == '\r' && n <= 2));
}

/* Is line (n bytes) a "From " line, if the line before was blank? */
static gboolean
mailbox_is_from(const char *line, gssize n, gboolean blank)
{
	return (blank && n > 5 && strncmp(line, "From ", 5) == 0);
}

/*
 * Read a line of f into buf, its LF included, or its first size bytes: a
 * longer line comes in pieces.  Returns the length, 0 at the end.
 */
static gsize
mailbox_getline(FILE *f, char *buf, gsize size)
{
	gsize	n = 0;
	int	c;

	while (n < size && (c = getc_unlocked(f)) != EOF) {
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	return (n);
}

/*
 * Split the mbox f, from offset start, at "From " lines that start it or
 * follow an empty line.  Messages are named FILE:N (counted from start), or
 * FILE when there is only one; each carries its offset in the file and at
 * most its first DOORSTOP_MAX_READ bytes.
 */
static int
mailbox_split(const char *path, FILE *f, gint64 start, mailbox_cb cb,
    void *arg, GError **error)
{
	GString	*msg = g_string_new(NULL);
	char	*line, *name;
	gsize	 n;
	gint64	 off = start, at = start;
	guint	 count = 0;
	gboolean blank = TRUE, bol = TRUE;
	int	 rc = 0;

	line = g_malloc(MAILBOX_LINE);
	while (rc == 0 && (n = mailbox_getline(f, line, MAILBOX_LINE)) > 0) {
		if (bol && mailbox_is_from(line, n, blank) && off > at) {
			name = g_strdup_printf("%s:%u", path, ++count);
			rc = mailbox_emit(name, at, msg, cb, arg, error);
			g_free(name);
			msg = g_string_new(NULL);
			at = off;
		}
		if (msg->len < DOORSTOP_MAX_READ)
			g_string_append_len(msg, line,
			    MIN(n, DOORSTOP_MAX_READ - msg->len));
		off += n;
		blank = bol && mailbox_is_blank(line, n);
		bol = (line[n - 1] == '\n');
	}
	if (rc == 0 && ferror(f)) {
		g_set_error(error, DOORSTOP_ERROR, EX_IOERR, "%s: %s", path,
		    g_strerror(errno));
		rc = -1;
	}
	if (rc == 0 && (off > at || (count == 0 && start == 0))) {
		name = (count == 0) ? g_strdup(path) :
		    g_strdup_printf("%s:%u", path, count + 1);
		rc = mailbox_emit(name, at, msg, cb, arg, error);
		g_free(name);
	} else
		g_string_free(msg, TRUE);
	g_free(line);
	return (rc);
}

/*
 * Take a read lock on the mbox f, as mail readers do, so that no delivery
 * is half written while we read; wait up to MAILBOX_LOCK_WAIT seconds.
 */
static int
mailbox_lock(const char *path, FILE *f, GError **error)
{
	struct flock	fl;
	int		i;

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_RDLCK;
	fl.l_whence = SEEK_SET;
	for (i = 0; i < MAILBOX_LOCK_WAIT * 10; i++) {
		if (fcntl(fileno(f), F_SETLK, &fl) == 0)
			return (0);
		if (errno != EAGAIN && errno != EACCES && errno != EINTR)
			return (0);	/* no locks here (NFS?): read on */
		g_usleep(G_USEC_PER_SEC / 10);
	}
	g_set_error(error, DOORSTOP_ERROR, EX_TEMPFAIL, "%s: locked by "
	    "another program for %d seconds", path, MAILBOX_LOCK_WAIT);
	return (-1);
}

/*
 * Call cb on every message of the mbox path from byte offset start (where
 * a message begins), reading one message at a time, under a read lock.
 */
int
mailbox_mbox(const char *path, gint64 start, mailbox_cb cb, void *arg,
    GError **error)
{
	FILE	*f;
	int	 rc;

	if ((f = mailbox_open(path, error)) == NULL)
		return (-1);
	if (mailbox_lock(path, f, error) != 0) {
		fclose(f);
		return (-1);
	}
	if (fseeko(f, start, SEEK_SET) != 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_IOERR, "%s: %s", path,
		    g_strerror(errno));
		fclose(f);
		return (-1);
	}
	rc = mailbox_split(path, f, start, cb, arg, error);
	fclose(f);
	return (rc);
}

/* The number of messages in the mbox path from offset start; 0 on error. */
guint
mailbox_mbox_count(const char *path, gint64 start)
{
	FILE	*f;
	char	*line;
	gsize	 n;
	guint	 count = 0;
	gboolean blank = TRUE, bol = TRUE, any = FALSE;

	if ((f = mailbox_open(path, NULL)) == NULL)
		return (0);
	line = g_malloc(MAILBOX_LINE);
	if (fseeko(f, start, SEEK_SET) == 0) {
		while ((n = mailbox_getline(f, line, MAILBOX_LINE)) > 0) {
			if (bol && mailbox_is_from(line, n, blank) && any)
				count++;
			any = TRUE;
			blank = bol && mailbox_is_blank(line, n);
			bol = (line[n - 1] == '\n');
		}
	}
	g_free(line);
	fclose(f);
	return (count + any);
}

/* Into sum (MAILBOX_SUM_LEN + 1 bytes): the hex SHA-256 of data's start. */
void
mailbox_sum(const char *data, gsize size, char *sum)
{
	char	*hex;

	hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
	    (const guchar *)data, MIN(size, MAILBOX_SUM_BYTES));
	g_strlcpy(sum, hex, MAILBOX_SUM_LEN + 1);
	g_free(hex);
}

/*
 * Where to go on reading the mbox path after mark: the "From " line at or
 * after its offset (past blank lines) if the file is the one mark was taken
 * of, grown or not; 0 if it was rewritten (the last message read is gone or
 * changed, or no message starts there).
 */
gint64
mailbox_mbox_resume(const char *path, const struct mbox_mark *mark)
{
	FILE	*f;
	char	*buf, sum[MAILBOX_SUM_LEN + 1], rom[4];
	gsize	 len;
	gint64	 resume = 0, at;
	int	 c;

	if (mark->offset <= 0 || mark->last < 0 || mark->last >= mark->offset)
		return (0);
	if ((f = mailbox_open(path, NULL)) == NULL)
		return (0);
	len = MIN(mark->offset - mark->last, MAILBOX_SUM_BYTES);
	buf = g_malloc(len);
	if (fseeko(f, mark->last, SEEK_SET) == 0 &&
	    fread(buf, 1, len, f) == len) {
		mailbox_sum(buf, len, sum);
		if (strcmp(sum, mark->sum) == 0 &&
		    fseeko(f, mark->offset, SEEK_SET) == 0) {
			at = mark->offset;
			while ((c = getc(f)) == '\n' || c == '\r')
				at++;
			if (c == EOF && !ferror(f))
				resume = mark->offset;
			else if (c == 'F' && fread(rom, 1, 4, f) == 4 &&
			    memcmp(rom, "rom ", 4) == 0)
				resume = at;
		}
	}
	g_free(buf);
	fclose(f);
	return (resume);
}

/* Does f start with "From "?  f is left at its start. */
static gboolean
mailbox_starts_from(FILE *f)
{
	char	buf[5];
	size_t	n;

	n = fread(buf, 1, sizeof buf, f);
	rewind(f);
	return (n == sizeof buf && memcmp(buf, "From ", 5) == 0);
}

/* Is path an mbox file: one that starts with "From "? */
gboolean
mailbox_is_mbox(const char *path)
{
	FILE		*f;
	gboolean	 yes;

	if ((f = mailbox_open(path, NULL)) == NULL)
		return (FALSE);
	yes = mailbox_starts_from(f);
	fclose(f);
	return (yes);
}

/*
 * Read at most max bytes of f into it, in a buffer no larger than needed.
 * Returns 0, or -1 on a read error; *more is whether f has bytes left.
 */
static int
mailbox_read(FILE *f, struct item *it, gsize max, gboolean *more)
{
	gsize	cap = 0;
	size_t	n;
	int	c;

	it->data = NULL;
	it->size = 0;
	do {
		if (it->size == cap) {
			cap = MIN(MAX(2 * cap, 65536), max);
			it->data = g_realloc(it->data, cap + 1);
		}
		n = fread(it->data + it->size, 1, cap - it->size, f);
		it->size += n;
	} while (n > 0 && it->size < max);
	it->data[it->size] = '\0';
	*more = !ferror(f) && (c = getc(f)) != EOF && ungetc(c, f) != EOF;
	return (ferror(f) ? -1 : 0);
}

/*
 * One file: an mbox if it starts with "From ", else one message, of which
 * at most DOORSTOP_MAX_READ bytes are read.
 */
int
mailbox_file(const char *path, mailbox_cb cb, void *arg, GError **error)
{
	struct item	 it = { 0 };
	FILE		*f;
	gboolean	 more;
	int		 rc;

	if ((f = mailbox_open(path, error)) == NULL)
		return (-1);
	if (mailbox_starts_from(f)) {
		rc = mailbox_split(path, f, 0, cb, arg, error);
		fclose(f);
		return (rc);
	}
	rc = mailbox_read(f, &it, DOORSTOP_MAX_READ, &more);
	fclose(f);
	if (rc != 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_IOERR, "%s: read error",
		    path);
		item_clear(&it);
		return (-1);
	}
	it.path = g_strdup(path);
	rc = cb(&it, arg, error);
	item_clear(&it);
	return (rc);
}

static gint
mailbox_compare(gconstpointer a, gconstpointer b)
{
	return (strcmp(*(char * const *)a, *(char * const *)b));
}

/*
 * The names of the regular files in dir (not hidden), sorted; NULL with
 * error set if dir cannot be read.  Only the directory is read: no file is
 * looked at unless the file system does not say what type it is.
 */
GPtrArray *
mailbox_names(const char *dir, GError **error)
{
	GPtrArray	*names;
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		*path;
	gboolean	 regular;

	if ((d = opendir(dir)) == NULL) {
		g_set_error(error, DOORSTOP_ERROR, EX_NOINPUT, "%s: %s", dir,
		    g_strerror(errno));
		return (NULL);
	}
	names = g_ptr_array_new_with_free_func(g_free);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		regular = de->d_type == DT_REG;
		if (de->d_type == DT_UNKNOWN || de->d_type == DT_LNK) {
			path = g_build_filename(dir, de->d_name, NULL);
			regular = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
			g_free(path);
		}
		if (regular)
			g_ptr_array_add(names, g_strdup(de->d_name));
	}
	closedir(d);
	g_ptr_array_sort(names, mailbox_compare);
	return (names);
}

/* Every file of dir; read failures are counted in *failed, not fatal. */
static int
mailbox_dir(const char *dir, mailbox_cb cb, void *arg, guint *failed,
    GError **error)
{
	GPtrArray	*names;
	GError		*e = NULL;
	char		*path;
	guint		 i;
	int		 rc = 0;

	if ((names = mailbox_names(dir, error)) == NULL)
		return (-1);
	for (i = 0; i < names->len && rc == 0; i++) {
		path = g_build_filename(dir, names->pdata[i], NULL);
		if (mailbox_file(path, cb, arg, &e) != 0) {
			if (e->domain == DOORSTOP_ERROR &&
			    (e->code == EX_NOINPUT || e->code == EX_IOERR)) {
				log_warn("%s", e->message);
				(*failed)++;
				g_clear_error(&e);
			} else {
				g_propagate_error(error, e);
				e = NULL;
				rc = -1;
			}
		}
		g_free(path);
	}
	g_ptr_array_free(names, TRUE);
	return (rc);
}

/* Is path a Maildir: a directory with cur/ or new/ in it? */
gboolean
mailbox_is_maildir(const char *path)
{
	char		*cur, *new;
	gboolean	 yes;

	cur = g_build_filename(path, "cur", NULL);
	new = g_build_filename(path, "new", NULL);
	yes = g_file_test(cur, G_FILE_TEST_IS_DIR) ||
	    g_file_test(new, G_FILE_TEST_IS_DIR);
	g_free(cur);
	g_free(new);
	return (yes);
}

static int
mailbox_maildir(const char *path, mailbox_cb cb, void *arg, guint *failed,
    GError **error)
{
	static const char	*subdirs[] = { "new", "cur" };
	char			*dir;
	int			 i, rc = 0;

	for (i = 0; i < 2 && rc == 0; i++) {
		dir = g_build_filename(path, subdirs[i], NULL);
		if (g_file_test(dir, G_FILE_TEST_IS_DIR))
			rc = mailbox_dir(dir, cb, arg, failed, error);
		g_free(dir);
	}
	return (rc);
}

/*
 * Call cb on every message of path.  Returns 0, or -1 with error set if path
 * cannot be read, some of its files could not be, or cb failed.
 */
int
mailbox_foreach(const char *path, mailbox_cb cb, void *arg, GError **error)
{
	guint	failed = 0;
	int	rc;

	if (!g_file_test(path, G_FILE_TEST_IS_DIR))
		return (mailbox_file(path, cb, arg, error));
	if (mailbox_is_maildir(path))
		rc = mailbox_maildir(path, cb, arg, &failed, error);
	else
		rc = mailbox_dir(path, cb, arg, &failed, error);
	if (rc == 0 && failed > 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_IOERR,
		    "%s: %u file%s could not be read", path, failed,
		    failed == 1 ? "" : "s");
		rc = -1;
	}
	return (rc);
}

/*
 * Read at most max bytes of standard input into it (path "-"); *more is
 * whether there are bytes left to read.
 */
int
mailbox_read_prefix(struct item *it, gsize max, gboolean *more,
    GError **error)
{
	if (mailbox_read(stdin, it, max, more) != 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_TEMPFAIL,
		    "cannot read standard input: %s", g_strerror(errno));
		item_clear(it);
		return (-1);
	}
	it->path = g_strdup("-");
	return (0);
}

/*
 * Read standard input into it (path "-"): at most DOORSTOP_MAX_READ bytes,
 * the rest read and dropped.
 */
int
mailbox_read_stdin(struct item *it, GError **error)
{
	char		buf[65536];
	gboolean	more;

	if (mailbox_read_prefix(it, DOORSTOP_MAX_READ, &more, error) != 0)
		return (-1);
	while (more && fread(buf, 1, sizeof buf, stdin) > 0)
		;
	if (ferror(stdin)) {
		g_set_error(error, DOORSTOP_ERROR, EX_TEMPFAIL,
		    "cannot read standard input: %s", g_strerror(errno));
		item_clear(it);
		return (-1);
	}
	return (0);
}
