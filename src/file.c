/*
 * file.c: writing files so that a reader sees all of one or none of it:
 * write a temporary file, fsync it, rename it into place, fsync the
 * directory.  Drafts and reminders are written this way.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "doorstop.h"

/*
 * Set error from errno for "cannot WHAT PATH": a full disk or quota, or a
 * lock held too long, is temporary (EX_TEMPFAIL), the rest EX_CANTCREAT.
 * Returns -1.
 */
int
file_error(GError **error, const char *what, const char *path)
{
	int	saved = errno;

	g_set_error(error, DOORSTOP_ERROR,
	    saved == ENOSPC || saved == EDQUOT || saved == EAGAIN ?
	    EX_TEMPFAIL : EX_CANTCREAT, "cannot %s %s: %s", what, path,
	    g_strerror(saved));
	return (-1);
}

/*
 * Refuse path if another user owns it, or owns the symlink it is: drafts,
 * reminders and the state go only where the user alone decides.  A path
 * that does not exist yet is fine.  Returns 0, or -1 with error set.
 */
int
file_check_owner(const char *path, GError **error)
{
	struct stat	sb;
	uid_t		uid = geteuid();

	if (lstat(path, &sb) != 0)
		return (errno == ENOENT ? 0 : file_error(error, "look at", path));
	if (S_ISLNK(sb.st_mode) && sb.st_uid != uid) {
		g_set_error(error, DOORSTOP_ERROR, EX_CANTCREAT,
		    "refusing to follow %s: a symlink another user owns "
		    "(uid %lu)", path, (unsigned long)sb.st_uid);
		return (-1);
	}
	if (S_ISLNK(sb.st_mode) && stat(path, &sb) != 0)
		return (errno == ENOENT ? 0 : file_error(error, "look at", path));
	if (sb.st_uid != uid) {
		g_set_error(error, DOORSTOP_ERROR, EX_CANTCREAT,
		    "refusing to write to %s: another user owns it (uid %lu)",
		    path, (unsigned long)sb.st_uid);
		return (-1);
	}
	return (0);
}

/* Create directory path and its parents (mode 0700) if missing. */
int
file_mkdirs(const char *path, GError **error)
{
	if (g_mkdir_with_parents(path, 0700) != 0)
		return (file_error(error, "create directory", path));
	return (0);
}

/* fsync a directory, so a rename in it survives a crash. */
int
file_sync_dir(const char *dir, GError **error)
{
	int	fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (file_error(error, "open directory", dir));
	rc = fsync(fd);
	if (rc != 0 && errno != EINVAL)	/* some filesystems cannot */
		return (close(fd), file_error(error, "sync directory", dir));
	close(fd);
	return (0);
}

static int
file_write_all(int fd, const char *data, gsize len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return (-1);
		}
		data += n;
		len -= n;
	}
	return (0);
}

/*
 * Create tmp, a name no other live process uses (it has our process ID): a
 * file of that name is left by one that died, and is removed first.
 */
static int
file_create(const char *tmp)
{
	int	fd;

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1 && errno == EEXIST && unlink(tmp) == 0)
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	return (fd);
}

/*
 * Write len bytes of data to tmp (a name only this process uses), fsync it
 * and rename it to final; then fsync the directories of both.  On failure
 * nothing is left behind: not tmp, and not final if the rename was done
 * but could not be made durable.  Returns 0, or -1 with error set.
 */
int
file_put(const char *tmp, const char *final, const char *data, gsize len,
    GError **error)
{
	char	*dir, *tmpdir;
	int	 fd, rc;

	if ((fd = file_create(tmp)) == -1)
		return (file_error(error, "create", tmp));
	if (file_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		file_error(error, "write", tmp);
		close(fd);
		unlink(tmp);
		return (-1);
	}
	if (close(fd) != 0) {
		file_error(error, "write", tmp);
		unlink(tmp);
		return (-1);
	}
	if (rename(tmp, final) != 0) {
		file_error(error, "rename into", final);
		unlink(tmp);
		return (-1);
	}
	dir = g_path_get_dirname(final);
	tmpdir = g_path_get_dirname(tmp);
	rc = file_sync_dir(dir, error);
	if (rc == 0 && strcmp(dir, tmpdir) != 0)
		rc = file_sync_dir(tmpdir, error);
	if (rc != 0)
		unlink(final);
	g_free(tmpdir);
	g_free(dir);
	return (rc);
}
