/*
 * report-format.c: the report as text, with Unicode bars of each month,
 * for a terminal or the weekly digest; as Markdown, to paste into a chat
 * or a note; and as CSV, a row for each rejection, for a spreadsheet.
 */

#include <string.h>

#include "doorstop.h"

#define REPORT_BAR_WIDTH	40	/* cells of the longest bar */

/* Append n and a noun: "1 rejection", "3 rejections". */
void
report_plural(GString *s, guint n, const char *noun)
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
char *
report_markdown(const struct report *rep)
{
	GString	*s;

	s = g_string_new("# Rejections ");
	report_period(s, rep);
	g_string_append(s, "\n\n**");
	report_plural(s, rep->rows->len, "rejection");
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
	char		*defused = NULL;

	/* a spreadsheet would run "=cmd|..." from a subject: make it text */
	if (text != NULL && *text != '\0' && strchr("=+-@", *text) != NULL)
		text = defused = g_strconcat("'", text, NULL);
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
	g_free(defused);
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
char *
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
