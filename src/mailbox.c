/*
 * mailbox.c: the messages of an input.  A Maildir means its new/ and cur/, a
 * plain directory every file in it, a file that starts with "From " an mbox
 * (read as a stream: one message in memory at a time), any other file one
 * message.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "doorstop.h"

void
item_clear(struct item *it)
{
	g_free(it->path);
	g_free(it->data);
	memset(it, 0, sizeof *it);
}

static int
mailbox_emit(const char *path, GString *data, mailbox_cb cb, void *arg,
    GError **error)
{
	struct item	it;
	int		rc;

	it.path = g_strdup(path);
	it.size = data->len;
	it.data = g_string_free(data, FALSE);
	rc = cb(&it, arg, error);
	item_clear(&it);
	return (rc);
}

/*
 * Split an mbox at "From " lines that start the file or follow an empty
 * line.  Messages are named FILE:N, or FILE when there is only one.
 */
static int
mailbox_mbox(const char *path, FILE *f, mailbox_cb cb, void *arg,
    GError **error)
{
	GString	*msg = g_string_new(NULL);
	char	*line = NULL, *name;
	size_t	 cap = 0;
	ssize_t	 n;
	guint	 count = 0;
	gboolean blank = TRUE;
	int	 rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
		if (blank && n > 5 && strncmp(line, "From ", 5) == 0 &&
		    msg->len > 0) {
			name = g_strdup_printf("%s:%u", path, ++count);
			rc = mailbox_emit(name, msg, cb, arg, error);
			g_free(name);
			msg = g_string_new(NULL);
		}
		g_string_append_len(msg, line, n);
		blank = (line[0] == '\n' || (line[0] == '\r' && n <= 2));
	}
	if (rc == 0 && ferror(f)) {
		g_set_error(error, DOORSTOP_ERROR, EX_IOERR, "%s: %s", path,
		    g_strerror(errno));
		rc = -1;
	}
	if (rc == 0) {
		name = (count == 0) ? g_strdup(path) :
		    g_strdup_printf("%s:%u", path, count + 1);
		rc = mailbox_emit(name, msg, cb, arg, error);
		g_free(name);
	} else
		g_string_free(msg, TRUE);
	free(line);
	return (rc);
}

/* One file: an mbox if it starts with "From ", else one message. */
static int
mailbox_file(const char *path, mailbox_cb cb, void *arg, GError **error)
{
	FILE	*f;
	GString	*data;
	char	 buf[65536];
	size_t	 n;
	int	 rc, c;

	if ((f = fopen(path, "rb")) == NULL) {
		g_set_error(error, DOORSTOP_ERROR, EX_NOINPUT, "%s: %s", path,
		    g_strerror(errno));
		return (-1);
	}
	n = fread(buf, 1, 5, f);
	rewind(f);
	if (n == 5 && memcmp(buf, "From ", 5) == 0) {
		rc = mailbox_mbox(path, f, cb, arg, error);
		fclose(f);
		return (rc);
	}
	data = g_string_new(NULL);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		g_string_append_len(data, buf, n);
	c = ferror(f);
	fclose(f);
	if (c) {
		g_set_error(error, DOORSTOP_ERROR, EX_IOERR, "%s: read error",
		    path);
		g_string_free(data, TRUE);
		return (-1);
	}
	return (mailbox_emit(path, data, cb, arg, error));
}

static gint
mailbox_compare(gconstpointer a, gconstpointer b)
{
	return (strcmp(*(char * const *)a, *(char * const *)b));
}

/* The regular files of dir (not hidden), sorted; NULL if unreadable. */
static GPtrArray *
mailbox_list(const char *dir, GError **error)
{
	GPtrArray	*files;
	GDir		*d;
	const char	*name;
	char		*path;

	if ((d = g_dir_open(dir, 0, error)) == NULL)
		return (NULL);
	files = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(d)) != NULL) {
		path = g_build_filename(dir, name, NULL);
		if (*name != '.' && g_file_test(path, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(files, path);
		else
			g_free(path);
	}
	g_dir_close(d);
	g_ptr_array_sort(files, mailbox_compare);
	return (files);
}

/* Every file of dir; read failures are counted in *failed, not fatal. */
static int
mailbox_dir(const char *dir, mailbox_cb cb, void *arg, guint *failed,
    GError **error)
{
	GPtrArray	*files;
	GError		*e = NULL;
	guint		 i;
	int		 rc = 0;

	if ((files = mailbox_list(dir, &e)) == NULL) {
		g_set_error(error, DOORSTOP_ERROR, EX_NOINPUT, "%s",
		    e->message);
		g_error_free(e);
		return (-1);
	}
	for (i = 0; i < files->len && rc == 0; i++) {
		if (mailbox_file(files->pdata[i], cb, arg, &e) == 0)
			continue;
		if (e->domain == DOORSTOP_ERROR && (e->code == EX_NOINPUT ||
		    e->code == EX_IOERR)) {
			log_warn("%s", e->message);
			(*failed)++;
			g_clear_error(&e);
		} else {
			g_propagate_error(error, e);
			e = NULL;
			rc = -1;
		}
	}
	g_ptr_array_free(files, TRUE);
	return (rc);
}

static gboolean
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

/* Read all of standard input into it (path "-"). */
int
mailbox_read_stdin(struct item *it, GError **error)
{
	GString	*data;
	char	 buf[65536];
	size_t	 n;

	data = g_string_new(NULL);
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
		g_string_append_len(data, buf, n);
	if (ferror(stdin)) {
		g_set_error(error, DOORSTOP_ERROR, EX_TEMPFAIL,
		    "cannot read standard input: %s", g_strerror(errno));
		g_string_free(data, TRUE);
		return (-1);
	}
	it->path = g_strdup("-");
	it->size = data->len;
	it->data = g_string_free(data, FALSE);
	return (0);
}
