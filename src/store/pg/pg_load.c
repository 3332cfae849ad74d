/* Bulk load of a WW file (PostgreSQL): COPY into a staging table, then one
 * set-based merge.
 *
 * ww_load_begin creates the temporary table ww_stage (dropped at the end of
 * the transaction) and starts COPY ww_stage FROM STDIN in binary format.
 * ww_load_add encodes one row (with its sequence number in the file) into a
 * client-side buffer that goes to the server in chunks of about 64 KiB.
 * ww_load_end ends the COPY and merges:
 *
 *  - When a benefit (bsn_index, org, start) occurs more than once in the
 *    file, which a UWV export should never contain, the staged rows are read
 *    back in file order and applied one by one with the same upserts as the
 *    single-row operations (pg_person.c), so the counts and end results are
 *    exactly those of SQLite. Slow, but only for such files.
 *  - Otherwise, set-based: persons are upserted from the last staged row of
 *    each bsn_index (never rewriting bsn_enc, only changing rows whose values
 *    differ); the staged rows are matched with their person and stored
 *    benefit into ww_match, which keeps each benefit's old end date and wage;
 *    the counts come from ww_match; changed benefits are updated (only when
 *    still holding the old values) and new ones inserted (ON CONFLICT DO
 *    NOTHING), in file order so that ids (and the order of ties in
 *    iterate_ww_ending) are SQLite's. When either statement touches fewer
 *    rows than ww_match says, another transaction wrote the same benefits
 *    meanwhile (SERIALIZABLE normally reports that first, as a serialization
 *    failure): STORE_SOFT, and the caller's rollback undoes the load. Last,
 *    each end-date change is reported through on_change, in file order, from
 *    a cursor over ww_match.
 *
 * Every row is checked as the single-row upserts check it (lengths, date
 * range, wage); the constraints of the staging table and of the real tables
 * check the rest, so errors of the COPY surface at ww_load_end. An unknown
 * municipality is reported even for an earlier row of a person that a later
 * row overrides, as the row-by-row upserts would.
 *
 * The load runs in the caller's write transaction, which it needs (the
 * staging tables live until its end). Its statements run without the
 * session's statement_timeout (a load takes as long as its file) and with
 * 64 MB work_mem for their sorts and hashes. The staging table is analysed
 * (the columns the merge joins on) so that the planner knows its size. */
#include "store/pg/pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY_CHUNK 65536
#define STAGE_FIELDS 17
#define FETCH_ROWS "1000"

/* Days from 1970-01-01 (cdate 0) to 2000-01-01 (PostgreSQL's date 0). */
#define PG_DATE_EPOCH 10957

struct pg_change {
	struct store_ww_change c;
};

static const char SQL_STAGE[] =
	"SET LOCAL statement_timeout = 0; SET LOCAL work_mem = '64MB'; "
	"DROP TABLE IF EXISTS pg_temp.ww_match, pg_temp.ww_stage; "
	"CREATE TEMP TABLE ww_stage ("
	"seq bigint NOT NULL, bsn_index bytea NOT NULL, bsn_enc bytea NOT NULL, "
	"family_name text NOT NULL, given_names text, birth_date date NOT NULL, "
	"postcode text, house_number text, gemeente text COLLATE \"C\" NOT NULL, "
	"email text, phone text, language text, org text COLLATE \"C\" NOT NULL, "
	"start_date date NOT NULL, end_date date NOT NULL, daily_wage_cents bigint, "
	"import_id bigint) ON COMMIT DROP";

static const char SQL_COPY[] =
	"COPY ww_stage (seq, bsn_index, bsn_enc, family_name, given_names, birth_date, "
	"postcode, house_number, gemeente, email, phone, language, org, start_date, end_date, "
	"daily_wage_cents, import_id) FROM STDIN (FORMAT binary)";

/* Persons that a row names (a person overridden by a later row included)
 * must live in a known municipality. */
static const char SQL_CHECK_GEMEENTE[] =
	"SELECT 1 FROM (SELECT DISTINCT gemeente FROM ww_stage) AS s WHERE NOT EXISTS "
	"(SELECT 1 FROM organisation AS o WHERE o.code = s.gemeente) LIMIT 1";

static const char SQL_HAS_DUPLICATES[] =
	"SELECT EXISTS (SELECT 1 FROM ww_stage GROUP BY bsn_index, org, start_date "
	"HAVING count(*) > 1)";

/* The last row of each person wins. New persons are inserted in file order
 * (of their last row), so that their ids follow the file as in SQLite and
 * the benefits, inserted in file order next, find their persons close
 * together (each foreign-key check locks the person's row). */
static const char SQL_PERSONS[] =
	"INSERT INTO person AS p (bsn_index, bsn_enc, family_name, given_names, birth_date, "
	"postcode, house_number, gemeente, email, phone, language, created_at, updated_at) "
	"SELECT bsn_index, bsn_enc, family_name, given_names, birth_date, postcode, "
	"house_number, gemeente, email, phone, language, "
	"floor(extract(epoch FROM now()))::bigint, floor(extract(epoch FROM now()))::bigint "
	"FROM (SELECT DISTINCT ON (bsn_index) * FROM ww_stage ORDER BY bsn_index, seq DESC) "
	"AS last ORDER BY seq "
	"ON CONFLICT (bsn_index) DO UPDATE SET family_name = excluded.family_name, "
	"given_names = excluded.given_names, birth_date = excluded.birth_date, "
	"postcode = excluded.postcode, house_number = excluded.house_number, "
	"gemeente = excluded.gemeente, email = excluded.email, phone = excluded.phone, "
	"language = excluded.language, updated_at = excluded.updated_at "
	"WHERE (p.family_name, p.given_names, p.birth_date, p.postcode, p.house_number, "
	"p.gemeente, p.email, p.phone, p.language) IS DISTINCT FROM (excluded.family_name, "
	"excluded.given_names, excluded.birth_date, excluded.postcode, excluded.house_number, "
	"excluded.gemeente, excluded.email, excluded.phone, excluded.language)";

static const char SQL_MATCH[] =
	"CREATE TEMP TABLE ww_match ON COMMIT DROP AS "
	"SELECT s.seq, p.id AS person_id, s.org, s.start_date, s.end_date, s.daily_wage_cents, "
	"s.import_id, b.id AS benefit_id, b.end_date AS old_end, "
	"b.daily_wage_cents AS old_wage "
	"FROM ww_stage AS s JOIN person AS p ON p.bsn_index = s.bsn_index "
	"LEFT JOIN ww_benefit AS b ON b.person_id = p.id AND b.org = s.org "
	"AND b.start_date = s.start_date";

/* rows, new, changed, end date changed */
static const char SQL_COUNTS[] =
	"SELECT count(*), count(*) FILTER (WHERE benefit_id IS NULL), "
	"count(*) FILTER (WHERE benefit_id IS NOT NULL AND "
	"(old_end, old_wage) IS DISTINCT FROM (end_date, daily_wage_cents)), "
	"count(*) FILTER (WHERE benefit_id IS NOT NULL AND old_end <> end_date) "
	"FROM ww_match";

static const char SQL_UPDATE[] =
	"UPDATE ww_benefit AS b SET end_date = m.end_date, "
	"daily_wage_cents = m.daily_wage_cents, import_id = m.import_id FROM ww_match AS m "
	"WHERE b.id = m.benefit_id AND (m.old_end, m.old_wage) IS DISTINCT FROM "
	"(m.end_date, m.daily_wage_cents) AND b.end_date = m.old_end "
	"AND b.daily_wage_cents IS NOT DISTINCT FROM m.old_wage";

/* In file order: benefit ids, and so the order of benefits that end on the
 * same day in the same municipality (iterate_ww_ending), are those of
 * SQLite. */
static const char SQL_INSERT[] =
	"INSERT INTO ww_benefit (person_id, org, start_date, end_date, daily_wage_cents, "
	"import_id) SELECT person_id, org, start_date, end_date, daily_wage_cents, import_id "
	"FROM ww_match WHERE benefit_id IS NULL ORDER BY seq "
	"ON CONFLICT (person_id, org, start_date) DO NOTHING";

static const char SQL_CHANGES_CURSOR[] =
	"DECLARE ww_changes NO SCROLL CURSOR FOR "
	"SELECT m.benefit_id, m.old_end, m.end_date, coalesce(r.id, 0) "
	"FROM ww_match AS m LEFT JOIN route AS r ON r.benefit_id = m.benefit_id "
	"WHERE m.benefit_id IS NOT NULL AND m.old_end <> m.end_date ORDER BY m.seq";

static const char SQL_ROWS_CURSOR[] =
	"DECLARE ww_rows NO SCROLL CURSOR FOR "
	"SELECT bsn_index, bsn_enc, family_name, given_names, birth_date, postcode, "
	"house_number, gemeente, email, phone, language, org, start_date, end_date, "
	"daily_wage_cents, import_id FROM ww_stage ORDER BY seq";

/* ---- the COPY stream ---- */

static int buf_reserve(struct store *s, size_t more)
{
	struct pg *q = pg_of(s);
	if (q->copy_len + more <= q->copy_cap)
		return STORE_ONE;
	size_t cap = q->copy_cap ? q->copy_cap : COPY_CHUNK;
	while (cap < q->copy_len + more)
		cap *= 2;
	char *b = realloc(q->copy_buf, cap);
	if (!b)
		return pg_hard(s, "ww_load: out of memory");
	q->copy_buf = b;
	q->copy_cap = cap;
	return STORE_ONE;
}

static void put_raw(struct pg *q, const void *v, size_t n)
{
	memcpy(q->copy_buf + q->copy_len, v, n);
	q->copy_len += n;
}

static void put_u16(struct pg *q, uint16_t v)
{
	unsigned char b[2] = {(unsigned char)(v >> 8), (unsigned char)v};
	put_raw(q, b, 2);
}

static void put_u32(struct pg *q, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};
	put_raw(q, b, 4);
}

static void put_null(struct pg *q)
{
	put_u32(q, UINT32_MAX); /* length -1 */
}

static void put_bytes(struct pg *q, const void *v, size_t n)
{
	put_u32(q, (uint32_t)n);
	put_raw(q, v, n);
}

static void put_text(struct pg *q, const char *v)
{
	if (v)
		put_bytes(q, v, strlen(v));
	else
		put_null(q);
}

static void put_opt_text(struct pg *q, const char *v)
{
	put_text(q, v && *v ? v : NULL);
}

static void put_int8(struct pg *q, int64_t v)
{
	uint64_t u = (uint64_t)v;
	put_u32(q, 8);
	put_u32(q, (uint32_t)(u >> 32));
	put_u32(q, (uint32_t)u);
}

static void put_date(struct pg *q, cdate d)
{
	put_u32(q, 4);
	put_u32(q, (uint32_t)(int32_t)(d - PG_DATE_EPOCH));
}

/* Ends the COPY and collects its outcome. With abort_reason the server
 * discards the rows. Returns STORE_ONE or an error status. */
static int copy_end(struct store *s, const char *abort_reason, const char *what)
{
	struct pg *q = pg_of(s);
	int ret = STORE_ONE;
	PGresult *res;
	q->copy_active = false;
	q->copy_len = 0;
	if (PQputCopyEnd(q->conn, abort_reason) != 1)
		ret = pg_fail(s, NULL, what);
	while ((res = PQgetResult(q->conn)) != NULL) {
		if (ret == STORE_ONE && !abort_reason && PQresultStatus(res) != PGRES_COMMAND_OK)
			ret = pg_fail(s, res, what);
		PQclear(res);
	}
	return ret;
}

static int flush(struct store *s, const char *what)
{
	struct pg *q = pg_of(s);
	if (q->copy_len == 0)
		return STORE_ONE;
	if (PQputCopyData(q->conn, q->copy_buf, (int)q->copy_len) != 1) {
		/* The server refused the COPY (its error is in the result). */
		int ret = copy_end(s, NULL, what);
		return ret < 0 ? ret : pg_fail(s, NULL, what);
	}
	q->copy_len = 0;
	return STORE_ONE;
}

void pg_load_abandon(struct store *s)
{
	struct pg *q = pg_of(s);
	if (q->copy_active)
		copy_end(s, "bulk load abandoned", "ww_load");
	q->load_open = false;
	q->n_changes = 0;
}

void pg_load_free(struct pg *q)
{
	free(q->copy_buf);
	free(q->changes);
	q->copy_buf = NULL;
	q->changes = NULL;
	q->copy_cap = q->cap_changes = 0;
}

/* ---- begin, add ---- */

int pg_ww_load_begin(struct store *s)
{
	struct pg *q = pg_of(s);
	static const char header[] = "PGCOPY\n\377\r\n"; /* and a NUL: 11 bytes */
	if (q->load_open)
		return pg_hard(s, "ww_load_begin: a bulk load is already under way");
	if (!q->tx_open || PQstatus(q->conn) != CONNECTION_OK ||
	    PQtransactionStatus(q->conn) != PQTRANS_INTRANS)
		return pg_hard(s, "ww_load_begin: needs an open write transaction");
	int ret = pg_exec_simple(s, SQL_STAGE, "ww_load_begin", NULL);
	if (ret < 0)
		return ret;
	PGresult *res = PQexec(q->conn, SQL_COPY);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		ret = pg_fail(s, res, "ww_load_begin");
		PQclear(res);
		return ret;
	}
	PQclear(res);
	q->copy_active = q->load_open = true;
	q->load_rows = 0;
	q->n_changes = 0;
	q->copy_len = 0;
	if ((ret = buf_reserve(s, 19)) < 0) {
		pg_load_abandon(s);
		return ret;
	}
	put_raw(q, header, 11);
	put_u32(q, 0); /* flags */
	put_u32(q, 0); /* header extension length */
	return STORE_ONE;
}

static size_t text_size(const char *v)
{
	return 4 + (v ? strlen(v) : 0);
}

int pg_ww_load_add(struct store *s, const struct store_person *p, const struct store_ww *w)
{
	struct pg *q = pg_of(s);
	int ret;
	if (!q->copy_active)
		return pg_hard(s, "ww_load_add: no bulk load under way");
	if ((ret = pg_check_person(s, p, "ww_load_add")) < 0 ||
	    (ret = pg_check_ww(s, w, "ww_load_add")) < 0)
		return ret;
	size_t need = 2 + 12 + (4 + sizeof p->bsn_index) + (4 + p->bsn_enc_len) + 8 +
		      text_size(p->family_name) + text_size(p->given_names) +
		      text_size(p->postcode) + text_size(p->house_number) + text_size(p->gemeente) +
		      text_size(p->email) + text_size(p->phone) + text_size(p->language) +
		      text_size(w->org) + 3 * 8 + 2 * 12;
	if (q->copy_len + need > COPY_CHUNK && (ret = flush(s, "ww_load_add")) < 0)
		return ret;
	if ((ret = buf_reserve(s, need)) < 0)
		return ret;
	q->load_rows++;
	put_u16(q, STAGE_FIELDS);
	put_int8(q, q->load_rows);
	put_bytes(q, p->bsn_index, sizeof p->bsn_index);
	put_bytes(q, p->bsn_enc, p->bsn_enc_len);
	put_text(q, p->family_name);
	put_text(q, p->given_names);
	put_date(q, p->birth_date);
	put_text(q, p->postcode);
	put_text(q, p->house_number);
	put_text(q, p->gemeente);
	put_opt_text(q, p->email);
	put_opt_text(q, p->phone);
	put_opt_text(q, p->language);
	put_text(q, w->org);
	put_date(q, w->start);
	put_date(q, w->end);
	if (w->daily_wage_cents < 0)
		put_null(q);
	else
		put_int8(q, w->daily_wage_cents);
	if (w->import_id == 0)
		put_null(q);
	else
		put_int8(q, w->import_id);
	return STORE_ONE;
}

/* ---- end: the row-by-row path ---- */

static int remember_change(struct store *s, int64_t benefit_id, cdate old_end, cdate new_end)
{
	struct pg *q = pg_of(s);
	if (q->n_changes == q->cap_changes) {
		size_t cap = q->cap_changes ? 2 * q->cap_changes : 64;
		struct pg_change *c = realloc(q->changes, cap * sizeof *c);
		if (!c)
			return pg_hard(s, "ww_load_end: out of memory");
		q->changes = c;
		q->cap_changes = cap;
	}
	q->changes[q->n_changes++].c = (struct store_ww_change){
		.benefit_id = benefit_id,
		.old_end = old_end,
		.new_end = new_end,
	};
	return STORE_ONE;
}

/* Applies one staged row (a row of SQL_ROWS_CURSOR) with the upserts. */
static int apply_row(struct store *s, const PGresult *res, int i, struct store_ww_load *load)
{
	struct store_person p = {
		.family_name = pg_get_opt_text(res, i, 2),
		.given_names = pg_get_opt_text(res, i, 3),
		.postcode = pg_get_opt_text(res, i, 5),
		.house_number = pg_get_opt_text(res, i, 6),
		.gemeente = pg_get_opt_text(res, i, 7),
		.email = pg_get_opt_text(res, i, 8),
		.phone = pg_get_opt_text(res, i, 9),
		.language = pg_get_opt_text(res, i, 10),
	};
	struct store_ww w = {.org = pg_get_opt_text(res, i, 11), .daily_wage_cents = -1};
	size_t n;
	if (pg_get_bytes(res, i, 0, p.bsn_index, sizeof p.bsn_index, &n) < 0 ||
	    n != sizeof p.bsn_index ||
	    pg_get_bytes(res, i, 1, p.bsn_enc, sizeof p.bsn_enc, &p.bsn_enc_len) < 0 ||
	    pg_get_date(res, i, 4, &p.birth_date) < 0 || pg_get_date(res, i, 12, &w.start) < 0 ||
	    pg_get_date(res, i, 13, &w.end) < 0 ||
	    (!PQgetisnull(res, i, 14) && pg_get_int(res, i, 14, &w.daily_wage_cents) < 0) ||
	    (!PQgetisnull(res, i, 15) && pg_get_int(res, i, 15, &w.import_id) < 0))
		return pg_hard(s, "ww_load_end: staged row is malformed");
	int64_t benefit_id = 0;
	enum ww_change change;
	cdate old_end = 0;
	int ret = pg_upsert_person(s, &p, &w.person_id);
	if (ret < 0)
		return ret;
	ret = pg_upsert_ww(s, &w, &benefit_id, &change, &old_end);
	if (ret < 0)
		return ret;
	switch (change) {
	case WW_INSERTED:
		load->inserted++;
		break;
	case WW_UNCHANGED:
		load->unchanged++;
		break;
	case WW_UPDATED:
		load->updated++;
		if (old_end != w.end)
			return remember_change(s, benefit_id, old_end, w.end);
		break;
	}
	return STORE_ONE;
}

static int merge_row_by_row(struct store *s, struct store_ww_load *load)
{
	int ret = pg_exec_simple(s, SQL_ROWS_CURSOR, "ww_load_end", NULL);
	while (ret >= 0) {
		PGresult *res;
		ret = pg_exec_simple(s, "FETCH " FETCH_ROWS " FROM ww_rows", "ww_load_end", &res);
		if (ret < 0)
			break;
		int rows = PQntuples(res);
		for (int i = 0; i < rows && ret >= 0; i++)
			ret = apply_row(s, res, i, load);
		PQclear(res);
		if (rows == 0)
			break;
	}
	if (ret >= 0)
		ret = pg_exec_simple(s, "CLOSE ww_rows", "ww_load_end", NULL);
	return ret;
}

static int report_remembered(struct store *s, store_change_cb on_change, void *cls)
{
	struct pg *q = pg_of(s);
	for (size_t i = 0; i < q->n_changes; i++) {
		struct store_ww_change *c = &q->changes[i].c;
		int rc = pg_get_route_by_benefit(s, c->benefit_id, &c->route_id);
		if (rc < 0)
			return rc;
		if (rc == STORE_NONE)
			c->route_id = 0;
		rc = on_change(cls, c);
		if (rc < 0)
			return rc;
	}
	return STORE_ONE;
}

/* ---- end: the set-based path ---- */

static int merge_set_based(struct store *s, struct store_ww_load *load, int64_t *n_changes)
{
	struct pg *q = pg_of(s);
	PGresult *res;
	int64_t rows, fresh, changed, affected;
	int ret = pg_exec_done(s, PG_LOAD_PERSONS, SQL_PERSONS, NULL, "ww_load_end", NULL);
	if (ret < 0 || (ret = pg_exec_simple(s, SQL_MATCH, "ww_load_end", NULL)) < 0 ||
	    (ret = pg_exec(s, PG_LOAD_COUNTS, SQL_COUNTS, NULL, "ww_load_end", &res)) < 0)
		return ret;
	if (pg_get_int(res, 0, 0, &rows) < 0 || pg_get_int(res, 0, 1, &fresh) < 0 ||
	    pg_get_int(res, 0, 2, &changed) < 0 || pg_get_int(res, 0, 3, n_changes) < 0)
		ret = pg_hard(s, "ww_load_end: unexpected counts");
	PQclear(res);
	if (ret < 0)
		return ret;
	if (rows != q->load_rows)
		return pg_hard(s, "ww_load_end: staged rows lost their person");
	if (changed > 0) {
		ret = pg_exec_done(s, PG_LOAD_UPDATE, SQL_UPDATE, NULL, "ww_load_end", &affected);
		if (ret < 0)
			return ret;
		if (affected != changed)
			return pg_soft(s, "ww_load_end: benefits were changed by another "
					  "transaction during the load; retry");
	}
	if (fresh > 0) {
		ret = pg_exec_done(s, PG_LOAD_INSERT, SQL_INSERT, NULL, "ww_load_end", &affected);
		if (ret < 0)
			return ret;
		if (affected != fresh)
			return pg_soft(s, "ww_load_end: benefits were inserted by another "
					  "transaction during the load; retry");
	}
	load->inserted = fresh;
	load->updated = changed;
	load->unchanged = rows - fresh - changed;
	return STORE_ONE;
}

static int report_from_cursor(struct store *s, store_change_cb on_change, void *cls)
{
	int ret = pg_exec_simple(s, SQL_CHANGES_CURSOR, "ww_load_end", NULL);
	while (ret >= 0) {
		PGresult *res;
		ret = pg_exec_simple(s, "FETCH " FETCH_ROWS " FROM ww_changes", "ww_load_end",
				     &res);
		if (ret < 0)
			break;
		int rows = PQntuples(res);
		for (int i = 0; i < rows && ret >= 0; i++) {
			struct store_ww_change c;
			if (pg_get_int(res, i, 0, &c.benefit_id) < 0 ||
			    pg_get_date(res, i, 1, &c.old_end) < 0 ||
			    pg_get_date(res, i, 2, &c.new_end) < 0 ||
			    pg_get_int(res, i, 3, &c.route_id) < 0) {
				ret = pg_hard(s, "ww_load_end: unexpected change row");
				break;
			}
			int rc = on_change(cls, &c);
			if (rc < 0)
				ret = rc;
		}
		PQclear(res);
		if (rows == 0)
			break;
	}
	if (ret >= 0)
		ret = pg_exec_simple(s, "CLOSE ww_changes", "ww_load_end", NULL);
	return ret;
}

/* Whether some benefit occurs more than once among the staged rows. */
static int has_duplicates(struct store *s, bool *dup)
{
	PGresult *res;
	int ret = pg_exec(s, PG_LOAD_HAS_DUPLICATES, SQL_HAS_DUPLICATES, NULL, "ww_load_end", &res);
	if (ret < 0)
		return ret;
	if (PQntuples(res) != 1)
		ret = pg_hard(s, "ww_load_end: unexpected result");
	else
		*dup = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return ret;
}

int pg_ww_load_end(struct store *s, struct store_ww_load *out, store_change_cb on_change, void *cls)
{
	struct pg *q = pg_of(s);
	struct store_ww_load load = {0, 0, 0};
	int64_t n_changes = 0, found;
	bool dup = false;
	int ret;
	if (!q->load_open)
		return pg_hard(s, "ww_load_end: no bulk load under way");
	if (q->copy_active) {
		if ((ret = buf_reserve(s, 2)) < 0)
			goto cleanup;
		put_u16(q, UINT16_MAX); /* trailer: -1 */
		if ((ret = flush(s, "ww_load_end")) < 0 ||
		    (ret = copy_end(s, NULL, "ww_load_end")) < 0)
			goto cleanup;
	}
	q->n_changes = 0;
	ret = STORE_ONE;
	if (q->load_rows == 0)
		goto done;
	if ((ret = pg_exec_simple(s, "ANALYZE ww_stage (bsn_index, org, start_date)", "ww_load_end",
				  NULL)) < 0)
		goto cleanup;
	ret = pg_exec_int(s, PG_LOAD_CHECK_GEMEENTE, SQL_CHECK_GEMEENTE, NULL, "ww_load_end",
			  &found);
	if (ret < 0)
		goto cleanup;
	if (ret == STORE_ONE) {
		ret = pg_hard(s, "ww_load_end: a row names a municipality that is not in the "
				 "database");
		goto cleanup;
	}
	if ((ret = has_duplicates(s, &dup)) < 0)
		goto cleanup;
	if (dup) {
		if ((ret = merge_row_by_row(s, &load)) < 0 ||
		    (ret = report_remembered(s, on_change, cls)) < 0)
			goto cleanup;
	} else {
		if ((ret = merge_set_based(s, &load, &n_changes)) < 0)
			goto cleanup;
		if (n_changes > 0 && (ret = report_from_cursor(s, on_change, cls)) < 0)
			goto cleanup;
	}
	ret = STORE_ONE;
done:
	*out = load;
cleanup:
	q->load_open = false;
	q->n_changes = 0;
	return ret;
}
