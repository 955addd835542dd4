/*
 * reminder.c: a follow-up reminder as iCalendar, written into a vdir (one
 * "<UID>.ics" per item) that todoman, khal, vdirsyncer and CalDAV clients
 * read.  The only file that uses libical.
 */

#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libical/ical.h>

#include "doorstop.h"

static struct icaltimetype
reminder_date(const GDate *d, int days)
{
	struct icaltimetype	t = icaltime_null_date();
	GDate			next = *d;

	g_date_add_days(&next, days);
	t.year = g_date_get_year(&next);
	t.month = g_date_get_month(&next);
	t.day = g_date_get_day(&next);
	t.is_date = 1;
	return (t);
}

/* A display alarm at 9:00 on the day: RELATED=END for a VTODO's DUE. */
static icalcomponent *
reminder_alarm(const struct reminder *rem, gboolean todo)
{
	icalcomponent	*alarm;
	icalproperty	*trigger;

	alarm = icalcomponent_new_valarm();
	icalcomponent_add_property(alarm,
	    icalproperty_new_action(ICAL_ACTION_DISPLAY));
	icalcomponent_add_property(alarm,
	    icalproperty_new_description(rem->summary));
	trigger = icalproperty_new_trigger(icaltriggertype_from_string("PT9H"));
	if (todo)
		icalproperty_add_parameter(trigger,
		    icalparameter_new_related(ICAL_RELATED_END));
	icalcomponent_add_property(alarm, trigger);
	return (alarm);
}

static icalcomponent *
reminder_item(const struct reminder *rem, gboolean todo)
{
	icalcomponent	*c;
	char		*uid, *cats;
	time_t		 now = time(NULL);

	c = todo ? icalcomponent_new_vtodo() : icalcomponent_new_vevent();
	uid = todo ? g_strdup(rem->uid) : g_strconcat(rem->uid, "-event",
	    NULL);
	icalcomponent_add_property(c, icalproperty_new_uid(uid));
	g_free(uid);
	icalcomponent_add_property(c, icalproperty_new_dtstamp(
	    icaltime_from_timet_with_zone(now, 0,
	    icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(c, icalproperty_new_summary(rem->summary));
	icalcomponent_add_property(c,
	    icalproperty_new_description(rem->description));
	if (todo) {
		icalcomponent_add_property(c,
		    icalproperty_new_due(reminder_date(&rem->due, 0)));
		icalcomponent_add_property(c,
		    icalproperty_new_status(ICAL_STATUS_NEEDSACTION));
	} else {
		icalcomponent_add_property(c,
		    icalproperty_new_dtstart(reminder_date(&rem->due, 0)));
		icalcomponent_add_property(c,
		    icalproperty_new_dtend(reminder_date(&rem->due, 1)));
		icalcomponent_add_property(c,
		    icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	}
	if (rem->url != NULL)
		icalcomponent_add_property(c, icalproperty_new_url(rem->url));
	/* One CATEGORIES with a list: todoman fails on two, khal drops both. */
	cats = g_strjoin(",", "doorstop", rem->category, NULL);
	icalcomponent_add_property(c, icalproperty_new_categories(cats));
	g_free(cats);
	if (rem->important)
		icalcomponent_add_property(c, icalproperty_new_priority(1));
	icalcomponent_add_component(c, reminder_alarm(rem, todo));
	return (c);
}

/* The iCalendar text of rem as a VTODO (kind REMINDER_TODO) or a VEVENT. */
char *
reminder_ics(const struct reminder *rem, int kind)
{
	icalcomponent	*cal;
	char		*ics;

	cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal,
	    icalproperty_new_prodid("-//doorstop//doorstop " PACKAGE_VERSION
	    "//EN"));
	icalcomponent_add_component(cal, reminder_item(rem,
	    kind == REMINDER_TODO));
	ics = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	return (ics);
}

/*
 * Write rem into the vdir dir (created if missing): "<UID>.ics" for the
 * VTODO, "<UID>-event.ics" for the VEVENT, as rem->kind asks, each
 * replaced atomically.  *paths gets the files written.  Returns 0 or -1.
 */
int
reminder_write(const char *dir, const struct reminder *rem, char ***paths,
    GError **error)
{
	static const int	 kinds[] = { REMINDER_TODO, REMINDER_EVENT };
	GPtrArray		*out;
	char			*ics, *name, *tmp, *final;
	gsize			 i;
	int			 rc = 0;

	if (file_check_owner(dir, error) != 0 || file_mkdirs(dir, error) != 0)
		return (-1);
	out = g_ptr_array_new();
	for (i = 0; rc == 0 && i < G_N_ELEMENTS(kinds); i++) {
		if ((rem->kind & kinds[i]) == 0)
			continue;
		name = g_strdup_printf("%s%s.ics", rem->uid,
		    kinds[i] == REMINDER_EVENT ? "-event" : "");
		tmp = g_strdup_printf("%s/.%s.%ld.tmp", dir, name,
		    (long)getpid());
		final = g_build_filename(dir, name, NULL);
		ics = reminder_ics(rem, kinds[i]);
		rc = file_put(tmp, final, ics, strlen(ics), error);
		if (rc == 0)
			g_ptr_array_add(out, final);
		else
			g_free(final);
		free(ics);
		g_free(tmp);
		g_free(name);
	}
	g_ptr_array_add(out, NULL);
	*paths = (char **)g_ptr_array_free(out, FALSE);
	return (rc);
}

/* Replace (or add) c's property of kind with prop. */
static void
reminder_set(icalcomponent *c, icalproperty_kind kind, icalproperty *prop)
{
	icalproperty	*old;

	while ((old = icalcomponent_get_first_property(c, kind)) != NULL) {
		icalcomponent_remove_property(c, old);
		icalproperty_free(old);
	}
	icalcomponent_add_property(c, prop);
}

/*
 * Add note to the item's DESCRIPTION, unless it is there; when done, a
 * VTODO is completed (unless it was, or was cancelled) and a VEVENT loses
 * its alarms.  Returns whether anything changed.
 */
static gboolean
reminder_note(icalcomponent *c, const char *note, gboolean done)
{
	icalcomponent	*alarm;
	const char	*old;
	char		*text;
	gboolean	 todo, changed = FALSE;
	icalproperty_status status;
	struct icaltimetype now;

	todo = icalcomponent_isa(c) == ICAL_VTODO_COMPONENT;
	now = icaltime_current_time_with_zone(icaltimezone_get_utc_timezone());
	old = icalcomponent_get_description(c);
	if (old == NULL || strstr(old, note) == NULL) {
		text = g_strconcat(old != NULL ? old : "", old != NULL &&
		    *old != '\0' ? "\n" : "", note, NULL);
		icalcomponent_set_description(c, text);
		g_free(text);
		changed = TRUE;
	}
	status = icalcomponent_get_status(c);
	if (done && todo && status != ICAL_STATUS_COMPLETED &&
	    status != ICAL_STATUS_CANCELLED) {
		icalcomponent_set_status(c, ICAL_STATUS_COMPLETED);
		reminder_set(c, ICAL_COMPLETED_PROPERTY,
		    icalproperty_new_completed(now));
		reminder_set(c, ICAL_PERCENTCOMPLETE_PROPERTY,
		    icalproperty_new_percentcomplete(100));
		changed = TRUE;
	}
	while (done && !todo && (alarm = icalcomponent_get_first_component(c,
	    ICAL_VALARM_COMPONENT)) != NULL) {
		icalcomponent_remove_component(c, alarm);
		icalcomponent_free(alarm);
		changed = TRUE;
	}
	if (changed) {
		icalcomponent_set_sequence(c, icalcomponent_get_sequence(c) + 1);
		icalcomponent_set_dtstamp(c, now);
		reminder_set(c, ICAL_LASTMODIFIED_PROPERTY,
		    icalproperty_new_lastmodified(now));
	}
	return (changed);
}

/*
 * libical reads "CATEGORIES:a,b" as one property per value, and would
 * write them so: make them one again, which todoman and khal need.
 */
static void
reminder_join_categories(icalcomponent *c)
{
	icalproperty	*p;
	GPtrArray	*values;
	char		*joined;

	values = g_ptr_array_new_with_free_func(g_free);
	while ((p = icalcomponent_get_first_property(c,
	    ICAL_CATEGORIES_PROPERTY)) != NULL) {
		g_ptr_array_add(values, g_strdup(icalproperty_get_categories(p)));
		icalcomponent_remove_property(c, p);
		icalproperty_free(p);
	}
	if (values->len > 0) {
		g_ptr_array_add(values, NULL);
		joined = g_strjoinv(",", (char **)values->pdata);
		icalcomponent_add_property(c, icalproperty_new_categories(joined));
		g_free(joined);
	}
	g_ptr_array_free(values, TRUE);
}

/* The VTODO or VEVENT in a calendar, or NULL. */
static icalcomponent *
reminder_find(icalcomponent *cal)
{
	icalcomponent	*c;

	if (cal == NULL)
		return (NULL);
	if (icalcomponent_isa(cal) == ICAL_VTODO_COMPONENT ||
	    icalcomponent_isa(cal) == ICAL_VEVENT_COMPONENT)
		return (cal);
	if ((c = icalcomponent_get_first_component(cal,
	    ICAL_VTODO_COMPONENT)) == NULL)
		c = icalcomponent_get_first_component(cal,
		    ICAL_VEVENT_COMPONENT);
	return (c);
}

/*
 * Write cal back to path, atomically.  Returns 1, or 0 when libical cannot
 * write what it read (a component of no known kind), or -1 with error set.
 */
static int
reminder_rewrite(const char *dir, const char *name, const char *path,
    icalcomponent *cal, GError **error)
{
	char	*ics, *tmp;
	int	 rc;

	reminder_join_categories(reminder_find(cal));
	if ((ics = icalcomponent_as_ical_string_r(cal)) == NULL) {
		log_warn("%s: cannot be written back as iCalendar; left as it "
		    "is", path);
		return (0);
	}
	tmp = g_strdup_printf("%s/.%s.%ld.tmp", dir, name, (long)getpid());
	rc = file_put(tmp, path, ics, strlen(ics), error) == 0 ? 1 : -1;
	g_free(tmp);
	free(ics);
	return (rc);
}

/* Update one reminder file; 1 if it changed, 0 if not, or -1. */
static int
reminder_update_file(const char *dir, const char *name, const char *note,
    gboolean done, GError **error)
{
	icalcomponent	*cal, *c;
	char		*path, *text = NULL;
	int		 rc = 0;

	path = g_build_filename(dir, name, NULL);
	if (file_check_owner(path, error) != 0)
		rc = -1;
	else if (!g_file_get_contents(path, &text, NULL, NULL))
		rc = 0;			/* gone: deleted or synced away */
	else if ((c = reminder_find(cal = icalparser_parse_string(text))) ==
	    NULL) {
		log_warn("%s: not an iCalendar VTODO or VEVENT; left as it is",
		    path);
		if (cal != NULL)
			icalcomponent_free(cal);
	} else {
		if (reminder_note(c, note, done))
			rc = reminder_rewrite(dir, name, path, cal, error);
		icalcomponent_free(cal);
	}
	g_free(text);
	g_free(path);
	return (rc);
}

/*
 * Whether uid, as the state has it, can name a file in the calendar: no
 * "/", not hidden.
 */
static gboolean
reminder_uid_ok(const char *uid)
{
	return (uid != NULL && *uid != '\0' && *uid != '.' &&
	    strchr(uid, '/') == NULL);
}

/*
 * Add note to the reminders of uid in the vdir dir, the VTODO and the
 * VEVENT, and when done, mark them done; each file is replaced atomically
 * under its own name, its UID kept, so that vdirsyncer and CalDAV clients
 * take it as a change.  Reminders deleted since are left so, and a uid
 * that cannot name a file has none.  Returns how many files changed, or
 * -1 with error set.
 */
int
reminder_update(const char *dir, const char *uid, const char *note,
    gboolean done, GError **error)
{
	const char	*suffixes[] = { "", "-event" };
	char		*name;
	gsize		 i;
	int		 rc, n = 0;

	if (!reminder_uid_ok(uid))
		return (0);
	for (i = 0; i < G_N_ELEMENTS(suffixes); i++) {
		name = g_strdup_printf("%s%s.ics", uid, suffixes[i]);
		rc = reminder_update_file(dir, name, note, done, error);
		g_free(name);
		if (rc < 0)
			return (-1);
		n += rc;
	}
	return (n);
}

/*
 * Whether the follow-up uid in dir was done: its VTODO completed, by the
 * user or by doorstop.  *when gets its COMPLETED time, or 0 if it has none.
 * A uid that cannot name a file (NULL, hidden, with "/") has none.
 */
gboolean
reminder_completed(const char *dir, const char *uid, gint64 *when)
{
	icalcomponent	*cal, *c;
	icalproperty	*p;
	char		*path, *name, *text;
	gboolean	 done = FALSE;

	*when = 0;
	if (!reminder_uid_ok(uid))
		return (FALSE);
	name = g_strdup_printf("%s.ics", uid);
	path = g_build_filename(dir, name, NULL);
	if (g_file_get_contents(path, &text, NULL, NULL)) {
		cal = icalparser_parse_string(text);
		if ((c = reminder_find(cal)) != NULL &&
		    icalcomponent_isa(c) == ICAL_VTODO_COMPONENT &&
		    icalcomponent_get_status(c) == ICAL_STATUS_COMPLETED) {
			done = TRUE;
			p = icalcomponent_get_first_property(c,
			    ICAL_COMPLETED_PROPERTY);
			if (p != NULL)
				*when = icaltime_as_timet_with_zone(
				    icalproperty_get_completed(p),
				    icaltimezone_get_utc_timezone());
		}
		if (cal != NULL)
			icalcomponent_free(cal);
		g_free(text);
	}
	g_free(path);
	g_free(name);
	return (done);
}

void
reminder_clear(struct reminder *rem)
{
	g_free(rem->uid);
	g_free(rem->summary);
	g_free(rem->description);
	g_free(rem->url);
	memset(rem, 0, sizeof *rem);
}
