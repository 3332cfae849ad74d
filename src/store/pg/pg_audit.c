/* The audit log, a hash chain (PostgreSQL). The hashes are computed by the
 * app (app/audit.c); here they are only stored and read back. */
#include "store/pg/pg.h"

#include <string.h>

static const char SQL_AUDIT_INSERT[] =
	"INSERT INTO audit_event (at, actor, org, role, action, object_type, object_id, "
	"purpose, outcome, request_id, seq, prev_hash, row_hash) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

static const char SQL_AUDIT_TAIL[] = "SELECT seq, row_hash FROM audit_event "
				     "WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1";

#define AUDIT_COLUMNS                                                                              \
	"SELECT id, seq, at, actor, org, role, action, object_type, object_id, purpose, "          \
	"outcome, request_id, prev_hash, row_hash FROM audit_event "

static const char SQL_AUDIT_ITER_LEGACY[] =
	AUDIT_COLUMNS "WHERE seq IS NULL AND id > $1 AND at BETWEEN $2 AND $3 "
		      "ORDER BY id LIMIT $4";

static const char SQL_AUDIT_ITER_CHAIN[] =
	AUDIT_COLUMNS "WHERE seq > $1 AND at BETWEEN $2 AND $3 ORDER BY seq LIMIT $4";

int pg_insert_audit(struct store *s, const struct store_audit *a)
{
	struct pg_params pp = {0};
	if (a->seq < 1)
		return pg_hard(s, "insert_audit: the event has no place in the chain");
	pg_p_int(&pp, a->at);
	pg_p_text(&pp, a->actor);
	pg_p_opt_text(&pp, a->org);
	pg_p_opt_text(&pp, a->role);
	pg_p_text(&pp, a->action);
	pg_p_text(&pp, a->object_type);
	pg_p_text(&pp, a->object_id);
	pg_p_text(&pp, a->purpose);
	pg_p_text(&pp, a->outcome);
	pg_p_opt_text(&pp, a->request_id);
	pg_p_int(&pp, a->seq);
	pg_p_bytes(&pp, a->prev_hash, STORE_HASH_SIZE);
	pg_p_bytes(&pp, a->row_hash, STORE_HASH_SIZE);
	int ret = pg_exec_done(s, PG_AUDIT_INSERT, SQL_AUDIT_INSERT, &pp, "insert_audit", NULL);
	/* A unique violation here can only be a seq a concurrent appender took
	 * first (SERIALIZABLE normally reports that as 40001 already): retrying
	 * the transaction on the new tail fixes it. */
	if (ret == STORE_HARD && strstr(s->errmsg, "(SQLSTATE 23505)"))
		ret = STORE_SOFT;
	return ret;
}

/* A hash column; false when it is NULL or not 32 bytes. */
static bool get_hash(const PGresult *res, int row, int col, unsigned char out[STORE_HASH_SIZE])
{
	size_t n = 0;
	memset(out, 0, STORE_HASH_SIZE);
	return pg_get_bytes(res, row, col, out, STORE_HASH_SIZE, &n) == 0 && n == STORE_HASH_SIZE;
}

int pg_audit_tail(struct store *s, int64_t *seq, unsigned char row_hash[STORE_HASH_SIZE])
{
	PGresult *res;
	int ret = pg_exec(s, PG_AUDIT_TAIL, SQL_AUDIT_TAIL, NULL, "audit_tail", &res);
	if (ret < 0)
		return ret;
	if (PQntuples(res) == 0)
		ret = STORE_NONE;
	else if (pg_get_int(res, 0, 0, seq) < 0 || !get_hash(res, 0, 1, row_hash))
		ret = pg_hard(s, "audit_tail: stored row is malformed");
	PQclear(res);
	return ret;
}

static int audit_row(struct store *s, const PGresult *res, int i, void *cls)
{
	struct store_each *each = cls;
	struct store_audit a = {
		.actor = pg_get_opt_text(res, i, 3),
		.org = pg_get_opt_text(res, i, 4),
		.role = pg_get_opt_text(res, i, 5),
		.action = pg_get_opt_text(res, i, 6),
		.object_type = pg_get_opt_text(res, i, 7),
		.object_id = pg_get_opt_text(res, i, 8),
		.purpose = pg_get_opt_text(res, i, 9),
		.outcome = pg_get_opt_text(res, i, 10),
		.request_id = pg_get_opt_text(res, i, 11),
	};
	if (pg_get_int(res, i, 0, &a.id) < 0 || pg_get_int(res, i, 2, &a.at) < 0 ||
	    (!PQgetisnull(res, i, 1) && pg_get_int(res, i, 1, &a.seq) < 0))
		return pg_hard(s, "iterate_audit: stored row is malformed");
	bool p = get_hash(res, i, 12, a.prev_hash);
	bool r = get_hash(res, i, 13, a.row_hash);
	a.hashes_ok = p && r;
	return each->cb.audit(each->cls, &a);
}

int pg_iterate_audit(struct store *s, bool legacy, int64_t after, int64_t from_at, int64_t to_at,
		     int64_t limit, store_audit_cb cb, void *cb_cls)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_int(&pp, after);
	pg_p_int(&pp, from_at);
	pg_p_int(&pp, to_at);
	if (limit > 0)
		pg_p_int(&pp, limit);
	else
		pg_p_null(&pp); /* LIMIT NULL: no limit */
	int ret = legacy ? pg_exec(s, PG_AUDIT_ITER_LEGACY, SQL_AUDIT_ITER_LEGACY, &pp,
				   "iterate_audit", &res)
			 : pg_exec(s, PG_AUDIT_ITER_CHAIN, SQL_AUDIT_ITER_CHAIN, &pp,
				   "iterate_audit", &res);
	if (ret < 0)
		return ret;
	struct store_each each = {.cb.audit = cb, .cls = cb_cls};
	ret = pg_each_row(s, res, audit_row, &each);
	PQclear(res);
	return ret;
}
