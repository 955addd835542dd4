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

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "doorstop.h"

#define CACHE_MAGIC	"doorstop rules cache 5\n"
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

/*
 * r's compiled pattern, 8-byte aligned and its sum first, appended to
 * patterns; its length, or 0 if it has none.
 */
static guint32
cache_put_pattern(GString *patterns, const struct rule *r)
{
	GString	*code;
	guint64	 sum;
	guint32	 len;

	code = g_string_new(NULL);
	if (r->pattern == NULL || !pattern_save(r->pattern, code))
		g_string_truncate(code, 0);
	if ((len = code->len) > 0) {
		sum = cache_sum(code->str, code->len);
		g_string_append_len(patterns, (const char *)&sum, sizeof sum);
		g_string_append_len(patterns, code->str, code->len);
		while (patterns->len % 8 != 0)
			g_string_append_c(patterns, '\0');
	}
	g_string_free(code, TRUE);
	return (len);
}

/*
 * The compiled patterns, those of header rules first: every message runs
 * them, so they share a few pages.  place[i] is rule i's offset and length.
 */
static GString *
cache_put_patterns(const struct ruleset *rs, guint32 (*place)[2])
{
	GString			*patterns;
	const struct rule	*r;
	guint			 pass, i;

	patterns = g_string_new(NULL);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < rs->rules->len; i++) {
			r = rs->rules->pdata[i];
			if ((r->type == RULE_HEADER) != (pass == 0))
				continue;
			place[i][0] = patterns->len;
			place[i][1] = cache_put_pattern(patterns, r);
		}
	}
	return (patterns);
}

/* Only a meta's source is kept: it is what is parsed. */
static void
cache_put_rule(GString *out, const struct rule *r, const guint32 *place)
{
	guint32	bits;

	cache_put_string(out, r->name);
	cache_put_string(out, r->header);
	cache_put_string(out, r->type == RULE_META ? r->source : NULL);
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
	cache_put_u32(out, place[1]);
	if (place[1] > 0)
		cache_put_u32(out, place[0]);
}

/*
 * Save rs, read from rule files whose fingerprint is fp, to path; it
 * replaces the old cache at once.  A cache that cannot be written is no
 * error: the next run reads the rule files again.
 */
void
cache_write(const char *path, const char *fp, const struct ruleset *rs)
{
	GString	*out, *patterns;
	GError	*e = NULL;
	char	*dir, *tmp;
	guint32	(*place)[2], head;
	guint	 i;

	place = g_malloc0_n(rs->rules->len, sizeof *place);
	patterns = cache_put_patterns(rs, place);
	out = g_string_new(CACHE_MAGIC);
	cache_put_u32(out, 0);		/* the head's length, known below */
	cache_put_string(out, fp);
	cache_put_u32(out, rs->rules->len);
	for (i = 0; i < rs->rules->len; i++)
		cache_put_rule(out, rs->rules->pdata[i], place[i]);
	while (out->len % 8 != 0)	/* the arrays are read in place */
		g_string_append_c(out, '\0');
	prefilter_save(rs->prefilter, out);
	while (out->len % 8 != 0)
		g_string_append_c(out, '\0');
	head = out->len;
	memcpy(out->str + strlen(CACHE_MAGIC), &head, sizeof head);
	g_string_append_len(out, patterns->str, patterns->len);
	g_string_free(patterns, TRUE);
	g_free(place);
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

/* Reading a cache's head: where we are, and whether it holds together. */
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

static struct rule *
cache_get_rule(struct cache_reader *cr, guint32 *offset)
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
	r->saved_len = cache_get_u32(cr);
	*offset = r->saved_len > 0 ? cache_get_u32(cr) : 0;
	r->examples = g_ptr_array_new_with_free_func(g_free);
	r->counterexamples = g_ptr_array_new_with_free_func(g_free);
	if (r->name == NULL || r->type > RULE_META ||
	    (r->type == RULE_META && r->source == NULL) ||
	    (r->type != RULE_META && !r->exists && r->regex == NULL))
		cr->bad = TRUE;
	return (r);
}

/*
 * Where in the cache, of size bytes, each rule's saved pattern (its sum
 * first) lies: among the patterns, which start at head.
 */
static void
cache_get_patterns(struct cache_reader *cr, GPtrArray *rules,
    const guint32 *offsets, guint32 head, goffset size)
{
	struct rule	*r;
	guint		 i;

	for (i = 0; i < rules->len && !cr->bad; i++) {
		r = rules->pdata[i];
		if (r->saved_len == 0)
			continue;
		r->saved = (goffset)head + offsets[i];
		if (offsets[i] % 8 != 0 || (guint64)size <
		    (guint64)r->saved + sizeof(guint64) + r->saved_len)
			cr->bad = TRUE;
	}
}

/*
 * r's pattern as the cache saved it, if its sum is right (PCRE2 trusts
 * what it reads); NULL if there is none, and it is then compiled.
 */
struct pattern *
cache_pattern(const struct ruleset *rs, const struct rule *r, gboolean jit)
{
	struct pattern	*p = NULL;
	guint64		*buf, sum;
	gsize		 len = sizeof sum + r->saved_len;

	if (r->saved == 0 || rs->cache_fd < 0)
		return (NULL);
	buf = g_malloc(len);		/* aligned, as PCRE2 needs */
	if (pread(rs->cache_fd, buf, len, r->saved) == (gssize)len) {
		memcpy(&sum, buf, sizeof sum);
		if (cache_sum((const char *)(buf + 1), r->saved_len) == sum)
			p = pattern_load((const char *)(buf + 1), jit);
	}
	g_free(buf);
	return (p);
}

/*
 * Map the cache's head, up to its patterns, from fd; its length is after
 * the magic.  NULL if it is not one of ours.
 */
static char *
cache_get_head(int fd, goffset size, guint32 *head)
{
	char	 start[sizeof CACHE_MAGIC - 1 + sizeof *head];
	void	*map;

	if (pread(fd, start, sizeof start, 0) != (gssize)sizeof start ||
	    memcmp(start, CACHE_MAGIC, strlen(CACHE_MAGIC)) != 0)
		return (NULL);
	memcpy(head, start + strlen(CACHE_MAGIC), sizeof *head);
	if (*head < sizeof start || *head > size)
		return (NULL);
	map = mmap(NULL, *head, PROT_READ, MAP_PRIVATE, fd, 0);
	return (map == MAP_FAILED ? NULL : map);
}

/*
 * The rules saved at path if their fingerprint is fp, into rs (empty);
 * FALSE if there is no such cache, and rs is then left to be filled anew.
 * The rules and the prefilter, the cache's head, are mapped and used in
 * place; a compiled pattern is read only when a message needs it, so a
 * run holds in memory only the patterns it uses.
 */
gboolean
cache_read(const char *path, const char *fp, struct ruleset *rs)
{
	struct cache_reader	 cr = { NULL, NULL, NULL, FALSE };
	struct rule		*r;
	struct stat		 sb;
	char			*data = NULL, *saved;
	guint32			 head, n, i, *offsets;
	int			 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (FALSE);
	if (fstat(fd, &sb) != 0 ||
	    (data = cache_get_head(fd, sb.st_size, &head)) == NULL) {
		close(fd);
		return (FALSE);
	}
	cr.start = data;
	cr.p = data + strlen(CACHE_MAGIC) + sizeof head;
	cr.end = data + head;
	saved = cache_get_string(&cr);	/* in place */
	if (saved == NULL || strcmp(saved, fp) != 0)
		cr.bad = TRUE;
	n = cr.bad ? 0 : cache_get_u32(&cr);
	if (n > head)			/* a rule takes more than a byte */
		cr.bad = TRUE;
	offsets = g_new0(guint32, cr.bad ? 0 : n);
	for (i = 0; i < n && !cr.bad; i++) {
		r = cache_get_rule(&cr, &offsets[i]);
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
	cache_get_patterns(&cr, rs->rules, offsets, head, sb.st_size);
	g_free(offsets);
	if (cr.bad) {
		munmap(data, head);
		close(fd);
		return (FALSE);
	}
	rs->cache = data;	/* the rules' strings and the prefilter */
	rs->cache_len = head;
	rs->cache_fd = fd;	/* and the patterns */
	return (TRUE);
}
