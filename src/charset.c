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

/* Take ownership of s, drop NULs and make it valid UTF-8. */
static char *
charset_clean(char *s, gsize len)
{
	char	*out;
	gsize	 i, j;

	for (i = j = 0; i < len; i++) {
		if (s[i] != '\0')
			s[j++] = s[i];
	}
	out = g_utf8_make_valid(s, j);
	g_free(s);
	return (out);
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
