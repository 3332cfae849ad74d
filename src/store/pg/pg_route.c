/* Routes and their append-only events (PostgreSQL). */
#include "store/pg/pg.h"

static const char SQL_ROUTE_BY_BENEFIT[] = "SELECT id FROM route WHERE benefit_id = $1";

/* A second route for the same benefit is refused with STORE_NONE. */
static const char SQL_ROUTE_INSERT[] =
	"INSERT INTO route (benefit_id, person_id, org, gemeente, phase, opened_on, opened_at) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (benefit_id) DO NOTHING RETURNING id";

/* data is checked as JSON by its column type (jsonb). */
static const char SQL_EVENT_INSERT[] = "INSERT INTO route_event (route_id, at, kind, actor, data) "
				       "VALUES ($1, $2, $3, $4, $5)";

static const char SQL_EVENT_COUNT[] = "SELECT count(*) FROM route_event "
				      "WHERE route_id = $1 AND ($2::text IS NULL OR kind = $2)";

int pg_get_route_by_benefit(struct store *s, int64_t benefit_id, int64_t *route_id)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, benefit_id);
	return pg_exec_int(s, PG_ROUTE_BY_BENEFIT, SQL_ROUTE_BY_BENEFIT, &pp,
			   "get_route_by_benefit", route_id);
}

int pg_insert_route(struct store *s, const struct store_route *r, int64_t *route_id)
{
	struct pg_params pp = {0};
	if (!pg_date_ok(r->opened_on))
		return pg_hard(s, "insert_route: opening date out of range");
	pg_p_int(&pp, r->benefit_id);
	pg_p_int(&pp, r->person_id);
	pg_p_text(&pp, r->org);
	pg_p_text(&pp, r->gemeente);
	pg_p_text(&pp, r->phase);
	pg_p_date(&pp, r->opened_on);
	pg_p_int(&pp, r->opened_at);
	return pg_exec_int(s, PG_ROUTE_INSERT, SQL_ROUTE_INSERT, &pp, "insert_route", route_id);
}

int pg_insert_event(struct store *s, const struct store_event *e)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, e->route_id);
	pg_p_int(&pp, e->at);
	pg_p_text(&pp, e->kind);
	pg_p_text(&pp, e->actor);
	pg_p_text(&pp, e->data ? e->data : "{}");
	return pg_exec_done(s, PG_EVENT_INSERT, SQL_EVENT_INSERT, &pp, "insert_event", NULL);
}

int pg_count_events(struct store *s, int64_t route_id, const char *kind, int64_t *count)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, route_id);
	pg_p_text(&pp, kind);
	int ret = pg_exec_int(s, PG_EVENT_COUNT, SQL_EVENT_COUNT, &pp, "count_events", count);
	return ret == STORE_NONE ? pg_hard(s, "count_events: no result") : ret;
}
