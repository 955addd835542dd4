/*
 * prefilter.c: which rules can match a text at all, in one pass over it.
 *
 * Each body and quoted rule's regex is read for the strings any match of it
 * must contain ("regret to inform", "unfortunately"): literals, in clauses
 * of sets (see struct lits).  Texts and literals are folded alike (lower
 * case, every run of white space one space), and one Aho-Corasick automaton
 * finds every literal of every rule in the folded text.  A rule with no
 * clause whose every set has a literal there cannot match, and is not run.
 * Whatever the reader does not understand in a regex makes it give up, and
 * the rule is then always run: the prefilter may let a rule through for
 * nothing, but never holds back one that would match.
 */

#include <string.h>

#include "doorstop.h"

#define LIT_SET_MAX	32	/* strings in a set before it is given up */
#define LIT_LEN_MAX	40	/* bytes of an exact string, at most */
#define LIT_WEIGHT_MIN	2	/* letters a literal needs to be worth it */
#define LIT_WEIGHT_MAX	6	/* letters past which a word is rare enough */
#define LIT_KEEP	12	/* bytes of a literal looked for */
#define PREFILTER_SETS	4	/* sets in a clause, at most */
#define PREFILTER_CLAUSES 8	/* clauses of a rule, at most */

/*
 * What a piece of a regex matches, as far as literals tell: the strings
 * it matches, if there are few; else clauses, a match satisfying one of
 * them.  A clause is sets of strings, a match containing one string of
 * each ("regret" and "inform" in "regret to inform").  Sets are shared
 * between clauses, by reference count.
 */
struct lits {
	GPtrArray	*exact;		/* NULL if not known */
	GPtrArray	*clauses;	/* NULL: nothing is needed */
};

struct reader {
	const char	*p;
	gboolean	 caseless;
	gboolean	 extended;
	gboolean	 failed;	/* something not understood */
};

/* One state of the automaton; its edges are sorted by byte. */
struct state {
	guint32	 fail;
	guint32	 dict;		/* the next state on the fail chain with a literal */
	guint32	 edge;		/* first edge */
	guint32	 lit;		/* literal + 1 ending here, or 0 */
	guint16	 nedges;
};

struct edge {
	guchar	 byte;
	guint32	 to;
};

/* The automaton, in arrays that are saved and loaded as they are. */
struct prefilter {
	guint32		 root[256];
	guint32		 nstates, nedges, nlits, nentries, nrules;
	struct state	*states;
	struct edge	*edges;
	guint32		*first;		/* per literal, and one past: entries */
	guint32		*entries;	/* rule << 5 | its bit (struct lits) */
	guint32		*masks;		/* per rule: each clause's bits */
	gboolean	 borrowed;	/* the arrays are a cache's, in place */
};

static GPtrArray *
set_new(void)
{
	return (g_ptr_array_new_with_free_func(g_free));
}

/* Add the len bytes at s to set, unless they are in it. */
static void
set_add(GPtrArray *set, const char *s, gsize len)
{
	guint	i;

	for (i = 0; i < set->len; i++) {
		if (strlen(set->pdata[i]) == len &&
		    memcmp(set->pdata[i], s, len) == 0)
			return;
	}
	g_ptr_array_add(set, g_strndup(s, len));
}

static void
set_free(GPtrArray *set)
{
	if (set != NULL)
		g_ptr_array_unref(set);
}

/* Every a followed by every b, white space at the seam folded; or NULL. */
static GPtrArray *
set_product(const GPtrArray *a, const GPtrArray *b)
{
	GPtrArray	*set;
	GString		*s;
	guint		 i, j;

	if (a->len * b->len > LIT_SET_MAX)
		return (NULL);
	set = set_new();
	s = g_string_new(NULL);
	for (i = 0; i < a->len; i++) {
		for (j = 0; j < b->len; j++) {
			g_string_assign(s, a->pdata[i]);
			if (s->len > 0 && s->str[s->len - 1] == ' ' &&
			    *(char *)b->pdata[j] == ' ')
				g_string_append(s, (char *)b->pdata[j] + 1);
			else
				g_string_append(s, b->pdata[j]);
			if (s->len > LIT_LEN_MAX) {
				set_free(set);
				set = NULL;
				goto out;
			}
			set_add(set, s->str, s->len);
		}
	}
out:
	g_string_free(s, TRUE);
	return (set);
}

/*
 * How much a set narrows things: the letters of its weakest string, up to
 * LIT_WEIGHT_MAX, then the fewer strings the better; 0 if a string is too
 * short to be worth looking for.
 */
static guint
set_weight(const GPtrArray *set)
{
	const char	*s;
	guint		 i, w, min = G_MAXUINT;

	if (set == NULL || set->len == 0)
		return (0);
	for (i = 0; i < set->len && min >= LIT_WEIGHT_MIN; i++) {
		for (w = 0, s = set->pdata[i]; *s != '\0'; s++)
			w += (*s != ' ');
		min = MIN(min, w);
	}
	if (min < LIT_WEIGHT_MIN)
		return (0);
	return (MIN(min, LIT_WEIGHT_MAX) * 1024 - MIN(set->len, 1023));
}

static struct lits
lits_any(void)
{
	struct lits	l = { NULL, NULL };

	return (l);
}

static struct lits
lits_exact(const char *s, gsize len)
{
	struct lits	l = { set_new(), NULL };

	set_add(l.exact, s, len);
	return (l);
}

static GPtrArray *
clauses_new(void)
{
	return (g_ptr_array_new_with_free_func(
	    (GDestroyNotify)g_ptr_array_unref));
}

static void
clauses_free(GPtrArray *clauses)
{
	if (clauses != NULL)
		g_ptr_array_unref(clauses);
}

static void
lits_clear(struct lits *l)
{
	set_free(l->exact);
	clauses_free(l->clauses);
	l->exact = l->clauses = NULL;
}

static gint
set_compare_weight(gconstpointer a, gconstpointer b)
{
	return ((int)set_weight(*(GPtrArray * const *)b) -
	    (int)set_weight(*(GPtrArray * const *)a));
}

/* A clause of the sets of a and b (either may be NULL), the best few. */
static GPtrArray *
clause_join(const GPtrArray *a, const GPtrArray *b)
{
	GPtrArray	*c;
	guint		 i;

	c = clauses_new();
	for (i = 0; a != NULL && i < a->len; i++)
		g_ptr_array_add(c, g_ptr_array_ref(a->pdata[i]));
	for (i = 0; b != NULL && i < b->len; i++)
		g_ptr_array_add(c, g_ptr_array_ref(b->pdata[i]));
	g_ptr_array_sort(c, set_compare_weight);
	if (c->len > PREFILTER_SETS)
		g_ptr_array_set_size(c, PREFILTER_SETS);
	return (c);
}

/* The set of a clause that narrows most (its first), or NULL. */
static GPtrArray *
clause_best(const GPtrArray *c)
{
	return (c->len > 0 ? c->pdata[0] : NULL);
}

/*
 * Too many clauses: one clause of one set, the best set of each clause;
 * NULL (nothing needed) if a clause has none.  clauses is taken.
 */
static GPtrArray *
clauses_collapse(GPtrArray *clauses)
{
	GPtrArray	*set, *best, *c, *out = NULL;
	guint		 i, j;

	set = set_new();
	for (i = 0; i < clauses->len; i++) {
		if ((best = clause_best(clauses->pdata[i])) == NULL)
			goto out;
		for (j = 0; j < best->len; j++)
			g_ptr_array_add(set, g_strdup(best->pdata[j]));
	}
	c = clauses_new();
	g_ptr_array_add(c, set);
	set = NULL;
	out = clauses_new();
	g_ptr_array_add(out, c);
out:
	set_free(set);
	clauses_free(clauses);
	return (out);
}

/* a and b (taken; NULL needs nothing): every clause of one with each other. */
static GPtrArray *
clauses_and(GPtrArray *a, GPtrArray *b)
{
	GPtrArray	*out;
	guint		 i, j;

	if (a == NULL || b == NULL)
		return (a != NULL ? a : b);
	if (a->len * b->len > PREFILTER_CLAUSES) {
		if ((a = clauses_collapse(a)) == NULL)
			return (b);
		if ((b = clauses_collapse(b)) == NULL)
			return (a);
	}
	out = clauses_new();
	for (i = 0; i < a->len; i++)
		for (j = 0; j < b->len; j++)
			g_ptr_array_add(out, clause_join(a->pdata[i],
			    b->pdata[j]));
	clauses_free(a);
	clauses_free(b);
	return (out);
}

/* a or b (taken): the clauses of both; NULL if either needs nothing. */
static GPtrArray *
clauses_or(GPtrArray *a, GPtrArray *b)
{
	guint	i;

	if (a == NULL || b == NULL) {
		clauses_free(a);
		clauses_free(b);
		return (NULL);
	}
	for (i = 0; i < b->len; i++)
		g_ptr_array_add(a, g_ptr_array_ref(b->pdata[i]));
	clauses_free(b);
	for (i = 0; i < a->len; i++) {
		if (((GPtrArray *)a->pdata[i])->len == 0) {
			clauses_free(a);
			return (NULL);
		}
	}
	return (a->len > PREFILTER_CLAUSES ? clauses_collapse(a) : a);
}

/* The clauses l needs (its exact set as one), taking them from l. */
static GPtrArray *
lits_take_clauses(struct lits *l)
{
	GPtrArray	*c, *out;

	if (l->exact == NULL) {
		out = l->clauses;
		l->clauses = NULL;
		return (out);
	}
	out = NULL;
	if (set_weight(l->exact) > 0) {
		c = clauses_new();
		g_ptr_array_add(c, l->exact);
		out = clauses_new();
		g_ptr_array_add(out, c);
	} else
		set_free(l->exact);
	l->exact = NULL;
	lits_clear(l);
	return (out);
}

/*
 * What c becomes in folded text, written to out (at most 6 bytes); 0 if
 * the reader cannot tell (a caseless letter whose other cases fold apart).
 */
static gsize
fold_char(gunichar c, gboolean caseless, char *out)
{
	if (g_unichar_isspace(c) || c == 0x85 || c == 0x180e) {
		*out = ' ';
		return (1);
	}
	if (c == 0x17f)			/* long s: caseless it is an s */
		c = 's';
	if (c >= 0x80 && caseless && (c < 0xc0 || c > 0x24f))
		return (0);		/* Greek, micro sign and the like */
	return (g_unichar_to_utf8(g_unichar_tolower(c), out));
}

static struct lits	read_alt(struct reader *);

/* A character class "[...]": a handful of characters, or any. */
static struct lits
read_class(struct reader *r)
{
	struct lits	 l = lits_any();
	GPtrArray	*set = set_new();
	const char	*p = r->p + 1;
	gboolean	 big = FALSE;
	gunichar	 c;
	char		 buf[8];
	gsize		 n;

	if (*p == '^')
		big = TRUE, p++;
	if (*p == ']')
		p++, set_add(set, "]", 1);
	while (*p != '\0' && *p != ']') {
		if (*p == '[' && p[1] == ':') {
			big = TRUE;
			p = strstr(p, ":]") ? strstr(p, ":]") + 2 : p + 1;
			continue;
		}
		if (*p == '\\') {
			p++;
			if (*p == '\0')
				break;
			if (*p == 's' || *p == 'n' || *p == 't' || *p == 'r' ||
			    *p == 'f' || *p == 'v')
				set_add(set, " ", 1);
			else if (g_ascii_isalnum(*p))
				big = TRUE;	/* \w, \d, \x{..}, \p{..} */
			else
				set_add(set, p, 1);
			p++;
			continue;
		}
		c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			r->failed = TRUE;
			break;
		}
		p = g_utf8_next_char(p);
		if (*p == '-' && p[1] != ']' && p[1] != '\0') {
			big = TRUE;		/* a range */
			p = g_utf8_next_char(p + 1);
			continue;
		}
		if ((n = fold_char(c, r->caseless, buf)) == 0)
			big = TRUE;
		else
			set_add(set, buf, n);
	}
	if (*p != ']')
		r->failed = TRUE;
	r->p = *p == ']' ? p + 1 : p;
	if (!big && set->len > 0 && set->len <= 4)
		l.exact = set;
	else
		set_free(set);
	return (l);
}

/* A backslash escape outside a class. */
static struct lits
read_escape(struct reader *r)
{
	const char	*p = r->p + 1, *end;
	char		 c = *p;

	if (c == '\0') {		/* a trailing backslash */
		r->p = p;
		r->failed = TRUE;
		return (lits_any());
	}
	r->p = p + 1;
	if (strchr("bBAzZGK", c) != NULL)
		return (lits_exact("", 0));
	if (strchr("snrtfv", c) != NULL)
		return (lits_exact(" ", 1));
	if (c == 'Q') {
		end = strstr(p + 1, "\\E");
		if (end == NULL)
			end = p + 1 + strlen(p + 1);
		r->p = *end != '\0' ? end + 2 : end;
		r->failed = TRUE;	/* rare enough: no literal read */
		return (lits_any());
	}
	if (c == 'p' || c == 'P' || c == 'x' || c == 'g' || c == 'k' ||
	    c == 'o' || c == 'c' || c == 'N') {
		if (p[1] == '{' && (end = strchr(p, '}')) != NULL)
			r->p = end + 1;
		else if (c == 'x')
			while (g_ascii_isxdigit(*r->p) && r->p < p + 3)
				r->p++;
		else if (c == 'c' && *r->p != '\0')
			r->p++;
		else if (c == 'k' || c == 'g')
			r->failed = TRUE;
		return (lits_any());
	}
	if (g_ascii_isalnum(c))
		return (lits_any());	/* \w, \d, \h, \R, \1 ... */
	return (lits_exact(p, 1));	/* an escaped sign: itself */
}

/* A group "(...)": its kind, the options it sets, and what is inside. */
static struct lits
read_group(struct reader *r)
{
	struct lits	 l;
	const char	*p = r->p + 1;
	gboolean	 caseless = r->caseless, extended = r->extended;
	gboolean	 zero = FALSE, on = TRUE;

	if (*p == '*') {		/* (*VERB) */
		r->failed = TRUE;
		return (lits_any());
	}
	if (*p == '?') {
		p++;
		if (*p == '#') {	/* a comment, maybe unclosed */
			r->p = p + strcspn(p, ")");
			if (*r->p == '\0')
				r->failed = TRUE;
			else
				r->p++;
			return (lits_exact("", 0));
		}
		if (*p == ':' || *p == '>' || *p == '|')
			p++;
		else if (*p == '=' || *p == '!')
			zero = TRUE, p++;
		else if (*p == '<' && (p[1] == '=' || p[1] == '!'))
			zero = TRUE, p += 2;
		else if (*p == '<' || *p == '\'' || (*p == 'P' && p[1] == '<')) {
			p += (*p == 'P') ? 2 : 1;
			while (g_ascii_isalnum(*p) || *p == '_')
				p++;
			if (*p != '>' && *p != '\'') {
				r->failed = TRUE;
				return (lits_any());
			}
			p++;
		} else {
			/* options: (?i) for the rest, (?-i:...) scoped */
			for (; *p != ')' && *p != ':'; p++) {
				if (*p == '-')
					on = FALSE;
				else if (*p == 'i')
					r->caseless = on;
				else if (*p == 'x')
					r->extended = on;
				else if (*p == '^')
					r->caseless = r->extended = FALSE;
				else if (strchr("msnJU", *p) == NULL ||
				    *p == '\0') {
					r->failed = TRUE;
					return (lits_any());
				}
			}
			if (*p == ')') {
				r->p = p + 1;
				return (lits_exact("", 0));
			}
			p++;
		}
	}
	r->p = p;
	l = read_alt(r);
	if (*r->p != ')')
		r->failed = TRUE;
	else
		r->p++;
	r->caseless = caseless;		/* options set inside end here */
	r->extended = extended;
	if (zero) {
		lits_clear(&l);
		return (lits_exact("", 0));
	}
	return (l);
}

/* One atom: a literal character, an escape, a class, a group. */
static struct lits
read_atom(struct reader *r)
{
	gunichar	 c;
	char		 buf[8];
	gsize		 n;

	switch (*r->p) {
	case '(':
		return (read_group(r));
	case '[':
		return (read_class(r));
	case '\\':
		return (read_escape(r));
	case '^':
	case '$':
		r->p++;
		return (lits_exact("", 0));
	case '.':
		r->p++;
		return (lits_any());
	}
	c = g_utf8_get_char_validated(r->p, -1);
	if (c == (gunichar)-1 || c == (gunichar)-2) {
		r->failed = TRUE;
		r->p += strlen(r->p);
		return (lits_any());
	}
	r->p = g_utf8_next_char(r->p);
	if ((n = fold_char(c, r->caseless, buf)) == 0)
		return (lits_any());
	return (lits_exact(buf, n));
}

/* "{n}", "{n,}" or "{n,m}" at p: TRUE with the bounds (m -1 if none). */
static gboolean
read_braces(const char *p, int *min, int *max, const char **end)
{
	char	*e;

	if (*p != '{' || !g_ascii_isdigit(p[1]))
		return (FALSE);
	*min = (int)strtol(p + 1, &e, 10);
	*max = *min;
	if (*e == ',') {
		*max = g_ascii_isdigit(e[1]) ? (int)strtol(e + 1, &e, 10) :
		    (e++, -1);
	}
	if (*e != '}')
		return (FALSE);
	*end = e + 1;
	return (TRUE);
}

/* An atom and its quantifier. */
static struct lits
read_repeat(struct reader *r)
{
	struct lits	 l, q = lits_any();
	const char	*end;
	int		 min, max;

	l = read_atom(r);
	if (*r->p == '*' || *r->p == '+' || *r->p == '?') {
		min = (*r->p == '+');
		max = (*r->p == '?') ? 1 : -1;
		end = r->p + 1;
	} else if (!read_braces(r->p, &min, &max, &end))
		return (l);
	r->p = end;
	if (*r->p == '?' || *r->p == '+')
		r->p++;			/* lazy or possessive */
	if (l.exact != NULL && l.exact->len == 1 &&
	    strcmp(l.exact->pdata[0], " ") == 0) {
		if (min == 0)		/* a run of spaces folds to one */
			set_add(l.exact, "", 0);
		return (l);
	}
	if (min == 1 && max == 1)
		return (l);
	if (min == 0 && max == 1 && l.exact != NULL) {
		q.exact = l.exact;	/* what it needs is not needed now */
		l.exact = NULL;
		set_add(q.exact, "", 0);
	}
	if (min >= 1)
		q.clauses = lits_take_clauses(&l);
	lits_clear(&l);
	return (q);
}

/* Skip white space and comments in extended mode. */
static void
read_blanks(struct reader *r)
{
	while (r->extended) {
		if (g_ascii_isspace(*r->p))
			r->p++;
		else if (*r->p == '#')
			r->p += strcspn(r->p, "\n");
		else
			break;
	}
}

/*
 * The common case, a plain character with no quantifier: append it to
 * every string of exact in place.  FALSE if the next atom is not that.
 */
static gboolean
read_plain(struct reader *r, GPtrArray *exact)
{
	const char	*p = r->p, *next;
	char		 buf[8], *old;
	gsize		 n, len;
	guint		 i;

	if (strchr("\\^$.|?*+()[{", *p) != NULL ||
	    (r->extended && (g_ascii_isspace(*p) || *p == '#')))
		return (FALSE);
	next = ((guchar)*p < 0x80) ? p + 1 : g_utf8_next_char(p);
	if (*next == '*' || *next == '+' || *next == '?' ||
	    (*next == '{' && g_ascii_isdigit(next[1])) ||
	    (guchar)*p >= 0x80 ||
	    (n = fold_char((guchar)*p, r->caseless, buf)) == 0)
		return (FALSE);
	buf[n] = '\0';
	for (i = 0; i < exact->len; i++) {
		if (strlen(exact->pdata[i]) + n > LIT_LEN_MAX)
			return (FALSE);
	}
	for (i = 0; i < exact->len; i++) {
		old = exact->pdata[i];
		len = strlen(old);
		if (*buf == ' ' && len > 0 && old[len - 1] == ' ')
			continue;
		exact->pdata[i] = g_realloc(old, len + n + 1);
		memcpy((char *)exact->pdata[i] + len, buf, n + 1);
	}
	r->p = next;
	return (TRUE);
}

/*
 * A sequence: exact strings are multiplied out as long as the sets stay
 * small; a match satisfies what every piece needs.
 */
static struct lits
read_concat(struct reader *r)
{
	struct lits	 l = lits_any(), item, piece = lits_any();
	GPtrArray	*exact, *product;
	gboolean	 whole = TRUE;

	exact = set_new();
	set_add(exact, "", 0);
	for (read_blanks(r); *r->p != '\0' && *r->p != '|' && *r->p != ')' &&
	    !r->failed; read_blanks(r)) {
		if (exact != NULL && read_plain(r, exact))
			continue;
		item = read_repeat(r);
		if (exact != NULL && item.exact != NULL &&
		    (product = set_product(exact, item.exact)) != NULL) {
			set_free(exact);
			exact = product;
		} else {
			whole = FALSE;
			piece.exact = exact;
			l.clauses = clauses_and(l.clauses,
			    lits_take_clauses(&piece));
			exact = item.exact;
			item.exact = NULL;
			l.clauses = clauses_and(l.clauses,
			    lits_take_clauses(&item));
		}
		lits_clear(&item);
	}
	if (whole)
		l.exact = exact;
	else {
		piece.exact = exact;
		l.clauses = clauses_and(l.clauses, lits_take_clauses(&piece));
	}
	return (l);
}

/* Alternatives: all exact, or a match satisfies what one of them needs. */
static struct lits
read_alt(struct reader *r)
{
	struct lits	 l, next;
	GPtrArray	*any = NULL;
	gboolean	 split = FALSE;
	guint		 i;

	l = read_concat(r);
	while (*r->p == '|' && !r->failed) {
		r->p++;
		next = read_concat(r);
		if (!split && l.exact != NULL && next.exact != NULL &&
		    l.exact->len + next.exact->len <= LIT_SET_MAX) {
			for (i = 0; i < next.exact->len; i++)
				set_add(l.exact, next.exact->pdata[i],
				    strlen(next.exact->pdata[i]));
			lits_clear(&next);
			continue;
		}
		if (!split) {
			any = lits_take_clauses(&l);
			split = TRUE;
		}
		any = clauses_or(any, lits_take_clauses(&next));
	}
	if (split) {
		lits_clear(&l);
		l.clauses = any;
	}
	return (l);
}

static gint
prefilter_compare(gconstpointer a, gconstpointer b)
{
	return (strcmp(*(char * const *)a, *(char * const *)b));
}

/* Cut the strings of set to LIT_KEEP bytes, sort them, drop repeats. */
static void
set_finish(GPtrArray *set)
{
	guint	i, j;

	for (i = 0; i < set->len; i++) {	/* a prefix is needed too */
		if (strlen(set->pdata[i]) > LIT_KEEP)
			((char *)set->pdata[i])[LIT_KEEP] = '\0';
	}
	g_ptr_array_sort(set, prefilter_compare);
	for (i = j = 0; i < set->len; i++) {
		if (j > 0 && strcmp(set->pdata[i], set->pdata[j - 1]) == 0)
			g_free(set->pdata[i]);
		else
			set->pdata[j++] = set->pdata[i];
	}
	g_ptr_array_set_free_func(set, NULL);
	g_ptr_array_set_size(set, j);
	g_ptr_array_set_free_func(set, g_free);
}

/*
 * What every match of re (with flags, "imsx") contains, as clauses of
 * sets of folded literals (see struct lits): the literals of a set one
 * after another, an empty string after each set but a clause's last, a
 * newline after each clause but the last.  Returns a new NULL-terminated
 * vector, or NULL if the regex tells nothing (the rule always runs).
 */
char **
prefilter_literals(const char *re, const char *flags)
{
	struct reader	 r = { re, FALSE, FALSE, FALSE };
	struct lits	 l;
	GPtrArray	*clauses, *c, *set, *out;
	guint		 i, j, k;

	if (!g_utf8_validate(re, -1, NULL))
		return (NULL);		/* PCRE2 will not have it either */
	r.caseless = strchr(flags, 'i') != NULL;
	r.extended = strchr(flags, 'x') != NULL;
	l = read_alt(&r);
	clauses = lits_take_clauses(&l);
	if (r.failed || *r.p != '\0' || clauses == NULL) {
		clauses_free(clauses);
		return (NULL);
	}
	out = g_ptr_array_new();
	for (i = 0; i < clauses->len; i++) {
		c = clauses->pdata[i];
		if (i > 0)
			g_ptr_array_add(out, g_strdup("\n"));
		for (j = 0; j < c->len; j++) {
			set = c->pdata[j];
			set_finish(set);
			if (j > 0)
				g_ptr_array_add(out, g_strdup(""));
			for (k = 0; k < set->len; k++)
				g_ptr_array_add(out, g_strdup(set->pdata[k]));
		}
	}
	g_ptr_array_add(out, NULL);
	clauses_free(clauses);
	return ((char **)g_ptr_array_free(out, FALSE));
}

/*
 * text as literals are: lower case, and every run of white space (the
 * characters \s matches) one space.  Returns a new string.
 */
char *
prefilter_fold(const char *text)
{
	GString		*out;
	const char	*p = text;
	gunichar	 c;
	char		 buf[8];
	gsize		 n;

	out = g_string_sized_new(strlen(text));
	while (*p != '\0') {
		if ((guchar)*p < 0x80) {
			c = (guchar)*p++;
			if (g_ascii_isspace(c) || c == '\v') {
				if (out->len == 0 || out->str[out->len - 1] !=
				    ' ')
					g_string_append_c(out, ' ');
			} else
				g_string_append_c(out, g_ascii_tolower(c));
			continue;
		}
		c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append_c(out, *p++);
			continue;
		}
		p = g_utf8_next_char(p);
		n = fold_char(c, FALSE, buf);
		if (n == 1 && *buf == ' ' && out->len > 0 &&
		    out->str[out->len - 1] == ' ')
			continue;
		g_string_append_len(out, buf, n);
	}
	return (g_string_free(out, FALSE));
}

/* The state from s on byte c, or 0 if s has no such edge. */
static guint32
prefilter_edge(const struct prefilter *pf, guint32 s, guchar c)
{
	const struct edge	*e;
	guint			 lo = 0, hi = pf->states[s].nedges, mid;

	if (s == 0)
		return (pf->root[c] < pf->nstates ? pf->root[c] : 0);
	if (hi == 0 || (guint64)pf->states[s].edge + hi > pf->nedges)
		return (0);		/* none, or a damaged cache */
	e = pf->edges + pf->states[s].edge;	/* edges is NULL if none */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (e[mid].byte == c)
			return (e[mid].to < pf->nstates ? e[mid].to : 0);
		if (e[mid].byte < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (0);
}

/* A node of the trie under construction: the literals it spans. */
struct span {
	guint32	 state;
	guint	 lo, hi;	/* in the sorted literals */
	guint	 depth;
};

/*
 * Build the trie of the sorted literals breadth first, so that each
 * state's edges are contiguous, then its fail and dictionary links.
 */
static void
prefilter_build(struct prefilter *pf, char **lits, guint n)
{
	GArray		*states, *edges, *queue;
	struct state	 st;
	struct edge	 e;
	struct span	 sp, child;
	guint		 head, i, j;
	guint32		 f, t;

	memset(&st, 0, sizeof st);	/* padding too: they are saved */
	memset(&e, 0, sizeof e);
	states = g_array_new(FALSE, TRUE, sizeof(struct state));
	edges = g_array_new(FALSE, FALSE, sizeof(struct edge));
	queue = g_array_new(FALSE, FALSE, sizeof(struct span));
	g_array_append_val(states, st);
	sp.state = 0, sp.lo = 0, sp.hi = n, sp.depth = 0;
	g_array_append_val(queue, sp);
	for (head = 0; head < queue->len; head++) {
		sp = g_array_index(queue, struct span, head);
		i = sp.lo;
		if (i < sp.hi && strlen(lits[i]) == sp.depth)
			g_array_index(states, struct state, sp.state).lit = ++i;
		g_array_index(states, struct state, sp.state).edge = edges->len;
		for (; i < sp.hi; i = j) {
			for (j = i + 1; j < sp.hi &&
			    lits[j][sp.depth] == lits[i][sp.depth]; j++)
				;
			e.byte = lits[i][sp.depth];
			e.to = states->len;
			g_array_append_val(edges, e);
			g_array_append_val(states, st);
			child.state = e.to, child.lo = i, child.hi = j;
			child.depth = sp.depth + 1;
			g_array_append_val(queue, child);
			g_array_index(states, struct state,
			    sp.state).nedges++;
		}
	}
	pf->nstates = states->len;
	pf->nedges = edges->len;
	pf->states = (struct state *)g_array_free(states, FALSE);
	pf->edges = (struct edge *)g_array_free(edges, FALSE);
	for (i = 0; i < pf->states[0].nedges; i++)
		pf->root[pf->edges[i].byte] = pf->edges[i].to;
	/* queue is in breadth-first order: a state's fail is done first */
	for (head = 1; head < queue->len; head++) {
		sp = g_array_index(queue, struct span, head);
		for (i = 0; i < pf->states[sp.state].nedges; i++) {
			e = pf->edges[pf->states[sp.state].edge + i];
			f = pf->states[sp.state].fail;
			while ((t = prefilter_edge(pf, f, e.byte)) == 0 &&
			    f != 0)
				f = pf->states[f].fail;
			pf->states[e.to].fail = t;
			pf->states[e.to].dict = pf->states[t].lit != 0 ? t :
			    pf->states[t].dict;
		}
	}
	g_array_free(queue, TRUE);
}

/*
 * Call fn on each literal of r with its bit: clause * PREFILTER_SETS +
 * set; each clause's bits are added to masks (PREFILTER_CLAUSES of them).
 */
static void
prefilter_each(const struct rule *r, void (*fn)(const char *, guint, void *),
    void *arg, guint32 *masks)
{
	char	**l;
	guint	  clause = 0, set = 0, bit;

	for (l = r->literals; l != NULL && *l != NULL; l++) {
		if (**l == '\n')
			clause++, set = 0;
		else if (**l == '\0')
			set++;
		else {
			bit = clause * PREFILTER_SETS + set;
			if (masks != NULL)
				masks[clause] |= 1U << bit;
			fn(*l, bit, arg);
		}
	}
}

struct prefilter_add {
	GHashTable	*ids;		/* literal -> id + 1 */
	GPtrArray	*lits;
	GPtrArray	*rules;
	guint		 rule;
};

static void
prefilter_add_literal(const char *lit, guint set, void *arg)
{
	struct prefilter_add	*a = arg;

	if (!g_hash_table_contains(a->ids, lit)) {
		g_hash_table_add(a->ids, (gpointer)lit);
		g_ptr_array_add(a->lits, (gpointer)lit);
	}
}

static void
prefilter_add_rule(const char *lit, guint set, void *arg)
{
	struct prefilter_add	*a = arg;
	GArray			*list;
	guint32			 id, v = a->rule << 5 | set;

	id = GPOINTER_TO_UINT(g_hash_table_lookup(a->ids, lit));
	list = a->rules->pdata[id];
	if (list->len == 0 || g_array_index(list, guint, list->len - 1) != v)
		g_array_append_val(list, v);
}

/* Lay the literals' lists of rules out in two arrays; lists is freed. */
static void
prefilter_flatten(struct prefilter *pf, GPtrArray *lists)
{
	GArray	*list;
	guint	 i, n = 0;

	pf->nlits = lists->len;
	pf->first = g_new(guint32, lists->len + 1);
	for (i = 0; i < lists->len; i++) {
		pf->first[i] = n;
		n += ((GArray *)lists->pdata[i])->len;
	}
	pf->first[i] = n;
	pf->nentries = n;
	pf->entries = g_new(guint32, n + 1);
	for (i = 0; i < lists->len; i++) {
		list = lists->pdata[i];
		memcpy(pf->entries + pf->first[i], list->data,
		    list->len * sizeof(guint32));
		g_array_free(list, TRUE);
	}
	g_ptr_array_free(lists, TRUE);
}

/*
 * The automaton for the literals of rs's body and quoted rules; a rule
 * with none is always let through.
 */
struct prefilter *
prefilter_new(const struct ruleset *rs)
{
	struct prefilter	*pf;
	struct prefilter_add	 a;
	const struct rule	*r;
	guint			 i;

	pf = g_new0(struct prefilter, 1);
	pf->nrules = rs->rules->len;
	pf->masks = g_new0(guint32, pf->nrules * PREFILTER_CLAUSES);
	a.ids = g_hash_table_new(g_str_hash, g_str_equal);
	a.lits = g_ptr_array_new();
	for (i = 0; i < rs->rules->len; i++) {
		r = rs->rules->pdata[i];
		if ((r->type != RULE_BODY && r->type != RULE_QUOTED) ||
		    r->literals == NULL)
			continue;
		prefilter_each(r, prefilter_add_literal, &a,
		    pf->masks + i * PREFILTER_CLAUSES);
	}
	g_ptr_array_sort(a.lits, prefilter_compare);
	a.rules = g_ptr_array_new();
	for (i = 0; i < a.lits->len; i++) {
		g_hash_table_insert(a.ids, a.lits->pdata[i],
		    GUINT_TO_POINTER(i));
		g_ptr_array_add(a.rules, g_array_new(FALSE, FALSE,
		    sizeof(guint32)));
	}
	for (a.rule = 0; a.rule < rs->rules->len; a.rule++) {
		r = rs->rules->pdata[a.rule];
		if (r->type == RULE_BODY || r->type == RULE_QUOTED)
			prefilter_each(r, prefilter_add_rule, &a, NULL);
	}
	prefilter_build(pf, (char **)a.lits->pdata, a.lits->len);
	prefilter_flatten(pf, a.rules);
	g_ptr_array_free(a.lits, TRUE);
	g_hash_table_destroy(a.ids);
	return (pf);
}

/*
 * Let through, in can (one byte per rule), the rules folded may match:
 * those with a clause whose every set has a literal in it, and those
 * with no literals.
 */
void
prefilter_run(const struct prefilter *pf, const char *folded, guchar *can)
{
	const struct state	*st = pf->states;
	const guchar		*p;
	const guint32		*m;
	guint64			*seen;		/* a bit per literal */
	guint32			*got, s = 0, t, hit, v, l;
	guint			 i, k;

	seen = g_new0(guint64, pf->nlits / 64 + 1);
	got = g_new0(guint32, pf->nrules);
	for (p = (const guchar *)folded; *p != '\0'; p++) {
		while ((t = prefilter_edge(pf, s, *p)) == 0 && s != 0)
			s = st[s].fail < pf->nstates ? st[s].fail : 0;
		s = t;
		for (hit = st[s].lit ? s : st[s].dict; hit != 0 &&
		    hit < pf->nstates && st[hit].lit <= pf->nlits;
		    hit = st[hit].dict) {
			if ((l = st[hit].lit) == 0 ||
			    (seen[(l - 1) / 64] >> ((l - 1) % 64) & 1))
				break;	/* and so was the rest of the chain */
			seen[(l - 1) / 64] |= G_GUINT64_CONSTANT(1) << ((l - 1) % 64);
			for (i = pf->first[l - 1];
			    i < pf->first[l] && i < pf->nentries; i++) {
				v = pf->entries[i];
				if ((v >> 5) < pf->nrules)
					got[v >> 5] |= 1U << (v & 31);
			}
		}
	}
	for (i = 0; i < pf->nrules; i++) {
		m = pf->masks + i * PREFILTER_CLAUSES;
		can[i] = (m[0] == 0);	/* no literals: always */
		for (k = 0; k < PREFILTER_CLAUSES && m[k] != 0 && !can[i]; k++)
			can[i] = (got[i] & m[k]) == m[k];
	}
	g_free(got);
	g_free(seen);
}

void
prefilter_free(struct prefilter *pf)
{
	if (pf == NULL)
		return;
	if (pf->borrowed) {
		g_free(pf);
		return;
	}
	g_free(pf->first);
	g_free(pf->entries);
	g_free(pf->masks);
	g_free(pf->states);
	g_free(pf->edges);
	g_free(pf);
}

/* Append pf to out, arrays as they are in memory: a cache for this host. */
void
prefilter_save(const struct prefilter *pf, GString *out)
{
	g_string_append_len(out, (const char *)pf->root, sizeof pf->root);
	g_string_append_len(out, (const char *)&pf->nstates,
	    5 * sizeof(guint32));
	g_string_append_len(out, (const char *)pf->states,
	    pf->nstates * sizeof(struct state));
	g_string_append_len(out, (const char *)pf->edges,
	    pf->nedges * sizeof(struct edge));
	g_string_append_len(out, (const char *)pf->first,
	    (pf->nlits + 1) * sizeof(guint32));
	g_string_append_len(out, (const char *)pf->entries,
	    pf->nentries * sizeof(guint32));
	g_string_append_len(out, (const char *)pf->masks,
	    pf->nrules * PREFILTER_CLAUSES * sizeof(guint32));
}

/* n bytes at *p (before end), in place; NULL if there are not so many. */
static gpointer
prefilter_take(const char **p, const char *end, guint64 n)
{
	const char	*block = *p;

	if ((guint64)(end - *p) < n)
		return (NULL);
	*p += n;
	return ((gpointer)block);
}

/*
 * What prefilter_save wrote, read in place from *p on (4-byte aligned;
 * the caller keeps it mapped); NULL if it is short.  Indexes are checked
 * as they are used, so a damaged file cannot make a run read astray.
 */
struct prefilter *
prefilter_load(const char **p, const char *end, guint nrules)
{
	struct prefilter	*pf;

	pf = g_new0(struct prefilter, 1);
	pf->borrowed = TRUE;
	if ((guint64)(end - *p) < sizeof pf->root + 5 * sizeof(guint32))
		goto fail;
	memcpy(pf->root, *p, sizeof pf->root);
	memcpy(&pf->nstates, *p + sizeof pf->root, 5 * sizeof(guint32));
	*p += sizeof pf->root + 5 * sizeof(guint32);
	if (pf->nrules != nrules || pf->nstates == 0 ||
	    (pf->states = prefilter_take(p, end,
	    (guint64)pf->nstates * sizeof(struct state))) == NULL ||
	    (pf->edges = prefilter_take(p, end,
	    (guint64)pf->nedges * sizeof(struct edge))) == NULL ||
	    (pf->first = prefilter_take(p, end,
	    ((guint64)pf->nlits + 1) * sizeof(guint32))) == NULL ||
	    (pf->entries = prefilter_take(p, end,
	    (guint64)pf->nentries * sizeof(guint32))) == NULL ||
	    (pf->masks = prefilter_take(p, end, (guint64)pf->nrules *
	    PREFILTER_CLAUSES * sizeof(guint32))) == NULL)
		goto fail;
	return (pf);
fail:
	prefilter_free(pf);
	return (NULL);
}
