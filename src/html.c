/*
 * html.c: HTML rendered to plain text with libxml2's HTML parser.  Scripts,
 * styles and the head are dropped, block elements and <br> become line
 * breaks, entities are decoded, and <blockquote> comes out as "> " lines so
 * quoted replies are recognised like plain-text ones.
 */

#include <string.h>

#include <libxml/HTMLparser.h>

#include "doorstop.h"

/* Set libxml2 up once, before any thread parses with it. */
void
html_init(void)
{
	xmlInitParser();
}

static const char *html_skip[] = {
	"script", "style", "head", "title", "noscript", "template", "svg",
	"object", "iframe", NULL
};
static const char *html_para[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl",
	"hr", "pre", "address", "center", "form", "fieldset", "section",
	"article", "header", "footer", "figure", NULL
};
static const char *html_line[] = {
	"div", "li", "tr", "dt", "dd", "caption", "main", "nav", NULL
};

static gboolean
html_is(const xmlNode *n, const char **names)
{
	for (; *names != NULL; names++) {
		if (g_ascii_strcasecmp((const char *)n->name, *names) == 0)
			return (TRUE);
	}
	return (FALSE);
}

/* End the current line with n newlines in all (unless already there). */
static void
html_break(GString *out, int n)
{
	int	have = 0;
	gsize	i;

	while (out->len > 0 && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	for (i = out->len; i > 0 && out->str[i - 1] == '\n'; i--)
		have++;
	if (out->len == 0)
		return;
	for (; have < n; have++)
		g_string_append_c(out, '\n');
}

/* Append text with HTML white space folded (kept as is inside <pre>). */
static void
html_text(GString *out, const char *s, gboolean pre)
{
	gboolean	space;

	if (pre) {
		g_string_append(out, s);
		return;
	}
	space = (out->len == 0 || out->str[out->len - 1] == ' ' ||
	    out->str[out->len - 1] == '\n');
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\f') {
			if (!space)
				g_string_append_c(out, ' ');
			space = TRUE;
		} else {
			g_string_append_c(out, *s);
			space = FALSE;
		}
	}
}

/* Drop trailing newlines and spaces. */
static void
html_trim(GString *out)
{
	while (out->len > 0 && (out->str[out->len - 1] == '\n' ||
	    out->str[out->len - 1] == ' '))
		g_string_truncate(out, out->len - 1);
}

static void	html_walk(xmlNode *, GString *, gboolean);

/* Render a blockquote's children, then add them as "> " lines. */
static void
html_quote(xmlNode *n, GString *out, gboolean pre)
{
	GString	 *inner;
	char	**lines;
	int	  i;

	inner = g_string_new(NULL);
	html_walk(n->children, inner, pre);
	html_trim(inner);
	html_break(out, 2);
	lines = g_strsplit(inner->str, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		g_string_append_printf(out, "> %s\n", lines[i]);
	}
	html_break(out, 2);
	g_strfreev(lines);
	g_string_free(inner, TRUE);
}

static void
html_walk(xmlNode *n, GString *out, gboolean pre)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				html_text(out, (const char *)n->content, pre);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || html_is(n, html_skip))
			continue;
		if (g_ascii_strcasecmp((const char *)n->name, "br") == 0) {
			html_break(out, 0);
			g_string_append_c(out, '\n');
		} else if (g_ascii_strcasecmp((const char *)n->name,
		    "blockquote") == 0)
			html_quote(n, out, pre);
		else if (html_is(n, html_para)) {
			html_break(out, 2);
			html_walk(n->children, out, pre ||
			    g_ascii_strcasecmp((const char *)n->name,
			    "pre") == 0);
			html_break(out, 2);
		} else if (html_is(n, html_line)) {
			html_break(out, 1);
			html_walk(n->children, out, pre);
			html_break(out, 1);
		} else {
			html_walk(n->children, out, pre);
			if (g_ascii_strcasecmp((const char *)n->name,
			    "td") == 0 || g_ascii_strcasecmp(
			    (const char *)n->name, "th") == 0)
				html_text(out, " ", FALSE);
		}
	}
}

/* Render len bytes of UTF-8 HTML to text; returns a new string. */
char *
html_to_text(const char *html, gsize len)
{
	htmlDocPtr	 doc;
	GString		*out;
	int		 options;

	out = g_string_new(NULL);
	if (len == 0 || len > G_MAXINT)
		return (g_string_free(out, FALSE));
	options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", options);
	if (doc != NULL) {
		html_walk(xmlDocGetRootElement(doc), out, FALSE);
		xmlFreeDoc(doc);
	}
	html_trim(out);
	if (out->len > 0)
		g_string_append_c(out, '\n');
	return (g_string_free(out, FALSE));
}
