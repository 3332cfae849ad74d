/* overstap signal: routes for WW ending inside each municipality's Max-WW
 * window, on a hand-made file with known end dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* The benefits in the file. On 2026-11-30 the 3-month window holds the ends
 * 2026-12-01 .. 2027-02-28, the 6-month window up to 2027-05-30. */
static const struct {
	const char *gemeente, *start, *end;
	bool in3, in6; /* in the window with 3 and with 6 months */
} rows[] = {
	{"GM0363", "2025-12-01", "2026-11-30", false, false}, /* the day itself: out */
	{"GM0363", "2025-12-02", "2026-12-01", true, true},
	{"GM0363", "2026-03-01", "2027-02-28", true, true},
	{"GM0363", "2026-03-02", "2027-03-01", false, true},
	{"GM0484", "2026-01-16", "2027-01-15", true, true},
	{"GM0484", "2026-03-02", "2027-03-01", false, true},
	{"GM0484", "2026-05-31", "2027-05-30", false, true},
	{"GM0484", "2026-06-01", "2027-05-31", false, false},
	{"GM0599", "2026-01-01", "2026-12-15", true, true},
	{"GM0599", "2024-01-01", "2025-06-30", false, false}, /* long over */
};
#define NROWS (sizeof rows / sizeof rows[0])

static char bsn[NROWS][10];

static int group_setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++)
		h_bsn((int)i + 20, bsn[i]);
	return 0;
}

/* A database with the file imported. */
static void import_rows(struct h_env *e)
{
	char csv[4096] = H_WW_HEADER;
	for (size_t i = 0; i < NROWS; i++)
		h_ww_row(csv, sizeof csv, bsn[i], rows[i].gemeente, rows[i].start, rows[i].end);
	const char *f = h_path(e, "ww.csv");
	h_writes(f, csv);
	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	h_run_free(&r);
}

static json_t *parse_json(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);
	if (!j)
		fail_msg("not JSON (%s, line %d):\n%s", err.text, err.line, text);
	assert_true(json_is_array(j));
	return j;
}

/* The routes must be exactly the rows selected by in3/in6 (and gemeente when
 * only is not NULL), in order of municipality and end date. */
static void check_routes(json_t *arr, bool six_for_0484, const char *only, bool is_new,
			 bool full_bsn)
{
	size_t k = 0;
	for (size_t i = 0; i < NROWS; i++) {
		bool in = strcmp(rows[i].gemeente, "GM0484") == 0 && six_for_0484 ? rows[i].in6
										  : rows[i].in3;
		if (!in || (only && strcmp(rows[i].gemeente, only) != 0))
			continue;
		json_t *o = json_array_get(arr, k++);
		if (!o)
			fail_msg("route for row %zu (%s %s) missing", i, rows[i].gemeente,
				 rows[i].end);
		char masked[10];
		snprintf(masked, sizeof masked, "*****%s", bsn[i] + 5);
		assert_true(json_is_integer(json_object_get(o, "route_id")));
		assert_true(json_integer_value(json_object_get(o, "route_id")) > 0);
		assert_string_equal(json_string_value(json_object_get(o, "bsn")),
				    full_bsn ? bsn[i] : masked);
		assert_string_equal(json_string_value(json_object_get(o, "gemeente_code")),
				    rows[i].gemeente);
		assert_string_equal(json_string_value(json_object_get(o, "ww_end")), rows[i].end);
		assert_string_equal(json_string_value(json_object_get(o, "org")), "UWV-NL");
		assert_true(json_is_boolean(json_object_get(o, "new")));
		assert_int_equal(json_is_true(json_object_get(o, "new")), is_new);
	}
	assert_int_equal(json_array_size(arr), k);
}

/* Route ids in output order, as "1,2,3". */
static void route_ids(json_t *arr, char *buf, size_t cap)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_int_t id =
			json_integer_value(json_object_get(json_array_get(arr, i), "route_id"));
		len += (size_t)snprintf(buf + len, cap - len, "%s%lld", i ? "," : "",
					(long long)id);
		assert_true(len < cap);
	}
}

static void signal_json_window(void **state)
{
	struct h_env *e = *state;
	import_rows(e);
	struct h_run r;
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--format", "json", "--db", e->db,
		 NULL);
	json_t *first = parse_json(r.out);
	h_run_free(&r);
	check_routes(first, false, NULL, true, false);
	assert_int_equal(json_array_size(first), 4);
	assert_int_equal(h_db_count(e->db, "route"), 4);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM route_event WHERE kind ="
					 " 'signalled'"),
			 4);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM route WHERE phase = 'signalled'"
					 " AND opened_on = '2026-11-30'"),
			 4);

	/* Again: the same routes, now known, and nothing new stored. */
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--format", "json", "--db", e->db,
		 NULL);
	json_t *second = parse_json(r.out);
	h_run_free(&r);
	check_routes(second, false, NULL, false, false);
	char a[256], b[256];
	route_ids(first, a, sizeof a);
	route_ids(second, b, sizeof b);
	assert_string_equal(a, b);
	assert_int_equal(h_db_count(e->db, "route"), 4);
	assert_int_equal(h_db_count(e->db, "route_event"), 4);
	json_decref(first);
	json_decref(second);
}

static void signal_wider_window_for_one_municipality(void **state)
{
	struct h_env *e = *state;
	import_rows(e);
	struct h_run r;
	h_expect(&r, 0, NULL, "org", "set", "GM0484", "--max-ww-months", "6", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--format", "json", "--db", e->db,
		 NULL);
	json_t *j = parse_json(r.out);
	h_run_free(&r);
	/* GM0484 gets 2027-03-01 and 2027-05-30; GM0363's 2027-03-01 stays out. */
	check_routes(j, true, NULL, true, false);
	assert_int_equal(json_array_size(j), 6);
	json_decref(j);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM route WHERE gemeente = 'GM0363'"),
			 2);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM route WHERE gemeente = 'GM0484'"),
			 3);
}

static void signal_filter_by_org(void **state)
{
	struct h_env *e = *state;
	import_rows(e);
	struct h_run r;
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--org", "GM0484", "--format",
		 "json", "--db", e->db, NULL);
	json_t *j = parse_json(r.out);
	h_run_free(&r);
	check_routes(j, false, "GM0484", true, false);
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
	/* Only that municipality's routes were opened. */
	assert_int_equal(h_db_count(e->db, "route"), 1);

	/* A UWV team with no benefits has no routes. */
	h_expect(&r, 0, NULL, "org", "add", "--code", "UWV-NH", "--kind", "uwv", "--name",
		 "UWV Noord-Holland", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--org", "UWV-NH", "--format",
		 "json", "--db", e->db, NULL);
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
	h_run_free(&r);

	/* The owning team sees all of its routes. */
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--org", "UWV-NL", "--format",
		 "json", "--db", e->db, NULL);
	j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 4);
	json_decref(j);
	h_run_free(&r);

	h_expect(&r, 2, NULL, "signal", "--date", "2026-11-30", "--org", "GM9999", "--db", e->db,
		 NULL);
	assert_true(h_contains(r.err, "GM9999"));
	h_run_free(&r);
}

static void signal_show_bsn_is_audited(void **state)
{
	struct h_env *e = *state;
	import_rows(e);
	struct h_run r;
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--format", "json", "--db", e->db,
		 NULL);
	for (size_t i = 0; i < NROWS; i++)
		assert_false(h_contains(r.out, bsn[i]));
	h_run_free(&r);
	assert_int_equal(
		h_db_int(e->db, "SELECT count(*) FROM audit_event WHERE action = 'read_bsn'"), 0);

	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--format", "json", "--show-bsn",
		 "--db", e->db, NULL);
	json_t *j = parse_json(r.out);
	h_run_free(&r);
	check_routes(j, false, NULL, false, true);
	json_decref(j);
	/* One audit row per BSN shown, naming its route. */
	assert_int_equal(
		h_db_int(e->db, "SELECT count(*) FROM audit_event WHERE action = 'read_bsn'"), 4);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM audit_event a JOIN route r ON"
					 " a.object_id = CAST(r.id AS TEXT) WHERE a.action ="
					 " 'read_bsn' AND a.object_type = 'route'"
					 " AND a.outcome = 'allowed'"),
			 4);
}

static void signal_csv(void **state)
{
	struct h_env *e = *state;
	import_rows(e);
	struct h_run r;
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--format", "csv", "--db", e->db,
		 NULL);
	assert_int_equal(strncmp(r.out, "route_id,bsn,gemeente_code,org,ww_end,new\r\n", 43), 0);
	/* One line per route, without its id. */
	const size_t want[] = {1, 2, 4, 8};
	const char *p = strchr(r.out, '\n') + 1;
	for (size_t k = 0; k < 4; k++) {
		const char *comma = strchr(p, ',');
		const char *nl = strchr(p, '\n');
		assert_non_null(comma);
		assert_non_null(nl);
		char line[128], expect[128];
		snprintf(line, sizeof line, "%.*s", (int)(nl - comma - 1), comma + 1);
		size_t i = want[k];
		snprintf(expect, sizeof expect, "*****%s,%s,UWV-NL,%s,true\r", bsn[i] + 5,
			 rows[i].gemeente, rows[i].end);
		assert_string_equal(line, expect);
		p = nl + 1;
	}
	assert_string_equal(p, "");
	h_run_free(&r);
}

/* The line of text starting with prefix, runs of spaces made one. */
static void table_line(const char *text, const char *prefix, char *out, size_t cap)
{
	const char *p = strstr(text, prefix);
	if (!p)
		fail_msg("no '%s' in\n%s", prefix, text);
	if (*p == '\n')
		p++;
	size_t n = 0;
	for (; *p && *p != '\n' && n + 1 < cap; p++)
		if (*p != ' ' || (n > 0 && out[n - 1] != ' '))
			out[n++] = *p;
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

static void signal_table(void **state)
{
	struct h_env *e = *state;
	import_rows(e);
	struct h_run r;
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--db", e->db, NULL);
	char line[256];
	table_line(r.out, "\nGM0363 ", line, sizeof line);
	assert_string_equal(line, "GM0363 Amsterdam 3 m 2027-02-28 2 0 2");
	table_line(r.out, "\nGM0484 ", line, sizeof line);
	assert_string_equal(line, "GM0484 Alphen aan den Rijn 3 m 2027-02-28 1 0 1");
	table_line(r.out, "\nGM0599 ", line, sizeof line);
	assert_string_equal(line, "GM0599 Rotterdam 3 m 2027-02-28 1 0 1");
	table_line(r.out, "\ntotal ", line, sizeof line);
	assert_string_equal(line, "total 4 0 4");
	assert_true(h_has_line(r.out, "3 municipalities, 4 new routes opened, 0 already open"));
	assert_true(h_contains(r.out, "2026-11-30"));
	h_run_free(&r);

	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--db", e->db, NULL);
	assert_true(h_has_line(r.out, "3 municipalities, 0 new routes opened, 4 already open"));
	table_line(r.out, "\nGM0363 ", line, sizeof line);
	assert_string_equal(line, "GM0363 Amsterdam 3 m 2027-02-28 0 2 2");
	h_run_free(&r);
}

static void signal_empty_database(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--format", "json", "--db", e->db,
		 NULL);
	json_t *j = parse_json(r.out);
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--db", e->db, NULL);
	assert_true(h_has_line(r.out, "0 municipalities, 0 new routes opened, 0 already open"));
	h_run_free(&r);
}

static void signal_bad_arguments(void **state)
{
	struct h_env *e = *state;
	import_rows(e);
	struct h_run r;
	const char *bad_dates[] = {"2026-13-01", "2026-02-29", "tomorrow", "", "2026-11-30x"};
	for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
		h_expect(&r, 2, NULL, "signal", "--date", bad_dates[i], "--db", e->db, NULL);
		assert_true(h_contains(r.err, "--date"));
		assert_string_equal(r.out, "");
		h_run_free(&r);
	}
	h_expect(&r, 2, NULL, "signal", "--date", "2026-11-30", "--format", "xml", "--db", e->db,
		 NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "signal", "--date", "2026-11-30", "extra", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "signal", "--bogus", "--db", e->db, NULL);
	h_run_free(&r);
	/* A partner is not a municipality or UWV team. */
	h_expect(&r, 0, NULL, "org", "add", "--code", "WERKPLEIN", "--kind", "partner", "--name",
		 "Werkplein", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "signal", "--date", "2026-11-30", "--org", "WERKPLEIN", "--db", e->db,
		 NULL);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "route"), 0);
}

/* A later date: routes opened before stay, new ones open. */
static void signal_later_date(void **state)
{
	struct h_env *e = *state;
	import_rows(e);
	struct h_run r;
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-12-31", "--format", "json", "--db", e->db,
		 NULL);
	json_t *j = parse_json(r.out);
	h_run_free(&r);
	/* Window 2027-01-01 .. 2027-03-31: 2027-01-15 (known), 2027-02-28 (known),
	 * 2027-03-01 twice (new). */
	assert_int_equal(json_array_size(j), 4);
	const char *ends[] = {"2027-02-28", "2027-03-01", "2027-01-15", "2027-03-01"};
	const bool news[] = {false, true, false, true};
	for (size_t i = 0; i < 4; i++) {
		json_t *o = json_array_get(j, i);
		assert_string_equal(json_string_value(json_object_get(o, "ww_end")), ends[i]);
		assert_int_equal(json_is_true(json_object_get(o, "new")), news[i]);
	}
	json_decref(j);
	assert_int_equal(h_db_count(e->db, "route"), 6);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(signal_json_window),
		T(signal_wider_window_for_one_municipality),
		T(signal_filter_by_org),
		T(signal_show_bsn_is_audited),
		T(signal_csv),
		T(signal_table),
		T(signal_empty_database),
		T(signal_bad_arguments),
		T(signal_later_date),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
