/*
 * filter.c: "doorstop filter": a message on stdin comes out on stdout byte
 * for byte, with one X-Doorstop header added at the top.  Whatever goes wrong
 * inside, the original comes out unchanged; only a failure to read or write
 * the message itself is an error (EX_TEMPFAIL, so the mail is retried).
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "doorstop.h"

#define FILTER_FOLD	78

/* Length of the leading mbox "From " line, line end included; or 0. */
static gsize
filter_from_line(const char *data, gsize size)
{
	const char	*nl;

	if (size < 5 || strncmp(data, "From ", 5) != 0)
		return (0);
	if ((nl = memchr(data, '\n', size)) == NULL)
		return (0);
	return (nl - data + 1);
}

/* The line end the message uses: CR LF, LF, or a lone CR. */
static const char *
filter_eol(const char *data, gsize size)
{
	const char	*p, *end = data + size;

	for (p = data; p < end; p++) {
		if (*p == '\n')
			return ("\n");
		if (*p == '\r')
			return (p + 1 < end && p[1] == '\n' ? "\r\n" : "\r");
	}
	return ("\n");
}

/* "X-Doorstop: summary", folded after spaces or commas, with eol. */
static char *
filter_fold(const char *summary, const char *eol)
{
	GString		*s;
	const char	*p, *brk;
	gsize		 col;

	s = g_string_new("X-Doorstop: ");
	col = s->len;
	for (p = summary; *p != '\0'; p = brk) {
		brk = p + 1;
		while (*brk != '\0' && brk[-1] != ' ' && brk[-1] != ',')
			brk++;
		if (col + (brk - p) > FILTER_FOLD && col > 12) {
			while (s->len > 0 && s->str[s->len - 1] == ' ')
				g_string_truncate(s, s->len - 1);
			g_string_append_printf(s, "%s\t", eol);
			col = 8;
			while (*p == ' ')
				p++;
		}
		g_string_append_len(s, p, brk - p);
		col += brk - p;
	}
	while (s->len > 0 && s->str[s->len - 1] == ' ')
		g_string_truncate(s, s->len - 1);
	g_string_append(s, eol);
	return (g_string_free(s, FALSE));
}

/*
 * Draft a reply and a reminder for a rejection.  A failure is only
 * logged: the mail passes, nothing is recorded, the next run retries.
 */
static void
filter_reply(struct config *cf, const struct message *m,
    const struct verdict *v)
{
	struct outcome	 out;
	GError		*e = NULL;

	if (reply_run(cf, m, v, NULL, 0, &out, &e) != 0) {
		log_warn("no reply drafted, the next run will try again: %s",
		    e->message);
		g_error_free(e);
	} else if (cf->dry_run && out.rec != NULL && !out.existing)
		log_warn("dry run: would draft a reply (%s) and a reminder "
		    "due %s", out.rec->category, out.rec->due);
	outcome_clear(&out);
}

/*
 * Note what m means for the rejections answered before it: a failure is
 * only logged, and the next time the message is seen it is noted.
 */
static void
filter_track(struct config *cf, const struct message *m,
    const struct verdict *v)
{
	struct state	*st = NULL;
	struct later	*lt;
	GError		*e = NULL;

	if ((lt = later_new(cf, m, v, FALSE)) == NULL || !later_has_ties(lt) ||
	    !g_file_test(cf->state, G_FILE_TEST_EXISTS))
		goto out;		/* nothing to look for, or in */
	if ((st = state_open(cf->state, &e)) == NULL ||
	    track_later(cf, st, lt, &e) < 0) {
		log_warn("cannot note what this message means for the "
		    "follow-ups: %s", e->message);
		g_error_free(e);
	}
out:
	state_close(st);
	later_free(lt);
}

/* The header to add, or NULL (and a warning) if anything went wrong. */
static char *
filter_header(struct config *cf, const struct item *it)
{
	struct ruleset	*rs;
	struct verdict	*v;
	struct message	*m;
	GError		*e = NULL;
	char		*summary, *header = NULL;
	gsize		 from;
	guint		 i;

	if ((rs = ruleset_load(cf, RULES_CACHE, &e)) == NULL)
		goto out;
	if ((v = verdict_read(rs, cf, it->data, it->size, &m, &e)) == NULL)
		goto out;
	for (i = 0; i < v->errors->len; i++)
		log_warn("%s", (char *)v->errors->pdata[i]);
	filter_track(cf, m, v);
	if (v->rejection)
		filter_reply(cf, m, v);
	message_free(m);
	summary = verdict_summary(v);
	log_info("%s", summary);
	from = filter_from_line(it->data, it->size);
	header = filter_fold(summary, filter_eol(it->data + from,
	    it->size - from));
	g_free(summary);
	verdict_free(v);
out:
	if (e != NULL) {
		log_warn("passing the message through unchanged: %s",
		    e->message);
		g_error_free(e);
	}
	ruleset_free(rs);
	return (header);
}

static int
filter_write(const char *data, gsize size, GError **error)
{
	ssize_t	n;

	while (size > 0) {
		n = write(STDOUT_FILENO, data, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			g_set_error(error, DOORSTOP_ERROR, EX_TEMPFAIL,
			    "cannot write standard output: %s",
			    g_strerror(errno));
			return (-1);
		}
		data += n;
		size -= n;
	}
	return (0);
}

/* Copy the rest of standard input to standard output. */
static int
filter_copy(GError **error)
{
	char	buf[65536];
	size_t	n;

	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
		if (filter_write(buf, n, error) != 0)
			return (-1);
	}
	if (ferror(stdin)) {
		g_set_error(error, DOORSTOP_ERROR, EX_TEMPFAIL,
		    "cannot read standard input: %s", g_strerror(errno));
		return (-1);
	}
	return (0);
}

/*
 * Copy stdin to stdout with the X-Doorstop header; cf is NULL when the
 * config could not be read.  Only the first max_message bytes are held and
 * classified: the rest is copied through as it comes.  Returns 0, or -1
 * with error set.
 */
int
filter_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct item	 it = { 0 };
	char		*header = NULL;
	gsize		 from;
	gboolean	 more;
	int		 i, rc = -1;

	if (mailbox_read_prefix(&it, cf != NULL ? cf->max_message :
	    DOORSTOP_MAX_MESSAGE, &more, error) != 0)
		return (-1);
	for (i = 0; cf != NULL && i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0 ||
		    strcmp(argv[i], "-n") == 0)
			cf->dry_run = TRUE;
		else
			log_warn("filter: ignoring argument '%s'", argv[i]);
	}
	if (more)
		log_info("only the first %zu bytes of the message are read",
		    it.size);
	if (cf != NULL && !config_disabled(cf))
		header = filter_header(cf, &it);
	from = header ? filter_from_line(it.data, it.size) : 0;
	if (filter_write(it.data, from, error) == 0 &&
	    (header == NULL || filter_write(header, strlen(header),
	    error) == 0) &&
	    filter_write(it.data + from, it.size - from, error) == 0 &&
	    (!more || filter_copy(error) == 0))
		rc = 0;
	g_free(header);
	item_clear(&it);
	return (rc);
}
