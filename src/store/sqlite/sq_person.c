/* Persons and their WW benefits (SQLite).
 *
 * Both upserts run once per row of a WW import (a million times in the
 * benchmark), so each runs as few statements as it can. They adapt to the
 * file being imported: after an upsert that inserted, the next one tries the
 * INSERT first (ON CONFLICT DO NOTHING; one statement for a new row); after
 * one that found the row, the next one looks up first (one indexed SELECT that
 * also compares the values; one statement for an unchanged row). So a fresh
 * import costs one statement per upsert, a re-import of known rows one, and
 * each switch between the two costs one statement more. A changed row adds an
 * UPDATE by rowid.
 *
 * RETURNING is avoided on purpose: SQLite 3.40 builds an ephemeral table for
 * it on every execution, which measured as about 40 % of an import's
 * instructions. New ids come from sqlite3_last_insert_rowid().
 *
 * Inside a write transaction nobody can insert between the SELECT and the
 * INSERT. Outside one, another connection can; the INSERT then does nothing
 * and the operation returns STORE_SOFT, to be retried. */
#include "store/sqlite/sq.h"

#include <stdio.h>
#include <string.h>

/* All three person statements take the person as ?1..?11 in the same order
 * (bind_person()); the SELECT and UPDATE leave ?2 (bsn_enc) unused. The
 * encrypted BSN is neither compared nor rewritten: the same bsn_index proves
 * the same BSN, and a fresh nonce would make every import look like a change. */
static const char SQL_PERSON_FIND[] =
	"SELECT id, family_name IS NOT ?3 OR given_names IS NOT ?4 OR birth_date IS NOT ?5 "
	"OR postcode IS NOT ?6 OR house_number IS NOT ?7 OR gemeente IS NOT ?8 "
	"OR email IS NOT ?9 OR phone IS NOT ?10 OR language IS NOT ?11 "
	"FROM person WHERE bsn_index = ?1";

static const char SQL_PERSON_INSERT[] =
	"INSERT INTO person (bsn_index, bsn_enc, family_name, given_names, birth_date, "
	"postcode, house_number, gemeente, email, phone, language, created_at, updated_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, unixepoch(), unixepoch()) "
	"ON CONFLICT (bsn_index) DO NOTHING";

static const char SQL_PERSON_UPDATE[] =
	"UPDATE person SET family_name = ?3, given_names = ?4, birth_date = ?5, "
	"postcode = ?6, house_number = ?7, gemeente = ?8, email = ?9, phone = ?10, "
	"language = ?11, updated_at = unixepoch() WHERE id = ?12";

static const char SQL_WW_FIND[] = "SELECT id, end_date, daily_wage_cents FROM ww_benefit "
				  "WHERE person_id = ?1 AND org = ?2 AND start_date = ?3";

static const char SQL_WW_INSERT[] =
	"INSERT INTO ww_benefit (person_id, org, start_date, end_date, daily_wage_cents, "
	"import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	"ON CONFLICT (person_id, org, start_date) DO NOTHING";

static const char SQL_WW_UPDATE[] = "UPDATE ww_benefit SET end_date = ?2, "
				    "daily_wage_cents = ?3, import_id = ?4 WHERE id = ?1";

static const char SQL_WW_ENDING[] =
	"SELECT b.id, b.person_id, b.org, p.gemeente, b.end_date, p.bsn_enc, "
	"coalesce(r.id, 0) FROM ww_benefit AS b "
	"JOIN person AS p ON p.id = b.person_id "
	"LEFT JOIN route AS r ON r.benefit_id = b.id "
	"WHERE b.end_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR b.org = ?3) "
	"ORDER BY p.gemeente, b.end_date, b.id";

static int bind_person(sqlite3_stmt *st, const struct store_person *p)
{
	return sqlite3_bind_blob(st, 1, p->bsn_index, sizeof p->bsn_index, SQLITE_STATIC) |
	       sqlite3_bind_blob(st, 2, p->bsn_enc, (int)p->bsn_enc_len, SQLITE_STATIC) |
	       sq_bind_text(st, 3, p->family_name) | sq_bind_text(st, 4, p->given_names) |
	       sq_bind_date(st, 5, p->birth_date) | sq_bind_text(st, 6, p->postcode) |
	       sq_bind_text(st, 7, p->house_number) | sq_bind_text(st, 8, p->gemeente) |
	       sq_bind_opt_text(st, 9, p->email) | sq_bind_opt_text(st, 10, p->phone) |
	       sq_bind_opt_text(st, 11, p->language);
}

/* Inserts a person: STORE_ONE with *id, STORE_NONE when the bsn_index is
 * already there, or an error. */
static int insert_person(struct store *s, const struct store_person *p, int64_t *id)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_PERSON_INSERT, SQL_PERSON_INSERT, &st);
	if (ret < 0)
		return ret;
	if (bind_person(st, p) != SQLITE_OK)
		ret = sq_bind_fail(s, "upsert_person");
	else
		ret = sq_step_insert(s, st, "upsert_person", id);
	sq_done(st);
	return ret;
}

/* Looks a person up: STORE_ONE with *id and whether the stored values differ
 * from p, STORE_NONE, or an error. */
static int find_person(struct store *s, const struct store_person *p, int64_t *id, bool *changed)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_PERSON_FIND, SQL_PERSON_FIND, &st);
	if (ret < 0)
		return ret;
	if (bind_person(st, p) != SQLITE_OK) {
		ret = sq_bind_fail(s, "upsert_person");
		goto cleanup;
	}
	/* A unique key: one row at most, so no second step is needed. */
	ret = sq_step_row(s, st, "upsert_person");
	if (ret == STORE_ONE) {
		*id = sqlite3_column_int64(st, 0);
		*changed = sqlite3_column_int(st, 1) != 0;
	}
cleanup:
	sq_done(st);
	return ret;
}

static int update_person(struct store *s, const struct store_person *p, int64_t id)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_PERSON_UPDATE, SQL_PERSON_UPDATE, &st);
	if (ret < 0)
		return ret;
	if ((bind_person(st, p) | sqlite3_bind_int64(st, 12, id)) != SQLITE_OK)
		ret = sq_bind_fail(s, "upsert_person");
	else
		ret = sq_step_done(s, st, "upsert_person");
	sq_done(st);
	return ret;
}

int sq_upsert_person(struct store *s, const struct store_person *p, int64_t *person_id)
{
	struct sq *q = sq_of(s);
	int64_t id = 0;
	bool changed = false;
	int ret;

	if (p->bsn_enc_len == 0 || p->bsn_enc_len > sizeof p->bsn_enc)
		return sq_hard(s, "upsert_person: encrypted BSN has a bad length");
	if (!sq_date_ok(p->birth_date))
		return sq_hard(s, "upsert_person: birth date out of range");
	if (q->person_new) {
		ret = insert_person(s, p, person_id);
		if (ret != STORE_NONE)
			return ret;
		q->person_new = false;
	}
	ret = find_person(s, p, &id, &changed);
	if (ret == STORE_ONE) {
		*person_id = id;
		return changed ? update_person(s, p, id) : STORE_ONE;
	}
	if (ret < 0)
		return ret;
	ret = insert_person(s, p, person_id);
	if (ret == STORE_NONE)
		return sq_soft(s, "upsert_person: inserted concurrently; retry");
	q->person_new = ret == STORE_ONE;
	return ret;
}

/* Binds the daily wage: -1 (unknown) as NULL. */
static int bind_wage(sqlite3_stmt *st, int i, int64_t cents)
{
	return cents < 0 ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, cents);
}

/* Binds the import id: 0 (not from an import) as NULL. */
static int bind_import(sqlite3_stmt *st, int i, int64_t id)
{
	return id == 0 ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, id);
}

/* Inserts a benefit: STORE_ONE with *id, STORE_NONE when one of the same
 * person, org and start is already there, or an error. */
static int insert_ww(struct store *s, const struct store_ww *w, int64_t *id)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_WW_INSERT, SQL_WW_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, w->person_id) | sq_bind_text(st, 2, w->org) |
	     sq_bind_date(st, 3, w->start) | sq_bind_date(st, 4, w->end) |
	     bind_wage(st, 5, w->daily_wage_cents) | bind_import(st, 6, w->import_id)) != SQLITE_OK)
		ret = sq_bind_fail(s, "upsert_ww");
	else
		ret = sq_step_insert(s, st, "upsert_ww", id);
	sq_done(st);
	return ret;
}

/* Looks up the benefit of the same person, org and start: STORE_ONE with its
 * id, end date and daily wage (-1 when unknown), STORE_NONE, or an error. */
static int find_ww(struct store *s, const struct store_ww *w, int64_t *id, cdate *end,
		   int64_t *wage)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_WW_FIND, SQL_WW_FIND, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, w->person_id) | sq_bind_text(st, 2, w->org) |
	     sq_bind_date(st, 3, w->start)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "upsert_ww");
		goto cleanup;
	}
	ret = sq_step_row(s, st, "upsert_ww");
	if (ret != STORE_ONE)
		goto cleanup;
	if (sq_column_date(st, 1, end) < 0) {
		ret = sq_hard(s, "upsert_ww: stored end date is malformed");
	} else {
		*id = sqlite3_column_int64(st, 0);
		*wage = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1
								  : sqlite3_column_int64(st, 2);
	}
cleanup:
	sq_done(st);
	return ret;
}

static int update_ww(struct store *s, const struct store_ww *w, int64_t id)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_WW_UPDATE, SQL_WW_UPDATE, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, id) | sq_bind_date(st, 2, w->end) |
	     bind_wage(st, 3, w->daily_wage_cents) | bind_import(st, 4, w->import_id)) != SQLITE_OK)
		ret = sq_bind_fail(s, "upsert_ww");
	else
		ret = sq_step_done(s, st, "upsert_ww");
	sq_done(st);
	return ret;
}

int sq_upsert_ww(struct store *s, const struct store_ww *w, int64_t *benefit_id,
		 enum ww_change *change, cdate *old_end)
{
	struct sq *q = sq_of(s);
	int64_t id = 0, wage = -1;
	cdate end = 0;
	int ret;

	if (!sq_date_ok(w->start) || !sq_date_ok(w->end))
		return sq_hard(s, "upsert_ww: date out of range");
	if (w->daily_wage_cents < -1)
		return sq_hard(s, "upsert_ww: negative daily wage");
	if (q->ww_new) {
		ret = insert_ww(s, w, benefit_id);
		if (ret == STORE_ONE)
			*change = WW_INSERTED;
		if (ret != STORE_NONE)
			return ret;
		q->ww_new = false;
	}
	ret = find_ww(s, w, &id, &end, &wage);
	if (ret == STORE_ONE) {
		*benefit_id = id;
		if (end == w->end && wage == w->daily_wage_cents) {
			*change = WW_UNCHANGED;
			return STORE_ONE;
		}
		ret = update_ww(s, w, id);
		if (ret == STORE_ONE) {
			*change = WW_UPDATED;
			*old_end = end;
		}
		return ret;
	}
	if (ret < 0)
		return ret;
	ret = insert_ww(s, w, benefit_id);
	if (ret == STORE_NONE)
		return sq_soft(s, "upsert_ww: inserted concurrently; retry");
	if (ret == STORE_ONE) {
		*change = WW_INSERTED;
		q->ww_new = true;
	}
	return ret;
}

/* Limits a query bound to the dates the store can hold; the rows found are
 * the same, and the bound then formats as a comparable ISO date. */
static cdate clamp_date(cdate d)
{
	cdate lo = date_from_ymd(DATE_PARSE_YEAR_MIN, 1, 1);
	cdate hi = date_from_ymd(DATE_PARSE_YEAR_MAX, 12, 31);
	return d < lo ? lo : d > hi ? hi : d;
}

static int ww_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_each *each = cls;
	struct store_ww_row r = {
		.benefit_id = sqlite3_column_int64(st, 0),
		.person_id = sqlite3_column_int64(st, 1),
		.org = (const char *)sqlite3_column_text(st, 2),
		.gemeente = (const char *)sqlite3_column_text(st, 3),
		.route_id = sqlite3_column_int64(st, 6),
	};
	/* column_blob before column_bytes, as SQLite asks. */
	r.bsn_enc = sqlite3_column_blob(st, 5);
	r.bsn_enc_len = (size_t)sqlite3_column_bytes(st, 5);
	if (sq_column_date(st, 4, &r.end) < 0 || !r.org || !r.gemeente || !r.bsn_enc)
		return sq_hard(s, "iterate_ww_ending: stored row is malformed");
	return each->cb.ww(each->cls, &r);
}

int sq_iterate_ww_ending(struct store *s, cdate first, cdate last, const char *org, store_ww_cb cb,
			 void *cb_cls)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_WW_ENDING, SQL_WW_ENDING, &st);
	if (ret < 0)
		return ret;
	if ((sq_bind_date(st, 1, clamp_date(first)) | sq_bind_date(st, 2, clamp_date(last)) |
	     sq_bind_text(st, 3, org)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "iterate_ww_ending");
		goto cleanup;
	}
	struct store_each each = {.cb.ww = cb, .cls = cb_cls};
	ret = sq_each_row(s, st, "iterate_ww_ending", ww_row, &each);
cleanup:
	sq_done(st);
	return ret;
}
