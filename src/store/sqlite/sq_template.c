/* Templates (SQLite): versioned text templates per organisation. */
#include "store/sqlite/sq.h"

#include <string.h>

#define TEMPLATE_COLUMNS                                                                           \
	"id, org, kind, locale, variant, version, body, created_at, actor, origin_org, "           \
	"origin_version, origin_at"

/* Checks a template from the caller before it is written. */
static int check_template(struct store *s, const struct store_template *t)
{
	if (!t->org || !t->kind || !t->locale || !t->variant || !t->body || !t->actor)
		return sq_hard(s, "insert_template: a required field is missing");
	if (t->body_len > STORE_TEMPLATE_BODY_MAX || strlen(t->body) != t->body_len)
		return sq_hard(s, "insert_template: body too long or holds a NUL byte");
	return STORE_ONE;
}

int sq_insert_template(struct store *s, struct store_template *t)
{
	static const char sql[] =
		"INSERT INTO letter_template (org, kind, locale, variant, version, body, "
		"created_at, "
		"actor, origin_org, origin_version, origin_at) "
		"SELECT ?1, ?2, ?3, ?4, coalesce(max(version), 0) + 1, ?5, ?6, ?7, ?8, ?9, ?10 "
		"FROM letter_template WHERE org = ?1 AND kind = ?2 AND locale = ?3 AND variant = "
		"?4 "
		"RETURNING id, version";
	sqlite3_stmt *st = NULL;
	int ret = check_template(s, t);
	if (ret < 0 || (ret = sq_stmt(s, SQ_TEMPLATE_INSERT, sql, &st)) < 0)
		return ret;
	if ((sq_bind_text(st, 1, t->org) | sq_bind_text(st, 2, t->kind) |
	     sq_bind_text(st, 3, t->locale) | sq_bind_text(st, 4, t->variant) |
	     sqlite3_bind_text(st, 5, t->body, (int)t->body_len, SQLITE_STATIC) |
	     sqlite3_bind_int64(st, 6, t->created_at) | sq_bind_text(st, 7, t->actor) |
	     sq_bind_opt_text(st, 8, t->origin_org) |
	     (t->origin_version > 0 ? sqlite3_bind_int64(st, 9, t->origin_version)
				    : sqlite3_bind_null(st, 9)) |
	     (t->origin_org ? sqlite3_bind_int64(st, 10, t->origin_at)
			    : sqlite3_bind_null(st, 10))) != SQLITE_OK) {
		ret = sq_bind_fail(s, "insert_template");
		goto cleanup;
	}
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		ret = sq_fail(s, rc, "insert_template");
		goto cleanup;
	}
	t->id = sqlite3_column_int64(st, 0);
	t->version = sqlite3_column_int64(st, 1);
	ret = sq_step_done(s, st, "insert_template");
cleanup:
	sq_done(st);
	return ret;
}

static int template_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_each *each = cls;
	struct store_template t = {
		.id = sqlite3_column_int64(st, 0),
		.org = (const char *)sqlite3_column_text(st, 1),
		.kind = (const char *)sqlite3_column_text(st, 2),
		.locale = (const char *)sqlite3_column_text(st, 3),
		.variant = (const char *)sqlite3_column_text(st, 4),
		.version = sqlite3_column_int64(st, 5),
		.body = (const char *)sqlite3_column_text(st, 6),
		.body_len = (size_t)sqlite3_column_bytes(st, 6),
		.created_at = sqlite3_column_int64(st, 7),
		.actor = (const char *)sqlite3_column_text(st, 8),
		.origin_org = (const char *)sqlite3_column_text(st, 9),
		.origin_version = sqlite3_column_int64(st, 10),
		.origin_at = sqlite3_column_int64(st, 11),
	};
	if (!t.org || !t.kind || !t.locale || !t.variant || !t.body || !t.actor)
		return sq_hard(s, "template: stored row is malformed");
	return each->cb.template(each->cls, &t);
}

/* Hands the rows of st to cb. */
static int each_row(struct store *s, sqlite3_stmt *st, const char *what, store_template_cb cb,
		    void *cb_cls)
{
	struct store_each each = {.cb.template = cb, .cls = cb_cls};
	return sq_each_row(s, st, what, template_row, &each);
}

int sq_get_template(struct store *s, const char *org, const char *kind, const char *locale,
		    const char *variant, int64_t version, store_template_cb cb, void *cb_cls)
{
	static const char sql[] = "SELECT " TEMPLATE_COLUMNS " FROM letter_template "
				  "WHERE org = ?1 AND kind = ?2 AND locale = ?3 AND variant = ?4 "
				  "AND (?5 = 0 OR version = ?5) ORDER BY version DESC LIMIT 1";
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_TEMPLATE_GET, sql, &st);
	if (ret < 0)
		return ret;
	if ((sq_bind_text(st, 1, org) | sq_bind_text(st, 2, kind) | sq_bind_text(st, 3, locale) |
	     sq_bind_text(st, 4, variant) | sqlite3_bind_int64(st, 5, version)) != SQLITE_OK)
		ret = sq_bind_fail(s, "get_template");
	else
		ret = each_row(s, st, "get_template", cb, cb_cls);
	sq_done(st);
	return ret;
}

int sq_iterate_templates(struct store *s, const char *org, const char *kind, store_template_cb cb,
			 void *cb_cls)
{
	static const char sql[] = "SELECT " TEMPLATE_COLUMNS " FROM letter_template "
				  "WHERE org = ?1 AND (?2 IS NULL OR kind = ?2) "
				  "ORDER BY kind, locale, variant, version";
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_TEMPLATE_ITERATE, sql, &st);
	if (ret < 0)
		return ret;
	if ((sq_bind_text(st, 1, org) | sq_bind_text(st, 2, kind)) != SQLITE_OK)
		ret = sq_bind_fail(s, "iterate_templates");
	else
		ret = each_row(s, st, "iterate_templates", cb, cb_cls);
	sq_done(st);
	return ret;
}
