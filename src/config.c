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
	KEY_STRING,
	KEY_ADDRESS,
	KEY_LIST,
	KEY_DAYS,
	KEY_ENUM,
};

/* The categories, and how many days after a rejection to follow up. */
const char *const categories[CATEGORY_COUNT + 1] = {
	"job", "sales", "bid", "grant", "cfp", "journal", "admissions",
	"investor", "agent", "partnership", NULL
};
static const int category_delays[CATEGORY_COUNT] = {
	90, 60, 90, 180, 180, 120, 300, 90, 180, 90
};

/* Enum values by index; "" is never a valid value. */
static const char *const reminder_kinds[] = {
	"", "todo", "event", "both", NULL
};
static const char *const drafts_formats[] = {
	"auto", "maildir", "mbox", NULL
};

#define CF(field)	offsetof(struct config, field)
#define DELAY(i)	{ "reminder", NULL, KEY_DAYS, CF(delay) + \
			    (i) * sizeof(int), NULL }

static const struct key {
	const char		*group;
	const char		*name;	/* NULL: a category's name */
	enum key_type		 type;
	size_t			 offset;
	const char *const	*values;	/* KEY_ENUM */
} keys[] = {
	{ "doorstop", "enabled", KEY_BOOL, CF(enabled), NULL },
	{ "doorstop", "log", KEY_PATH, CF(log), NULL },
	{ "doorstop", "state", KEY_PATH, CF(state), NULL },
	{ "identity", "name", KEY_STRING, CF(name), NULL },
	{ "identity", "address", KEY_ADDRESS, CF(address), NULL },
	{ "identity", "aliases", KEY_LIST, CF(aliases), NULL },
	{ "reply", "offer", KEY_STRING, CF(offer), NULL },
	{ "reply", "signature", KEY_STRING, CF(signature), NULL },
	{ "reply", "signature_file", KEY_PATH, CF(signature_file), NULL },
	{ "reply", "drafts", KEY_PATH, CF(drafts), NULL },
	{ "reply", "drafts_format", KEY_ENUM, CF(drafts_format),
	    drafts_formats },
	{ "reply", "feedback", KEY_BOOL, CF(feedback), NULL },
	{ "reply", "quote", KEY_BOOL, CF(quote), NULL },
	{ "reply", "important", KEY_LIST, CF(important), NULL },
	{ "reply", "category", KEY_ENUM, CF(category), categories },
	{ "reminder", "kind", KEY_ENUM, CF(reminder_kind), reminder_kinds },
	{ "reminder", "calendar", KEY_PATH, CF(calendar), NULL },
	DELAY(0), DELAY(1), DELAY(2), DELAY(3), DELAY(4),
	DELAY(5), DELAY(6), DELAY(7), DELAY(8), DELAY(9),
	{ "rules", "threshold", KEY_DOUBLE, CF(threshold), NULL },
	{ "rules", "system", KEY_PATH, CF(rules_dir), NULL },
	{ "rules", "user", KEY_PATH, CF(user_rules_dir), NULL },
	{ "rules", "max_text", KEY_SIZE, CF(max_text), NULL },
	{ "rules", "max_message", KEY_SIZE, CF(max_message), NULL },
};

/* The index of category c in categories, or -1. */
int
category_index(const char *c)
{
	int	i;

	for (i = 0; c != NULL && i < CATEGORY_COUNT; i++) {
		if (strcmp(categories[i], c) == 0)
			return (i);
	}
	return (-1);
}

/* The name of a key: a category's for the delays. */
static const char *
config_key_name(const struct key *k)
{
	if (k->name != NULL)
		return (k->name);
	return (categories[(k->offset - CF(delay)) / sizeof(int)]);
}

static const struct key *
config_find_key(const char *group, const char *name)
{
	gsize	i;

	for (i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (strcmp(keys[i].group, group) == 0 &&
		    strcmp(config_key_name(&keys[i]), name) == 0)
			return (&keys[i]);
	}
	return (NULL);
}

static gboolean
config_known_group(const char *group)
{
	gsize	i;

	for (i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (strcmp(keys[i].group, group) == 0)
			return (TRUE);
	}
	return (FALSE);
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

/* A list: words separated by commas, semicolons or spaces. */
static gboolean
config_list(const char *value, char ***list)
{
	char	**words;
	GPtrArray *a;
	guint	  i;

	words = g_strsplit_set(value, ",; \t", -1);
	a = g_ptr_array_new();
	for (i = 0; words[i] != NULL; i++) {
		if (*words[i] != '\0')
			g_ptr_array_add(a, g_ascii_strdown(words[i], -1));
	}
	g_strfreev(words);
	g_ptr_array_add(a, NULL);
	g_strfreev(*list);
	*list = (char **)g_ptr_array_free(a, FALSE);
	return (**list != NULL);
}

static gboolean
config_enum(const char *value, const struct key *k, void *p)
{
	int	i;

	for (i = 0; k->values[i] != NULL; i++) {
		if (*k->values[i] != '\0' && strcmp(k->values[i], value) == 0)
			break;
	}
	if (k->values[i] == NULL)
		return (FALSE);
	if (k->values == categories) {
		g_free(*(char **)p);
		*(char **)p = g_strdup(value);
	} else
		*(int *)p = i;
	return (TRUE);
}

static int
config_set(struct config *cf, const struct key *k, const char *value,
    GError **error)
{
	void	*p = (char *)cf + k->offset;
	double	 d;

	switch (k->type) {
	case KEY_STRING:
		g_free(*(char **)p);
		*(char **)p = g_strdup(value);
		break;
	case KEY_ADDRESS:
		if (!address_is_plain(value))
			goto bad;
		g_free(*(char **)p);
		*(char **)p = g_strdup(value);
		break;
	case KEY_LIST:
		if (!config_list(value, p))
			goto bad;
		break;
	case KEY_DAYS:
		if (!config_number(value, &d) || d < 1 || d > 3650 ||
		    d != (int)d)	/* (int) of a larger d is undefined */
			goto bad;
		*(int *)p = (int)d;
		break;
	case KEY_ENUM:
		if (!config_enum(value, k, p))
			goto bad;
		break;
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
		    d > DOORSTOP_MAX_READ)
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
	    "bad value '%s' for %s", value, config_key_name(k));
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
		if (!config_known_group(groups[i])) {
			g_set_error(error, DOORSTOP_ERROR, EX_CONFIG,
			    "%s: unknown group [%s]", cf->path, groups[i]);
			goto out;
		}
		for (j = 0; names != NULL && names[j] != NULL; j++) {
			k = config_find_key(groups[i], names[j]);
			if (k == NULL) {
				g_set_error(&e, DOORSTOP_ERROR, EX_CONFIG,
				    "unknown key '%s' in [%s]", names[j],
				    groups[i]);
				goto fail;
			}
			if (k->type == KEY_STRING)
				value = g_key_file_get_string(kf, groups[i],
				    names[j], &e);
			else
				value = g_key_file_get_value(kf, groups[i],
				    names[j], &e);
			if (value == NULL || e != NULL) {
				g_free(value);
				goto fail;
			}
			if (k->type != KEY_STRING)
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
	cf->state = g_build_filename(g_get_user_state_dir(), "doorstop",
	    "state.db", NULL);
	cf->drafts = g_build_filename(g_get_home_dir(), "Maildir", "Drafts",
	    NULL);
	cf->feedback = TRUE;
	cf->quote = TRUE;
	cf->category = g_strdup("job");
	cf->reminder_kind = REMINDER_TODO;
	cf->calendar = g_build_filename(g_get_user_data_dir(), "doorstop",
	    "calendar", NULL);
	memcpy(cf->delay, category_delays, sizeof cf->delay);
	cf->threshold = DOORSTOP_THRESHOLD;
	cf->max_text = DOORSTOP_MAX_TEXT;
	cf->max_message = DOORSTOP_MAX_MESSAGE;
	cf->rules_dir = g_strdup(DOORSTOP_RULESDIR);
	cf->user_rules_dir = g_build_filename(g_get_user_config_dir(),
	    "doorstop", "rules", NULL);
	return (cf);
}

/* Read signature_file into signature. */
static gboolean
config_signature(struct config *cf, GError **error)
{
	char	*text;
	GError	*e = NULL;

	if (!g_file_get_contents(cf->signature_file, &text, NULL, &e)) {
		g_set_error(error, DOORSTOP_ERROR, EX_CONFIG, "%s: %s",
		    cf->path, e->message);
		g_error_free(e);
		return (FALSE);
	}
	if (!g_utf8_validate(text, -1, NULL)) {
		g_set_error(error, DOORSTOP_ERROR, EX_CONFIG,
		    "%s: signature_file %s is not UTF-8", cf->path,
		    cf->signature_file);
		g_free(text);
		return (FALSE);
	}
	g_free(cf->signature);
	cf->signature = text;
	return (TRUE);
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
	if (cf->signature_file != NULL && !config_signature(cf, error))
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
	g_free(cf->state);
	g_free(cf->name);
	g_free(cf->address);
	g_strfreev(cf->aliases);
	g_free(cf->offer);
	g_free(cf->signature);
	g_free(cf->signature_file);
	g_free(cf->drafts);
	g_strfreev(cf->important);
	g_free(cf->category);
	g_free(cf->calendar);
	g_free(cf->rules_dir);
	g_free(cf->user_rules_dir);
	g_free(cf);
}

/* The domain of an address, or the address itself if it has no @. */
static const char *
config_domain(const char *addr)
{
	const char	*at = strrchr(addr, '@');

	return (at == NULL ? addr : at + 1);
}

/* Whether entry (an address, or a domain as "@d", ".d" or "d") has addr. */
static gboolean
config_entry_matches(const char *entry, const char *addr, gboolean subdomains)
{
	const char	*domain;
	gsize		 n, m;

	if (*entry != '@' && strchr(entry, '@') != NULL)
		return (g_ascii_strcasecmp(entry, addr) == 0);
	entry += (*entry == '@' || *entry == '.');
	domain = config_domain(addr);
	if (g_ascii_strcasecmp(entry, domain) == 0)
		return (TRUE);
	n = strlen(domain);
	m = strlen(entry);
	return (subdomains && n > m && domain[n - m - 1] == '.' &&
	    g_ascii_strcasecmp(domain + n - m, entry) == 0);
}

/* Whether addr is the user's: the identity's address or an alias. */
gboolean
config_is_mine(const struct config *cf, const char *addr)
{
	guint	i;

	if (addr == NULL)
		return (FALSE);
	if (cf->address != NULL && g_ascii_strcasecmp(cf->address, addr) == 0)
		return (TRUE);
	for (i = 0; cf->aliases != NULL && cf->aliases[i] != NULL; i++) {
		if (config_entry_matches(cf->aliases[i], addr, FALSE))
			return (TRUE);
	}
	return (FALSE);
}

/* Whether addr is an important lead: its address or domain is listed. */
gboolean
config_is_important(const struct config *cf, const char *addr)
{
	guint	i;

	for (i = 0; addr != NULL && cf->important != NULL &&
	    cf->important[i] != NULL; i++) {
		if (config_entry_matches(cf->important[i], addr, TRUE))
			return (TRUE);
	}
	return (FALSE);
}

/* Whether doorstop must do nothing: enabled = false or DOORSTOP_DISABLE. */
gboolean
config_disabled(const struct config *cf)
{
	const char	*env = g_getenv("DOORSTOP_DISABLE");

	return (!cf->enabled || (env != NULL && *env != '\0' &&
	    strcmp(env, "0") != 0));
}
