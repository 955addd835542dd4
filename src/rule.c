/*
 * rule.c: rule files.  Each line is "keyword NAME rest" in SpamAssassin's
 * style; a file first defines its rules (body, quoted, header, meta), then
 * their attributes (score, describe, ...) may come anywhere in it.  A rule
 * defined again in a later file (the user's) replaces the earlier one.
 */

#include <sys/mman.h>

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "doorstop.h"

/* One line of a rule file, split into its words. */
struct rule_line {
	guint	  line;
	char	**words;	/* owns keyword, name and rest */
	char	 *keyword;
	char	 *name;
	char	 *rest;
};

static void
ruleset_problem(struct ruleset *rs, const char *file, guint line,
    const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void
ruleset_problem(struct ruleset *rs, const char *file, guint line,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(rs->problems, g_strdup_printf("%s:%u: %s", file, line,
	    msg));
	g_free(msg);
}

/* A new, empty ruleset that compiles its patterns as flags say. */
static struct ruleset *
ruleset_new(int flags)
{
	struct ruleset	*rs;

	rs = g_new0(struct ruleset, 1);
	rs->rules = g_ptr_array_new();
	rs->by_name = g_hash_table_new(g_str_hash, g_str_equal);
	rs->problems = g_ptr_array_new_with_free_func(g_free);
	rs->flags = flags;
	rs->cache_fd = -1;
	g_mutex_init(&rs->lock);
	return (rs);
}

static void
rule_free(struct rule *r)
{
	if (r == NULL)
		return;
	if (!r->mapped) {
		g_free(r->name);
		g_free(r->header);
		g_free(r->source);
		g_free(r->regex);
		g_free(r->flags);
		g_free(r->category);
		g_free(r->lang);
		g_free(r->file);
	}
	g_strfreev(r->literals);
	pattern_free(r->pattern);
	meta_free(r->meta);
	g_free(r->describe);
	g_ptr_array_free(r->examples, TRUE);
	g_ptr_array_free(r->counterexamples, TRUE);
	g_free(r);
}

void
ruleset_free(struct ruleset *rs)
{
	guint	i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->rules->len; i++)
		rule_free(rs->rules->pdata[i]);
	g_ptr_array_free(rs->rules, TRUE);
	g_hash_table_destroy(rs->by_name);
	g_ptr_array_free(rs->problems, TRUE);
	prefilter_free(rs->prefilter);
	if (rs->cache != NULL)
		munmap(rs->cache, rs->cache_len);
	if (rs->cache_fd != -1)
		close(rs->cache_fd);
	g_mutex_clear(&rs->lock);
	g_free(rs);
}

static gboolean
rule_valid_name(const char *name)
{
	if (*name == '\0' || g_ascii_isdigit(*name))
		return (FALSE);
	for (; *name != '\0'; name++) {
		if (!g_ascii_isalnum(*name) && *name != '_')
			return (FALSE);
	}
	return (TRUE);
}

/* Split "/re/flags" into its pattern and flags; FALSE if malformed. */
static gboolean
rule_split_regex(const char *s, char **re, char **flags)
{
	const char	*end;

	if (*s != '/')
		return (FALSE);
	end = strrchr(s, '/');
	if (end == s)
		return (FALSE);
	*re = g_strndup(s + 1, end - s - 1);
	*flags = g_strdup(end + 1);
	return (TRUE);
}

/*
 * Take "/re/flags" into r, and the literals its matches contain, and
 * compile it.  FALSE (and a problem) if it is bad.
 */
static gboolean
rule_compile(struct ruleset *rs, struct rule *r, const char *text)
{
	GError	*e = NULL;

	if (!rule_split_regex(text, &r->regex, &r->flags)) {
		ruleset_problem(rs, r->file, r->line,
		    "%s: expected /regex/flags, got '%s'", r->name, text);
		return (FALSE);
	}
	r->source = g_strdup(text);
	if (r->type != RULE_HEADER)
		r->literals = prefilter_literals(r->regex, r->flags);
	if (ruleset_pattern(rs, r, &e) != NULL)
		return (TRUE);
	ruleset_problem(rs, r->file, r->line, "%s: %s", r->name, e->message);
	g_error_free(e);
	return (FALSE);
}

/*
 * r's compiled pattern: as the cache saved it, or compiled now; NULL with
 * error.  Threads may ask at once: one compiles, under the set's lock.
 */
struct pattern *
ruleset_pattern(struct ruleset *rs, struct rule *r, GError **error)
{
	struct pattern	*p;
	gboolean	 jit = (rs->flags & RULES_JIT) != 0;

	if ((p = g_atomic_pointer_get(&r->pattern)) != NULL)
		return (p);
	g_mutex_lock(&rs->lock);
	if ((p = r->pattern) == NULL &&
	    (p = cache_pattern(rs, r, jit)) == NULL)
		p = pattern_compile(r->regex, r->flags, jit, error);
	g_atomic_pointer_set(&r->pattern, p);
	g_mutex_unlock(&rs->lock);
	return (p);
}

static const void *
ruleset_find(const char *name, void *arg)
{
	struct ruleset	*rs = arg;

	return (g_hash_table_lookup(rs->by_name, name));
}

/*
 * r's expression, its names resolved to rules; from a cache, parsed when
 * first needed, under the lock.
 */
const struct meta *
ruleset_meta(struct ruleset *rs, struct rule *r)
{
	struct meta	*m;

	if ((m = g_atomic_pointer_get(&r->meta)) != NULL)
		return (m);
	g_mutex_lock(&rs->lock);
	if ((m = r->meta) == NULL && (m = meta_parse(r->source, NULL)) != NULL)
		meta_resolve(m, ruleset_find, rs);
	g_atomic_pointer_set(&r->meta, m);
	g_mutex_unlock(&rs->lock);
	return (m);
}

/*
 * Split s into at most n words at runs of blanks; the last word is the rest
 * of s.  Returns a new NULL-terminated vector.
 */
static char **
rule_words(const char *s, int n)
{
	GPtrArray	*words;
	const char	*end;

	words = g_ptr_array_new();
	for (;;) {
		s += strspn(s, " \t");
		if (*s == '\0')
			break;
		if ((int)words->len == n - 1) {
			g_ptr_array_add(words, g_strchomp(g_strdup(s)));
			break;
		}
		end = s + strcspn(s, " \t");
		g_ptr_array_add(words, g_strndup(s, end - s));
		s = end;
	}
	g_ptr_array_add(words, NULL);
	return ((char **)g_ptr_array_free(words, FALSE));
}

/* Parse "Header =~ /re/", "Header !~ /re/" or "exists:Header". */
static gboolean
rule_parse_header(struct ruleset *rs, struct rule *r, const char *rest)
{
	char	**w;
	gboolean  ok = FALSE;

	if (g_str_has_prefix(rest, "exists:")) {
		r->exists = TRUE;
		r->header = g_strdup(rest + 7);
		r->source = g_strdup(rest);
		ok = rule_valid_name(r->header) || strchr(r->header, '-');
		if (!ok)
			ruleset_problem(rs, r->file, r->line,
			    "%s: bad header name '%s'", r->name, r->header);
		return (ok);
	}
	w = rule_words(rest, 3);
	if (g_strv_length(w) == 3 && (strcmp(w[1], "=~") == 0 ||
	    strcmp(w[1], "!~") == 0)) {
		r->header = g_strdup(w[0]);
		r->negate = (w[1][0] == '!');
		ok = rule_compile(rs, r, w[2]);
	} else
		ruleset_problem(rs, r->file, r->line,
		    "%s: expected 'Header =~ /regex/flags' or 'exists:Header'",
		    r->name);
	g_strfreev(w);
	return (ok);
}

static gboolean
rule_parse_meta(struct ruleset *rs, struct rule *r, const char *rest)
{
	GError	*e = NULL;

	r->source = g_strdup(rest);
	r->meta = meta_parse(rest, &e);
	if (r->meta == NULL) {
		ruleset_problem(rs, r->file, r->line, "%s: %s", r->name,
		    e->message);
		g_error_free(e);
	}
	return (r->meta != NULL);
}

/* Put r in the set, replacing a rule of that name from another file. */
static void
ruleset_add(struct ruleset *rs, struct rule *r)
{
	struct rule	*old;
	guint		 i;

	old = g_hash_table_lookup(rs->by_name, r->name);
	if (old != NULL && strcmp(old->file, r->file) == 0) {
		ruleset_problem(rs, r->file, r->line,
		    "%s: already defined at line %u", r->name, old->line);
		rule_free(r);
		return;
	}
	g_hash_table_replace(rs->by_name, r->name, r);
	if (old != NULL && g_ptr_array_find(rs->rules, old, &i)) {
		rs->rules->pdata[i] = r;
		rule_free(old);
	} else
		g_ptr_array_add(rs->rules, r);
}

static void
ruleset_define(struct ruleset *rs, const char *file, struct rule_line *l,
    const char *lang)
{
	struct rule	*r;
	gboolean	 ok;

	r = g_new0(struct rule, 1);
	r->name = g_strdup(l->name);
	r->file = g_strdup(file);
	r->line = l->line;
	r->lang = g_strdup(lang);
	r->examples = g_ptr_array_new_with_free_func(g_free);
	r->counterexamples = g_ptr_array_new_with_free_func(g_free);
	r->score = g_str_has_prefix(r->name, "__") ? 0 : 1.0;
	if (strcmp(l->keyword, "body") == 0 ||
	    strcmp(l->keyword, "quoted") == 0) {
		r->type = (*l->keyword == 'b') ? RULE_BODY : RULE_QUOTED;
		ok = rule_compile(rs, r, l->rest);
	} else if (strcmp(l->keyword, "header") == 0) {
		r->type = RULE_HEADER;
		ok = rule_parse_header(rs, r, l->rest);
	} else {
		r->type = RULE_META;
		ok = rule_parse_meta(rs, r, l->rest);
	}
	if (ok)
		ruleset_add(rs, r);
	else
		rule_free(r);
}

static gboolean
rule_valid_category(const char *c)
{
	return (category_index(c) >= 0);
}

/* Apply an attribute line (score, describe, ...) to its rule. */
static void
ruleset_attribute(struct ruleset *rs, const char *file, struct rule_line *l)
{
	struct rule	*r;
	char		*end;

	r = g_hash_table_lookup(rs->by_name, l->name);
	if (r == NULL) {
		ruleset_problem(rs, file, l->line, "%s: no such rule",
		    l->name);
		return;
	}
	if (strcmp(l->keyword, "score") == 0) {
		r->score = g_ascii_strtod(l->rest, &end);
		r->has_score = TRUE;
		if (end == l->rest || *end != '\0')
			ruleset_problem(rs, file, l->line,
			    "%s: bad score '%s'", l->name, l->rest);
	} else if (strcmp(l->keyword, "describe") == 0) {
		g_free(r->describe);
		r->describe = g_strdup(l->rest);
	} else if (strcmp(l->keyword, "category") == 0) {
		if (!rule_valid_category(l->rest))
			ruleset_problem(rs, file, l->line,
			    "%s: unknown category '%s'", l->name, l->rest);
		g_free(r->category);
		r->category = g_strdup(l->rest);
	} else if (strcmp(l->keyword, "tflags") == 0) {
		if (strcmp(l->rest, "nofeedback") != 0)
			ruleset_problem(rs, file, l->line,
			    "%s: unknown tflags '%s'", l->name, l->rest);
		r->nofeedback = TRUE;
	} else if (strcmp(l->keyword, "example") == 0)
		g_ptr_array_add(r->examples, g_strdup(l->rest));
	else
		g_ptr_array_add(r->counterexamples, g_strdup(l->rest));
}

static gboolean
rule_is_keyword(const char *word, const char * const *list)
{
	return (g_strv_contains(list, word));
}

static const char * const rule_definitions[] = {
	"body", "quoted", "header", "meta", NULL
};
static const char * const rule_attributes[] = {
	"score", "describe", "category", "tflags", "example", "counterexample",
	NULL
};

/* Split a line into keyword, name and the rest; FALSE if it is empty. */
static gboolean
rule_split_line(const char *text, guint n, struct rule_line *l)
{
	static char	 empty[] = "";
	char		**w;

	memset(l, 0, sizeof *l);
	l->line = n;
	w = rule_words(text, 3);
	if (w[0] == NULL || *w[0] == '#') {
		g_strfreev(w);
		return (FALSE);
	}
	l->words = w;
	l->keyword = w[0];
	l->name = w[1] ? w[1] : empty;
	l->rest = (w[1] && w[2]) ? w[2] : empty;
	return (TRUE);
}

/* Check a line's shape; FALSE (and a problem) if it cannot be used. */
static gboolean
rule_check_line(struct ruleset *rs, const char *file, struct rule_line *l)
{
	gboolean	def, attr;

	if (strcmp(l->keyword, "lang") == 0) {
		if (strlen(l->name) >= 2 && strlen(l->name) <= 3 &&
		    *l->rest == '\0' && g_ascii_isalpha(l->name[0]))
			return (TRUE);
		ruleset_problem(rs, file, l->line, "bad lang '%s'", l->name);
		return (FALSE);
	}
	def = rule_is_keyword(l->keyword, rule_definitions);
	attr = rule_is_keyword(l->keyword, rule_attributes);
	if (!def && !attr) {
		ruleset_problem(rs, file, l->line, "unknown keyword '%s'",
		    l->keyword);
		return (FALSE);
	}
	if (!rule_valid_name(l->name)) {
		ruleset_problem(rs, file, l->line, "bad rule name '%s'",
		    l->name);
		return (FALSE);
	}
	if (*l->rest == '\0') {
		ruleset_problem(rs, file, l->line, "%s %s: missing value",
		    l->keyword, l->name);
		return (FALSE);
	}
	return (TRUE);
}

/* Load one rule file; problems are recorded in the set. */
static void
ruleset_load_file(struct ruleset *rs, const char *file, const char *text)
{
	struct rule_line	*lines;
	char			**split, *lang = NULL;
	guint			  i, n = 0;

	split = g_strsplit(text, "\n", -1);
	lines = g_new0(struct rule_line, g_strv_length(split) + 1);
	for (i = 0; split[i] != NULL; i++) {
		if (!rule_split_line(split[i], i + 1, &lines[n]))
			continue;
		if (rule_check_line(rs, file, &lines[n]))
			n++;
		else
			g_strfreev(lines[n].words);
	}
	for (i = 0; i < n; i++) {
		if (strcmp(lines[i].keyword, "lang") == 0) {
			g_free(lang);
			lang = g_ascii_strdown(lines[i].name, -1);
		} else if (rule_is_keyword(lines[i].keyword, rule_definitions))
			ruleset_define(rs, file, &lines[i], lang);
	}
	for (i = 0; i < n; i++) {
		if (rule_is_keyword(lines[i].keyword, rule_attributes))
			ruleset_attribute(rs, file, &lines[i]);
	}
	for (i = 0; i < n; i++)
		g_strfreev(lines[i].words);
	g_free(lang);
	g_free(lines);
	g_strfreev(split);
}

static gint
rule_compare_paths(gconstpointer a, gconstpointer b)
{
	return (strcmp(*(char * const *)a, *(char * const *)b));
}

/* Add dir's *.rules files, and those of its subdirectories, to paths. */
static int
ruleset_list_dir(const char *dir, GPtrArray *paths, int depth,
    GError **error)
{
	GDir		*d;
	const char	*name;
	char		*path;

	if ((d = g_dir_open(dir, 0, error)) == NULL)
		return (-1);
	while ((name = g_dir_read_name(d)) != NULL) {
		if (*name == '.')
			continue;
		path = g_build_filename(dir, name, NULL);
		if (depth == 0 && g_file_test(path, G_FILE_TEST_IS_DIR))
			ruleset_list_dir(path, paths, 1, NULL);
		if (g_str_has_suffix(name, ".rules") &&
		    g_file_test(path, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(paths, path);
		else
			g_free(path);
	}
	g_dir_close(d);
	return (0);
}

/*
 * Add the *.rules files of dir and its subdirectories to paths, in name
 * order.  Returns -1 with error set if dir cannot be read.
 */
static int
ruleset_paths(const char *dir, GPtrArray *paths, GError **error)
{
	GPtrArray	*found;
	GError		*e = NULL;
	guint		 i;

	found = g_ptr_array_new();
	if (ruleset_list_dir(dir, found, 0, &e) != 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_CONFIG,
		    "cannot read rules: %s", e->message);
		g_error_free(e);
		g_ptr_array_free(found, TRUE);
		return (-1);
	}
	g_ptr_array_sort(found, rule_compare_paths);
	for (i = 0; i < found->len; i++)
		g_ptr_array_add(paths, found->pdata[i]);
	g_ptr_array_free(found, TRUE);
	return (0);
}

/* Load the rule files paths; problems are recorded in rs. */
static void
ruleset_load_files(struct ruleset *rs, GPtrArray *paths)
{
	GError	*e = NULL;
	char	*text;
	guint	 i;

	for (i = 0; i < paths->len; i++) {
		if (!g_file_get_contents(paths->pdata[i], &text, NULL, &e)) {
			g_ptr_array_add(rs->problems, g_strdup(e->message));
			g_clear_error(&e);
			continue;
		}
		ruleset_load_file(rs, paths->pdata[i], text);
		g_free(text);
	}
}

struct rule_walk {
	struct ruleset		*rs;
	const struct rule	*from;
	GHashTable		*state;		/* rule -> 1 visiting, 2 done */
	gboolean		 cycle;
};

static void	rule_visit(struct rule_walk *, const struct rule *);

static void
rule_visit_name(const char *name, void *arg)
{
	struct rule_walk	*w = arg;
	const struct rule	*r, *from = w->from;

	r = g_hash_table_lookup(w->rs->by_name, name);
	if (r == NULL) {
		ruleset_problem(w->rs, from->file, from->line,
		    "%s: unknown rule '%s' in meta", from->name, name);
		return;
	}
	rule_visit(w, r);
	w->from = from;
}

/* Depth-first walk of a meta's names, reporting cycles. */
static void
rule_visit(struct rule_walk *w, const struct rule *r)
{
	int	state;

	state = GPOINTER_TO_INT(g_hash_table_lookup(w->state, r));
	if (state == 2 || r->type != RULE_META)
		return;
	if (state == 1) {
		if (!w->cycle)
			ruleset_problem(w->rs, r->file, r->line,
			    "%s: meta refers to itself", r->name);
		w->cycle = TRUE;
		return;
	}
	g_hash_table_insert(w->state, (gpointer)r, GINT_TO_POINTER(1));
	w->from = r;
	meta_foreach_name(r->meta, rule_visit_name, w);
	g_hash_table_insert(w->state, (gpointer)r, GINT_TO_POINTER(2));
}

/* Check every meta's names once all files are loaded; number the rules. */
static void
ruleset_finish(struct ruleset *rs)
{
	struct rule_walk	 w = { rs, NULL, NULL, FALSE };
	struct rule		*r;
	guint			 i;

	w.state = g_hash_table_new(NULL, NULL);
	for (i = 0; i < rs->rules->len; i++) {
		r = rs->rules->pdata[i];
		r->index = i;
		rule_visit(&w, r);
		meta_resolve(r->meta, ruleset_find, rs);
	}
	g_hash_table_destroy(w.state);
	rs->prefilter = prefilter_new(rs);
}

/* All problems as one error, a line each. */
static void
ruleset_error(struct ruleset *rs, GError **error)
{
	GString	*s;
	guint	 i;

	s = g_string_new(NULL);
	for (i = 0; i < rs->problems->len; i++)
		g_string_append_printf(s, "%s%s", i ? "\n" : "",
		    (char *)rs->problems->pdata[i]);
	g_set_error(error, DOORSTOP_ERROR, EX_DATAERR, "%s", s->str);
	g_string_free(s, TRUE);
}

/*
 * Load the system rules, then the user's (if the directory exists), their
 * patterns compiled as flags (RULES_*) say; with RULES_CACHE, from the
 * cache when the files have not changed since it was saved.  Returns a new
 * ruleset, or NULL with every problem found in error.
 */
struct ruleset *
ruleset_load(const struct config *cf, int flags, GError **error)
{
	struct ruleset	*rs;
	GPtrArray	*paths;
	char		*fp = NULL, *cache = NULL;
	gboolean	 ok = FALSE;

	rs = ruleset_new(flags);
	paths = g_ptr_array_new_with_free_func(g_free);
	if (ruleset_paths(cf->rules_dir, paths, error) != 0 ||
	    (g_file_test(cf->user_rules_dir, G_FILE_TEST_IS_DIR) &&
	    ruleset_paths(cf->user_rules_dir, paths, error) != 0))
		goto out;
	if (flags & RULES_CACHE) {
		fp = cache_fingerprint(paths);
		cache = cache_path(cf);
		if ((ok = cache_read(cache, fp, rs)))
			goto out;
		ruleset_free(rs);
		rs = ruleset_new(flags);
	}
	ruleset_load_files(rs, paths);
	ruleset_finish(rs);
	if (rs->problems->len > 0)
		ruleset_error(rs, error);
	else if (rs->rules->len == 0)
		g_set_error(error, DOORSTOP_ERROR, EX_CONFIG,
		    "no rules found in %s", cf->rules_dir);
	else
		ok = TRUE;
	if (ok && (flags & RULES_CACHE))
		cache_write(cache, fp, rs);
out:
	g_free(fp);
	g_free(cache);
	g_ptr_array_free(paths, TRUE);
	if (!ok) {
		ruleset_free(rs);
		rs = NULL;
	}
	return (rs);
}
