/* Organisations (SQLite): municipalities, UWV teams and partners. */
#include "store/sqlite/sq.h"

#include <stdio.h>
#include <string.h>

/* Fills *o from a row (code, name, kind, window_months). */
static int read_org(struct store *s, sqlite3_stmt *st, struct store_org *o)
{
	if (sq_column_copy(st, 0, o->code, sizeof o->code) < 0 ||
	    sq_column_copy(st, 1, o->name, sizeof o->name) < 0 ||
	    org_kind_parse((const char *)sqlite3_column_text(st, 2), &o->kind) < 0)
		return sq_hard(s, "organisation: stored row is malformed");
	o->window_months = sqlite3_column_int(st, 3);
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
	return sq_hard(s, msg);
}

/* window_months 0 means "not set": the schema default (3) applies. */
static int bind_org(sqlite3_stmt *st, const struct store_org *o)
{
	return sq_bind_text(st, 1, o->code) | sq_bind_text(st, 2, org_kind_name((int)o->kind)) |
	       sq_bind_text(st, 3, o->name) |
	       sqlite3_bind_int(st, 4, o->window_months ? o->window_months : 3);
}

int sq_insert_org(struct store *s, const struct store_org *o)
{
	static const char sql[] = "INSERT INTO organisation (code, kind, name, window_months) "
				  "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO NOTHING";
	sqlite3_stmt *st = NULL;
	int ret = check_org(s, o, "insert_org");
	if (ret < 0 || (ret = sq_stmt(s, SQ_ORG_INSERT, sql, &st)) < 0)
		return ret;
	if (bind_org(st, o) != SQLITE_OK) {
		ret = sq_bind_fail(s, "insert_org");
		goto cleanup;
	}
	ret = sq_step_done(s, st, "insert_org");
	if (ret == STORE_ONE && sqlite3_changes(sq_of(s)->db) == 0)
		ret = STORE_NONE;
cleanup:
	sq_done(st);
	return ret;
}

int sq_update_org(struct store *s, const struct store_org *o)
{
	static const char sql[] =
		"UPDATE organisation SET kind = ?2, name = ?3, window_months = ?4 "
		"WHERE code = ?1";
	sqlite3_stmt *st = NULL;
	int ret = check_org(s, o, "update_org");
	if (ret < 0 || (ret = sq_stmt(s, SQ_ORG_UPDATE, sql, &st)) < 0)
		return ret;
	if (bind_org(st, o) != SQLITE_OK) {
		ret = sq_bind_fail(s, "update_org");
		goto cleanup;
	}
	ret = sq_step_done(s, st, "update_org");
	if (ret == STORE_ONE && sqlite3_changes(sq_of(s)->db) == 0)
		ret = STORE_NONE;
cleanup:
	sq_done(st);
	return ret;
}

int sq_get_org(struct store *s, const char *code, struct store_org *out)
{
	static const char sql[] = "SELECT code, name, kind, window_months FROM organisation "
				  "WHERE code = ?1";
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_ORG_GET, sql, &st);
	if (ret < 0)
		return ret;
	if (sq_bind_text(st, 1, code) != SQLITE_OK) {
		ret = sq_bind_fail(s, "get_org");
		goto cleanup;
	}
	ret = sq_step_row(s, st, "get_org");
	if (ret == STORE_ONE)
		ret = read_org(s, st, out);
cleanup:
	sq_done(st);
	return ret;
}

static int org_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_each *each = cls;
	struct store_org o;
	int r = read_org(s, st, &o);
	return r < 0 ? r : each->cb.org(each->cls, &o);
}

int sq_iterate_orgs(struct store *s, int kind, store_org_cb cb, void *cb_cls)
{
	static const char sql[] = "SELECT code, name, kind, window_months FROM organisation "
				  "WHERE ?1 IS NULL OR kind = ?1 ORDER BY code";
	sqlite3_stmt *st;
	int ret;
	if (kind >= 0 && !org_kind_name(kind))
		return sq_hard(s, "iterate_orgs: unknown kind");
	ret = sq_stmt(s, SQ_ORG_ITERATE, sql, &st);
	if (ret < 0)
		return ret;
	if (sq_bind_text(st, 1, org_kind_name(kind)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "iterate_orgs");
		goto cleanup;
	}
	struct store_each each = {.cb.org = cb, .cls = cb_cls};
	ret = sq_each_row(s, st, "iterate_orgs", org_row, &each);
cleanup:
	sq_done(st);
	return ret;
}
