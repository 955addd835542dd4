/*
 * cache.c: the rules, read once.  Parsing a thousand rules, reading their
 * regexes for literals and compiling them takes longer than a mail filter
 * may spend on a message, so a filter saves the result (the rules, their
 * prefilter and their compiled patterns) in one file under
 * $XDG_CACHE_HOME/doorstop.  A later run that finds the rule files as they
 * were (same names, sizes, times, inodes) reads that file instead.  The
 * file is this host's: numbers are stored as they are in memory.  A cache
 * that is missing, stale or cut short is rebuilt; one damaged inside cannot
 * make a run read out of bounds or feed PCRE2 a pattern that is not one.
 */

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "doorstop.h"

#define CACHE_MAGIC	"doorstop rules cache 4\n"
#define CACHE_NONE	0xffffffffU	/* a NULL string */

/* Where the cache of the rules in cf's directories lives. */
char *
cache_path(const struct config *cf)
{
	char	*key, *sum, *name, *path;

	key = g_strconcat(cf->rules_dir, "\n", cf->user_rules_dir, NULL);
	sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key, -1);
	name = g_strdup_printf("rules-%.16s", sum);
	path = g_build_filename(g_get_user_cache_dir(), "doorstop", name,
	    NULL);
	g_free(name);
	g_free(sum);
	g_free(key);
	return (path);
}

/*
 * What the rule files paths (sorted) are now: a checksum of their names,
 * sizes, times and inodes, and of doorstop's version.
 */
char *
cache_fingerprint(GPtrArray *paths)
{
	GChecksum	*sum;
	struct stat	 sb;
	char		*line, *fp;
	guint		 i;

	sum = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(sum, (const guchar *)CACHE_MAGIC PACKAGE_VERSION,
	    -1);
	for (i = 0; i < paths->len; i++) {
		if (stat(paths->pdata[i], &sb) != 0)
			memset(&sb, 0, sizeof sb);
		line = g_strdup_printf("\n%s %jd %jd.%09ld %ju %ju",
		    (char *)paths->pdata[i], (intmax_t)sb.st_size,
		    (intmax_t)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec,
		    (uintmax_t)sb.st_ino, (uintmax_t)sb.st_dev);
		g_checksum_update(sum, (const guchar *)line, -1);
		g_free(line);
	}
	fp = g_strdup(g_checksum_get_string(sum));
	g_checksum_free(sum);
	return (fp);
}

static void
cache_put_u32(GString *out, guint32 v)
{
	g_string_append_len(out, (const char *)&v, sizeof v);
}

static void
cache_put_string(GString *out, const char *s)
{
	cache_put_u32(out, s != NULL ? (guint32)strlen(s) : CACHE_NONE);
	if (s != NULL)			/* with its NUL: read in place */
		g_string_append_len(out, s, strlen(s) + 1);
}

/* FNV-1a, 64 bits: a saved pattern is checked before PCRE2 reads it. */
static guint64
cache_sum(const char *p, gsize len)
{
	guint64	h = 0xcbf29ce484222325ULL;

	while (len-- > 0)
		h = (h ^ (guchar)*p++) * 0x100000001b3ULL;
	return (h);
}

/* r's compiled pattern, 8-byte aligned, its length and sum first. */
static void
cache_put_pattern(GString *out, const struct rule *r)
{
	GString	*code;
	guint64	 sum;

	code = g_string_new(NULL);
	if (r->pattern == NULL || !pattern_save(r->pattern, code))
		g_string_truncate(code, 0);
	cache_put_u32(out, code->len);
	if (code->len > 0) {
		while (out->len % 8 != 0)
			g_string_append_c(out, '\0');
		sum = cache_sum(code->str, code->len);
		g_string_append_len(out, (const char *)&sum, sizeof sum);
		g_string_append_len(out, code->str, code->len);
	}
	g_string_free(code, TRUE);
}

static void
cache_put_rule(GString *out, const struct rule *r)
{
	guint32	bits;

	cache_put_string(out, r->name);
	cache_put_string(out, r->header);
	cache_put_string(out, r->source);
	cache_put_string(out, r->regex);
	cache_put_string(out, r->flags);
	cache_put_string(out, r->category);
	cache_put_string(out, r->lang);
	cache_put_string(out, r->file);
	cache_put_u32(out, r->line);
	bits = r->type | r->negate << 4 | r->exists << 5 |
	    r->has_score << 6 | r->nofeedback << 7;
	cache_put_u32(out, bits);
	g_string_append_len(out, (const char *)&r->score, sizeof r->score);
	cache_put_pattern(out, r);
}

/*
 * Save rs, read from rule files whose fingerprint is fp, to path; it
 * replaces the old cache at once.  A cache that cannot be written is no
 * error: the next run reads the rule files again.
 */
void
cache_write(const char *path, const char *fp, const struct ruleset *rs)
{
	GString	*out;
	GError	*e = NULL;
	char	*dir, *tmp;
	guint	 i;

	out = g_string_new(CACHE_MAGIC);
	cache_put_string(out, fp);
	cache_put_u32(out, rs->rules->len);
	for (i = 0; i < rs->rules->len; i++)
		cache_put_rule(out, rs->rules->pdata[i]);
	while (out->len % 8 != 0)	/* the arrays are read in place */
		g_string_append_c(out, '\0');
	prefilter_save(rs->prefilter, out);
	dir = g_path_get_dirname(path);
	tmp = g_strdup_printf("%s.%d.tmp", path, (int)getpid());
	if (g_mkdir_with_parents(dir, 0700) != 0 ||
	    file_put(tmp, path, out->str, out->len, &e) != 0) {
		log_info("rules cache not written: %s", e != NULL ?
		    e->message : g_strerror(errno));
		g_clear_error(&e);
	}
	g_free(tmp);
	g_free(dir);
	g_string_free(out, TRUE);
}

/* Reading a cache: where we are, and whether it still holds together. */
struct cache_reader {
	const char	*start, *p, *end;
	gboolean	 bad;
};

static guint32
cache_get_u32(struct cache_reader *cr)
{
	guint32	v = 0;

	if (cr->end - cr->p < (gssize)sizeof v)
		cr->bad = TRUE;
	else {
		memcpy(&v, cr->p, sizeof v);
		cr->p += sizeof v;
	}
	return (v);
}

/* A string of the cache, in place (NUL-terminated there), or NULL. */
static char *
cache_get_string(struct cache_reader *cr)
{
	guint32	 len;
	char	*s;

	len = cache_get_u32(cr);
	if (cr->bad || len == CACHE_NONE)
		return (NULL);
	if ((guint64)(cr->end - cr->p) <= len || cr->p[len] != '\0') {
		cr->bad = TRUE;
		return (NULL);
	}
	s = (char *)cr->p;
	cr->p += len + 1;
	return (s);
}

/* Where r's saved pattern (its sum first) lies in the mapped cache. */
static void
cache_get_pattern(struct cache_reader *cr, struct rule *r)
{
	guint32	len;

	len = cache_get_u32(cr);
	if (cr->bad || len == 0)
		return;
	while ((cr->p - cr->start) % 8 != 0 && cr->p < cr->end)
		cr->p++;
	if ((guint64)(cr->end - cr->p) < sizeof(guint64) + (guint64)len) {
		cr->bad = TRUE;
		return;
	}
	r->saved = cr->p;
	r->saved_len = len;
	cr->p += sizeof(guint64) + len;
}

/*
 * r's pattern as the cache saved it, if its sum is right (PCRE2 trusts
 * what it reads); NULL if there is none, and it is then compiled.
 */
struct pattern *
cache_pattern(const struct rule *r, gboolean jit)
{
	guint64	sum;

	if (r->saved == NULL)
		return (NULL);
	memcpy(&sum, r->saved, sizeof sum);
	if (cache_sum(r->saved + sizeof sum, r->saved_len) != sum)
		return (NULL);
	return (pattern_load(r->saved + sizeof sum, jit));
}

static struct rule *
cache_get_rule(struct cache_reader *cr)
{
	struct rule	*r;
	guint32		 bits;

	r = g_new0(struct rule, 1);
	r->mapped = TRUE;	/* its strings are the cache's */
	r->name = cache_get_string(cr);
	r->header = cache_get_string(cr);
	r->source = cache_get_string(cr);
	r->regex = cache_get_string(cr);
	r->flags = cache_get_string(cr);
	r->category = cache_get_string(cr);
	r->lang = cache_get_string(cr);
	r->file = cache_get_string(cr);
	r->line = cache_get_u32(cr);
	bits = cache_get_u32(cr);
	r->type = bits & 0xf;
	r->negate = (bits >> 4) & 1;
	r->exists = (bits >> 5) & 1;
	r->has_score = (bits >> 6) & 1;
	r->nofeedback = (bits >> 7) & 1;
	if (cr->end - cr->p < (gssize)sizeof r->score)
		cr->bad = TRUE;
	else {
		memcpy(&r->score, cr->p, sizeof r->score);
		cr->p += sizeof r->score;
	}
	cache_get_pattern(cr, r);
	r->examples = g_ptr_array_new_with_free_func(g_free);
	r->counterexamples = g_ptr_array_new_with_free_func(g_free);
	if (r->name == NULL || r->source == NULL || r->type > RULE_META ||
	    (r->type != RULE_META && !r->exists && r->regex == NULL))
		cr->bad = TRUE;
	return (r);
}

/*
 * The rules saved at path if their fingerprint is fp, into rs (empty);
 * FALSE if there is no such cache, and rs is then left to be filled anew.
 * The file is mapped, and the prefilter read in place: a message only
 * touches the few pages of the automaton it walks through.
 */
gboolean
cache_read(const char *path, const char *fp, struct ruleset *rs)
{
	struct cache_reader	 cr = { NULL, NULL, NULL, FALSE };
	struct rule		*r;
	GMappedFile		*map;
	char			*data, *saved;
	gsize			 len;
	guint32			 n, i;

	if ((map = g_mapped_file_new(path, FALSE, NULL)) == NULL)
		return (FALSE);
	data = g_mapped_file_get_contents(map);
	len = g_mapped_file_get_length(map);
	if (data == NULL) {
		g_mapped_file_unref(map);
		return (FALSE);
	}
	cr.start = cr.p = data;
	cr.end = data + len;
	if (len < strlen(CACHE_MAGIC) || memcmp(data, CACHE_MAGIC,
	    strlen(CACHE_MAGIC)) != 0)
		cr.bad = TRUE;
	else
		cr.p += strlen(CACHE_MAGIC);
	saved = cache_get_string(&cr);	/* in place */
	if (saved == NULL || strcmp(saved, fp) != 0)
		cr.bad = TRUE;
	n = cr.bad ? 0 : cache_get_u32(&cr);
	for (i = 0; i < n && !cr.bad; i++) {
		r = cache_get_rule(&cr);
		r->index = i;
		g_ptr_array_add(rs->rules, r);	/* freed with rs */
		if (!cr.bad)
			g_hash_table_replace(rs->by_name, r->name, r);
	}
	while (!cr.bad && (cr.p - data) % 8 != 0 && cr.p < cr.end)
		cr.p++;
	if (!cr.bad && (rs->prefilter = prefilter_load(&cr.p, cr.end,
	    n)) == NULL)
		cr.bad = TRUE;
	if (cr.bad)
		g_mapped_file_unref(map);
	else
		rs->map = map;	/* the prefilter reads it */
	return (!cr.bad);
}
