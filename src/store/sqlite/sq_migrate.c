/* Schema migrations of the SQLite backend.
 *
 * The migrations are the files src/store/migrations/sqlite/NNNN_name.sql,
 * embedded in the binary (core/embedded.h). The table schema_version holds
 * one row per applied migration. At open, every migration the database lacks
 * is applied in ascending version order, all in one IMMEDIATE transaction, so
 * that two processes opening a new database at once cannot both apply one.
 * An up-to-date database is checked without taking the write lock. A
 * database that has a version newer than any this binary knows is refused. */
#include "store/sqlite/sq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/embedded.h"
#include "store/migrations.h"

#define MIGRATION_DIR "src/store/migrations/sqlite/"

static const char SQL_VERSION_TABLE[] = "CREATE TABLE IF NOT EXISTS schema_version ("
					"version INTEGER PRIMARY KEY, "
					"name TEXT NOT NULL, "
					"applied_at INTEGER NOT NULL) STRICT";

static int exec(sqlite3 *db, const char *sql, const char *what, char *err, size_t errcap)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errcap, "%s: %s", what, sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* Runs a one-integer query with an optional integer parameter; *out is -1
 * when the query returns no row or NULL. */
static int query_int(sqlite3 *db, const char *sql, int64_t param, int64_t *out, char *err,
		     size_t errcap)
{
	sqlite3_stmt *st = NULL;
	int ret = -1;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_bind_parameter_count(st) > 0)
		rc = sqlite3_bind_int64(st, 1, param);
	if (rc != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 0);
		ret = 0;
		goto cleanup;
	}
	if (rc == SQLITE_DONE) {
		*out = -1;
		ret = 0;
		goto cleanup;
	}
fail:
	snprintf(err, errcap, "schema_version: %s", sqlite3_errmsg(db));
cleanup:
	sqlite3_finalize(st);
	return ret;
}

static int record_version(sqlite3 *db, long version, const char *name, char *err, size_t errcap)
{
	static const char sql[] = "INSERT INTO schema_version (version, name, applied_at) "
				  "VALUES (?1, ?2, unixepoch())";
	sqlite3_stmt *st = NULL;
	int ret = -1;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, version) |
		     sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errcap, "schema_version: %s", sqlite3_errmsg(db));
		goto cleanup;
	}
	ret = 0;
cleanup:
	sqlite3_finalize(st);
	return ret;
}

/* Walks the embedded migrations in version order. With apply, runs each one
 * the database lacks; without, only counts them. Returns how many were
 * missing, or -1 with a message in err. */
static int walk(sqlite3 *db, bool apply, char *err, size_t errcap)
{
	int64_t newest;
	if (query_int(db, "SELECT max(version) FROM schema_version", 0, &newest, err, errcap) < 0)
		return -1;

	long prev = 0, version;
	bool dup;
	int missing = 0;
	const struct embedded_file *f;
	const char *base;
	while ((f = migration_next(MIGRATION_DIR, prev, &version, &base, &dup)) != NULL) {
		if (dup) {
			snprintf(err, errcap, "two migrations carry version %ld", version);
			return -1;
		}
		int64_t applied;
		if (query_int(db, "SELECT 1 FROM schema_version WHERE version = ?1", version,
			      &applied, err, errcap) < 0)
			return -1;
		if (applied < 0) {
			char what[96];
			snprintf(what, sizeof what, "migration %s", base);
			missing++;
			if (apply && (exec(db, f->data, what, err, errcap) < 0 ||
				      record_version(db, version, base, err, errcap) < 0))
				return -1;
		}
		prev = version;
	}
	if (newest > prev) {
		snprintf(err, errcap,
			 "database schema version %lld is newer than this program knows (%ld)",
			 (long long)newest, prev);
		return -1;
	}
	return missing;
}

int sq_migrate(sqlite3 *db, char *err, size_t errcap)
{
	/* First without a lock: an up-to-date database opens even while another
	 * connection holds a long write transaction (an import). */
	int64_t have_table;
	if (query_int(db,
		      "SELECT count(*) FROM sqlite_schema "
		      "WHERE type = 'table' AND name = 'schema_version'",
		      0, &have_table, err, errcap) < 0)
		return -1;
	if (have_table > 0) {
		int missing = walk(db, false, err, errcap);
		if (missing <= 0)
			return missing;
	}

	/* Then under the write lock, looking again: another process may have
	 * migrated in between. */
	if (exec(db, "BEGIN IMMEDIATE", "migrations", err, errcap) < 0)
		return -1;
	if (exec(db, SQL_VERSION_TABLE, "schema_version", err, errcap) < 0 ||
	    walk(db, true, err, errcap) < 0 || exec(db, "COMMIT", "migrations", err, errcap) < 0) {
		if (!sqlite3_get_autocommit(db))
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}
