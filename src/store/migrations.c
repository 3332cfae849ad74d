#include "store/migrations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Version number of a migration file name ("0001_init.sql" -> 1), or -1 when
 * the file is not a migration in dir. */
static long migration_version(const char *dir, const char *path, const char **name)
{
	size_t dirlen = strlen(dir);
	if (strncmp(path, dir, dirlen) != 0)
		return -1;
	const char *base = path + dirlen;
	size_t n = strlen(base);
	if (n < 5 || strcmp(base + n - 4, ".sql") != 0 || base[0] < '0' || base[0] > '9')
		return -1;
	char *end;
	long v = strtol(base, &end, 10);
	if (*end != '_' || v <= 0 || v > 999999)
		return -1;
	*name = base;
	return v;
}

const struct embedded_file *migration_next(const char *dir, long prev, long *version,
					   const char **name, bool *dup)
{
	const struct embedded_file *best = NULL;
	long best_v = 0;
	*dup = false;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		const char *base = NULL;
		long v = migration_version(dir, f->name, &base);
		if (v <= prev)
			continue;
		if (best && v == best_v)
			*dup = true;
		if (!best || v < best_v) {
			best = f;
			best_v = v;
			*name = base;
			*dup = false;
		}
	}
	*version = best_v;
	return best;
}

int migration_walk(const char *dir, const struct migration_db *db, bool apply, char *err,
		   size_t errcap)
{
	long newest;
	if (db->newest(db->cls, &newest, err, errcap) < 0)
		return -1;
	long prev = 0, version;
	bool dup;
	int missing = 0;
	const struct embedded_file *f;
	const char *name;
	while ((f = migration_next(dir, prev, &version, &name, &dup)) != NULL) {
		if (dup) {
			snprintf(err, errcap, "two migrations carry version %ld", version);
			return -1;
		}
		int applied = db->applied(db->cls, version, err, errcap);
		if (applied < 0)
			return -1;
		if (!applied) {
			missing++;
			if (apply && db->apply(db->cls, f, version, name, err, errcap) < 0)
				return -1;
		}
		prev = version;
	}
	if (newest > prev) {
		snprintf(err, errcap,
			 "database schema version %ld is newer than this program knows (%ld)",
			 newest, prev);
		return -1;
	}
	return missing;
}
