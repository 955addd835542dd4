/*
 * replay.c: a main() for a fuzz target built without libFuzzer: it runs the
 * target once on each file named (directories: on each file in them), so
 * that "make check" replays every input that once made a target fail.
 */

#include <stdio.h>

#include "fuzz.h"

static int
replay_file(const char *path)
{
	GError	*e = NULL;
	char	*data;
	gsize	 size;

	if (!g_file_get_contents(path, &data, &size, &e)) {
		fprintf(stderr, "replay: %s\n", e->message);
		g_error_free(e);
		return (-1);
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, size);
	g_free(data);
	return (0);
}

static int
replay_dir(const char *path, guint *n)
{
	GDir		*d;
	const char	*name;
	char		*file;
	int		 rc = 0;

	if ((d = g_dir_open(path, 0, NULL)) == NULL)
		return (-1);
	while (rc == 0 && (name = g_dir_read_name(d)) != NULL) {
		file = g_build_filename(path, name, NULL);
		if (g_file_test(file, G_FILE_TEST_IS_DIR))
			rc = replay_dir(file, n);
		else if ((rc = replay_file(file)) == 0)
			(*n)++;
		g_free(file);
	}
	g_dir_close(d);
	return (rc);
}

int
main(int argc, char **argv)
{
	guint	n = 0;
	int	i, rc = 0;

	for (i = 1; rc == 0 && i < argc; i++) {
		if (g_file_test(argv[i], G_FILE_TEST_IS_DIR))
			rc = replay_dir(argv[i], &n);
		else if ((rc = replay_file(argv[i])) == 0)
			n++;
	}
	if (rc == 0)
		printf("%s: %u inputs replayed\n", argv[0], n);
	return (rc == 0 ? 0 : 1);
}
