/* The JSON API's reads and writes (PostgreSQL): a token with its user, the
 * route detail in one read, its events, consent records, a person by the
 * keyed hash of the BSN, and an organisation's users. */
#include "store/pg/pg.h"

#include <string.h>

static const char SQL_TOKEN_USER[] =
	"SELECT t.id, t.user_id, t.created_at, t.last_used_at, t.revoked_at, u.org, u.role, "
	"u.email, u.must_change_password, u.created_at, u.disabled_at, o.kind "
	"FROM api_token AS t JOIN user_account AS u ON u.id = t.user_id "
	"JOIN organisation AS o ON o.code = u.org WHERE t.token_hash = $1";

/* The consent check is a subquery, so the route detail costs one read. */
static const char SQL_ROUTE_VIEW[] =
	"SELECT r.id, r.person_id, r.benefit_id, r.org, r.gemeente, r.phase, r.opened_on, "
	"p.family_name, p.given_names, p.birth_date, b.start_date, b.end_date, "
	"EXISTS (SELECT 1 FROM consent AS c WHERE c.person_id = r.person_id "
	"AND c.to_org = $2::text AND c.given_at <= $3::bigint AND c.withdrawn_at IS NULL "
	"AND (c.expires_at IS NULL OR c.expires_at > $3::bigint)) "
	"FROM route AS r JOIN person AS p ON p.id = r.person_id "
	"JOIN ww_benefit AS b ON b.id = r.benefit_id WHERE r.id = $1";

static const char SQL_ROUTE_EVENTS[] = "SELECT id, at, kind, actor, data FROM route_event "
				       "WHERE route_id = $1 AND id > $2 ORDER BY id LIMIT $3";

static const char SQL_ROUTE_PHASE[] = "UPDATE route SET phase = $2 WHERE id = $1";

static const char SQL_CONSENT_INSERT[] =
	"INSERT INTO consent (person_id, from_org, to_org, purpose, given_at, expires_at, "
	"withdrawn_at, source, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";

static const char SQL_CONSENT_HAS[] =
	"SELECT 1 FROM consent WHERE person_id = $1 AND to_org = $2 AND given_at <= $3 "
	"AND withdrawn_at IS NULL AND (expires_at IS NULL OR expires_at > $3) LIMIT 1";

static const char SQL_PERSON_BY_INDEX[] =
	"SELECT p.id, p.gemeente, coalesce((SELECT b.org FROM ww_benefit AS b "
	"WHERE b.person_id = p.id ORDER BY b.start_date DESC, b.id DESC LIMIT 1), ''), "
	"coalesce((SELECT r.id FROM route AS r WHERE r.person_id = p.id "
	"ORDER BY r.id DESC LIMIT 1), 0) "
	"FROM person AS p WHERE p.bsn_index = $1";

static const char SQL_USER_ITERATE[] =
	"SELECT id, org, role, email, must_change_password, created_at, disabled_at "
	"FROM user_account WHERE org = $1 AND id > $2 ORDER BY id LIMIT $3";

static const char SQL_BENEFIT_VIEW[] =
	"SELECT b.id, b.person_id, coalesce(r.id, 0), b.org, p.gemeente, b.start_date, "
	"b.end_date, coalesce(b.daily_wage_cents, -1), "
	"EXISTS (SELECT 1 FROM consent AS c WHERE c.person_id = b.person_id "
	"AND c.to_org = $2::text AND c.given_at <= $3::bigint AND c.withdrawn_at IS NULL "
	"AND (c.expires_at IS NULL OR c.expires_at > $3::bigint)) "
	"FROM ww_benefit AS b JOIN person AS p ON p.id = b.person_id "
	"LEFT JOIN route AS r ON r.benefit_id = b.id WHERE b.id = $1";

static bool get_bool(const PGresult *res, int row, int col)
{
	return !PQgetisnull(res, row, col) && PQgetvalue(res, row, col)[0] == 't';
}

int pg_get_token_user(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
		      struct store_token *t, struct store_user *u, enum org_kind *kind)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_bytes(&pp, hash, STORE_HASH_SIZE);
	int ret = pg_exec(s, PG_TOKEN_USER, SQL_TOKEN_USER, &pp, "get_token_user", &res);
	if (ret < 0)
		return ret;
	memset(u, 0, sizeof *u);
	if (PQntuples(res) == 0)
		ret = STORE_NONE;
	else if (pg_get_int(res, 0, 0, &t->id) < 0 || pg_get_int(res, 0, 1, &t->user_id) < 0 ||
		 pg_get_int(res, 0, 2, &t->created_at) < 0 ||
		 pg_get_opt_int(res, 0, 3, &t->last_used_at) < 0 ||
		 pg_get_opt_int(res, 0, 4, &t->revoked_at) < 0 ||
		 pg_value_copy(res, 0, 5, u->org, sizeof u->org) < 0 ||
		 pg_value_copy(res, 0, 6, u->role, sizeof u->role) < 0 ||
		 pg_value_copy(res, 0, 7, u->email, sizeof u->email) < 0 ||
		 pg_get_int(res, 0, 9, &u->created_at) < 0 ||
		 pg_get_opt_int(res, 0, 10, &u->disabled_at) < 0 ||
		 org_kind_parse(PQgetvalue(res, 0, 11), kind) < 0)
		ret = pg_hard(s, "api_token: stored row is malformed");
	else {
		memcpy(t->token_hash, hash, STORE_HASH_SIZE);
		u->id = t->user_id;
		u->must_change_password = get_bool(res, 0, 8);
	}
	PQclear(res);
	return ret;
}

/* Runs a view statement ($1 the object, $2 the viewer's organisation, $3
 * the moment): STORE_ONE with *res holding its row, STORE_NONE (no row;
 * *res cleared), or an error. The caller clears *res after STORE_ONE. */
static int view_row(struct store *s, enum pg_stmt id, const char *sql, int64_t object,
		    const char *viewer, int64_t at, const char *what, PGresult **res)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, object);
	pg_p_text(&pp, viewer);
	pg_p_int(&pp, at);
	int ret = pg_exec(s, id, sql, &pp, what, res);
	if (ret < 0)
		return ret;
	if (PQntuples(*res) == 0) {
		PQclear(*res);
		*res = NULL;
		return STORE_NONE;
	}
	return STORE_ONE;
}

int pg_get_route_view(struct store *s, int64_t route_id, const char *viewer_org, int64_t at,
		      store_route_view_cb cb, void *cb_cls)
{
	PGresult *res;
	int ret = view_row(s, PG_ROUTE_VIEW, SQL_ROUTE_VIEW, route_id, viewer_org, at,
			   "get_route_view", &res);
	if (ret != STORE_ONE)
		return ret;
	struct store_route_view v = {
		.org = PQgetvalue(res, 0, 3),
		.gemeente = PQgetvalue(res, 0, 4),
		.phase = PQgetvalue(res, 0, 5),
		.family_name = PQgetvalue(res, 0, 7),
		.given_names = PQgetvalue(res, 0, 8),
		.consent = get_bool(res, 0, 12),
	};
	if (pg_get_int(res, 0, 0, &v.id) < 0 || pg_get_int(res, 0, 1, &v.person_id) < 0 ||
	    pg_get_int(res, 0, 2, &v.benefit_id) < 0 || pg_get_date(res, 0, 6, &v.opened_on) < 0 ||
	    pg_get_date(res, 0, 9, &v.birth_date) < 0 || pg_get_date(res, 0, 10, &v.ww_start) < 0 ||
	    pg_get_date(res, 0, 11, &v.ww_end) < 0)
		ret = pg_hard(s, "route: stored row is malformed");
	else
		ret = cb(cb_cls, &v);
	PQclear(res);
	return ret;
}

static int event_row(struct store *s, const PGresult *res, int i, void *cls)
{
	struct store_each *each = cls;
	struct store_event_row e = {
		.kind = PQgetvalue(res, i, 2),
		.actor = PQgetvalue(res, i, 3),
		.data = PQgetvalue(res, i, 4),
	};
	if (pg_get_int(res, i, 0, &e.id) < 0 || pg_get_int(res, i, 1, &e.at) < 0)
		return pg_hard(s, "route_event: stored row is malformed");
	return each->cb.event(each->cls, &e);
}

int pg_iterate_route_events(struct store *s, int64_t route_id, int64_t after_id, int64_t limit,
			    store_event_cb cb, void *cb_cls)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_int(&pp, route_id);
	pg_p_int(&pp, after_id);
	pg_p_int(&pp, limit);
	int ret = pg_exec(s, PG_ROUTE_EVENTS, SQL_ROUTE_EVENTS, &pp, "iterate_route_events", &res);
	if (ret < 0)
		return ret;
	struct store_each each = {.cb.event = cb, .cls = cb_cls};
	ret = pg_each_row(s, res, event_row, &each);
	PQclear(res);
	return ret;
}

int pg_update_route_phase(struct store *s, int64_t route_id, const char *phase)
{
	struct pg_params pp = {0};
	int64_t n = 0;
	pg_p_int(&pp, route_id);
	pg_p_text(&pp, phase);
	int ret = pg_exec_done(s, PG_ROUTE_PHASE, SQL_ROUTE_PHASE, &pp, "update_route_phase", &n);
	if (ret == STORE_ONE && n == 0)
		ret = STORE_NONE;
	return ret;
}

int pg_insert_consent(struct store *s, struct store_consent *c)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, c->person_id);
	pg_p_text(&pp, c->from_org);
	pg_p_text(&pp, c->to_org);
	pg_p_text(&pp, c->purpose);
	pg_p_int(&pp, c->given_at);
	if (c->expires_at)
		pg_p_int(&pp, c->expires_at);
	else
		pg_p_null(&pp);
	if (c->withdrawn_at)
		pg_p_int(&pp, c->withdrawn_at);
	else
		pg_p_null(&pp);
	pg_p_text(&pp, c->source);
	pg_p_text(&pp, c->actor);
	int ret = pg_exec_int(s, PG_CONSENT_INSERT, SQL_CONSENT_INSERT, &pp, "insert_consent",
			      &c->id);
	if (ret == STORE_NONE)
		ret = pg_hard(s, "insert_consent: no row inserted");
	return ret;
}

int pg_has_consent(struct store *s, int64_t person_id, const char *to_org, int64_t at)
{
	struct pg_params pp = {0};
	int64_t one;
	pg_p_int(&pp, person_id);
	pg_p_text(&pp, to_org);
	pg_p_int(&pp, at);
	return pg_exec_int(s, PG_CONSENT_HAS, SQL_CONSENT_HAS, &pp, "has_consent", &one);
}

int pg_find_person(struct store *s, const unsigned char index[STORE_BSN_INDEX_SIZE],
		   int64_t *person_id, int64_t *route_id, char *org, char *gemeente)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_bytes(&pp, index, STORE_BSN_INDEX_SIZE);
	int ret = pg_exec(s, PG_PERSON_BY_INDEX, SQL_PERSON_BY_INDEX, &pp, "find_person", &res);
	if (ret < 0)
		return ret;
	if (PQntuples(res) == 0)
		ret = STORE_NONE;
	else if (pg_get_int(res, 0, 0, person_id) < 0 || pg_get_int(res, 0, 3, route_id) < 0 ||
		 pg_value_copy(res, 0, 1, gemeente, STORE_ORG_CODE_MAX + 1) < 0 ||
		 pg_value_copy(res, 0, 2, org, STORE_ORG_CODE_MAX + 1) < 0)
		ret = pg_hard(s, "person: stored row is malformed");
	PQclear(res);
	return ret;
}

static int user_row(struct store *s, const PGresult *res, int i, void *cls)
{
	struct store_each *each = cls;
	struct store_user u;
	memset(&u, 0, sizeof u);
	if (pg_get_int(res, i, 0, &u.id) < 0 || pg_value_copy(res, i, 1, u.org, sizeof u.org) < 0 ||
	    pg_value_copy(res, i, 2, u.role, sizeof u.role) < 0 ||
	    pg_value_copy(res, i, 3, u.email, sizeof u.email) < 0 ||
	    pg_get_int(res, i, 5, &u.created_at) < 0 ||
	    pg_get_opt_int(res, i, 6, &u.disabled_at) < 0)
		return pg_hard(s, "user_account: stored row is malformed");
	u.must_change_password = get_bool(res, i, 4);
	return each->cb.user(each->cls, &u);
}

int pg_iterate_users(struct store *s, const char *org, int64_t after_id, int64_t limit,
		     store_user_cb cb, void *cb_cls)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_text(&pp, org);
	pg_p_int(&pp, after_id);
	pg_p_int(&pp, limit);
	int ret = pg_exec(s, PG_USER_ITERATE, SQL_USER_ITERATE, &pp, "iterate_users", &res);
	if (ret < 0)
		return ret;
	struct store_each each = {.cb.user = cb, .cls = cb_cls};
	ret = pg_each_row(s, res, user_row, &each);
	PQclear(res);
	return ret;
}

int pg_get_benefit_view(struct store *s, int64_t benefit_id, const char *viewer_org, int64_t at,
			store_benefit_view_cb cb, void *cb_cls)
{
	PGresult *res;
	int ret = view_row(s, PG_BENEFIT_VIEW, SQL_BENEFIT_VIEW, benefit_id, viewer_org, at,
			   "get_benefit_view", &res);
	if (ret != STORE_ONE)
		return ret;
	struct store_benefit_view v = {
		.org = PQgetvalue(res, 0, 3),
		.gemeente = PQgetvalue(res, 0, 4),
		.consent = get_bool(res, 0, 8),
	};
	if (pg_get_int(res, 0, 0, &v.id) < 0 || pg_get_int(res, 0, 1, &v.person_id) < 0 ||
	    pg_get_int(res, 0, 2, &v.route_id) < 0 || pg_get_date(res, 0, 5, &v.start) < 0 ||
	    pg_get_date(res, 0, 6, &v.end) < 0 || pg_get_int(res, 0, 7, &v.daily_wage_cents) < 0)
		ret = pg_hard(s, "ww_benefit: stored row is malformed");
	else
		ret = cb(cb_cls, &v);
	PQclear(res);
	return ret;
}
