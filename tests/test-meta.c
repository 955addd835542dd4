/* Unit tests for meta.c: parsing and evaluating meta expressions. */

#include <string.h>

#include "test.h"

/* Rules A, B and C hit; D and E do not. */
static double
lookup(const char *name, const void *ref, void *arg)
{
	(*(int *)arg)++;
	return (strchr("ABC", *name) != NULL && name[1] == '\0');
}

static const struct {
	const char	*expr;
	double		 want;
} evals[] = {
	{ "A", 1 },
	{ "D", 0 },
	{ "!D", 1 },
	{ "A && B", 1 },
	{ "A && D", 0 },
	{ "D || C", 1 },
	{ "D || E", 0 },
	{ "!(A && D)", 1 },
	{ "A + B + C + D", 3 },
	{ "(A + B + D) >= 2", 1 },
	{ "(A + D + E) >= 2", 0 },
	{ "A + B > 1 && !E", 1 },
	{ "A == 1", 1 },
	{ "A != B", 0 },
	{ "D < 1", 1 },
	{ "C <= 0", 0 },
	{ "A - B", 0 },
	{ "-A + 2", 1 },
	{ "2.5 > 2", 1 },
	{ "A || B && D", 1 },
	{ "(A || B) && D", 0 },
	{ "  A&&B  ", 1 },
	{ "__SUB_RULE_1 || A", 1 },
};

static const struct {
	const char	*expr;
	const char	*error;
} errors[] = {
	{ "", "expected a rule name, number or '(' at end of expression" },
	{ "A &&", "expected a rule name, number or '(' at end of expression" },
	{ "(A || B", "missing ')' at end of expression" },
	{ "A B", "unexpected text at offset 2 ('B')" },
	{ "A & B", "unexpected text at offset 2 ('& B')" },
	{ "A || * B", "expected a rule name, number or '(' at offset 5 "
	    "('* B')" },
	{ "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
	    "A", "nested too deeply at offset 65 ('A')" },
};

static void
test_eval(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct meta	*m;
	GError		*e = NULL;
	int		 calls = 0;

	m = meta_parse(evals[i].expr, &e);
	g_assert_no_error(e);
	g_assert_nonnull(m);
	g_assert_cmpfloat(meta_eval(m, lookup, NULL, &calls), ==, evals[i].want);
	meta_free(m);
}

static void
test_error(gconstpointer p)
{
	gsize		 i = GPOINTER_TO_SIZE(p);
	struct meta	*m;
	GError		*e = NULL;

	m = meta_parse(errors[i].expr, &e);
	g_assert_null(m);
	g_assert_error(e, DOORSTOP_ERROR, EX_DATAERR);
	g_assert_cmpstr(e->message, ==, errors[i].error);
	g_error_free(e);
}

static void
count_name(const char *name, void *arg)
{
	g_string_append_printf(arg, "%s ", name);
}

/* Names are listed for cycle checks; && and || short-circuit. */
static void
test_names(void)
{
	struct meta	*m;
	GString		*s = g_string_new(NULL);
	int		 calls = 0;

	m = meta_parse("(A || X) && !(D && Y) && (B + C) > 1", NULL);
	meta_foreach_name(m, count_name, s);
	g_assert_cmpstr(s->str, ==, "A X D Y B C ");
	g_assert_cmpfloat(meta_eval(m, lookup, NULL, &calls), ==, 1);
	g_assert_cmpint(calls, ==, 4);	/* X and Y never looked up */
	meta_free(m);
	g_string_free(s, TRUE);
}

/* What costs nothing to know is 0: names starting with Z here. */
static gboolean
zero(const char *name, const void *ref, void *arg)
{
	return (*name == 'Z');
}

/*
 * An "&&" whose right side is surely 0 is 0 without its left side looked
 * up; anything else is evaluated as before.
 */
static void
test_zero(void)
{
	static const struct {
		const char	*expr;
		double		 want;
		int		 calls;
	} cases[] = {
		{ "A && Z", 0, 0 },
		{ "(A || B) && (Z1 && C)", 0, 0 },
		{ "A && (Z1 || Z2)", 0, 0 },
		{ "A && (Z1 || B)", 1, 3 },
		{ "A && !Z", 1, 2 },
		{ "Z && A", 0, 1 },
	};
	struct meta	*m;
	gsize		 i;
	int		 calls;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		calls = 0;
		m = meta_parse(cases[i].expr, NULL);
		g_assert_nonnull(m);
		g_assert_cmpfloat(meta_eval(m, lookup, zero, &calls), ==,
		    cases[i].want);
		g_assert_cmpint(calls, ==, cases[i].calls);
		meta_free(m);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	TEST_ADD_NUMBERED("/meta/eval", evals, test_eval);
	TEST_ADD_NUMBERED("/meta/error", errors, test_error);
	g_test_add_func("/meta/names", test_names);
	g_test_add_func("/meta/zero", test_zero);
	return (g_test_run());
}
