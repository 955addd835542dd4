/*
 * fuzz-template.c: reply templates.  The input up to a NUL byte is the
 * template's text; the NUL-separated strings after it are the values of
 * the names, in order, as hostile as a captured org or a From name can be.
 * Every part is rendered and wrapped.
 */

#include "fuzz.h"

static const char *const names[] = {
	"name", "first_name", "org", "role", "req", "subject", "my_name",
	"my_first_name", "offer", "feedback", "important", "date", NULL
};

/* Parts for the input's template to inherit when it has none. */
static const char parent[] =
    ":next Follow up with {{name|them}}\n"
    ":call Call {{first_name}}{{#org}} at {{org}}{{/org}}\n"
    ":wrote On {{date}}, {{name}} wrote:\n"
    ":noto No address for {{name|the sender}}\n"
    "Dear {{first_name|Sir or Madam}},\n";

static GHashTable *
template_vars(const uint8_t *data, size_t size)
{
	GHashTable	*vars;
	size_t		 next;
	gsize		 len;
	int		 i;

	vars = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	for (i = 0; names[i] != NULL && size > 0; i++) {
		len = fuzz_split(data, size, '\0', &next);
		g_hash_table_insert(vars, (char *)names[i],
		    fuzz_string(data, len));
		data += next;
		size -= next;
	}
	return (vars);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct template	*t, *from;
	GHashTable	*vars;
	size_t		 next;
	char		*text, *out, *wrapped;
	int		 part;

	fuzz_init();
	text = fuzz_string(data, fuzz_split(data, size, '\0', &next));
	t = template_parse(text, "fuzz", NULL);
	g_free(text);
	if (t == NULL)
		return (0);
	from = template_parse(parent, "parent", NULL);
	template_inherit(t, from);
	template_free(from);
	vars = template_vars(data + next, size - next);
	for (part = 0; part < TEMPLATE_PARTS; part++) {
		if ((out = template_render(t, part, vars)) == NULL)
			continue;
		wrapped = template_wrap(out, 72);
		g_free(wrapped);
		wrapped = template_wrap(out, 1);
		g_free(wrapped);
		g_free(out);
	}
	g_hash_table_destroy(vars);
	template_free(t);
	return (0);
}
