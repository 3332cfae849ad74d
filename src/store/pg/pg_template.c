/* Templates (PostgreSQL): versioned text templates per organisation. */
#include "store/pg/pg.h"

#include <stdlib.h>
#include <string.h>

#define TEMPLATE_COLUMNS                                                                           \
	"id, org, kind, locale, variant, version, body, created_at, actor, origin_org, "           \
	"origin_version, origin_at"

static int check_template(struct store *s, const struct store_template *t)
{
	if (!t->org || !t->kind || !t->locale || !t->variant || !t->body || !t->actor)
		return pg_hard(s, "insert_template: a required field is missing");
	if (t->body_len > STORE_TEMPLATE_BODY_MAX || strlen(t->body) != t->body_len)
		return pg_hard(s, "insert_template: body too long or holds a NUL byte");
	return STORE_ONE;
}

int pg_insert_template(struct store *s, struct store_template *t)
{
	static const char sql[] =
		"INSERT INTO letter_template (org, kind, locale, variant, version, body, "
		"created_at, "
		"actor, origin_org, origin_version, origin_at) "
		"SELECT $1, $2, $3, $4, coalesce(max(version), 0) + 1, $5, $6, $7, $8, $9, $10 "
		"FROM letter_template WHERE org = $1 AND kind = $2 AND locale = $3 AND variant = "
		"$4 "
		"RETURNING id, version";
	struct pg_params pp = {0};
	PGresult *res;
	int ret = check_template(s, t);
	if (ret < 0)
		return ret;
	pg_p_text(&pp, t->org);
	pg_p_text(&pp, t->kind);
	pg_p_text(&pp, t->locale);
	pg_p_text(&pp, t->variant);
	pg_p_text(&pp, t->body);
	pg_p_int(&pp, t->created_at);
	pg_p_text(&pp, t->actor);
	pg_p_opt_text(&pp, t->origin_org);
	if (t->origin_version > 0)
		pg_p_int(&pp, t->origin_version);
	else
		pg_p_null(&pp);
	if (t->origin_org)
		pg_p_int(&pp, t->origin_at);
	else
		pg_p_null(&pp);
	ret = pg_exec(s, PG_TEMPLATE_INSERT, sql, &pp, "insert_template", &res);
	if (ret < 0)
		return ret;
	if (PQntuples(res) != 1 || pg_get_int(res, 0, 0, &t->id) < 0 ||
	    pg_get_int(res, 0, 1, &t->version) < 0)
		ret = pg_hard(s, "insert_template: no id returned");
	PQclear(res);
	return ret;
}

/* An integer column that may be NULL (0 then). */
static int64_t opt_int(const PGresult *res, int row, int col)
{
	int64_t v = 0;
	return pg_get_int(res, row, col, &v) == 0 ? v : 0;
}

static int template_row(struct store *s, const PGresult *res, int i, void *cls)
{
	struct store_each *each = cls;
	struct store_template t = {
		.org = PQgetvalue(res, i, 1),
		.kind = PQgetvalue(res, i, 2),
		.locale = PQgetvalue(res, i, 3),
		.variant = PQgetvalue(res, i, 4),
		.body = PQgetvalue(res, i, 6),
		.body_len = (size_t)PQgetlength(res, i, 6),
		.actor = PQgetvalue(res, i, 8),
		.origin_org = pg_get_opt_text(res, i, 9),
		.origin_version = opt_int(res, i, 10),
		.origin_at = opt_int(res, i, 11),
	};
	if (pg_get_int(res, i, 0, &t.id) < 0 || pg_get_int(res, i, 5, &t.version) < 0 ||
	    pg_get_int(res, i, 7, &t.created_at) < 0)
		return pg_hard(s, "template: stored row is malformed");
	return each->cb.template(each->cls, &t);
}

/* Hands the rows of res to cb. */
static int each_row(struct store *s, PGresult *res, store_template_cb cb, void *cb_cls)
{
	struct store_each each = {.cb.template = cb, .cls = cb_cls};
	return pg_each_row(s, res, template_row, &each);
}

int pg_get_template(struct store *s, const char *org, const char *kind, const char *locale,
		    const char *variant, int64_t version, store_template_cb cb, void *cb_cls)
{
	static const char sql[] =
		"SELECT " TEMPLATE_COLUMNS " FROM letter_template "
		"WHERE org = $1 AND kind = $2 AND locale = $3 AND variant = $4 "
		"AND ($5::bigint = 0 OR version = $5) ORDER BY version DESC LIMIT 1";
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_text(&pp, org);
	pg_p_text(&pp, kind);
	pg_p_text(&pp, locale);
	pg_p_text(&pp, variant);
	pg_p_int(&pp, version);
	int ret = pg_exec(s, PG_TEMPLATE_GET, sql, &pp, "get_template", &res);
	if (ret < 0)
		return ret;
	ret = each_row(s, res, cb, cb_cls);
	PQclear(res);
	return ret;
}

int pg_iterate_templates(struct store *s, const char *org, const char *kind, store_template_cb cb,
			 void *cb_cls)
{
	static const char sql[] = "SELECT " TEMPLATE_COLUMNS " FROM letter_template "
				  "WHERE org = $1 AND ($2::text IS NULL OR kind = $2) "
				  "ORDER BY kind, locale, variant, version";
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_text(&pp, org);
	pg_p_text(&pp, kind);
	int ret = pg_exec(s, PG_TEMPLATE_ITERATE, sql, &pp, "iterate_templates", &res);
	if (ret < 0)
		return ret;
	ret = each_row(s, res, cb, cb_cls);
	PQclear(res);
	return ret;
}
