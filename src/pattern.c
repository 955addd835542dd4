/*
 * pattern.c: the only user of PCRE2.  Patterns are compiled in UTF and UCP
 * mode, JIT-compiled when asked and possible (the interpreter otherwise), and
 * matched under match, depth and heap limits so no input can stall a rule.
 * A compiled pattern is only read when matching, so threads may share it.
 */

#define PCRE2_CODE_UNIT_WIDTH 8

#include <string.h>

#include <pcre2.h>

#include "doorstop.h"

#define PATTERN_MATCH_LIMIT	2000000
#define PATTERN_DEPTH_LIMIT	20000
#define PATTERN_HEAP_LIMIT	65536		/* KiB */
#define PATTERN_MATCH_MAX	200		/* bytes of a match kept */

struct pattern {
	pcre2_code		*code;
	pcre2_match_context	*context;
	gboolean		 jit;
};

static gboolean
pattern_flags(const char *flags, uint32_t *options, GError **error)
{
	*options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	for (; *flags != '\0'; flags++) {
		switch (*flags) {
		case 'i':
			*options |= PCRE2_CASELESS;
			break;
		case 'm':
			*options |= PCRE2_MULTILINE;
			break;
		case 's':
			*options |= PCRE2_DOTALL;
			break;
		case 'x':
			*options |= PCRE2_EXTENDED;
			break;
		default:
			g_set_error(error, DOORSTOP_ERROR, EX_DATAERR,
			    "unknown flag '%c' (use i, m, s or x)", *flags);
			return (FALSE);
		}
	}
	return (TRUE);
}

/* A pattern of code, JIT-compiled when jit is set, with its limits. */
static struct pattern *
pattern_new(pcre2_code *code, gboolean jit)
{
	struct pattern	*p;

	p = g_new0(struct pattern, 1);
	p->code = code;
	p->jit = jit && pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	p->context = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(p->context, PATTERN_MATCH_LIMIT);
	pcre2_set_depth_limit(p->context, PATTERN_DEPTH_LIMIT);
	pcre2_set_heap_limit(p->context, PATTERN_HEAP_LIMIT);
	return (p);
}

/*
 * Compile re with flags ("ims"); JIT-compile it when jit is set.  Returns a
 * new pattern, or NULL with error set to PCRE2's message and offset.
 */
struct pattern *
pattern_compile(const char *re, const char *flags, gboolean jit,
    GError **error)
{
	pcre2_code	*code;
	uint32_t	 options;
	int		 errcode;
	PCRE2_SIZE	 offset;
	PCRE2_UCHAR	 msg[256];

	if (!pattern_flags(flags, &options, error))
		return (NULL);
	code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, options,
	    &errcode, &offset, NULL);
	if (code == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof msg);
		g_set_error(error, DOORSTOP_ERROR, EX_DATAERR,
		    "%s at offset %zu", (char *)msg, (size_t)offset);
		return (NULL);
	}
	return (pattern_new(code, jit));
}

/*
 * Append p compiled, as PCRE2 serializes it, to out: what pattern_load
 * reads back with the same PCRE2 on this host.  FALSE if it cannot.
 */
gboolean
pattern_save(const struct pattern *p, GString *out)
{
	const pcre2_code	*codes[1] = { p->code };
	uint8_t			*bytes;
	PCRE2_SIZE		 size;

	if (pcre2_serialize_encode(codes, 1, &bytes, &size, NULL) < 0)
		return (FALSE);
	g_string_append_len(out, (const char *)bytes, size);
	pcre2_serialize_free(bytes);
	return (TRUE);
}

/*
 * A pattern from what pattern_save wrote (8-byte aligned); NULL if PCRE2
 * will not take it, being another version or built otherwise.  PCRE2 does
 * not check the code itself: the caller makes sure the bytes are the ones
 * saved.
 */
struct pattern *
pattern_load(const char *bytes, gboolean jit)
{
	pcre2_code	*code;

	if (pcre2_serialize_get_number_of_codes((const uint8_t *)bytes) != 1 ||
	    pcre2_serialize_decode(&code, 1, (const uint8_t *)bytes,
	    NULL) != 1)
		return (NULL);
	return (pattern_new(code, jit));
}

/* Add every named group that took part in the match to captures. */
static void
pattern_captures(const struct pattern *p, pcre2_match_data *data,
    const char *subject, GPtrArray *captures)
{
	PCRE2_SIZE	*ovector;
	PCRE2_SPTR	 table, entry;
	struct capture	*c;
	uint32_t	 count, size, i;
	int		 n;

	pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(p->code, PCRE2_INFO_NAMETABLE, &table);
	pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	ovector = pcre2_get_ovector_pointer(data);
	for (i = 0; i < count; i++) {
		entry = table + i * size;
		n = (entry[0] << 8) | entry[1];
		if (ovector[2 * n] == PCRE2_UNSET ||
		    ovector[2 * n + 1] <= ovector[2 * n])
			continue;
		c = g_new0(struct capture, 1);
		c->name = g_strdup((const char *)entry + 2);
		c->value = g_strndup(subject + ovector[2 * n],
		    ovector[2 * n + 1] - ovector[2 * n]);
		g_strstrip(c->value);
		g_ptr_array_add(captures, c);
	}
}

/*
 * Match p against subject.  On a match, returns TRUE, sets *match to a new
 * copy of (the start of) the matched text and adds the named captures.
 * Returns FALSE with error set when a limit stopped the match.
 */
gboolean
pattern_match(const struct pattern *p, const char *subject, char **match,
    GPtrArray *captures, GError **error)
{
	pcre2_match_data *data;
	PCRE2_SIZE	 *ovector, len;
	PCRE2_UCHAR	  msg[256];
	int		  rc;

	*match = NULL;
	data = pcre2_match_data_create_from_pattern(p->code, NULL);
	if (p->jit)
		rc = pcre2_jit_match(p->code, (PCRE2_SPTR)subject,
		    strlen(subject), 0, 0, data, p->context);
	else
		rc = pcre2_match(p->code, (PCRE2_SPTR)subject, strlen(subject),
		    0, 0, data, p->context);
	if (rc < 0) {
		if (rc != PCRE2_ERROR_NOMATCH) {
			pcre2_get_error_message(rc, msg, sizeof msg);
			g_set_error(error, DOORSTOP_ERROR, EX_SOFTWARE, "%s",
			    (char *)msg);
		}
		pcre2_match_data_free(data);
		return (FALSE);
	}
	ovector = pcre2_get_ovector_pointer(data);
	len = ovector[1] - ovector[0];
	if (len > PATTERN_MATCH_MAX) {
		len = PATTERN_MATCH_MAX;
		while (len > 0 && ((guchar)subject[ovector[0] + len] & 0xc0) ==
		    0x80)
			len--;
	}
	*match = g_strndup(subject + ovector[0], len);
	if (captures != NULL)
		pattern_captures(p, data, subject, captures);
	pcre2_match_data_free(data);
	return (TRUE);
}

void
pattern_free(struct pattern *p)
{
	if (p == NULL)
		return;
	pcre2_match_context_free(p->context);
	pcre2_code_free(p->code);
	g_free(p);
}
