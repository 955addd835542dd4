/*
 * dehead: copy a message from stdin to stdout without the X-Doorstop header
 * that "doorstop filter" adds at its top (after a leading mbox "From " line).
 * Exits 1 if that header is not there, so a test can cmp the rest with the
 * original.
 */

#include <stdio.h>
#include <string.h>

#include <glib.h>

/* The end of the line starting at p: after LF, CR LF or a lone CR. */
static const char *
line_end(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p == '\n')
			return (p + 1);
		if (*p == '\r')
			return (p + 1 < end && p[1] == '\n' ? p + 2 : p + 1);
	}
	return (end);
}

int
main(void)
{
	GString		*in = g_string_new(NULL);
	const char	*p, *end, *from;
	char		 buf[65536];
	size_t		 n;

	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
		g_string_append_len(in, buf, n);
	p = in->str;
	end = in->str + in->len;
	from = p;
	if (in->len > 5 && strncmp(p, "From ", 5) == 0) {
		p = memchr(p, '\n', in->len);
		p = (p == NULL) ? end : p + 1;
	}
	fwrite(from, 1, p - from, stdout);
	if ((gsize)(end - p) < 12 || strncmp(p, "X-Doorstop: ", 12) != 0) {
		fprintf(stderr, "dehead: no X-Doorstop header at the top\n");
		return (1);
	}
	p = line_end(p, end);
	while (p < end && *p == '\t')	/* doorstop folds with a tab */
		p = line_end(p, end);
	fwrite(p, 1, end - p, stdout);
	return (fflush(stdout) != 0);
}
