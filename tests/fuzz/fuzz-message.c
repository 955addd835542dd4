/*
 * fuzz-message.c: a message as doorstop reads it: parsed, normalized,
 * matched against the shipped rules (the directory in DOORSTOP_RULES) and
 * summed up as filter's header says it; then gated, a reply drafted for
 * it as "draft --dry-run" would, which writes nothing, and what ties it to
 * rejections answered before taken out, as theirs and as the user's.
 */

#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

static struct config	*cf;
static struct ruleset	*rs;

static void
message_setup(void)
{
	GError		*e = NULL;
	const char	*rules = g_getenv("DOORSTOP_RULES");

	fuzz_init();
	if (rules == NULL || (cf = config_load(NULL, &e)) == NULL)
		goto fail;
	g_free(cf->rules_dir);
	cf->rules_dir = g_strdup(rules);
	cf->name = g_strdup("Sam Taylor");
	cf->address = g_strdup("sam@example.net");
	cf->dry_run = TRUE;
	if ((rs = ruleset_load(cf, RULES_JIT, &e)) != NULL)
		return;
fail:
	fprintf(stderr, "fuzz-message: %s\n", e != NULL ? e->message :
	    "set DOORSTOP_RULES to the rules directory");
	abort();
}

/* Draft a reply to m, whatever the verdict, as "draft --dry-run". */
static void
message_reply(const struct message *m, const struct verdict *v)
{
	struct outcome	 out;
	GError		*e = NULL;

	if (reply_run(cf, m, v, NULL, REPLY_FORCE, &out, &e) != 0)
		g_clear_error(&e);
	outcome_clear(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct message	*m;
	struct verdict	*v;
	char		*summary;

	if (rs == NULL)
		message_setup();
	v = verdict_read(rs, cf, (const char *)data, size, &m, NULL);
	if (v == NULL)
		return (0);
	summary = verdict_summary(v);
	g_free(summary);
	gate_skip(cf, m);
	message_reply(m, v);
	later_free(later_new(cf, m, v, FALSE));
	later_free(later_new(cf, m, NULL, TRUE));
	verdict_free(v);
	message_free(m);
	return (0);
}
