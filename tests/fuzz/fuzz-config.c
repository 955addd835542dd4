/*
 * fuzz-config.c: the config loader on any file contents; a config that
 * loads is asked who is the user and who is important, as the gate and
 * the lead do.
 */

#include "fuzz.h"

static const char *const addrs[] = {
	"sam@example.net", "SAM@Example.NET", "jane@hr.acme.example",
	"acme.example", "@", "", NULL
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	*cf;
	char		*path;
	int		 i;

	fuzz_init();
	path = fuzz_write("config", data, size);
	cf = config_load(path, NULL);
	for (i = 0; cf != NULL && addrs[i] != NULL; i++) {
		config_is_mine(cf, addrs[i]);
		config_is_important(cf, addrs[i]);
		config_disabled(cf);
	}
	config_free(cf);
	g_free(path);
	return (0);
}
