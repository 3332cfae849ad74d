/* The werkvoorraad query (PostgreSQL): routes with their person and
 * benefit, filtered, sorted and paged by keyset. One prepared statement per
 * sort column and direction; the filters are bound (NULL: no filter). */
#include "store/pg/pg.h"

/* The statement for one sort key, as seen from the outer query (K) and
 * from the subquery that finds the key of the cursor's route (K2), one
 * direction (CMP, ORDER) and a FROM clause. Routes come in the order of an
 * index (migration 0006) and the query stops after a page: FROM_ROUTE lets
 * the planner start from the benefits' end dates or the route's own
 * columns; FROM_PERSON starts from the persons in name order (CROSS JOIN
 * keeps SQLite from reordering it; PostgreSQL plans it as a plain join). */
#define FROM_ROUTE                                                                                 \
	"FROM route r JOIN ww_benefit w ON w.id = r.benefit_id JOIN person p ON p.id = "           \
	"r.person_id "
#define FROM_PERSON "FROM person p CROSS JOIN route r JOIN ww_benefit w ON w.id = r.benefit_id "
#define JOIN_ROUTE ""
#define JOIN_PERSON "p.id = r.person_id AND "
#define WORKLIST_SQL(FROM, JOIN, K, K2, CMP, ORDER)                                                \
	"SELECT r.id, p.family_name, coalesce(p.given_names, ''), r.gemeente, r.org, "             \
	"r.phase, w.end_date " FROM "WHERE " JOIN                                                  \
	"($1::text IS NULL OR r.org = $1) AND ($2::text IS NULL OR r.phase = $2) "                 \
	"AND ($3::text IS NULL OR r.gemeente = $3) "                                               \
	"AND ($4::date IS NULL OR w.end_date >= $4) "                                              \
	"AND ($5::date IS NULL OR w.end_date <= $5) "                                              \
	"AND ($8::text IS NULL OR r.gemeente = $8 AND EXISTS (SELECT 1 FROM consent c "            \
	"WHERE c.person_id = "                                                                     \
	"r.person_id AND c.to_org = $8 AND c.given_at <= $9::bigint AND c.withdrawn_at IS NULL "   \
	"AND (c.expires_at IS NULL OR c.expires_at > $9::bigint))) "                               \
	"AND ($6::bigint = 0 OR (" K ", r.id) " CMP " (SELECT " K2 ", r2.id FROM route r2 "        \
	"JOIN ww_benefit w2 ON w2.id = r2.benefit_id JOIN person p2 ON p2.id = r2.person_id "      \
	"WHERE r2.id = $6)) ORDER BY " ORDER " LIMIT $7::bigint"
#define BOTH(FROM, JOIN, K, K2, ASC, DESC)                                                         \
	WORKLIST_SQL(FROM, JOIN, K, K2, ">", ASC), WORKLIST_SQL(FROM, JOIN, K, K2, "<", DESC)

/* Indexed by 2 * sort + desc. */
static const char *const worklist_sql[2 * WORKLIST_SORT_COUNT] = {
	/* WORKLIST_SORT_WW_END */
	BOTH(FROM_ROUTE, JOIN_ROUTE, "w.end_date", "w2.end_date", "w.end_date ASC, r.id ASC",
	     "w.end_date DESC, r.id DESC"),
	/* WORKLIST_SORT_NAME: family name, then person, then route */
	BOTH(FROM_PERSON, JOIN_PERSON, "p.family_name, p.id", "p2.family_name, p2.id",
	     "p.family_name ASC, p.id ASC, r.id ASC", "p.family_name DESC, p.id DESC, r.id DESC"),
	/* WORKLIST_SORT_GEMEENTE */
	BOTH(FROM_ROUTE, JOIN_ROUTE, "r.gemeente", "r2.gemeente", "r.gemeente ASC, r.id ASC",
	     "r.gemeente DESC, r.id DESC"),
	/* WORKLIST_SORT_PHASE */
	BOTH(FROM_ROUTE, JOIN_ROUTE, "r.phase", "r2.phase", "r.phase ASC, r.id ASC",
	     "r.phase DESC, r.id DESC"),
};

static void p_opt_date(struct pg_params *pp, cdate d)
{
	if (d)
		pg_p_date(pp, d);
	else
		pg_p_null(pp);
}

static int worklist_row(struct store *s, const PGresult *res, int i, void *cls)
{
	struct store_each *each = cls;
	struct store_worklist_row row = {
		.family_name = PQgetvalue(res, i, 1),
		.given_names = PQgetvalue(res, i, 2),
		.gemeente = PQgetvalue(res, i, 3),
		.org = PQgetvalue(res, i, 4),
		.phase = PQgetvalue(res, i, 5),
	};
	if (pg_get_int(res, i, 0, &row.route_id) < 0 || PQgetisnull(res, i, 1) ||
	    pg_get_date(res, i, 6, &row.ww_end) < 0)
		return pg_hard(s, "iterate_worklist: stored row is malformed");
	return each->cb.worklist(each->cls, &row);
}

int pg_iterate_worklist(struct store *s, const struct store_worklist_q *q, store_worklist_cb cb,
			void *cb_cls)
{
	struct pg_params pp = {0};
	PGresult *res;
	if ((unsigned)q->sort >= WORKLIST_SORT_COUNT || q->limit < 1 ||
	    (q->end_from && !pg_date_ok(q->end_from)) || (q->end_to && !pg_date_ok(q->end_to)))
		return pg_hard(s, "iterate_worklist: bad query");
	pg_p_opt_text(&pp, q->org);
	pg_p_opt_text(&pp, q->phase);
	pg_p_opt_text(&pp, q->gemeente);
	p_opt_date(&pp, q->end_from);
	p_opt_date(&pp, q->end_to);
	pg_p_int(&pp, q->after_id);
	pg_p_int(&pp, q->limit);
	pg_p_opt_text(&pp, q->consent_to);
	pg_p_int(&pp, q->consent_at);
	int k = 2 * (int)q->sort + (q->desc ? 1 : 0);
	int ret = pg_exec(s, (enum pg_stmt)(PG_WORKLIST + k), worklist_sql[k], &pp,
			  "iterate_worklist", &res);
	if (ret < 0)
		return ret;
	struct store_each each = {.cb.worklist = cb, .cls = cb_cls};
	ret = pg_each_row(s, res, worklist_row, &each);
	PQclear(res);
	return ret;
}
