/*
 * message.c: a mail message read with GMime and turned into what rules match:
 * decoded headers and the normalized text of its body.  text/plain is
 * preferred, HTML is rendered when there is no plain text; attachments and
 * attached messages are left out.
 */

#include <string.h>

#include <gmime/gmime.h>

#include "doorstop.h"

/*
 * How much of a message's structure GMime is given to parse, and how much
 * of it is followed: a message past these is parsed as far as they go.
 */
#define MESSAGE_MAX_PARTS	1000		/* "--" lines: boundaries */
#define MESSAGE_MAX_FIELDS	10000		/* header fields, all parts */
#define MESSAGE_MAX_HEADER	(1024 * 1024)	/* header bytes, all parts */
#define MESSAGE_MAX_FIELD	(64 * 1024)	/* of one field, decoded */
#define MESSAGE_MAX_DEPTH	64		/* multiparts followed */

struct collect {
	GString	*plain;
	GString	*html;
	gsize	 max;
	guint	 parts;		/* visited */
	gboolean truncated;
};

/* Where message_prefix() is in a message, and what it has seen. */
struct prefix {
	guint8		*out;		/* as long as the message */
	gsize		 len;
	gboolean	 header;	/* in a header */
	gboolean	 ctype;		/* in its Content-Type field */
	gboolean	 nested;	/* of a message/... type */
	guint		 parts;
	guint		 fields;
	gsize		 header_bytes;
};

/*
 * Set up GMime (lenient decoding with UTF-8 and Windows-1252 fallbacks)
 * and the HTML renderer, before any thread reads a message.
 */
void
message_init(void)
{
	static const char	*fallback[] = { "UTF-8", "windows-1252", NULL };

	g_mime_init();
	html_init();
	g_mime_parser_options_set_fallback_charsets(
	    g_mime_parser_options_get_default(), fallback);
}

void
message_shutdown(void)
{
	g_mime_shutdown();
}

/* Whether the n bytes of s hold what (lower case), in any case. */
static gboolean
message_has(const char *s, gsize n, const char *what)
{
	gsize	len = strlen(what), i;

	for (i = 0; i + len <= n; i++) {
		if (g_ascii_strncasecmp(s + i, what, len) == 0)
			return (TRUE);
	}
	return (FALSE);
}

/*
 * Add a line of n bytes (its end not counted) to the prefix; FALSE if it
 * is past a cap; a header line is cut at MESSAGE_MAX_FIELD bytes.  A header
 * is the message's first lines, those after a "--" line (a boundary,
 * maybe), and those after the header of a message/rfc822 part, up to an
 * empty line.
 */
static gboolean
message_prefix_line(struct prefix *p, const char *line, gsize n,
    gboolean eol)
{
	if (!p->header) {
		if (n >= 2 && line[0] == '-' && line[1] == '-') {
			if (++p->parts > MESSAGE_MAX_PARTS)
				return (FALSE);
			p->header = TRUE;
		}
	} else if (n == 0) {
		p->header = p->nested;
		p->nested = p->ctype = FALSE;
	} else {
		if (line[0] != ' ' && line[0] != '\t') {
			p->fields++;
			p->ctype = n > 13 &&
			    g_ascii_strncasecmp(line, "content-type:", 13) == 0;
		}
		n = MIN(n, MESSAGE_MAX_FIELD);	/* the rest is dropped */
		p->header_bytes += n + 1;
		if (p->fields > MESSAGE_MAX_FIELDS ||
		    p->header_bytes > MESSAGE_MAX_HEADER)
			return (FALSE);
		if (p->ctype && message_has(line, n, "message/"))
			p->nested = TRUE;
	}
	memcpy(p->out + p->len, line, n);
	p->len += n;
	if (eol)
		p->out[p->len++] = '\n';
	return (TRUE);
}

/*
 * What GMime parses of a message: a copy without a leading mbox "From "
 * line, with LF line ends (CR LF and lone CR both occur in the wild), cut
 * where it has more parts, header fields or header bytes than the caps
 * allow.  *cut is set if it was.
 */
static GByteArray *
message_prefix(const char *data, gsize len, gboolean *cut)
{
	struct prefix	 p = { NULL, 0, TRUE, FALSE, FALSE, 0, 0, 0 };
	const char	*end = data + len, *nl, *q;

	*cut = FALSE;
	if (len > 5 && strncmp(data, "From ", 5) == 0) {
		nl = memchr(data, '\n', len);
		if (nl == NULL)
			nl = memchr(data, '\r', len);
		data = (nl == NULL) ? end : nl + 1;
	}
	p.out = g_malloc(end - data + 1);
	while (data < end) {
		for (q = data; q < end && *q != '\n' && *q != '\r'; q++)
			;
		if (!message_prefix_line(&p, data, q - data, q < end)) {
			*cut = TRUE;
			break;
		}
		if (q < end && *q == '\r' && q + 1 < end && q[1] == '\n')
			q++;
		data = (q < end) ? q + 1 : end;
	}
	return (g_byte_array_new_take(p.out, p.len));
}

/* Text as UTF-8 with control characters (CR, LF among them) as spaces. */
static char *
message_clean(const char *text)
{
	char	*utf8, *p;

	utf8 = charset_to_utf8(text, strlen(text), "UTF-8");
	for (p = utf8; *p != '\0'; p++) {
		if ((guchar)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	}
	return (g_strstrip(utf8));
}

/* A header value unfolded, decoded to UTF-8, with no control characters. */
static char *
message_decode_header(const char *raw)
{
	char	*unfolded, *decoded, *clean;

	unfolded = g_mime_utils_header_unfold(raw);
	decoded = g_mime_utils_header_decode_text(NULL, unfolded);
	clean = message_clean(decoded);
	g_free(decoded);
	g_free(unfolded);
	return (clean);
}

static void
message_read_headers(struct message *m, GMimeObject *obj)
{
	GMimeHeaderList	*list;
	GMimeHeader	*h;
	struct header	*hdr;
	const char	*raw;
	int		 i, n;

	list = g_mime_object_get_header_list(obj);
	n = g_mime_header_list_get_count(list);
	for (i = 0; i < n; i++) {
		h = g_mime_header_list_get_header_at(list, i);
		hdr = g_new0(struct header, 1);
		hdr->name = g_strdup(g_mime_header_get_name(h));
		raw = g_mime_header_get_raw_value(h);
		hdr->raw = g_strndup(raw, strnlen(raw, MESSAGE_MAX_FIELD));
		g_ptr_array_add(m->headers, hdr);	/* decoded when asked */
	}
}

/* Read at most max decoded bytes of a part's content. */
static GByteArray *
message_part_bytes(GMimePart *part, gsize max)
{
	GMimeDataWrapper *content;
	GMimeStream	 *filtered;
	GMimeFilter	 *filter;
	GByteArray	 *bytes;
	char		  buf[8192];
	ssize_t		  n;

	bytes = g_byte_array_new();
	content = g_mime_part_get_content(part);
	if (content == NULL)
		return (bytes);
	filtered = g_mime_stream_filter_new(
	    g_mime_data_wrapper_get_stream(content));
	g_mime_stream_reset(filtered);
	filter = g_mime_filter_basic_new(
	    g_mime_data_wrapper_get_encoding(content), FALSE);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), filter);
	g_object_unref(filter);
	while (bytes->len < max &&
	    (n = g_mime_stream_read(filtered, buf, sizeof buf)) > 0)
		g_byte_array_append(bytes, (guint8 *)buf,
		    MIN((gsize)n, max - bytes->len));
	g_object_unref(filtered);
	return (bytes);
}

/* Whether bytes are base64 lines: one alphabet, one length, no blanks. */
static gboolean
message_is_base64(const GByteArray *bytes)
{
	gsize	i, line = 0, width = 0, lines = 0;
	guchar	ch;

	for (i = 0; i < bytes->len; i++) {
		ch = bytes->data[i];
		if (ch == '\n' || ch == '\r') {
			if (line > 0 && width > 0 && line != width &&
			    i + 2 < bytes->len)
				return (FALSE);	/* only the last may be short */
			if (line > 0 && width == 0)
				width = line;
			lines += (line > 0);
			line = 0;
		} else if (g_ascii_isalnum(ch) || ch == '+' || ch == '/' ||
		    ch == '=')
			line++;
		else
			return (FALSE);
	}
	return (lines >= 2 && width >= 40 && width <= 76 && width % 4 == 0);
}

/* Whether bytes look quoted-printable: soft line breaks and =XX escapes. */
static gboolean
message_is_quoted(const GByteArray *bytes)
{
	const guchar	*p, *end;
	guint		 soft = 0, escapes = 0;

	if (bytes->len == 0)		/* data may be NULL */
		return (FALSE);
	end = bytes->data + bytes->len;
	for (p = bytes->data; p < end; p++) {
		if (*p != '=')
			continue;
		if (p + 1 < end && (p[1] == '\n' || (p[1] == '\r' &&
		    p + 2 < end && p[2] == '\n')))
			soft++;
		else if (p + 2 < end && g_ascii_isxdigit(p[1]) &&
		    g_ascii_isxdigit(p[2]) && !g_ascii_islower(p[1]) &&
		    !g_ascii_islower(p[2]))
			escapes++;
	}
	return (soft >= 2 && escapes >= 1);
}

static void
message_quoted_decode(GByteArray *bytes)
{
	guchar	*out;
	gsize	 len;
	guint32	 save = 0;
	int	 state = 0;

	out = g_malloc(bytes->len + 1);
	len = g_mime_encoding_quoted_decode_step(bytes->data, bytes->len, out,
	    &state, &save);
	g_byte_array_set_size(bytes, 0);
	g_byte_array_append(bytes, out, len);
	g_free(out);
}

/*
 * Text labelled 7bit or 8bit that is really quoted-printable or base64
 * (some mailers and list servers send it so): decode it, if the evidence
 * is clear and, for base64, if what comes out is text.
 */
static void
message_sniff_encoding(GByteArray *bytes)
{
	guchar	*decoded;
	gsize	 len, i, printable = 0;

	if (message_is_quoted(bytes)) {
		message_quoted_decode(bytes);
		return;
	}
	if (!message_is_base64(bytes))
		return;
	g_byte_array_append(bytes, (const guint8 *)"", 1);
	decoded = g_base64_decode((const char *)bytes->data, &len);
	for (i = 0; i < len; i++)
		printable += (decoded[i] >= 0x20 || decoded[i] == '\n' ||
		    decoded[i] == '\r' || decoded[i] == '\t');
	g_byte_array_set_size(bytes, bytes->len - 1);
	if (len > 0 && printable * 100 >= len * 95) {
		g_byte_array_set_size(bytes, 0);
		g_byte_array_append(bytes, decoded, len);
	}
	g_free(decoded);
}

static void
message_collect_part(GMimeObject *obj, struct collect *c)
{
	GMimeContentDisposition	*disposition;
	GMimeContentType	*type;
	GByteArray		*bytes;
	GString			*to;
	char			*text;
	gsize			 max;

	disposition = g_mime_object_get_content_disposition(obj);
	if (disposition != NULL &&
	    g_mime_content_disposition_is_attachment(disposition))
		return;
	type = g_mime_object_get_content_type(obj);
	if (g_mime_content_type_is_type(type, "text", "plain"))
		to = c->plain, max = c->max;
	else if (g_mime_content_type_is_type(type, "text", "html"))
		to = c->html, max = 4 * c->max;
	else
		return;
	if (to->len >= max) {
		c->truncated = TRUE;
		return;
	}
	bytes = message_part_bytes(GMIME_PART(obj), max - to->len + 1);
	switch (g_mime_part_get_content_encoding(GMIME_PART(obj))) {
	case GMIME_CONTENT_ENCODING_BASE64:
	case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE:
	case GMIME_CONTENT_ENCODING_UUENCODE:
		break;
	default:
		message_sniff_encoding(bytes);
	}
	if (to->len + bytes->len > max)
		c->truncated = TRUE;
	text = charset_to_utf8((char *)bytes->data, bytes->len,
	    g_mime_content_type_get_parameter(type, "charset"));
	g_string_append(to, text);
	g_string_append(to, "\n\n");
	g_free(text);
	g_byte_array_unref(bytes);
}

/*
 * Collect the text of every inline text part, attached messages excepted,
 * of at most MESSAGE_MAX_PARTS parts MESSAGE_MAX_DEPTH multiparts deep.
 */
static void
message_collect(GMimeObject *obj, struct collect *c, guint depth)
{
	GMimeMultipart	*multipart;
	int		 i, n;

	if (++c->parts > MESSAGE_MAX_PARTS) {
		c->truncated = TRUE;
		return;
	}
	if (GMIME_IS_MULTIPART(obj)) {
		if (depth >= MESSAGE_MAX_DEPTH) {
			c->truncated = TRUE;
			return;
		}
		multipart = GMIME_MULTIPART(obj);
		n = g_mime_multipart_get_count(multipart);
		for (i = 0; i < n; i++)
			message_collect(g_mime_multipart_get_part(multipart, i),
			    c, depth + 1);
	} else if (GMIME_IS_PART(obj))
		message_collect_part(obj, c);
}

static gboolean
message_blank(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!g_ascii_isspace(*s))
			return (FALSE);
	}
	return (TRUE);
}

/* Cut s to at most max bytes, on a character boundary; TRUE if cut. */
static gboolean
message_cap(char *s, gsize max)
{
	const char	*end;

	if (strlen(s) <= max)
		return (FALSE);
	end = g_utf8_find_prev_char(s, s + max + 1);
	if (end == NULL)
		end = s;
	s[end - s] = '\0';
	return (TRUE);
}

static void
message_set_text(struct message *m, char *text, gsize max)
{
	struct text	*t;

	m->truncated |= message_cap(text, max);
	m->text = g_strdup(text);
	t = normalize_split(text);
	m->body = t->body;
	m->quoted = t->quoted;
	m->signature = t->signature;
	g_free(t);
}

/* The text of a parsed message: plain parts, else HTML rendered. */
static char *
message_mime_text(struct message *m, GMimeMessage *mime, gsize max)
{
	struct collect	 c = { NULL, NULL, max, 0, FALSE };
	char		*text;

	c.plain = g_string_new(NULL);
	c.html = g_string_new(NULL);
	if (g_mime_message_get_mime_part(mime) != NULL)
		message_collect(g_mime_message_get_mime_part(mime), &c, 0);
	m->truncated |= c.truncated;
	if (message_blank(c.plain->str) && !message_blank(c.html->str)) {
		text = html_to_text(c.html->str, c.html->len);
		m->from_html = TRUE;
	} else
		text = g_strdup(c.plain->str);
	g_string_free(c.plain, TRUE);
	g_string_free(c.html, TRUE);
	return (text);
}

/*
 * Parse len bytes of a message; at most max bytes of its text are scanned.
 * Returns a new message, or NULL with error set when there is none to read.
 */
struct message *
message_read(const char *data, gsize len, gsize max, GError **error)
{
	struct message	*m;
	GMimeStream	*stream;
	GMimeParser	*parser;
	GMimeMessage	*mime;
	GByteArray	*buf;
	char		*text;
	gboolean	 cut;

	buf = message_prefix(data, len, &cut);
	if (buf->len == 0) {
		g_set_error(error, DOORSTOP_ERROR, EX_DATAERR,
		    "empty message");
		g_byte_array_unref(buf);
		return (NULL);
	}
	stream = g_mime_stream_mem_new_with_byte_array(buf);	/* owns it */
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	mime = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	m = g_new0(struct message, 1);
	m->headers = g_ptr_array_new();
	m->truncated = cut;
	if (mime == NULL)		/* no header GMime can read: all body */
		text = charset_to_utf8((char *)buf->data, buf->len, NULL);
	else {
		message_read_headers(m, GMIME_OBJECT(mime));
		m->report = g_mime_message_get_mime_part(mime) != NULL &&
		    g_mime_content_type_is_type(g_mime_object_get_content_type(
		    g_mime_message_get_mime_part(mime)), "multipart", "report");
		text = message_mime_text(m, mime, max);
		g_object_unref(mime);
	}
	g_object_unref(stream);
	message_set_text(m, text, max);
	g_free(text);
	return (m);
}

/* A message with no headers whose body is text (for rule examples). */
struct message *
message_from_text(const char *text)
{
	struct message	*m;
	char		*utf8;

	m = g_new0(struct message, 1);
	m->headers = g_ptr_array_new();
	utf8 = charset_to_utf8(text, strlen(text), "UTF-8");
	message_set_text(m, utf8, DOORSTOP_MAX_TEXT);
	g_free(utf8);
	return (m);
}

/* Add a header (already decoded) to m, as rule examples need. */
void
message_add_header(struct message *m, const char *name, const char *value)
{
	struct header	*h;

	h = g_new0(struct header, 1);
	h->name = g_strdup(name);
	h->value = g_strdup(value);
	g_ptr_array_add(m->headers, h);
}

static const struct header *
message_find(const struct message *m, const char *name)
{
	struct header	*h;
	guint		 i;

	for (i = 0; i < m->headers->len; i++) {
		h = m->headers->pdata[i];
		if (g_ascii_strcasecmp(h->name, name) == 0)
			return (h);
	}
	return (NULL);
}

/*
 * The decoded value of the first header called name, or NULL.  Borrowed.
 * Headers are decoded when first asked for: most never are.
 */
const char *
message_header(const struct message *m, const char *name)
{
	struct header	*h = (struct header *)message_find(m, name);

	if (h != NULL && h->value == NULL)
		h->value = message_decode_header(h->raw);
	return (h == NULL ? NULL : h->value);
}

/* The first header called name as written, or NULL.  Borrowed. */
static const char *
message_raw(const struct message *m, const char *name)
{
	const struct header	*h = message_find(m, name);

	if (h == NULL)
		return (NULL);
	return (h->raw != NULL ? h->raw : h->value);
}

/*
 * Whether addr is a plain mail address: local@domain with one @, at most
 * 254 bytes, printable, no space and none of <>()",; -- what a header or
 * the config may give as an address to write to.
 */
gboolean
address_is_plain(const char *addr)
{
	const char	*p, *at = strchr(addr, '@');

	if (at == NULL || at == addr || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || strlen(addr) > 254)
		return (FALSE);
	for (p = addr; *p != '\0'; p++) {
		if ((guchar)*p <= 0x20 || *p == 0x7f || strchr("<>()\",;", *p))
			return (FALSE);
	}
	return (TRUE);
}

static void
message_add_mailboxes(GPtrArray *out, InternetAddressList *list)
{
	InternetAddress	*ia;
	struct address	*a;
	const char	*addr, *name;
	int		 i;

	for (i = 0; i < internet_address_list_length(list); i++) {
		ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			message_add_mailboxes(out, internet_address_group_get_members(
			    INTERNET_ADDRESS_GROUP(ia)));
			continue;
		}
		addr = internet_address_mailbox_get_addr(
		    INTERNET_ADDRESS_MAILBOX(ia));
		if (addr == NULL || !address_is_plain(addr))
			continue;
		a = g_new0(struct address, 1);
		a->addr = g_strdup(addr);
		name = internet_address_get_name(ia);
		if (name != NULL && *name != '\0') {
			a->name = message_clean(name);
			if (*a->name == '\0')
				g_clear_pointer(&a->name, g_free);
		}
		g_ptr_array_add(out, a);
	}
}

/*
 * The mailboxes of the first header called name: struct address with
 * display names decoded and cleaned.  Returns a new array, maybe empty.
 */
GPtrArray *
message_addresses(const struct message *m, const char *name)
{
	InternetAddressList	*list;
	GPtrArray		*out;
	const char		*raw;

	out = g_ptr_array_new_with_free_func((GDestroyNotify)address_free);
	if ((raw = message_raw(m, name)) == NULL)
		return (out);
	if ((list = internet_address_list_parse(NULL, raw)) != NULL) {
		message_add_mailboxes(out, list);
		g_object_unref(list);
	}
	return (out);
}

/*
 * The message IDs of the first header called name, without <>, in order;
 * IDs with spaces or control characters are left out.  A new array.
 */
GPtrArray *
message_ids(const struct message *m, const char *name)
{
	GMimeReferences	*refs;
	GPtrArray	*out;
	const char	*raw, *id, *p;
	int		 i;

	out = g_ptr_array_new_with_free_func(g_free);
	if ((raw = message_raw(m, name)) == NULL)
		return (out);
	if ((refs = g_mime_references_parse(NULL, raw)) == NULL)
		return (out);
	for (i = 0; i < g_mime_references_length(refs); i++) {
		id = g_mime_references_get_message_id(refs, i);
		for (p = id; *p != '\0'; p++) {
			if ((guchar)*p <= 0x20 || *p == 0x7f || *p == '<' ||
			    *p == '>')
				break;
		}
		if (*id != '\0' && *p == '\0' && strlen(id) < 998)
			g_ptr_array_add(out, g_strdup(id));
	}
	g_mime_references_free(refs);
	return (out);
}

/* The Date of the message as Unix time, or 0 if it has none we can read. */
gint64
message_date(const struct message *m)
{
	GDateTime	*dt;
	const char	*raw;
	gint64		 t;

	if ((raw = message_raw(m, "Date")) == NULL)
		return (0);
	if ((dt = g_mime_utils_header_decode_date(raw)) == NULL)
		return (0);
	t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return (t > 0 ? t : 0);
}

static void
message_set_mailbox(InternetAddressList *list, const struct address *a)
{
	InternetAddress	*ia;

	if (a->addr == NULL)
		return;
	ia = internet_address_mailbox_new(a->name, a->addr);
	internet_address_list_add(list, ia);
	g_object_unref(ia);
}

/* Set the content of a text part to UTF-8 text, labelled so. */
static void
message_set_utf8(GMimeTextPart *part, const char *text)
{
	GMimeStream	 *stream;
	GMimeDataWrapper *content;

	stream = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	content = g_mime_data_wrapper_new_with_stream(stream,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(GMIME_PART(part), content);
	g_mime_text_part_set_charset(part, "utf-8");
	g_object_unref(content);
	g_object_unref(stream);
}

/* A new message with d's From, To, Subject, Date and Message-ID. */
static GMimeMessage *
message_new_from(const struct draft *d)
{
	GMimeMessage	*msg;
	GDateTime	*date;

	msg = g_mime_message_new(TRUE);
	message_set_mailbox(g_mime_message_get_from(msg), &d->from);
	message_set_mailbox(g_mime_message_get_addresses(msg,
	    GMIME_ADDRESS_TYPE_TO), &d->to);
	g_mime_message_set_subject(msg, d->subject, "UTF-8");
	date = g_date_time_new_from_unix_local(d->date);
	g_mime_message_set_date(msg, date);
	g_date_time_unref(date);
	g_mime_message_set_message_id(msg, d->message_id);
	return (msg);
}

/*
 * msg, given body as a UTF-8 text part in the best transfer encoding
 * under the constraint, as a new string; msg is released.  GMime finds
 * 8-bit text best left as it is ("default"), and then writes no
 * Content-Transfer-Encoding: it is said to be 8bit.
 */
static char *
message_finish(GMimeMessage *msg, const char *body,
    GMimeEncodingConstraint constraint)
{
	GMimeTextPart		*part;
	GMimeContentEncoding	 encoding;
	char			*text;

	part = g_mime_text_part_new_with_subtype("plain");
	message_set_utf8(part, body);
	encoding = g_mime_part_get_best_content_encoding(GMIME_PART(part),
	    constraint);
	if (encoding == GMIME_CONTENT_ENCODING_DEFAULT &&
	    constraint == GMIME_ENCODING_CONSTRAINT_8BIT)
		encoding = GMIME_CONTENT_ENCODING_8BIT;
	g_mime_part_set_content_encoding(GMIME_PART(part), encoding);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
	g_object_unref(part);
	text = g_mime_object_to_string(GMIME_OBJECT(msg), NULL);
	g_object_unref(msg);
	return (text);
}

/*
 * A draft as an RFC 5322 message with LF line ends: headers encoded as RFC
 * 2047 needs, a UTF-8 text body in the best transfer encoding for 7-bit.
 * Returns a new string.
 */
char *
message_compose(const struct draft *d)
{
	GMimeMessage	*msg;
	char		*id;

	msg = message_new_from(d);
	if (d->in_reply_to != NULL) {
		id = g_strdup_printf("<%s>", d->in_reply_to);
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", id,
		    NULL);
		g_mime_object_set_header(GMIME_OBJECT(msg), "References",
		    d->references != NULL ? d->references : id, NULL);
		g_mime_object_set_header(GMIME_OBJECT(msg), "X-Mutt-References",
		    id, NULL);
		g_free(id);
	}
	g_mime_object_set_header(GMIME_OBJECT(msg), "X-Doorstop-Draft",
	    d->key, NULL);
	return (message_finish(msg, d->body, GMIME_ENCODING_CONSTRAINT_7BIT));
}

/*
 * A digest for the user, composed like a draft but marked as doorstop's
 * and as auto-generated (so that no one answers it), with d->key in an
 * X-Doorstop-Digest header, and its body in 8 bits if it can be: it is
 * delivered locally.  Returns a new string.
 */
char *
message_digest(const struct draft *d)
{
	GMimeMessage	*msg;

	msg = message_new_from(d);
	g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted",
	    "auto-generated", NULL);
	g_mime_object_set_header(GMIME_OBJECT(msg), "X-Doorstop-Digest",
	    d->key, NULL);
	return (message_finish(msg, d->body, GMIME_ENCODING_CONSTRAINT_8BIT));
}

void
address_free(struct address *a)
{
	if (a == NULL)
		return;
	g_free(a->name);
	g_free(a->addr);
	g_free(a);
}

void
message_free(struct message *m)
{
	struct header	*h;
	guint		 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->headers->len; i++) {
		h = m->headers->pdata[i];
		g_free(h->name);
		g_free(h->value);
		g_free(h->raw);
		g_free(h);
	}
	g_ptr_array_free(m->headers, TRUE);
	g_free(m->body);
	g_free(m->quoted);
	g_free(m->signature);
	g_free(m->text);
	g_free(m);
}
