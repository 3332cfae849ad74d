/* The database of a store test: store_fx_temp makes a new empty SQLite file
 * NAME-XXXXXX under $TMPDIR or /tmp; store_fx_spec takes OVERSTAP_TEST_DB
 * when it is set (make check's PostgreSQL run) and a temporary file
 * otherwise (*temp tells which); store_fx_remove removes a temporary file
 * with its -wal and -shm files. 0, or -1 when no file could be made. */
#ifndef OVERSTAP_TEST_STORE_FIXTURE_H
#define OVERSTAP_TEST_STORE_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline int store_fx_temp(char *path, size_t cap, const char *name)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, cap, "%s/overstap-%s-XXXXXX", dir && *dir ? dir : "/tmp", name);
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static inline int store_fx_spec(char *spec, size_t cap, const char *name, bool *temp)
{
	const char *env = getenv("OVERSTAP_TEST_DB");
	*temp = !(env && *env);
	if (!*temp) {
		snprintf(spec, cap, "%s", env);
		return 0;
	}
	return store_fx_temp(spec, cap, name);
}

static inline void store_fx_remove(const char *path)
{
	char side[600];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

#endif
