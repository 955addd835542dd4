/*
 * chart.c: the report's charts of rejections and thank-you notes per
 * month: bars of Unicode block eighths for a terminal, and an SVG bar
 * chart, written as text, for a browser or a document.
 */

#include <stdarg.h>
#include <string.h>

#include "doorstop.h"

#define CHART_LEFT	56	/* room for the scale */
#define CHART_RIGHT	24
#define CHART_TOP	84	/* title, period and legend */
#define CHART_PLOT	200	/* height of the bars' area */
#define CHART_BOTTOM	40	/* month labels */
#define CHART_GROUP	56	/* least width of a month: two bars, gaps */
#define CHART_BAR	18
#define CHART_MIN_WIDTH	480

#define CHART_REJECTIONS "#c0392b"
#define CHART_THANKS	"#2e86c1"

/*
 * A bar of value against max, as long as width cells are for max, in
 * eighths of a cell (U+2588 to U+258F), padded with spaces to width
 * cells.  A value above nothing shows at least an eighth.  A new string.
 */
char *
chart_bar(guint value, guint max, guint width)
{
	static const char *const eighths[] = { "", "\342\226\217",
	    "\342\226\216", "\342\226\215", "\342\226\214", "\342\226\213",
	    "\342\226\212", "\342\226\211" };
	GString	*s;
	guint64	 n = 0;
	guint	 cells;

	if (max > 0 && value > 0) {
		n = ((guint64)MIN(value, max) * width * 8 + max / 2) / max;
		n = MAX(n, 1);
	}
	s = g_string_new(NULL);
	for (cells = 0; cells < n / 8; cells++)
		g_string_append(s, "\342\226\210");
	if (n % 8 != 0) {
		g_string_append(s, eighths[n % 8]);
		cells++;
	}
	for (; cells < width; cells++)
		g_string_append_c(s, ' ');
	return (g_string_free(s, FALSE));
}

/* Append to s the format with its arguments escaped for XML. */
static void G_GNUC_PRINTF(2, 3)
chart_printf(GString *s, const char *format, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, format);
	text = g_markup_vprintf_escaped(format, ap);
	va_end(ap);
	g_string_append(s, text);
	g_free(text);
}

/* The top of the scale and its step: 1, 2 or 5 times a power of ten. */
static guint
chart_scale(guint max, guint *step)
{
	static const guint	 steps[] = { 1, 2, 5 };
	guint			 power = 1, i;

	for (;;) {
		for (i = 0; i < G_N_ELEMENTS(steps); i++) {
			*step = steps[i] * power;
			if ((max + *step - 1) / *step <= 5)
				return ((max + *step - 1) / *step * *step);
		}
		power *= 10;
	}
}

static void
chart_period(GString *s, const struct report *rep)
{
	if (*rep->since != '\0')
		chart_printf(s, "from %s to %s", rep->since, rep->until);
	else
		chart_printf(s, "up to %s", rep->until);
}

/* The head: the element, what it is for screen readers, the title. */
static void
chart_head(GString *s, const struct report *rep, guint width, guint height)
{
	const struct report_month	*m;
	guint				 i;

	g_string_append_printf(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
	    "height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\" "
	    "aria-labelledby=\"chart-title chart-desc\" "
	    "font-family=\"DejaVu Sans, Verdana, sans-serif\">\n"
	    "<title id=\"chart-title\">Rejections and thank-you notes per "
	    "month, ", width, height, width, height);
	chart_period(s, rep);
	g_string_append(s, "</title>\n<desc id=\"chart-desc\">");
	for (i = 0; i < rep->months->len; i++) {
		m = &g_array_index(rep->months, struct report_month, i);
		chart_printf(s, "%s%s: %u rejection%s, %u thank-you note%s",
		    i > 0 ? "; " : "", m->name, m->rejections,
		    m->rejections == 1 ? "" : "s", m->thanks,
		    m->thanks == 1 ? "" : "s");
	}
	if (rep->months->len == 0)
		g_string_append(s, "No rejections");
	g_string_append_printf(s, ".</desc>\n<rect width=\"%u\" height=\"%u\" "
	    "fill=\"#ffffff\"/>\n", width, height);
	g_string_append_printf(s, "<text x=\"%u\" y=\"26\" "
	    "text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\" "
	    "fill=\"#222222\">Rejections and thank-you notes per month</text>\n"
	    "<text x=\"%u\" y=\"46\" text-anchor=\"middle\" font-size=\"12\" "
	    "fill=\"#555555\">", width / 2, width / 2);
	chart_period(s, rep);
	g_string_append(s, "</text>\n");
}

static void
chart_legend(GString *s, guint width)
{
	guint	x = width / 2 - 120;

	g_string_append_printf(s, "<g font-size=\"12\" fill=\"#222222\">\n"
	    "<rect x=\"%u\" y=\"56\" width=\"12\" height=\"12\" fill=\"%s\"/>"
	    "<text x=\"%u\" y=\"66\">rejections</text>\n"
	    "<rect x=\"%u\" y=\"56\" width=\"12\" height=\"12\" fill=\"%s\"/>"
	    "<text x=\"%u\" y=\"66\">thank-you notes</text>\n</g>\n",
	    x, CHART_REJECTIONS, x + 18, x + 110, CHART_THANKS, x + 128);
}

/* The scale: a gridline and a label at each step. */
static void
chart_grid(GString *s, guint top, guint step, guint left, guint plot_width)
{
	guint	v, y;

	g_string_append(s, "<g font-size=\"11\" fill=\"#555555\">\n");
	for (v = 0; v <= top; v += step) {
		y = CHART_TOP + CHART_PLOT - v * CHART_PLOT / top;
		g_string_append_printf(s, "<line x1=\"%u\" y1=\"%u\" x2=\"%u\" "
		    "y2=\"%u\" stroke=\"%s\" stroke-width=\"1\"/>"
		    "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">%u</text>\n",
		    left, y, left + plot_width, y,
		    v == 0 ? "#333333" : "#dddddd", left - 8, y + 4, v);
	}
	g_string_append(s, "</g>\n");
}

/* One bar, with its value as a tooltip. */
static void
chart_bar_svg(GString *s, guint x, guint value, guint top,
    const char *colour, const char *month, const char *what)
{
	guint	h = value * CHART_PLOT / top;

	if (value == 0)
		return;
	g_string_append_printf(s, "<rect x=\"%u\" y=\"%u\" width=\"%u\" "
	    "height=\"%u\" fill=\"%s\">", x, CHART_TOP + CHART_PLOT - h,
	    CHART_BAR, h, colour);
	chart_printf(s, "<title>%s: %u %s</title></rect>\n", month, value,
	    what);
}

/* The months' bars from left on, each month group wide, and labels. */
static void
chart_bars(GString *s, const struct report *rep, guint top, guint left,
    guint group)
{
	const struct report_month	*m;
	guint				 i, mid;

	for (i = 0; i < rep->months->len; i++) {
		m = &g_array_index(rep->months, struct report_month, i);
		mid = left + i * group + group / 2;
		chart_bar_svg(s, mid - CHART_BAR - 1, m->rejections, top,
		    CHART_REJECTIONS, m->name, "rejections");
		chart_bar_svg(s, mid + 1, m->thanks, top, CHART_THANKS,
		    m->name, "thank-you notes");
		chart_printf(s, "<text x=\"%u\" y=\"%u\" "
		    "text-anchor=\"middle\" font-size=\"11\" "
		    "fill=\"#222222\">%s</text>\n", mid,
		    CHART_TOP + CHART_PLOT + 18, m->name);
	}
}

/* The largest count of any month, rejections or thank-you notes. */
static guint
chart_max(const struct report *rep)
{
	const struct report_month	*m;
	guint				 i, max = 0;

	for (i = 0; i < rep->months->len; i++) {
		m = &g_array_index(rep->months, struct report_month, i);
		max = MAX(max, MAX(m->rejections, m->thanks));
	}
	return (max);
}

/*
 * The report's months as an SVG bar chart: for each month a bar of
 * rejections and one of thank-you notes, a scale with gridlines, a legend;
 * or, when there is nothing to show, a chart that says so.  A new string.
 */
char *
chart_svg(const struct report *rep)
{
	GString	*s;
	guint	 max, top, step, group = 0, left, width, height;

	max = chart_max(rep);
	width = CHART_MIN_WIDTH;
	if (max > 0) {
		width = MAX(width, CHART_LEFT + rep->months->len * CHART_GROUP +
		    CHART_RIGHT);
		group = MIN((width - CHART_LEFT - CHART_RIGHT) /
		    rep->months->len, 3 * CHART_GROUP);
	}
	height = CHART_TOP + CHART_PLOT + CHART_BOTTOM;
	s = g_string_new(NULL);
	chart_head(s, rep, width, height);
	if (max == 0) {
		g_string_append_printf(s, "<text x=\"%u\" y=\"%u\" "
		    "text-anchor=\"middle\" font-size=\"14\" fill=\"#555555\">"
		    "Nothing to show: no rejections in this period.</text>\n",
		    width / 2, CHART_TOP + CHART_PLOT / 2);
	} else {
		top = chart_scale(max, &step);
		left = CHART_LEFT + (width - CHART_LEFT - CHART_RIGHT -
		    group * rep->months->len) / 2;
		chart_legend(s, width);
		chart_grid(s, top, step, left, group * rep->months->len);
		chart_bars(s, rep, top, left, group);
	}
	g_string_append(s, "</svg>\n");
	return (g_string_free(s, FALSE));
}
