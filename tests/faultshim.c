/*
 * faultshim.c: an LD_PRELOAD library for the tests that makes chosen file
 * calls fail, as a full disk or a failing one would, on the paths that
 * match a pattern.  Set in the environment:
 *
 *	FAULTSHIM_PATH	an fnmatch(3) pattern ("*" matches "/" too) for the
 *			path the call is on; a call on a descriptor is on
 *			the path /proc/self/fd/N names.  Unset: no faults.
 *	FAULTSHIM_CALLS	which calls fail, comma-separated: open (open,
 *			openat, creat with O_CREAT), write (write, pwrite,
 *			writev), fsync (fsync, fdatasync), rename (either
 *			name), link, mkdir, ftruncate.  Default: all.
 *	FAULTSHIM_ERRNO	ENOSPC, EDQUOT, EIO or a number.  Default: EIO.
 *	FAULTSHIM_AFTER	that many matching calls succeed first.  Default: 0.
 *	FAULTSHIM_TIMES	at most that many fail.  Default: all the rest.
 *	FAULTSHIM_LOG	a file to which each failed call appends a line,
 *			"CALL PATH", so that a test knows it hit.
 */

#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SHIM_EXPORT	__attribute__((visibility("default")))

static struct {
	const char	*path;
	const char	*calls;
	const char	*log;
	int		 err;
	long		 after;
	long		 times;
	long		 seen;		/* matching calls so far */
	long		 failed;
} shim;

static pthread_once_t	 shim_once = PTHREAD_ONCE_INIT;

/* Every call first finds the real functions and reads the environment. */
#define SHIM_INIT()	pthread_once(&shim_once, shim_init)

static int	(*real_open)(const char *, int, ...);
static int	(*real_open64)(const char *, int, ...);
static int	(*real_openat)(int, const char *, int, ...);
static int	(*real_openat64)(int, const char *, int, ...);
static int	(*real_creat)(const char *, mode_t);
static ssize_t	(*real_write)(int, const void *, size_t);
static ssize_t	(*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t	(*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t	(*real_writev)(int, const struct iovec *, int);
static int	(*real_fsync)(int);
static int	(*real_fdatasync)(int);
static int	(*real_rename)(const char *, const char *);
static int	(*real_renameat)(int, const char *, int, const char *);
static int	(*real_link)(const char *, const char *);
static int	(*real_mkdir)(const char *, mode_t);
static int	(*real_ftruncate)(int, off_t);
static int	(*real_ftruncate64)(int, off_t);

static int
shim_errno(const char *s)
{
	if (s == NULL || *s == '\0')
		return (EIO);
	if (strcmp(s, "ENOSPC") == 0)
		return (ENOSPC);
	if (strcmp(s, "EDQUOT") == 0)
		return (EDQUOT);
	if (strcmp(s, "EIO") == 0)
		return (EIO);
	return (atoi(s) > 0 ? atoi(s) : EIO);
}

static void
shim_init(void)
{
	const char	*s;

#define REAL(f)	(real_##f = dlsym(RTLD_NEXT, #f))
	REAL(open);
	REAL(open64);
	REAL(openat);
	REAL(openat64);
	REAL(creat);
	REAL(write);
	REAL(pwrite);
	REAL(pwrite64);
	REAL(writev);
	REAL(fsync);
	REAL(fdatasync);
	REAL(rename);
	REAL(renameat);
	REAL(link);
	REAL(mkdir);
	REAL(ftruncate);
	REAL(ftruncate64);
#undef REAL
	shim.path = getenv("FAULTSHIM_PATH");
	shim.calls = getenv("FAULTSHIM_CALLS");
	shim.log = getenv("FAULTSHIM_LOG");
	shim.err = shim_errno(getenv("FAULTSHIM_ERRNO"));
	shim.after = (s = getenv("FAULTSHIM_AFTER")) != NULL ? atol(s) : 0;
	shim.times = (s = getenv("FAULTSHIM_TIMES")) != NULL ? atol(s) : -1;
}

/* Whether call is one of those to fail. */
static int
shim_call_chosen(const char *call)
{
	const char	*p;
	size_t		 len = strlen(call);

	if (shim.calls == NULL || *shim.calls == '\0')
		return (1);
	for (p = shim.calls; *p != '\0'; p += strcspn(p, ",")) {
		p += *p == ',';
		if (strncmp(p, call, len) == 0 &&
		    (p[len] == ',' || p[len] == '\0'))
			return (1);
	}
	return (0);
}

static void
shim_log(const char *call, const char *path)
{
	char	line[PATH_MAX + 64];
	int	fd, n;

	if (shim.log == NULL)
		return;
	n = snprintf(line, sizeof line, "%s %s\n", call, path);
	if (n < 0 || (size_t)n >= sizeof line)
		return;
	fd = real_open(shim.log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return;
	real_write(fd, line, n);
	close(fd);
}

/* The path of descriptor fd, into buf. */
static const char *
shim_fd_path(int fd, char *buf, size_t size)
{
	char	link[64];
	ssize_t	n;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, buf, size - 1)) < 0)
		n = 0;
	buf[n] = '\0';
	return (buf);
}

/* The absolute path that dirfd and path name, into buf. */
static const char *
shim_at_path(int dirfd, const char *path, char *buf, size_t size)
{
	char	dir[PATH_MAX];

	if (*path == '/')
		return (path);
	if (dirfd == AT_FDCWD) {
		if (getcwd(dir, sizeof dir) == NULL)
			return (path);
	} else
		shim_fd_path(dirfd, dir, sizeof dir);
	if (snprintf(buf, size, "%s/%s", dir, path) >= (int)size)
		return (path);
	return (buf);
}

/*
 * Whether this call, on path (or on path2 for a rename or a link, which
 * may be NULL), is to fail: then errno is set.
 */
static int
shim_fail(const char *call, const char *path, const char *path2)
{
	const char	*hit;
	char		 b1[PATH_MAX], b2[PATH_MAX];
	long		 n;

	if (shim.path == NULL || !shim_call_chosen(call))
		return (0);
	if (path != NULL)
		path = shim_at_path(AT_FDCWD, path, b1, sizeof b1);
	if (path2 != NULL)
		path2 = shim_at_path(AT_FDCWD, path2, b2, sizeof b2);
	if (path != NULL && fnmatch(shim.path, path, 0) == 0)
		hit = path;
	else if (path2 != NULL && fnmatch(shim.path, path2, 0) == 0)
		hit = path2;
	else
		return (0);
	n = __atomic_fetch_add(&shim.seen, 1, __ATOMIC_SEQ_CST);
	if (n < shim.after)
		return (0);
	n = __atomic_fetch_add(&shim.failed, 1, __ATOMIC_SEQ_CST);
	if (shim.times >= 0 && n >= shim.times)
		return (0);
	shim_log(call, hit);
	errno = shim.err;
	return (1);
}

static int
shim_fail_fd(const char *call, int fd)
{
	char	buf[PATH_MAX];

	if (shim.path == NULL || !shim_call_chosen(call))
		return (0);
	return (shim_fail(call, shim_fd_path(fd, buf, sizeof buf), NULL));
}

static mode_t
shim_mode(int flags, va_list ap)
{
	return ((flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0);
}

SHIM_EXPORT int
open(const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode;

	SHIM_INIT();

	va_start(ap, flags);
	mode = shim_mode(flags, ap);
	va_end(ap);
	if ((flags & O_CREAT) && shim_fail("open", path, NULL))
		return (-1);
	return (real_open(path, flags, mode));
}

SHIM_EXPORT int
open64(const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode;

	SHIM_INIT();

	va_start(ap, flags);
	mode = shim_mode(flags, ap);
	va_end(ap);
	if ((flags & O_CREAT) && shim_fail("open", path, NULL))
		return (-1);
	return (real_open64(path, flags, mode));
}

SHIM_EXPORT int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode;
	char	buf[PATH_MAX];

	SHIM_INIT();

	va_start(ap, flags);
	mode = shim_mode(flags, ap);
	va_end(ap);
	if ((flags & O_CREAT) && shim_fail("open", shim_at_path(dirfd, path,
	    buf, sizeof buf), NULL))
		return (-1);
	return (real_openat(dirfd, path, flags, mode));
}

SHIM_EXPORT int
openat64(int dirfd, const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode;
	char	buf[PATH_MAX];

	SHIM_INIT();

	va_start(ap, flags);
	mode = shim_mode(flags, ap);
	va_end(ap);
	if ((flags & O_CREAT) && shim_fail("open", shim_at_path(dirfd, path,
	    buf, sizeof buf), NULL))
		return (-1);
	return (real_openat64(dirfd, path, flags, mode));
}

SHIM_EXPORT int
creat(const char *path, mode_t mode)
{
	SHIM_INIT();
	if (shim_fail("open", path, NULL))
		return (-1);
	return (real_creat(path, mode));
}

SHIM_EXPORT ssize_t
write(int fd, const void *buf, size_t len)
{
	SHIM_INIT();
	if (shim_fail_fd("write", fd))
		return (-1);
	return (real_write(fd, buf, len));
}

SHIM_EXPORT ssize_t
pwrite(int fd, const void *buf, size_t len, off_t off)
{
	SHIM_INIT();
	if (shim_fail_fd("write", fd))
		return (-1);
	return (real_pwrite(fd, buf, len, off));
}

SHIM_EXPORT ssize_t
pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	SHIM_INIT();
	if (shim_fail_fd("write", fd))
		return (-1);
	return (real_pwrite64(fd, buf, len, off));
}

SHIM_EXPORT ssize_t
writev(int fd, const struct iovec *iov, int n)
{
	SHIM_INIT();
	if (shim_fail_fd("write", fd))
		return (-1);
	return (real_writev(fd, iov, n));
}

SHIM_EXPORT int
fsync(int fd)
{
	SHIM_INIT();
	if (shim_fail_fd("fsync", fd))
		return (-1);
	return (real_fsync(fd));
}

SHIM_EXPORT int
fdatasync(int fd)
{
	SHIM_INIT();
	if (shim_fail_fd("fsync", fd))
		return (-1);
	return (real_fdatasync(fd));
}

SHIM_EXPORT int
rename(const char *from, const char *to)
{
	SHIM_INIT();
	if (shim_fail("rename", from, to))
		return (-1);
	return (real_rename(from, to));
}

SHIM_EXPORT int
renameat(int fromfd, const char *from, int tofd, const char *to)
{
	char	b1[PATH_MAX], b2[PATH_MAX];

	SHIM_INIT();
	if (shim_fail("rename", shim_at_path(fromfd, from, b1, sizeof b1),
	    shim_at_path(tofd, to, b2, sizeof b2)))
		return (-1);
	return (real_renameat(fromfd, from, tofd, to));
}

SHIM_EXPORT int
link(const char *from, const char *to)
{
	SHIM_INIT();
	if (shim_fail("link", from, to))
		return (-1);
	return (real_link(from, to));
}

SHIM_EXPORT int
mkdir(const char *path, mode_t mode)
{
	SHIM_INIT();
	if (shim_fail("mkdir", path, NULL))
		return (-1);
	return (real_mkdir(path, mode));
}

SHIM_EXPORT int
ftruncate(int fd, off_t len)
{
	SHIM_INIT();
	if (shim_fail_fd("ftruncate", fd))
		return (-1);
	return (real_ftruncate(fd, len));
}

SHIM_EXPORT int
ftruncate64(int fd, off_t len)
{
	SHIM_INIT();
	if (shim_fail_fd("ftruncate", fd))
		return (-1);
	return (real_ftruncate64(fd, len));
}
