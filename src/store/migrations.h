/* Finding the numbered migrations of a backend among the embedded files:
 * "src/store/migrations/<dialect>/NNNN_name.sql", applied in version order. */
#ifndef OVERSTAP_STORE_MIGRATIONS_H
#define OVERSTAP_STORE_MIGRATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/embedded.h"

/* The migration in dir (e.g. "src/store/migrations/sqlite/") with the
 * smallest version above prev, or NULL when there is none. Sets *version,
 * *name (the file name, borrowed) and *dup (two files carry that version). */
const struct embedded_file *migration_next(const char *dir, long prev, long *version,
					   const char **name, bool *dup);

/* What migration_walk needs from a backend. Each returns < 0 with a message
 * in err on failure. */
struct migration_db {
	/* The highest version recorded, 0 when none. */
	int (*newest)(void *cls, long *version, char *err, size_t errcap);
	/* 1 when that version is recorded, 0 when not. */
	int (*applied)(void *cls, long version, char *err, size_t errcap);
	/* Runs the migration's SQL and records its version. */
	int (*apply)(void *cls, const struct embedded_file *f, long version, const char *name,
		     char *err, size_t errcap);
	void *cls;
};

/* Walks the migrations in dir in version order. With apply, runs each one
 * the database lacks; without, only counts them. Refuses two files with one
 * version, and a database whose schema is newer than this program. Returns
 * how many were missing, or -1 with a message in err. */
int migration_walk(const char *dir, const struct migration_db *db, bool apply, char *err,
		   size_t errcap);

#endif
