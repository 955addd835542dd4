/*
 * test.h: what the unit tests share.  Table-driven tests register one case
 * per row, named after the row's name field or its index.
 */

#ifndef DOORSTOP_TEST_H
#define DOORSTOP_TEST_H

#include "doorstop.h"

/* Register fn for each row of table as "prefix/NAME" (rows have .name). */
#define TEST_ADD_NAMED(prefix, table, fn) do {				\
	gsize	 i_;							\
	char	*p_;							\
	for (i_ = 0; i_ < G_N_ELEMENTS(table); i_++) {			\
		p_ = g_strdup_printf("%s/%s", prefix, table[i_].name);	\
		g_test_add_data_func(p_, GSIZE_TO_POINTER(i_), fn);	\
		g_free(p_);						\
	}								\
} while (0)

/* Register fn for each row of table as "prefix/N". */
#define TEST_ADD_NUMBERED(prefix, table, fn) do {			\
	gsize	 i_;							\
	char	*p_;							\
	for (i_ = 0; i_ < G_N_ELEMENTS(table); i_++) {			\
		p_ = g_strdup_printf("%s/%zu", prefix, i_);		\
		g_test_add_data_func(p_, GSIZE_TO_POINTER(i_), fn);	\
		g_free(p_);						\
	}								\
} while (0)

#endif
