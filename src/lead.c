/*
 * lead.c: what a reply needs to know about a rejection: its key, whom to
 * thank by name, the organisation and the role, from the headers, the
 * sign-off and the rules' named captures.  Guesses are careful: a name is
 * used only when it looks like a person's, otherwise the reply greets
 * neutrally.
 */

#include <string.h>
#include <time.h>

#include "doorstop.h"

#define LEAD_MAX_VALUE	80	/* longest name, org or role used */
#define LEAD_MAX_REFS	20	/* References kept in a reply */

/*
 * Words that make a display name a company's, not a person's (besides the
 * team words below): "Acme Robotics GmbH", "Fundación Río Claro".
 */
static const char *const lead_org_words[] = {
	"university", "college", "school", "institute", "foundation",
	"council", "fund", "ventures", "capital", "partners", "inc",
	"inc.", "llc", "ltd", "ltd.", "gmbh", "ag", "sa", "corp",
	"group", "company", "services", "service", "center", "centre",
	"agency", "the", "conference", "journal", "review", "press",
	"magazine", "corporation", "corp.", "systems", "solutions",
	"technologies", "technology", "labs", "studio", "studios",
	"holdings", "consulting", "industries", "limited", "co", "co.",
	"plc", "llp", "bv", "nv", "software", "media", "bank",
	"analytics", "robotics", "logistics", "insights", "digital",
	"network", "networks", "international", "global", "associates",
	"publishing", "publishers", "books", "literary", "unknown",
	"sender", "user", "anonymous", "redacted", "recipient",
	"undisclosed", "name", "your", "our", "verlag", "stiftung",
	"universität", "hochschule", "förderung", "e.v.", "kg", "ug",
	"die", "das", "und", "für", "université", "école", "fondation",
	"sas", "sarl", "les", "des", "et", "pour", "universidad",
	"fundación", "ayuntamiento", "s.l.", "s.a.", "el", "los",
	"las", "para", "stichting", "universiteit", "hogeschool",
	"gemeente", "b.v.", "het", "voor", "università", "fondazione",
	"srl", "s.r.l.", "spa", "s.p.a.", "il", "gli", "universidade",
	"fundação", "ltda", "os", "as", "agencia", "agence", "agentur",
	"agenzia", "agência", "literaria", "littéraire", "letteraria",
	"literária", "grupo", "groupe", "gruppe", "gruppo",
	"cooperativa", "coopérative", "genossenschaft", "revista",
	"revue", "zeitschrift", "rivista", "tijdschrift", "éditions",
	"editora", "uitgeverij", "ministerio", "ministère",
	"ministerium", "ministero", "jornadas", "congreso", "congrès",
	"kongress", "congresso", "conferencia", "conférence",
	"konferenz", "tagung", "convegno", "conferência", "fonds",
	"fondo", "inversiones", "investissements", "beteiligungen",
	"pública", NULL
};

/* Words that end a team's name, "Acme Careers", not a company's. */
static const char *const lead_team_words[] = {
	"team", "teams", "careers", "career", "jobs", "job", "recruiting",
	"recruitment", "recruiter", "talent", "hiring", "hr", "human",
	"resources", "people", "notifications", "notification", "noreply",
	"no-reply", "support", "admissions", "admission", "office",
	"committee", "program", "programme", "editorial", "editor", "editors",
	"board", "panel", "department", "acquisition", "operations",
	"staffing", "applications", "application", "mail", "info", "news",
	"newsletter", "sales", "marketing", "customer", "account", "accounts",
	"admin", "system", "grants", "submissions", "cfp", "papers", "of",
	"and", "for", "via", "at", "from", "personal", "personalabteilung",
	"bewerbermanagement", "karriere", "einkauf", "vergabestelle",
	"programmkomitee", "redaktion", "équipe", "recrutement",
	"ressources", "humaines", "rh", "carrières", "rédaction", "comité",
	"direction", "achats", "equipo", "recursos", "humanos", "rrhh",
	"selección", "contratación", "admisiones", "posgrado", "redacción",
	"secretaría", "werving", "selectie", "redactie", "afdeling",
	"risorse", "umane", "selezione", "redazione", "comitato", "ufficio",
	"equipa", "recrutamento", "seleção", "redação", "comissão",
	"commissie", "secretariaat", "inkoop", "segreteria", "didattica",
	"chamadas", "contratação", "serviços", "académicos", "acadêmicos",
	"portal", "candidaturas", "commande", "publique", "marchés", "ihr",
	"ihre", "votre", "uw", "vostro", "vostra", NULL
};

/* Articles that may start a team's name: "The Acme Recruiting Team". */
static const char *const lead_articles[] = {
	"the", "die", "das", "der", "la", "le", "les", "el", "los", "las",
	"il", "lo", "het", NULL
};

/* Name particles written in lower case. */
static const char *const lead_particles[] = {
	"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del",
	"della", "bin", "ibn", "al", "y", NULL
};

/* Titles before a name, skipped for the first name. */
static const char *const lead_titles[] = {
	"dr", "dr.", "prof", "prof.", "mr", "mr.", "ms", "ms.", "mrs",
	"mrs.", "mx", "mx.", "frau", "herr", "mme", "mme.", "m.", "sr",
	"sr.", "sra", "sra.", "dhr.", "mevr.", "dott.", "dott.ssa", "sig.",
	"sig.ra", "ing.", "prof.ssa", "dr.-ing.", "pr", "pr.", NULL
};

/* Recruiting platforms: their names are never the organisation. */
static const char *const lead_platforms[] = {
	"greenhouse", "lever", "workday", "smartrecruiters", "icims",
	"taleo", "jobvite", "ashby", "workable", "bamboohr", "recruitee",
	"teamtailor", "personio", "successfactors", "breezy", "jazzhr",
	"linkedin", "indeed", NULL
};

/* Mail providers: their domains are nobody's organisation. */
static const char *const lead_providers[] = {
	"gmail", "googlemail", "outlook", "hotmail", "live", "msn", "yahoo",
	"ymail", "icloud", "me", "mac", "aol", "gmx", "web", "t-online",
	"freenet", "posteo", "mailbox", "proton", "protonmail", "pm",
	"tutanota", "fastmail", "zoho", "yandex", "mail", "orange", "wanadoo",
	"free", "laposte", "sfr", "libero", "virgilio", "tiscali", "alice",
	"ziggo", "kpnmail", "xs4all", "telefonica", "movistar", "terra", "uol",
	"bol", "sapo", "qq", "163", "126", "naver", "hey",
	/* and recruiting platforms' mail domains */
	"myworkday", "greenhouse-mail", "ashbyhq", "applytojob",
	"ziprecruiter", "glassdoor", "stepstone", "xing", "hibob",
	"recruiterbox", "welcometothejungle", NULL
};

/* Top-level domains that cannot get mail (RFC 2606, RFC 6761). */
static const char *const lead_reserved[] = {
	"invalid", "test", "example", "localhost", "local", NULL
};

/* Sign-offs that the signer's name follows. */
static const char *const lead_closings[] = {
	"best regards", "kind regards", "warm regards", "warmest regards",
	"regards", "sincerely", "yours sincerely", "yours truly",
	"best wishes", "all the best", "with best", "many thanks",
	"with kind regards", "with best regards", "with best wishes",
	"kindest regards", "warm wishes",
	"thank you", "thanks", "best", "cheers", "warmly", "respectfully",
	"mit freundlichen grüßen", "mit freundlichen grüssen",
	"freundliche grüße", "viele grüße", "beste grüße", "herzliche grüße",
	"cordialement", "bien cordialement", "bien à vous", "à bientôt",
	"amicalement", "très cordialement",
	"sincères salutations", "meilleures salutations", "salutations",
	"atentamente", "un saludo", "un cordial saludo", "saludos cordiales",
	"saludos", "un saludo cordial", "un abrazo", "abrazos",
	"cordialmente", "met vriendelijke groet",
	"met vriendelijke groeten", "vriendelijke groet", "hartelijke groet",
	"groet", "groeten", "cordiali saluti", "distinti saluti",
	"un cordiale saluto", "un caro saluto", "un saluto", "saluti",
	"atenciosamente", "cumprimentos", "com os melhores cumprimentos",
	"melhores cumprimentos", "abraços", NULL
};

static gboolean
lead_word_in(const char *word, const char *const *list)
{
	char		*lower;
	gboolean	 found;

	lower = g_utf8_strdown(word, strcspn(word, " "));
	found = g_strv_contains(list, lower);
	g_free(lower);
	return (found);
}

/* Whether word belongs to a team's or a company's name. */
static gboolean
lead_is_org_word(const char *word)
{
	return (lead_word_in(word, lead_org_words) ||
	    lead_word_in(word, lead_team_words));
}

/* Whether word is a Dutch or German compound naming a team. */
static gboolean
lead_is_team_compound(const char *word)
{
	static const char *const ends[] = {
		"commissie", "kommission", "komitee", "ausschuss", "abteilung",
		"afdeling", "secretariaat", "sekretariat", NULL
	};
	char		*lower;
	gboolean	 found = FALSE;
	guint		 i;

	lower = g_utf8_strdown(word, -1);
	for (i = 0; !found && ends[i] != NULL; i++)
		found = g_str_has_suffix(lower, ends[i]);
	g_free(lower);
	return (found);
}

/* Whether word is a capitalised name word, or an initial such as "J.". */
static gboolean
lead_is_name_word(const char *word)
{
	const char	*p;
	gunichar	 c;

	if (!g_unichar_isupper(g_utf8_get_char(word)))
		return (FALSE);
	if (lead_is_org_word(word) || lead_is_team_compound(word))
		return (FALSE);
	for (p = g_utf8_next_char(word); *p != '\0'; p = g_utf8_next_char(p)) {
		c = g_utf8_get_char(p);
		if (!g_unichar_isalpha(c) && c != '\'' && c != '-' &&
		    c != 0x2019 && !(c == '.' && p[1] == '\0'))
			return (FALSE);
	}
	return (TRUE);
}

/* Whether name looks like a person's: two to four name words. */
gboolean
lead_is_person(const char *name)
{
	char		**words;
	guint		  i, n = 0;
	gboolean	  ok = TRUE;

	words = g_strsplit(name, " ", -1);
	for (i = 0; ok && words[i] != NULL; i++) {
		if (*words[i] == '\0')
			continue;
		if (n > 0 && lead_word_in(words[i], lead_particles))
			continue;
		if (n == 0 && lead_word_in(words[i], lead_titles))
			continue;
		ok = lead_is_name_word(words[i]);
		n++;
	}
	g_strfreev(words);
	return (ok && n >= 2 && n <= 4);
}

static const char *
lead_last_word(const char *s)
{
	const char	*space = strrchr(s, ' ');

	return (space != NULL ? space + 1 : s);
}

/*
 * A value as used in a reply: trimmed, one line, without trailing
 * punctuation (but for the dot of "Inc."), not too long; or NULL.
 */
static char *
lead_value(const char *s, gsize len)
{
	char	*v, *p;

	v = g_strndup(s, len);
	for (p = v; *p != '\0'; p++) {
		if ((guchar)*p < 0x20)
			*p = ' ';
	}
	g_strstrip(v);
	while (*v != '\0' && (strchr(",;:-|\"'!", v[strlen(v) - 1]) != NULL ||
	    (v[strlen(v) - 1] == '.' &&
	    !lead_is_org_word(lead_last_word(v))))) {
		v[strlen(v) - 1] = '\0';
		g_strchomp(v);
	}
	if (*v == '\0' || g_utf8_strlen(v, -1) > LEAD_MAX_VALUE ||
	    !g_utf8_validate(v, -1, NULL)) {
		g_free(v);
		return (NULL);
	}
	return (v);
}

/* The first capture called name among the hits, or NULL. */
static char *
lead_capture(const struct verdict *v, const char *name)
{
	const struct hit	*h;
	const struct capture	*c;
	guint			 i, j;

	for (i = 0; v != NULL && i < v->hits->len; i++) {
		h = v->hits->pdata[i];
		for (j = 0; j < h->captures->len; j++) {
			c = h->captures->pdata[j];
			if (strcmp(c->name, name) == 0 && c->value != NULL)
				return (lead_value(c->value, strlen(c->value)));
		}
	}
	return (NULL);
}

/* Whether a word of org, not a team word, is in the domain of addr. */
static gboolean
lead_org_in_domain(const char *org, const char *addr)
{
	const char	*at;
	char		**words, *word;
	gboolean	 yes = FALSE;
	guint		 i;

	if (addr == NULL || (at = strchr(addr, '@')) == NULL)
		return (FALSE);
	words = g_strsplit(org, " ", -1);
	for (i = 0; !yes && words[i] != NULL; i++) {
		if (lead_is_org_word(words[i]))
			continue;
		word = g_utf8_strdown(words[i], -1);
		yes = strlen(word) >= 3 && strstr(at, word) != NULL;
		g_free(word);
	}
	g_strfreev(words);
	return (yes);
}

/*
 * The organisation in a team's display name: "Acme Careers" and "The Acme
 * Recruiting Team" are Acme's, if acme is in the domain of addr (else
 * "Procurement Office" would be an organisation called Procurement); a
 * name with no such words, "Acme Robotics", is taken as it is, unless
 * strict (for a sign-off line, which may just be a first name).
 */
static char *
lead_org(const char *display, const char *addr, gboolean strict)
{
	char	**words, *joined, *org = NULL;
	guint	  i, n, all;

	words = g_strsplit(display, " ", -1);
	n = all = g_strv_length(words);
	while (n > 0 && (lead_word_in(words[n - 1], lead_team_words) ||
	    *words[n - 1] == '\0')) {
		g_free(words[--n]);
		words[n] = NULL;
	}
	for (i = 0; n > i + 1 && (lead_word_in(words[i], lead_articles) ||
	    lead_word_in(words[i], lead_team_words) ||
	    lead_is_team_compound(words[i]) ||
	    (i > 0 && lead_word_in(words[i], lead_particles))); i++)
		;
	if (n > i && !lead_word_in(words[i], lead_platforms)) {
		joined = g_strjoinv(" ", words + i);
		if ((!strict && n == all && i == 0) ||
		    lead_org_in_domain(joined, addr))
			org = lead_value(joined, strlen(joined));
		g_free(joined);
	}
	g_strfreev(words);
	return (org);
}

/* "Doe, Jane", as directories write names, as "Jane Doe"; or NULL. */
static char *
lead_last_first(const char *display)
{
	const char	*comma = strstr(display, ", ");
	char		*last, *name = NULL;

	if (comma == NULL || strchr(display, ' ') < comma ||
	    strchr(comma + 2, ' ') != NULL || strchr(comma + 2, ',') != NULL)
		return (NULL);
	last = g_strndup(display, comma - display);
	if (lead_is_name_word(last) && lead_is_name_word(comma + 2))
		name = g_strdup_printf("%s %s", comma + 2, last);
	g_free(last);
	return (name);
}

/*
 * Split a display name into a person and an organisation: "Jane Doe at
 * Acme", "Jane Doe | Acme", "Jane Doe (Acme)", "Acme Careers", "The Acme
 * Recruiting Team", "Acme via Greenhouse".  addr is the address it came
 * with, if any.
 */
static void
lead_split_display(const char *display, const char *addr, gboolean strict,
    char **person, char **org)
{
	static const char *const seps[] = {
		" at ", " from ", " | ", " - ", " – ", " — ", " (", ", ", NULL
	};
	const char	*sep = NULL, *via, *rest;
	char		*left;
	guint		 i;

	*person = *org = NULL;
	if ((*person = lead_last_first(display)) != NULL)
		return;
	for (i = 0; sep == NULL && seps[i] != NULL; i++)
		sep = strstr(display, seps[i]);
	left = g_strndup(display, sep != NULL ? (gsize)(sep - display) :
	    strlen(display));
	if ((via = strstr(left, " via ")) != NULL)
		left[via - left] = '\0';
	if (lead_is_person(left)) {
		*person = g_strdup(left);
		if (sep != NULL) {
			rest = sep + strlen(seps[i - 1]);
			*org = lead_value(rest, strcspn(rest, ")"));
		}
	} else
		*org = lead_org(left, addr, strict);
	g_free(left);
}

/* Whether line could sign a letter: a few words, not a sentence. */
static gboolean
lead_is_signature_line(const char *line)
{
	gsize	len = strcspn(line, ",|"), i, words = 1;

	for (i = 0; i < len; i++)
		words += (line[i] == ' ');
	return (len > 0 && words <= 6 && strchr(".!?:", line[len - 1]) == NULL);
}

/*
 * An organisation on the lines below a signer, "Head of People, Acme Labs"
 * or "Universidad de Valdemoro", named in the domain of addr; or NULL.
 */
static char *
lead_signer_org(char **lines, const char *addr)
{
	const char	*part;
	char		*org = NULL;
	guint		 i;

	for (i = 0; org == NULL && i < 3 && lines[i] != NULL &&
	    *g_strstrip(lines[i]) != '\0'; i++) {
		part = strrchr(lines[i], ',');
		if (part == NULL)
			part = strrchr(lines[i], '|');
		part = part != NULL ? part + 1 : lines[i];
		while (*part == ' ')
			part++;
		org = lead_org(part, addr, TRUE);
	}
	return (org);
}

/*
 * Whether line is a sign-off, "Best regards," or "Mit freundlichen Grüßen",
 * or ends the French formula "... mes salutations distinguées."
 */
static gboolean
lead_is_closing(const char *line)
{
	char		*lower;
	gsize		 len;
	guint		 i;
	gboolean	 yes = FALSE;

	lower = g_utf8_strdown(line, -1);
	len = strlen(lower);
	for (i = 0; !yes && lead_closings[i] != NULL; i++)
		yes = strncmp(lower, lead_closings[i],
		    strlen(lead_closings[i])) == 0 &&
		    len <= strlen(lead_closings[i]) + 1;
	yes = yes || g_str_has_suffix(lower, "distinguées.") ||
	    g_str_has_suffix(lower, "distingués.");
	g_free(lower);
	return (yes);
}

/* Whether line says whom the signer signs for: "i. A.", "Im Auftrag". */
static gboolean
lead_is_on_behalf(const char *line)
{
	static const char *const marks[] = {
		"i.a.", "i. a.", "im auftrag", "i.v.", "i. v.", "in vertretung",
		"p.o.", "p/o", "namens", "pour le", "pour la", "on behalf of",
		NULL
	};
	char		*lower;
	guint		 i;
	gboolean	 yes = FALSE;

	lower = g_utf8_strdown(line, -1);
	for (i = 0; !yes && marks[i] != NULL; i++)
		yes = g_str_has_prefix(lower, marks[i]);
	g_free(lower);
	return (yes);
}

/*
 * The line after the last sign-off in the sender's own text, or NULL; *org
 * is an organisation found on the lines below it, or NULL.
 */
static char *
lead_signer(const char *text, const char *addr, char **org)
{
	char		**lines, *signer = NULL;
	guint		  i, k;

	*org = NULL;
	lines = g_strsplit(text != NULL ? text : "", "\n", -1);
	for (i = 0; lines[i] != NULL && *lines[i] != '>'; i++) {
		if (!lead_is_closing(g_strstrip(lines[i])))
			continue;
		for (k = i + 1; lines[k] != NULL && (*g_strstrip(lines[k]) ==
		    '\0' || lead_is_on_behalf(lines[k])); k++)
			;
		g_free(signer);
		g_clear_pointer(org, g_free);
		signer = NULL;
		if (lines[k] != NULL && lead_is_signature_line(lines[k])) {
			signer = lead_value(lines[k], strcspn(lines[k], ",|"));
			*org = lead_signer_org(lines + k + 1, addr);
		}
	}
	g_strfreev(lines);
	return (signer);
}

/*
 * Whether one of the words of name is in the local part of addr, as
 * jane.doe@ or jdoe@ are Jane Doe's: "Best regards, Pocket Gems" from
 * careers@ names a company, not a person.
 */
static gboolean
lead_name_in_addr(const char *name, const char *addr)
{
	char		**words, *local, *w;
	guint		  i;
	gboolean	  found = FALSE;

	if (addr == NULL)
		return (FALSE);
	local = g_ascii_strdown(addr, strcspn(addr, "@"));
	words = g_strsplit(name, " ", -1);
	for (i = 0; !found && words[i] != NULL; i++) {
		w = g_utf8_strdown(words[i], -1);
		found = strlen(w) >= 3 && strstr(local, w) != NULL;
		g_free(w);
	}
	g_strfreev(words);
	g_free(local);
	return (found);
}

/*
 * Whether a sign-off and a known organisation share no word: "Jane Doe"
 * signing for Acme is a person, "Pocket Gems" signing with no
 * organisation known may be the company itself.
 */
static gboolean
lead_apart(const char *signer, const char *org)
{
	char		**words;
	guint		  i;
	gboolean	  apart;

	if (org == NULL)
		return (FALSE);
	words = g_strsplit(signer, " ", -1);
	for (i = 0, apart = TRUE; apart && words[i] != NULL; i++)
		apart = *words[i] == '\0' || strstr(org, words[i]) == NULL;
	g_strfreev(words);
	return (apart);
}

/* Whether a single-word signer is the sender's first name. */
static gboolean
lead_is_first_name(const char *word, const char *addr)
{
	char		*lower;
	gboolean	 ok;

	if (strchr(word, ' ') != NULL || !lead_is_name_word(word) ||
	    addr == NULL)
		return (FALSE);
	lower = g_utf8_strdown(word, -1);
	ok = g_ascii_strncasecmp(addr, lower, strlen(lower)) == 0 &&
	    strchr("@._-", addr[strlen(lower)]) != NULL;
	g_free(lower);
	return (ok);
}

/* The contact's name and organisation, from headers and sign-off. */
static void
lead_names(struct lead *l, const struct message *m)
{
	const struct address	*from = NULL;
	GPtrArray		*list;
	char			*person = NULL, *org = NULL, *signer, *none;
	char			*below;
	const char		*addr;

	list = message_addresses(m, "From");
	if (list->len > 0)
		from = list->pdata[0];
	addr = l->to.addr != NULL ? l->to.addr : from ? from->addr : NULL;
	if (l->to.name != NULL)
		lead_split_display(l->to.name, l->to.addr, FALSE, &person,
		    &org);
	if (person == NULL && org == NULL && from != NULL &&
	    from->name != NULL)
		lead_split_display(from->name, from->addr, FALSE, &person,
		    &org);
	signer = lead_signer(m->text, addr, &below);
	if (org == NULL)
		org = g_steal_pointer(&below);
	g_free(below);
	if (person == NULL && signer != NULL && lead_is_person(signer) &&
	    (lead_name_in_addr(signer, addr) || lead_apart(signer,
	    l->org != NULL ? l->org : org)))
		person = g_strdup(signer);
	if (person == NULL && signer != NULL && lead_is_first_name(signer,
	    addr))
		person = g_strdup(signer);
	if (org == NULL && signer != NULL && !lead_is_person(signer)) {
		lead_split_display(signer, addr, TRUE, &none, &org);
		g_free(none);
	}
	l->name = person;
	if (l->org == NULL)
		l->org = org;
	else
		g_free(org);
	g_free(signer);
	if (from != NULL)
		l->sender = g_strdup(from->addr);
	g_ptr_array_free(list, TRUE);
}

/* The subject without its stack of Re:, AW:, SV:, Fwd: ... prefixes. */
char *
lead_subject(const char *subject)
{
	static const char *const prefixes[] = {
		"re", "aw", "sv", "fwd", "fw", "wg", "tr", "rif", "antw", "vs",
		"odp", "ref", "res", "enc", "r", NULL
	};
	const char	*p = subject != NULL ? subject : "", *q;
	guint		 i;
	gboolean	 again = TRUE;

	while (again) {
		again = FALSE;
		while (g_ascii_isspace(*p))
			p++;
		for (i = 0; prefixes[i] != NULL; i++) {
			if (g_ascii_strncasecmp(p, prefixes[i],
			    strlen(prefixes[i])) != 0)
				continue;
			q = p + strlen(prefixes[i]);
			if ((*q == '[' || *q == '(') &&	/* "Re[2]:" */
			    strchr("])", q[1 + strspn(q + 1, "0123456789")]) !=
			    NULL && q[1 + strspn(q + 1, "0123456789")] != '\0')
				q += strspn(q + 1, "0123456789") + 2;
			while (*q == ' ')
				q++;
			if (*q == ':') {
				p = q + 1;
				again = TRUE;
				break;
			}
		}
	}
	return (g_strstrip(g_strdup(p)));
}

/*
 * The key of a message: the hex SHA-256 of its Message-ID, or when it has
 * none, of its From, Date, Subject and text.  A new string.
 */
char *
lead_key(const struct message *m)
{
	GChecksum	*sum;
	GPtrArray	*ids;
	const char	*parts[] = { "From", "Date", "Subject" };
	const char	*v;
	char		*key;
	gsize		 i;

	sum = g_checksum_new(G_CHECKSUM_SHA256);
	ids = message_ids(m, "Message-ID");
	if (ids->len > 0)
		g_checksum_update(sum, ids->pdata[0], -1);
	else {
		for (i = 0; i < G_N_ELEMENTS(parts); i++) {
			v = message_header(m, parts[i]);
			g_checksum_update(sum, (const guchar *)(v ? v : ""), -1);
			g_checksum_update(sum, (const guchar *)"\n", 1);
		}
		g_checksum_update(sum, (const guchar *)(m->text ? m->text : ""),
		    -1);
	}
	key = g_strdup(g_checksum_get_string(sum));
	g_checksum_free(sum);
	g_ptr_array_free(ids, TRUE);
	return (key);
}

/*
 * Whether addr cannot get mail: no domain, or one under a top-level
 * domain reserved for tests and examples (RFC 2606, RFC 6761).
 */
gboolean
lead_is_reserved(const char *addr)
{
	const char	*at, *tld;

	if (addr == NULL || (at = strrchr(addr, '@')) == NULL ||
	    (tld = strrchr(at, '.')) == NULL)
		return (TRUE);
	return (lead_word_in(tld + 1, lead_reserved));
}

/*
 * The organisation's mail domain of addr, in lower case, without the
 * hosts before it: "acme.com" for "jobs@mail.acme.com", "acme.co.uk" for
 * one at "hr.acme.co.uk".  NULL for a mail provider's or a recruiting
 * platform's domain, which many organisations share, and for one that
 * cannot get mail (".invalid").
 */
char *
lead_domain(const char *addr)
{
	const char	*at;
	char		*host, **labels, *domain = NULL;
	guint		 n, keep;

	if (lead_is_reserved(addr))	/* also no domain at all */
		return (NULL);
	at = strrchr(addr, '@');
	host = g_ascii_strdown(at + 1, -1);
	labels = g_strsplit(host, ".", -1);
	n = g_strv_length(labels);
	/* "co.uk", "com.au": a short second level under a country */
	keep = n >= 3 && strlen(labels[n - 1]) == 2 &&
	    strlen(labels[n - 2]) <= 3 ? 3 : 2;
	/* documentation domains: example.com is nobody's, x.example.com is */
	if (strcmp(labels[n - 2], "example") == 0)
		keep = 3;
	if (n >= keep && strcmp(labels[n - keep], "example") != 0 &&
	    !lead_word_in(labels[n - keep], lead_providers) &&
	    !lead_word_in(labels[n - keep], lead_platforms) &&
	    !(keep == 2 && strcmp(labels[n - 2], "co") == 0))
		domain = g_strjoinv(".", labels + n - keep);
	g_strfreev(labels);
	g_free(host);
	return (domain);
}

/* References for a reply: the original's, then its Message-ID. */
static char *
lead_references(const struct message *m, const char *id)
{
	GPtrArray	*refs;
	GString		*s;
	guint		 i;

	if (id == NULL)
		return (NULL);
	refs = message_ids(m, "References");
	if (refs->len == 0)
		refs = (g_ptr_array_free(refs, TRUE), message_ids(m,
		    "In-Reply-To"));
	s = g_string_new(NULL);
	i = refs->len > LEAD_MAX_REFS ? refs->len - LEAD_MAX_REFS : 0;
	for (; i < refs->len; i++) {
		if (strcmp(refs->pdata[i], id) != 0)
			g_string_append_printf(s, "<%s> ",
			    (char *)refs->pdata[i]);
	}
	g_string_append_printf(s, "<%s>", id);
	g_ptr_array_free(refs, TRUE);
	return (g_string_free(s, FALSE));
}

static gboolean
lead_no_feedback(const struct verdict *v)
{
	const struct hit	*h;
	guint			 i;

	for (i = 0; v != NULL && i < v->hits->len; i++) {
		h = v->hits->pdata[i];
		if (h->rule->nofeedback)
			return (TRUE);
	}
	return (FALSE);
}

static gboolean
lead_is_important(const struct config *cf, const struct message *m,
    const struct lead *l)
{
	GPtrArray	*list;
	gboolean	 yes;

	if (config_is_important(cf, l->to.addr) ||
	    config_is_important(cf, l->sender))
		return (TRUE);
	list = message_addresses(m, "Sender");
	yes = list->len > 0 && config_is_important(cf,
	    ((struct address *)list->pdata[0])->addr);
	g_ptr_array_free(list, TRUE);
	return (yes);
}

/*
 * What a reply to m needs to know; v may be NULL (a forced draft), then
 * the category is the config's.  Returns a new lead.
 */
struct lead *
lead_new(const struct config *cf, const struct message *m,
    const struct verdict *v)
{
	struct lead	*l;
	GPtrArray	*ids;
	gint64		 now = time(NULL);
	const char	*first;

	l = g_new0(struct lead, 1);
	l->key = lead_key(m);
	ids = message_ids(m, "Message-ID");
	if (ids->len > 0)
		l->message_id = g_strdup(ids->pdata[0]);
	g_ptr_array_free(ids, TRUE);
	l->references = lead_references(m, l->message_id);
	l->to_source = gate_recipient(cf, m, &l->to);
	l->org = lead_capture(v, "org");
	l->role = lead_capture(v, "role");
	l->req = lead_capture(v, "req");
	lead_names(l, m);
	if (l->name != NULL) {
		first = l->name;
		while (strchr(first, ' ') != NULL && lead_word_in(first,
		    lead_titles))
			first = strchr(first, ' ') + 1;
		l->first_name = g_strndup(first, strcspn(first, " "));
	}
	l->subject = lead_subject(message_header(m, "Subject"));
	l->category = v != NULL && v->category != NULL ? v->category :
	    cf->category;
	l->lang = v != NULL && v->lang != NULL ? v->lang : "en";
	l->score = v != NULL ? v->score : 0;
	l->date = message_date(m);
	if (l->date == 0 || l->date > now)
		l->date = now;
	l->important = lead_is_important(cf, m, l);
	if ((l->domain = lead_domain(l->to.addr)) == NULL)
		l->domain = lead_domain(l->sender);
	l->feedback = cf->feedback && !lead_no_feedback(v);
	return (l);
}

void
lead_free(struct lead *l)
{
	if (l == NULL)
		return;
	g_free(l->key);
	g_free(l->message_id);
	g_free(l->references);
	g_free(l->to.name);
	g_free(l->to.addr);
	g_free(l->sender);
	g_free(l->name);
	g_free(l->first_name);
	g_free(l->org);
	g_free(l->role);
	g_free(l->req);
	g_free(l->subject);
	g_free(l->domain);
	g_free(l);
}
