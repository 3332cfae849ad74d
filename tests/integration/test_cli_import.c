/* overstap import ww: the real binary on hand-made files. What a run prints,
 * its exit status, and what the database holds afterwards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define BIG 4096

/* b[i] is the i-th valid BSN. */
static char b[8][10];

static int group_setup(void **state)
{
	(void)state;
	for (int i = 0; i < 8; i++)
		h_bsn(i, b[i]);
	return 0;
}

/* Three valid rows in three municipalities. */
static void three_rows(char *buf, size_t cap)
{
	snprintf(buf, cap, "%s", H_WW_HEADER);
	h_ww_row(buf, cap, b[0], "GM0363", "2026-01-01", "2026-12-31");
	h_ww_row(buf, cap, b[1], "GM0599", "2025-06-01", "2026-09-30");
	h_ww_row(buf, cap, b[2], "GM0484", "2026-02-01", "2027-01-31");
}

static void assert_nothing_imported(const char *db)
{
	assert_int_equal(h_db_count(db, "person"), 0);
	assert_int_equal(h_db_count(db, "ww_benefit"), 0);
	assert_int_equal(h_db_count(db, "import_run"), 0);
	assert_int_equal(h_db_count(db, "route"), 0);
	assert_int_equal(h_db_count(db, "audit_event"), 0);
}

/* Everything an import can change, as one text. */
static const char snapshot_sqlite[] =
	"SELECT ifnull((SELECT group_concat(id || '|' || hex(bsn_index) || '|' || family_name"
	"  || '|' || gemeente || '|' || created_at || '|' || updated_at, ';') FROM person), '')"
	" || '#' || ifnull((SELECT group_concat(id || '|' || person_id || '|' || org || '|'"
	"  || start_date || '|' || end_date || '|' || ifnull(import_id, ''), ';')"
	"  FROM ww_benefit), '')"
	" || '#' || ifnull((SELECT group_concat(id || '|' || sha256 || '|' || rows_total, ';')"
	"  FROM import_run), '')"
	" || '#' || (SELECT count(*) FROM audit_event)"
	" || '#' || (SELECT count(*) FROM route_event)";
static const char snapshot_pg[] =
	"SELECT coalesce((SELECT string_agg(id || '|' || encode(bsn_index, 'hex') || '|'"
	"  || family_name || '|' || gemeente || '|' || created_at || '|' || updated_at, ';'"
	"  ORDER BY id) FROM person), '')"
	" || '#' || coalesce((SELECT string_agg(id || '|' || person_id || '|' || org || '|'"
	"  || start_date || '|' || end_date || '|' || coalesce(import_id::text, ''), ';'"
	"  ORDER BY id) FROM ww_benefit), '')"
	" || '#' || coalesce((SELECT string_agg(id || '|' || sha256 || '|' || rows_total, ';'"
	"  ORDER BY id) FROM import_run), '')"
	" || '#' || (SELECT count(*) FROM audit_event)"
	" || '#' || (SELECT count(*) FROM route_event)";

static char *snapshot(const char *db)
{
	return h_db_text(db, H_SQL(snapshot_sqlite, snapshot_pg));
}

static void expect_line(const char *text, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void expect_line(const char *text, const char *fmt, ...)
{
	char want[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(want, sizeof want, fmt, ap);
	va_end(ap);
	if (!h_has_line(text, want))
		fail_msg("no line\n  %s\nin\n%s", want, text);
}

static void import_happy_path(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "ww.csv");
	char csv[BIG];
	three_rows(csv, sizeof csv);
	h_writes(f, csv);

	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.out, "imported %s: 3 rows: 3 new, 0 updated, 0 unchanged, 0 rejected", f);
	assert_string_equal(r.err, "");
	h_run_free(&r);

	assert_int_equal(h_db_count(e->db, "person"), 3);
	assert_int_equal(h_db_count(e->db, "ww_benefit"), 3);
	assert_int_equal(h_db_count(e->db, "import_run"), 1);
	assert_true(h_exists(h_path(e, h_pg() ? "t.key" : "t.db.key")));
	char *ends = h_db_text(
		e->db, H_SQL("SELECT group_concat(d, ',') FROM (SELECT p.gemeente || '=' ||"
			     " w.start_date || '..' || w.end_date AS d FROM ww_benefit w"
			     " JOIN person p ON p.id = w.person_id ORDER BY p.gemeente)",
			     "SELECT string_agg(p.gemeente || '=' || w.start_date || '..' ||"
			     " w.end_date, ',' ORDER BY p.gemeente) FROM ww_benefit w"
			     " JOIN person p ON p.id = w.person_id"));
	assert_non_null(ends);
	assert_string_equal(ends, "GM0363=2026-01-01..2026-12-31,GM0484=2026-02-01..2027-01-31,"
				  "GM0599=2025-06-01..2026-09-30");
	free(ends);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM ww_benefit WHERE org = 'UWV-NL'"),
			 3);
	assert_int_equal(h_db_int(e->db, "SELECT rows_total * 1000 + rows_inserted FROM import_run"
					 " WHERE finished_at IS NOT NULL"),
			 3003);
	/* The BSN is stored only encrypted and as a keyed hash. */
	char sql[256];
	if (h_pg())
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM person WHERE position(convert_to('%s', 'UTF8') IN"
			 " bsn_enc) > 0 OR position(convert_to('%s', 'UTF8') IN bsn_index) > 0"
			 " OR position('%s' IN encode(bsn_enc, 'hex')) > 0",
			 b[0], b[0], b[0]);
	else
		snprintf(
			sql, sizeof sql,
			"SELECT count(*) FROM person WHERE instr(bsn_enc, '%s') OR instr(bsn_index,"
			" '%s') OR instr(hex(bsn_enc), '%s')",
			b[0], b[0], b[0]);
	assert_int_equal(h_db_int(e->db, sql), 0);
	assert_int_equal(
		h_db_int(e->db, "SELECT count(*) FROM audit_event WHERE action = 'import_ww'"), 1);
}

static void import_same_file_twice(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "ww.csv");
	char csv[BIG];
	three_rows(csv, sizeof csv);
	h_writes(f, csv);

	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	h_run_free(&r);
	char *before = snapshot(e->db);
	assert_non_null(before);

	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	assert_true(h_contains(r.out, "imported before"));
	assert_true(h_contains(r.out, "nothing changed"));
	assert_false(h_contains(r.out, "new,"));
	h_run_free(&r);

	char *after = snapshot(e->db);
	assert_non_null(after);
	assert_string_equal(before, after);
	assert_int_equal(h_db_count(e->db, "person"), 3);
	assert_int_equal(h_db_count(e->db, "ww_benefit"), 3);
	assert_int_equal(h_db_count(e->db, "import_run"), 1);
	free(before);
	free(after);
}

static void import_same_rows_other_bytes(void **state)
{
	struct h_env *e = *state;
	const char *f1 = h_path(e, "ww1.csv"), *f2 = h_path(e, "ww2.csv");
	char csv[BIG], crlf[2 * BIG];
	three_rows(csv, sizeof csv);
	h_writes(f1, csv);
	/* The same rows with CRLF line ends and a trailing empty line. */
	size_t k = 0;
	for (const char *p = csv; *p; p++) {
		if (*p == '\n')
			crlf[k++] = '\r';
		crlf[k++] = *p;
	}
	memcpy(crlf + k, "\r\n", 3);
	h_writes(f2, crlf);

	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f1, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "import", "ww", f2, "--db", e->db, NULL);
	expect_line(r.out, "imported %s: 3 rows: 0 new, 0 updated, 3 unchanged, 0 rejected", f2);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "person"), 3);
	assert_int_equal(h_db_count(e->db, "ww_benefit"), 3);
	assert_int_equal(h_db_count(e->db, "import_run"), 2);
	assert_int_equal(h_db_count(e->db, "route_event"), 0);
}

static void import_end_date_change(void **state)
{
	struct h_env *e = *state;
	const char *f1 = h_path(e, "ww1.csv"), *f2 = h_path(e, "ww2.csv");
	char csv[BIG] = H_WW_HEADER;
	h_ww_row(csv, sizeof csv, b[0], "GM0363", "2026-01-01", "2026-12-31");
	h_ww_row(csv, sizeof csv, b[1], "GM0363", "2026-01-01", "2027-06-30");
	h_writes(f1, csv);
	char csv2[BIG] = H_WW_HEADER;
	h_ww_row(csv2, sizeof csv2, b[0], "GM0363", "2026-01-01", "2027-01-31");
	h_ww_row(csv2, sizeof csv2, b[1], "GM0363", "2026-01-01", "2027-06-30");
	h_writes(f2, csv2);

	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f1, "--db", e->db, NULL);
	h_run_free(&r);
	/* The first benefit ends inside the window on 2026-11-30: a route opens. */
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "route"), 1);
	assert_int_equal(
		h_db_int(e->db, "SELECT count(*) FROM route_event WHERE kind = 'ww_end_changed'"),
		0);

	h_expect(&r, 0, NULL, "import", "ww", f2, "--db", e->db, NULL);
	expect_line(r.out,
		    "imported %s: 2 rows: 0 new, 1 updated, 1 unchanged, 0 rejected"
		    " (1 end dates changed)",
		    f2);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "ww_benefit"), 2);
	assert_int_equal(
		h_db_int(e->db, "SELECT count(*) FROM ww_benefit WHERE end_date = '2027-01-31'"),
		1);
	assert_int_equal(
		h_db_int(e->db, H_SQL("SELECT count(*) FROM route_event e JOIN route r ON"
				      " r.id = e.route_id WHERE e.kind = 'ww_end_changed'"
				      " AND json_extract(e.data, '$.old_end') = '2026-12-31'"
				      " AND json_extract(e.data, '$.new_end') = '2027-01-31'",
				      "SELECT count(*) FROM route_event e JOIN route r ON"
				      " r.id = e.route_id WHERE e.kind = 'ww_end_changed'"
				      " AND e.data->>'old_end' = '2026-12-31'"
				      " AND e.data->>'new_end' = '2027-01-31'")),
		1);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM route_event"), 2);
}

static void import_end_date_change_without_route(void **state)
{
	struct h_env *e = *state;
	const char *f1 = h_path(e, "ww1.csv"), *f2 = h_path(e, "ww2.csv");
	char csv[BIG] = H_WW_HEADER;
	h_ww_row(csv, sizeof csv, b[3], "GM0599", "2026-01-01", "2026-12-31");
	h_writes(f1, csv);
	char csv2[BIG] = H_WW_HEADER;
	h_ww_row(csv2, sizeof csv2, b[3], "GM0599", "2026-01-01", "2026-10-31");
	h_writes(f2, csv2);

	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f1, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "import", "ww", f2, "--db", e->db, NULL);
	expect_line(r.out,
		    "imported %s: 1 rows: 0 new, 1 updated, 0 unchanged, 0 rejected"
		    " (1 end dates changed)",
		    f2);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "ww_benefit"), 1);
	assert_int_equal(h_db_count(e->db, "route"), 0);
	assert_int_equal(h_db_count(e->db, "route_event"), 0);
	assert_int_equal(
		h_db_int(e->db, "SELECT count(*) FROM ww_benefit WHERE end_date = '2026-10-31'"),
		1);
}

static void import_all_or_nothing(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "bad.csv");
	char csv[BIG] = H_WW_HEADER;
	h_ww_row(csv, sizeof csv, b[0], "GM0363", "2026-01-01", "2026-12-31");
	h_ww_row(csv, sizeof csv, "111222334", "GM0363", "2026-01-01", "2026-12-31");
	h_ww_row(csv, sizeof csv, b[1], "GM0363", "2026-01-01", "2026-12-31");
	h_ww_row(csv, sizeof csv, b[2], "GM0363", "2026-01-01", "2026-12-31");
	h_writes(f, csv);

	struct h_run r;
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.err, "%s:3: bsn: fails the 11-proef", f);
	char prefix[4200];
	snprintf(prefix, sizeof prefix, "%s:", f);
	assert_int_equal(h_count_lines(r.err, prefix), 1);
	expect_line(r.err,
		    "overstap: refused %s: 1 problem; nothing was imported (fix the file, or use"
		    " --skip-invalid REJECTS.csv to import the valid rows)",
		    f);
	assert_string_equal(r.out, "");
	h_run_free(&r);
	assert_nothing_imported(e->db);
}

static void import_lists_every_problem(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "bad.csv");
	char csv[BIG];
	snprintf(csv, sizeof csv,
		 H_WW_HEADER
		 "111222334,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\n"
		 "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\n"
		 "%s,Jansen,Jan,31-02-1980,GM0363,1012 AB,12,2026-01-01,2026-12-31\n"
		 "%s,Jansen,Jan,1980-05-17,GM9999,1012 AB,12,2026-01-01,2026-12-31\n",
		 b[0], b[1], b[2]);
	h_writes(f, csv);

	struct h_run r;
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.err, "%s:2: bsn: fails the 11-proef", f);
	expect_line(r.err, "%s:4: birth_date: not a date (use YYYY-MM-DD or DD-MM-YYYY)", f);
	expect_line(r.err, "%s:5: gemeente_code: unknown municipality code", f);
	char prefix[4200];
	snprintf(prefix, sizeof prefix, "%s:", f);
	assert_int_equal(h_count_lines(r.err, prefix), 3);
	assert_true(h_contains(r.err, ": 3 problems; nothing was imported"));
	h_run_free(&r);
	assert_nothing_imported(e->db);
}

static void import_skip_invalid_quarantine(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "ww.csv"), *rej = h_path(e, "rejects.csv");
	char csv[BIG];
	snprintf(csv, sizeof csv,
		 H_WW_HEADER
		 "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\n"
		 "111222334,=1+1,Piet,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\n"
		 "%s,Bakker,Kees,1980-05-17,GM0599,3011 AA,1,2026-01-01,2026-12-31\n"
		 "%s,\"de Vries, Anna\",Anna,1980-05-17,GM0599,0123 AA,1,2026-01-01,2026-12-31\n",
		 b[0], b[1], b[2]);
	h_writes(f, csv);

	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f, "--skip-invalid", rej, "--db", e->db, NULL);
	expect_line(r.out, "imported %s: 4 rows: 2 new, 0 updated, 0 unchanged, 2 rejected", f);
	expect_line(r.out, "rejected rows with their reasons: %s", rej);
	expect_line(r.err, "%s:3: bsn: fails the 11-proef", f);
	expect_line(r.err, "%s:5: postcode: not a Dutch postcode (e.g. 1234 AB)", f);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "person"), 2);
	assert_int_equal(h_db_count(e->db, "ww_benefit"), 2);
	assert_int_equal(h_db_int(e->db,
				  "SELECT rows_total * 100 + rows_inserted * 10 + rows_rejected"
				  " FROM import_run"),
			 422);

	char *text = h_read(rej, NULL);
	assert_non_null(text);
	char want[BIG];
	snprintf(want, sizeof want,
		 "bsn,family_name,given_names,birth_date,gemeente_code,postcode,house_number,"
		 "ww_start,ww_end,reason\r\n"
		 "111222334,\"'=1+1\",Piet,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31,"
		 "bsn: fails the 11-proef\r\n"
		 "%s,\"de Vries, Anna\",Anna,1980-05-17,GM0599,0123 AA,1,2026-01-01,2026-12-31,"
		 "postcode: not a Dutch postcode (e.g. 1234 AB)\r\n",
		 b[2]);
	assert_string_equal(text, want);
	/* The formula never appears raw at the start of a cell. */
	assert_false(h_contains(text, ",=1+1"));
	assert_false(h_contains(text, "\"=1+1"));
	free(text);
}

static void import_bom_semicolons(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "ww.csv");
	char csv[BIG];
	snprintf(csv, sizeof csv,
		 "\xEF\xBB\xBF"
		 "bsn;family_name;given_names;birth_date;gemeente_code;postcode;house_number;"
		 "ww_start;ww_end;daily_wage\n"
		 "%s;Jansen;Jan;17-05-1980;GM0363;1012ab;12;01-01-2026;31-12-2026;123,45\n"
		 "%s;Bakker;Kees;1979-01-02;GM0599;3011 AA;1a;2026-01-01;2026-12-31;\n"
		 "111222334;Bakker;Kees;1979-01-02;GM0599;3011 AA;1a;2026-01-01;2026-12-31;\n",
		 b[0], b[1]);
	h_writes(f, csv);

	struct h_run r;
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.err, "%s:4: bsn: fails the 11-proef", f);
	h_run_free(&r);
	assert_nothing_imported(e->db);

	/* Without the bad row. */
	char *cut = strstr(csv, "111222334;");
	assert_non_null(cut);
	*cut = '\0';
	h_writes(f, csv);
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.out, "imported %s: 2 rows: 2 new, 0 updated, 0 unchanged, 0 rejected", f);
	h_run_free(&r);
	assert_int_equal(
		h_db_int(e->db,
			 "SELECT daily_wage_cents FROM ww_benefit WHERE end_date = '2026-12-31'"
			 " AND daily_wage_cents IS NOT NULL"),
		12345);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM person WHERE postcode = '1012 AB'"
					 " AND birth_date = '1980-05-17'"),
			 1);
}

static void import_crlf(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "ww.csv");
	char csv[BIG];
	snprintf(csv, sizeof csv,
		 "bsn,family_name,given_names,birth_date,gemeente_code,postcode,house_number,"
		 "ww_start,ww_end\r\n"
		 "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\r\n"
		 "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\r\n",
		 b[0], b[1]);
	h_writes(f, csv);
	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.out, "imported %s: 2 rows: 2 new, 0 updated, 0 unchanged, 0 rejected", f);
	h_run_free(&r);
	/* No CR left in the last cell of a row. */
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM ww_benefit WHERE end_date ="
					 " '2026-12-31'"),
			 2);

	/* A bad last cell on line 3 of a CRLF file: named without a CR. */
	const char *g = h_path(e, "bad.csv");
	snprintf(csv, sizeof csv,
		 "bsn,family_name,given_names,birth_date,gemeente_code,postcode,house_number,"
		 "ww_start,ww_end\r\n"
		 "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\r\n"
		 "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-13-31\r\n",
		 b[2], b[3]);
	h_writes(g, csv);
	h_expect(&r, 2, NULL, "import", "ww", g, "--db", e->db, NULL);
	expect_line(r.err, "%s:3: ww_end: not a date (use YYYY-MM-DD or DD-MM-YYYY)", g);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "ww_benefit"), 2);
}

/* Old Mac "CSV (Macintosh)" files end lines with a bare CR. Whether such a
 * file is refused as a whole or read row by row, a problem must not be put on
 * the wrong line. */
static void import_cr_line_ends(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "cr.csv");
	char csv[BIG];
	snprintf(csv, sizeof csv,
		 "bsn,family_name,given_names,birth_date,gemeente_code,postcode,house_number,"
		 "ww_start,ww_end\r"
		 "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\r"
		 "111222334,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\r"
		 "%s,Jansen,Jan,1980-05-17,GM9999,1012 AB,12,2026-01-01,2026-12-31\r",
		 b[0], b[1]);
	h_writes(f, csv);
	struct h_run r;
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	char bsn_line[4200];
	snprintf(bsn_line, sizeof bsn_line, "%s:3: bsn: fails the 11-proef", f);
	if (h_contains(r.err, "bsn: fails the 11-proef") && !h_has_line(r.err, bsn_line))
		fail_msg("the bad BSN is on line 3 (CR line ends); got\n%s", r.err);
	if (h_contains(r.err, "gemeente_code: unknown"))
		expect_line(r.err, "%s:4: gemeente_code: unknown municipality code", f);
	h_run_free(&r);
	assert_nothing_imported(e->db);
}

static void import_quoted_newline_line_numbers(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "ww.csv");
	char csv[BIG];
	snprintf(csv, sizeof csv,
		 H_WW_HEADER
		 "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\n"
		 "%s,\"Jansen\",\"Jan\nPiet\",1980-05-17,GM0363,1012 AB,12,2026-01-01,"
		 "2026-12-31\n"
		 "%s,\"Bakker, \"\"de\"\"\",Kees,1980-05-17,GM0363,1012 AB,12,2026-01-01,"
		 "2026-12-31\n"
		 "111222334,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\n",
		 b[0], b[1], b[2]);
	h_writes(f, csv);

	struct h_run r;
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	/* The record with the line break starts on line 3 and ends on line 4. */
	expect_line(r.err, "%s:3: given_names: contains a control character (tab, line break ...)",
		    f);
	expect_line(r.err, "%s:6: bsn: fails the 11-proef", f);
	char prefix[4200];
	snprintf(prefix, sizeof prefix, "%s:", f);
	assert_int_equal(h_count_lines(r.err, prefix), 2);
	h_run_free(&r);
	assert_nothing_imported(e->db);

	/* The valid rows, quoted comma and doubled quotes included, go in. */
	const char *rej = h_path(e, "rejects.csv");
	h_expect(&r, 0, NULL, "import", "ww", f, "--skip-invalid", rej, "--db", e->db, NULL);
	expect_line(r.out, "imported %s: 4 rows: 2 new, 0 updated, 0 unchanged, 2 rejected", f);
	h_run_free(&r);
	assert_int_equal(
		h_db_int(e->db, "SELECT count(*) FROM person WHERE family_name = 'Bakker, \"de\"'"),
		1);
}

static void import_csv_spectrum_refused(void **state)
{
	struct h_env *e = *state;
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/node_modules/csv-spectrum/csvs", h_src());
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("%s is missing (run make deps)", dir);
	int files = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 4, ".csv") != 0)
			continue;
		char path[4500];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		struct h_run r;
		h_expect(&r, 2, NULL, "import", "ww", path, "--db", e->db, NULL);
		char want[4600];
		snprintf(want, sizeof want, "%s:1: header: ", path);
		if (h_count_lines(r.err, want) < 1)
			fail_msg("%s: no header problem on line 1:\n%s", de->d_name, r.err);
		assert_true(h_contains(r.err, "unknown column"));
		assert_string_equal(r.out, "");
		h_run_free(&r);
		files++;
	}
	closedir(d);
	assert_true(files >= 12);
	assert_nothing_imported(e->db);
}

static void import_latin1_refused(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "latin1.csv");
	char csv[BIG];
	snprintf(csv, sizeof csv,
		 H_WW_HEADER
		 "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\n"
		 "%s,Jansen,Jos\xE9,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\n",
		 b[0], b[1]);
	h_writes(f, csv);
	struct h_run r;
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	char want[4200];
	snprintf(want, sizeof want, "%s:3: ", f);
	assert_int_equal(h_count_lines(r.err, want), 1);
	assert_true(h_contains(r.err, "UTF-8"));
	assert_string_equal(r.out, "");
	h_run_free(&r);
	assert_nothing_imported(e->db);
}

static void import_utf16_refused(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "utf16.csv");
	char ascii[BIG], wide[2 * BIG + 2];
	snprintf(ascii, sizeof ascii, H_WW_HEADER);
	h_ww_row(ascii, sizeof ascii, b[0], "GM0363", "2026-01-01", "2026-12-31");
	size_t n = 0;
	wide[n++] = '\xFF';
	wide[n++] = '\xFE';
	for (const char *p = ascii; *p; p++) {
		wide[n++] = *p;
		wide[n++] = '\0';
	}
	h_write(f, wide, n);
	struct h_run r;
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	char want[4200];
	snprintf(want, sizeof want, "%s:1: ", f);
	assert_int_equal(h_count_lines(r.err, want), 1);
	assert_true(h_contains(r.err, "UTF-16"));
	h_run_free(&r);
	assert_nothing_imported(e->db);
}

static void import_megabyte_cell(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "big.csv");
	const size_t big = 1000000;
	size_t cap = big + BIG;
	char *csv = malloc(cap);
	assert_non_null(csv);
	snprintf(csv, cap, H_WW_HEADER);
	h_ww_row(csv, cap, b[0], "GM0363", "2026-01-01", "2026-12-31");
	size_t n = strlen(csv);
	n += (size_t)snprintf(csv + n, cap - n, "%s,", b[1]);
	memset(csv + n, 'a', big);
	n += big;
	snprintf(csv + n, cap - n, ",Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\n");
	h_ww_row(csv, cap, b[2], "GM0363", "2026-01-01", "2026-12-31");
	h_writes(f, csv);
	free(csv);

	struct h_run r;
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	char want[4200];
	snprintf(want, sizeof want, "%s:3: family_name: ", f);
	assert_int_equal(h_count_lines(r.err, want), 1);
	assert_true(h_contains(r.err, "longer than") || h_contains(r.err, "too long"));
	h_run_free(&r);
	assert_nothing_imported(e->db);

	const char *rej = h_path(e, "rejects.csv");
	h_expect(&r, 0, NULL, "import", "ww", f, "--skip-invalid", rej, "--db", e->db, NULL);
	expect_line(r.out, "imported %s: 3 rows: 2 new, 0 updated, 0 unchanged, 1 rejected", f);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "ww_benefit"), 2);
	size_t rn;
	char *text = h_read(rej, &rn);
	assert_non_null(text);
	assert_true(h_contains(text, b[1]));
	assert_true(h_contains(text, "family_name: longer than"));
	free(text);
}

static void import_empty_file(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "empty.csv");
	h_writes(f, "");
	struct h_run r;
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	assert_true(h_contains(r.err, "empty file"));
	h_run_free(&r);

	h_writes(f, "\n\r\n\n");
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	assert_true(h_contains(r.err, "empty file"));
	h_run_free(&r);
	assert_nothing_imported(e->db);
}

static void import_header_only(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "header.csv");
	h_writes(f, H_WW_HEADER);
	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.out, "imported %s: 0 rows: 0 new, 0 updated, 0 unchanged, 0 rejected", f);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "ww_benefit"), 0);
	assert_int_equal(h_db_count(e->db, "person"), 0);
	assert_int_equal(h_db_count(e->db, "import_run"), 1);
}

/* A row for a header with family_name twice or an extra column. */
#define ROW2 "%s,Jansen,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,2026-12-31\n"

static void import_header_problems(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "h.csv");
	struct h_run r;
	char csv[BIG];

	/* Duplicate column under an English and a Dutch name. */
	snprintf(csv, sizeof csv,
		 "bsn,family_name,achternaam,given_names,birth_date,gemeente_code,"
		 "postcode,house_number,ww_start,ww_end\n");
	size_t n = strlen(csv);
	snprintf(csv + n, sizeof csv - n, ROW2, b[0]);
	h_writes(f, csv);
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.err, "%s:1: header: duplicate column 'achternaam' (same as family_name)", f);
	h_run_free(&r);

	/* Unknown column. */
	snprintf(csv, sizeof csv,
		 "bsn,family_name,shoe_size,given_names,birth_date,gemeente_code,"
		 "postcode,house_number,ww_start,ww_end\n");
	n = strlen(csv);
	snprintf(csv + n, sizeof csv - n, ROW2, b[0]);
	h_writes(f, csv);
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.err, "%s:1: header: unknown column 'shoe_size'", f);
	h_run_free(&r);

	/* A required column missing. */
	snprintf(csv, sizeof csv,
		 "bsn,family_name,given_names,birth_date,gemeente_code,house_number,ww_start,"
		 "ww_end\n%s,Jansen,Jan,1980-05-17,GM0363,12,2026-01-01,2026-12-31\n",
		 b[0]);
	h_writes(f, csv);
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.err, "%s:1: postcode: required column missing", f);
	h_run_free(&r);

	/* Neither ww_end nor ww_months. */
	snprintf(csv, sizeof csv,
		 "bsn,family_name,given_names,birth_date,gemeente_code,postcode,house_number,"
		 "ww_start\n%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01\n",
		 b[0]);
	h_writes(f, csv);
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.err, "%s:1: ww_end: required column missing", f);
	h_run_free(&r);

	/* Both. */
	snprintf(csv, sizeof csv,
		 "bsn,family_name,given_names,birth_date,gemeente_code,postcode,house_number,"
		 "ww_start,ww_end,ww_months\n%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01,"
		 "2026-12-31,12\n",
		 b[0]);
	h_writes(f, csv);
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.err, "%s:1: ww_end: give ww_end or ww_months, not both", f);
	h_run_free(&r);

	/* A row with fewer fields than the header. */
	snprintf(csv, sizeof csv,
		 H_WW_HEADER "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-01\n", b[0]);
	h_writes(f, csv);
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.err, "%s:2: row: row has 8 fields, the header has 9", f);
	h_run_free(&r);

	assert_nothing_imported(e->db);
}

static void import_dutch_aliases(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "nl.csv");
	char csv[BIG];
	snprintf(csv, sizeof csv,
		 "BSN;ACHTERNAAM;Voornamen;GeboorteDatum; gemeentecode ;Postcode;HuisNummer;"
		 "Ingangsdatum;EINDDATUM;Dagloon;Telefoon;TAAL\n"
		 "%s;de Vries;Anna Maria;01-02-1975;gm0363;1012 ab;12-3;01-03-2026;28-02-2027;"
		 "80,10;+31 6 1234 5678;NL\n",
		 b[4]);
	h_writes(f, csv);
	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.out, "imported %s: 1 rows: 1 new, 0 updated, 0 unchanged, 0 rejected", f);
	h_run_free(&r);
	char *p = h_db_text(e->db, "SELECT family_name || '|' || given_names || '|' || birth_date"
				   " || '|' || gemeente || '|' || postcode || '|' || house_number"
				   " || '|' || phone || '|' || language FROM person");
	assert_non_null(p);
	assert_string_equal(
		p, "de Vries|Anna Maria|1975-02-01|GM0363|1012 AB|12-3|+31 6 1234 5678|nl");
	free(p);
	p = h_db_text(e->db, "SELECT start_date || '|' || end_date || '|' || daily_wage_cents"
			     " FROM ww_benefit");
	assert_non_null(p);
	assert_string_equal(p, "2026-03-01|2027-02-28|8010");
	free(p);

	/* A problem names the column as the file wrote it. */
	const char *g = h_path(e, "nl_bad.csv");
	snprintf(csv, sizeof csv,
		 "BSN;ACHTERNAAM;Voornamen;GeboorteDatum;GemeenteCode;Postcode;HuisNummer;"
		 "Ingangsdatum;EINDDATUM\n"
		 "%s;de Vries;Anna;01-02-1975;GM0363;1012 AB;12;01-03-2026;2026-13-01\n",
		 b[5]);
	h_writes(g, csv);
	h_expect(&r, 2, NULL, "import", "ww", g, "--db", e->db, NULL);
	expect_line(r.err, "%s:2: EINDDATUM: not a date (use YYYY-MM-DD or DD-MM-YYYY)", g);
	h_run_free(&r);
}

static void import_ww_months(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "months.csv");
	char csv[BIG];
	snprintf(csv, sizeof csv,
		 "bsn,family_name,given_names,birth_date,gemeente_code,postcode,house_number,"
		 "ww_start,ww_months\n"
		 "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-15,13\n"
		 "%s,Jansen,Jan,1980-05-17,GM0363,1012 AB,12,2026-01-31,1\n",
		 b[0], b[1]);
	h_writes(f, csv);
	struct h_run r;
	/* One month is below the legal minimum of three. */
	h_expect(&r, 2, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.err,
		    "%s:3: ww_months: duration is below the legal minimum (ww.duration.min_months)",
		    f);
	h_run_free(&r);
	assert_nothing_imported(e->db);

	char *cut = strstr(csv, "\n");
	cut = strstr(cut + 1, "\n");
	cut[1] = '\0';
	h_writes(f, csv);
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	expect_line(r.out, "imported %s: 1 rows: 1 new, 0 updated, 0 unchanged, 0 rejected", f);
	h_run_free(&r);
	char *p = h_db_text(e->db, "SELECT start_date || '..' || end_date FROM ww_benefit");
	assert_non_null(p);
	assert_string_equal(p, "2026-01-15..2027-02-14");
	free(p);
}

static void import_org(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "ww.csv");
	char csv[BIG];
	three_rows(csv, sizeof csv);
	h_writes(f, csv);
	struct h_run r;

	h_expect(&r, 2, NULL, "import", "ww", f, "--org", "UWV-NH", "--db", e->db, NULL);
	assert_true(h_contains(r.err, "UWV-NH"));
	h_run_free(&r);
	/* A municipality does not own WW benefits. */
	h_expect(&r, 2, NULL, "import", "ww", f, "--org", "GM0363", "--db", e->db, NULL);
	h_run_free(&r);
	assert_nothing_imported(e->db);

	h_expect(&r, 0, NULL, "org", "add", "--code", "UWV-NH", "--kind", "uwv", "--name",
		 "UWV Noord-Holland", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "import", "ww", f, "--org", "UWV-NH", "--db", e->db, NULL);
	expect_line(r.out, "imported %s: 3 rows: 3 new, 0 updated, 0 unchanged, 0 rejected", f);
	h_run_free(&r);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM ww_benefit WHERE org = 'UWV-NH'"),
			 3);
	assert_int_equal(h_db_count(e->db, "ww_benefit"), 3);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM import_run WHERE org = 'UWV-NH'"),
			 1);
}

static void import_usage_errors(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	h_expect(&r, 2, NULL, "import", "ww", h_path(e, "missing.csv"), "--db", e->db, NULL);
	assert_true(h_contains(r.err, "missing.csv"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "import", "--db", e->db, NULL);
	assert_true(h_contains(r.err, "usage"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "import", "xx", h_path(e, "a.csv"), "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "import", "ww", h_path(e, "a.csv"), "--bogus", "--db", e->db, NULL);
	h_run_free(&r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(import_happy_path),
		T(import_same_file_twice),
		T(import_same_rows_other_bytes),
		T(import_end_date_change),
		T(import_end_date_change_without_route),
		T(import_all_or_nothing),
		T(import_lists_every_problem),
		T(import_skip_invalid_quarantine),
		T(import_bom_semicolons),
		T(import_crlf),
		T(import_quoted_newline_line_numbers),
		T(import_cr_line_ends),
		T(import_csv_spectrum_refused),
		T(import_latin1_refused),
		T(import_utf16_refused),
		T(import_megabyte_cell),
		T(import_empty_file),
		T(import_header_only),
		T(import_header_problems),
		T(import_dutch_aliases),
		T(import_ww_months),
		T(import_org),
		T(import_usage_errors),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
