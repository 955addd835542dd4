/*
 * template.c: reply templates.  A template is the body of a reply with
 * {{name}}, {{name|fallback}}, {{#name}}...{{/name}} and {{^name}}...
 * {{/name}}, plus ":next" and ":call" lines for the reminder and "#"
 * comments.  Values are inserted as text and never expanded again; a
 * paragraph with a placeholder that has no value and no fallback is left
 * out, so no draft ever shows a hole or a "{{".
 */

#include <string.h>

#include "doorstop.h"

#define TEMPLATE_HOLE	'\001'	/* marks a paragraph to drop */
#define TEMPLATE_GONE	'\002'	/* marks text left out: a line of only
				   these goes, with its line end */
#define TEMPLATE_DEPTH	16

struct template {
	char	*name;
	char	*part[TEMPLATE_PARTS];	/* NULL if none */
};

static const char *const template_names[] = {
	"name", "first_name", "org", "role", "req", "subject", "my_name",
	"my_first_name", "offer", "feedback", "important", "date", NULL
};

/* The ":word " that starts each part's line, in enum template_part. */
static const char *const template_parts[TEMPLATE_PARTS] = {
	NULL, ":next ", ":call ", ":wrote ", ":noto "
};

static guint
template_line(const char *text, const char *at)
{
	guint	n = 1;

	for (; text < at; text++)
		n += (*text == '\n');
	return (n);
}

/* The kind of a tag ('#', '^', '/' or 0 for a value) and its name. */
static char *
template_tag_name(const char *tag, char *kind)
{
	*kind = (*tag != '\0' && strchr("#^/", *tag) != NULL) ? *tag : 0;
	if (*kind != 0)
		return (g_strdup(tag + 1));
	return (g_strndup(tag, strcspn(tag, "|")));
}

/* Check the tags of text; line numbers count from first. */
static gboolean
template_check(const char *name, guint first, const char *text,
    GError **error)
{
	const char	*p = text, *open = text, *close, *why = NULL;
	const char	*opened[TEMPLATE_DEPTH];
	char		*tag = NULL, *word = NULL, *stack[TEMPLATE_DEPTH], kind;
	int		 depth = 0;

	while (why == NULL && (open = strstr(p, "{{")) != NULL) {
		close = strstr(open + 2, "}}");
		if (close == NULL || memchr(open, '\n', close - open) != NULL) {
			why = "unclosed {{";
			g_clear_pointer(&tag, g_free);
			break;
		}
		g_free(tag);
		g_free(word);
		tag = g_strndup(open + 2, close - open - 2);
		word = template_tag_name(tag, &kind);
		if (strstr(tag, "{{") != NULL)
			why = "{{ inside a tag";
		else if (!g_strv_contains(template_names, word))
			why = "unknown name";
		else if (kind == '/' && (depth == 0 ||
		    strcmp(stack[depth - 1], word) != 0))
			why = "this does not close the open section";
		else if (kind == '/')
			g_free(stack[--depth]);
		else if (kind != 0 && depth == TEMPLATE_DEPTH)
			why = "sections nested too deep";
		else if (kind != 0) {
			opened[depth] = open;
			stack[depth++] = g_strdup(word);
		}
		p = close + 2;
	}
	if (why == NULL && depth > 0) {
		why = "section not closed";
		open = opened[depth - 1];
		g_free(tag);
		tag = g_strdup_printf("#%s", stack[depth - 1]);
	}
	if (why != NULL)
		g_set_error(error, DOORSTOP_ERROR, EX_DATAERR,
		    "%s:%u: %s%s%s%s", name, first + template_line(text,
		    open != NULL ? open : p) - 1, why, tag != NULL ? ": {{" : "",
		    tag != NULL ? tag : "", tag != NULL ? "}}" : "");
	while (depth > 0)
		g_free(stack[--depth]);
	g_free(word);
	g_free(tag);
	return (why == NULL);
}

/* The line of the first byte of text that is not UTF-8, or 0. */
static guint
template_bad_utf8(const char *text)
{
	const char	*end;

	if (g_utf8_validate(text, -1, &end))
		return (0);
	return (template_line(text, end));
}

/*
 * Parse template text; name is used in messages.  Comment and ":" lines
 * stay in the body as lines to drop, so that line numbers hold.  Returns a
 * new template, or NULL with error set ("name:line: ...").
 */
struct template *
template_parse(const char *text, const char *name, GError **error)
{
	struct template	*t;
	GString		*body;
	char		**lines;
	guint		  i, bad, line[TEMPLATE_PARTS] = { 1 };
	int		  part;

	if ((bad = template_bad_utf8(text)) != 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_DATAERR,
		    "%s:%u: not UTF-8", name, bad);
		return (NULL);
	}
	t = g_new0(struct template, 1);
	t->name = g_strdup(name);
	body = g_string_new(NULL);
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		g_strdelimit(lines[i], "\r", ' ');	/* CR LF files */
		for (part = TEMPLATE_PARTS - 1; part > TEMPLATE_BODY; part--) {
			if (g_str_has_prefix(lines[i], template_parts[part]))
				break;
		}
		if (part != TEMPLATE_BODY) {
			g_free(t->part[part]);
			t->part[part] = g_strdup(g_strstrip(lines[i] +
			    strlen(template_parts[part])));
			line[part] = i + 1;
		}
		if (part != TEMPLATE_BODY || *lines[i] == '#')
			g_string_append_printf(body, "%c\n", TEMPLATE_GONE);
		else
			g_string_append_printf(body, "%s\n", lines[i]);
	}
	g_strfreev(lines);
	t->part[TEMPLATE_BODY] = g_string_free(body, FALSE);
	for (part = 0; part < TEMPLATE_PARTS; part++) {
		if (t->part[part] != NULL && !template_check(name, line[part],
		    t->part[part], error)) {
			template_free(t);
			return (NULL);
		}
	}
	return (t);
}

/* Give t the parts it lacks that from has (not the body). */
void
template_inherit(struct template *t, const struct template *from)
{
	int	part;

	for (part = TEMPLATE_BODY + 1; part < TEMPLATE_PARTS; part++) {
		if (t->part[part] == NULL && from->part[part] != NULL)
			t->part[part] = g_strdup(from->part[part]);
	}
}

/* Read and parse the template in file path. */
struct template *
template_load(const char *path, GError **error)
{
	struct template	*t;
	char		*text;

	if (!g_file_get_contents(path, &text, NULL, error))
		return (NULL);
	t = template_parse(text, path, error);
	g_free(text);
	return (t);
}

void
template_free(struct template *t)
{
	int	i;

	if (t == NULL)
		return;
	for (i = 0; i < TEMPLATE_PARTS; i++)
		g_free(t->part[i]);
	g_free(t->name);
	g_free(t);
}

static const char *
template_value(GHashTable *vars, const char *name)
{
	const char	*v = g_hash_table_lookup(vars, name);

	return (v != NULL && *v != '\0' ? v : NULL);
}

/*
 * A value as inserted: one line of UTF-8 (a bad byte becomes U+FFFD, as
 * template_wrap() reads characters), control characters as spaces.
 */
static void
template_append_value(GString *out, const char *v)
{
	char	*valid;
	gsize	 i;

	valid = g_utf8_make_valid(v, -1);
	for (i = 0; valid[i] != '\0'; i++)
		g_string_append_c(out, (guchar)valid[i] < 0x20 ? ' ' :
		    valid[i]);
	g_free(valid);
}

/* Render from p to the end of the section open (or of the text). */
static const char *
template_run(const char *p, GHashTable *vars, gboolean emit, GString *out)
{
	const char	*open, *close, *v;
	char		*tag, *bar;
	gboolean	 on;

	while ((open = strstr(p, "{{")) != NULL) {
		if (emit)
			g_string_append_len(out, p, open - p);
		close = strstr(open + 2, "}}");	/* checked by the parser */
		tag = g_strndup(open + 2, close - open - 2);
		p = close + 2;
		if (*tag == '/') {
			g_free(tag);
			return (p);
		}
		if (*tag == '#' || *tag == '^') {
			on = (template_value(vars, tag + 1) != NULL) ==
			    (*tag == '#');
			p = template_run(p, vars, emit && on, out);
			if (emit && !on)
				g_string_append_c(out, TEMPLATE_GONE);
		} else if (emit) {
			if ((bar = strchr(tag, '|')) != NULL)
				*bar++ = '\0';
			if ((v = template_value(vars, tag)) != NULL)
				template_append_value(out, v);
			else if (bar != NULL)
				g_string_append(out, bar);
			else
				g_string_append_c(out, TEMPLATE_HOLE);
		}
		g_free(tag);
	}
	if (emit)
		g_string_append(out, p);
	return (p + strlen(p));
}

/* One line tidied: its indentation, then its words one space apart. */
static void
template_tidy_line(GString *out, const char *line)
{
	const char	*p;
	gsize		 indent, len;

	indent = strspn(line, " ");
	g_string_append_len(out, line, indent);
	len = out->len;
	for (p = line + indent; *p != '\0'; p++) {
		if (*p == TEMPLATE_GONE || (*p == ' ' && (out->len == len ||
		    out->str[out->len - 1] == ' ')))
			continue;
		g_string_append_c(out, *p);
	}
	while (out->len > len && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
}

/* One paragraph tidied: lines left with only removed text go. */
static void
template_tidy(GString *out, const char *para)
{
	char	**lines;
	guint	  i;

	lines = g_strsplit(para, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		g_strchomp(lines[i]);
		if (lines[i][strspn(lines[i], " \t\002")] == '\0')
			continue;
		if (out->len > 0 && out->str[out->len - 1] != '\n')
			g_string_append_c(out, '\n');
		template_tidy_line(out, lines[i]);
	}
	g_strfreev(lines);
}

/*
 * Render part of t with vars (name -> value; a flag is set when its value
 * is not empty).  Returns the text, paragraphs separated by one blank line,
 * or NULL when nothing is left (or the template has no such part).
 */
char *
template_render(const struct template *t, int part, GHashTable *vars)
{
	GString	 *raw, *out, *para;
	char	**lines;
	guint	  i;

	if (t->part[part] == NULL)
		return (NULL);
	raw = g_string_new(NULL);
	template_run(t->part[part], vars, TRUE, raw);
	g_string_append(raw, "\n\n");
	out = g_string_new(NULL);
	para = g_string_new(NULL);
	lines = g_strsplit(raw->str, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		if (lines[i][strspn(lines[i], " \t")] != '\0' &&
		    lines[i][strspn(lines[i], " \t\002")] == '\0')
			continue;	/* a line of removed text: gone */
		if (lines[i][strspn(lines[i], " \t")] != '\0') {
			g_string_append_printf(para, "%s\n", lines[i]);
			continue;
		}
		if (para->len > 0 && strchr(para->str, TEMPLATE_HOLE) == NULL) {
			if (out->len > 0)
				g_string_append(out, "\n\n");
			template_tidy(out, para->str);
		}
		g_string_truncate(para, 0);
	}
	g_strfreev(lines);
	g_string_free(para, TRUE);
	g_string_free(raw, TRUE);
	while (out->len > 0 && g_ascii_isspace(out->str[out->len - 1]))
		g_string_truncate(out, out->len - 1);
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return (NULL);
	}
	return (g_string_free(out, FALSE));
}

/* Wrap the lines of text longer than width columns at spaces. */
char *
template_wrap(const char *text, guint width)
{
	GString		*out;
	const char	*p;
	gssize		 space = -1;
	glong		 col = 0;

	out = g_string_new(NULL);
	for (p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		if (*p == '\n') {
			g_string_append_c(out, '\n');
			col = 0;
			space = -1;
			continue;
		}
		if (*p == ' ')
			space = out->len;
		g_string_append_unichar(out, g_utf8_get_char(p));
		if (++col > (glong)width && space >= 0) {
			out->str[space] = '\n';
			col = g_utf8_strlen(out->str + space + 1, -1);
			space = -1;
		}
	}
	return (g_string_free(out, FALSE));
}
