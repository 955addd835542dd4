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

void
reminder_clear(struct reminder *rem)
{
	g_free(rem->uid);
	g_free(rem->summary);
	g_free(rem->description);
	g_free(rem->url);
	memset(rem, 0, sizeof *rem);
}
