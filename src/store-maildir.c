/*
 * store-maildir.c: a draft delivered into a Maildir the way notmuch and
 * mu4e expect one: written in tmp/, renamed into cur/ with the info ":2,DS"
 * (Draft, Seen), which Dovecot and mbsync map to IMAP \Draft.  mutt and
 * neomutt tell that postponed mail changed by the time of new/, so that is
 * touched too.  New mail (the report's digest) goes into new/, unread.
 */

#include <sys/stat.h>

#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "doorstop.h"

/* The host name with "/" and ":" escaped, as Maildir names want. */
static char *
store_maildir_host(void)
{
	GString		*s;
	const char	*p;

	s = g_string_new(NULL);
	for (p = g_get_host_name(); *p != '\0'; p++) {
		if (*p == '/')
			g_string_append(s, "\\057");
		else if (*p == ':')
			g_string_append(s, "\\072");
		else
			g_string_append_c(s, *p);
	}
	return (g_string_free(s, FALSE));
}

/* The path of a message in dir/sub whose name has ".tag.", or NULL. */
static char *
store_maildir_find(const char *dir, const char *sub, const char *tag)
{
	GDir		*d;
	const char	*name;
	char		*path, *needle, *found = NULL;

	path = g_build_filename(dir, sub, NULL);
	needle = g_strdup_printf(".%s.", tag);
	if ((d = g_dir_open(path, 0, NULL)) != NULL) {
		while (found == NULL && (name = g_dir_read_name(d)) != NULL) {
			if (strstr(name, needle) != NULL)
				found = g_build_filename(path, name, NULL);
		}
		g_dir_close(d);
	}
	g_free(needle);
	g_free(path);
	return (found);
}

/*
 * Whether the Maildir dir still holds the message stored with tag, in
 * new/ or cur/ whatever its flags: 1 yes, 0 no, -1 when dir is not a
 * Maildir (gone, or not mounted), so nothing can be said.
 */
int
store_maildir_holds(const char *dir, const char *tag)
{
	char	*path;

	if (!mailbox_is_maildir(dir))
		return (-1);
	if ((path = store_maildir_find(dir, "cur", tag)) == NULL)
		path = store_maildir_find(dir, "new", tag);
	g_free(path);
	return (path != NULL);
}

static int
store_maildir_create(const char *dir, GError **error)
{
	static const char	*subs[] = { "tmp", "new", "cur" };
	char			*path;
	gsize			 i;
	int			 rc = 0;

	if (file_check_owner(dir, error) != 0)
		return (-1);
	for (i = 0; rc == 0 && i < G_N_ELEMENTS(subs); i++) {
		path = g_build_filename(dir, subs[i], NULL);
		if ((rc = file_check_owner(path, error)) == 0)
			rc = file_mkdirs(path, error);
		g_free(path);
	}
	return (rc);
}

/*
 * Set the time of dir/new to now: mutt counts postponed messages again,
 * and asks "Recall postponed message?", only when it changes.  Best effort.
 */
static void
store_maildir_touch(const char *dir)
{
	char	*new;

	new = g_build_filename(dir, "new", NULL);
	utimensat(AT_FDCWD, new, NULL, 0);
	g_free(new);
}

/*
 * Write text into dir/sub, under a name with tag and, in cur/, the info.
 * Returns 0 with *path set, or 1 with *path set to the message with tag
 * found in cur/ or new/, or -1 with error set.
 */
static int
store_maildir_write(const char *dir, const char *sub, const char *text,
    const char *tag, char **path, GError **error)
{
	char	*host, *name, *tmp, *final;
	int	 rc;

	if ((*path = store_maildir_find(dir, "cur", tag)) != NULL ||
	    (*path = store_maildir_find(dir, "new", tag)) != NULL)
		return (1);
	if (store_maildir_create(dir, error) != 0)
		return (-1);
	host = store_maildir_host();
	name = g_strdup_printf("%lld.%s.%s", (long long)time(NULL), tag, host);
	tmp = g_strdup_printf("%s/tmp/%s.%ld", dir, name, (long)getpid());
	final = g_strdup_printf("%s/%s/%s%s", dir, sub, name,
	    strcmp(sub, "cur") == 0 ? ":2,DS" : "");
	rc = file_put(tmp, final, text, strlen(text), error);
	if (rc == 0)
		*path = final;
	else
		g_free(final);
	g_free(tmp);
	g_free(name);
	g_free(host);
	return (rc);
}

/*
 * Deliver text into the Maildir dir (created if missing) as a draft.  tag
 * names this draft uniquely; if a message with it is already in cur/ or
 * new/ (left by a run that died before recording it), it is kept and its
 * path returned.  The file in tmp/ has our process ID after the name, so
 * that one left by a run killed in the same second is in no one's way.
 * Returns 0 with *path set to the draft written, 1 with *path set to the
 * one found, or -1 with error set.
 */
int
store_maildir_put(const char *dir, const char *text, const char *tag,
    char **path, GError **error)
{
	int	rc;

	if ((rc = store_maildir_write(dir, "cur", text, tag, path,
	    error)) == 0)
		store_maildir_touch(dir);
	return (rc);
}

/*
 * Deliver text into the Maildir dir (created if missing) as new mail, in
 * new/, unless a message with tag is there already; returns as
 * store_maildir_put does.
 */
int
store_maildir_deliver(const char *dir, const char *text, const char *tag,
    char **path, GError **error)
{
	return (store_maildir_write(dir, "new", text, tag, path, error));
}
