/*
 * fuzz.c: the fuzz targets' helpers: one-time set-up, a scratch directory
 * (HOME and the XDG directories point into it; removed at exit), and
 * turning input bytes into strings and files.
 */

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static char	*fuzz_dir;

static int
fuzz_remove(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	return (remove(path));
}

static void
fuzz_cleanup(void)
{
	if (fuzz_dir != NULL)
		nftw(fuzz_dir, fuzz_remove, 16, FTW_DEPTH | FTW_PHYS);
	g_free(fuzz_dir);
	fuzz_dir = NULL;
}

/*
 * Set up once: GMime, quiet logs, and a scratch directory for HOME and the
 * XDG directories, so nothing outside it is read or written.  Returns that
 * directory.
 */
const char *
fuzz_init(void)
{
	static const char	*vars[] = { "XDG_CONFIG_HOME",
	    "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", NULL };
	char			*path;
	int			 i;

	if (fuzz_dir != NULL)
		return (fuzz_dir);
	fuzz_dir = g_dir_make_tmp("doorstop-fuzz.XXXXXX", NULL);
	if (fuzz_dir == NULL)
		abort();
	atexit(fuzz_cleanup);
	g_setenv("HOME", fuzz_dir, TRUE);
	for (i = 0; vars[i] != NULL; i++) {
		path = g_build_filename(fuzz_dir, vars[i], NULL);
		g_setenv(vars[i], path, TRUE);
		g_free(path);
	}
	g_unsetenv("DOORSTOP_DISABLE");
	log_verbosity = -1;
	message_init();
	return (fuzz_dir);
}

/* The input as a string: a new copy, NUL-terminated. */
char *
fuzz_string(const uint8_t *data, size_t size)
{
	return (g_strndup((const char *)data, size));
}

/*
 * Write the input to name in the scratch directory; its new path.  Plain
 * stdio: g_file_set_contents() syncs, which would slow fuzzing tenfold.
 */
char *
fuzz_write(const char *name, const uint8_t *data, size_t size)
{
	FILE	*f;
	char	*path;

	path = g_build_filename(fuzz_init(), name, NULL);
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	return (path);
}

/*
 * The length of the input's first part, up to sep (or all of it); *next is
 * where the rest starts, past sep, or size if there is none.
 */
gsize
fuzz_split(const uint8_t *data, size_t size, char sep, size_t *next)
{
	const uint8_t	*p;

	p = memchr(data, sep, size);
	*next = p != NULL ? (size_t)(p - data) + 1 : size;
	return (p != NULL ? (gsize)(p - data) : size);
}
