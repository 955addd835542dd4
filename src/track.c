/*
 * track.c: what happened after a rejection was answered.  A later message
 * of its thread, from its sender before the follow-up is due, or from its
 * organisation, means they wrote again: the follow-up is done, or noted
 * when they only said no once more.  The user's own reply means the
 * thank-you note went out, and so does a draft gone from the drafts
 * folder.  Each is recorded once, and the reminder says so.
 */

#include <string.h>
#include <time.h>

#include "doorstop.h"

/* The line added to the reminder's description for ev. */
static char *
track_note(const struct event *ev)
{
	char	 day[11], *note;

	report_day(ev->date, day);
	if (strcmp(ev->kind, "sent") == 0)
		note = g_strdup_printf("Thank-you note sent on %s.", day);
	else if (strcmp(ev->kind, "left") == 0)
		note = g_strdup_printf("The thank-you note left the drafts "
		    "folder by %s (sent, or deleted).", day);
	else
		note = g_strdup_printf("They wrote again on %s%s: \"%s\".", day,
		    strcmp(ev->kind, "rejected") == 0 ?
		    ", to say no once more" : "",
		    ev->subject != NULL ? ev->subject : "");
	return (note);
}

/* Whom rec is about: the contact, else the organisation, else the sender. */
static const char *
track_who(const struct record *rec)
{
	if (rec->contact != NULL)
		return (rec->contact);
	if (rec->org != NULL)
		return (rec->org);
	return (rec->sender != NULL ? rec->sender : "?");
}

/*
 * Record ev for rec and note it in the reminder, a follow-up done when
 * they wrote again; under the state's lock, so that a message seen twice,
 * or by two doorstops at once, is noted once.  Returns 1 if it was new,
 * 0 if seen before, or -1 with error set, having recorded nothing.  With
 * --dry-run, it says what it would note, if new, and records nothing.
 */
static int
track_event(const struct config *cf, struct state *st,
    const struct record *rec, const struct event *ev, GError **error)
{
	char	*note;
	int	 rc;

	if (state_begin(st, error) != 0)
		return (-1);
	if (cf->dry_run) {	/* recorded, and taken back */
		if ((rc = state_event_put(st, ev, error)) == 1) {
			note = track_note(ev);
			log_warn("dry run: would note for %s (%.12s): %s",
			    track_who(rec), rec->key, note);
			g_free(note);
		}
		state_rollback(st);
		return (rc < 0 ? -1 : 0);
	}
	if ((rc = state_event_put(st, ev, error)) == 1 && rec->uid != NULL) {
		note = track_note(ev);
		if (reminder_update(cf->calendar, rec->uid, note,
		    strcmp(ev->kind, "wrote") == 0, error) < 0)
			rc = -1;
		else
			log_info("%.12s (%s): %s", rec->key, track_who(rec),
			    note);
		g_free(note);
	}
	if (rc >= 0 && state_commit(st, error) != 0)
		rc = -1;
	state_rollback(st);
	return (rc);
}

/* The Message-IDs m refers to: In-Reply-To, then References. */
static GPtrArray *
track_ids(const struct message *m)
{
	GPtrArray	*ids, *more;
	guint		 i;

	ids = message_ids(m, "In-Reply-To");
	more = message_ids(m, "References");
	for (i = 0; i < more->len; i++)
		g_ptr_array_add(ids, g_ptr_array_steal_index(more, i--));
	g_ptr_array_free(more, TRUE);
	return (ids);
}

/*
 * What a message that came after rejections were answered can mean to
 * them: the user's own when sent (read from a Sent folder) or From one of
 * the user's addresses, else theirs; v is its verdict (NULL for the
 * user's own).  NULL for machines' mail (auto-replies, bounces, lists),
 * which means nothing.
 */
struct later *
later_new(const struct config *cf, const struct message *m,
    const struct verdict *v, gboolean sent)
{
	struct later	*lt;
	struct address	*a;
	GPtrArray	*from, *self;

	if (!sent && gate_automatic(m) != NULL)
		return (NULL);
	lt = g_new0(struct later, 1);
	from = message_addresses(m, "From");
	a = from->len > 0 ? from->pdata[0] : NULL;
	sent = sent || (a != NULL && config_is_mine(cf, a->addr));
	if (a != NULL)
		lt->sender = g_strdup(a->addr);
	/*
	 * Only a person writing to the user is tied to a rejection by sender
	 * or organisation: an address nobody reads (recruiting platforms
	 * send for many organisations from one), a newsletter, or a domain
	 * that cannot get mail is tied only by its thread.
	 */
	if (a != NULL && !sent && !gate_is_noreply(a->addr) &&
	    !gate_is_bulk(m) && !lead_is_reserved(a->addr)) {
		lt->from = g_ascii_strdown(a->addr, -1);
		lt->domain = lead_domain(lt->from);
	}
	g_ptr_array_free(from, TRUE);
	lt->key = lead_key(m);
	lt->ids = track_ids(m);
	if (sent)
		lt->draft = g_strdup(message_header(m, "X-Doorstop-Draft"));
	lt->date = message_date(m);
	if (lt->date <= 0 || lt->date > time(NULL))
		lt->date = time(NULL);
	lt->kind = sent ? "sent" : v != NULL && v->rejection ? "rejected" :
	    "wrote";
	self = message_ids(m, "Message-ID");
	lt->source = g_strdup(self->len > 0 ? self->pdata[0] : lt->key);
	g_ptr_array_free(self, TRUE);
	lt->subject = lead_subject(message_header(m, "Subject"));
	return (lt);
}

void
later_free(struct later *lt)
{
	if (lt == NULL)
		return;
	g_free(lt->key);
	g_ptr_array_free(lt->ids, TRUE);
	g_free(lt->from);
	g_free(lt->domain);
	g_free(lt->draft);
	g_free(lt->source);
	g_free(lt->subject);
	g_free(lt->sender);
	g_free(lt);
}

/*
 * Whether anything ties lt to a rejection: a thread, a sender or a draft.
 * Without, there is no need to open the state to look.
 */
gboolean
later_has_ties(const struct later *lt)
{
	return (lt->ids->len > 0 || lt->from != NULL || lt->draft != NULL);
}

/*
 * Note lt in the rejections answered before it that it is about.  Returns
 * how many it was news for, or -1 with error set.
 */
int
track_later(const struct config *cf, struct state *st,
    const struct later *lt, GError **error)
{
	struct event	 ev = { 0 };
	GPtrArray	*rows;
	guint		 i;
	int		 rc = 0, n = 0;

	if ((rows = state_related(st, lt, error)) == NULL)
		return (-1);
	ev.kind = (char *)lt->kind;
	ev.source = lt->source;
	ev.date = lt->date;
	ev.seen = time(NULL);
	ev.subject = lt->subject;
	ev.sender = lt->sender;
	for (i = 0; rc >= 0 && i < rows->len; i++) {
		ev.key = ((struct record *)rows->pdata[i])->key;
		if ((rc = track_event(cf, st, rows->pdata[i], &ev, error)) > 0)
			n++;
	}
	g_ptr_array_free(rows, TRUE);
	return (rc < 0 ? -1 : n);
}

/*
 * Look for the drafts of answered rejections that left the drafts
 * folder since: sent, most likely, or deleted.  Returns how many were
 * noted, or -1 with error set.
 */
int
track_drafts(const struct config *cf, struct state *st, GError **error)
{
	struct event	 ev = { 0 };
	struct record	*rec;
	GPtrArray	*rows;
	guint		 i;
	int		 rc = 0, n = 0;

	if ((rows = state_unsent(st, error)) == NULL)
		return (-1);
	ev.kind = "left";
	ev.date = ev.seen = time(NULL);
	for (i = 0; rc >= 0 && i < rows->len; i++) {
		rec = rows->pdata[i];
		if (reply_draft_holds(cf, rec) != 0)
			continue;
		ev.key = rec->key;
		ev.source = rec->draft;
		if ((rc = track_event(cf, st, rec, &ev, error)) > 0)
			n++;
	}
	g_ptr_array_free(rows, TRUE);
	return (rc < 0 ? -1 : n);
}
