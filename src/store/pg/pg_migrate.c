/* Schema migrations of the PostgreSQL backend.
 *
 * The migrations are the files src/store/migrations/pg/NNNN_name.sql,
 * embedded in the binary (core/embedded.h), numbered like the SQLite ones
 * (the same version is the same schema change in the other dialect). The
 * table schema_version holds one row per applied migration.
 *
 * At open, an up-to-date database is recognised without any lock. Otherwise
 * one transaction takes pg_advisory_xact_lock(MIGRATE_LOCK), creates
 * schema_version when missing, looks again at what is applied (another
 * process may have migrated meanwhile) and applies every missing migration in
 * ascending order. So when several overstap processes start at once on a new
 * database, one applies the migrations and the others wait for its commit
 * and then find nothing to do. A database that has a version newer than any
 * this binary knows is refused. */
#include "store/pg/pg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/embedded.h"
#include "store/migrations.h"

#define MIGRATION_DIR "src/store/migrations/pg/"
/* Advisory lock key of the migrations: "overstap" as a big-endian int8. */
#define MIGRATE_LOCK "8031718527699542384"

static const char SQL_VERSION_TABLE[] = "CREATE TABLE IF NOT EXISTS schema_version ("
					"version integer PRIMARY KEY, "
					"name text NOT NULL, "
					"applied_at bigint NOT NULL)";

/* snprintf into a caller's buffer; truncates silently. */
static void __attribute__((format(printf, 3, 4)))
fmt_err(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
}

static void result_error(PGconn *conn, PGresult *res, const char *what, char *err, size_t errcap)
{
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char msg[200];
	snprintf(msg, sizeof msg, "%s", primary ? primary : PQerrorMessage(conn));
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	if (state)
		fmt_err(err, errcap, "%s: %s (SQLSTATE %s)", what, msg, state);
	else
		fmt_err(err, errcap, "%s: %s", what, msg);
}

/* Runs constant SQL (one or more statements). */
static int exec(PGconn *conn, const char *sql, const char *what, char *err, size_t errcap)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		result_error(conn, res, what, err, errcap);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

/* Runs a one-integer query with an optional integer parameter; *out is -1
 * when the query returns no row or NULL. */
static int query_int(PGconn *conn, const char *sql, long param, bool has_param, int64_t *out,
		     char *err, size_t errcap)
{
	char p[24];
	const char *values[1] = {p};
	snprintf(p, sizeof p, "%ld", param);
	PGresult *res = PQexecParams(conn, sql, has_param ? 1 : 0, NULL, has_param ? values : NULL,
				     NULL, NULL, 0);
	int rc = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		result_error(conn, res, "schema_version", err, errcap);
		rc = -1;
	} else if (PQntuples(res) == 0 || PQgetisnull(res, 0, 0)) {
		*out = -1;
	} else {
		*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	}
	PQclear(res);
	return rc;
}

static int record_version(PGconn *conn, long version, const char *name, char *err, size_t errcap)
{
	static const char sql[] = "INSERT INTO schema_version (version, name, applied_at) "
				  "VALUES ($1, $2, floor(extract(epoch FROM now()))::bigint)";
	char v[24];
	snprintf(v, sizeof v, "%ld", version);
	const char *values[2] = {v, name};
	PGresult *res = PQexecParams(conn, sql, 2, NULL, values, NULL, NULL, 0);
	int rc = 0;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		result_error(conn, res, "schema_version", err, errcap);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

static int pg_newest(void *cls, long *version, char *err, size_t errcap)
{
	int64_t v;
	if (query_int(cls, "SELECT max(version) FROM schema_version", 0, false, &v, err, errcap) <
	    0)
		return -1;
	*version = v < 0 ? 0 : (long)v; /* no rows: -1 */
	return 0;
}

static int pg_applied(void *cls, long version, char *err, size_t errcap)
{
	int64_t v;
	if (query_int(cls, "SELECT 1 FROM schema_version WHERE version = $1", version, true, &v,
		      err, errcap) < 0)
		return -1;
	return v >= 0;
}

static int pg_apply(void *cls, const struct embedded_file *f, long version, const char *base,
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
static int walk(PGconn *conn, bool apply, char *err, size_t errcap)
{
	struct migration_db db = {pg_newest, pg_applied, pg_apply, conn};
	return migration_walk(MIGRATION_DIR, &db, apply, err, errcap);
}

int pg_migrate(PGconn *conn, char *err, size_t errcap)
{
	/* First without a lock: an up-to-date database opens at once, even
	 * while another process migrates or imports. */
	int64_t have_table;
	if (query_int(conn,
		      "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 "
		      "ELSE 1 END",
		      0, false, &have_table, err, errcap) < 0)
		return -1;
	if (have_table > 0) {
		int missing = walk(conn, false, err, errcap);
		if (missing <= 0)
			return missing;
	}

	/* Then under the advisory lock, looking again. The lock is released by
	 * the COMMIT or ROLLBACK. Waiting for it (another process migrating) is
	 * bounded by a minute; a migration may take longer than the usual
	 * statement timeout. */
	if (exec(conn,
		 "BEGIN; SET LOCAL lock_timeout = '60s'; SET LOCAL statement_timeout = 0; "
		 "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ")",
		 "migrations", err, errcap) < 0)
		goto fail;
	if (exec(conn, SQL_VERSION_TABLE, "schema_version", err, errcap) < 0 ||
	    walk(conn, true, err, errcap) < 0 ||
	    exec(conn, "COMMIT", "migrations", err, errcap) < 0)
		goto fail;
	return 0;
fail:
	if (PQtransactionStatus(conn) != PQTRANS_IDLE)
		PQclear(PQexec(conn, "ROLLBACK"));
	return -1;
}
