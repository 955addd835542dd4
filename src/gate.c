/*
 * gate.c: whether a rejection deserves a reply, apart from its score, and
 * to whom.  Lists, bounces, auto-replies, the user's own mail and doorstop's
 * own drafts get none.  Unlike a vacation responder, an auto-generated
 * rejection from a no-reply address does: the reply goes to Reply-To, a
 * person named in Sender, or an address in the signature.
 */

#include <string.h>

#include "doorstop.h"

#define GATE_TAIL	400	/* bytes of body that may hold a signature */

/* Subject prefixes of out-of-office and automatic replies. */
static const char *const gate_auto_subjects[] = {
	"out of office", "out of the office", "automatic reply",
	"auto reply", "auto-reply", "autoreply", "auto:", "away from",
	"abwesenheitsnotiz", "automatische antwort", "réponse automatique",
	"absence", "respuesta automática", "fuera de la oficina",
	"afwezig", "automatisch antwoord", "risposta automatica", NULL
};

/* Local parts nobody reads. */
static const char *const gate_noreply[] = {
	"noreply", "no-reply", "no_reply", "donotreply", "do-not-reply",
	"do_not_reply", "dontreply", "bounce", "mailer-daemon", "postmaster",
	"notification", NULL
};

/* Whether the local part of addr names a mailbox nobody reads. */
gboolean
gate_is_noreply(const char *addr)
{
	char		*local;
	gboolean	 found = FALSE;
	guint		 i;

	local = g_ascii_strdown(addr, strcspn(addr, "@"));
	for (i = 0; !found && gate_noreply[i] != NULL; i++)
		found = strstr(local, gate_noreply[i]) != NULL;
	g_free(local);
	return (found);
}

/* The first address of header name, or NULL; the array is returned too. */
static const struct address *
gate_first(const struct message *m, const char *name, GPtrArray **list)
{
	*list = message_addresses(m, name);
	return ((*list)->len > 0 ? (*list)->pdata[0] : NULL);
}

static gboolean
gate_header_is(const struct message *m, const char *name, const char *value)
{
	const char	*v = message_header(m, name);

	return (v != NULL && g_ascii_strncasecmp(v, value, strlen(value)) == 0);
}

static const char *
gate_auto_reply(const struct message *m)
{
	const char	*subject;
	guint		 i;

	if (gate_header_is(m, "Auto-Submitted", "auto-replied"))
		return ("an auto-reply (Auto-Submitted: auto-replied)");
	if (message_header(m, "X-Autoreply") != NULL ||
	    message_header(m, "X-Autorespond") != NULL)
		return ("an auto-reply (X-Autoreply)");
	subject = message_header(m, "Subject");
	for (i = 0; subject != NULL && gate_auto_subjects[i] != NULL; i++) {
		if (g_ascii_strncasecmp(subject, gate_auto_subjects[i],
		    strlen(gate_auto_subjects[i])) == 0)
			return ("an out-of-office reply (Subject)");
	}
	return (NULL);
}

static const char *
gate_list(const struct message *m, const char *local)
{
	if (message_header(m, "List-Id") != NULL)
		return ("a mailing list (List-Id)");
	if (message_header(m, "List-Post") != NULL)
		return ("a mailing list (List-Post)");
	if (gate_header_is(m, "Precedence", "list") ||
	    gate_header_is(m, "Precedence", "junk"))
		return ("a mailing list (Precedence)");
	if (local != NULL && (g_str_has_prefix(local, "owner-") ||
	    g_str_has_suffix(local, "-request")))
		return ("a mailing list (owner- or -request sender)");
	return (NULL);
}

/*
 * Why m was written by a machine, not a person: a bounce, an auto-reply
 * or out-of-office, a mailing list; or NULL.  Such mail does not count as
 * a reply to the user's note either.
 */
const char *
gate_automatic(const struct message *m)
{
	const struct address	*from;
	const char		*why;
	GPtrArray		*list;
	char			*local = NULL;

	from = gate_first(m, "From", &list);
	if (from != NULL)
		local = g_ascii_strdown(from->addr, strcspn(from->addr, "@"));
	if (m->report)
		why = "a delivery report (multipart/report)";
	else if (local != NULL && (strcmp(local, "mailer-daemon") == 0 ||
	    strcmp(local, "postmaster") == 0))
		why = "a bounce (From: MAILER-DAEMON)";
	else if ((why = gate_auto_reply(m)) == NULL)
		why = gate_list(m, local);
	g_free(local);
	g_ptr_array_free(list, TRUE);
	return (why);
}

/*
 * Why m gets no reply, whatever it says, or NULL if it may get one.  The
 * reason is a static string for the log.
 */
const char *
gate_skip(const struct config *cf, const struct message *m)
{
	const struct address	*from;
	const char		*why;
	GPtrArray		*list;

	from = gate_first(m, "From", &list);
	if (message_header(m, "X-Doorstop-Draft") != NULL)
		why = "doorstop's own draft (X-Doorstop-Draft)";
	else if (from != NULL && config_is_mine(cf, from->addr))
		why = "your own mail (From)";
	else
		why = gate_automatic(m);
	g_ptr_array_free(list, TRUE);
	return (why);
}

/*
 * Whether m was sent in bulk, to many: a newsletter or an announcement
 * (List-Unsubscribe, Precedence: bulk), not written to the user.
 */
gboolean
gate_is_bulk(const struct message *m)
{
	return (message_header(m, "List-Unsubscribe") != NULL ||
	    gate_header_is(m, "Precedence", "bulk"));
}

/* Copy the first address of header name that is a person's into to. */
static gboolean
gate_take(const struct config *cf, const struct message *m, const char *name,
    gboolean named, struct address *to)
{
	const struct address	*a;
	GPtrArray		*list;
	guint			 i;

	list = message_addresses(m, name);
	for (i = 0; i < list->len; i++) {
		a = list->pdata[i];
		if (gate_is_noreply(a->addr) || config_is_mine(cf, a->addr))
			continue;
		if (named && (a->name == NULL || !lead_is_person(a->name)))
			continue;
		to->name = g_strdup(a->name);
		to->addr = g_strdup(a->addr);
		break;
	}
	g_ptr_array_free(list, TRUE);
	return (to->addr != NULL);
}

/* The end of the mail address whose @ is at, scanning from at. */
static const char *
gate_addr_end(const char *at)
{
	const char	*p = at + 1;

	while (g_ascii_isalnum(*p) || *p == '.' || *p == '-')
		p++;
	while (p > at + 1 && p[-1] == '.')
		p--;
	return (p);
}

/*
 * An address in the signature of m (or the end of its body when it has no
 * signature) that is neither a no-reply address nor the user's.
 */
static gboolean
gate_take_signature(const struct config *cf, const struct message *m,
    struct address *to)
{
	const char	*text = m->signature, *at, *start, *end;
	char		*addr;
	gsize		 len;

	if (text == NULL || *text == '\0') {
		text = m->body != NULL ? m->body : "";
		len = strlen(text);
		text += len > GATE_TAIL ? len - GATE_TAIL : 0;
	}
	for (at = text; at != NULL && (at = strchr(at, '@')) != NULL; at++) {
		for (start = at; start > text && (g_ascii_isalnum(start[-1]) ||
		    strchr("._%+-", start[-1]) != NULL); start--)
			;
		end = gate_addr_end(at);
		if (start == at || memchr(at, '.', end - at) == NULL)
			continue;
		addr = g_strndup(start, end - start);
		if (!gate_is_noreply(addr) && !config_is_mine(cf, addr)) {
			to->addr = addr;
			return (TRUE);
		}
		g_free(addr);
	}
	return (FALSE);
}

/*
 * Find whom to reply to: Reply-To, else From, else a named person in Sender,
 * else an address in the signature; no-reply addresses and the user's own
 * are passed over.  Fills to and returns where it came from, or NULL (and
 * to empty) when no one was found.
 */
const char *
gate_recipient(const struct config *cf, const struct message *m,
    struct address *to)
{
	memset(to, 0, sizeof *to);
	if (gate_take(cf, m, "Reply-To", FALSE, to))
		return ("Reply-To");
	if (gate_take(cf, m, "From", FALSE, to))
		return ("From");
	if (gate_take(cf, m, "Sender", TRUE, to))
		return ("Sender");
	if (gate_take_signature(cf, m, to))
		return ("the signature");
	return (NULL);
}
