/*
 * doorstop.h: the one internal header.  Shared structures first, then the
 * functions of each file, file by file.  Read this to see the whole program.
 */

#ifndef DOORSTOP_H
#define DOORSTOP_H

#include "config.h"

#include <sys/types.h>

#include <stdio.h>
#include <sysexits.h>

#include <glib.h>

/* Every GError we raise is in this domain; its code is a sysexits value. */
#define DOORSTOP_ERROR (doorstop_error_quark())

#define DOORSTOP_THRESHOLD	5.0
#define DOORSTOP_MAX_TEXT	(256 * 1024)	/* normalized text scanned */
#define DOORSTOP_MAX_QUOTE	(64 * 1024)	/* original quoted in a draft */
#define DOORSTOP_MAX_MESSAGE	(32 * 1024 * 1024) /* of a message parsed */
#define DOORSTOP_MAX_READ	(64 * 1024 * 1024) /* of a message held: the
						      most max_message may be */

/* The kinds of rejection; config.c has the table. */
#define CATEGORY_COUNT		10
extern const char *const categories[CATEGORY_COUNT + 1];

enum reminder_kind {
	REMINDER_TODO = 1,
	REMINDER_EVENT = 2,
	REMINDER_BOTH = 3,
};

enum drafts_format {
	DRAFTS_AUTO,
	DRAFTS_MAILDIR,
	DRAFTS_MBOX,
};

/* Configuration, from the config file and the command line. */
struct config {
	char		*path;		/* file read, NULL if none */
	char		*log;		/* log file, NULL if none */
	char		*state;		/* state database */
	gboolean	 enabled;
	gboolean	 dry_run;	/* -n: write nothing */

	char		*name;		/* [identity] the user */
	char		*address;
	char	       **aliases;

	char		*offer;		/* [reply] */
	char		*signature;
	char		*signature_file;
	char		*drafts;
	int		 drafts_format;
	gboolean	 feedback;
	gboolean	 quote;
	char	       **important;
	char		*category;	/* for "draft --force" with none */

	int		 reminder_kind;	/* [reminder] */
	char		*calendar;
	int		 delay[CATEGORY_COUNT];	/* days, by category */

	double		 threshold;	/* [rules] */
	char		*rules_dir;	/* system rules */
	char		*user_rules_dir;
	gsize		 max_text;
	gsize		 max_message;	/* bytes of a message parsed */
};

/* One header, name as written, value unfolded and decoded to UTF-8. */
struct header {
	char	*name;
	char	*value;		/* NULL until message_header() decodes it */
	char	*raw;		/* as written, folded; NULL if made up */
};

/* A mailbox: display name (NULL if none) and address. */
struct address {
	char	*name;
	char	*addr;
};

/* A message, read and normalized for matching. */
struct message {
	GPtrArray	*headers;	/* struct header, in order */
	char		*body;		/* the sender's own words */
	char		*quoted;	/* quoted replies and forwards */
	char		*signature;
	char		*text;		/* the text before normalizing */
	gboolean	 truncated;	/* text was cut at max_text */
	gboolean	 from_html;	/* body came from an HTML part */
	gboolean	 report;	/* multipart/report: a delivery report */
};

/* Normalized text split into the sender's words and the rest. */
struct text {
	char	*body;
	char	*quoted;
	char	*signature;
};

enum rule_type {
	RULE_BODY,
	RULE_QUOTED,
	RULE_HEADER,
	RULE_META,
};

struct pattern;			/* a compiled regex, private to pattern.c */
struct meta;			/* a parsed expression, private to meta.c */
struct prefilter;		/* literals to rules, private to prefilter.c */
struct state;			/* the state database, private to state.c */

struct rule {
	char		*name;
	enum rule_type	 type;
	char		*header;	/* RULE_HEADER: header name */
	gboolean	 negate;	/* RULE_HEADER: !~ */
	gboolean	 exists;	/* RULE_HEADER: exists:Name */
	char		*source;	/* pattern or expression as written */
	char		*regex;		/* the pattern, without slashes */
	char		*flags;		/* and its flags */
	char	       **literals;	/* one of them is in any match */
	struct pattern	*pattern;	/* NULL until needed, from a cache */
	goffset		 saved;		/* where the cache has its pattern
					   (sum, code), or 0 */
	gsize		 saved_len;	/* of the code */
	struct meta	*meta;
	double		 score;
	gboolean	 has_score;
	gboolean	 nofeedback;	/* tflags nofeedback */
	char		*describe;
	char		*category;
	char		*lang;
	GPtrArray	*examples;	/* char * */
	GPtrArray	*counterexamples;
	char		*file;
	guint		 line;
	guint		 index;		/* in ruleset->rules */
	gboolean	 mapped;	/* its strings are in a mapped cache */
};

/* How ruleset_load reads rules and compiles their patterns. */
#define RULES_JIT	0x1	/* JIT-compile: for many messages */
#define RULES_CACHE	0x2	/* from the cache if it is fresh, their
				   patterns made when first needed */

/* All rules, system then user, by name. */
struct ruleset {
	GPtrArray	*rules;		/* struct rule, in load order */
	GHashTable	*by_name;	/* name -> struct rule */
	int		 flags;		/* RULES_* */
	struct prefilter *prefilter;
	char		*cache;		/* the head of the cache it was read
					   from, mapped: strings, prefilter */
	gsize		 cache_len;
	int		 cache_fd;	/* that cache, for its patterns, or -1 */
	GMutex		 lock;		/* patterns and metas made when needed */
	GPtrArray	*problems;	/* char *, "file:line: message" */
};

/* A named capture of a hit. */
struct capture {
	char	*name;
	char	*value;		/* NULL until message_header() decodes it */
};

/* One rule that hit, with what it matched. */
struct hit {
	const struct rule	*rule;
	char			*match;		/* NULL for meta and exists */
	GPtrArray		*captures;	/* struct capture */
};

/* The outcome of matching a message. */
struct verdict {
	double		 score;
	double		 threshold;
	gboolean	 rejection;
	const char	*category;	/* NULL if none */
	const char	*lang;		/* NULL if none */
	GPtrArray	*hits;		/* struct hit, scored rules only */
	GPtrArray	*errors;	/* char *, rules stopped by limits */
};

/* One message of an input: a file, a Maildir entry or a part of an mbox. */
struct item {
	char	*path;		/* as printed: "-", "FILE", "FILE:N" */
	gint64	 offset;	/* where it starts in its file */
	char	*data;
	gsize	 size;
};

/* How far an mbox was read: see mailbox_mbox_resume(). */
#define MAILBOX_SUM_BYTES	1024
#define MAILBOX_SUM_LEN		64
struct mbox_mark {
	gint64	offset;		/* where the next message starts */
	gint64	last;		/* where the last message read started */
	char	sum[MAILBOX_SUM_LEN + 1];	/* of its first bytes */
};

/* Whom a rejection came from and what it was about: what a reply needs. */
struct lead {
	char		*key;		/* hex SHA-256 of the Message-ID */
	char		*message_id;	/* without <>, NULL if none */
	char		*references;	/* the original's, "<a> <b>", or NULL */
	struct address	 to;		/* the recipient; addr NULL if none */
	const char	*to_source;	/* where to came from, for the log */
	char		*sender;	/* From address, or NULL */
	char		*name;		/* the contact's full name, or NULL */
	char		*first_name;
	char		*org;
	char		*role;
	char		*req;		/* requisition or reference id */
	char		*subject;	/* without Re:/Fwd: prefixes */
	char		*domain;	/* the organisation's mail domain */
	const char	*category;
	const char	*lang;
	double		 score;
	gint64		 date;		/* of the rejection, Unix time */
	gboolean	 important;
	gboolean	 feedback;	/* ask what could have been better */
};

/* A draft reply, ready to be written as a message. */
struct draft {
	struct address	 from;		/* addr NULL if unknown */
	struct address	 to;		/* addr NULL if unknown */
	char		*subject;
	char		*message_id;	/* without <> */
	char		*in_reply_to;	/* without <>, or NULL */
	char		*references;	/* "<a> <b>", or NULL */
	char		*key;		/* the lead's, in X-Doorstop-Draft */
	gint64		 date;
	char		*body;		/* UTF-8 text */
};

/* A follow-up reminder, as reminder.c writes it. */
struct reminder {
	char		*uid;		/* hex: filename-safe */
	int		 kind;		/* enum reminder_kind */
	GDate		 due;
	char		*summary;
	char		*description;
	char		*url;		/* mid: URL of the rejection */
	const char	*category;
	gboolean	 important;
};

/* One handled rejection in the state database. */
struct record {
	char		*key;
	char		*message_id;
	char		*status;	/* "done" or "forgotten" */
	int		 generation;	/* times forgotten */
	char		*category;
	double		 score;
	char		*sender;
	char		*contact;
	char		*org;
	char		*role;
	char		*subject;
	gint64		 date;		/* of the rejection */
	gint64		 handled;
	char		*due;		/* YYYY-MM-DD */
	char		*draft;		/* where the draft went */
	char		*uid;		/* the reminder's */
	gboolean	 important;
	char		*from_addr;	/* the rejection's From, lower case */
	char		*domain;	/* its organisation's mail domain */
	gboolean	 done;		/* the follow-up: not in the state, set
					   by list */
};

/*
 * Something that happened after a rejection was answered, of a kind:
 * "sent", the thank-you note was seen sent; "left", the draft left the
 * drafts folder; "wrote", they wrote again; "rejected", they wrote again
 * to say no once more.
 */
struct event {
	char		*key;		/* the rejection's */
	char		*kind;
	char		*source;	/* the later message's Message-ID or
					   key; for "left", the draft */
	gint64		 date;		/* when it happened */
	gint64		 seen;		/* when doorstop saw it */
	char		*subject;	/* of the later message */
	char		*sender;
};

/*
 * A message that came after rejections were answered: what ties it to
 * them, and the event it makes.
 */
struct later {
	char		*key;		/* its own: never related to itself */
	GPtrArray	*ids;		/* In-Reply-To and References */
	char		*from;		/* its From, lower case; NULL for the
					   user's own */
	char		*domain;	/* its organisation's, or NULL */
	char		*draft;		/* the user's own: the key in its
					   X-Doorstop-Draft, or NULL */
	gint64		 date;
	const char	*kind;		/* "sent", "wrote" or "rejected" */
	char		*source;	/* its Message-ID, or key */
	char		*subject;
	char		*sender;
};

/* One month of the report: rejections dated in it, thank-you notes sent. */
struct report_month {
	char		 name[8];	/* YYYY-MM */
	guint		 rejections;
	guint		 thanks;
};

/* A name and how many rejections it has: a category, an organisation. */
struct report_count {
	const char	*name;
	guint		 n;
};

/* One rejection of the report, with what came of it. */
struct report_row {
	const struct record *rec;	/* its text made valid, one line */
	char		 day[11];	/* of the rejection, YYYY-MM-DD */
	const char	*org;		/* org, else domain, else sender */
	gboolean	 forgotten;
	gint64		 thanks;	/* first "sent" or "left", or 0 */
	gboolean	 seen_sent;	/* a "sent" event, not only "left" */
	int		 thanks_days;	/* from the rejection, -1 if none */
	const char	*follow_up;	/* "done", "due", "overdue"; NULL if
					   forgotten or no follow-up */
	const struct event *came_back;	/* the first "wrote", or NULL */
};

/* The journal of rejections over a period, as "doorstop report" gives it. */
struct report {
	char		 since[11];	/* YYYY-MM-DD, "" from the beginning */
	char		 until[11];
	GPtrArray	*records;	/* struct record, all of them */
	GPtrArray	*events;	/* struct event, all of them */
	GPtrArray	*rows;		/* struct report_row, in the period,
					   oldest first */
	GArray		*months;	/* struct report_month */
	GArray		*categories;	/* struct report_count, most first */
	GArray		*orgs;
	guint		 forgotten;
	guint		 sent;		/* thank-you notes seen sent */
	guint		 left;		/* only seen leaving the drafts */
	guint		 unsent;
	double		 median_days;	/* to a thank-you note, -1 if none */
	int		 longest_days;
	guint		 done;		/* follow-ups */
	guint		 due;
	guint		 overdue;
	GPtrArray	*overdue_rows;	/* struct report_row, borrowed */
	GPtrArray	*due_rows;	/* the next few due */
	GPtrArray	*came_back;
};

/* What reply_run did with a message. */
struct outcome {
	const char	*skipped;	/* why nothing was drafted, or NULL */
	gboolean	 existing;	/* handled before: rec is the old one */
	struct record	*rec;		/* NULL if skipped */
	char		*draft_text;	/* with --dry-run */
	char		*reminder_text;
	char	       **reminders;	/* files written */
};

/* The parts of a reply template. */
enum template_part {
	TEMPLATE_BODY,
	TEMPLATE_NEXT,		/* ":next": the follow-up, by email */
	TEMPLATE_CALL,		/* ":call": for an important lead */
	TEMPLATE_WROTE,		/* ":wrote": the attribution line */
	TEMPLATE_NOTO,		/* ":noto": the note on a draft with no To */
	TEMPLATE_PARTS
};

#define REPLY_FORCE	0x1	/* draft whatever the score and the gate */

typedef int (*mailbox_cb)(struct item *, void *, GError **);

/* log.c */
GQuark		 doorstop_error_quark(void);
extern int	 log_verbosity;
void		 log_open(const char *);
void		 log_close(void);
void		 log_warn(const char *, ...) G_GNUC_PRINTF(1, 2);
void		 log_info(const char *, ...) G_GNUC_PRINTF(1, 2);
void		 log_progress(const char *);

/* config.c */
struct config	*config_load(const char *, GError **);
void		 config_free(struct config *);
int		 category_index(const char *);
gboolean	 config_disabled(const struct config *);
gboolean	 config_is_mine(const struct config *, const char *);
gboolean	 config_is_important(const struct config *, const char *);

/* file.c */
int		 file_error(GError **, const char *, const char *);
int		 file_check_owner(const char *, GError **);
int		 file_mkdirs(const char *, GError **);
int		 file_put(const char *, const char *, const char *, gsize,
		     GError **);
int		 file_sync_dir(const char *, GError **);

/* charset.c */
char		*charset_to_utf8(const char *, gsize, const char *);

/* html.c */
void		 html_init(void);
char		*html_to_text(const char *, gsize);

/* normalize.c */
char		*normalize_fold(const char *);
char		*normalize_paragraphs(const char *);
struct text	*normalize_split(const char *);
void		 text_free(struct text *);

/* message.c */
void		 message_init(void);
void		 message_shutdown(void);
struct message	*message_read(const char *, gsize, gsize, GError **);
struct message	*message_from_text(const char *);
void		 message_add_header(struct message *, const char *,
		     const char *);
const char	*message_header(const struct message *, const char *);
GPtrArray	*message_addresses(const struct message *, const char *);
GPtrArray	*message_ids(const struct message *, const char *);
gint64		 message_date(const struct message *);
char		*message_compose(const struct draft *);
char		*message_digest(const struct draft *);
void		 message_free(struct message *);
gboolean	 address_is_plain(const char *);
void		 address_free(struct address *);

/* meta.c */
struct meta	*meta_parse(const char *, GError **);
double		 meta_eval(const struct meta *,
		     double (*)(const char *, const void *, void *),
		     gboolean (*)(const char *, const void *, void *), void *);
gboolean	 meta_zero(const struct meta *,
		     gboolean (*)(const char *, const void *, void *), void *);
void		 meta_resolve(struct meta *,
		     const void *(*)(const char *, void *), void *);
void		 meta_foreach_name(const struct meta *,
		     void (*)(const char *, void *), void *);
void		 meta_free(struct meta *);

/* rule.c */
struct ruleset	*ruleset_load(const struct config *, int, GError **);
struct pattern	*ruleset_pattern(struct ruleset *, struct rule *, GError **);
const struct meta *ruleset_meta(struct ruleset *, struct rule *);
void		 ruleset_free(struct ruleset *);

/* pattern.c */
struct pattern	*pattern_compile(const char *, const char *, gboolean,
		     GError **);
gboolean	 pattern_match(const struct pattern *, const char *, char **,
		     GPtrArray *, GError **);
gboolean	 pattern_save(const struct pattern *, GString *);
struct pattern	*pattern_load(const char *, gboolean);
void		 pattern_free(struct pattern *);

/* cache.c */
char		*cache_path(const struct config *);
char		*cache_fingerprint(GPtrArray *);
void		 cache_write(const char *, const char *,
		     const struct ruleset *);
gboolean	 cache_read(const char *, const char *, struct ruleset *);
struct pattern	*cache_pattern(const struct ruleset *, const struct rule *,
		     gboolean);

/* prefilter.c */
char	       **prefilter_literals(const char *, const char *);
char		*prefilter_fold(const char *);
struct prefilter *prefilter_new(const struct ruleset *);
void		 prefilter_run(const struct prefilter *, const char *,
		     guchar *);
void		 prefilter_save(const struct prefilter *, GString *);
struct prefilter *prefilter_load(const char **, const char *, guint);
void		 prefilter_free(struct prefilter *);

/* verdict.c */
struct verdict	*verdict_new(struct ruleset *, const struct message *, double);
struct verdict	*verdict_read(struct ruleset *, const struct config *,
		     const char *, gsize, struct message **, GError **);
gboolean	 verdict_rule_hits(struct ruleset *, const struct rule *,
		     const struct message *);
char		*verdict_summary(const struct verdict *);
void		 verdict_free(struct verdict *);

/* gate.c */
const char	*gate_skip(const struct config *, const struct message *);
const char	*gate_automatic(const struct message *);
gboolean	 gate_is_bulk(const struct message *);
gboolean	 gate_is_noreply(const char *);
const char	*gate_recipient(const struct config *, const struct message *,
		     struct address *);

/* lead.c */
struct lead	*lead_new(const struct config *, const struct message *,
		     const struct verdict *);
char		*lead_key(const struct message *);
gboolean	 lead_is_person(const char *);
char		*lead_domain(const char *);
gboolean	 lead_is_reserved(const char *);
char		*lead_subject(const char *);
void		 lead_free(struct lead *);

/* template.c */
struct template	*template_load(const char *, GError **);
struct template	*template_parse(const char *, const char *, GError **);
char		*template_render(const struct template *, int, GHashTable *);
void		 template_free(struct template *);
void		 template_inherit(struct template *, const struct template *);
char		*template_wrap(const char *, guint);

/* reply.c */
int		 reply_run(struct config *, const struct message *,
		     const struct verdict *, const char *, int,
		     struct outcome *, GError **);
struct template	*reply_template(const struct config *, const char *,
		     const char *, GError **);
int		 reply_draft_holds(const struct config *,
		     const struct record *);
void		 outcome_clear(struct outcome *);

/* store-maildir.c */
int		 store_maildir_put(const char *, const char *, const char *,
		     char **, GError **);
int		 store_maildir_holds(const char *, const char *);
int		 store_maildir_deliver(const char *, const char *, const char *,
		     char **, GError **);

/* store-mbox.c */
int		 store_mbox_put(const char *, const char *, const char *,
		     const char *, GError **);
int		 store_mbox_holds(const char *, const char *);

/* reminder.c */
char		*reminder_ics(const struct reminder *, int);
int		 reminder_write(const char *, const struct reminder *,
		     char ***, GError **);
int		 reminder_update(const char *, const char *, const char *,
		     gboolean, GError **);
gboolean	 reminder_completed(const char *, const char *, gint64 *);
void		 reminder_clear(struct reminder *);

/* track.c */
struct later	*later_new(const struct config *, const struct message *,
		     const struct verdict *, gboolean);
gboolean	 later_has_ties(const struct later *);
void		 later_free(struct later *);
int		 track_later(const struct config *, struct state *,
		     const struct later *, GError **);
int		 track_drafts(const struct config *, struct state *,
		     GError **);

/* state.c */
struct state	*state_open(const char *, GError **);
void		 state_close(struct state *);
int		 state_begin(struct state *, GError **);
int		 state_commit(struct state *, GError **);
void		 state_rollback(struct state *);
int		 state_get(struct state *, const char *, struct record **,
		     GError **);
int		 state_put(struct state *, const struct record *, GError **);
int		 state_find(struct state *, const char *, struct record **,
		     GError **);
GPtrArray	*state_list(struct state *, GError **);
GPtrArray	*state_all(struct state *, GError **);
GPtrArray	*state_unsent(struct state *, GError **);
int		 state_thread_add(struct state *, const char *, GPtrArray *,
		     GError **);
GPtrArray	*state_related(struct state *, const struct later *,
		     GError **);
int		 state_event_put(struct state *, const struct event *,
		     GError **);
GPtrArray	*state_events(struct state *, GError **);
void		 event_free(struct event *);
GHashTable	*state_seen(struct state *, const char *, GError **);
int		 state_see(struct state *, const char *, GPtrArray *,
		     GPtrArray *, GError **);
int		 state_mbox_get(struct state *, const char *,
		     struct mbox_mark *, GError **);
int		 state_mbox_put(struct state *, const char *,
		     const struct mbox_mark *, GError **);
void		 record_free(struct record *);

/* mailbox.c */
int		 mailbox_foreach(const char *, mailbox_cb, void *, GError **);
int		 mailbox_file(const char *, mailbox_cb, void *, GError **);
int		 mailbox_mbox(const char *, gint64, mailbox_cb, void *,
		     GError **);
guint		 mailbox_mbox_count(const char *, gint64);
gint64		 mailbox_mbox_resume(const char *, const struct mbox_mark *);
void		 mailbox_sum(const char *, gsize, char *);
GPtrArray	*mailbox_names(const char *, GError **);
gboolean	 mailbox_is_maildir(const char *);
gboolean	 mailbox_is_mbox(const char *);
int		 mailbox_read_prefix(struct item *, gsize, gboolean *,
		     GError **);
int		 mailbox_read_stdin(struct item *, GError **);
void		 item_clear(struct item *);

/* classify.c */
int		 classify_main(struct config *, int, char **, GError **);

/* explain.c */
int		 explain_main(struct config *, int, char **, GError **);

/* lint.c */
int		 lint_main(struct config *, int, char **, GError **);

/* filter.c */
int		 filter_main(struct config *, int, char **, GError **);

/* eval.c */
int		 eval_main(struct config *, int, char **, GError **);

/* draft.c */
int		 draft_main(struct config *, int, char **, GError **);

/* scan.c */
int		 scan_main(struct config *, int, char **, GError **);

/* list.c */
int		 list_main(struct config *, int, char **, GError **);
int		 forget_main(struct config *, int, char **, GError **);

/* report.c */
int		 report_main(struct config *, int, char **, GError **);
void		 report_day(gint64, char *);

/* report-format.c */
char		*report_text(const struct report *);
char		*report_markdown(const struct report *);
char		*report_csv(const struct report *);
void		 report_plural(GString *, guint, const char *);

/* chart.c */
char		*chart_bar(guint, guint, guint);
char		*chart_svg(const struct report *);

/* json.c */
char		*json_records(GPtrArray *, GError **);
char		*json_report(const struct report *, GError **);

#endif /* DOORSTOP_H */
