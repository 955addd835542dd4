/*
 * report.c: "doorstop report", the journal of the rejections of a period:
 * how many, when, from whom, whether the thank-you notes went out and the
 * follow-ups were done, and which opportunities came back; as text with
 * bars, Markdown or CSV here, JSON (json.c), an SVG chart (chart.c), or a
 * weekly digest delivered into a Maildir.
 */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "doorstop.h"

#define REPORT_NEXT_DUE		5	/* follow-ups listed as next due */
#define REPORT_DIGEST_DAYS	7
#define REPORT_BAR_WIDTH	40	/* cells of the longest bar */

enum report_format {
	FORMAT_TEXT,
	FORMAT_MARKDOWN,
	FORMAT_JSON,
	FORMAT_CSV,
};

static const char *const report_formats[] = {
	"text", "markdown", "json", "csv", NULL
};

struct report_options {
	GDate		 since;		/* invalid if none */
	GDate		 until;
	int		 format;
	const char	*chart;
	const char	*maildir;
};

/* YYYY-MM-DD into *d; FALSE if s is not such a date. */
static gboolean
report_parse_day(const char *s, GDate *d)
{
	static const char	 digits[] = "0123456789";
	guint			 y, m, day;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, digits) != 4 || strspn(s + 5, digits) != 2 ||
	    strspn(s + 8, digits) != 2)
		return (FALSE);
	y = atoi(s);
	m = atoi(s + 5);
	day = atoi(s + 8);
	if (!g_date_valid_dmy(day, m, y))
		return (FALSE);
	g_date_set_dmy(d, day, m, y);
	return (TRUE);
}

/* The start of the day d, local time, as Unix time. */
static gint64
report_day_start(const GDate *d)
{
	GDateTime	*dt;
	gint64		 t;

	dt = g_date_time_new_local(g_date_get_year(d), g_date_get_month(d),
	    g_date_get_day(d), 0, 0, 0);
	if (dt == NULL)
		dt = g_date_time_new_utc(g_date_get_year(d),
		    g_date_get_month(d), g_date_get_day(d), 0, 0, 0);
	t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return (t);
}

/* t as YYYY-MM-DD, local time, into buf of 11 bytes. */
static void
report_day(gint64 t, char *buf)
{
	GDateTime	*dt;

	if ((dt = g_date_time_new_from_unix_local(t)) == NULL) {
		g_strlcpy(buf, "?", 11);
		return;
	}
	g_snprintf(buf, 11, "%04d-%02d-%02d", g_date_time_get_year(dt),
	    g_date_time_get_month(dt), g_date_time_get_day_of_month(dt));
	g_date_time_unref(dt);
}

static void
report_format_day(const GDate *d, char *buf)
{
	g_snprintf(buf, 11, "%04d-%02d-%02d", g_date_get_year(d),
	    g_date_get_month(d), g_date_get_day(d));
}

/* A usage error: "OPTION ARG: WHY", or the usage when why is NULL. */
static int
report_usage(GError **error, const char *option, const char *arg,
    const char *why)
{
	if (why != NULL)
		g_set_error(error, DOORSTOP_ERROR, EX_USAGE, "%s %s: %s",
		    option, arg, why);
	else
		g_set_error(error, DOORSTOP_ERROR, EX_USAGE, "usage: doorstop "
		    "report [--since YYYY-MM-DD] [--until YYYY-MM-DD] "
		    "[--format text|markdown|json|csv] [--chart FILE.svg] "
		    "[--to-maildir DIR]");
	return (-1);
}

/* One option of report_options; 0 or -1 with error set. */
static int
report_option(struct report_options *o, int ch, const char *arg,
    GError **error)
{
	int	i;

	switch (ch) {
	case 's':
	case 'u':
		if (!report_parse_day(arg, ch == 's' ? &o->since : &o->until))
			return (report_usage(error, ch == 's' ? "--since" :
			    "--until", arg, "not a date (YYYY-MM-DD)"));
		return (0);
	case 'f':
		for (i = 0; report_formats[i] != NULL; i++)
			if (strcmp(arg, report_formats[i]) == 0)
				break;
		o->format = i;
		if (report_formats[i] == NULL)
			return (report_usage(error, "--format", arg, "no such "
			    "format (text, markdown, json or csv)"));
		return (0);
	case 'c':
		o->chart = arg;
		if (strlen(arg) < 5 || g_ascii_strcasecmp(arg + strlen(arg) - 4,
		    ".svg") != 0)
			return (report_usage(error, "--chart", arg, "only SVG "
			    "is written: name a file ending in .svg"));
		return (0);
	case 'm':
		o->maildir = arg;
		return (0);
	}
	return (report_usage(error, NULL, NULL, NULL));
}

static int
report_options(struct report_options *o, int argc, char **argv,
    GError **error)
{
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "chart", required_argument, NULL, 'c' },
		{ "to-maildir", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	GDateTime	*now;
	int		 ch;

	g_date_clear(&o->since, 1);
	g_date_clear(&o->until, 1);
	argc++;			/* getopt wants argv[0]: the command's name */
	argv--;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		if (report_option(o, ch, optarg, error) != 0)
			return (-1);
	if (optind != argc)
		return (report_usage(error, NULL, NULL, NULL));
	if (!g_date_valid(&o->until)) {
		now = g_date_time_new_now_local();
		g_date_set_dmy(&o->until, g_date_time_get_day_of_month(now),
		    g_date_time_get_month(now), g_date_time_get_year(now));
		g_date_time_unref(now);
	}
	if (!g_date_valid(&o->since) && o->maildir != NULL) {
		o->since = o->until;
		g_date_subtract_days(&o->since, REPORT_DIGEST_DAYS - 1);
	}
	if (g_date_valid(&o->since) && g_date_compare(&o->since,
	    &o->until) > 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_USAGE, "--since is after "
		    "--until");
		return (-1);
	}
	return (0);
}

/* Make *s valid UTF-8 on one line: control characters become spaces. */
static void
report_clean(char **s)
{
	char	*valid, *p;

	if (*s == NULL)
		return;
	if (!g_utf8_validate(*s, -1, NULL)) {
		valid = g_utf8_make_valid(*s, -1);
		g_free(*s);
		*s = valid;
	}
	for (p = *s; *p != '\0'; p++)
		if ((guchar)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

static void
report_clean_record(struct record *rec)
{
	char	**fields[] = { &rec->key, &rec->status, &rec->category,
	    &rec->sender, &rec->contact, &rec->org, &rec->role, &rec->subject,
	    &rec->due, &rec->from_addr, &rec->domain };
	gsize	  i;

	for (i = 0; i < G_N_ELEMENTS(fields); i++)
		report_clean(fields[i]);
}

static void
report_row_free(struct report_row *row)
{
	g_free(row);
}

static struct report *
report_new(const struct report_options *o)
{
	struct report	*rep;

	rep = g_new0(struct report, 1);
	if (g_date_valid(&o->since))
		report_format_day(&o->since, rep->since);
	report_format_day(&o->until, rep->until);
	rep->rows = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)report_row_free);
	rep->months = g_array_new(FALSE, TRUE, sizeof(struct report_month));
	rep->categories = g_array_new(FALSE, TRUE,
	    sizeof(struct report_count));
	rep->orgs = g_array_new(FALSE, TRUE, sizeof(struct report_count));
	rep->overdue_rows = g_ptr_array_new();
	rep->due_rows = g_ptr_array_new();
	rep->came_back = g_ptr_array_new();
	rep->median_days = -1;
	return (rep);
}

static void
report_free(struct report *rep)
{
	if (rep == NULL)
		return;
	g_ptr_array_free(rep->came_back, TRUE);
	g_ptr_array_free(rep->due_rows, TRUE);
	g_ptr_array_free(rep->overdue_rows, TRUE);
	g_array_free(rep->orgs, TRUE);
	g_array_free(rep->categories, TRUE);
	g_array_free(rep->months, TRUE);
	g_ptr_array_free(rep->rows, TRUE);
	if (rep->events != NULL)
		g_ptr_array_free(rep->events, TRUE);
	if (rep->records != NULL)
		g_ptr_array_free(rep->records, TRUE);
	g_free(rep);
}

/* Every record and event, their text cleaned; none when there is no state. */
static int
report_load(const struct config *cf, struct report *rep, GError **error)
{
	struct state	*st;
	struct event	*ev;
	guint		 i;

	if (!g_file_test(cf->state, G_FILE_TEST_EXISTS)) {
		rep->records = g_ptr_array_new();
		rep->events = g_ptr_array_new();
		return (0);
	}
	if ((st = state_open(cf->state, error)) == NULL)
		return (-1);
	if ((rep->records = state_all(st, error)) != NULL)
		rep->events = state_events(st, NULL, error);
	state_close(st);
	if (rep->events == NULL)
		return (-1);
	for (i = 0; i < rep->records->len; i++)
		report_clean_record(rep->records->pdata[i]);
	for (i = 0; i < rep->events->len; i++) {
		ev = rep->events->pdata[i];
		report_clean(&ev->kind);
		report_clean(&ev->subject);
		report_clean(&ev->sender);
	}
	return (0);
}

/* What came of a rejection, from its events up to end (excluded). */
static void
report_row_events(struct report_row *row, GPtrArray *evs, gint64 end)
{
	struct event	*ev;
	guint		 i;

	for (i = 0; evs != NULL && i < evs->len; i++) {
		ev = evs->pdata[i];
		if (ev->date >= end)
			continue;
		if (strcmp(ev->kind, "sent") == 0 ||
		    strcmp(ev->kind, "left") == 0) {
			if (row->thanks == 0)
				row->thanks = ev->date;
			if (strcmp(ev->kind, "sent") == 0)
				row->seen_sent = TRUE;
		} else if (strcmp(ev->kind, "wrote") == 0 &&
		    row->came_back == NULL)
			row->came_back = ev;
	}
	if (row->thanks != 0)
		row->thanks_days = row->thanks > row->rec->date ?
		    (int)((row->thanks - row->rec->date) / 86400) : 0;
}

/* Done (its to-do completed, or they wrote again), due or overdue. */
static const char *
report_follow_up(const struct config *cf, const struct report *rep,
    const struct report_row *row, gint64 end)
{
	const char	*uid = row->rec->uid;
	gint64		 when;

	if (row->came_back != NULL)
		return ("done");
	if (uid != NULL && *uid != '\0' && *uid != '.' &&
	    strchr(uid, '/') == NULL &&
	    reminder_completed(cf->calendar, uid, &when) && when < end)
		return ("done");
	if (row->rec->due == NULL)
		return (NULL);
	return (strcmp(row->rec->due, rep->until) >= 0 ? "due" : "overdue");
}

/* The events of each key: key -> GPtrArray of struct event, borrowed. */
static GHashTable *
report_events_by_key(const struct report *rep)
{
	GHashTable	*by_key;
	GPtrArray	*evs;
	struct event	*ev;
	guint		 i;

	by_key = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    (GDestroyNotify)g_ptr_array_unref);
	for (i = 0; i < rep->events->len; i++) {
		ev = rep->events->pdata[i];
		if ((evs = g_hash_table_lookup(by_key, ev->key)) == NULL) {
			evs = g_ptr_array_new();
			g_hash_table_insert(by_key, ev->key, evs);
		}
		g_ptr_array_add(evs, ev);
	}
	return (by_key);
}

/* A row for each record dated in [start, end), with what came of it. */
static void
report_rows(const struct config *cf, struct report *rep, gint64 start,
    gint64 end)
{
	struct report_row	*row;
	struct record		*rec;
	GHashTable		*by_key;
	guint			 i;

	by_key = report_events_by_key(rep);
	for (i = 0; i < rep->records->len; i++) {
		rec = rep->records->pdata[i];
		if (rec->date < start || rec->date >= end)
			continue;
		row = g_new0(struct report_row, 1);
		row->rec = rec;
		report_day(rec->date, row->day);
		row->org = rec->org ? rec->org : rec->domain ? rec->domain :
		    rec->sender ? rec->sender : rec->from_addr ?
		    rec->from_addr : "(unknown)";
		row->thanks_days = -1;
		row->forgotten = g_strcmp0(rec->status, "forgotten") == 0;
		if (!row->forgotten) {
			report_row_events(row, g_hash_table_lookup(by_key,
			    rec->key), end);
			row->follow_up = report_follow_up(cf, rep, row, end);
		}
		g_ptr_array_add(rep->rows, row);
	}
	g_hash_table_destroy(by_key);
}

/* A month's index from year 0, of "YYYY-MM-DD" or "YYYY-MM". */
static int
report_month_index(const char *day)
{
	return (atoi(day) * 12 + atoi(day + 5) - 1);
}

/* Every month from the period's first (or the first rejection's) on. */
static void
report_months(struct report *rep)
{
	struct report_month	 m;
	struct report_row	*row;
	char			 day[11];
	int			 first, last, i;
	guint			 j;

	if (*rep->since != '\0')
		first = report_month_index(rep->since);
	else if (rep->rows->len > 0)
		first = report_month_index(((struct report_row *)
		    rep->rows->pdata[0])->day);
	else
		return;
	last = report_month_index(rep->until);
	if (first <= 0 || first > last)		/* a date out of range */
		first = last;
	for (i = first; i <= last; i++) {
		memset(&m, 0, sizeof m);
		g_snprintf(m.name, sizeof m.name, "%04d-%02d", i / 12,
		    i % 12 + 1);
		g_array_append_val(rep->months, m);
	}
	for (j = 0; j < rep->rows->len; j++) {
		row = rep->rows->pdata[j];
		i = report_month_index(row->day) - first;
		if (i >= 0 && i <= last - first)
			g_array_index(rep->months, struct report_month,
			    i).rejections++;
		if (row->thanks == 0)
			continue;
		report_day(row->thanks, day);
		i = report_month_index(day) - first;
		if (i >= 0 && i <= last - first)
			g_array_index(rep->months, struct report_month,
			    i).thanks++;
	}
}

static int
report_count_cmp(gconstpointer a, gconstpointer b)
{
	const struct report_count	*x = a, *y = b;
	int				 c;

	if (x->n != y->n)
		return (x->n > y->n ? -1 : 1);
	if ((c = g_ascii_strcasecmp(x->name, y->name)) != 0)
		return (c);
	return (strcmp(x->name, y->name));
}

/* How many rows each name has, most first, ties by name. */
static void
report_count(struct report *rep, GArray *out, gboolean org)
{
	struct report_count	 c;
	struct report_row	*row;
	GHashTableIter		 it;
	GHashTable		*counts;
	gpointer		 name, n;
	guint			 i;

	counts = g_hash_table_new(g_str_hash, g_str_equal);
	for (i = 0; i < rep->rows->len; i++) {
		row = rep->rows->pdata[i];
		name = (gpointer)(org ? row->org : row->rec->category ?
		    row->rec->category : "(none)");
		n = g_hash_table_lookup(counts, name);
		g_hash_table_insert(counts, name,
		    GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
	}
	g_hash_table_iter_init(&it, counts);
	while (g_hash_table_iter_next(&it, &name, &n)) {
		c.name = name;
		c.n = GPOINTER_TO_UINT(n);
		g_array_append_val(out, c);
	}
	g_array_sort(out, report_count_cmp);
	g_hash_table_destroy(counts);
}

static int
report_int_cmp(gconstpointer a, gconstpointer b)
{
	int	x = *(const int *)a, y = *(const int *)b;

	return (x < y ? -1 : x > y);
}

static int
report_due_cmp(gconstpointer a, gconstpointer b)
{
	const struct report_row	*x = *(struct report_row *const *)a;
	const struct report_row	*y = *(struct report_row *const *)b;
	int			 c;

	if ((c = strcmp(x->rec->due, y->rec->due)) != 0)
		return (c);
	return (strcmp(x->rec->key, y->rec->key));
}

/* The thank-you notes: how many went out, how fast. */
static void
report_thanks(struct report *rep)
{
	struct report_row	*row;
	GArray			*days;
	guint			 i, n;

	days = g_array_new(FALSE, FALSE, sizeof(int));
	for (i = 0; i < rep->rows->len; i++) {
		row = rep->rows->pdata[i];
		if (row->forgotten)
			rep->forgotten++;
		else if (row->thanks == 0)
			rep->unsent++;
		else {
			row->seen_sent ? rep->sent++ : rep->left++;
			g_array_append_val(days, row->thanks_days);
		}
	}
	g_array_sort(days, report_int_cmp);
	if ((n = days->len) > 0) {
		rep->median_days = n % 2 == 1 ?
		    g_array_index(days, int, n / 2) :
		    (g_array_index(days, int, n / 2 - 1) +
		    g_array_index(days, int, n / 2)) / 2.0;
		rep->longest_days = g_array_index(days, int, n - 1);
	}
	g_array_free(days, TRUE);
}

/* The follow-ups: done, due and overdue; and what came back. */
static void
report_follow_ups(struct report *rep)
{
	struct report_row	*row;
	guint			 i;

	for (i = 0; i < rep->rows->len; i++) {
		row = rep->rows->pdata[i];
		if (row->came_back != NULL)
			g_ptr_array_add(rep->came_back, row);
		if (row->follow_up == NULL)
			continue;
		if (strcmp(row->follow_up, "done") == 0)
			rep->done++;
		else if (strcmp(row->follow_up, "due") == 0) {
			rep->due++;
			g_ptr_array_add(rep->due_rows, row);
		} else {
			rep->overdue++;
			g_ptr_array_add(rep->overdue_rows, row);
		}
	}
	g_ptr_array_sort(rep->overdue_rows, report_due_cmp);
	g_ptr_array_sort(rep->due_rows, report_due_cmp);
	if (rep->due_rows->len > REPORT_NEXT_DUE)
		g_ptr_array_set_size(rep->due_rows, REPORT_NEXT_DUE);
}

static void
report_gather(const struct config *cf, struct report *rep,
    const struct report_options *o)
{
	GDate	end;
	gint64	start;

	start = g_date_valid(&o->since) ? report_day_start(&o->since) :
	    G_MININT64;
	end = o->until;
	g_date_add_days(&end, 1);
	report_rows(cf, rep, start, report_day_start(&end));
	report_months(rep);
	report_count(rep, rep->categories, FALSE);
	report_count(rep, rep->orgs, TRUE);
	report_thanks(rep);
	report_follow_ups(rep);
}

/* n and a noun: "1 rejection", "3 rejections". */
static void
report_n(GString *s, guint n, const char *noun)
{
	g_string_append_printf(s, "%u %s%s", n, noun, n == 1 ? "" : "s");
}

/* s, then spaces up to width characters. */
static void
report_pad(GString *out, const char *s, guint width)
{
	glong	n;

	g_string_append(out, s);
	for (n = g_utf8_strlen(s, -1); n < (glong)width; n++)
		g_string_append_c(out, ' ');
}

static void
report_period(GString *s, const struct report *rep)
{
	if (*rep->since != '\0')
		g_string_append_printf(s, "from %s to %s", rep->since,
		    rep->until);
	else
		g_string_append_printf(s, "up to %s", rep->until);
}

/* The subject a row is shown with. */
static const char *
report_subject(const struct report_row *row)
{
	return (row->rec->subject != NULL ? row->rec->subject :
	    "(no subject)");
}

static void
report_text_month(GString *s, const struct report_month *m, guint max)
{
	char	*bar;

	bar = chart_bar(m->rejections, max, REPORT_BAR_WIDTH);
	g_string_append_printf(s, "  %s  rejections       %s %u\n", m->name,
	    bar, m->rejections);
	g_free(bar);
	bar = chart_bar(m->thanks, max, REPORT_BAR_WIDTH);
	g_string_append_printf(s, "           thank-you notes  %s %u\n", bar,
	    m->thanks);
	g_free(bar);
}

static void
report_text_months(GString *s, const struct report *rep)
{
	const struct report_month	*m;
	guint				 i, max = 0;

	for (i = 0; i < rep->months->len; i++) {
		m = &g_array_index(rep->months, struct report_month, i);
		max = MAX(max, MAX(m->rejections, m->thanks));
	}
	if (max == 0)
		return;
	g_string_append(s, "\nPer month\n");
	for (i = 0; i < rep->months->len; i++)
		report_text_month(s, &g_array_index(rep->months,
		    struct report_month, i), max);
}

static void
report_text_counts(GString *s, const char *title, GArray *counts)
{
	const struct report_count	*c;
	guint				 i, width = 0;

	if (counts->len == 0)
		return;
	for (i = 0; i < counts->len; i++) {
		c = &g_array_index(counts, struct report_count, i);
		width = MAX(width, (guint)g_utf8_strlen(c->name, -1));
	}
	g_string_append_printf(s, "\n%s\n", title);
	for (i = 0; i < counts->len; i++) {
		c = &g_array_index(counts, struct report_count, i);
		g_string_append(s, "  ");
		report_pad(s, c->name, width);
		g_string_append_printf(s, "  %u\n", c->n);
	}
}

static void
report_text_thanks(GString *s, const struct report *rep)
{
	g_string_append_printf(s, "\nThank-you notes: %u went out (%u seen "
	    "sent, %u only left the drafts folder), %u not sent yet\n",
	    rep->sent + rep->left, rep->sent, rep->left, rep->unsent);
	if (rep->median_days >= 0)
		g_string_append_printf(s, "  days from the rejection: median "
		    "%g, longest %d\n", rep->median_days, rep->longest_days);
}

/* Rows as "  DAY  ORG: SUBJECT" lines, DAY the follow-up's if due. */
static void
report_text_rows(GString *s, const char *title, GPtrArray *rows,
    gboolean due)
{
	const struct report_row	*row;
	guint			 i;

	if (rows->len == 0)
		return;
	g_string_append_printf(s, "  %s\n", title);
	for (i = 0; i < rows->len; i++) {
		row = rows->pdata[i];
		g_string_append_printf(s, "    %s  %s: %s\n",
		    due ? row->rec->due : row->day, row->org,
		    report_subject(row));
	}
}

static void
report_text_came_back(GString *s, const struct report *rep)
{
	const struct report_row	*row;
	char			 day[11];
	guint			 i;

	g_string_append_printf(s, "\nCame back: %u\n", rep->came_back->len);
	for (i = 0; i < rep->came_back->len; i++) {
		row = rep->came_back->pdata[i];
		report_day(row->came_back->date, day);
		g_string_append_printf(s, "  %s  %s: %s (rejected %s)\n", day,
		    row->org, row->came_back->subject != NULL ?
		    row->came_back->subject : report_subject(row), row->day);
	}
}

/* The report as text for a terminal or a mail: a new string. */
char *
report_text(const struct report *rep)
{
	GString	*s;

	s = g_string_new("Rejections ");
	report_period(s, rep);
	g_string_append_printf(s, ": %u", rep->rows->len);
	if (rep->forgotten > 0)
		g_string_append_printf(s, " (%u forgotten)", rep->forgotten);
	g_string_append_c(s, '\n');
	report_text_months(s, rep);
	report_text_counts(s, "By category", rep->categories);
	report_text_counts(s, "By organisation", rep->orgs);
	report_text_thanks(s, rep);
	g_string_append_printf(s, "\nFollow-ups: %u done, %u due, %u "
	    "overdue\n", rep->done, rep->due, rep->overdue);
	report_text_rows(s, "overdue", rep->overdue_rows, TRUE);
	report_text_rows(s, "next due", rep->due_rows, TRUE);
	report_text_came_back(s, rep);
	return (g_string_free(s, FALSE));
}

/* Text for a Markdown table cell or line: what would format escaped. */
static void
report_md(GString *s, const char *text)
{
	for (; *text != '\0'; text++) {
		if (strchr("\\`*_[]<>|", *text) != NULL)
			g_string_append_c(s, '\\');
		g_string_append_c(s, *text);
	}
}

static void
report_md_months(GString *s, const struct report *rep)
{
	const struct report_month	*m;
	guint				 i;

	g_string_append(s, "\n## Per month\n\n");
	if (rep->months->len == 0) {
		g_string_append(s, "None.\n");
		return;
	}
	g_string_append(s, "| Month | Rejections | Thank-you notes |\n"
	    "|---|--:|--:|\n");
	for (i = 0; i < rep->months->len; i++) {
		m = &g_array_index(rep->months, struct report_month, i);
		g_string_append_printf(s, "| %s | %u | %u |\n", m->name,
		    m->rejections, m->thanks);
	}
}

static void
report_md_counts(GString *s, const char *title, const char *column,
    GArray *counts)
{
	const struct report_count	*c;
	guint				 i;

	g_string_append_printf(s, "\n## %s\n\n", title);
	if (counts->len == 0) {
		g_string_append(s, "None.\n");
		return;
	}
	g_string_append_printf(s, "| %s | Rejections |\n|---|--:|\n", column);
	for (i = 0; i < counts->len; i++) {
		c = &g_array_index(counts, struct report_count, i);
		g_string_append(s, "| ");
		report_md(s, c->name);
		g_string_append_printf(s, " | %u |\n", c->n);
	}
}

static void
report_md_thanks(GString *s, const struct report *rep)
{
	g_string_append_printf(s, "\n## Thank-you notes\n\n"
	    "- Went out: %u (%u seen sent, %u only left the drafts folder)\n"
	    "- Not sent yet: %u\n", rep->sent + rep->left, rep->sent,
	    rep->left, rep->unsent);
	if (rep->median_days >= 0)
		g_string_append_printf(s, "- Days from the rejection: median "
		    "%g, longest %d\n", rep->median_days, rep->longest_days);
}

/* Rows as a table of date, organisation and subject. */
static void
report_md_rows(GString *s, const char *title, const char *column,
    GPtrArray *rows, gboolean came_back)
{
	const struct report_row	*row;
	char			 day[11];
	guint			 i;

	g_string_append_printf(s, "\n%s\n\n", title);
	if (rows->len == 0) {
		g_string_append(s, "None.\n");
		return;
	}
	g_string_append_printf(s, "| %s | Organisation | Subject |\n"
	    "|---|---|---|\n", column);
	for (i = 0; i < rows->len; i++) {
		row = rows->pdata[i];
		if (came_back)
			report_day(row->came_back->date, day);
		g_string_append_printf(s, "| %s | ", came_back ? day :
		    row->rec->due);
		report_md(s, row->org);
		g_string_append(s, " | ");
		report_md(s, came_back && row->came_back->subject != NULL ?
		    row->came_back->subject : report_subject(row));
		g_string_append(s, " |\n");
	}
}

/* The report in Markdown, to paste into a chat or a note: a new string. */
static char *
report_markdown(const struct report *rep)
{
	GString	*s;

	s = g_string_new("# Rejections ");
	report_period(s, rep);
	g_string_append(s, "\n\n**");
	report_n(s, rep->rows->len, "rejection");
	g_string_append(s, "**");
	if (rep->forgotten > 0)
		g_string_append_printf(s, " (%u forgotten)", rep->forgotten);
	g_string_append_printf(s, ", %u thank-you note%s sent, %u follow-up%s "
	    "overdue, %u came back.\n", rep->sent + rep->left,
	    rep->sent + rep->left == 1 ? "" : "s", rep->overdue,
	    rep->overdue == 1 ? "" : "s", rep->came_back->len);
	report_md_months(s, rep);
	report_md_counts(s, "By category", "Category", rep->categories);
	report_md_counts(s, "By organisation", "Organisation", rep->orgs);
	report_md_thanks(s, rep);
	g_string_append_printf(s, "\n## Follow-ups\n\n- Done: %u\n- Due: %u\n"
	    "- Overdue: %u\n", rep->done, rep->due, rep->overdue);
	report_md_rows(s, "### Overdue", "Due", rep->overdue_rows, FALSE);
	report_md_rows(s, "### Next due", "Due", rep->due_rows, FALSE);
	report_md_rows(s, "## Came back", "Date", rep->came_back, TRUE);
	return (g_string_free(s, FALSE));
}

/* A CSV field (RFC 4180): quoted when it has to be; NULL is empty. */
static void
report_csv_field(GString *s, const char *text, gboolean last)
{
	const char	*p;

	if (text != NULL && text[strcspn(text, ",\"\r\n")] != '\0') {
		g_string_append_c(s, '"');
		for (p = text; *p != '\0'; p++) {
			if (*p == '"')
				g_string_append_c(s, '"');
			g_string_append_c(s, *p);
		}
		g_string_append_c(s, '"');
	} else if (text != NULL)
		g_string_append(s, text);
	g_string_append(s, last ? "\r\n" : ",");
}

static void
report_csv_row(GString *s, const struct report_row *row)
{
	const struct record	*rec = row->rec;
	char			 month[8], thanks[11], came[11], days[16];

	g_strlcpy(month, row->day, sizeof month);
	*thanks = *came = *days = '\0';
	if (row->thanks != 0) {
		report_day(row->thanks, thanks);
		g_snprintf(days, sizeof days, "%d", row->thanks_days);
	}
	if (row->came_back != NULL)
		report_day(row->came_back->date, came);
	report_csv_field(s, rec->key, FALSE);
	report_csv_field(s, row->day, FALSE);
	report_csv_field(s, month, FALSE);
	report_csv_field(s, rec->category, FALSE);
	report_csv_field(s, row->org, FALSE);
	report_csv_field(s, rec->contact, FALSE);
	report_csv_field(s, rec->sender, FALSE);
	report_csv_field(s, rec->subject, FALSE);
	report_csv_field(s, thanks, FALSE);
	report_csv_field(s, days, FALSE);
	report_csv_field(s, row->forgotten ? NULL : rec->due, FALSE);
	report_csv_field(s, row->follow_up, FALSE);
	report_csv_field(s, came, FALSE);
	report_csv_field(s, row->came_back != NULL ?
	    row->came_back->subject : NULL, TRUE);
}

/* The rejections as CSV, one row each after a header: a new string. */
static char *
report_csv(const struct report *rep)
{
	GString	*s;
	guint	 i;

	s = g_string_new("id,date,month,category,org,contact,sender,subject,"
	    "thank_you,thank_you_days,follow_up_due,follow_up,came_back,"
	    "came_back_subject\r\n");
	for (i = 0; i < rep->rows->len; i++)
		report_csv_row(s, rep->rows->pdata[i]);
	return (g_string_free(s, FALSE));
}

/* Write the SVG chart to path, atomically. */
static int
report_chart(const struct config *cf, const struct report *rep,
    const char *path, GError **error)
{
	char	*svg, *tmp;
	int	 rc = 0;

	if (cf->dry_run) {
		printf("dry run: chart not written: %s\n", path);
		return (0);
	}
	svg = chart_svg(rep);
	tmp = g_strdup_printf("%s.%ld.tmp", path, (long)getpid());
	if (file_check_owner(path, error) != 0 ||
	    file_put(tmp, path, svg, strlen(svg), error) != 0)
		rc = -1;
	else if (log_verbosity >= 0)
		printf("chart: %s\n", path);
	g_free(tmp);
	g_free(svg);
	return (rc);
}

/* The ISO week of the day d, "2026-W47": the digest's tag has it. */
static char *
report_week(const GDate *d)
{
	GDateTime	*dt;
	char		*week;

	dt = g_date_time_new_utc(g_date_get_year(d), g_date_get_month(d),
	    g_date_get_day(d), 12, 0, 0);
	week = g_strdup_printf("%04d-W%02d",
	    g_date_time_get_week_numbering_year(dt),
	    g_date_time_get_week_of_year(dt));
	g_date_time_unref(dt);
	return (week);
}

/* The digest as a message from the user to the user: a new string. */
static char *
report_digest_text(const struct config *cf, const struct report *rep,
    const char *tag)
{
	struct draft	 d = { 0 };
	GString		*subject;
	char		*addr, *text;
	const char	*domain;

	addr = cf->address != NULL ? g_strdup(cf->address) :
	    g_strdup_printf("%s@%s", g_get_user_name(), g_get_host_name());
	domain = strchr(addr, '@') != NULL ? strchr(addr, '@') + 1 :
	    g_get_host_name();
	d.from.name = d.to.name = cf->name;
	d.from.addr = d.to.addr = addr;
	subject = g_string_new("doorstop: your week \342\200\224 ");
	report_n(subject, rep->rows->len, "rejection");
	g_string_append(subject, ", ");
	report_n(subject, rep->sent + rep->left, "thank-you note");
	d.subject = subject->str;
	d.date = time(NULL);
	d.message_id = g_strdup_printf("%s.%" G_GINT64_FORMAT "@%s", tag,
	    d.date, domain);
	d.key = (char *)tag;
	d.body = report_text(rep);
	text = message_digest(&d);
	g_free(d.body);
	g_free(d.message_id);
	g_string_free(subject, TRUE);
	g_free(addr);
	return (text);
}

/* Deliver the week's digest into the Maildir dir, once a week. */
static int
report_digest(const struct config *cf, const struct report *rep,
    const struct report_options *o, GError **error)
{
	char	*week, *tag, *text, *path = NULL;
	int	 rc;

	week = report_week(&o->until);
	tag = g_strdup_printf("doorstop-digest-%s", week);
	text = report_digest_text(cf, rep, tag);
	if (cf->dry_run) {
		printf("dry run: digest for %s not written to %s:\n%s", week,
		    o->maildir, text);
		rc = 0;
	} else if ((rc = store_maildir_deliver(o->maildir, text, tag, &path,
	    error)) >= 0 && log_verbosity >= 0)
		printf(rc == 0 ? "digest for %s: %s\n" :
		    "digest for %s already there: %s\n", week, path);
	g_free(path);
	g_free(text);
	g_free(tag);
	g_free(week);
	return (rc < 0 ? -1 : 0);
}

/* The report on standard output in the format asked for. */
static int
report_print(const struct report *rep, int format, GError **error)
{
	char	*text;

	switch (format) {
	case FORMAT_MARKDOWN:
		text = report_markdown(rep);
		break;
	case FORMAT_JSON:
		if ((text = json_report(rep, error)) == NULL)
			return (-1);
		break;
	case FORMAT_CSV:
		text = report_csv(rep);
		break;
	default:
		text = report_text(rep);
		break;
	}
	fputs(text, stdout);
	if (format == FORMAT_JSON)
		putchar('\n');
	g_free(text);
	return (0);
}

/*
 * "doorstop report": the report on standard output or, with --chart or
 * --to-maildir, that written and a line saying where.
 */
int
report_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct report_options	 o = { .format = FORMAT_TEXT };
	struct report		*rep;
	int			 rc = -1;

	if (report_options(&o, argc, argv, error) != 0)
		return (-1);
	rep = report_new(&o);
	if (report_load(cf, rep, error) != 0)
		goto out;
	report_gather(cf, rep, &o);
	if (o.chart == NULL && o.maildir == NULL)
		rc = report_print(rep, o.format, error);
	else if ((o.chart == NULL || report_chart(cf, rep, o.chart,
	    error) == 0) && (o.maildir == NULL || report_digest(cf, rep, &o,
	    error) == 0))
		rc = 0;
out:
	report_free(rep);
	return (rc);
}
