/*
 * fuzz-mbox.c: splitting an mbox, as scan reads one.  The messages must
 * add up to the file, byte for byte and offset for offset; the count must
 * agree; and a scan that stopped after the first message must go on
 * exactly at the second, reading the same messages again.
 */

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* What a split gave: every message, in order. */
struct split {
	GPtrArray	*items;		/* struct item */
};

static int
split_take(struct item *it, void *arg, GError **error)
{
	struct split	*s = arg;
	struct item	*copy;

	copy = g_new(struct item, 1);
	*copy = *it;
	memset(it, 0, sizeof *it);
	g_ptr_array_add(s->items, copy);
	return (0);
}

static void
split_free_item(gpointer p)
{
	item_clear(p);
	g_free(p);
}

/* Split path from start; abort if the messages do not tile the file. */
static GPtrArray *
split_check(const char *path, gint64 start, const uint8_t *data,
    size_t size, gboolean mbox)
{
	struct split	 s;
	struct item	*it;
	gint64		 at = start;
	guint		 i;
	int		 rc;

	s.items = g_ptr_array_new_with_free_func(split_free_item);
	rc = mbox ? mailbox_mbox(path, start, split_take, &s, NULL) :
	    mailbox_file(path, split_take, &s, NULL);
	if (rc != 0)
		abort();
	for (i = 0; i < s.items->len; i++) {
		it = s.items->pdata[i];
		if (it->offset != at || (gsize)at + it->size > size ||
		    memcmp(data + at, it->data, it->size) != 0)
			abort();
		at += it->size;
	}
	if ((size_t)at != size)
		abort();
	return (s.items);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mbox_mark mark;
	struct item	*first;
	GPtrArray	*all, *rest;
	char		*path;

	fuzz_init();
	path = fuzz_write("mbox", data, size);
	g_ptr_array_free(split_check(path, 0, data, size, FALSE), TRUE);
	all = split_check(path, 0, data, size, TRUE);
	if (size > 0 && mailbox_mbox_count(path, 0) != all->len)
		abort();
	if (all->len >= 2) {
		first = all->pdata[0];
		mark.last = 0;
		mark.offset = first->size;
		mailbox_sum(first->data, first->size, mark.sum);
		if (mailbox_mbox_resume(path, &mark) != mark.offset)
			abort();
		rest = split_check(path, mark.offset, data, size, TRUE);
		if (rest->len != all->len - 1)
			abort();
		g_ptr_array_free(rest, TRUE);
	}
	g_ptr_array_free(all, TRUE);
	g_free(path);
	return (0);
}
