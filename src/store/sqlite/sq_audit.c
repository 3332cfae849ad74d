/* The audit log, a hash chain (SQLite). The hashes are computed by the app
 * (app/audit.c); here they are only stored and read back. */
#include "store/sqlite/sq.h"

#include <string.h>

static const char SQL_AUDIT_INSERT[] =
	"INSERT INTO audit_event (at, actor, org, role, action, object_type, object_id, "
	"purpose, outcome, request_id, seq, prev_hash, row_hash) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

static const char SQL_AUDIT_TAIL[] = "SELECT seq, row_hash FROM audit_event "
				     "WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1";

#define AUDIT_COLUMNS                                                                              \
	"SELECT id, seq, at, actor, org, role, action, object_type, object_id, purpose, "          \
	"outcome, request_id, prev_hash, row_hash FROM audit_event "

static const char SQL_AUDIT_ITER_LEGACY[] =
	AUDIT_COLUMNS "WHERE seq IS NULL AND id > ?1 AND at BETWEEN ?2 AND ?3 ORDER BY id LIMIT ?4";

static const char SQL_AUDIT_ITER_CHAIN[] =
	AUDIT_COLUMNS "WHERE seq > ?1 AND at BETWEEN ?2 AND ?3 ORDER BY seq LIMIT ?4";

int sq_insert_audit(struct store *s, const struct store_audit *a)
{
	sqlite3_stmt *st;
	if (a->seq < 1)
		return sq_hard(s, "insert_audit: the event has no place in the chain");
	int ret = sq_stmt(s, SQ_AUDIT_INSERT, SQL_AUDIT_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, a->at) | sq_bind_text(st, 2, a->actor) |
	     sq_bind_opt_text(st, 3, a->org) | sq_bind_opt_text(st, 4, a->role) |
	     sq_bind_text(st, 5, a->action) | sq_bind_text(st, 6, a->object_type) |
	     sq_bind_text(st, 7, a->object_id) | sq_bind_text(st, 8, a->purpose) |
	     sq_bind_text(st, 9, a->outcome) | sq_bind_opt_text(st, 10, a->request_id) |
	     sqlite3_bind_int64(st, 11, a->seq) |
	     sqlite3_bind_blob(st, 12, a->prev_hash, STORE_HASH_SIZE, SQLITE_STATIC) |
	     sqlite3_bind_blob(st, 13, a->row_hash, STORE_HASH_SIZE, SQLITE_STATIC)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "insert_audit");
	} else {
		ret = sq_step_done(s, st, "insert_audit");
		/* Another appender took this seq (only possible outside a write
		 * transaction): retrying on the new tail fixes it. */
		if (ret == STORE_HARD &&
		    sqlite3_extended_errcode(sq_of(s)->db) == SQLITE_CONSTRAINT_UNIQUE)
			ret = STORE_SOFT;
	}
	sq_done(st);
	return ret;
}

/* Copies a hash column; false when it is NULL or not 32 bytes. */
static bool column_hash(sqlite3_stmt *st, int i, unsigned char out[STORE_HASH_SIZE])
{
	memset(out, 0, STORE_HASH_SIZE);
	if (sqlite3_column_type(st, i) != SQLITE_BLOB ||
	    sqlite3_column_bytes(st, i) != STORE_HASH_SIZE)
		return false;
	memcpy(out, sqlite3_column_blob(st, i), STORE_HASH_SIZE);
	return true;
}

int sq_audit_tail(struct store *s, int64_t *seq, unsigned char row_hash[STORE_HASH_SIZE])
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_AUDIT_TAIL, SQL_AUDIT_TAIL, &st);
	if (ret < 0)
		return ret;
	ret = sq_step_row(s, st, "audit_tail");
	if (ret == STORE_ONE) {
		*seq = sqlite3_column_int64(st, 0);
		ret = column_hash(st, 1, row_hash)
			      ? STORE_ONE
			      : sq_hard(s, "audit_tail: stored hash is malformed");
	}
	sq_done(st);
	return ret;
}

static const char *column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int audit_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_each *each = cls;
	struct store_audit a = {
		.id = sqlite3_column_int64(st, 0),
		.seq = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1),
		.at = sqlite3_column_int64(st, 2),
		.actor = column_text(st, 3),
		.org = column_text(st, 4),
		.role = column_text(st, 5),
		.action = column_text(st, 6),
		.object_type = column_text(st, 7),
		.object_id = column_text(st, 8),
		.purpose = column_text(st, 9),
		.outcome = column_text(st, 10),
		.request_id = column_text(st, 11),
	};
	bool p = column_hash(st, 12, a.prev_hash);
	bool r = column_hash(st, 13, a.row_hash);
	(void)s;
	a.hashes_ok = p && r;
	return each->cb.audit(each->cls, &a);
}

int sq_iterate_audit(struct store *s, bool legacy, int64_t after, int64_t from_at, int64_t to_at,
		     int64_t limit, store_audit_cb cb, void *cb_cls)
{
	sqlite3_stmt *st;
	int ret = legacy ? sq_stmt(s, SQ_AUDIT_ITER_LEGACY, SQL_AUDIT_ITER_LEGACY, &st)
			 : sq_stmt(s, SQ_AUDIT_ITER_CHAIN, SQL_AUDIT_ITER_CHAIN, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, after) | sqlite3_bind_int64(st, 2, from_at) |
	     sqlite3_bind_int64(st, 3, to_at) |
	     sqlite3_bind_int64(st, 4, limit > 0 ? limit : -1)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "iterate_audit");
		goto cleanup;
	}
	struct store_each each = {.cb.audit = cb, .cls = cb_cls};
	ret = sq_each_row(s, st, "iterate_audit", audit_row, &each);
cleanup:
	sq_done(st);
	return ret;
}
