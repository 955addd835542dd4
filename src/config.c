/*
 * config.c: the GKeyFile configuration.  Every key has a default, so doorstop
 * works with no file at all; unknown keys and bad values are errors that name
 * the file and line.
 */

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "doorstop.h"

enum key_type {
	KEY_BOOL,
	KEY_DOUBLE,
	KEY_SIZE,
	KEY_PATH,
};

static const struct key {
	const char	*group;
	const char	*name;
	enum key_type	 type;
	size_t		 offset;
} keys[] = {
	{ "doorstop", "enabled", KEY_BOOL, offsetof(struct config, enabled) },
	{ "doorstop", "log", KEY_PATH, offsetof(struct config, log) },
	{ "rules", "threshold", KEY_DOUBLE,
	    offsetof(struct config, threshold) },
	{ "rules", "system", KEY_PATH, offsetof(struct config, rules_dir) },
	{ "rules", "user", KEY_PATH, offsetof(struct config, user_rules_dir) },
	{ "rules", "max_text", KEY_SIZE, offsetof(struct config, max_text) },
};

static const struct key *
config_find_key(const char *group, const char *name)
{
	gsize	i;

	for (i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (strcmp(keys[i].group, group) == 0 &&
		    strcmp(keys[i].name, name) == 0)
			return (&keys[i]);
	}
	return (NULL);
}

/* The line of key in group in the file's text, for messages; 0 if unknown. */
static guint
config_line(const char *text, const char *group, const char *key)
{
	char	**lines, *s, *header;
	guint	  i, found = 0;
	gboolean  in = FALSE;
	gsize	  n = strlen(key);

	header = g_strdup_printf("[%s]", group);
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL && found == 0; i++) {
		s = g_strstrip(lines[i]);
		if (*s == '[')
			in = (strcmp(s, header) == 0);
		else if (in && strncmp(s, key, n) == 0 &&
		    (s[n] == '=' || s[n] == ' ' || s[n] == '\t'))
			found = i + 1;
	}
	g_strfreev(lines);
	g_free(header);
	return (found);
}

/* Expand a leading ~/ to the home directory. */
static char *
config_path(const char *value)
{
	if (strncmp(value, "~/", 2) == 0)
		return (g_build_filename(g_get_home_dir(), value + 2, NULL));
	return (g_strdup(value));
}

static gboolean
config_bool(const char *value, gboolean *b)
{
	if (g_ascii_strcasecmp(value, "true") == 0 ||
	    g_ascii_strcasecmp(value, "yes") == 0 || strcmp(value, "1") == 0)
		*b = TRUE;
	else if (g_ascii_strcasecmp(value, "false") == 0 ||
	    g_ascii_strcasecmp(value, "no") == 0 || strcmp(value, "0") == 0)
		*b = FALSE;
	else
		return (FALSE);
	return (TRUE);
}

static gboolean
config_number(const char *value, double *d)
{
	char	*end;

	errno = 0;
	*d = g_ascii_strtod(value, &end);
	return (errno == 0 && end != value && *end == '\0' && *d >= 0);
}

static int
config_set(struct config *cf, const struct key *k, const char *value,
    GError **error)
{
	void	*p = (char *)cf + k->offset;
	double	 d;

	switch (k->type) {
	case KEY_BOOL:
		if (!config_bool(value, p))
			goto bad;
		break;
	case KEY_DOUBLE:
		if (!config_number(value, p))
			goto bad;
		break;
	case KEY_SIZE:
		if (!config_number(value, &d) || d < 1024 ||
		    d > 64 * 1024 * 1024)
			goto bad;
		*(gsize *)p = (gsize)d;
		break;
	case KEY_PATH:
		if (*value == '\0')
			goto bad;
		g_free(*(char **)p);
		*(char **)p = config_path(value);
		break;
	}
	return (0);
bad:
	g_set_error(error, DOORSTOP_ERROR, EX_CONFIG,
	    "bad value '%s' for %s", value, k->name);
	return (-1);
}

/* Check every key of every group and apply it to cf. */
static int
config_apply(struct config *cf, GKeyFile *kf, const char *text,
    GError **error)
{
	char		**groups, **names = NULL, *value;
	const struct key *k;
	GError		 *e = NULL;
	gsize		  i, j;
	int		  retval = -1;

	groups = g_key_file_get_groups(kf, NULL);
	for (i = 0; groups[i] != NULL; i++) {
		g_strfreev(names);
		names = g_key_file_get_keys(kf, groups[i], NULL, NULL);
		for (j = 0; names != NULL && names[j] != NULL; j++) {
			k = config_find_key(groups[i], names[j]);
			if (k == NULL) {
				g_set_error(&e, DOORSTOP_ERROR, EX_CONFIG,
				    "unknown key '%s' in [%s]", names[j],
				    groups[i]);
				goto fail;
			}
			value = g_key_file_get_value(kf, groups[i], names[j],
			    NULL);
			g_strstrip(value);
			if (config_set(cf, k, value, &e) != 0) {
				g_free(value);
				goto fail;
			}
			g_free(value);
		}
	}
	retval = 0;
	goto out;
fail:
	g_set_error(error, DOORSTOP_ERROR, EX_CONFIG, "%s:%u: %s", cf->path,
	    config_line(text, groups[i], names[j]), e->message);
	g_error_free(e);
out:
	g_strfreev(names);
	g_strfreev(groups);
	return (retval);
}

static struct config *
config_defaults(void)
{
	struct config	*cf;

	cf = g_new0(struct config, 1);
	cf->enabled = TRUE;
	cf->threshold = DOORSTOP_THRESHOLD;
	cf->max_text = DOORSTOP_MAX_TEXT;
	cf->rules_dir = g_strdup(DOORSTOP_RULESDIR);
	cf->user_rules_dir = g_build_filename(g_get_user_config_dir(),
	    "doorstop", "rules", NULL);
	return (cf);
}

/*
 * Load the config from path, or from the default place when path is NULL (a
 * missing default file is no error).  Returns a new config the caller frees.
 */
struct config *
config_load(const char *path, GError **error)
{
	struct config	*cf;
	GKeyFile	*kf = NULL;
	char		*text = NULL, *dflt = NULL;
	gsize		 len;
	GError		*e = NULL;

	cf = config_defaults();
	if (path == NULL) {
		dflt = g_build_filename(g_get_user_config_dir(), "doorstop",
		    "config", NULL);
		if (!g_file_test(dflt, G_FILE_TEST_EXISTS))
			goto out;
		path = dflt;
	}
	cf->path = g_strdup(path);
	if (!g_file_get_contents(path, &text, &len, &e)) {
		g_set_error(error, DOORSTOP_ERROR, EX_CONFIG, "%s", e->message);
		goto fail;
	}
	kf = g_key_file_new();
	if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &e)) {
		g_set_error(error, DOORSTOP_ERROR, EX_CONFIG, "%s: %s", path,
		    e->message);
		goto fail;
	}
	if (config_apply(cf, kf, text, error) != 0)
		goto fail;
	goto out;
fail:
	config_free(cf);
	cf = NULL;
out:
	g_clear_error(&e);
	if (kf != NULL)
		g_key_file_free(kf);
	g_free(text);
	g_free(dflt);
	return (cf);
}

void
config_free(struct config *cf)
{
	if (cf == NULL)
		return;
	g_free(cf->path);
	g_free(cf->log);
	g_free(cf->rules_dir);
	g_free(cf->user_rules_dir);
	g_free(cf);
}
