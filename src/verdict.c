/*
 * verdict.c: a ruleset applied to a message.  Every pattern rule is matched,
 * but those the prefilter shows cannot match; metas are evaluated on demand
 * from the values of the rules they name, and the scores of the rules that
 * hit are summed against the threshold.
 */

#include <math.h>
#include <string.h>

#include "doorstop.h"

struct eval {
	struct ruleset		*rs;
	const struct message	*msg;
	double			*value;
	guchar			*state;		/* 0 to do, 1 busy, 2 done */
	guchar			*can[2];	/* body, quoted: may match */
	struct hit		**hit;
	GPtrArray		*captures;	/* of the rule being matched */
	GPtrArray		*errors;
};

static double	verdict_value(struct eval *, const struct rule *);
static gboolean	verdict_zero(const char *, const void *, void *);

static void
hit_free(struct hit *h)
{
	if (h == NULL)
		return;
	g_free(h->match);
	g_ptr_array_free(h->captures, TRUE);
	g_free(h);
}

static void
capture_free(struct capture *c)
{
	g_free(c->name);
	g_free(c->value);
	g_free(c);
}

static GPtrArray *
captures_new(void)
{
	return (g_ptr_array_new_with_free_func((GDestroyNotify)capture_free));
}

/* A hit of r, taking match and captures. */
static struct hit *
hit_new(const struct rule *r, char *match, GPtrArray *captures)
{
	struct hit	*h;

	h = g_new0(struct hit, 1);
	h->rule = r;
	h->match = match;
	h->captures = captures;
	return (h);
}

static double
verdict_lookup(const char *name, const void *ref, void *arg)
{
	struct eval		*ev = arg;
	const struct rule	*r;

	r = ref;		/* meta_resolve() found it, or no rule */
	return (r == NULL ? 0 : verdict_value(ev, r));
}

/*
 * Whether the rule called name is surely 0 for this message, at no cost:
 * done and 0, a pattern rule the prefilter holds back, or a meta that
 * meta_zero() shows is 0.
 */
static gboolean
verdict_zero(const char *name, const void *ref, void *arg)
{
	struct eval		*ev = arg;
	const struct rule	*r;
	const struct meta	*m;
	gboolean		 zero;

	if ((r = ref) == NULL)		/* no such rule */
		return (TRUE);
	if (ev->state[r->index] != 0)	/* done, or busy: a cycle */
		return (ev->state[r->index] == 2 && ev->value[r->index] == 0);
	if (r->type == RULE_BODY || r->type == RULE_QUOTED)
		return (!ev->can[r->type == RULE_QUOTED][r->index]);
	if (r->type != RULE_META ||
	    (m = ruleset_meta(ev->rs, (struct rule *)r)) == NULL)
		return (FALSE);
	ev->state[r->index] = 1;
	zero = meta_zero(m, verdict_zero, ev);
	ev->state[r->index] = 0;
	return (zero);
}

/*
 * Match a body, quoted or header rule; 1 if it hits.  *match gets the
 * matched text, ev->captures the named groups.
 */
static double
verdict_match(struct eval *ev, const struct rule *r, char **match)
{
	const struct pattern *p;
	const char	*subject;
	GError		*e = NULL;
	gboolean	 matched = FALSE;

	if (r->type == RULE_HEADER) {
		subject = message_header(ev->msg, r->header);
		if (r->exists)
			return (subject != NULL);
	} else if (!ev->can[r->type == RULE_QUOTED][r->index])
		return (0);
	else
		subject = (r->type == RULE_BODY) ? ev->msg->body :
		    ev->msg->quoted;
	if ((p = ruleset_pattern(ev->rs, (struct rule *)r, &e)) != NULL)
		matched = pattern_match(p, subject ? subject : "", match,
		    ev->captures, &e);
	if (e != NULL) {
		g_ptr_array_add(ev->errors, g_strdup_printf(
		    "rule %s stopped: %s", r->name, e->message));
		g_error_free(e);
		return (0);	/* a stopped rule never hits, even with !~ */
	}
	return (matched != r->negate);
}

static double
verdict_value(struct eval *ev, const struct rule *r)
{
	const struct meta *m;
	char		*match = NULL;
	double		 v;

	if (ev->state[r->index] != 0)
		return (ev->value[r->index]);	/* done, or a cycle: 0 */
	ev->state[r->index] = 1;
	if (r->type == RULE_META)
		v = (m = ruleset_meta(ev->rs, (struct rule *)r)) != NULL ?
		    meta_eval(m, verdict_lookup, verdict_zero, ev) : 0;
	else
		v = verdict_match(ev, r, &match);
	if (v != 0) {
		ev->hit[r->index] = hit_new(r, match, ev->captures);
		ev->captures = captures_new();
	} else {
		g_free(match);		/* a !~ rule that matched */
		g_ptr_array_set_size(ev->captures, 0);
	}
	ev->value[r->index] = v;
	ev->state[r->index] = 2;
	return (v);
}

static void
eval_init(struct eval *ev, struct ruleset *rs, const struct message *msg)
{
	const char	*texts[2] = { msg->body, msg->quoted };
	char		*folded;
	guint		 n = rs->rules->len, i;

	ev->rs = rs;
	ev->msg = msg;
	ev->value = g_new0(double, n);
	ev->state = g_new0(guchar, n);
	ev->hit = g_new0(struct hit *, n);
	ev->captures = captures_new();
	ev->errors = g_ptr_array_new_with_free_func(g_free);
	for (i = 0; i < 2; i++) {
		ev->can[i] = g_new0(guchar, n);
		folded = prefilter_fold(texts[i] != NULL ? texts[i] : "");
		prefilter_run(rs->prefilter, folded, ev->can[i]);
		g_free(folded);
	}
}

static void
eval_clear(struct eval *ev)
{
	guint	i;

	for (i = 0; i < ev->rs->rules->len; i++)
		hit_free(ev->hit[i]);
	g_free(ev->hit);
	g_ptr_array_free(ev->captures, TRUE);
	g_free(ev->can[0]);
	g_free(ev->can[1]);
	g_free(ev->state);
	g_free(ev->value);
	if (ev->errors != NULL)
		g_ptr_array_free(ev->errors, TRUE);
}

/* The key of table with the highest summed score, or NULL. */
static const char *
verdict_best(GHashTable *table)
{
	GHashTableIter	 it;
	gpointer	 key, value;
	const char	*best = NULL;
	double		 max = 0, *d;

	g_hash_table_iter_init(&it, table);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		d = value;
		if (*d > max || (*d == max && best != NULL &&
		    strcmp(key, best) < 0)) {
			max = *d;
			best = key;
		}
	}
	return (best);
}

static void
verdict_add(GHashTable *table, const char *key, double score)
{
	double	*d;

	if (key == NULL || score <= 0)
		return;
	d = g_hash_table_lookup(table, key);
	if (d == NULL) {
		d = g_new0(double, 1);
		g_hash_table_insert(table, (gpointer)key, d);
	}
	*d += score;
}

/* Sum the scored hits into v; category and language go to the strongest. */
static void
verdict_score(struct verdict *v, struct eval *ev)
{
	GHashTable		*cats, *langs;
	const struct rule	*r;
	guint			 i;

	cats = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	langs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	for (i = 0; i < ev->rs->rules->len; i++) {
		r = ev->rs->rules->pdata[i];
		if (ev->hit[i] == NULL || r->score == 0)
			continue;
		g_ptr_array_add(v->hits, ev->hit[i]);
		ev->hit[i] = NULL;
		v->score += r->score;
		verdict_add(cats, r->category, r->score);
		verdict_add(langs, r->lang, r->score);
	}
	v->category = verdict_best(cats);
	v->lang = verdict_best(langs);
	g_hash_table_destroy(cats);
	g_hash_table_destroy(langs);
}

/*
 * Apply rs to msg.  Returns a new verdict the caller frees; it borrows the
 * rules' strings, so it must not outlive rs.
 */
struct verdict *
verdict_new(struct ruleset *rs, const struct message *msg, double threshold)
{
	const struct rule *r;
	struct verdict	*v;
	struct eval	 ev;
	guint		 i;

	eval_init(&ev, rs, msg);
	for (i = 0; i < rs->rules->len; i++) {
		r = rs->rules->pdata[i];
		if (r->score != 0)	/* the others only if a meta asks */
			verdict_value(&ev, r);
	}
	v = g_new0(struct verdict, 1);
	v->threshold = threshold;
	v->hits = g_ptr_array_new_with_free_func((GDestroyNotify)hit_free);
	verdict_score(v, &ev);
	if (fabs(v->score) < 1e-9)
		v->score = 0;
	v->rejection = (v->score + 1e-9 >= threshold);
	v->errors = ev.errors;
	ev.errors = NULL;
	eval_clear(&ev);
	return (v);
}

/* Whether rule r (scored or not, meta or not) hits msg. */
gboolean
verdict_rule_hits(struct ruleset *rs, const struct rule *r,
    const struct message *msg)
{
	struct eval	ev;
	gboolean	hits;

	eval_init(&ev, rs, msg);
	hits = (verdict_value(&ev, r) != 0);
	eval_clear(&ev);
	return (hits);
}

/*
 * One line for the X-Doorstop header and logs: "rejection score=7.5
 * category=job lang=en rules=A,B".  Returns a new string.
 */
char *
verdict_summary(const struct verdict *v)
{
	GString		*s;
	char		 num[G_ASCII_DTOSTR_BUF_SIZE];
	const struct hit *h;
	guint		 i;

	s = g_string_new(v->rejection ? "rejection" : "other");
	g_string_append_printf(s, " score=%s",
	    g_ascii_formatd(num, sizeof num, "%.1f", v->score));
	if (v->rejection && v->category != NULL)
		g_string_append_printf(s, " category=%s", v->category);
	if (v->rejection && v->lang != NULL)
		g_string_append_printf(s, " lang=%s", v->lang);
	for (i = 0; i < v->hits->len; i++) {
		h = v->hits->pdata[i];
		g_string_append(s, i == 0 ? " rules=" : ",");
		g_string_append(s, h->rule->name);
	}
	return (g_string_free(s, FALSE));
}

void
verdict_free(struct verdict *v)
{
	if (v == NULL)
		return;
	g_ptr_array_free(v->hits, TRUE);
	if (v->errors != NULL)
		g_ptr_array_free(v->errors, TRUE);
	g_free(v);
}

/*
 * Read a message from data and apply rs to it.  Returns a new verdict and,
 * if m is not NULL, the message; NULL with error set if it cannot be read.
 */
struct verdict *
verdict_read(struct ruleset *rs, const struct config *cf, const char *data,
    gsize size, struct message **m, GError **error)
{
	struct message	*msg;
	struct verdict	*v;

	if (m != NULL)
		*m = NULL;
	msg = message_read(data, MIN(size, cf->max_message), cf->max_text,
	    error);
	if (msg == NULL)
		return (NULL);
	v = verdict_new(rs, msg, cf->threshold);
	if (m != NULL)
		*m = msg;
	else
		message_free(msg);
	return (v);
}
