/*
 * mboxsplit: write each message of an mbox (split at "From " lines that
 * start the file or follow an empty line) to DIR/1, DIR/2, ... as is.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	FILE	*in, *out = NULL;
	char	*line = NULL, path[4096];
	size_t	 cap = 0;
	ssize_t	 n;
	int	 count = 0, blank = 1;

	if (argc != 3 || (in = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: mboxsplit mbox dir\n");
		return (2);
	}
	while ((n = getline(&line, &cap, in)) > 0) {
		if (out == NULL || (blank && n > 5 &&
		    strncmp(line, "From ", 5) == 0)) {
			if (out != NULL)
				fclose(out);
			snprintf(path, sizeof path, "%s/%d", argv[2], ++count);
			if ((out = fopen(path, "wb")) == NULL)
				return (2);
		}
		fwrite(line, 1, n, out);
		blank = (line[0] == '\n' || (line[0] == '\r' && n <= 2));
	}
	if (out != NULL)
		fclose(out);
	free(line);
	fclose(in);
	printf("%d\n", count);
	return (0);
}
