/*
 * store-mbox.c: a draft appended to an mbox file, as mutt's $postponed may
 * be: under an fcntl lock and a dotlock, with a "From " line, ">From "
 * quoting (mboxrd) and "Status: RO".  A failed append is cut back off.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "doorstop.h"

#define STORE_MBOX_TRIES	30	/* seconds to wait for a dotlock */
#define STORE_MBOX_STALE	300	/* a dotlock older than this is stale */

/*
 * Whether the dotlock was left by a doorstop on this host that is gone
 * (killed, say): it holds "PID HOST".  Other programs' locks, and ours of
 * a process that lives, are not.
 */
static gboolean
store_mbox_orphan(const char *lock)
{
	char		*text = NULL, host[256];
	long		 pid;
	gboolean	 gone = FALSE;

	if (g_file_get_contents(lock, &text, NULL, NULL) &&
	    sscanf(text, "%ld %255s", &pid, host) == 2 && pid > 0 &&
	    strcmp(host, g_get_host_name()) == 0)
		gone = kill((pid_t)pid, 0) == -1 && errno == ESRCH;
	g_free(text);
	return (gone);
}

/*
 * Create lock holding "PID HOST", whole or not at all: written beside it
 * and linked to its name (a plain exclusive create where links cannot be
 * made).  Returns 0, or -1 with errno set: EEXIST if it is held.
 */
static int
store_mbox_lock_create(const char *lock)
{
	char	*tmp, *text;
	ssize_t	 n;
	int	 fd, rc = -1, saved;

	tmp = g_strdup_printf("%s.%ld", lock, (long)getpid());
	text = g_strdup_printf("%ld %s\n", (long)getpid(), g_get_host_name());
	unlink(tmp);			/* left by a dead process of our ID */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) != -1) {
		if ((n = write(fd, text, strlen(text))) >= 0 &&
		    n != (ssize_t)strlen(text))
			errno = ENOSPC;
		if (close(fd) == 0 && n == (ssize_t)strlen(text))
			rc = link(tmp, lock);
		saved = errno;
		unlink(tmp);
		errno = saved;
	}
	if (rc == -1 && errno != EEXIST && (fd = open(lock, O_WRONLY |
	    O_CREAT | O_EXCL | O_CLOEXEC, 0600)) != -1) {
		rc = write(fd, text, strlen(text)) < 0 ? -1 : 0;
		close(fd);
	}
	g_free(text);
	g_free(tmp);
	return (rc);
}

/*
 * Remove the "path.lock.PID" files that doorstops killed while taking the
 * lock left: while we hold the fcntl lock no other doorstop makes one.
 */
static void
store_mbox_lock_sweep(const char *lock)
{
	GDir		*d;
	const char	*name;
	char		*dir, *base, *path;
	gsize		 len;

	dir = g_path_get_dirname(lock);
	base = g_path_get_basename(lock);
	len = strlen(base);
	if ((d = g_dir_open(dir, 0, NULL)) != NULL) {
		while ((name = g_dir_read_name(d)) != NULL) {
			if (strncmp(name, base, len) != 0 || name[len] != '.' ||
			    name[len + 1] == '\0' ||
			    strspn(name + len + 1, "0123456789") !=
			    strlen(name + len + 1))
				continue;
			path = g_build_filename(dir, name, NULL);
			unlink(path);
			g_free(path);
		}
		g_dir_close(d);
	}
	g_free(base);
	g_free(dir);
}

/*
 * Take path.lock, breaking one left stale or by a doorstop gone; 0 or -1
 * with error set.
 */
static int
store_mbox_dotlock(const char *lock, GError **error)
{
	struct stat	sb;
	int		i;

	for (i = 0; i < STORE_MBOX_TRIES; i++) {
		if (store_mbox_lock_create(lock) == 0) {
			store_mbox_lock_sweep(lock);
			return (0);
		}
		if (errno != EEXIST)
			return (file_error(error, "create", lock));
		if (store_mbox_orphan(lock) || (stat(lock, &sb) == 0 &&
		    time(NULL) - sb.st_mtime > STORE_MBOX_STALE))
			unlink(lock);
		else
			sleep(1);
	}
	errno = EAGAIN;
	return (file_error(error, "take the lock", lock));
}

/* Whether the mbox open on fd already holds a message with this ID. */
static gboolean
store_mbox_has(int fd, const char *message_id)
{
	GString		*all;
	char		 buf[65536], *needle;
	const char	*p;
	ssize_t		 n;
	gboolean	 found = FALSE;

	all = g_string_new(NULL);
	while ((n = pread(fd, buf, sizeof buf, all->len)) > 0)
		g_string_append_len(all, buf, n);
	/* a mail program may have rewritten the header as Message-ID */
	needle = g_strdup_printf(": <%s>", message_id);
	for (p = all->str; !found && (p = g_strstr_len(p, all->str + all->len -
	    p, needle)) != NULL; p++)
		found = p - all->str >= 11 &&
		    g_ascii_strncasecmp(p - 11, "\nMessage-Id", 11) == 0;
	g_free(needle);
	g_string_free(all, TRUE);
	return (found);
}

/*
 * Whether the mbox at path still holds the message with this ID: 1 yes,
 * 0 no, -1 when it cannot be read, so nothing can be said.
 */
int
store_mbox_holds(const char *path, const char *message_id)
{
	int		fd;
	gboolean	found;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	found = store_mbox_has(fd, message_id);
	close(fd);
	return (found);
}

/* The message as an mbox entry: From line, Status, >From quoting. */
static GString *
store_mbox_entry(const char *text, const char *sender, off_t size,
    gboolean nl)
{
	GString		*s;
	const char	*p, *q, *body;
	char		 date[64];
	time_t		 now = time(NULL);

	s = g_string_new(NULL);
	if (size > 0 && !nl)
		g_string_append_c(s, '\n');	/* end the previous message */
	if (size > 0)
		g_string_append_c(s, '\n');
	strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", gmtime(&now));
	g_string_append_printf(s, "From %s %s\n", sender, date);
	body = strstr(text, "\n\n");
	body = body == NULL ? text + strlen(text) : body + 1;
	g_string_append_len(s, text, body - text);
	g_string_append(s, "Status: RO\n");
	for (p = body; *p != '\0'; p = q) {
		q = strchr(p, '\n');
		q = q == NULL ? p + strlen(p) : q + 1;
		if (strncmp(p + strspn(p, ">"), "From ", 5) == 0)
			g_string_append_c(s, '>');
		g_string_append_len(s, p, q - p);
	}
	if (s->len > 0 && s->str[s->len - 1] != '\n')
		g_string_append_c(s, '\n');
	return (s);
}

/* Whether the last byte of the file open on fd is a newline. */
static gboolean
store_mbox_ends_nl(int fd, off_t size)
{
	char	c;

	return (size == 0 || (pread(fd, &c, 1, size - 1) == 1 && c == '\n'));
}

static int
store_mbox_append(int fd, const char *path, const char *text,
    const char *message_id, const char *sender, GError **error)
{
	struct stat	 sb;
	GString		*entry;
	ssize_t		 n;
	int		 rc = 0;

	if (store_mbox_has(fd, message_id))
		return (0);
	if (fstat(fd, &sb) != 0)
		return (file_error(error, "stat", path));
	entry = store_mbox_entry(text, sender, sb.st_size,
	    store_mbox_ends_nl(fd, sb.st_size));
	n = pwrite(fd, entry->str, entry->len, sb.st_size);
	if (n != (ssize_t)entry->len || fsync(fd) != 0) {
		if (n >= 0 && n != (ssize_t)entry->len)
			errno = ENOSPC;
		rc = file_error(error, "append to", path);
		if (ftruncate(fd, sb.st_size) != 0)
			log_warn("%s: cannot cut off a failed append: %s",
			    path, g_strerror(errno));
	}
	g_string_free(entry, TRUE);
	return (rc);
}

/*
 * Append text to the mbox file path (created if missing), unless a message
 * with message_id is already there (left by a run that died before
 * recording it).  sender goes on the From line.  Returns 0 or -1.
 */
int
store_mbox_put(const char *path, const char *text, const char *message_id,
    const char *sender, GError **error)
{
	struct flock	 fl = { 0 };
	char		*dir, *lock;
	int		 fd, rc = -1;

	if (file_check_owner(path, error) != 0)
		return (-1);
	dir = g_path_get_dirname(path);
	rc = file_mkdirs(dir, error);
	g_free(dir);
	if (rc != 0)
		return (-1);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return (file_error(error, "open", path));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLKW, &fl) == -1) {
		file_error(error, "lock", path);
		close(fd);
		return (-1);
	}
	lock = g_strdup_printf("%s.lock", path);
	rc = -1;
	if (store_mbox_dotlock(lock, error) == 0) {
		rc = store_mbox_append(fd, path, text, message_id, sender,
		    error);
		unlink(lock);
	}
	g_free(lock);
	close(fd);		/* drops the fcntl lock */
	return (rc);
}
