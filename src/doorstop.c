/*
 * doorstop.c: main().  Global options and the config, then one call into the
 * chosen mode.  Only main prints errors and picks the exit status.
 */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "doorstop.h"

static const struct mode {
	const char	*name;
	int		(*main)(struct config *, int, char **, GError **);
} modes[] = {
	{ "classify", classify_main },
	{ "explain", explain_main },
	{ "filter", filter_main },
	{ "draft", draft_main },
	{ "scan", scan_main },
	{ "list", list_main },
	{ "forget", forget_main },
	{ "report", report_main },
	{ "lint", lint_main },
	{ "eval", eval_main },
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: doorstop [-nqvV] [-c config] [-r rulesdir] command [args]\n"
	    "       doorstop classify [file | maildir | mbox ...]\n"
	    "       doorstop explain [file]\n"
	    "       doorstop filter [--dry-run]\n"
	    "       doorstop draft [-fn] [-C category] [file]\n"
	    "       doorstop scan [-anRS] [-j jobs] [--since YYYY-MM-DD] mailbox ...\n"
	    "       doorstop list [--json] [--stale[=DAYS]]\n"
	    "       doorstop forget [--dry-run] id ...\n"
	    "       doorstop report [--since YYYY-MM-DD] [--until YYYY-MM-DD]\n"
	    "               [--format text|markdown|json|csv] [--chart FILE.svg]\n"
	    "               [--to-maildir DIR]\n"
	    "       doorstop lint\n"
	    "       doorstop eval labels.tsv\n");
}

/* The exit status for an error: ours carry a sysexits code. */
static int
exit_status(const GError *e)
{
	if (e->domain == DOORSTOP_ERROR)
		return (e->code);
	if (e->domain == G_FILE_ERROR)
		return (e->code == G_FILE_ERROR_NOENT ? EX_NOINPUT : EX_IOERR);
	return (EX_SOFTWARE);
}

/* Print an error, a line each, and return its exit status. */
static int
fail(GError *e)
{
	char	**lines;
	int	  i, status;

	lines = g_strsplit(e->message, "\n", -1);
	for (i = 0; lines[i] != NULL; i++)
		fprintf(stderr, "doorstop: %s\n", lines[i]);
	g_strfreev(lines);
	status = exit_status(e);
	g_error_free(e);
	return (status);
}

static const struct mode *
mode_find(const char *name)
{
	gsize	i;

	for (i = 0; i < G_N_ELEMENTS(modes); i++) {
		if (strcmp(modes[i].name, name) == 0)
			return (&modes[i]);
	}
	return (NULL);
}

/* The config, with -r or DOORSTOP_RULES applied, and its log opened. */
static struct config *
setup(const char *path, const char *rules, GError **error)
{
	struct config	*cf;

	if ((cf = config_load(path, error)) == NULL)
		return (NULL);
	if (rules != NULL && *rules != '\0') {
		g_free(cf->rules_dir);
		cf->rules_dir = g_strdup(rules);
	}
	log_open(cf->log);
	return (cf);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "rules", required_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct mode	*mode;
	struct config		*cf;
	const char		*config = NULL, *rules;
	GError			*e = NULL;
	int			 ch, rc;
	gboolean		 dry_run = FALSE;

	g_set_prgname("doorstop");
	rules = g_getenv("DOORSTOP_RULES");
	while ((ch = getopt_long(argc, argv, "+c:nr:qvVh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 'n':
			dry_run = TRUE;
			break;
		case 'r':
			rules = optarg;
			break;
		case 'q':
			log_verbosity = -1;
			break;
		case 'v':
			log_verbosity++;
			break;
		case 'V':
			printf("doorstop %s\n", PACKAGE_VERSION);
			return (0);
		case 'h':
			usage(stdout);
			return (0);
		default:
			usage(stderr);
			return (EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0 || (mode = mode_find(argv[0])) == NULL) {
		usage(stderr);
		return (EX_USAGE);
	}
	optind = 1;

	message_init();
	if ((cf = setup(config, rules, &e)) == NULL) {
		if (mode->main != filter_main)
			return (fail(e));
		fail(e);	/* filter goes on: the mail must still pass */
		e = NULL;
	}
	if (cf != NULL)
		cf->dry_run = dry_run;
	rc = mode->main(cf, argc - 1, argv + 1, &e);
	config_free(cf);
	log_close();
	message_shutdown();
	if (rc < 0)
		return (fail(e));
	return (rc);
}
