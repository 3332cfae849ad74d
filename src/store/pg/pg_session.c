/* Staff sessions, sign-in throttling and password changes (PostgreSQL).
 * Session ids arrive as their SHA-256 and passwords as argon2id hashes
 * (app/session.c): no secret reaches this file. */
#include "store/pg/pg.h"

#include <string.h>

static const char SQL_SESSION_INSERT[] =
	"INSERT INTO staff_session (id_hash, user_id, csrf, created_at, last_seen_at) "
	"VALUES ($1, $2, $3, $4, $5) RETURNING id";

/* The user's columns in the order pg_read_user reads them; the password
 * hash is not needed and not read. */
static const char SQL_SESSION_BY_HASH[] =
	"SELECT u.id, u.org, u.role, u.email, '', u.must_change_password, u.created_at, "
	"u.disabled_at, s.id, s.csrf, s.created_at, s.last_seen_at "
	"FROM staff_session s JOIN user_account u ON u.id = s.user_id WHERE s.id_hash = $1";

static const char SQL_SESSION_TOUCH[] = "UPDATE staff_session SET last_seen_at = $2 WHERE id = $1";
static const char SQL_SESSION_DELETE[] = "DELETE FROM staff_session WHERE id = $1";
static const char SQL_SESSION_DELETE_USER[] =
	"DELETE FROM staff_session WHERE user_id = $1 AND id <> $2";
static const char SQL_SESSION_PURGE[] =
	"DELETE FROM staff_session WHERE last_seen_at < $1 OR created_at < $2";

static const char SQL_THROTTLE_GET[] =
	"SELECT failures, last_failure_at, locked_until FROM signin_throttle WHERE key = $1";
static const char SQL_THROTTLE_PUT[] =
	"INSERT INTO signin_throttle (key, failures, last_failure_at, locked_until) "
	"VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
	"last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until";
static const char SQL_THROTTLE_DELETE[] = "DELETE FROM signin_throttle WHERE key = $1";

static const char SQL_USER_SET_PASSWORD[] =
	"UPDATE user_account SET password_hash = $2, must_change_password = $3 WHERE id = $1";

/* A statement that changes rows: STORE_ONE when it changed one or more,
 * STORE_NONE when none, or an error; *n (may be NULL) the count. */
static int run_change(struct store *s, enum pg_stmt id, const char *sql, const struct pg_params *pp,
		      const char *what, int64_t *n)
{
	int64_t affected = 0;
	int ret = pg_exec_done(s, id, sql, pp, what, &affected);
	if (n)
		*n = affected;
	if (ret < 0)
		return ret;
	return affected > 0 ? STORE_ONE : STORE_NONE;
}

int pg_insert_session(struct store *s, struct store_session *ss)
{
	struct pg_params pp = {0};
	pg_p_bytes(&pp, ss->id_hash, STORE_HASH_SIZE);
	pg_p_int(&pp, ss->user_id);
	pg_p_bytes(&pp, ss->csrf, STORE_HASH_SIZE);
	pg_p_int(&pp, ss->created_at);
	pg_p_int(&pp, ss->last_seen_at);
	int ret = pg_exec_int(s, PG_SESSION_INSERT, SQL_SESSION_INSERT, &pp, "insert_session",
			      &ss->id);
	return ret == STORE_NONE ? pg_hard(s, "insert_session: no row inserted") : ret;
}

int pg_get_session_by_hash(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
			   struct store_session *out, struct store_user *user)
{
	struct pg_params pp = {0};
	PGresult *res;
	size_t n = 0;
	pg_p_bytes(&pp, hash, STORE_HASH_SIZE);
	int ret = pg_exec(s, PG_SESSION_BY_HASH, SQL_SESSION_BY_HASH, &pp, "get_session_by_hash",
			  &res);
	if (ret < 0)
		return ret;
	if (PQntuples(res) == 0) {
		ret = STORE_NONE;
	} else if ((ret = pg_read_user(s, res, 0, 0, user)) == STORE_ONE) {
		if (pg_get_int(res, 0, 8, &out->id) < 0 ||
		    pg_get_bytes(res, 0, 9, out->csrf, STORE_HASH_SIZE, &n) < 0 ||
		    n != STORE_HASH_SIZE || pg_get_int(res, 0, 10, &out->created_at) < 0 ||
		    pg_get_int(res, 0, 11, &out->last_seen_at) < 0) {
			ret = pg_hard(s, "staff_session: stored row is malformed");
		} else {
			memcpy(out->id_hash, hash, STORE_HASH_SIZE);
			out->user_id = user->id;
		}
	}
	PQclear(res);
	return ret;
}

int pg_touch_session(struct store *s, int64_t id, int64_t last_seen_at)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, id);
	pg_p_int(&pp, last_seen_at);
	return run_change(s, PG_SESSION_TOUCH, SQL_SESSION_TOUCH, &pp, "touch_session", NULL);
}

int pg_delete_session(struct store *s, int64_t id)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, id);
	return run_change(s, PG_SESSION_DELETE, SQL_SESSION_DELETE, &pp, "delete_session", NULL);
}

int pg_delete_user_sessions(struct store *s, int64_t user_id, int64_t keep_id)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, user_id);
	pg_p_int(&pp, keep_id);
	return run_change(s, PG_SESSION_DELETE_USER, SQL_SESSION_DELETE_USER, &pp,
			  "delete_user_sessions", NULL);
}

int pg_purge_sessions(struct store *s, int64_t idle_before, int64_t created_before, int64_t *n)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, idle_before);
	pg_p_int(&pp, created_before);
	int ret = run_change(s, PG_SESSION_PURGE, SQL_SESSION_PURGE, &pp, "purge_sessions", n);
	return ret < 0 ? ret : STORE_ONE;
}

int pg_get_throttle(struct store *s, const unsigned char key[STORE_HASH_SIZE],
		    struct store_throttle *out)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_bytes(&pp, key, STORE_HASH_SIZE);
	int ret = pg_exec(s, PG_THROTTLE_GET, SQL_THROTTLE_GET, &pp, "get_throttle", &res);
	if (ret < 0)
		return ret;
	if (PQntuples(res) == 0) {
		ret = STORE_NONE;
	} else if (pg_get_int(res, 0, 0, &out->failures) < 0 ||
		   pg_get_int(res, 0, 1, &out->last_failure_at) < 0 ||
		   pg_get_int(res, 0, 2, &out->locked_until) < 0) {
		ret = pg_hard(s, "signin_throttle: stored row is malformed");
	} else {
		memcpy(out->key, key, STORE_HASH_SIZE);
	}
	PQclear(res);
	return ret;
}

int pg_put_throttle(struct store *s, const struct store_throttle *t)
{
	struct pg_params pp = {0};
	pg_p_bytes(&pp, t->key, STORE_HASH_SIZE);
	pg_p_int(&pp, t->failures);
	pg_p_int(&pp, t->last_failure_at);
	pg_p_int(&pp, t->locked_until);
	return run_change(s, PG_THROTTLE_PUT, SQL_THROTTLE_PUT, &pp, "put_throttle", NULL);
}

int pg_delete_throttle(struct store *s, const unsigned char key[STORE_HASH_SIZE])
{
	struct pg_params pp = {0};
	pg_p_bytes(&pp, key, STORE_HASH_SIZE);
	return run_change(s, PG_THROTTLE_DELETE, SQL_THROTTLE_DELETE, &pp, "delete_throttle", NULL);
}

int pg_set_user_password(struct store *s, int64_t user_id, const char *password_hash,
			 bool must_change)
{
	struct pg_params pp = {0};
	if (strnlen(password_hash, STORE_PWHASH_MAX + 1) > STORE_PWHASH_MAX)
		return pg_hard(s, "set_user_password: hash too long");
	pg_p_int(&pp, user_id);
	pg_p_text(&pp, password_hash);
	pg_p_text(&pp, must_change ? "true" : "false");
	return run_change(s, PG_USER_SET_PASSWORD, SQL_USER_SET_PASSWORD, &pp, "set_user_password",
			  NULL);
}
