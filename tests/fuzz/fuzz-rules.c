/*
 * fuzz-rules.c: the rule-file parser.  The input up to a NUL byte is a
 * system rule file, the rest a user's that may redefine its rules.  A set
 * that loads is saved to the rules cache, read back from it, and run on a
 * message made of its own examples; the input is also parsed as one meta
 * expression.
 */

#include <sys/stat.h>

#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"

static struct config	*cf;

static void
rules_setup(void)
{
	const char	*dir;

	dir = fuzz_init();
	if ((cf = config_load(NULL, NULL)) == NULL)
		abort();
	g_free(cf->rules_dir);
	g_free(cf->user_rules_dir);
	cf->rules_dir = g_build_filename(dir, "system", NULL);
	cf->user_rules_dir = g_build_filename(dir, "user", NULL);
	if (mkdir(cf->rules_dir, 0700) != 0 ||
	    mkdir(cf->user_rules_dir, 0700) != 0)
		abort();
}

/* Match rs against a message of every example it has, text and header. */
static void
rules_match(struct ruleset *rs)
{
	struct message	*m;
	struct verdict	*v;
	struct rule	*r;
	GString		*text;
	guint		 i, j;

	text = g_string_new(NULL);
	for (i = 0; i < rs->rules->len; i++) {
		r = rs->rules->pdata[i];
		for (j = 0; j < r->examples->len; j++)
			g_string_append_printf(text, "%s\n\n",
			    (char *)r->examples->pdata[j]);
	}
	m = message_from_text(text->str);
	message_add_header(m, "Subject", text->str);
	v = verdict_new(rs, m, cf->threshold);
	g_free(verdict_summary(v));
	verdict_free(v);
	message_free(m);
	g_string_free(text, TRUE);
}

/* Load the files, from them and then from the cache they were saved to. */
static void
rules_load(void)
{
	struct ruleset	*rs, *cached;
	char		*cache;

	cache = cache_path(cf);
	unlink(cache);
	if ((rs = ruleset_load(cf, RULES_CACHE, NULL)) != NULL) {
		rules_match(rs);
		cached = ruleset_load(cf, RULES_CACHE, NULL);
		if (cached == NULL || cached->rules->len != rs->rules->len)
			abort();	/* the cache lost rules */
		rules_match(cached);
		ruleset_free(cached);
	}
	ruleset_free(rs);
	g_free(cache);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		 next;
	gsize		 len;
	char		*s;

	if (cf == NULL)
		rules_setup();
	len = fuzz_split(data, size, '\0', &next);
	g_free(fuzz_write("system/fuzz.rules", data, len));
	g_free(fuzz_write("user/fuzz.rules", data + next, size - next));
	rules_load();
	s = fuzz_string(data, len);
	meta_free(meta_parse(s, NULL));
	g_free(s);
	return (0);
}
