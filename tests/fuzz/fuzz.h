/*
 * fuzz.h: what the fuzz targets in tests/fuzz share.  Each fuzz-NAME.c is a
 * libFuzzer target; built with replay.c instead, it runs on the files named
 * on its command line, as "make check" does with the inputs kept in
 * tests/fuzz/regress/NAME.
 */

#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "doorstop.h"

int		 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* fuzz.c */
const char	*fuzz_init(void);
char		*fuzz_string(const uint8_t *, size_t);
char		*fuzz_write(const char *, const uint8_t *, size_t);
gsize		 fuzz_split(const uint8_t *, size_t, char, size_t *);

#endif /* FUZZ_H */
