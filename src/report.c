/*
 * report.c: "doorstop report", the journal of the rejections of a period:
 * how many, when, from whom, whether the thank-you notes went out and the
 * follow-ups were done, and which opportunities came back; printed as text,
 * Markdown or CSV (report-format.c) or JSON (json.c), drawn as an SVG chart
 * (chart.c), or delivered into a Maildir as a weekly digest.
 */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "doorstop.h"

#define REPORT_NEXT_DUE		5	/* follow-ups listed as next due */
#define REPORT_DIGEST_DAYS	7

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
void
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
		rep->events = state_events(st, error);
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
	gint64	 when;

	if (row->came_back != NULL)
		return ("done");
	if (reminder_completed(cf->calendar, row->rec->uid, &when) &&
	    when < end)
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
	report_plural(subject, rep->rows->len, "rejection");
	g_string_append(subject, ", ");
	report_plural(subject, rep->sent + rep->left, "thank-you note");
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
