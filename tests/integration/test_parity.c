/* Parity: the same generated WW files, imported and signalled through the
 * real binary on SQLite and on PostgreSQL, give the same routes, events and
 * counts. Needs $OVERSTAP_TEST_PG (make check starts a server); without it
 * the test is skipped, and tests/run.sh fails CI when it is missing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "harness.h"

#define ROWS "3000"
#define END_COLUMN 8 /* ww_end in the generator's header; ww_start is just before it */
#define SHIFTED_ROWS 150

/* Writes a second file: the first SHIFTED_ROWS rows of src with their WW end
 * moved by a week (earlier, or later for short benefits, so the duration stays
 * within the legal limits), then the rows of extra (without its header). */
static void write_changed_file(const char *src, const char *extra, const char *out)
{
	char *a = h_read(src, NULL), *b = h_read(extra, NULL);
	assert_non_null(a);
	assert_non_null(b);
	FILE *f = fopen(out, "wb");
	assert_non_null(f);
	char *save = NULL;
	int row = -1;
	for (char *line = strtok_r(a, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (++row > SHIFTED_ROWS)
			break;
		if (row == 0 || strchr(line, '"')) {
			fprintf(f, "%s\n", line);
			continue;
		}
		char *cell = line;
		for (int c = 0; c < END_COLUMN - 1; c++)
			cell = strchr(cell, ',') + 1;
		cdate start, end;
		assert_int_equal(date_parse(cell, 10, &start), 0);
		cell = strchr(cell, ',') + 1;
		assert_int_equal(date_parse(cell, 10, &end), 0);
		char iso[DATE_ISO_SIZE];
		date_format_iso(end - start > 120 ? end - 7 : end + 7, iso);
		memcpy(cell, iso, 10);
		fprintf(f, "%s\n", line);
	}
	fputs(strchr(b, '\n') + 1, f);
	assert_int_equal(fclose(f), 0);
	free(a);
	free(b);
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The signal's JSON as sorted "gemeente|org|ww_end|bsn|new" lines: what a
 * route is, without its id (ids are each backend's own). */
static char *routes_text(const char *json)
{
	json_error_t jerr;
	json_t *arr = json_loads(json, 0, &jerr);
	assert_non_null(arr);
	size_t n = json_array_size(arr);
	char **lines = calloc(n + 1, sizeof *lines);
	assert_non_null(lines);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		char buf[160];
		snprintf(buf, sizeof buf, "%s|%s|%s|%s|%d",
			 json_string_value(json_object_get(o, "gemeente_code")),
			 json_string_value(json_object_get(o, "org")),
			 json_string_value(json_object_get(o, "ww_end")),
			 json_string_value(json_object_get(o, "bsn")),
			 json_is_true(json_object_get(o, "new")));
		lines[i] = strdup(buf);
	}
	qsort(lines, n, sizeof *lines, cmp_lines);
	size_t cap = n * 160 + 1, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	text[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(text + len, cap - len, "%s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
	json_decref(arr);
	return text;
}

/* One backend's run: the steps and what they printed. */
struct outcome {
	char *import1, *import2, *signal1, *signal2;
};

static void run_backend(struct h_env *e, const char *db, const char *key, const char *f1,
			const char *f2, struct outcome *out)
{
	struct h_run r;
	h_expect(&r, 0, NULL, "org", "add", "--code", "UWV-NH", "--kind", "uwv", "--name",
		 "UWV Noord-Holland", "--db", db, "--key", key, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "org", "set", "GM0484", "--max-ww-months", "6", "--db", db, "--key",
		 key, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "import", "ww", f1, "--org", "UWV-NH", "--db", db, "--key", key,
		 NULL);
	out->import1 = strdup(r.out);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--format", "json", "--db", db,
		 "--key", key, NULL);
	out->signal1 = routes_text(r.out);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "import", "ww", f2, "--org", "UWV-NH", "--db", db, "--key", key,
		 NULL);
	out->import2 = strdup(r.out);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-12-15", "--format", "json", "--db", db,
		 "--key", key, NULL);
	out->signal2 = routes_text(r.out);
	h_run_free(&r);
	(void)e;
}

static const char *const count_sql[] = {
	"SELECT count(*) FROM person",
	"SELECT count(*) FROM ww_benefit",
	"SELECT count(*) FROM ww_benefit WHERE end_date >= '2027-01-01'",
	"SELECT count(*) FROM ww_benefit WHERE org = 'UWV-NH'",
	"SELECT count(*) FROM route",
	"SELECT count(*) FROM route WHERE gemeente = 'GM0484'",
	"SELECT count(*) FROM route r JOIN ww_benefit w ON w.id = r.benefit_id"
	" WHERE w.end_date <= '2027-02-28'",
	"SELECT count(*) FROM route_event",
	"SELECT count(*) FROM route_event WHERE kind = 'signalled'",
	"SELECT count(*) FROM route_event WHERE kind = 'ww_end_changed'",
	"SELECT count(*) FROM import_run WHERE finished_at IS NOT NULL",
	"SELECT sum(rows_total) * 1000000 + sum(rows_updated) * 1000 + sum(rows_unchanged)"
	" FROM import_run",
	"SELECT count(*) FROM audit_event",
};

static void test_sqlite_and_postgresql_agree(void **state)
{
	struct h_env *e = *state;
	if (!getenv("OVERSTAP_TEST_PG") || !*getenv("OVERSTAP_TEST_PG"))
		skip();
	const char *f1 = h_path(e, "ww1.csv"), *extra = h_path(e, "extra.csv");
	const char *f2 = h_path(e, "ww2.csv");
	struct h_run r;
	h_expect(&r, 0, NULL, "generate", "ww", "--count", ROWS, "--seed", "11", "--date",
		 "2026-11-30", "--out", f1, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "generate", "ww", "--count", "500", "--seed", "12", "--date",
		 "2026-12-15", "--out", extra, NULL);
	h_run_free(&r);
	write_changed_file(f1, extra, f2);

	const char *lite = h_path(e, "parity.db"), *pg = h_pg_database(e);
	struct outcome a = {0}, b = {0};
	run_backend(e, lite, h_path(e, "lite.key"), f1, f2, &a);
	run_backend(e, pg, h_path(e, "pg.key"), f1, f2, &b);

	assert_string_equal(a.import1, b.import1);
	assert_string_equal(a.import2, b.import2);
	assert_true(h_contains(a.import2, "updated"));
	assert_string_equal(a.signal1, b.signal1);
	assert_string_equal(a.signal2, b.signal2);
	assert_true(strlen(a.signal1) > 0);
	for (size_t i = 0; i < sizeof count_sql / sizeof count_sql[0]; i++) {
		long long x = h_db_int(lite, count_sql[i]), y = h_db_int(pg, count_sql[i]);
		if (x != y)
			fail_msg("%s: SQLite %lld, PostgreSQL %lld", count_sql[i], x, y);
		assert_true(x >= 0);
	}
	/* The changed end dates were seen and recorded on the routes. */
	assert_true(h_db_int(lite, count_sql[9]) > 0);
	free(a.import1), free(a.import2), free(a.signal1), free(a.signal2);
	free(b.import1), free(b.import2), free(b.signal1), free(b.signal2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sqlite_and_postgresql_agree, h_setup,
						h_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
