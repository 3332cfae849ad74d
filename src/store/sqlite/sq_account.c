/* Staff accounts and bearer tokens (SQLite). Passwords arrive hashed
 * (argon2id, app/account.c) and tokens as their SHA-256: neither secret
 * ever reaches this file. */
#include "store/sqlite/sq.h"

#include <string.h>

static const char SQL_USER_INSERT[] =
	"INSERT INTO user_account (org, role, email, password_hash, must_change_password, "
	"created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (email) DO NOTHING";

static const char SQL_USER_BY_EMAIL[] =
	"SELECT id, org, role, email, password_hash, must_change_password, created_at, "
	"disabled_at FROM user_account WHERE email = ?1";

static const char SQL_TOKEN_INSERT[] =
	"INSERT INTO api_token (user_id, token_hash, created_at) VALUES (?1, ?2, ?3)";

static const char SQL_TOKEN_BY_HASH[] =
	"SELECT id, user_id, token_hash, created_at, last_used_at, revoked_at "
	"FROM api_token WHERE token_hash = ?1";

int sq_read_user(struct store *s, sqlite3_stmt *st, int c, struct store_user *out)
{
	if (sq_column_copy(st, c + 1, out->org, sizeof out->org) < 0 ||
	    sq_column_copy(st, c + 2, out->role, sizeof out->role) < 0 ||
	    sq_column_copy(st, c + 3, out->email, sizeof out->email) < 0 ||
	    sq_column_copy(st, c + 4, out->password_hash, sizeof out->password_hash) < 0)
		return sq_hard(s, "user_account: stored row is malformed");
	out->id = sqlite3_column_int64(st, c);
	out->must_change_password = sqlite3_column_int(st, c + 5) != 0;
	out->created_at = sqlite3_column_int64(st, c + 6);
	out->disabled_at = sqlite3_column_int64(st, c + 7); /* NULL reads as 0 */
	return STORE_ONE;
}

static bool terminated(const char *buf, size_t cap)
{
	return strnlen(buf, cap) < cap;
}

int sq_insert_user(struct store *s, struct store_user *u)
{
	sqlite3_stmt *st = NULL;
	if (!terminated(u->org, sizeof u->org) || !terminated(u->role, sizeof u->role) ||
	    !terminated(u->email, sizeof u->email) ||
	    !terminated(u->password_hash, sizeof u->password_hash))
		return sq_hard(s, "insert_user: a field is not terminated");
	int ret = sq_stmt(s, SQ_USER_INSERT, SQL_USER_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sq_bind_text(st, 1, u->org) | sq_bind_text(st, 2, u->role) |
	     sq_bind_text(st, 3, u->email) | sq_bind_text(st, 4, u->password_hash) |
	     sqlite3_bind_int(st, 5, u->must_change_password ? 1 : 0) |
	     sqlite3_bind_int64(st, 6, u->created_at)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "insert_user");
		goto cleanup;
	}
	ret = sq_step_insert(s, st, "insert_user", &u->id);
cleanup:
	sq_done(st);
	return ret;
}

int sq_get_user_by_email(struct store *s, const char *email, struct store_user *out)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_USER_BY_EMAIL, SQL_USER_BY_EMAIL, &st);
	if (ret < 0)
		return ret;
	if (sq_bind_text(st, 1, email) != SQLITE_OK) {
		ret = sq_bind_fail(s, "get_user_by_email");
		goto cleanup;
	}
	ret = sq_step_row(s, st, "get_user_by_email");
	if (ret == STORE_ONE)
		ret = sq_read_user(s, st, 0, out);
cleanup:
	sq_done(st);
	return ret;
}

int sq_insert_token(struct store *s, struct store_token *t)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_TOKEN_INSERT, SQL_TOKEN_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, t->user_id) |
	     sqlite3_bind_blob(st, 2, t->token_hash, STORE_HASH_SIZE, SQLITE_STATIC) |
	     sqlite3_bind_int64(st, 3, t->created_at)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "insert_token");
		goto cleanup;
	}
	ret = sq_step_insert(s, st, "insert_token", &t->id);
	if (ret == STORE_NONE)
		ret = sq_hard(s, "insert_token: no row inserted");
cleanup:
	sq_done(st);
	return ret;
}

int sq_get_token_by_hash(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
			 struct store_token *out)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_TOKEN_BY_HASH, SQL_TOKEN_BY_HASH, &st);
	if (ret < 0)
		return ret;
	if (sqlite3_bind_blob(st, 1, hash, STORE_HASH_SIZE, SQLITE_STATIC) != SQLITE_OK) {
		ret = sq_bind_fail(s, "get_token_by_hash");
		goto cleanup;
	}
	ret = sq_step_row(s, st, "get_token_by_hash");
	if (ret != STORE_ONE)
		goto cleanup;
	if (sqlite3_column_type(st, 2) != SQLITE_BLOB ||
	    sqlite3_column_bytes(st, 2) != STORE_HASH_SIZE) {
		ret = sq_hard(s, "api_token: stored row is malformed");
		goto cleanup;
	}
	out->id = sqlite3_column_int64(st, 0);
	out->user_id = sqlite3_column_int64(st, 1);
	memcpy(out->token_hash, sqlite3_column_blob(st, 2), STORE_HASH_SIZE);
	out->created_at = sqlite3_column_int64(st, 3);
	out->last_used_at = sqlite3_column_int64(st, 4);
	out->revoked_at = sqlite3_column_int64(st, 5);
cleanup:
	sq_done(st);
	return ret;
}
