/* Staff sessions, sign-in throttling and password changes (SQLite).
 * Session ids arrive as their SHA-256 and passwords as argon2id hashes
 * (app/session.c): no secret reaches this file. */
#include "store/sqlite/sq.h"

#include <string.h>

static const char SQL_SESSION_INSERT[] =
	"INSERT INTO staff_session (id_hash, user_id, csrf, created_at, last_seen_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5)";

/* The user's columns in the order sq_read_user reads them; the password
 * hash is not needed and not read. */
static const char SQL_SESSION_BY_HASH[] =
	"SELECT u.id, u.org, u.role, u.email, '', u.must_change_password, u.created_at, "
	"u.disabled_at, s.id, s.csrf, s.created_at, s.last_seen_at "
	"FROM staff_session s JOIN user_account u ON u.id = s.user_id WHERE s.id_hash = ?1";

static const char SQL_SESSION_TOUCH[] = "UPDATE staff_session SET last_seen_at = ?2 WHERE id = ?1";
static const char SQL_SESSION_DELETE[] = "DELETE FROM staff_session WHERE id = ?1";
static const char SQL_SESSION_DELETE_USER[] =
	"DELETE FROM staff_session WHERE user_id = ?1 AND id <> ?2";
static const char SQL_SESSION_PURGE[] =
	"DELETE FROM staff_session WHERE last_seen_at < ?1 OR created_at < ?2";

static const char SQL_THROTTLE_GET[] =
	"SELECT failures, last_failure_at, locked_until FROM signin_throttle WHERE key = ?1";
static const char SQL_THROTTLE_PUT[] =
	"INSERT INTO signin_throttle (key, failures, last_failure_at, locked_until) "
	"VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
	"last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until";
static const char SQL_THROTTLE_DELETE[] = "DELETE FROM signin_throttle WHERE key = ?1";

static const char SQL_USER_SET_PASSWORD[] =
	"UPDATE user_account SET password_hash = ?2, must_change_password = ?3 WHERE id = ?1";

/* Runs a statement with its bindings made by bind; STORE_ONE when it
 * changed a row, STORE_NONE when none, or an error. */
static int run_change(struct store *s, sqlite3_stmt *st, int bound, const char *what)
{
	int ret;
	if (bound != SQLITE_OK)
		ret = sq_bind_fail(s, what);
	else if ((ret = sq_step_done(s, st, what)) == STORE_ONE)
		ret = sqlite3_changes(sq_of(s)->db) > 0 ? STORE_ONE : STORE_NONE;
	sq_done(st);
	return ret;
}

int sq_insert_session(struct store *s, struct store_session *ss)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_SESSION_INSERT, SQL_SESSION_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_blob(st, 1, ss->id_hash, STORE_HASH_SIZE, SQLITE_STATIC) |
	     sqlite3_bind_int64(st, 2, ss->user_id) |
	     sqlite3_bind_blob(st, 3, ss->csrf, STORE_HASH_SIZE, SQLITE_STATIC) |
	     sqlite3_bind_int64(st, 4, ss->created_at) |
	     sqlite3_bind_int64(st, 5, ss->last_seen_at)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "insert_session");
		goto cleanup;
	}
	ret = sq_step_insert(s, st, "insert_session", &ss->id);
	if (ret == STORE_NONE)
		ret = sq_hard(s, "insert_session: no row inserted");
cleanup:
	sq_done(st);
	return ret;
}

static bool blob32(sqlite3_stmt *st, int c)
{
	return sqlite3_column_type(st, c) == SQLITE_BLOB &&
	       sqlite3_column_bytes(st, c) == STORE_HASH_SIZE;
}

int sq_get_session_by_hash(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
			   struct store_session *out, struct store_user *user)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_SESSION_BY_HASH, SQL_SESSION_BY_HASH, &st);
	if (ret < 0)
		return ret;
	if (sqlite3_bind_blob(st, 1, hash, STORE_HASH_SIZE, SQLITE_STATIC) != SQLITE_OK) {
		ret = sq_bind_fail(s, "get_session_by_hash");
		goto cleanup;
	}
	ret = sq_step_row(s, st, "get_session_by_hash");
	if (ret != STORE_ONE)
		goto cleanup;
	if (!blob32(st, 9)) {
		ret = sq_hard(s, "staff_session: stored row is malformed");
	} else if ((ret = sq_read_user(s, st, 0, user)) == STORE_ONE) {
		memcpy(out->id_hash, hash, STORE_HASH_SIZE);
		out->user_id = user->id;
		out->id = sqlite3_column_int64(st, 8);
		memcpy(out->csrf, sqlite3_column_blob(st, 9), STORE_HASH_SIZE);
		out->created_at = sqlite3_column_int64(st, 10);
		out->last_seen_at = sqlite3_column_int64(st, 11);
	}
cleanup:
	sq_done(st);
	return ret;
}

int sq_touch_session(struct store *s, int64_t id, int64_t last_seen_at)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_SESSION_TOUCH, SQL_SESSION_TOUCH, &st);
	if (ret < 0)
		return ret;
	return run_change(s, st,
			  sqlite3_bind_int64(st, 1, id) | sqlite3_bind_int64(st, 2, last_seen_at),
			  "touch_session");
}

int sq_delete_session(struct store *s, int64_t id)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_SESSION_DELETE, SQL_SESSION_DELETE, &st);
	if (ret < 0)
		return ret;
	return run_change(s, st, sqlite3_bind_int64(st, 1, id), "delete_session");
}

int sq_delete_user_sessions(struct store *s, int64_t user_id, int64_t keep_id)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_SESSION_DELETE_USER, SQL_SESSION_DELETE_USER, &st);
	if (ret < 0)
		return ret;
	return run_change(s, st,
			  sqlite3_bind_int64(st, 1, user_id) | sqlite3_bind_int64(st, 2, keep_id),
			  "delete_user_sessions");
}

int sq_purge_sessions(struct store *s, int64_t idle_before, int64_t created_before, int64_t *n)
{
	sqlite3_stmt *st;
	*n = 0;
	int ret = sq_stmt(s, SQ_SESSION_PURGE, SQL_SESSION_PURGE, &st);
	if (ret < 0)
		return ret;
	ret = run_change(s, st,
			 sqlite3_bind_int64(st, 1, idle_before) |
				 sqlite3_bind_int64(st, 2, created_before),
			 "purge_sessions");
	if (ret == STORE_ONE)
		*n = sqlite3_changes(sq_of(s)->db);
	return ret < 0 ? ret : STORE_ONE;
}

int sq_get_throttle(struct store *s, const unsigned char key[STORE_HASH_SIZE],
		    struct store_throttle *out)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_THROTTLE_GET, SQL_THROTTLE_GET, &st);
	if (ret < 0)
		return ret;
	if (sqlite3_bind_blob(st, 1, key, STORE_HASH_SIZE, SQLITE_STATIC) != SQLITE_OK) {
		ret = sq_bind_fail(s, "get_throttle");
		goto cleanup;
	}
	ret = sq_step_row(s, st, "get_throttle");
	if (ret == STORE_ONE) {
		memcpy(out->key, key, STORE_HASH_SIZE);
		out->failures = sqlite3_column_int64(st, 0);
		out->last_failure_at = sqlite3_column_int64(st, 1);
		out->locked_until = sqlite3_column_int64(st, 2);
	}
cleanup:
	sq_done(st);
	return ret;
}

int sq_put_throttle(struct store *s, const struct store_throttle *t)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_THROTTLE_PUT, SQL_THROTTLE_PUT, &st);
	if (ret < 0)
		return ret;
	return run_change(s, st,
			  sqlite3_bind_blob(st, 1, t->key, STORE_HASH_SIZE, SQLITE_STATIC) |
				  sqlite3_bind_int64(st, 2, t->failures) |
				  sqlite3_bind_int64(st, 3, t->last_failure_at) |
				  sqlite3_bind_int64(st, 4, t->locked_until),
			  "put_throttle");
}

int sq_delete_throttle(struct store *s, const unsigned char key[STORE_HASH_SIZE])
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_THROTTLE_DELETE, SQL_THROTTLE_DELETE, &st);
	if (ret < 0)
		return ret;
	return run_change(s, st, sqlite3_bind_blob(st, 1, key, STORE_HASH_SIZE, SQLITE_STATIC),
			  "delete_throttle");
}

int sq_set_user_password(struct store *s, int64_t user_id, const char *password_hash,
			 bool must_change)
{
	sqlite3_stmt *st;
	if (strnlen(password_hash, STORE_PWHASH_MAX + 1) > STORE_PWHASH_MAX)
		return sq_hard(s, "set_user_password: hash too long");
	int ret = sq_stmt(s, SQ_USER_SET_PASSWORD, SQL_USER_SET_PASSWORD, &st);
	if (ret < 0)
		return ret;
	return run_change(s, st,
			  sqlite3_bind_int64(st, 1, user_id) | sq_bind_text(st, 2, password_hash) |
				  sqlite3_bind_int(st, 3, must_change ? 1 : 0),
			  "set_user_password");
}
