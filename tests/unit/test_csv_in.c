/* Tests for the streaming CSV reader: the csv-spectrum cases (npm) and the
 * edge cases of real WW files (BOM, semicolons, CRLF, quoted newlines, wrong
 * encodings, huge fields). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_in.h"

#define MAX_ROWS 16
#define MAX_COLS 8

struct collected {
	long rows;
	long lines[MAX_ROWS];
	size_t counts[MAX_ROWS];
	char *cells[MAX_ROWS][MAX_COLS];
	bool too_long[MAX_ROWS][MAX_COLS];
	bool too_many[MAX_ROWS];
	int stop_at; /* stop with 7 at this row (1-based), 0 = never */
	uint64_t bytes_seen;
};

static int collect(void *cls, const struct csv_row *row)
{
	struct collected *c = cls;
	if (c->rows < MAX_ROWS) {
		c->lines[c->rows] = row->line;
		c->counts[c->rows] = row->count;
		c->too_many[c->rows] = row->too_many;
		for (size_t i = 0; i < row->count && i < MAX_COLS; i++) {
			assert_int_equal(strlen(row->v[i]), row->n[i]);
			c->cells[c->rows][i] = strdup(row->v[i]);
			c->too_long[c->rows][i] = row->too_long[i];
		}
	}
	c->rows++;
	return c->stop_at && c->rows == c->stop_at ? 7 : 0;
}

static void count_bytes(void *cls, const void *buf, size_t n)
{
	(void)buf;
	((struct collected *)cls)->bytes_seen += n;
}

static void collected_free(struct collected *c)
{
	for (int r = 0; r < MAX_ROWS; r++)
		for (int i = 0; i < MAX_COLS; i++)
			free(c->cells[r][i]);
}

static struct csv_in_opts opts_for(struct collected *c)
{
	struct csv_in_opts o = {
		.max_field = 1024,
		.max_fields = MAX_COLS,
		.max_record = 1 << 20,
		.on_row = collect,
		.on_bytes = count_bytes,
		.cls = c,
	};
	return o;
}

static enum csv_in_status read_mem(const char *text, size_t n, struct collected *c,
				   struct csv_in_result *res)
{
	FILE *f = fmemopen((void *)text, n, "r");
	assert_non_null(f);
	struct csv_in_opts o = opts_for(c);
	enum csv_in_status st = csv_in_read(f, &o, res);
	fclose(f);
	return st;
}

#define READ_STR(s, c, res) read_mem((s), sizeof(s) - 1, (c), (res))

static void test_bom_semicolons(void **state)
{
	(void)state;
	struct collected c = {0};
	struct csv_in_result res;
	assert_int_equal(READ_STR("\xEF\xBB\xBF"
				  "bsn;naam\n111222333;\"de Vries; Jan\"\n",
				  &c, &res),
			 CSV_IN_OK);
	assert_true(res.bom);
	assert_int_equal(res.delim, ';');
	assert_int_equal(c.rows, 2);
	assert_string_equal(c.cells[0][0], "bsn");
	assert_string_equal(c.cells[1][1], "de Vries; Jan");
	assert_int_equal(res.bytes, c.bytes_seen);
	collected_free(&c);
}

static void test_delim_ignores_quoted(void **state)
{
	(void)state;
	struct collected c = {0};
	struct csv_in_result res;
	/* Two semicolons inside quotes, one comma outside: comma wins. */
	assert_int_equal(READ_STR("\"a;b;c\",d\n1,2\n", &c, &res), CSV_IN_OK);
	assert_int_equal(res.delim, ',');
	assert_int_equal(c.counts[0], 2);
	collected_free(&c);
}

static void test_crlf_and_line_numbers(void **state)
{
	(void)state;
	struct collected c = {0};
	struct csv_in_result res;
	assert_int_equal(READ_STR("a,b\r\n\r\n1,\"x\r\ny\r\nz\"\r\n\r\n2,3", &c, &res), CSV_IN_OK);
	assert_int_equal(c.rows, 3);
	assert_int_equal(c.lines[0], 1);
	assert_int_equal(c.lines[1], 3); /* empty line 2 skipped */
	assert_string_equal(c.cells[1][1], "x\r\ny\r\nz");
	assert_int_equal(c.lines[2], 7); /* after three lines of record and an empty one */
	assert_string_equal(c.cells[2][1], "3");
	collected_free(&c);
}

static void test_cr_only_line_ends(void **state)
{
	(void)state;
	struct collected c = {0};
	struct csv_in_result res;
	assert_int_equal(READ_STR("a,b\r1,2\r\r3,\"x\ry\"\r4,5", &c, &res), CSV_IN_OK);
	assert_int_equal(c.rows, 4);
	assert_int_equal(c.lines[1], 2);
	assert_int_equal(c.lines[2], 4); /* after an empty line */
	assert_string_equal(c.cells[2][1], "x\ry");
	assert_int_equal(c.lines[3], 6);
	collected_free(&c);
}

/* A CRLF whose CR ends one 64 KiB read and whose LF starts the next is one
 * line end, not two. */
static void test_crlf_split_between_chunks(void **state)
{
	(void)state;
	size_t chunk = 65536, n = chunk + 14;
	char *text = malloc(n);
	memcpy(text, "a\r\n", 3);
	memset(text + 3, 'x', chunk - 4);
	text[chunk - 1] = '\r';
	memcpy(text + chunk, "\n2\r\n3\r\n4\r\n5\r\n6", 14);
	struct collected c = {0};
	struct csv_in_result res;
	FILE *f = fmemopen(text, n, "r");
	struct csv_in_opts o = opts_for(&c);
	o.max_field = 1 << 20;
	assert_int_equal(csv_in_read(f, &o, &res), CSV_IN_OK);
	fclose(f);
	assert_int_equal(c.rows, 7);
	assert_int_equal(c.lines[1], 2);
	assert_int_equal(c.lines[2], 3);
	assert_string_equal(c.cells[2][0], "2");
	assert_int_equal(c.lines[6], 7);
	free(text);
	collected_free(&c);
}

static void test_spaces_kept(void **state)
{
	(void)state;
	struct collected c = {0};
	struct csv_in_result res;
	assert_int_equal(READ_STR("a,b\n  x , y\t\n", &c, &res), CSV_IN_OK);
	assert_string_equal(c.cells[1][0], "  x ");
	assert_string_equal(c.cells[1][1], " y\t");
	collected_free(&c);
}

static void test_utf16_refused(void **state)
{
	(void)state;
	struct collected c = {0};
	struct csv_in_result res;
	assert_int_equal(READ_STR("\xFF\xFE"
				  "a\0,\0b\0",
				  &c, &res),
			 CSV_IN_ENCODING);
	assert_int_equal(c.rows, 0);
	assert_non_null(strstr(res.message, "UTF-16"));
	collected_free(&c);
}

static void test_latin1_refused_with_line(void **state)
{
	(void)state;
	struct collected c = {0};
	struct csv_in_result res;
	assert_int_equal(READ_STR("a,b\n1,2\n3,Jos\xE9\n", &c, &res), CSV_IN_ENCODING);
	assert_int_equal(res.line, 3);
	assert_int_equal(c.rows, 2);
	assert_non_null(strstr(res.message, "UTF-8"));
	collected_free(&c);
}

static void test_huge_field_flagged_then_continues(void **state)
{
	(void)state;
	size_t big = 1 << 20; /* a 1 MB line */
	size_t n = 4 + big + 1 + 4;
	char *text = malloc(n + 1);
	memcpy(text, "a,b\n", 4);
	memset(text + 4, 'x', big);
	text[4 + big] = '\n';
	memcpy(text + 5 + big, "1,2\n", 4);
	struct collected c = {0};
	struct csv_in_result res;
	FILE *f = fmemopen(text, n, "r");
	struct csv_in_opts o = opts_for(&c);
	o.max_record = 2 << 20;
	assert_int_equal(csv_in_read(f, &o, &res), CSV_IN_OK);
	fclose(f);
	assert_int_equal(c.rows, 3);
	assert_true(c.too_long[1][0]);
	assert_string_equal(c.cells[1][0], "");
	assert_int_equal(c.lines[2], 3);
	assert_string_equal(c.cells[2][1], "2");
	free(text);
	collected_free(&c);
}

static void test_record_over_limit_stops(void **state)
{
	(void)state;
	/* An opening quote that never closes swallows the rest of the file. */
	size_t n = 300000;
	char *text = malloc(n);
	memcpy(text, "a,b\n\"", 5);
	for (size_t i = 5; i < n; i++)
		text[i] = (i % 50 == 0) ? '\n' : 'y';
	struct collected c = {0};
	struct csv_in_result res;
	FILE *f = fmemopen(text, n, "r");
	struct csv_in_opts o = opts_for(&c);
	o.max_record = 100000;
	assert_int_equal(csv_in_read(f, &o, &res), CSV_IN_TOO_LONG);
	fclose(f);
	assert_int_equal(res.line, 2);
	free(text);
	collected_free(&c);
}

static void test_too_many_fields(void **state)
{
	(void)state;
	struct collected c = {0};
	struct csv_in_result res;
	assert_int_equal(READ_STR("a\n1,2,3,4,5,6,7,8,9,10\n", &c, &res), CSV_IN_OK);
	assert_true(c.too_many[1]);
	assert_int_equal(c.counts[1], MAX_COLS);
	collected_free(&c);
}

static void test_unclosed_quote_at_end(void **state)
{
	(void)state;
	struct collected c = {0};
	struct csv_in_result res;
	assert_int_equal(READ_STR("a,b\n1,\"open\n", &c, &res), CSV_IN_SYNTAX);
	assert_int_equal(res.line, 2);
	collected_free(&c);
}

static void test_stray_quote(void **state)
{
	(void)state;
	struct collected c = {0};
	struct csv_in_result res;
	assert_int_equal(READ_STR("a,b\n1,2\n3,ab\"c\n", &c, &res), CSV_IN_SYNTAX);
	assert_int_equal(res.line, 3);
	collected_free(&c);
}

static void test_empty_and_header_only(void **state)
{
	(void)state;
	struct collected c = {0};
	struct csv_in_result res;
	assert_int_equal(read_mem("", 0, &c, &res), CSV_IN_OK);
	assert_int_equal(c.rows, 0);
	assert_int_equal(res.bytes, 0);
	assert_int_equal(READ_STR("a,b\r\n", &c, &res), CSV_IN_OK);
	assert_int_equal(c.rows, 1);
	collected_free(&c);
}

static void test_callback_stops(void **state)
{
	(void)state;
	struct collected c = {.stop_at = 2};
	struct csv_in_result res;
	assert_int_equal(READ_STR("a\n1\n2\n3\n", &c, &res), CSV_IN_STOPPED);
	assert_int_equal(res.stop_value, 7);
	assert_int_equal(res.line, 2);
	assert_int_equal(c.rows, 2);
	collected_free(&c);
}

/* csv-spectrum: each csvs/NAME.csv with json/NAME.json (an array of objects
 * keyed by the header). location_coordinates.csv has a bare quote inside an
 * unquoted field, which strict RFC 4180 refuses; we check that refusal. */
static void check_spectrum_case(const char *dir, const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/csvs/%s.csv", dir, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct collected c = {0};
	struct csv_in_result res;
	struct csv_in_opts o = opts_for(&c);
	enum csv_in_status st = csv_in_read(f, &o, &res);
	fclose(f);
	if (strcmp(name, "location_coordinates") == 0) {
		assert_int_equal(st, CSV_IN_SYNTAX);
		assert_int_equal(res.line, 2);
		collected_free(&c);
		return;
	}
	assert_int_equal(st, CSV_IN_OK);

	snprintf(path, sizeof path, "%s/json/%s.json", dir, name);
	json_error_t jerr;
	json_t *want = json_load_file(path, 0, &jerr);
	assert_non_null(want);
	assert_true(json_is_array(want));
	assert_int_equal(c.rows, (long)json_array_size(want) + 1);
	for (size_t r = 0; r < json_array_size(want); r++) {
		json_t *obj = json_array_get(want, r);
		assert_int_equal(json_object_size(obj), c.counts[r + 1]);
		for (size_t i = 0; i < c.counts[0]; i++) {
			json_t *v = json_object_get(obj, c.cells[0][i]);
			assert_non_null(v);
			assert_string_equal(json_string_value(v), c.cells[r + 1][i]);
		}
	}
	json_decref(want);
	collected_free(&c);
}

static void test_csv_spectrum(void **state)
{
	(void)state;
	const char *src = getenv("OVERSTAP_SRC");
	char dir[400];
	snprintf(dir, sizeof dir, "%s/node_modules/csv-spectrum", src ? src : ".");
	char csvs[sizeof dir + 8];
	snprintf(csvs, sizeof csvs, "%s/csvs", dir);
	DIR *d = opendir(csvs);
	assert_non_null(d); /* installed by scripts/deps.sh (npm ci) */
	int cases = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".csv") != 0)
			continue;
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(n - 4), e->d_name);
		check_spectrum_case(dir, name);
		cases++;
	}
	closedir(d);
	assert_int_equal(cases, 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bom_semicolons),
		cmocka_unit_test(test_delim_ignores_quoted),
		cmocka_unit_test(test_crlf_and_line_numbers),
		cmocka_unit_test(test_cr_only_line_ends),
		cmocka_unit_test(test_crlf_split_between_chunks),
		cmocka_unit_test(test_spaces_kept),
		cmocka_unit_test(test_utf16_refused),
		cmocka_unit_test(test_latin1_refused_with_line),
		cmocka_unit_test(test_huge_field_flagged_then_continues),
		cmocka_unit_test(test_record_over_limit_stops),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_unclosed_quote_at_end),
		cmocka_unit_test(test_stray_quote),
		cmocka_unit_test(test_empty_and_header_only),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_csv_spectrum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
