/* The werkvoorraad query (SQLite): routes with their person and benefit,
 * filtered, sorted and paged by keyset. One prepared statement per sort
 * column and direction; the filters are bound (NULL: no filter). */
#include "store/sqlite/sq.h"

/* The statement for one sort key, as seen from the outer query (K) and
 * from the subquery that finds the key of the cursor's route (K2), one
 * direction (CMP, ORDER) and a FROM clause. Routes come in the order of an
 * index (migrations 0001 and 0006) and the query stops after a page; the
 * FROM clause fixes where the planner starts, because the owner filter
 * would otherwise lure it to the (org, phase) index and a sort of every
 * route of the team (seconds for a team of a million routes): FROM_BENEFIT
 * starts from the benefits in end-date order, FROM_PERSON from the persons
 * in name order (CROSS JOIN keeps SQLite from reordering either), and
 * FROM_ROUTE from the route's own (gemeente, id) or (phase, id) index, the
 * owner compared as +r.org so that its index is not used. docs/PERFORMANCE.md
 * has the figures. */
#define FROM_ROUTE                                                                                 \
	"FROM route r JOIN ww_benefit w ON w.id = r.benefit_id JOIN person p ON p.id = "           \
	"r.person_id "
#define FROM_BENEFIT                                                                               \
	"FROM ww_benefit w CROSS JOIN route r ON r.benefit_id = w.id JOIN person p ON p.id = "     \
	"r.person_id "
#define FROM_PERSON "FROM person p CROSS JOIN route r JOIN ww_benefit w ON w.id = r.benefit_id "
#define JOIN_ROUTE ""
#define JOIN_PERSON "p.id = r.person_id AND "
#define WORKLIST_SQL(FROM, JOIN, CUR, ORDER)                                                       \
	"SELECT r.id, p.family_name, coalesce(p.given_names, ''), r.gemeente, r.org, "             \
	"r.phase, w.end_date " FROM "WHERE " JOIN                                                  \
	"(?1 IS NULL OR +r.org = ?1) AND (?2 IS NULL OR r.phase = ?2) "                            \
	"AND (?3 IS NULL OR r.gemeente = ?3) AND (?4 IS NULL OR w.end_date >= ?4) "                \
	"AND (?5 IS NULL OR w.end_date <= ?5) "                                                    \
	"AND (?8 IS NULL OR r.gemeente = ?8 AND EXISTS (SELECT 1 FROM consent c "                  \
	"WHERE c.person_id = r.person_id "                                                         \
	"AND c.to_org = ?8 AND c.given_at <= ?9 AND c.withdrawn_at IS NULL "                       \
	"AND (c.expires_at IS NULL OR c.expires_at > ?9))) "                                       \
	"AND " CUR " ORDER BY " ORDER " LIMIT ?7"
/* The first page (?6 = 0), and a page after the cursor's route (?6): two
 * statements, because "?6 = 0 OR (key) > (...)" would keep SQLite from
 * starting the index scan at the cursor (a deep page read every route
 * before it: a second instead of milliseconds). */
#define FIRST "?6 = 0"
#define AFTER(K, K2, CMP)                                                                          \
	"(" K ", r.id) " CMP " (SELECT " K2 ", r2.id FROM route r2 "                               \
	"JOIN ww_benefit w2 ON w2.id = r2.benefit_id JOIN person p2 ON p2.id = r2.person_id "      \
	"WHERE r2.id = ?6)"
#define BOTH(FROM, JOIN, K, K2, ASC, DESC)                                                         \
	WORKLIST_SQL(FROM, JOIN, FIRST, ASC), WORKLIST_SQL(FROM, JOIN, FIRST, DESC),               \
		WORKLIST_SQL(FROM, JOIN, AFTER(K, K2, ">"), ASC),                                  \
		WORKLIST_SQL(FROM, JOIN, AFTER(K, K2, "<"), DESC)

/* Indexed by 4 * sort + 2 * (a cursor is given) + desc. */
static const char *const worklist_sql[4 * WORKLIST_SORT_COUNT] = {
	/* WORKLIST_SORT_WW_END */
	BOTH(FROM_BENEFIT, JOIN_ROUTE, "w.end_date", "w2.end_date", "w.end_date ASC, r.id ASC",
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

static int bind_date(sqlite3_stmt *st, int i, cdate d)
{
	return d ? sq_bind_date(st, i, d) : sqlite3_bind_null(st, i);
}

static int worklist_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_each *each = cls;
	struct store_worklist_row row = {
		.route_id = sqlite3_column_int64(st, 0),
		.family_name = (const char *)sqlite3_column_text(st, 1),
		.given_names = (const char *)sqlite3_column_text(st, 2),
		.gemeente = (const char *)sqlite3_column_text(st, 3),
		.org = (const char *)sqlite3_column_text(st, 4),
		.phase = (const char *)sqlite3_column_text(st, 5),
	};
	if (!row.family_name || !row.given_names || !row.gemeente || !row.org || !row.phase ||
	    sq_column_date(st, 6, &row.ww_end) < 0)
		return sq_hard(s, "iterate_worklist: stored row is malformed");
	return each->cb.worklist(each->cls, &row);
}

int sq_iterate_worklist(struct store *s, const struct store_worklist_q *q, store_worklist_cb cb,
			void *cb_cls)
{
	sqlite3_stmt *st;
	if ((unsigned)q->sort >= WORKLIST_SORT_COUNT || q->limit < 1 ||
	    (q->end_from && !sq_date_ok(q->end_from)) || (q->end_to && !sq_date_ok(q->end_to)))
		return sq_hard(s, "iterate_worklist: bad query");
	int k = 4 * (int)q->sort + (q->after_id ? 2 : 0) + (q->desc ? 1 : 0);
	int ret = sq_stmt(s, (enum sq_stmt)(SQ_WORKLIST + k), worklist_sql[k], &st);
	if (ret < 0)
		return ret;
	if ((sq_bind_opt_text(st, 1, q->org) | sq_bind_opt_text(st, 2, q->phase) |
	     sq_bind_opt_text(st, 3, q->gemeente) | bind_date(st, 4, q->end_from) |
	     bind_date(st, 5, q->end_to) | sqlite3_bind_int64(st, 6, q->after_id) |
	     sqlite3_bind_int64(st, 7, q->limit) | sq_bind_opt_text(st, 8, q->consent_to) |
	     sqlite3_bind_int64(st, 9, q->consent_at)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "iterate_worklist");
		goto cleanup;
	}
	struct store_each each = {.cb.worklist = cb, .cls = cb_cls};
	ret = sq_each_row(s, st, "iterate_worklist", worklist_row, &each);
cleanup:
	sq_done(st);
	return ret;
}
