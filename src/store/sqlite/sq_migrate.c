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

static int sq_newest(void *cls, long *version, char *err, size_t errcap)
{
	int64_t v;
	if (query_int(cls, "SELECT max(version) FROM schema_version", 0, &v, err, errcap) < 0)
		return -1;
	*version = v < 0 ? 0 : (long)v; /* no rows: -1 */
	return 0;
}

static int sq_applied(void *cls, long version, char *err, size_t errcap)
{
	int64_t v;
	if (query_int(cls, "SELECT 1 FROM schema_version WHERE version = ?1", version, &v, err,
		      errcap) < 0)
		return -1;
	return v >= 0;
}

static int sq_apply(void *cls, const struct embedded_file *f, long version, const char *base,
		    char *err, size_t errcap)
{
	char what[96];
	snprintf(what, sizeof what, "migration %s", base);
	if (exec(cls, f->data, what, err, errcap) < 0)
		return -1;
	return record_version(cls, version, base, err, errcap);
}

/* Walks the embedded migrations (store/migrations.c): with apply, runs each
 * one the database lacks; without, only counts them. */
static int walk(sqlite3 *conn, bool apply, char *err, size_t errcap)
{
	struct migration_db db = {sq_newest, sq_applied, sq_apply, conn};
	return migration_walk(MIGRATION_DIR, &db, apply, err, errcap);
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
