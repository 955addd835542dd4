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

/* Configuration, from the config file and the command line. */
struct config {
	char		*path;		/* file read, NULL if none */
	char		*log;		/* log file, NULL if none */
	gboolean	 enabled;
	double		 threshold;
	char		*rules_dir;	/* system rules */
	char		*user_rules_dir;
	gsize		 max_text;
};

/* One header, name as written, value unfolded and decoded to UTF-8. */
struct header {
	char	*name;
	char	*value;
};

/* A message, read and normalized for matching. */
struct message {
	GPtrArray	*headers;	/* struct header, in order */
	char		*body;		/* the sender's own words */
	char		*quoted;	/* quoted replies and forwards */
	char		*signature;
	gboolean	 truncated;	/* text was cut at max_text */
	gboolean	 from_html;	/* body came from an HTML part */
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

struct pattern;			/* a compiled regex, private to rule.c */
struct meta;			/* a parsed expression, private to meta.c */

struct rule {
	char		*name;
	enum rule_type	 type;
	char		*header;	/* RULE_HEADER: header name */
	gboolean	 negate;	/* RULE_HEADER: !~ */
	gboolean	 exists;	/* RULE_HEADER: exists:Name */
	char		*source;	/* pattern or expression as written */
	struct pattern	*pattern;
	struct meta	*meta;
	double		 score;
	gboolean	 has_score;
	char		*describe;
	char		*category;
	char		*lang;
	GPtrArray	*examples;	/* char * */
	GPtrArray	*counterexamples;
	char		*file;
	guint		 line;
	guint		 index;		/* in ruleset->rules */
};

/* All rules, system then user, by name. */
struct ruleset {
	GPtrArray	*rules;		/* struct rule, in load order */
	GHashTable	*by_name;	/* name -> struct rule */
	gboolean	 jit;
	GPtrArray	*problems;	/* char *, "file:line: message" */
};

/* A named capture of a hit. */
struct capture {
	char	*name;
	char	*value;
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
	char	*data;
	gsize	 size;
};

typedef int (*mailbox_cb)(struct item *, void *, GError **);

/* log.c */
GQuark		 doorstop_error_quark(void);
extern int	 log_verbosity;
void		 log_open(const char *);
void		 log_close(void);
void		 log_warn(const char *, ...) G_GNUC_PRINTF(1, 2);
void		 log_info(const char *, ...) G_GNUC_PRINTF(1, 2);

/* config.c */
struct config	*config_load(const char *, GError **);
void		 config_free(struct config *);

/* charset.c */
char		*charset_to_utf8(const char *, gsize, const char *);

/* html.c */
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
void		 message_free(struct message *);

/* meta.c */
struct meta	*meta_parse(const char *, GError **);
double		 meta_eval(const struct meta *,
		     double (*)(const char *, void *), void *);
void		 meta_foreach_name(const struct meta *,
		     void (*)(const char *, void *), void *);
void		 meta_free(struct meta *);

/* rule.c */
struct ruleset	*ruleset_load(const struct config *, gboolean, GError **);
void		 ruleset_free(struct ruleset *);

/* pattern.c */
struct pattern	*pattern_compile(const char *, const char *, gboolean,
		     GError **);
gboolean	 pattern_match(struct pattern *, const char *, char **,
		     GPtrArray *, GError **);
void		 pattern_free(struct pattern *);

/* verdict.c */
struct verdict	*verdict_new(struct ruleset *, const struct message *, double);
struct verdict	*verdict_read(struct ruleset *, const struct config *,
		     const char *, gsize, struct message **, GError **);
gboolean	 verdict_rule_hits(struct ruleset *, const struct rule *,
		     const struct message *);
char		*verdict_summary(const struct verdict *);
void		 verdict_free(struct verdict *);

/* mailbox.c */
int		 mailbox_foreach(const char *, mailbox_cb, void *, GError **);
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

#endif /* DOORSTOP_H */
