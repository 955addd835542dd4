/*
 * log.c: one line per event on standard error, and in the log file if the
 * config names one.  Warnings always show, info with -v.
 * Also the GError domain every module reports in.
 */

#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "doorstop.h"

int		 log_verbosity;
static FILE	*log_file;
static char	*log_bar;	/* the progress line shown, or NULL */

GQuark
doorstop_error_quark(void)
{
	return (g_quark_from_static_string("doorstop-error-quark"));
}

/*
 * Open (append) the log file, which only the user may read: it names
 * senders and subjects.  On failure, keep logging to stderr only.
 */
void
log_open(const char *path)
{
	char	*dir;
	int	 fd;

	if (path == NULL || *path == '\0')
		return;
	dir = g_path_get_dirname(path);
	file_mkdirs(dir, NULL);		/* open says if it failed */
	g_free(dir);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1 || (log_file = fdopen(fd, "a")) == NULL) {
		log_warn("cannot open log %s: %s", path, g_strerror(errno));
		if (fd != -1)
			close(fd);
	}
}

void
log_close(void)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
}

static void
log_vwrite(int level, const char *fmt, va_list ap)
{
	char	*line, stamp[32];
	time_t	 now;

	line = g_strdup_vprintf(fmt, ap);
	if (log_verbosity >= level) {
		if (log_bar != NULL)
			fputs("\r\033[K", stderr);
		fprintf(stderr, "%s: %s\n", g_get_prgname(), line);
		if (log_bar != NULL)
			fputs(log_bar, stderr);
	}
	if (log_file != NULL) {
		now = time(NULL);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S",
		    localtime(&now));
		fprintf(log_file, "%s doorstop[%ld]: %s\n", stamp,
		    (long)getpid(), line);
		fflush(log_file);
	}
	g_free(line);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(0, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(1, fmt, ap);
	va_end(ap);
}

/*
 * Show line as the progress line on standard error, which must be a
 * terminal, in place of the last; NULL takes it away.
 */
void
log_progress(const char *line)
{
	if (line == NULL && log_bar == NULL)
		return;
	fputs("\r\033[K", stderr);
	g_free(log_bar);
	log_bar = g_strdup(line);
	if (log_bar != NULL)
		fputs(log_bar, stderr);
	fflush(stderr);
}
