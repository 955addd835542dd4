/*
 * charset.c: any text to valid UTF-8.  Labels lie: ISO-8859-1 and US-ASCII
 * usually mean Windows-1252, and "ASCII" mail is often UTF-8.  Whatever the
 * bytes, the result is valid UTF-8 with no NUL in it.
 */

#include <string.h>

#include "doorstop.h"

static const struct {
	const char	*label;
	const char	*use;
} charset_aliases[] = {
	{ "us-ascii", "WINDOWS-1252" },
	{ "ascii", "WINDOWS-1252" },
	{ "ansi_x3.4-1968", "WINDOWS-1252" },
	{ "iso-8859-1", "WINDOWS-1252" },
	{ "iso8859-1", "WINDOWS-1252" },
	{ "iso_8859-1", "WINDOWS-1252" },
	{ "latin1", "WINDOWS-1252" },
	{ "latin-1", "WINDOWS-1252" },
	{ "cp1252", "WINDOWS-1252" },
	{ "windows-1252", "WINDOWS-1252" },
	{ "iso-8859-15", "WINDOWS-1252" },
	{ "ks_c_5601-1987", "CP949" },
	{ "euc-kr", "CP949" },
	{ "gb2312", "GB18030" },
	{ "gbk", "GB18030" },
	{ "x-gbk", "GB18030" },
	{ "shift_jis", "CP932" },
	{ "x-sjis", "CP932" },
	{ "iso-8859-8-i", "ISO-8859-8" },
	{ "tis-620", "CP874" },
	{ "utf8", "UTF-8" },
	{ "x-unknown", NULL },
	{ "unknown-8bit", NULL },
	{ "default", NULL },
};

/* The charset to convert from, NULL if the label is no help. */
static const char *
charset_resolve(const char *label, gboolean *western)
{
	gsize	i;

	*western = FALSE;
	if (label == NULL || *label == '\0')
		return (NULL);
	for (i = 0; i < G_N_ELEMENTS(charset_aliases); i++) {
		if (g_ascii_strcasecmp(label, charset_aliases[i].label) == 0) {
			*western = (charset_aliases[i].use != NULL &&
			    strcmp(charset_aliases[i].use, "WINDOWS-1252") == 0);
			return (charset_aliases[i].use);
		}
	}
	return (label);
}

/* Windows-1252's characters for the C1 controls 0x80 to 0x9f. */
static const gunichar charset_c1[32] = {
	0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
	0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178
};

/*
 * Take ownership of s, drop NULs, make it valid UTF-8 and read C1 controls
 * as Windows-1252 (text decoded as ISO-8859-1 that was really 1252, as in
 * encoded-words).
 */
static char *
charset_clean(char *s, gsize len)
{
	GString		*out;
	char		*valid;
	const char	*p;
	gunichar	 c;
	gsize		 i, j;

	for (i = j = 0; i < len; i++) {
		if (s[i] != '\0')
			s[j++] = s[i];
	}
	valid = g_utf8_make_valid(s, j);
	g_free(s);
	if (strstr(valid, "\xc2") == NULL)
		return (valid);
	out = g_string_sized_new(j);
	for (p = valid; *p != '\0'; p = g_utf8_next_char(p)) {
		c = g_utf8_get_char(p);
		if (c >= 0x80 && c <= 0x9f)
			c = charset_c1[c - 0x80];
		g_string_append_unichar(out, c);
	}
	g_free(valid);
	return (g_string_free(out, FALSE));
}

static gboolean
charset_is_ascii(const char *data, gsize len)
{
	gsize	i;

	for (i = 0; i < len; i++) {
		if ((guchar)data[i] >= 0x80)
			return (FALSE);
	}
	return (TRUE);
}

static char *
charset_copy(const char *data, gsize len)
{
	char	*s;

	s = g_malloc(len + 1);
	if (len > 0)
		memcpy(s, data, len);
	s[len] = '\0';
	return (s);
}

/* Mostly UTF-8 with a stray bad byte, rather than another charset? */
static gboolean
charset_mostly_utf8(const char *data, gsize len)
{
	const char	*end;

	g_utf8_validate(data, len, &end);
	return (!charset_is_ascii(data, end - data));
}

/*
 * Convert len bytes of data labelled with charset (may be NULL) to UTF-8.
 * Returns a new string the caller frees.
 */
char *
charset_to_utf8(const char *data, gsize len, const char *charset)
{
	const char	*cs;
	char		*out;
	gsize		 outlen;
	gboolean	 western;

	cs = charset_resolve(charset, &western);
	if (charset_is_ascii(data, len) ||
	    ((cs == NULL || western || g_ascii_strcasecmp(cs, "UTF-8") == 0) &&
	    g_utf8_validate(data, len, NULL)))
		return (charset_clean(charset_copy(data, len), len));
	if ((cs == NULL || g_ascii_strcasecmp(cs, "UTF-8") == 0) &&
	    charset_mostly_utf8(data, len))
		return (charset_clean(charset_copy(data, len), len));
	if (cs != NULL && g_ascii_strcasecmp(cs, "UTF-8") != 0) {
		out = g_convert(data, len, "UTF-8", cs, NULL, &outlen, NULL);
		if (out != NULL)
			return (charset_clean(out, outlen));
	}
	out = g_convert(data, len, "UTF-8", "WINDOWS-1252", NULL, &outlen, NULL);
	if (out == NULL)
		out = g_convert(data, len, "UTF-8", "ISO-8859-1", NULL,
		    &outlen, NULL);
	if (out == NULL)
		return (charset_clean(charset_copy(data, len), len));
	return (charset_clean(out, outlen));
}
