/*
 * eval.c: "doorstop eval LABELS.tsv": classify a labelled corpus and print
 * precision, recall and F1 overall and per kind, source, category and
 * language, the misclassified messages, the rejections found with the
 * wrong category or language, and how often each rule hits
 * rejections and other mail (as SpamAssassin's hit-frequencies does).
 */

#include <string.h>

#include "doorstop.h"

enum { COL_FILE, COL_LABEL, COL_CATEGORY, COL_LANG, COL_KIND, COL_SOURCE,
    COL_COUNT };

static const char *eval_columns[COL_COUNT] = {
	"file", "label", "category", "lang", "kind", "source"
};

struct tally {
	guint	n, tp, fp, fn;
};

struct eval_run {
	GHashTable	*groups;	/* "kind=real" -> struct tally */
	GHashTable	*rule_rej;	/* rule name -> hits on rejections */
	GHashTable	*rule_other;
	GPtrArray	*wrong;		/* char *, one line each */
	GPtrArray	*astray;	/* detected, wrong category or language */
	guint		 rejections, others;
	guint		 unread;	/* files that could not be read */
};

static void
tally_add(GHashTable *groups, const char *key, gboolean label, gboolean got)
{
	struct tally	*t;

	if ((t = g_hash_table_lookup(groups, key)) == NULL) {
		t = g_new0(struct tally, 1);
		g_hash_table_insert(groups, g_strdup(key), t);
	}
	t->n++;
	t->tp += (label && got);
	t->fp += (!label && got);
	t->fn += (label && !got);
}

static void
eval_count_rules(struct eval_run *run, const struct verdict *v,
    gboolean label)
{
	const struct hit	*h;
	GHashTable		*t = label ? run->rule_rej : run->rule_other;
	guint			 i;

	for (i = 0; i < v->hits->len; i++) {
		h = v->hits->pdata[i];
		g_hash_table_insert(t, h->rule->name, GUINT_TO_POINTER(
		    GPOINTER_TO_UINT(g_hash_table_lookup(t, h->rule->name)) +
		    1));
	}
}

/*
 * Whether a detected rejection's category or language differs from its
 * label's; labels may call bid "tender".  "-" and missing labels agree.
 */
static gboolean
eval_label_differs(const char *label, const char *got)
{
	if (label == NULL || strcmp(label, "-") == 0)
		return (FALSE);
	if (strcmp(label, "tender") == 0)
		label = "bid";
	return (got == NULL || strcmp(label, got) != 0);
}

static void
eval_check_astray(struct eval_run *run, const struct verdict *v,
    char **cols)
{
	const char	*cat = cols[COL_CATEGORY], *lang = cols[COL_LANG];

	if (!eval_label_differs(cat, v->category) &&
	    !eval_label_differs(lang, v->lang))
		return;
	g_ptr_array_add(run->astray, g_strdup_printf("  %6.1f  %s  [%s]  "
	    "got %s/%s, labelled %s/%s", v->score, cols[COL_FILE],
	    cols[COL_KIND] ? cols[COL_KIND] : "-", v->category ? v->category :
	    "-", v->lang ? v->lang : "-", cat ? cat : "-", lang ? lang : "-"));
}

/* Classify one labelled row and count it. */
static void
eval_row(struct eval_run *run, struct ruleset *rs, const struct config *cf,
    const char *dir, char **cols)
{
	struct verdict	*v;
	GError		*e = NULL;
	char		*path, *data = NULL, *key;
	gsize		 size;
	gboolean	 label, got;
	int		 c;

	path = g_path_is_absolute(cols[COL_FILE]) ? g_strdup(cols[COL_FILE]) :
	    g_build_filename(dir, cols[COL_FILE], NULL);
	label = (strcmp(cols[COL_LABEL], "rejection") == 0);
	v = NULL;
	if (!g_file_get_contents(path, &data, &size, &e)) {
		log_warn("%s", e->message);
		g_error_free(e);
		run->unread++;
		g_free(path);
		return;
	}
	if ((v = verdict_read(rs, cf, data, size, NULL, &e)) == NULL) {
		log_warn("%s: %s", path, e->message);	/* empty: other */
		g_error_free(e);
	}
	got = (v != NULL && v->rejection);
	tally_add(run->groups, " overall", label, got);
	for (c = COL_CATEGORY; c < COL_COUNT; c++) {
		if (cols[c] == NULL || strcmp(cols[c], "-") == 0)
			continue;
		key = g_strdup_printf("%s=%.40s", eval_columns[c], cols[c]);
		tally_add(run->groups, key, label, got);
		g_free(key);
	}
	if (label != got)
		g_ptr_array_add(run->wrong, g_strdup_printf("  %s %6.1f  %s"
		    "  [%s]", label ? "missed" : "false ", v ? v->score : 0,
		    cols[COL_FILE], cols[COL_KIND] ? cols[COL_KIND] : "-"));
	if (label && got)
		eval_check_astray(run, v, cols);
	if (v != NULL)
		eval_count_rules(run, v, label);
	label ? run->rejections++ : run->others++;
	verdict_free(v);
	g_free(data);
	g_free(path);
}

static void
eval_print_ratio(guint num, guint den)
{
	if (den == 0)
		printf(" %9s", "-");
	else
		printf(" %9.3f", (double)num / den);
}

static void
eval_print_groups(struct eval_run *run)
{
	GList		*keys, *l;
	struct tally	*t;
	double		 p, r;

	printf("%-44s %6s %5s %5s %5s %5s %9s %9s %9s\n", "", "n", "rej",
	    "TP", "FP", "FN", "precision", "recall", "F1");
	keys = g_list_sort(g_hash_table_get_keys(run->groups),
	    (GCompareFunc)strcmp);
	for (l = keys; l != NULL; l = l->next) {
		t = g_hash_table_lookup(run->groups, l->data);
		printf("%-44s %6u %5u %5u %5u %5u", (char *)l->data +
		    (*(char *)l->data == ' '), t->n, t->tp + t->fn, t->tp, t->fp,
		    t->fn);
		eval_print_ratio(t->tp, t->tp + t->fp);
		eval_print_ratio(t->tp, t->tp + t->fn);
		p = (t->tp + t->fp) ? (double)t->tp / (t->tp + t->fp) : 0;
		r = (t->tp + t->fn) ? (double)t->tp / (t->tp + t->fn) : 0;
		if (p + r > 0)
			printf(" %9.3f\n", 2 * p * r / (p + r));
		else
			printf(" %9s\n", "-");
	}
	g_list_free(keys);
}

static void
eval_print_rules(struct eval_run *run, struct ruleset *rs)
{
	const struct rule	*r;
	double			 s, o;
	guint			 i;

	printf("\n%7s %7s %6s %6s  %s\n", "REJ%", "OTHER%", "S/O", "SCORE",
	    "NAME");
	for (i = 0; i < rs->rules->len; i++) {
		r = rs->rules->pdata[i];
		if (r->score == 0)
			continue;
		s = run->rejections ? 100.0 * GPOINTER_TO_UINT(
		    g_hash_table_lookup(run->rule_rej, r->name)) /
		    run->rejections : 0;
		o = run->others ? 100.0 * GPOINTER_TO_UINT(
		    g_hash_table_lookup(run->rule_other, r->name)) /
		    run->others : 0;
		printf("%7.3f %7.3f %6.3f %6.1f  %s\n", s, o,
		    (s + o) > 0 ? s / (s + o) : 0.0, r->score, r->name);
	}
}

/* Index the header line's columns; FALSE if file or label is missing. */
static gboolean
eval_header(const char *line, int *index)
{
	char	**names;
	int	  c, i;

	names = g_strsplit(line, "\t", -1);
	for (c = 0; c < COL_COUNT; c++) {
		index[c] = -1;
		for (i = 0; names[i] != NULL; i++) {
			if (strcmp(g_strstrip(names[i]), eval_columns[c]) == 0)
				index[c] = i;
		}
	}
	g_strfreev(names);
	return (index[COL_FILE] >= 0 && index[COL_LABEL] >= 0);
}

static void
eval_lines(struct eval_run *run, struct ruleset *rs, struct config *cf,
    const char *dir, char **lines, const int *index)
{
	char	**fields, *cols[COL_COUNT];
	guint	  i, n;
	int	  c;

	for (i = 1; lines[i] != NULL; i++) {
		if (*g_strstrip(lines[i]) == '\0' || *lines[i] == '#')
			continue;
		fields = g_strsplit(lines[i], "\t", -1);
		n = g_strv_length(fields);
		for (c = 0; c < COL_COUNT; c++)
			cols[c] = (index[c] >= 0 && (guint)index[c] < n) ?
			    fields[index[c]] : NULL;
		if (cols[COL_FILE] != NULL && cols[COL_LABEL] != NULL)
			eval_row(run, rs, cf, dir, cols);
		g_strfreev(fields);
	}
}

int
eval_main(struct config *cf, int argc, char **argv, GError **error)
{
	struct eval_run	 run = { 0 };
	struct ruleset	*rs;
	char		*text, **lines, *dir;
	int		 index[COL_COUNT];
	guint		 i;

	if (argc != 1) {
		g_set_error(error, DOORSTOP_ERROR, EX_USAGE,
		    "usage: doorstop eval labels.tsv");
		return (-1);
	}
	if (!g_file_get_contents(argv[0], &text, NULL, error))
		return (-1);
	lines = g_strsplit(text, "\n", -1);
	g_free(text);
	if (lines[0] == NULL || !eval_header(lines[0], index)) {
		g_set_error(error, DOORSTOP_ERROR, EX_DATAERR,
		    "%s: the first line must name the columns file and label",
		    argv[0]);
		g_strfreev(lines);
		return (-1);
	}
	if ((rs = ruleset_load(cf, RULES_JIT | RULES_CACHE, error)) == NULL) {
		g_strfreev(lines);
		return (-1);
	}
	run.groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	run.rule_rej = g_hash_table_new(g_str_hash, g_str_equal);
	run.rule_other = g_hash_table_new(g_str_hash, g_str_equal);
	run.wrong = g_ptr_array_new_with_free_func(g_free);
	run.astray = g_ptr_array_new_with_free_func(g_free);
	dir = g_path_get_dirname(argv[0]);
	eval_lines(&run, rs, cf, dir, lines, index);
	printf("%u messages: %u rejections, %u other; threshold %.1f\n",
	    run.rejections + run.others, run.rejections, run.others,
	    cf->threshold);
	if (run.unread > 0)
		printf("%u listed files could not be read and are left out\n",
		    run.unread);
	printf("\n");
	eval_print_groups(&run);
	printf("\nMisclassified (%u):\n", run.wrong->len);
	for (i = 0; i < run.wrong->len; i++)
		printf("%s\n", (char *)run.wrong->pdata[i]);
	printf("\nDetected with the wrong category or language (%u):\n",
	    run.astray->len);
	for (i = 0; i < run.astray->len; i++)
		printf("%s\n", (char *)run.astray->pdata[i]);
	eval_print_rules(&run, rs);
	if (run.unread > 0)
		g_set_error(error, DOORSTOP_ERROR, EX_NOINPUT,
		    "%s: %u listed files could not be read", argv[0],
		    run.unread);
	g_free(dir);
	g_ptr_array_free(run.wrong, TRUE);
	g_ptr_array_free(run.astray, TRUE);
	g_hash_table_destroy(run.rule_rej);
	g_hash_table_destroy(run.rule_other);
	g_hash_table_destroy(run.groups);
	ruleset_free(rs);
	g_strfreev(lines);
	return (run.unread > 0 ? -1 : 0);
}
