/* Routes and their append-only events (SQLite). */
#include "store/sqlite/sq.h"

static const char SQL_ROUTE_BY_BENEFIT[] = "SELECT id FROM route WHERE benefit_id = ?1";

/* A second route for the same benefit is refused with STORE_NONE. */
static const char SQL_ROUTE_INSERT[] =
	"INSERT INTO route (benefit_id, person_id, org, gemeente, phase, opened_on, opened_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (benefit_id) DO NOTHING RETURNING id";

static const char SQL_EVENT_INSERT[] = "INSERT INTO route_event (route_id, at, kind, actor, data) "
				       "VALUES (?1, ?2, ?3, ?4, ?5)";

static const char SQL_EVENT_COUNT[] = "SELECT count(*) FROM route_event "
				      "WHERE route_id = ?1 AND (?2 IS NULL OR kind = ?2)";

int sq_get_route_by_benefit(struct store *s, int64_t benefit_id, int64_t *route_id)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_ROUTE_BY_BENEFIT, SQL_ROUTE_BY_BENEFIT, &st);
	if (ret < 0)
		return ret;
	if (sqlite3_bind_int64(st, 1, benefit_id) != SQLITE_OK)
		ret = sq_bind_fail(s, "get_route_by_benefit");
	else
		ret = sq_step_int(s, st, "get_route_by_benefit", route_id);
	sq_done(st);
	return ret;
}

int sq_insert_route(struct store *s, const struct store_route *r, int64_t *route_id)
{
	sqlite3_stmt *st;
	int ret;
	if (!sq_date_ok(r->opened_on))
		return sq_hard(s, "insert_route: opening date out of range");
	ret = sq_stmt(s, SQ_ROUTE_INSERT, SQL_ROUTE_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, r->benefit_id) | sqlite3_bind_int64(st, 2, r->person_id) |
	     sq_bind_text(st, 3, r->org) | sq_bind_text(st, 4, r->gemeente) |
	     sq_bind_text(st, 5, r->phase) | sq_bind_date(st, 6, r->opened_on) |
	     sqlite3_bind_int64(st, 7, r->opened_at)) != SQLITE_OK)
		ret = sq_bind_fail(s, "insert_route");
	else
		ret = sq_step_int(s, st, "insert_route", route_id);
	sq_done(st);
	return ret;
}

int sq_insert_event(struct store *s, const struct store_event *e)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_EVENT_INSERT, SQL_EVENT_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, e->route_id) | sqlite3_bind_int64(st, 2, e->at) |
	     sq_bind_text(st, 3, e->kind) | sq_bind_text(st, 4, e->actor) |
	     sq_bind_text(st, 5, e->data ? e->data : "{}")) != SQLITE_OK)
		ret = sq_bind_fail(s, "insert_event");
	else
		ret = sq_step_done(s, st, "insert_event");
	sq_done(st);
	return ret;
}

int sq_count_events(struct store *s, int64_t route_id, const char *kind, int64_t *count)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_EVENT_COUNT, SQL_EVENT_COUNT, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, route_id) | sq_bind_text(st, 2, kind)) != SQLITE_OK)
		ret = sq_bind_fail(s, "count_events");
	else if ((ret = sq_step_int(s, st, "count_events", count)) == STORE_NONE)
		ret = sq_hard(s, "count_events: no result");
	sq_done(st);
	return ret;
}
