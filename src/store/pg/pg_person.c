/* Persons and their WW benefits (PostgreSQL).
 *
 * upsert_person is one INSERT ... ON CONFLICT DO UPDATE that changes the row
 * only when a value differs (and locks it either way); when nothing changed
 * it returns no row and the id is read with a second statement. The
 * encrypted BSN is neither compared nor rewritten: the same bsn_index proves
 * the same BSN, and a fresh nonce would make every import look like a
 * change.
 *
 * upsert_ww reads the benefit FOR UPDATE, compares in C and updates by id,
 * or inserts with ON CONFLICT DO NOTHING. Like the SQLite backend it tries
 * the INSERT first after an upsert that inserted. When a concurrent
 * transaction inserts the same benefit between the two statements, inside a
 * (SERIALIZABLE) transaction the INSERT fails with a serialization failure
 * (STORE_SOFT); outside one it does nothing and the benefit is read again.
 *
 * The bulk import does not come through here but through pg_load.c, which
 * applies the same rules set-based. */
#include "store/pg/pg.h"

#include <stdio.h>
#include <string.h>

#define SQL_NOW "floor(extract(epoch FROM now()))::bigint"

static const char SQL_PERSON_UPSERT[] =
	"INSERT INTO person AS p (bsn_index, bsn_enc, family_name, given_names, birth_date, "
	"postcode, house_number, gemeente, email, phone, language, created_at, updated_at) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, " SQL_NOW ", " SQL_NOW ") "
	"ON CONFLICT (bsn_index) DO UPDATE SET family_name = excluded.family_name, "
	"given_names = excluded.given_names, birth_date = excluded.birth_date, "
	"postcode = excluded.postcode, house_number = excluded.house_number, "
	"gemeente = excluded.gemeente, email = excluded.email, phone = excluded.phone, "
	"language = excluded.language, updated_at = excluded.updated_at "
	"WHERE (p.family_name, p.given_names, p.birth_date, p.postcode, p.house_number, "
	"p.gemeente, p.email, p.phone, p.language) IS DISTINCT FROM (excluded.family_name, "
	"excluded.given_names, excluded.birth_date, excluded.postcode, excluded.house_number, "
	"excluded.gemeente, excluded.email, excluded.phone, excluded.language) "
	"RETURNING id";

static const char SQL_PERSON_FIND[] = "SELECT id FROM person WHERE bsn_index = $1";

static const char SQL_WW_FIND[] = "SELECT id, end_date, daily_wage_cents FROM ww_benefit "
				  "WHERE person_id = $1 AND org = $2 AND start_date = $3 "
				  "FOR UPDATE";

static const char SQL_WW_INSERT[] =
	"INSERT INTO ww_benefit (person_id, org, start_date, end_date, daily_wage_cents, "
	"import_id) VALUES ($1, $2, $3, $4, $5, $6) "
	"ON CONFLICT (person_id, org, start_date) DO NOTHING RETURNING id";

static const char SQL_WW_UPDATE[] = "UPDATE ww_benefit SET end_date = $2, "
				    "daily_wage_cents = $3, import_id = $4 WHERE id = $1";

static const char SQL_WW_ENDING[] =
	"SELECT b.id, b.person_id, b.org, p.gemeente, b.end_date, p.bsn_enc, "
	"coalesce(r.id, 0) FROM ww_benefit AS b "
	"JOIN person AS p ON p.id = b.person_id "
	"LEFT JOIN route AS r ON r.benefit_id = b.id "
	"WHERE b.end_date BETWEEN $1 AND $2 AND ($3::text IS NULL OR b.org = $3) "
	"ORDER BY p.gemeente, b.end_date, b.id";

int pg_check_person(struct store *s, const struct store_person *p, const char *what)
{
	char msg[96];
	if (p->bsn_enc_len == 0 || p->bsn_enc_len > sizeof p->bsn_enc) {
		snprintf(msg, sizeof msg, "%s: encrypted BSN has a bad length", what);
		return pg_hard(s, msg);
	}
	if (!pg_date_ok(p->birth_date)) {
		snprintf(msg, sizeof msg, "%s: birth date out of range", what);
		return pg_hard(s, msg);
	}
	return STORE_ONE;
}

int pg_check_ww(struct store *s, const struct store_ww *w, const char *what)
{
	char msg[96];
	if (!pg_date_ok(w->start) || !pg_date_ok(w->end)) {
		snprintf(msg, sizeof msg, "%s: date out of range", what);
		return pg_hard(s, msg);
	}
	if (w->daily_wage_cents < -1) {
		snprintf(msg, sizeof msg, "%s: negative daily wage", what);
		return pg_hard(s, msg);
	}
	return STORE_ONE;
}

int pg_upsert_person(struct store *s, const struct store_person *p, int64_t *person_id)
{
	struct pg_params pp = {0};
	int ret = pg_check_person(s, p, "upsert_person");
	if (ret < 0)
		return ret;
	pg_p_bytes(&pp, p->bsn_index, sizeof p->bsn_index);
	pg_p_bytes(&pp, p->bsn_enc, p->bsn_enc_len);
	pg_p_text(&pp, p->family_name);
	pg_p_text(&pp, p->given_names);
	pg_p_date(&pp, p->birth_date);
	pg_p_text(&pp, p->postcode);
	pg_p_text(&pp, p->house_number);
	pg_p_text(&pp, p->gemeente);
	pg_p_opt_text(&pp, p->email);
	pg_p_opt_text(&pp, p->phone);
	pg_p_opt_text(&pp, p->language);
	ret = pg_exec_int(s, PG_PERSON_UPSERT, SQL_PERSON_UPSERT, &pp, "upsert_person", person_id);
	if (ret != STORE_NONE)
		return ret;
	/* Known and unchanged (and now locked): read its id. */
	struct pg_params key = {0};
	pg_p_bytes(&key, p->bsn_index, sizeof p->bsn_index);
	ret = pg_exec_int(s, PG_PERSON_FIND, SQL_PERSON_FIND, &key, "upsert_person", person_id);
	return ret == STORE_NONE ? pg_soft(s, "upsert_person: changed concurrently; retry") : ret;
}

/* $1..$6 of the INSERT: person, org, start, end, wage (-1: NULL), import (0: NULL). */
static int insert_ww(struct store *s, const struct store_ww *w, int64_t *id)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, w->person_id);
	pg_p_text(&pp, w->org);
	pg_p_date(&pp, w->start);
	pg_p_date(&pp, w->end);
	if (w->daily_wage_cents < 0)
		pg_p_null(&pp);
	else
		pg_p_int(&pp, w->daily_wage_cents);
	if (w->import_id == 0)
		pg_p_null(&pp);
	else
		pg_p_int(&pp, w->import_id);
	return pg_exec_int(s, PG_WW_INSERT, SQL_WW_INSERT, &pp, "upsert_ww", id);
}

/* Looks up (and locks) the benefit of the same person, org and start:
 * STORE_ONE with its id, end date and daily wage (-1 when unknown),
 * STORE_NONE, or an error. */
static int find_ww(struct store *s, const struct store_ww *w, int64_t *id, cdate *end,
		   int64_t *wage)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_int(&pp, w->person_id);
	pg_p_text(&pp, w->org);
	pg_p_date(&pp, w->start);
	int ret = pg_exec(s, PG_WW_FIND, SQL_WW_FIND, &pp, "upsert_ww", &res);
	if (ret < 0)
		return ret;
	if (PQntuples(res) == 0) {
		ret = STORE_NONE;
	} else if (pg_get_int(res, 0, 0, id) < 0 || pg_get_date(res, 0, 1, end) < 0) {
		ret = pg_hard(s, "upsert_ww: stored row is malformed");
	} else if (PQgetisnull(res, 0, 2)) {
		*wage = -1;
	} else if (pg_get_int(res, 0, 2, wage) < 0) {
		ret = pg_hard(s, "upsert_ww: stored row is malformed");
	}
	PQclear(res);
	return ret;
}

static int update_ww(struct store *s, const struct store_ww *w, int64_t id)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, id);
	pg_p_date(&pp, w->end);
	if (w->daily_wage_cents < 0)
		pg_p_null(&pp);
	else
		pg_p_int(&pp, w->daily_wage_cents);
	if (w->import_id == 0)
		pg_p_null(&pp);
	else
		pg_p_int(&pp, w->import_id);
	return pg_exec_done(s, PG_WW_UPDATE, SQL_WW_UPDATE, &pp, "upsert_ww", NULL);
}

int pg_upsert_ww(struct store *s, const struct store_ww *w, int64_t *benefit_id,
		 enum ww_change *change, cdate *old_end)
{
	struct pg *q = pg_of(s);
	int ret = pg_check_ww(s, w, "upsert_ww");
	if (ret < 0)
		return ret;
	if (q->ww_new) {
		ret = insert_ww(s, w, benefit_id);
		if (ret == STORE_ONE)
			*change = WW_INSERTED;
		if (ret != STORE_NONE)
			return ret;
		q->ww_new = false;
	}
	/* A concurrent insert between our look-up and our INSERT makes the
	 * INSERT do nothing; then the benefit is there to be found. */
	for (int attempt = 0; attempt < 2; attempt++) {
		int64_t id = 0, wage = -1;
		cdate end = 0;
		ret = find_ww(s, w, &id, &end, &wage);
		if (ret < 0)
			return ret;
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
		ret = insert_ww(s, w, benefit_id);
		if (ret < 0)
			return ret;
		if (ret == STORE_ONE) {
			*change = WW_INSERTED;
			q->ww_new = true;
			return STORE_ONE;
		}
	}
	return pg_soft(s, "upsert_ww: changed concurrently; retry");
}

/* Limits a query bound to the dates the store can hold; the rows found are
 * the same. */
static cdate clamp_date(cdate d)
{
	cdate lo = date_from_ymd(DATE_PARSE_YEAR_MIN, 1, 1);
	cdate hi = date_from_ymd(DATE_PARSE_YEAR_MAX, 12, 31);
	return d < lo ? lo : d > hi ? hi : d;
}

static int ww_row(struct store *s, const PGresult *res, int i, void *cls)
{
	struct store_each *each = cls;
	unsigned char enc[STORE_BSN_ENC_MAX];
	struct store_ww_row r = {
		.org = PQgetvalue(res, i, 2),
		.gemeente = PQgetvalue(res, i, 3),
		.bsn_enc = enc,
	};
	if (pg_get_int(res, i, 0, &r.benefit_id) < 0 || pg_get_int(res, i, 1, &r.person_id) < 0 ||
	    pg_get_date(res, i, 4, &r.end) < 0 ||
	    pg_get_bytes(res, i, 5, enc, sizeof enc, &r.bsn_enc_len) < 0 ||
	    pg_get_int(res, i, 6, &r.route_id) < 0 || PQgetisnull(res, i, 2) ||
	    PQgetisnull(res, i, 3))
		return pg_hard(s, "iterate_ww_ending: stored row is malformed");
	return each->cb.ww(each->cls, &r);
}

int pg_iterate_ww_ending(struct store *s, cdate first, cdate last, const char *org, store_ww_cb cb,
			 void *cb_cls)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_date(&pp, clamp_date(first));
	pg_p_date(&pp, clamp_date(last));
	pg_p_text(&pp, org);
	int ret = pg_exec(s, PG_WW_ENDING, SQL_WW_ENDING, &pp, "iterate_ww_ending", &res);
	if (ret < 0)
		return ret;
	struct store_each each = {.cb.ww = cb, .cls = cb_cls};
	ret = pg_each_row(s, res, ww_row, &each);
	PQclear(res);
	return ret;
}
