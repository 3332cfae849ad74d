/* Import runs (SQLite). */
#include "store/sqlite/sq.h"

#include <string.h>

/* Only completed imports count: a run that broke off may be repeated. */
static const char SQL_IMPORT_FIND[] =
	"SELECT id, started_at, finished_at, rows_total, rows_inserted, rows_updated, "
	"rows_unchanged, rows_rejected FROM import_run "
	"WHERE kind = ?1 AND org = ?2 AND sha256 = ?3 AND finished_at IS NOT NULL "
	"ORDER BY id DESC LIMIT 1";

static const char SQL_IMPORT_INSERT[] =
	"INSERT INTO import_run (kind, file_name, sha256, org, actor, started_at, finished_at, "
	"rows_total, rows_inserted, rows_updated, rows_unchanged, rows_rejected) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id";

static const char SQL_IMPORT_UPDATE[] =
	"UPDATE import_run SET finished_at = ?2, rows_total = ?3, rows_inserted = ?4, "
	"rows_updated = ?5, rows_unchanged = ?6, rows_rejected = ?7 WHERE id = ?1";

/* finished_at 0 (not finished) as NULL. */
static int bind_finished(sqlite3_stmt *st, int i, int64_t at)
{
	return at == 0 ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, at);
}

/* Binds the five row counts from parameter `first` on. */
static int bind_counts(sqlite3_stmt *st, int first, const struct store_import *imp)
{
	return sqlite3_bind_int64(st, first, imp->rows_total) |
	       sqlite3_bind_int64(st, first + 1, imp->rows_inserted) |
	       sqlite3_bind_int64(st, first + 2, imp->rows_updated) |
	       sqlite3_bind_int64(st, first + 3, imp->rows_unchanged) |
	       sqlite3_bind_int64(st, first + 4, imp->rows_rejected);
}

int sq_find_import(struct store *s, const char *kind, const char *org, const char *sha256,
		   struct store_import *out)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_IMPORT_FIND, SQL_IMPORT_FIND, &st);
	if (ret < 0)
		return ret;
	if ((sq_bind_text(st, 1, kind) | sq_bind_text(st, 2, org) | sq_bind_text(st, 3, sha256)) !=
	    SQLITE_OK) {
		ret = sq_bind_fail(s, "find_import");
		goto cleanup;
	}
	ret = sq_step_row(s, st, "find_import");
	if (ret == STORE_ONE) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		out->started_at = sqlite3_column_int64(st, 1);
		out->finished_at = sqlite3_column_int64(st, 2);
		out->rows_total = sqlite3_column_int64(st, 3);
		out->rows_inserted = sqlite3_column_int64(st, 4);
		out->rows_updated = sqlite3_column_int64(st, 5);
		out->rows_unchanged = sqlite3_column_int64(st, 6);
		out->rows_rejected = sqlite3_column_int64(st, 7);
	}
cleanup:
	sq_done(st);
	return ret;
}

int sq_insert_import(struct store *s, struct store_import *imp)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_IMPORT_INSERT, SQL_IMPORT_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sq_bind_text(st, 1, imp->kind) | sq_bind_text(st, 2, imp->file_name) |
	     sq_bind_text(st, 3, imp->sha256) | sq_bind_text(st, 4, imp->org) |
	     sq_bind_text(st, 5, imp->actor) | sqlite3_bind_int64(st, 6, imp->started_at) |
	     bind_finished(st, 7, imp->finished_at) | bind_counts(st, 8, imp)) != SQLITE_OK)
		ret = sq_bind_fail(s, "insert_import");
	else if ((ret = sq_step_int(s, st, "insert_import", &imp->id)) == STORE_NONE)
		ret = sq_hard(s, "insert_import: no id returned");
	sq_done(st);
	return ret;
}

int sq_update_import(struct store *s, const struct store_import *imp)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_IMPORT_UPDATE, SQL_IMPORT_UPDATE, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, imp->id) | bind_finished(st, 2, imp->finished_at) |
	     bind_counts(st, 3, imp)) != SQLITE_OK)
		ret = sq_bind_fail(s, "update_import");
	else if ((ret = sq_step_done(s, st, "update_import")) == STORE_ONE &&
		 sqlite3_changes(sq_of(s)->db) == 0)
		ret = STORE_NONE;
	sq_done(st);
	return ret;
}
