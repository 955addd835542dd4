/*
 * meta.c: meta rule expressions, as in SpamAssassin: rule names (true when
 * the rule hit), numbers, ! && || + - and comparisons, with parentheses.
 * Parsed once into a tree by recursive descent, evaluated per message.
 */

#include <string.h>

#include "doorstop.h"

#define META_MAX_DEPTH	64

enum meta_op {
	META_NUMBER,
	META_NAME,
	META_NOT,
	META_NEG,
	META_AND,
	META_OR,
	META_ADD,
	META_SUB,
	META_LT,
	META_LE,
	META_GT,
	META_GE,
	META_EQ,
	META_NE,
};

struct meta {
	enum meta_op	 op;
	double		 number;
	char		*name;
	const void	*ref;		/* what name stands for, if resolved */
	struct meta	*left;
	struct meta	*right;
};

struct meta_parser {
	const char	*start;
	const char	*p;
	int		 depth;
	GError		**error;
};

static struct meta	*meta_parse_or(struct meta_parser *);

static struct meta *
meta_node(enum meta_op op, struct meta *left, struct meta *right)
{
	struct meta	*m;

	m = g_new0(struct meta, 1);
	m->op = op;
	m->left = left;
	m->right = right;
	return (m);
}

static void
meta_skip(struct meta_parser *mp)
{
	while (*mp->p == ' ' || *mp->p == '\t')
		mp->p++;
}

/* Consume token tok if it comes next. */
static gboolean
meta_accept(struct meta_parser *mp, const char *tok)
{
	gsize	n = strlen(tok);

	meta_skip(mp);
	if (strncmp(mp->p, tok, n) != 0)
		return (FALSE);
	/* "<" must not eat the start of "<=", nor "!" of "!=". */
	if (n == 1 && strchr("<>!=", *tok) != NULL && mp->p[1] == '=')
		return (FALSE);
	mp->p += n;
	return (TRUE);
}

static struct meta *
meta_fail(struct meta_parser *mp, const char *what)
{
	if (*mp->error == NULL) {
		if (*mp->p == '\0')
			g_set_error(mp->error, DOORSTOP_ERROR, EX_DATAERR,
			    "%s at end of expression", what);
		else
			g_set_error(mp->error, DOORSTOP_ERROR, EX_DATAERR,
			    "%s at offset %d ('%.10s')", what,
			    (int)(mp->p - mp->start), mp->p);
	}
	return (NULL);
}

static struct meta *
meta_parse_primary(struct meta_parser *mp)
{
	struct meta	*m;
	const char	*s;
	char		*end;

	meta_skip(mp);
	s = mp->p;
	if (meta_accept(mp, "(")) {
		if (++mp->depth > META_MAX_DEPTH)
			return (meta_fail(mp, "nested too deeply"));
		m = meta_parse_or(mp);
		mp->depth--;
		if (m != NULL && !meta_accept(mp, ")")) {
			meta_free(m);
			return (meta_fail(mp, "missing ')'"));
		}
		return (m);
	}
	if (g_ascii_isdigit(*s) || *s == '.') {
		m = meta_node(META_NUMBER, NULL, NULL);
		m->number = g_ascii_strtod(s, &end);
		mp->p = end;
		return (m);
	}
	while (g_ascii_isalnum(*mp->p) || *mp->p == '_')
		mp->p++;
	if (mp->p == s)
		return (meta_fail(mp, "expected a rule name, number or '('"));
	m = meta_node(META_NAME, NULL, NULL);
	m->name = g_strndup(s, mp->p - s);
	return (m);
}

static struct meta *
meta_parse_unary(struct meta_parser *mp)
{
	struct meta	*m;
	enum meta_op	 op;

	if (meta_accept(mp, "!"))
		op = META_NOT;
	else if (meta_accept(mp, "-"))
		op = META_NEG;
	else
		return (meta_parse_primary(mp));
	if (++mp->depth > META_MAX_DEPTH)
		return (meta_fail(mp, "nested too deeply"));
	m = meta_parse_unary(mp);
	mp->depth--;
	return (m == NULL ? NULL : meta_node(op, m, NULL));
}

/* One level of left-associative binary operators. */
static struct meta *
meta_parse_binary(struct meta_parser *mp, const char * const *toks,
    const enum meta_op *ops, struct meta *(*next)(struct meta_parser *),
    gboolean once)
{
	struct meta	*left, *right;
	int		 i;

	if ((left = next(mp)) == NULL)
		return (NULL);
	for (;;) {
		for (i = 0; toks[i] != NULL; i++) {
			if (meta_accept(mp, toks[i]))
				break;
		}
		if (toks[i] == NULL)
			return (left);
		if ((right = next(mp)) == NULL) {
			meta_free(left);
			return (NULL);
		}
		left = meta_node(ops[i], left, right);
		if (once)
			return (left);
	}
}

static struct meta *
meta_parse_sum(struct meta_parser *mp)
{
	static const char * const	toks[] = { "+", "-", NULL };
	static const enum meta_op	ops[] = { META_ADD, META_SUB };

	return (meta_parse_binary(mp, toks, ops, meta_parse_unary, FALSE));
}

static struct meta *
meta_parse_cmp(struct meta_parser *mp)
{
	static const char * const	toks[] = {
		"<=", ">=", "==", "!=", "<", ">", NULL
	};
	static const enum meta_op	ops[] = {
		META_LE, META_GE, META_EQ, META_NE, META_LT, META_GT
	};

	return (meta_parse_binary(mp, toks, ops, meta_parse_sum, TRUE));
}

static struct meta *
meta_parse_and(struct meta_parser *mp)
{
	static const char * const	toks[] = { "&&", NULL };
	static const enum meta_op	ops[] = { META_AND };

	return (meta_parse_binary(mp, toks, ops, meta_parse_cmp, FALSE));
}

static struct meta *
meta_parse_or(struct meta_parser *mp)
{
	static const char * const	toks[] = { "||", NULL };
	static const enum meta_op	ops[] = { META_OR };

	return (meta_parse_binary(mp, toks, ops, meta_parse_and, FALSE));
}

/* Parse an expression; returns a new tree or NULL with error set. */
struct meta *
meta_parse(const char *expr, GError **error)
{
	struct meta_parser	 mp = { expr, expr, 0, NULL };
	struct meta		*m;
	GError			*e = NULL;

	mp.error = &e;
	m = meta_parse_or(&mp);
	meta_skip(&mp);
	if (m != NULL && *mp.p != '\0') {
		meta_free(m);
		m = meta_fail(&mp, "unexpected text");
	}
	if (m == NULL)
		g_propagate_error(error, e);
	return (m);
}

/*
 * Whether m is surely 0 by what zero tells of the names in it, which
 * costs nothing to ask: a name zero says is 0, "a && b" with either side
 * so, "a || b" with both.
 */
gboolean
meta_zero(const struct meta *m,
    gboolean (*zero)(const char *, const void *, void *), void *arg)
{
	switch (m->op) {
	case META_NUMBER:
		return (m->number == 0);
	case META_NAME:
		return (zero(m->name, m->ref, arg));
	case META_AND:
		return (meta_zero(m->left, zero, arg) ||
		    meta_zero(m->right, zero, arg));
	case META_OR:
		return (meta_zero(m->left, zero, arg) &&
		    meta_zero(m->right, zero, arg));
	default:
		return (FALSE);
	}
}

/*
 * The value of m; lookup gives each name's value (1 for a hit, else 0),
 * from the name or what meta_resolve() found for it.
 * If zero is not NULL, an "&&" whose right side it shows is 0 is 0
 * without its left side being looked up: metas put their costly context
 * rules first and the rare words last.
 */
double
meta_eval(const struct meta *m,
    double (*lookup)(const char *, const void *, void *),
    gboolean (*zero)(const char *, const void *, void *), void *arg)
{
	double	a, b = 0;

	if (m->op == META_NUMBER)
		return (m->number);
	if (m->op == META_NAME)
		return (lookup(m->name, m->ref, arg));
	if (m->op == META_AND && zero != NULL && meta_zero(m->right, zero,
	    arg))
		return (0);
	a = meta_eval(m->left, lookup, zero, arg);
	if (m->op == META_AND && a == 0)
		return (0);
	if (m->op == META_OR && a != 0)
		return (1);
	if (m->right != NULL)
		b = meta_eval(m->right, lookup, zero, arg);
	switch (m->op) {
	case META_NOT:	return (a == 0);
	case META_NEG:	return (-a);
	case META_AND:	return (b != 0);
	case META_OR:	return (b != 0);
	case META_ADD:	return (a + b);
	case META_SUB:	return (a - b);
	case META_LT:	return (a < b);
	case META_LE:	return (a <= b);
	case META_GT:	return (a > b);
	case META_GE:	return (a >= b);
	case META_EQ:	return (a == b);
	case META_NE:	return (a != b);
	default:	return (0);
	}
}

/*
 * Find what each name in m stands for, once, so that evaluating m need not
 * look names up: find(name, arg) gives it, or NULL.
 */
void
meta_resolve(struct meta *m, const void *(*find)(const char *, void *),
    void *arg)
{
	if (m == NULL)
		return;
	if (m->op == META_NAME)
		m->ref = find(m->name, arg);
	meta_resolve(m->left, find, arg);
	meta_resolve(m->right, find, arg);
}

/* Call fn on every rule name in m. */
void
meta_foreach_name(const struct meta *m, void (*fn)(const char *, void *),
    void *arg)
{
	if (m == NULL)
		return;
	if (m->op == META_NAME)
		fn(m->name, arg);
	meta_foreach_name(m->left, fn, arg);
	meta_foreach_name(m->right, fn, arg);
}

void
meta_free(struct meta *m)
{
	if (m == NULL)
		return;
	meta_free(m->left);
	meta_free(m->right);
	g_free(m->name);
	g_free(m);
}
