/*
 * Unit tests for lead.c and gate.c: subjects without their prefixes, names
 * that are people's, which messages get no reply, whom a reply goes to, and
 * what a lead knows of a rejection.
 */

#include <string.h>

#include "test.h"

/* The body of an ordinary rejection, after the headers. */
#define REJECTION	"\nDear Sam,\n\nThank you for applying. We regret to " \
	"inform you that we have decided to move forward with other " \
	"candidates.\n"

static const struct {
	const char	*name;
	const char	*in;
	const char	*want;
} subjects[] = {
	{ "stack", "Re: Re: AW: Fwd: Hello", "Hello" },
	{ "counted", "RE[2]: x", "x" },
	{ "counted-paren", "Re(3): x", "x" },
	{ "space-before-colon", "Re : x", "x" },
	{ "swedish", "Sv: x", "x" },
	{ "german-forward", "WG: AW: x", "x" },
	{ "spaces", "  Re:   Hello  ", "Hello" },
	{ "only-prefix", "Re:", "" },
	{ "reply-word", "Reply to x", "Reply to x" },
	{ "no-colon", "Re x", "Re x" },
	{ "word-starting-re", "Recruiting update", "Recruiting update" },
	{ "colon-later", "Your application: next steps",
	    "Your application: next steps" },
	{ "prefix-later", "Hello Re: x", "Hello Re: x" },
	{ "null", NULL, "" },
	{ "empty", "", "" },
	/* What follows the end of the subject must not be read. */
	{ "unclosed-bracket", "Re[\0: beyond the end", "Re[" },
	{ "unclosed-count", "Re[2\0: beyond the end", "Re[2" },
};

static const struct {
	const char	*name;
	const char	*in;
	gboolean	 want;
} persons[] = {
	{ "jane-doe", "Jane Doe", TRUE },
	{ "particles", "Jean-Luc van der Berg", TRUE },
	{ "careers", "Acme Careers", FALSE },
	{ "the-team", "The Acme Team", FALSE },
	{ "one-word", "Jane", FALSE },
	{ "title", "Dr. Jane Doe", TRUE },
	{ "number", "Jane Doe 2", FALSE },
	{ "no-reply", "no-reply", FALSE },
	{ "initial", "Jane Q. Doe", TRUE },
	{ "apostrophe", "Siobh\xc3\xa1n O'Brien", TRUE },
	{ "curly-apostrophe", "Mary O\xe2\x80\x99Neil", TRUE },
	{ "accents", "Jos\xc3\xa9 Garc\xc3\xad" "a", TRUE },
	{ "lower-case", "jane doe", FALSE },
	{ "five-words", "Anna Maria Luisa Jane Doe", FALSE },
	{ "extra-spaces", "Jane  Doe", TRUE },
	{ "hr", "Acme HR", FALSE },
	{ "inc", "Acme Inc.", FALSE },
	{ "email", "jane@acme.example", FALSE },
	{ "empty", "", FALSE },
	{ "corporation", "Globex Corporation", FALSE },
	{ "systems", "Acme Systems", FALSE },
};

/* What gate_skip says of a message, with the config of config_new(). */
static const struct {
	const char	*name;
	const char	*msg;
	const char	*want;
} skips[] = {
	{ "ordinary", "From: Jane Doe <jane@acme.example>\n" REJECTION, NULL },
	{ "list-id", "From: Jane Doe <jane@acme.example>\n"
	    "List-Id: Jobs <jobs.lists.acme.example>\n" REJECTION,
	    "a mailing list (List-Id)" },
	{ "list-post", "From: Jane Doe <jane@acme.example>\n"
	    "List-Post: <mailto:jobs@lists.acme.example>\n" REJECTION,
	    "a mailing list (List-Post)" },
	{ "precedence-list", "From: Jane Doe <jane@acme.example>\n"
	    "Precedence: list\n" REJECTION, "a mailing list (Precedence)" },
	{ "precedence-junk", "From: Jane Doe <jane@acme.example>\n"
	    "Precedence: junk\n" REJECTION, "a mailing list (Precedence)" },
	{ "owner", "From: owner-jobs@lists.acme.example\n" REJECTION,
	    "a mailing list (owner- or -request sender)" },
	{ "request", "From: jobs-request@lists.acme.example\n" REJECTION,
	    "a mailing list (owner- or -request sender)" },
	{ "report", "From: Mail System <mail@mx.acme.example>\n"
	    "Subject: Undelivered Mail Returned to Sender\n"
	    "Content-Type: multipart/report; report-type=delivery-status; "
	    "boundary=b\n\n--b\nContent-Type: text/plain\n\n"
	    "We regret that your message could not be delivered.\n--b\n"
	    "Content-Type: message/delivery-status\n\nAction: failed\n--b--\n",
	    "a delivery report (multipart/report)" },
	{ "mailer-daemon", "From: Mail Delivery Subsystem "
	    "<MAILER-DAEMON@mx.acme.example>\n" REJECTION,
	    "a bounce (From: MAILER-DAEMON)" },
	{ "postmaster", "From: postmaster@acme.example\n" REJECTION,
	    "a bounce (From: MAILER-DAEMON)" },
	{ "auto-replied", "From: Jane Doe <jane@acme.example>\n"
	    "Auto-Submitted: auto-replied\n" REJECTION,
	    "an auto-reply (Auto-Submitted: auto-replied)" },
	{ "x-autoreply", "From: Jane Doe <jane@acme.example>\n"
	    "X-Autoreply: yes\n" REJECTION, "an auto-reply (X-Autoreply)" },
	{ "out-of-office", "From: Jane Doe <jane@acme.example>\n"
	    "Subject: Out of Office: Jane Doe\n" REJECTION,
	    "an out-of-office reply (Subject)" },
	{ "automatic-reply", "From: Jane Doe <jane@acme.example>\n"
	    "Subject: Automatic reply: Your application\n" REJECTION,
	    "an out-of-office reply (Subject)" },
	{ "draft", "From: Jane Doe <jane@acme.example>\n"
	    "X-Doorstop-Draft: 0123abcd\n" REJECTION,
	    "doorstop's own draft (X-Doorstop-Draft)" },
	{ "draft-from-me", "From: Sam Smith <sam@example.net>\n"
	    "X-Doorstop-Draft: 0123abcd\nList-Id: <x.example.net>\n"
	    REJECTION, "doorstop's own draft (X-Doorstop-Draft)" },
	{ "own-address", "From: Sam Smith <Sam@Example.NET>\n" REJECTION,
	    "your own mail (From)" },
	{ "alias-domain", "From: Sam <sam.smith@example.org>\n" REJECTION,
	    "your own mail (From)" },
	{ "alias-subdomain", "From: Ann Lee <ann@mail.example.org>\n"
	    REJECTION, NULL },
	{ "no-from", "Subject: Your application\n" REJECTION, NULL },
	{ "auto-generated-noreply", "From: Acme Careers "
	    "<no-reply@acme.example>\nAuto-Submitted: auto-generated\n"
	    "Precedence: bulk\nSubject: Your application\n" REJECTION, NULL },
};

/* Whom gate_recipient picks, and where it found them. */
static const struct {
	const char	*name;
	const char	*msg;
	const char	*source;
	const char	*addr;
	const char	*display;
} recipients[] = {
	{ "reply-to", "From: Jane Doe <jane@acme.example>\n"
	    "Reply-To: Acme Careers <careers@acme.example>\n" REJECTION,
	    "Reply-To", "careers@acme.example", "Acme Careers" },
	{ "from", "From: Jane Doe <jane@acme.example>\n" REJECTION,
	    "From", "jane@acme.example", "Jane Doe" },
	{ "noreply-from", "From: Acme Careers <no-reply@acme.example>\n"
	    "Reply-To: careers@acme.example\n" REJECTION,
	    "Reply-To", "careers@acme.example", NULL },
	{ "sender", "From: Acme Careers <no-reply@acme.example>\n"
	    "Sender: Jane Doe <jane@acme.example>\n" REJECTION,
	    "Sender", "jane@acme.example", "Jane Doe" },
	{ "noreply-reply-to", "From: Acme <noreply@acme.example>\n"
	    "Reply-To: donotreply@acme.example\n"
	    "Sender: Jane Doe <jane@acme.example>\n" REJECTION,
	    "Sender", "jane@acme.example", "Jane Doe" },
	{ "sender-not-a-person", "From: Acme <no-reply@acme.example>\n"
	    "Sender: Acme Careers <careers@acme.example>\n" REJECTION,
	    NULL, NULL, NULL },
	{ "signature", "From: Acme Careers <no-reply@acme.example>\n"
	    "Reply-To: no-reply@acme.example\n" REJECTION
	    "\nBest regards,\nJane\n-- \nJane Doe\nRecruiter, Acme\n"
	    "jane.doe@acme.example\n", "the signature",
	    "jane.doe@acme.example", NULL },
	{ "signature-noreply-passed", "From: no-reply@acme.example\n"
	    REJECTION "-- \nJane Doe | notifications@acme.example | "
	    "jane.doe@acme.example.\n", "the signature",
	    "jane.doe@acme.example", NULL },
	{ "end-of-body", "From: no-reply@acme.example\n" REJECTION
	    "\nJane Doe, Recruiter (jane.doe@acme.example)\n",
	    "the signature", "jane.doe@acme.example", NULL },
	{ "nothing", "From: Acme Careers <no-reply@acme.example>\n" REJECTION,
	    NULL, NULL, NULL },
	{ "no-headers", "Subject: x\n" REJECTION, NULL, NULL, NULL },
	{ "own-reply-to", "From: Jane Doe <jane@acme.example>\n"
	    "Reply-To: Sam Smith <sam@example.net>\n" REJECTION,
	    "From", "jane@acme.example", "Jane Doe" },
	{ "alias-reply-to", "From: Jane Doe <jane@acme.example>\n"
	    "Reply-To: sam@example.org, careers@acme.example\n" REJECTION,
	    "Reply-To", "careers@acme.example", NULL },
	{ "own-in-signature", "From: no-reply@acme.example\n" REJECTION
	    "-- \nSent to sam@example.net\n", NULL, NULL, NULL },
};

/* The contact lead_new finds, without a verdict. */
static const struct {
	const char	*name;
	const char	*msg;
	const char	*to;
	const char	*contact;
	const char	*first_name;
	const char	*org;
} contacts[] = {
	{ "from-person", "From: Jane Doe <jane@acme.example>\n" REJECTION
	    "\nBest regards,\nJane Doe\n", "jane@acme.example", "Jane Doe",
	    "Jane", NULL },
	{ "from-person-at-org", "From: \"Jane Doe at Acme\" "
	    "<jane@acme.example>\n" REJECTION, "jane@acme.example",
	    "Jane Doe", "Jane", "Acme" },
	{ "from-person-bar-org", "From: \"Jane Doe | Acme Labs\" "
	    "<jane@acme.example>\n" REJECTION, "jane@acme.example",
	    "Jane Doe", "Jane", "Acme Labs" },
	{ "team-from-signer", "From: Acme Careers <no-reply@acme.example>\n"
	    REJECTION "\nBest regards,\nJane Doe\n", NULL, "Jane Doe", "Jane",
	    "Acme" },
	{ "team-signoff", "From: no-reply@acme.example\n" REJECTION
	    "\nKind regards,\n\nThe Acme Recruiting Team\n", NULL, NULL, NULL,
	    "Acme" },
	{ "title", "From: \"Dr. Jane Doe\" <jane@acme.example>\n" REJECTION,
	    "jane@acme.example", "Dr. Jane Doe", "Jane", NULL },
	{ "platform", "From: Acme via Greenhouse "
	    "<no-reply@greenhouse.example>\n" REJECTION, NULL, NULL, NULL,
	    "Acme" },
	{ "platform-only", "From: Greenhouse <no-reply@greenhouse.example>\n"
	    REJECTION, NULL, NULL, NULL, NULL },
	{ "signer-after-quote", "From: Acme Careers <no-reply@acme.example>\n"
	    REJECTION "\nThanks,\nJane Doe\n\n> Best regards,\n> Sam Smith\n",
	    NULL, "Jane Doe", "Jane", "Acme" },
	{ "first-name-signer", "From: jane.doe@acme.example\n" REJECTION
	    "\nBest,\nJane\n", "jane.doe@acme.example", "Jane", "Jane", NULL },
	{ "first-name-signer-named", "From: Jane Doe <jane@acme.example>\n"
	    REJECTION "\nBest,\nJane\n", "jane@acme.example", "Jane Doe",
	    "Jane", NULL },
	{ "nobody", "From: no-reply@acme.example\n" REJECTION, NULL, NULL,
	    NULL, NULL },
	{ "last-comma-first", "From: \"Doe, Jane\" <jane.doe@acme.example>\n"
	    REJECTION "\nBest regards,\nJane Doe\n", "jane.doe@acme.example",
	    "Jane Doe", "Jane", NULL },
	{ "signature-org", "From: Jane Doe <jane@acme.example>\n" REJECTION
	    "\nBest regards,\nJane Doe\nHead of People, Acme Labs\n",
	    "jane@acme.example", "Jane Doe", "Jane", "Acme Labs" },
	{ "team-compound", "From: Toelatingscommissie Data Science "
	    "<admissions@dijkstad.example>\n" REJECTION "\nMet vriendelijke "
	    "groet,\n\nFemke Hoekstra\nUniversiteit van Dijkstad\n",
	    "admissions@dijkstad.example",
	    "Femke Hoekstra", "Femke", "Universiteit van Dijkstad" },
	{ "on-behalf", "From: Vergabestelle Oberfeld <noreply@oberfeld.example>"
	    "\n" REJECTION "\nMit freundlichen Grüßen\nIm Auftrag\n\nMartina "
	    "Keller\nLandkreis Oberfeld\n", NULL, "Martina Keller", "Martina",
	    "Oberfeld" },
	{ "title-in-signature", "From: Segreteria Master <master@collina.example>"
	    "\n" REJECTION "\nCordiali saluti,\n\nDott.ssa Francesca Neri\n"
	    "Ateneo della Collina\n", "master@collina.example",
	    "Dott.ssa Francesca Neri",
	    "Francesca", "Ateneo della Collina" },
	{ "french-formula", "From: Hélène Roussel <h.roussel@valdorne.example>\n"
	    REJECTION "\nJe vous prie d'agréer, Madame, Monsieur, l'expression "
	    "de mes salutations\ndistinguées.\n\nHélène Roussel\nCommunauté de "
	    "communes du Val d'Orne\n", "h.roussel@valdorne.example",
	    "Hélène Roussel", "Hélène", "Communauté de communes du Val d'Orne" },
	{ "company-suffix-kept", "From: Altiplano Capital "
	    "<deals@altiplano.example>\n" REJECTION, "deals@altiplano.example",
	    NULL, NULL, "Altiplano Capital" },
	{ "thanks-then-sentence", "From: Jane Doe <jane@acme.example>\n\n"
	    "Hi Sam,\n\nThank you!\nWe have decided not to move forward "
	    "with your application.\n", "jane@acme.example", "Jane Doe",
	    "Jane", NULL },
};

/* The References of a reply. */
static const struct {
	const char	*name;
	const char	*headers;
	const char	*want;
} references[] = {
	{ "references", "References: <a@x.example> <b@x.example>\n"
	    "Message-ID: <c@x.example>\n",
	    "<a@x.example> <b@x.example> <c@x.example>" },
	{ "in-reply-to", "In-Reply-To: <a@x.example>\n"
	    "Message-ID: <c@x.example>\n", "<a@x.example> <c@x.example>" },
	{ "own-id-once", "References: <a@x.example> <c@x.example>\n"
	    "Message-ID: <c@x.example>\n", "<a@x.example> <c@x.example>" },
	{ "none", "Message-ID: <c@x.example>\n", "<c@x.example>" },
	{ "no-message-id", "References: <a@x.example>\n", NULL },
};

/* Whether a lead is important, for config important and a From. */
static const struct {
	const char	*name;
	const char	*important;	/* comma-separated, or NULL */
	const char	*headers;
	gboolean	 want;
} importants[] = {
	{ "domain", "acme.example", "From: Jane Doe <jane@acme.example>\n",
	    TRUE },
	{ "at-domain", "other.example,@acme.example",
	    "From: Jane Doe <jane@acme.example>\n", TRUE },
	{ "address", "jane@acme.example",
	    "From: Jane Doe <Jane@Acme.Example>\n", TRUE },
	{ "subdomain", "acme.example",
	    "From: Jane Doe <jane@eu.acme.example>\n", TRUE },
	{ "other-domain", "other.example",
	    "From: Jane Doe <jane@acme.example>\n", FALSE },
	{ "suffix-only", "acme.example",
	    "From: Jane Doe <jane@notacme.example>\n", FALSE },
	{ "none", NULL, "From: Jane Doe <jane@acme.example>\n", FALSE },
	{ "sender", "acme.example", "From: Greenhouse "
	    "<no-reply@greenhouse.example>\nSender: careers@acme.example\n",
	    TRUE },
	{ "reply-to", "acme.example", "From: Greenhouse "
	    "<jobs@greenhouse.example>\nReply-To: careers@acme.example\n",
	    TRUE },
};

/* The config of the user Sam Smith, whose mail also comes from example.org. */
static struct config *
config_new(void)
{
	struct config	*cf;

	cf = g_new0(struct config, 1);
	cf->name = g_strdup("Sam Smith");
	cf->address = g_strdup("sam@example.net");
	cf->aliases = g_strsplit("@example.org", ",", -1);
	cf->feedback = TRUE;
	cf->category = g_strdup("job");
	return (cf);
}

static struct message *
read_message(const char *text)
{
	struct message	*m;
	GError		*e = NULL;

	m = message_read(text, strlen(text), DOORSTOP_MAX_TEXT, &e);
	g_assert_no_error(e);
	g_assert_nonnull(m);
	return (m);
}

/* The lead of a message with headers before the usual rejection. */
static struct lead *
lead_of(const struct config *cf, const char *headers,
    const struct verdict *v)
{
	struct message	*m;
	struct lead	*l;
	char		*text;

	text = g_strconcat(headers, REJECTION, NULL);
	m = read_message(text);
	l = lead_new(cf, m, v);
	message_free(m);
	g_free(text);
	return (l);
}

/* The organisation's mail domain of an address, or NULL (want ""). */
static const struct {
	const char	*name;
	const char	*addr;
	const char	*want;
} domains[] = {
	{ "plain", "jane@acme.com", "acme.com" },
	{ "host", "jobs@mail.Acme.COM", "acme.com" },
	{ "country", "hr@eu.acme.co.uk", "acme.co.uk" },
	{ "country-short", "hr@acme.de", "acme.de" },
	{ "provider", "jane.doe@gmail.com", "" },
	{ "provider-country", "jean@orange.fr", "" },
	{ "platform", "no-reply@greenhouse.io", "" },
	{ "platform-host", "x@us.greenhouse-mail.io", "" },
	{ "workday", "acme@myworkday.com", "" },
	{ "example", "jane@example.com", "" },
	{ "example-org", "priya@northwind.example.com", "northwind.example.com" },
	{ "reserved", "unknown@example.invalid", "" },
	{ "test-tld", "a@b.test", "" },
	{ "no-domain", "root", "" },
	{ "no-dot", "root@localhost", "" },
};

static void
test_domain(gconstpointer p)
{
	gsize	 i = GPOINTER_TO_SIZE(p);
	char	*out;

	out = lead_domain(domains[i].addr);
	g_assert_cmpstr(out != NULL ? out : "", ==, domains[i].want);
	g_free(out);
}

static void
test_subject(gconstpointer p)
{
	gsize	 i = GPOINTER_TO_SIZE(p);
	char	*out;

	out = lead_subject(subjects[i].in);
	g_assert_cmpstr(out, ==, subjects[i].want);
	g_free(out);
}

static void
test_person(gconstpointer p)
{
	gsize	i = GPOINTER_TO_SIZE(p);

	g_assert_cmpint(lead_is_person(persons[i].in), ==, persons[i].want);
}

static void
test_skip(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct config	*cf;
	struct message	*m;

	cf = config_new();
	m = read_message(skips[i].msg);
	g_assert_cmpstr(gate_skip(cf, m), ==, skips[i].want);
	message_free(m);
	config_free(cf);
}

static void
test_recipient(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct config	*cf;
	struct message	*m;
	struct address	 to = { (char *)"stale", (char *)"stale" };

	/* gate_recipient empties to first: nothing stale is left or freed. */
	cf = config_new();
	m = read_message(recipients[i].msg);
	g_assert_cmpstr(gate_recipient(cf, m, &to), ==, recipients[i].source);
	g_assert_cmpstr(to.addr, ==, recipients[i].addr);
	g_assert_cmpstr(to.name, ==, recipients[i].display);
	g_free(to.addr);
	g_free(to.name);
	message_free(m);
	config_free(cf);
}

static void
test_contact(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct config	*cf;
	struct message	*m;
	struct lead	*l;

	cf = config_new();
	m = read_message(contacts[i].msg);
	l = lead_new(cf, m, NULL);
	g_assert_cmpstr(l->to.addr, ==, contacts[i].to);
	g_assert_cmpstr(l->name, ==, contacts[i].contact);
	g_assert_cmpstr(l->first_name, ==, contacts[i].first_name);
	g_assert_cmpstr(l->org, ==, contacts[i].org);
	g_assert_null(l->role);
	lead_free(l);
	message_free(m);
	config_free(cf);
}

/* The key is the hex SHA-256 of the Message-ID, without <>. */
static void
test_key_message_id(void)
{
	struct config	*cf;
	struct message	*m;
	struct lead	*l;
	char		*want, *key;

	cf = config_new();
	m = read_message("From: Jane Doe <jane@acme.example>\n"
	    "Message-ID: <abc.123@mail.acme.example>\n" REJECTION);
	want = g_compute_checksum_for_string(G_CHECKSUM_SHA256,
	    "abc.123@mail.acme.example", -1);
	key = lead_key(m);
	g_assert_cmpstr(key, ==, want);
	l = lead_new(cf, m, NULL);
	g_assert_cmpstr(l->key, ==, want);
	g_assert_cmpstr(l->message_id, ==, "abc.123@mail.acme.example");
	g_assert_cmpstr(l->references, ==, "<abc.123@mail.acme.example>");
	lead_free(l);
	g_free(key);
	g_free(want);
	message_free(m);
	config_free(cf);
}

static char *
key_of(const char *text)
{
	struct message	*m;
	char		*key;

	m = read_message(text);
	key = lead_key(m);
	message_free(m);
	g_assert_cmpuint(strlen(key), ==, 64);
	g_assert_cmpuint(strspn(key, "0123456789abcdef"), ==, 64);
	return (key);
}

/* Without a Message-ID, the key is the same for the same message only. */
static void
test_key_no_message_id(void)
{
	const char	*a = "From: Jane Doe <jane@acme.example>\n"
	    "Date: Mon, 2 Nov 2020 10:00:00 +0000\nSubject: Your application\n"
	    REJECTION;
	const char	*b = "From: Jane Doe <jane@acme.example>\n"
	    "Date: Mon, 2 Nov 2020 10:00:00 +0000\nSubject: Your application\n"
	    REJECTION "\nJane\n";
	const char	*c = "From: Ann Lee <ann@acme.example>\n"
	    "Date: Mon, 2 Nov 2020 10:00:00 +0000\nSubject: Your application\n"
	    REJECTION;
	struct config	*cf;
	struct message	*m;
	struct lead	*l;
	char		*k1, *k2, *k3, *k4;

	k1 = key_of(a);
	k2 = key_of(a);
	k3 = key_of(b);
	k4 = key_of(c);
	g_assert_cmpstr(k1, ==, k2);
	g_assert_cmpstr(k1, !=, k3);
	g_assert_cmpstr(k1, !=, k4);

	cf = config_new();
	m = read_message(a);
	l = lead_new(cf, m, NULL);
	g_assert_cmpstr(l->key, ==, k1);
	g_assert_null(l->message_id);
	g_assert_null(l->references);
	lead_free(l);
	message_free(m);
	config_free(cf);
	g_free(k1);
	g_free(k2);
	g_free(k3);
	g_free(k4);
}

static void
test_references(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct config	*cf;
	struct lead	*l;

	cf = config_new();
	l = lead_of(cf, references[i].headers, NULL);
	g_assert_cmpstr(l->references, ==, references[i].want);
	lead_free(l);
	config_free(cf);
}

static void
test_important(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct config	*cf;
	struct lead	*l;

	cf = config_new();
	if (importants[i].important != NULL)
		cf->important = g_strsplit(importants[i].important, ",", -1);
	l = lead_of(cf, importants[i].headers, NULL);
	g_assert_cmpint(l->important, ==, importants[i].want);
	lead_free(l);
	config_free(cf);
}

/* Feedback is asked for when the config says so and no rule says not. */
static void
test_feedback(void)
{
	struct config	*cf;
	struct lead	*l;
	struct rule	 plain = { 0 }, quiet = { 0 };
	struct hit	 h1 = { 0 }, h2 = { 0 };
	struct verdict	 v = { 0 };

	plain.name = (char *)"JOB_OTHER_CANDIDATES";
	quiet.name = (char *)"JOB_ALREADY_GAVE_FEEDBACK";
	quiet.nofeedback = TRUE;
	h1.rule = &plain;
	h1.captures = g_ptr_array_new();
	h2.rule = &quiet;
	h2.captures = g_ptr_array_new();
	v.hits = g_ptr_array_new();
	g_ptr_array_add(v.hits, &h1);

	cf = config_new();
	l = lead_of(cf, "From: Jane Doe <jane@acme.example>\n", NULL);
	g_assert_true(l->feedback);
	lead_free(l);
	l = lead_of(cf, "From: Jane Doe <jane@acme.example>\n", &v);
	g_assert_true(l->feedback);
	lead_free(l);
	g_ptr_array_add(v.hits, &h2);
	l = lead_of(cf, "From: Jane Doe <jane@acme.example>\n", &v);
	g_assert_false(l->feedback);
	lead_free(l);
	cf->feedback = FALSE;
	l = lead_of(cf, "From: Jane Doe <jane@acme.example>\n", NULL);
	g_assert_false(l->feedback);
	lead_free(l);
	config_free(cf);
	g_ptr_array_free(v.hits, TRUE);
	g_ptr_array_free(h1.captures, TRUE);
	g_ptr_array_free(h2.captures, TRUE);
}

/* The rest of a lead: subject, sender, date, and the verdict's say. */
static void
test_fields(void)
{
	struct config	*cf;
	struct lead	*l;
	struct rule	 r = { 0 };
	struct hit	 h = { 0 };
	struct capture	 role = { (char *)"role", (char *)"Data Engineer\n" };
	struct capture	 org = { (char *)"org", (char *)"  Globex, " };
	struct verdict	 v = { 0 };
	const char	*headers = "From: \"Jane Doe | Acme\" "
	    "<jane@acme.example>\nSubject: RE: AW: Your application\n"
	    "Date: Mon, 2 Nov 2020 10:00:00 +0000\n";

	cf = config_new();
	l = lead_of(cf, headers, NULL);
	g_assert_cmpstr(l->subject, ==, "Your application");
	g_assert_cmpstr(l->sender, ==, "jane@acme.example");
	g_assert_cmpstr(l->to_source, ==, "From");
	g_assert_cmpint(l->date, ==, 1604311200);
	g_assert_cmpstr(l->category, ==, "job");
	g_assert_cmpstr(l->lang, ==, "en");
	g_assert_cmpstr(l->org, ==, "Acme");
	g_assert_null(l->role);
	g_assert_cmpfloat(l->score, ==, 0);
	lead_free(l);

	/* The rules' captures come first, trimmed. */
	r.name = (char *)"JOB_ROLE";
	h.rule = &r;
	h.captures = g_ptr_array_new();
	g_ptr_array_add(h.captures, &role);
	g_ptr_array_add(h.captures, &org);
	v.hits = g_ptr_array_new();
	g_ptr_array_add(v.hits, &h);
	v.score = 7.5;
	v.category = "sales";
	v.lang = "en";
	l = lead_of(cf, headers, &v);
	g_assert_cmpstr(l->role, ==, "Data Engineer");
	g_assert_cmpstr(l->org, ==, "Globex");
	g_assert_cmpstr(l->name, ==, "Jane Doe");
	g_assert_cmpstr(l->category, ==, "sales");
	g_assert_cmpfloat(l->score, ==, 7.5);
	lead_free(l);
	g_ptr_array_free(v.hits, TRUE);
	g_ptr_array_free(h.captures, TRUE);

	/* A date to come is taken as now. */
	l = lead_of(cf, "From: Jane Doe <jane@acme.example>\n"
	    "Date: Tue, 2 Nov 2100 10:00:00 +0000\n", NULL);
	g_assert_cmpint(l->date, <=, g_get_real_time() / G_USEC_PER_SEC);
	g_assert_cmpint(l->date, >, 1604311200);
	lead_free(l);
	config_free(cf);
	lead_free(NULL);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	message_init();
	TEST_ADD_NAMED("/lead/subject", subjects, test_subject);
	TEST_ADD_NAMED("/lead/domain", domains, test_domain);
	TEST_ADD_NAMED("/lead/is-person", persons, test_person);
	TEST_ADD_NAMED("/gate/skip", skips, test_skip);
	TEST_ADD_NAMED("/gate/recipient", recipients, test_recipient);
	TEST_ADD_NAMED("/lead/contact", contacts, test_contact);
	g_test_add_func("/lead/key/message-id", test_key_message_id);
	g_test_add_func("/lead/key/no-message-id", test_key_no_message_id);
	TEST_ADD_NAMED("/lead/references", references, test_references);
	TEST_ADD_NAMED("/lead/important", importants, test_important);
	g_test_add_func("/lead/feedback", test_feedback);
	g_test_add_func("/lead/fields", test_fields);
	return (g_test_run());
}
