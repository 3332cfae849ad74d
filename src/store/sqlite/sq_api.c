/* The JSON API's reads and writes (SQLite): a token with its user, the
 * route detail in one read, its events, consent records, a person by the
 * keyed hash of the BSN, and an organisation's users. */
#include "store/sqlite/sq.h"

#include <string.h>

static const char SQL_TOKEN_USER[] =
	"SELECT t.id, t.user_id, t.created_at, t.last_used_at, t.revoked_at, u.org, u.role, "
	"u.email, u.must_change_password, u.created_at, u.disabled_at, o.kind "
	"FROM api_token AS t JOIN user_account AS u ON u.id = t.user_id "
	"JOIN organisation AS o ON o.code = u.org WHERE t.token_hash = ?1";

/* The consent check is a subquery, so the route detail costs one read. */
static const char SQL_ROUTE_VIEW[] =
	"SELECT r.id, r.person_id, r.benefit_id, r.org, r.gemeente, r.phase, r.opened_on, "
	"p.family_name, p.given_names, p.birth_date, b.start_date, b.end_date, "
	"EXISTS (SELECT 1 FROM consent AS c WHERE c.person_id = r.person_id AND c.to_org = ?2 "
	"AND c.given_at <= ?3 AND c.withdrawn_at IS NULL "
	"AND (c.expires_at IS NULL OR c.expires_at > ?3)) "
	"FROM route AS r JOIN person AS p ON p.id = r.person_id "
	"JOIN ww_benefit AS b ON b.id = r.benefit_id WHERE r.id = ?1";

static const char SQL_ROUTE_EVENTS[] = "SELECT id, at, kind, actor, data FROM route_event "
				       "WHERE route_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3";

static const char SQL_ROUTE_PHASE[] = "UPDATE route SET phase = ?2 WHERE id = ?1";

static const char SQL_CONSENT_INSERT[] =
	"INSERT INTO consent (person_id, from_org, to_org, purpose, given_at, expires_at, "
	"withdrawn_at, source, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static const char SQL_CONSENT_HAS[] =
	"SELECT 1 FROM consent WHERE person_id = ?1 AND to_org = ?2 AND given_at <= ?3 "
	"AND withdrawn_at IS NULL AND (expires_at IS NULL OR expires_at > ?3) LIMIT 1";

static const char SQL_PERSON_BY_INDEX[] =
	"SELECT p.id, p.gemeente, coalesce((SELECT b.org FROM ww_benefit AS b "
	"WHERE b.person_id = p.id ORDER BY b.start_date DESC, b.id DESC LIMIT 1), ''), "
	"coalesce((SELECT r.id FROM route AS r WHERE r.person_id = p.id "
	"ORDER BY r.id DESC LIMIT 1), 0) "
	"FROM person AS p WHERE p.bsn_index = ?1";

static const char SQL_USER_ITERATE[] =
	"SELECT id, org, role, email, must_change_password, created_at, disabled_at "
	"FROM user_account WHERE org = ?1 AND id > ?2 ORDER BY id LIMIT ?3";

static const char SQL_BENEFIT_VIEW[] =
	"SELECT b.id, b.person_id, coalesce(r.id, 0), b.org, p.gemeente, b.start_date, "
	"b.end_date, coalesce(b.daily_wage_cents, -1), "
	"EXISTS (SELECT 1 FROM consent AS c WHERE c.person_id = b.person_id AND c.to_org = ?2 "
	"AND c.given_at <= ?3 AND c.withdrawn_at IS NULL "
	"AND (c.expires_at IS NULL OR c.expires_at > ?3)) "
	"FROM ww_benefit AS b JOIN person AS p ON p.id = b.person_id "
	"LEFT JOIN route AS r ON r.benefit_id = b.id WHERE b.id = ?1";

int sq_get_token_user(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
		      struct store_token *t, struct store_user *u, enum org_kind *kind)
{
	sqlite3_stmt *st;
	char kind_text[16];
	int ret = sq_stmt(s, SQ_TOKEN_USER, SQL_TOKEN_USER, &st);
	if (ret < 0)
		return ret;
	if (sqlite3_bind_blob(st, 1, hash, STORE_HASH_SIZE, SQLITE_STATIC) != SQLITE_OK) {
		ret = sq_bind_fail(s, "get_token_user");
		goto cleanup;
	}
	memset(u, 0, sizeof *u);
	ret = sq_step_row(s, st, "get_token_user");
	if (ret != STORE_ONE)
		goto cleanup;
	if (sq_column_copy(st, 5, u->org, sizeof u->org) < 0 ||
	    sq_column_copy(st, 6, u->role, sizeof u->role) < 0 ||
	    sq_column_copy(st, 7, u->email, sizeof u->email) < 0 ||
	    sq_column_copy(st, 11, kind_text, sizeof kind_text) < 0 ||
	    org_kind_parse(kind_text, kind) < 0) {
		ret = sq_hard(s, "api_token: stored row is malformed");
		goto cleanup;
	}
	memcpy(t->token_hash, hash, STORE_HASH_SIZE);
	t->id = sqlite3_column_int64(st, 0);
	t->user_id = sqlite3_column_int64(st, 1);
	t->created_at = sqlite3_column_int64(st, 2);
	t->last_used_at = sqlite3_column_int64(st, 3);
	t->revoked_at = sqlite3_column_int64(st, 4);
	u->id = t->user_id;
	u->must_change_password = sqlite3_column_int(st, 8) != 0;
	u->created_at = sqlite3_column_int64(st, 9);
	u->disabled_at = sqlite3_column_int64(st, 10);
cleanup:
	sq_done(st);
	return ret;
}

/* Prepares and binds a view statement (?1 the object, ?2 the viewer's
 * organisation, ?3 the moment) and steps to its row: STORE_ONE with *out
 * on the row, STORE_NONE, or an error; *out is handed back with sq_done. */
static int view_row(struct store *s, enum sq_stmt id, const char *sql, int64_t object,
		    const char *viewer, int64_t at, const char *what, sqlite3_stmt **out)
{
	int ret = sq_stmt(s, id, sql, out);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(*out, 1, object) | sq_bind_text(*out, 2, viewer) |
	     sqlite3_bind_int64(*out, 3, at)) != SQLITE_OK)
		return sq_bind_fail(s, what);
	return sq_step_row(s, *out, what);
}

int sq_get_route_view(struct store *s, int64_t route_id, const char *viewer_org, int64_t at,
		      store_route_view_cb cb, void *cb_cls)
{
	sqlite3_stmt *st = NULL;
	int ret = view_row(s, SQ_ROUTE_VIEW, SQL_ROUTE_VIEW, route_id, viewer_org, at,
			   "get_route_view", &st);
	if (ret != STORE_ONE)
		goto cleanup;
	struct store_route_view v = {
		.id = sqlite3_column_int64(st, 0),
		.person_id = sqlite3_column_int64(st, 1),
		.benefit_id = sqlite3_column_int64(st, 2),
		.org = sq_column_text(st, 3),
		.gemeente = sq_column_text(st, 4),
		.phase = sq_column_text(st, 5),
		.family_name = sq_column_text(st, 7),
		.given_names = sq_column_text(st, 8),
		.consent = sqlite3_column_int(st, 12) != 0,
	};
	if (sq_column_date(st, 6, &v.opened_on) < 0 || sq_column_date(st, 9, &v.birth_date) < 0 ||
	    sq_column_date(st, 10, &v.ww_start) < 0 || sq_column_date(st, 11, &v.ww_end) < 0) {
		ret = sq_hard(s, "route: stored date is malformed");
		goto cleanup;
	}
	ret = cb(cb_cls, &v);
cleanup:
	sq_done(st);
	return ret;
}

static int event_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_each *each = cls;
	struct store_event_row e = {
		.id = sqlite3_column_int64(st, 0),
		.at = sqlite3_column_int64(st, 1),
		.kind = sq_column_text(st, 2),
		.actor = sq_column_text(st, 3),
		.data = sq_column_text(st, 4),
	};
	(void)s;
	return each->cb.event(each->cls, &e);
}

int sq_iterate_route_events(struct store *s, int64_t route_id, int64_t after_id, int64_t limit,
			    store_event_cb cb, void *cb_cls)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_ROUTE_EVENTS, SQL_ROUTE_EVENTS, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, route_id) | sqlite3_bind_int64(st, 2, after_id) |
	     sqlite3_bind_int64(st, 3, limit)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "iterate_route_events");
		goto cleanup;
	}
	struct store_each each = {.cb.event = cb, .cls = cb_cls};
	ret = sq_each_row(s, st, "iterate_route_events", event_row, &each);
cleanup:
	sq_done(st);
	return ret;
}

int sq_update_route_phase(struct store *s, int64_t route_id, const char *phase)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_ROUTE_PHASE, SQL_ROUTE_PHASE, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, route_id) | sq_bind_text(st, 2, phase)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "update_route_phase");
	} else {
		ret = sq_step_done(s, st, "update_route_phase");
		if (ret == STORE_ONE && sqlite3_changes(sqlite3_db_handle(st)) == 0)
			ret = STORE_NONE;
	}
	sq_done(st);
	return ret;
}

int sq_insert_consent(struct store *s, struct store_consent *c)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_CONSENT_INSERT, SQL_CONSENT_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, c->person_id) | sq_bind_text(st, 2, c->from_org) |
	     sq_bind_text(st, 3, c->to_org) | sq_bind_text(st, 4, c->purpose) |
	     sqlite3_bind_int64(st, 5, c->given_at) |
	     (c->expires_at ? sqlite3_bind_int64(st, 6, c->expires_at) : sqlite3_bind_null(st, 6)) |
	     (c->withdrawn_at ? sqlite3_bind_int64(st, 7, c->withdrawn_at)
			      : sqlite3_bind_null(st, 7)) |
	     sq_bind_text(st, 8, c->source) | sq_bind_text(st, 9, c->actor)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "insert_consent");
		goto cleanup;
	}
	ret = sq_step_insert(s, st, "insert_consent", &c->id);
	if (ret == STORE_NONE)
		ret = sq_hard(s, "insert_consent: no row inserted");
cleanup:
	sq_done(st);
	return ret;
}

int sq_has_consent(struct store *s, int64_t person_id, const char *to_org, int64_t at)
{
	sqlite3_stmt *st;
	int64_t one;
	int ret = sq_stmt(s, SQ_CONSENT_HAS, SQL_CONSENT_HAS, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, person_id) | sq_bind_text(st, 2, to_org) |
	     sqlite3_bind_int64(st, 3, at)) != SQLITE_OK)
		ret = sq_bind_fail(s, "has_consent");
	else
		ret = sq_step_int(s, st, "has_consent", &one);
	sq_done(st);
	return ret;
}

int sq_find_person(struct store *s, const unsigned char index[STORE_BSN_INDEX_SIZE],
		   int64_t *person_id, int64_t *route_id, char *org, char *gemeente)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_PERSON_BY_INDEX, SQL_PERSON_BY_INDEX, &st);
	if (ret < 0)
		return ret;
	if (sqlite3_bind_blob(st, 1, index, STORE_BSN_INDEX_SIZE, SQLITE_STATIC) != SQLITE_OK) {
		ret = sq_bind_fail(s, "find_person");
		goto cleanup;
	}
	ret = sq_step_row(s, st, "find_person");
	if (ret != STORE_ONE)
		goto cleanup;
	if (sq_column_copy(st, 1, gemeente, STORE_ORG_CODE_MAX + 1) < 0 ||
	    sq_column_copy(st, 2, org, STORE_ORG_CODE_MAX + 1) < 0) {
		ret = sq_hard(s, "person: stored row is malformed");
		goto cleanup;
	}
	*person_id = sqlite3_column_int64(st, 0);
	*route_id = sqlite3_column_int64(st, 3);
cleanup:
	sq_done(st);
	return ret;
}

static int user_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_each *each = cls;
	struct store_user u;
	memset(&u, 0, sizeof u);
	if (sq_column_copy(st, 1, u.org, sizeof u.org) < 0 ||
	    sq_column_copy(st, 2, u.role, sizeof u.role) < 0 ||
	    sq_column_copy(st, 3, u.email, sizeof u.email) < 0)
		return sq_hard(s, "user_account: stored row is malformed");
	u.id = sqlite3_column_int64(st, 0);
	u.must_change_password = sqlite3_column_int(st, 4) != 0;
	u.created_at = sqlite3_column_int64(st, 5);
	u.disabled_at = sqlite3_column_int64(st, 6);
	return each->cb.user(each->cls, &u);
}

int sq_iterate_users(struct store *s, const char *org, int64_t after_id, int64_t limit,
		     store_user_cb cb, void *cb_cls)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_USER_ITERATE, SQL_USER_ITERATE, &st);
	if (ret < 0)
		return ret;
	if ((sq_bind_text(st, 1, org) | sqlite3_bind_int64(st, 2, after_id) |
	     sqlite3_bind_int64(st, 3, limit)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "iterate_users");
		goto cleanup;
	}
	struct store_each each = {.cb.user = cb, .cls = cb_cls};
	ret = sq_each_row(s, st, "iterate_users", user_row, &each);
cleanup:
	sq_done(st);
	return ret;
}

int sq_get_benefit_view(struct store *s, int64_t benefit_id, const char *viewer_org, int64_t at,
			store_benefit_view_cb cb, void *cb_cls)
{
	sqlite3_stmt *st = NULL;
	int ret = view_row(s, SQ_BENEFIT_VIEW, SQL_BENEFIT_VIEW, benefit_id, viewer_org, at,
			   "get_benefit_view", &st);
	if (ret != STORE_ONE)
		goto cleanup;
	struct store_benefit_view v = {
		.id = sqlite3_column_int64(st, 0),
		.person_id = sqlite3_column_int64(st, 1),
		.route_id = sqlite3_column_int64(st, 2),
		.org = sq_column_text(st, 3),
		.gemeente = sq_column_text(st, 4),
		.daily_wage_cents = sqlite3_column_int64(st, 7),
		.consent = sqlite3_column_int(st, 8) != 0,
	};
	if (sq_column_date(st, 5, &v.start) < 0 || sq_column_date(st, 6, &v.end) < 0) {
		ret = sq_hard(s, "ww_benefit: stored date is malformed");
		goto cleanup;
	}
	ret = cb(cb_cls, &v);
cleanup:
	sq_done(st);
	return ret;
}
