/* Organisations (PostgreSQL): municipalities, UWV teams and partners. */
#include "store/pg/pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fills *o from a row (code, name, kind, window_months). */
static int read_org(struct store *s, const PGresult *res, int row, struct store_org *o)
{
	int64_t window;
	if (pg_value_copy(res, row, 0, o->code, sizeof o->code) < 0 ||
	    pg_value_copy(res, row, 1, o->name, sizeof o->name) < 0 ||
	    org_kind_parse(PQgetvalue(res, row, 2), &o->kind) < 0 ||
	    pg_get_int(res, row, 3, &window) < 0)
		return pg_hard(s, "organisation: stored row is malformed");
	o->window_months = (int)window;
	return STORE_ONE;
}

/* Checks an organisation from the caller before it is written. */
static int check_org(struct store *s, const struct store_org *o, const char *what)
{
	const char *why = store_org_problem(o);
	if (!why)
		return STORE_ONE;
	char msg[96];
	snprintf(msg, sizeof msg, "%s: %s", what, why);
	return pg_hard(s, msg);
}

/* $1..$4: code, kind, name, window. window_months 0 means "not set": the
 * schema default (3) applies. */
static void bind_org(struct pg_params *pp, const struct store_org *o)
{
	pg_p_text(pp, o->code);
	pg_p_text(pp, org_kind_name((int)o->kind));
	pg_p_text(pp, o->name);
	pg_p_int(pp, o->window_months ? o->window_months : 3);
}

int pg_insert_org(struct store *s, const struct store_org *o)
{
	static const char sql[] = "INSERT INTO organisation (code, kind, name, window_months) "
				  "VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING";
	struct pg_params pp = {0};
	int64_t n = 0;
	int ret = check_org(s, o, "insert_org");
	if (ret < 0)
		return ret;
	bind_org(&pp, o);
	ret = pg_exec_done(s, PG_ORG_INSERT, sql, &pp, "insert_org", &n);
	return ret == STORE_ONE && n == 0 ? STORE_NONE : ret;
}

int pg_update_org(struct store *s, const struct store_org *o)
{
	static const char sql[] =
		"UPDATE organisation SET kind = $2, name = $3, window_months = $4 "
		"WHERE code = $1";
	struct pg_params pp = {0};
	int64_t n = 0;
	int ret = check_org(s, o, "update_org");
	if (ret < 0)
		return ret;
	bind_org(&pp, o);
	ret = pg_exec_done(s, PG_ORG_UPDATE, sql, &pp, "update_org", &n);
	return ret == STORE_ONE && n == 0 ? STORE_NONE : ret;
}

int pg_get_org(struct store *s, const char *code, struct store_org *out)
{
	static const char sql[] = "SELECT code, name, kind, window_months FROM organisation "
				  "WHERE code = $1";
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_text(&pp, code);
	int ret = pg_exec(s, PG_ORG_GET, sql, &pp, "get_org", &res);
	if (ret < 0)
		return ret;
	ret = PQntuples(res) == 0 ? STORE_NONE : read_org(s, res, 0, out);
	PQclear(res);
	return ret;
}

static int org_row(struct store *s, const PGresult *res, int row, void *cls)
{
	struct store_each *each = cls;
	struct store_org o;
	int r = read_org(s, res, row, &o);
	return r < 0 ? r : each->cb.org(each->cls, &o);
}

int pg_iterate_orgs(struct store *s, int kind, store_org_cb cb, void *cb_cls)
{
	static const char sql[] = "SELECT code, name, kind, window_months FROM organisation "
				  "WHERE $1::text IS NULL OR kind = $1 ORDER BY code";
	struct pg_params pp = {0};
	PGresult *res;
	if (kind >= 0 && !org_kind_name(kind))
		return pg_hard(s, "iterate_orgs: unknown kind");
	pg_p_text(&pp, org_kind_name(kind));
	int ret = pg_exec(s, PG_ORG_ITERATE, sql, &pp, "iterate_orgs", &res);
	if (ret < 0)
		return ret;
	struct store_each each = {.cb.org = cb, .cls = cb_cls};
	ret = pg_each_row(s, res, org_row, &each);
	PQclear(res);
	return ret;
}
