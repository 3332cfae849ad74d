/* Staff accounts and bearer tokens (PostgreSQL). Passwords arrive hashed
 * (argon2id, app/account.c) and tokens as their SHA-256: neither secret
 * ever reaches this file. */
#include "store/pg/pg.h"

#include <string.h>

static const char SQL_USER_INSERT[] =
	"INSERT INTO user_account (org, role, email, password_hash, must_change_password, "
	"created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING RETURNING id";

static const char SQL_USER_BY_EMAIL[] =
	"SELECT id, org, role, email, password_hash, must_change_password, created_at, "
	"disabled_at FROM user_account WHERE email = $1";

static const char SQL_TOKEN_INSERT[] =
	"INSERT INTO api_token (user_id, token_hash, created_at) VALUES ($1, $2, $3) RETURNING id";

static const char SQL_TOKEN_BY_HASH[] =
	"SELECT id, user_id, token_hash, created_at, last_used_at, revoked_at "
	"FROM api_token WHERE token_hash = $1";

int pg_read_user(struct store *s, const PGresult *res, int row, int c, struct store_user *out)
{
	if (pg_get_int(res, row, c, &out->id) < 0 ||
	    pg_value_copy(res, row, c + 1, out->org, sizeof out->org) < 0 ||
	    pg_value_copy(res, row, c + 2, out->role, sizeof out->role) < 0 ||
	    pg_value_copy(res, row, c + 3, out->email, sizeof out->email) < 0 ||
	    pg_value_copy(res, row, c + 4, out->password_hash, sizeof out->password_hash) < 0 ||
	    PQgetisnull(res, row, c + 5) || pg_get_int(res, row, c + 6, &out->created_at) < 0 ||
	    pg_get_opt_int(res, row, c + 7, &out->disabled_at) < 0)
		return pg_hard(s, "user_account: stored row is malformed");
	out->must_change_password = strcmp(PQgetvalue(res, row, c + 5), "t") == 0;
	return STORE_ONE;
}

static bool terminated(const char *buf, size_t cap)
{
	return strnlen(buf, cap) < cap;
}

int pg_insert_user(struct store *s, struct store_user *u)
{
	struct pg_params pp = {0};
	if (!terminated(u->org, sizeof u->org) || !terminated(u->role, sizeof u->role) ||
	    !terminated(u->email, sizeof u->email) ||
	    !terminated(u->password_hash, sizeof u->password_hash))
		return pg_hard(s, "insert_user: a field is not terminated");
	pg_p_text(&pp, u->org);
	pg_p_text(&pp, u->role);
	pg_p_text(&pp, u->email);
	pg_p_text(&pp, u->password_hash);
	pg_p_text(&pp, u->must_change_password ? "true" : "false");
	pg_p_int(&pp, u->created_at);
	return pg_exec_int(s, PG_USER_INSERT, SQL_USER_INSERT, &pp, "insert_user", &u->id);
}

int pg_get_user_by_email(struct store *s, const char *email, struct store_user *out)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_text(&pp, email);
	int ret = pg_exec(s, PG_USER_BY_EMAIL, SQL_USER_BY_EMAIL, &pp, "get_user_by_email", &res);
	if (ret < 0)
		return ret;
	ret = PQntuples(res) == 0 ? STORE_NONE : pg_read_user(s, res, 0, 0, out);
	PQclear(res);
	return ret;
}

int pg_insert_token(struct store *s, struct store_token *t)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, t->user_id);
	pg_p_bytes(&pp, t->token_hash, STORE_HASH_SIZE);
	pg_p_int(&pp, t->created_at);
	int ret = pg_exec_int(s, PG_TOKEN_INSERT, SQL_TOKEN_INSERT, &pp, "insert_token", &t->id);
	return ret == STORE_NONE ? pg_hard(s, "insert_token: no row inserted") : ret;
}

int pg_get_token_by_hash(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
			 struct store_token *out)
{
	struct pg_params pp = {0};
	PGresult *res;
	size_t n = 0;
	pg_p_bytes(&pp, hash, STORE_HASH_SIZE);
	int ret = pg_exec(s, PG_TOKEN_BY_HASH, SQL_TOKEN_BY_HASH, &pp, "get_token_by_hash", &res);
	if (ret < 0)
		return ret;
	if (PQntuples(res) == 0)
		ret = STORE_NONE;
	else if (pg_get_int(res, 0, 0, &out->id) < 0 || pg_get_int(res, 0, 1, &out->user_id) < 0 ||
		 pg_get_bytes(res, 0, 2, out->token_hash, STORE_HASH_SIZE, &n) < 0 ||
		 n != STORE_HASH_SIZE || pg_get_int(res, 0, 3, &out->created_at) < 0 ||
		 pg_get_opt_int(res, 0, 4, &out->last_used_at) < 0 ||
		 pg_get_opt_int(res, 0, 5, &out->revoked_at) < 0)
		ret = pg_hard(s, "api_token: stored row is malformed");
	PQclear(res);
	return ret;
}
