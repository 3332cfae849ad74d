/* Import runs (PostgreSQL). */
#include "store/pg/pg.h"

#include <string.h>

/* Only completed imports count: a run that broke off may be repeated. */
static const char SQL_IMPORT_FIND[] =
	"SELECT id, started_at, finished_at, rows_total, rows_inserted, rows_updated, "
	"rows_unchanged, rows_rejected FROM import_run "
	"WHERE kind = $1 AND org = $2 AND sha256 = $3 AND finished_at IS NOT NULL "
	"ORDER BY id DESC LIMIT 1";

static const char SQL_IMPORT_INSERT[] =
	"INSERT INTO import_run (kind, file_name, sha256, org, actor, started_at, finished_at, "
	"rows_total, rows_inserted, rows_updated, rows_unchanged, rows_rejected) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";

static const char SQL_IMPORT_UPDATE[] =
	"UPDATE import_run SET finished_at = $2, rows_total = $3, rows_inserted = $4, "
	"rows_updated = $5, rows_unchanged = $6, rows_rejected = $7 WHERE id = $1";

/* finished_at 0 (not finished) as NULL. */
static void bind_finished(struct pg_params *pp, int64_t at)
{
	if (at == 0)
		pg_p_null(pp);
	else
		pg_p_int(pp, at);
}

/* The five row counts. */
static void bind_counts(struct pg_params *pp, const struct store_import *imp)
{
	pg_p_int(pp, imp->rows_total);
	pg_p_int(pp, imp->rows_inserted);
	pg_p_int(pp, imp->rows_updated);
	pg_p_int(pp, imp->rows_unchanged);
	pg_p_int(pp, imp->rows_rejected);
}

int pg_find_import(struct store *s, const char *kind, const char *org, const char *sha256,
		   struct store_import *out)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_text(&pp, kind);
	pg_p_text(&pp, org);
	pg_p_text(&pp, sha256);
	int ret = pg_exec(s, PG_IMPORT_FIND, SQL_IMPORT_FIND, &pp, "find_import", &res);
	if (ret < 0)
		return ret;
	if (PQntuples(res) == 0) {
		ret = STORE_NONE;
	} else {
		memset(out, 0, sizeof *out);
		if (pg_get_int(res, 0, 0, &out->id) < 0 ||
		    pg_get_int(res, 0, 1, &out->started_at) < 0 ||
		    pg_get_int(res, 0, 2, &out->finished_at) < 0 ||
		    pg_get_int(res, 0, 3, &out->rows_total) < 0 ||
		    pg_get_int(res, 0, 4, &out->rows_inserted) < 0 ||
		    pg_get_int(res, 0, 5, &out->rows_updated) < 0 ||
		    pg_get_int(res, 0, 6, &out->rows_unchanged) < 0 ||
		    pg_get_int(res, 0, 7, &out->rows_rejected) < 0)
			ret = pg_hard(s, "find_import: stored row is malformed");
	}
	PQclear(res);
	return ret;
}

int pg_insert_import(struct store *s, struct store_import *imp)
{
	struct pg_params pp = {0};
	pg_p_text(&pp, imp->kind);
	pg_p_text(&pp, imp->file_name);
	pg_p_text(&pp, imp->sha256);
	pg_p_text(&pp, imp->org);
	pg_p_text(&pp, imp->actor);
	pg_p_int(&pp, imp->started_at);
	bind_finished(&pp, imp->finished_at);
	bind_counts(&pp, imp);
	int ret =
		pg_exec_int(s, PG_IMPORT_INSERT, SQL_IMPORT_INSERT, &pp, "insert_import", &imp->id);
	return ret == STORE_NONE ? pg_hard(s, "insert_import: no id returned") : ret;
}

int pg_update_import(struct store *s, const struct store_import *imp)
{
	struct pg_params pp = {0};
	int64_t n = 0;
	pg_p_int(&pp, imp->id);
	bind_finished(&pp, imp->finished_at);
	bind_counts(&pp, imp);
	int ret = pg_exec_done(s, PG_IMPORT_UPDATE, SQL_IMPORT_UPDATE, &pp, "update_import", &n);
	return ret == STORE_ONE && n == 0 ? STORE_NONE : ret;
}
