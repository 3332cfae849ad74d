/* The SQLite connection: open, settings, statement cache, transactions, meta.
 *
 * Settings (anchors-ecosystem-reliability B3): WAL journal; synchronous=FULL
 * so that an acknowledged commit survives power loss; foreign keys on; a busy
 * timeout; temporary tables in memory; defensive mode and no double-quoted
 * string literals, against mistakes in SQL.
 *
 * Page cache: 32 MiB. A million-person import inserts into an index of random
 * 16-byte keys (bsn_index, ~30 MB); with 16 MiB the cache misses cost a third
 * of the run in read() calls, with 32 MiB the import's store part measured
 * about 20 % faster at 41 MiB peak RSS (the limit for the whole import is
 * 64 MiB). Lower it here if other parts of a process need the memory. */
#include "store/sqlite/sq.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#define SQ_MIN_VERSION 3038000 /* STRICT tables, unixepoch(), built-in JSON */
#define SQ_BUSY_MS_DEFAULT 5000
#define SQ_BUSY_MS_MAX 600000

static const char SQL_PRAGMAS[] = "PRAGMA foreign_keys = ON;"
				  "PRAGMA synchronous = FULL;"
				  "PRAGMA cache_size = -32000;"
				  "PRAGMA temp_store = MEMORY;";

int sq_fail(struct store *s, int rc, const char *what)
{
	int primary = rc & 0xff;
	snprintf(s->errmsg, sizeof s->errmsg, "%s: %s", what, sqlite3_errmsg(sq_of(s)->db));
	return primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? STORE_SOFT : STORE_HARD;
}

int sq_hard(struct store *s, const char *what)
{
	snprintf(s->errmsg, sizeof s->errmsg, "%s", what);
	return STORE_HARD;
}

int sq_soft(struct store *s, const char *what)
{
	snprintf(s->errmsg, sizeof s->errmsg, "%s", what);
	return STORE_SOFT;
}

int sq_stmt(struct store *s, enum sq_stmt id, const char *sql, sqlite3_stmt **out)
{
	struct sq *q = sq_of(s);
	if (!q->stmt[id]) {
		int rc = sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q->stmt[id],
					    NULL);
		if (rc != SQLITE_OK) {
			q->stmt[id] = NULL;
			return sq_fail(s, rc, "prepare");
		}
	}
	assert(strcmp(sqlite3_sql(q->stmt[id]), sql) == 0);
	*out = q->stmt[id];
	return STORE_ONE;
}

void sq_done(sqlite3_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int sq_step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	return rc == SQLITE_DONE ? STORE_ONE : sq_fail(s, rc, what);
}

int sq_each_row(struct store *s, sqlite3_stmt *st, const char *what, sq_row_fn fn, void *cls)
{
	int ret = STORE_NONE, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int r = fn(s, st, cls);
		if (r != 0)
			return r;
		ret = STORE_ONE;
	}
	return rc == SQLITE_DONE ? ret : sq_fail(s, rc, what);
}

int sq_step_insert(struct store *s, sqlite3_stmt *st, const char *what, int64_t *id)
{
	int ret = sq_step_done(s, st, what);
	if (ret != STORE_ONE)
		return ret;
	if (sqlite3_changes(sq_of(s)->db) != 1)
		return STORE_NONE;
	*id = sqlite3_last_insert_rowid(sq_of(s)->db);
	return STORE_ONE;
}

int sq_step_row(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	return rc == SQLITE_ROW ? STORE_ONE : rc == SQLITE_DONE ? STORE_NONE : sq_fail(s, rc, what);
}

int sq_step_int(struct store *s, sqlite3_stmt *st, const char *what, int64_t *out)
{
	int ret = sq_step_row(s, st, what);
	if (ret != STORE_ONE)
		return ret;
	*out = sqlite3_column_int64(st, 0);
	return sq_step_done(s, st, what);
}

int sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

int sq_bind_opt_text(sqlite3_stmt *st, int i, const char *v)
{
	return sq_bind_text(st, i, v && *v ? v : NULL);
}

/* "YYYY-MM-DD" of a four-digit year. */
static void write_iso(char out[DATE_ISO_SIZE], int y, int m, int d)
{
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int sq_bind_date(sqlite3_stmt *st, int i, cdate d)
{
	char iso[DATE_ISO_SIZE];
	int y, m, dd;

	/* date_format_iso() goes through snprintf, which measured as a tenth of
	 * the store's work in an import; four-digit years (all the store holds)
	 * are written digit by digit instead. */
	date_to_ymd(d, &y, &m, &dd);
	if (y < 1000 || y > 9999)
		date_format_iso(d, iso);
	else
		write_iso(iso, y, m, dd);
	return sqlite3_bind_text(st, i, iso, -1, SQLITE_TRANSIENT);
}

int sq_bind_fail(struct store *s, const char *what)
{
	return sq_fail(s, sqlite3_errcode(sq_of(s)->db), what);
}

bool sq_date_ok(cdate d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return y >= DATE_PARSE_YEAR_MIN && y <= DATE_PARSE_YEAR_MAX;
}

int sq_column_copy(sqlite3_stmt *st, int i, char *buf, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	if (!t || n >= cap)
		return -1;
	memcpy(buf, t, n);
	buf[n] = '\0';
	return 0;
}

const char *sq_column_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

int sq_column_date(sqlite3_stmt *st, int i, cdate *out)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	if (!t)
		return -1;
	return date_parse(t, (size_t)sqlite3_column_bytes(st, i), out);
}

/* Runs one cached statement that takes no parameters. */
static int run_simple(struct store *s, enum sq_stmt id, const char *sql, const char *what)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, id, sql, &st);
	if (ret < 0)
		return ret;
	ret = sq_step_done(s, st, what);
	sq_done(st);
	return ret;
}

int sq_begin_write(struct store *s)
{
	return run_simple(s, SQ_BEGIN, "BEGIN IMMEDIATE", "begin");
}

int sq_commit(struct store *s)
{
	int ret = run_simple(s, SQ_COMMIT, "COMMIT", "commit");
	/* A failed commit leaves nothing half-open: the caller retries the whole
	 * transaction (soft) or gives up (hard). */
	if (ret < 0 && !sqlite3_get_autocommit(sq_of(s)->db))
		sqlite3_exec(sq_of(s)->db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

int sq_rollback(struct store *s)
{
	/* SQLite rolls back by itself after some errors (busy, full disk); a
	 * rollback without an open transaction is then not an error. */
	if (sqlite3_get_autocommit(sq_of(s)->db))
		return STORE_ONE;
	return run_simple(s, SQ_ROLLBACK, "ROLLBACK", "rollback");
}

int sq_get_meta(struct store *s, const char *key, char *buf, size_t cap)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_META_GET, sql, &st);
	if (ret < 0)
		return ret;
	if (sq_bind_text(st, 1, key) != SQLITE_OK) {
		ret = sq_bind_fail(s, "get_meta");
		goto cleanup;
	}
	ret = sq_step_row(s, st, "get_meta");
	if (ret != STORE_ONE)
		goto cleanup;
	const char *v = (const char *)sqlite3_column_text(st, 0);
	size_t n = (size_t)sqlite3_column_bytes(st, 0);
	if (!v || n >= cap) {
		ret = sq_hard(s, "get_meta: value does not fit the buffer");
		goto cleanup;
	}
	memcpy(buf, v, n);
	buf[n] = '\0';
cleanup:
	sq_done(st);
	return ret;
}

int sq_set_meta(struct store *s, const char *key, const char *value)
{
	static const char sql[] = "INSERT INTO meta (key, value) VALUES (?1, ?2) "
				  "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_META_SET, sql, &st);
	if (ret < 0)
		return ret;
	if ((sq_bind_text(st, 1, key) | sq_bind_text(st, 2, value)) != SQLITE_OK)
		ret = sq_bind_fail(s, "set_meta");
	else
		ret = sq_step_done(s, st, "set_meta");
	sq_done(st);
	return ret;
}

static void sq_close(struct store *s)
{
	struct sq *q = sq_of(s);
	for (int i = 0; i < SQ_STMT_COUNT; i++)
		sqlite3_finalize(q->stmt[i]);
	sqlite3_close(q->db); /* rolls back an open transaction */
	free(q->changes);
	free(q);
}

static const struct store_ops sq_ops = {
	.close = sq_close,
	.begin_write = sq_begin_write,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.get_meta = sq_get_meta,
	.set_meta = sq_set_meta,
	.insert_org = sq_insert_org,
	.update_org = sq_update_org,
	.get_org = sq_get_org,
	.iterate_orgs = sq_iterate_orgs,
	.upsert_person = sq_upsert_person,
	.upsert_ww = sq_upsert_ww,
	.ww_load_begin = sq_ww_load_begin,
	.ww_load_add = sq_ww_load_add,
	.ww_load_end = sq_ww_load_end,
	.iterate_ww_ending = sq_iterate_ww_ending,
	.get_route_by_benefit = sq_get_route_by_benefit,
	.insert_route = sq_insert_route,
	.insert_event = sq_insert_event,
	.count_events = sq_count_events,
	.find_import = sq_find_import,
	.insert_import = sq_insert_import,
	.update_import = sq_update_import,
	.insert_audit = sq_insert_audit,
	.audit_tail = sq_audit_tail,
	.iterate_audit = sq_iterate_audit,
	.insert_user = sq_insert_user,
	.get_user_by_email = sq_get_user_by_email,
	.insert_token = sq_insert_token,
	.get_token_by_hash = sq_get_token_by_hash,
	.insert_meeting = sq_insert_meeting,
	.get_meeting = sq_get_meeting,
	.update_meeting = sq_update_meeting,
	.iterate_meetings = sq_iterate_meetings,
	.iterate_meeting_targets = sq_iterate_meeting_targets,
	.insert_invitation = sq_insert_invitation,
	.update_invitation = sq_update_invitation,
	.iterate_invitations = sq_iterate_invitations,
	.count_responses = sq_count_responses,
	.insert_meeting_event = sq_insert_meeting_event,
	.iterate_meeting_events = sq_iterate_meeting_events,
	.get_token_user = sq_get_token_user,
	.get_route_view = sq_get_route_view,
	.iterate_route_events = sq_iterate_route_events,
	.update_route_phase = sq_update_route_phase,
	.insert_consent = sq_insert_consent,
	.has_consent = sq_has_consent,
	.find_person = sq_find_person,
	.iterate_users = sq_iterate_users,
	.get_benefit_view = sq_get_benefit_view,
	.insert_session = sq_insert_session,
	.get_session_by_hash = sq_get_session_by_hash,
	.touch_session = sq_touch_session,
	.delete_session = sq_delete_session,
	.delete_user_sessions = sq_delete_user_sessions,
	.purge_sessions = sq_purge_sessions,
	.get_throttle = sq_get_throttle,
	.put_throttle = sq_put_throttle,
	.delete_throttle = sq_delete_throttle,
	.set_user_password = sq_set_user_password,
	.iterate_worklist = sq_iterate_worklist,
	.insert_template = sq_insert_template,
	.get_template = sq_get_template,
	.iterate_templates = sq_iterate_templates,
};

/* OVERSTAP_SQLITE_BUSY_MS, or the default when unset or not a number in range. */
static int busy_ms(void)
{
	const char *v = getenv("OVERSTAP_SQLITE_BUSY_MS");
	if (!v || !*v)
		return SQ_BUSY_MS_DEFAULT;
	char *end;
	long ms = strtol(v, &end, 10);
	if (*end != '\0' || ms < 0 || ms > SQ_BUSY_MS_MAX)
		return SQ_BUSY_MS_DEFAULT;
	return (int)ms;
}

/* Waiting for the write lock: short fixed steps rather than SQLite's own
 * backoff (which sleeps up to 100 ms at a time), so a writer waiting behind
 * another thread's short transaction (every audited API read is one) gets
 * in as soon as it is free. cls is the number of steps until busy_ms. */
#define SQ_BUSY_STEP_US 250
static int busy_wait(void *cls, int count)
{
	if ((intptr_t)count >= (intptr_t)cls)
		return 0;
	struct timespec step = {0, SQ_BUSY_STEP_US * 1000L};
	nanosleep(&step, NULL);
	return 1;
}

/* Settings of a fresh connection. Returns 0 or -1 with a message in err. */
static int configure(sqlite3 *db, char *err, size_t errcap)
{
	sqlite3_stmt *st = NULL;
	int ret = -1;

	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_handler(db, busy_wait,
			     (void *)(intptr_t)((int64_t)busy_ms() * 1000 / SQ_BUSY_STEP_US));
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);

	/* journal_mode answers with the mode it ended up in. */
	int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		snprintf(err, errcap, "journal_mode: %s", sqlite3_errmsg(db));
		goto cleanup;
	}
	const char *mode = (const char *)sqlite3_column_text(st, 0);
	if (!mode || (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0)) {
		snprintf(err, errcap, "journal_mode: WAL not available (got %s)",
			 mode ? mode : "nothing");
		goto cleanup;
	}
	if (sqlite3_exec(db, SQL_PRAGMAS, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errcap, "pragmas: %s", sqlite3_errmsg(db));
		goto cleanup;
	}
	ret = 0;
cleanup:
	sqlite3_finalize(st);
	return ret;
}

/* SQLite's memory statistics take a global mutex on every allocation; we do
 * not read them. This must run before SQLite initialises itself. */
static void configure_library(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct store *store_sqlite_open(const char *path, char *err, size_t errcap)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	char scratch[1];
	struct sq *q = NULL;
	sqlite3 *db = NULL;
	int rc;

	if (!err || errcap == 0) {
		err = scratch;
		errcap = sizeof scratch;
	}
	if (sqlite3_libversion_number() < SQ_MIN_VERSION) {
		snprintf(err, errcap, "SQLite %s is too old (3.38 or newer needed)",
			 sqlite3_libversion());
		goto fail;
	}
	pthread_once(&once, configure_library);
	q = calloc(1, sizeof *q);
	if (!q) {
		snprintf(err, errcap, "out of memory");
		goto fail;
	}
	rc = sqlite3_open_v2(
		path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errcap, "%s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		goto fail;
	}
	if (configure(db, err, errcap) < 0 || sq_migrate(db, err, errcap) < 0)
		goto fail;
	q->db = db;
	q->base.ops = &sq_ops;
	q->base.cls = q;
	return &q->base;
fail:
	sqlite3_close(db);
	free(q);
	return NULL;
}
