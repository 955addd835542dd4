/*
 * normalize.c: text as rules see it.  Typography is folded (curly quotes,
 * dashes, odd spaces, zero-width characters), quoted replies, forwards and
 * signatures are set apart from the sender's own words, and each paragraph
 * becomes one line with its white space folded.
 */

#include <string.h>

#include "doorstop.h"

enum part {
	PART_BODY,
	PART_QUOTED,
	PART_SIGNATURE,
};

/* What c becomes: a replacement string, "" to drop it, NULL to keep it. */
static const char *
normalize_char(gunichar c)
{
	switch (c) {
	case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032:
	case 0x00b4: case 0x02bc:
		return ("'");
	case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033:
	case 0x00ab: case 0x00bb:
		return ("\"");
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0xfe58: case 0xfe63: case 0xff0d:
		return ("-");
	case 0x00a0: case 0x1680: case 0x202f: case 0x205f: case 0x3000:
	case '\t': case '\v': case '\f':
		return (" ");
	case 0x200b: case 0x200c: case 0x200d: case 0x2060: case 0xfeff:
	case 0x00ad:
		return ("");
	case 0x2026:
		return ("...");
	case 0x2028: case 0x2029:
		return ("\n");
	}
	if (c >= 0x2000 && c <= 0x200a)
		return (" ");
	if (c < 0x20 && c != '\n')
		return (" ");
	return (NULL);
}

/*
 * Whether NFC could change a text holding c: only if c is a combining
 * mark, a conjoining Hangul jamo, or a character whose canonical
 * decomposition does not compose back to it (singletons and exclusions).
 */
static gboolean
normalize_needs_nfc(gunichar c)
{
	gunichar	a, b, back;

	if (c < 0x80)
		return (FALSE);
	if (g_unichar_combining_class(c) != 0 || (c >= 0x1100 && c <= 0x11ff))
		return (TRUE);
	return (g_unichar_decompose(c, &a, &b) && (b == 0 ||
	    !g_unichar_compose(a, b, &back) || back != c));
}

/*
 * Fold typography in valid UTF-8 s, turn CR LF and lone CR into LF, and
 * compose to NFC.  Returns a new string.
 */
char *
normalize_fold(const char *s)
{
	GString		*out;
	const char	*r, *next, *run;
	char		*nfc;
	gunichar	 c;
	gboolean	 compose = FALSE;

	out = g_string_sized_new(strlen(s));
	for (; *s != '\0'; s = next) {
		for (run = s; (guchar)*s >= 0x20 && (guchar)*s < 0x7f; s++)
			;		/* plain ASCII goes as it is */
		g_string_append_len(out, run, s - run);
		if (*s == '\0')
			break;
		next = g_utf8_next_char(s);
		if (*s == '\r') {
			if (*next != '\n')
				g_string_append_c(out, '\n');
			continue;
		}
		c = g_utf8_get_char(s);
		if ((r = normalize_char(c)) != NULL)
			g_string_append(out, r);
		else {
			g_string_append_len(out, s, next - s);
			compose |= normalize_needs_nfc(c);
		}
	}
	if (!compose)
		return (g_string_free(out, FALSE));
	nfc = g_utf8_normalize(out->str, out->len, G_NORMALIZE_NFC);
	if (nfc == NULL)
		return (g_string_free(out, FALSE));
	g_string_free(out, TRUE);
	return (nfc);
}

/*
 * Join each paragraph (lines up to a blank line) into one line, white space
 * folded and trimmed; paragraphs are separated by one newline.
 */
char *
normalize_paragraphs(const char *s)
{
	GString		*out;
	gboolean	 space = FALSE, newline = FALSE, blank = TRUE;

	out = g_string_sized_new(strlen(s));
	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			if (blank && out->len > 0)
				newline = TRUE;
			space = (out->len > 0);
			blank = TRUE;
		} else if (*s == ' ' || *s == '\t' || *s == '\r' ||
		    *s == '\f' || *s == '\v') {
			space = (out->len > 0);
		} else {
			if (newline)
				g_string_append_c(out, '\n');
			else if (space)
				g_string_append_c(out, ' ');
			newline = space = blank = FALSE;
			g_string_append_c(out, *s);
		}
	}
	return (g_string_free(out, FALSE));
}

static gboolean
normalize_is_quote(const char *line)
{
	while (*line == ' ')
		line++;
	return (*line == '>');
}

/* The line without its quote markers ("> > text" -> "text"). */
static const char *
normalize_unquote(const char *line)
{
	while (*line == ' ' || *line == '>')
		line++;
	return (line);
}

static gboolean
normalize_attribution_words(const char *s)
{
	static const char * const verbs[] = {
		"wrote", "schrieb", "écrit", "escribió", "schreef", "scritto",
		"escreveu", "napisał", NULL
	};
	const char * const *v;
	gsize	 n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0 || s[n - 1] != ':')
		return (FALSE);
	for (v = verbs; *v != NULL; v++) {
		if (strstr(s, *v) != NULL)
			return (TRUE);
	}
	return (FALSE);
}

/*
 * "On <date>, <name> wrote:" and its siblings in other languages ("Am ...
 * schrieb <name>:"), maybe folded over two lines.
 */
static gboolean
normalize_is_attribution(const char *line, const char *next)
{
	static const char * const starts[] = {
		"On ", "Le ", "Am ", "El ", "Op ", "Il ", "Em ", "W dniu ",
		NULL
	};
	const char * const *p;
	char		  *both;
	gboolean	   yes;

	for (p = starts; *p != NULL; p++) {
		if (strncmp(line, *p, strlen(*p)) == 0)
			break;
	}
	if (*p == NULL)
		return (FALSE);
	if (normalize_attribution_words(line))
		return (TRUE);
	if (next == NULL)
		return (FALSE);
	both = g_strconcat(line, " ", next, NULL);
	yes = normalize_attribution_words(both);
	g_free(both);
	return (yes);
}

/* A line that starts a forwarded or Outlook-quoted original. */
static gboolean
normalize_is_forward(const char *line, const char *next)
{
	static const char * const marks[] = {
		"original message", "forwarded message", "begin forwarded",
		"ursprüngliche nachricht", "weitergeleitete nachricht",
		"message d'origine", "message transféré", "mensaje original",
		"mensaje reenviado", "messaggio originale",
		"messaggio inoltrato", "oorspronkelijk bericht",
		"doorgestuurd bericht", "mensagem original",
		"mensagem encaminhada", NULL
	};
	const char * const *p;
	char		  *lower;
	gboolean	   found = FALSE;

	if (strncmp(line, "From:", 5) == 0 || strncmp(line, "Von:", 4) == 0 ||
	    strncmp(line, "De :", 4) == 0 || strncmp(line, "De:", 3) == 0)
		return (next != NULL && (strncmp(next, "Sent:", 5) == 0 ||
		    strncmp(next, "Gesendet:", 9) == 0 ||
		    strncmp(next, "Envoyé :", 9) == 0 ||
		    strncmp(next, "Enviado:", 8) == 0 ||
		    strncmp(next, "Date:", 5) == 0));
	if (strncmp(line, "---", 3) != 0 && strncmp(line, "Begin", 5) != 0)
		return (FALSE);
	lower = g_utf8_strdown(line, -1);
	for (p = marks; *p != NULL && !found; p++)
		found = (strstr(lower, *p) != NULL);
	g_free(lower);
	return (found);
}

/* The signature separator "-- " (its trailing space chomped). */
static gboolean
normalize_is_separator(const char *line)
{
	return (strcmp(line, "--") == 0);
}

static enum part
normalize_classify(const char *line, const char *next, enum part state)
{
	if (state == PART_QUOTED)
		return (PART_QUOTED);
	if (normalize_is_attribution(line, next) ||
	    normalize_is_forward(line, next))
		return (PART_QUOTED);
	if (normalize_is_separator(line))
		return (PART_SIGNATURE);
	return (state);
}

/*
 * Fold valid UTF-8 text and split it into the sender's own words, quoted
 * text and signature, each normalized into one line per paragraph.  Returns
 * a new struct text.
 */
struct text *
normalize_split(const char *utf8)
{
	struct text	 *t;
	GString		 *part[3];
	char		 *folded, **lines;
	const char	 *line;
	enum part	  state = PART_BODY;
	int		  i, k;

	for (k = 0; k < 3; k++)
		part[k] = g_string_new(NULL);
	folded = normalize_fold(utf8);
	lines = g_strsplit(folded, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		g_strchomp(lines[i]);
		line = lines[i];
		state = normalize_classify(line, lines[i + 1], state);
		if (state == PART_SIGNATURE && normalize_is_separator(line))
			continue;
		if (state == PART_QUOTED || normalize_is_quote(line)) {
			g_string_append(part[PART_QUOTED],
			    normalize_unquote(line));
			g_string_append_c(part[PART_QUOTED], '\n');
		} else {
			g_string_append(part[state], line);
			g_string_append_c(part[state], '\n');
		}
	}
	t = g_new0(struct text, 1);
	t->body = normalize_paragraphs(part[PART_BODY]->str);
	t->quoted = normalize_paragraphs(part[PART_QUOTED]->str);
	t->signature = normalize_paragraphs(part[PART_SIGNATURE]->str);
	for (k = 0; k < 3; k++)
		g_string_free(part[k], TRUE);
	g_strfreev(lines);
	g_free(folded);
	return (t);
}

void
text_free(struct text *t)
{
	if (t == NULL)
		return;
	g_free(t->body);
	g_free(t->quoted);
	g_free(t->signature);
	g_free(t);
}
