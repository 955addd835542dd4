/*
 * fuzz-ics.c: a reminder file as doorstop finds it in the calendar when it
 * notes what happened after a reply: any contents, as the user, todoman,
 * khal or a CalDAV sync left them.  reminder_update() must not crash, and
 * a note it added is never added again; reminder_completed() reads what
 * it wrote.  The input's first byte says whether the note marks it done.
 */

#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"

#define FUZZ_UID	"0123456789abcdef0123456789abcdef"
#define FUZZ_NOTE	"They wrote again on 2026-11-16: \"Re: x\"."

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*cal, *path;
	gint64		 when;
	gboolean	 done;
	int		 n;

	cal = g_build_filename(fuzz_init(), "cal", NULL);
	if (g_mkdir_with_parents(cal, 0700) != 0)
		abort();
	done = size > 0 && (data[0] & 1);
	path = fuzz_write("cal/" FUZZ_UID ".ics", data, size);
	n = reminder_update(cal, FUZZ_UID, FUZZ_NOTE, done, NULL);
	if (n > 0 && reminder_update(cal, FUZZ_UID, FUZZ_NOTE, done,
	    NULL) != 0)
		abort();	/* the same note twice */
	reminder_completed(cal, FUZZ_UID, &when);
	unlink(path);
	g_free(path);
	g_free(cal);
	return (0);
}
