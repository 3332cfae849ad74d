/* Tests for the legal figures parser and the dated lookup, and for the
 * figures file carried in the binary (data/figures.csv). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/embedded.h"
#include "core/figures.h"

static cdate ymd(int y, int m, int d)
{
	assert_true(date_valid_ymd(y, m, d));
	return date_from_ymd(y, m, d);
}

static int parse(const char *text, struct figures *f, char *err, size_t errcap)
{
	return figures_parse(text, strlen(text), f, err, errcap);
}

/* Parsing text must fail with exactly the message want. */
static void refused(const char *text, const char *want)
{
	struct figures f = {(struct figure *)1, 99};
	char err[200] = "";

	if (parse(text, &f, err, sizeof err) != -1)
		fail_msg("accepted: %s", text);
	assert_string_equal(err, want);
	assert_null(f.rows);
	assert_int_equal(f.n, 0);
}

static int64_t at(const struct figures *f, const char *name, cdate on)
{
	int64_t v = -999;

	assert_int_equal(figures_at(f, name, on, &v), 0);
	return v;
}

static const char sample[] = "# comment line\n"
			     "name,valid_from,value,source\n"
			     "\n"
			     "z.last,2020-01-01,1,https://example.org/z\n"
			     "ww.duration.max_months,2019-04-01,24,https://example.org/a\n"
			     "ww.duration.max_months,2006-10-01,38,https://example.org/b\n"
			     "  # an indented comment\n"
			     "ww.duration.min_months,2006-10-01,3,https://example.org/c\n"
			     "a.first,2024-01-01,-5,https://example.org/d?x=1%2C2\n"
			     "bijstand.norm.single_cents,01-01-2026,140150,https://example.org/e\n"
			     "bijstand.norm.single_cents,2025-07-01,136906,https://example.org/f\n";

static void test_parse_sorts(void **state)
{
	struct figures f;
	char err[100] = "x";
	(void)state;

	assert_int_equal(parse(sample, &f, err, sizeof err), 0);
	assert_string_equal(err, "");
	assert_int_equal(f.n, 7);
	/* sorted by name, then valid_from */
	assert_string_equal(f.rows[0].name, "a.first");
	assert_int_equal(f.rows[0].value, -5);
	assert_string_equal(f.rows[1].name, "bijstand.norm.single_cents");
	assert_int_equal(f.rows[1].valid_from, ymd(2025, 7, 1));
	assert_int_equal(f.rows[2].valid_from, ymd(2026, 1, 1)); /* Dutch date form */
	assert_string_equal(f.rows[3].name, "ww.duration.max_months");
	assert_int_equal(f.rows[3].value, 38);
	assert_int_equal(f.rows[4].value, 24);
	assert_string_equal(f.rows[5].name, "ww.duration.min_months");
	assert_string_equal(f.rows[6].name, "z.last");
	figures_free(&f);
	assert_null(f.rows);
	assert_int_equal(f.n, 0);
	figures_free(&f); /* twice is harmless */
}

static void test_lookup_by_date(void **state)
{
	struct figures f;
	char err[100];
	int64_t v = 4242;
	(void)state;

	assert_int_equal(parse(sample, &f, err, sizeof err), 0);
	assert_int_equal(at(&f, "ww.duration.max_months", ymd(2006, 10, 1)), 38);
	assert_int_equal(at(&f, "ww.duration.max_months", ymd(2019, 3, 31)), 38);
	assert_int_equal(at(&f, "ww.duration.max_months", ymd(2019, 4, 1)), 24);
	assert_int_equal(at(&f, "ww.duration.max_months", ymd(2199, 12, 31)), 24);
	assert_int_equal(at(&f, "ww.duration.min_months", ymd(2026, 6, 1)), 3);
	assert_int_equal(at(&f, "bijstand.norm.single_cents", ymd(2025, 12, 31)), 136906);
	assert_int_equal(at(&f, "bijstand.norm.single_cents", ymd(2026, 1, 1)), 140150);
	assert_int_equal(at(&f, "a.first", ymd(2030, 1, 1)), -5);
	assert_int_equal(at(&f, "z.last", ymd(2020, 1, 1)), 1);

	/* before the first valid_from */
	assert_int_equal(figures_at(&f, "ww.duration.max_months", ymd(2006, 9, 30), &v), -1);
	assert_int_equal(figures_at(&f, "z.last", ymd(2019, 12, 31), &v), -1);
	assert_int_equal(figures_at(&f, "a.first", ymd(2023, 12, 31), &v), -1);
	/* unknown names, also ones sorting between and around the known ones */
	assert_int_equal(figures_at(&f, "ww.duration", ymd(2026, 1, 1), &v), -1);
	assert_int_equal(figures_at(&f, "ww.duration.max_months.x", ymd(2026, 1, 1), &v), -1);
	assert_int_equal(figures_at(&f, "a", ymd(2026, 1, 1), &v), -1);
	assert_int_equal(figures_at(&f, "zz", ymd(2026, 1, 1), &v), -1);
	assert_int_equal(figures_at(&f, "", ymd(2026, 1, 1), &v), -1);
	assert_int_equal(figures_at(&f, NULL, ymd(2026, 1, 1), &v), -1);
	assert_int_equal(figures_at(NULL, "a.first", ymd(2026, 1, 1), &v), -1);
	assert_int_equal(v, 4242);
	figures_free(&f);
}

/* Many versions of one figure: the lookup is a binary search, so check every
 * boundary. */
static void test_lookup_many_versions(void **state)
{
	char text[4096];
	size_t o = 0;
	struct figures f;
	char err[100];
	(void)state;

	/* written in reverse order, one version per year 1990..2089 */
	for (int y = 2089; y >= 1990; y--)
		o += (size_t)snprintf(text + o, sizeof text - o, "k,%d-01-01,%d,src\n", y, y);
	o += (size_t)snprintf(text + o, sizeof text - o,
			      "j,2000-01-01,1,src\nl,2000-01-01,2,src\n");
	assert_true(o < sizeof text);
	assert_int_equal(figures_parse(text, o, &f, err, sizeof err), 0);
	assert_int_equal(f.n, 102);
	for (int y = 1990; y <= 2089; y++) {
		assert_int_equal(at(&f, "k", ymd(y, 1, 1)), y);
		assert_int_equal(at(&f, "k", ymd(y, 12, 31)), y);
		if (y > 1990)
			assert_int_equal(at(&f, "k", ymd(y, 1, 1) - 1), y - 1);
	}
	assert_int_equal(at(&f, "j", ymd(2100, 1, 1)), 1);
	assert_int_equal(at(&f, "l", ymd(2100, 1, 1)), 2);
	figures_free(&f);
}

static void test_empty_and_comments_only(void **state)
{
	struct figures f;
	char err[100];
	int64_t v;
	(void)state;

	assert_int_equal(parse("", &f, err, sizeof err), 0);
	assert_int_equal(f.n, 0);
	assert_int_equal(figures_at(&f, "x", 0, &v), -1);
	figures_free(&f);
	assert_int_equal(parse("# only\n\n   \n#\n", &f, err, sizeof err), 0);
	assert_int_equal(f.n, 0);
	figures_free(&f);
	assert_int_equal(figures_parse(NULL, 0, &f, err, sizeof err), 0);
	assert_int_equal(f.n, 0);
}

static void test_line_ends_bom_spaces(void **state)
{
	const char text[] = "\xef\xbb\xbf"
			    "a,2020-01-01,1,s\r\n"
			    " b , 2020-01-01 , 2 , s \r\n"
			    "c,2020-01-01,3,s"; /* no final newline */
	struct figures f;
	char err[100];
	(void)state;

	assert_int_equal(figures_parse(text, sizeof text - 1, &f, err, sizeof err), 0);
	assert_int_equal(f.n, 3);
	assert_string_equal(f.rows[1].name, "b");
	assert_int_equal(f.rows[1].value, 2);
	assert_int_equal(f.rows[2].value, 3);
	figures_free(&f);
}

/* Exactly n bytes are parsed. */
static void test_exact_length(void **state)
{
	const char text[] = "a,2020-01-01,1,s\nb,2020-01-01,oops,s\n";
	struct figures f;
	char err[100];
	(void)state;

	assert_int_equal(figures_parse(text, 17, &f, err, sizeof err), 0);
	assert_int_equal(f.n, 1);
	figures_free(&f);
	assert_int_equal(figures_parse(text, sizeof text - 1, &f, err, sizeof err), -1);
	assert_string_equal(err, "line 2: value is not an integer");
}

static void test_malformed_lines(void **state)
{
	(void)state;
	refused("a,2020-01-01,1\n", "line 1: expected name,valid_from,value,source");
	refused("a\n", "line 1: expected name,valid_from,value,source");
	refused("# c\n\na,2020-01-01\n", "line 3: expected name,valid_from,value,source");
	refused("a,2020-01-01,1,\n", "line 1: missing source");
	refused("a,2020-01-01,1,   \n", "line 1: missing source");
	refused("a,2020-01-01,1,https://x.org/?a=1,2\n",
		"line 1: more than 4 fields (expected name,valid_from,value,source)");
	refused(",2020-01-01,1,s\n", "line 1: empty name");
	refused("A.b,2020-01-01,1,s\n", "line 1: name may only hold a-z, 0-9, '.' and '_'");
	refused("a b,2020-01-01,1,s\n", "line 1: name may only hold a-z, 0-9, '.' and '_'");
	refused("a\tb,2020-01-01,1,s\n", "line 1: control character in the line");
	refused("a,2020-01-01,1,s\x7f\n", "line 1: control character in the line");
	/* a header line is only skipped before the first figure */
	refused("a,2020-01-01,1,s\nname,valid_from,value,source\n",
		"line 2: valid_from is not a date (use YYYY-MM-DD)");
}

static void test_name_length(void **state)
{
	char text[200];
	char name[FIGURE_NAME_MAX + 2];
	struct figures f;
	char err[100];
	(void)state;

	memset(name, 'n', FIGURE_NAME_MAX);
	name[FIGURE_NAME_MAX] = '\0';
	snprintf(text, sizeof text, "%s,2020-01-01,1,s\n", name);
	assert_int_equal(parse(text, &f, err, sizeof err), 0);
	assert_int_equal(strlen(f.rows[0].name), FIGURE_NAME_MAX);
	figures_free(&f);

	name[FIGURE_NAME_MAX] = 'n';
	name[FIGURE_NAME_MAX + 1] = '\0';
	snprintf(text, sizeof text, "x,2020-01-01,1,s\n%s,2020-01-01,1,s\n", name);
	refused(text, "line 2: name longer than 63 characters");
}

static void test_bad_dates(void **state)
{
	const char *want = "line 1: valid_from is not a date (use YYYY-MM-DD)";
	(void)state;

	refused("a,2020-02-30,1,s\n", want);
	refused("a,2021-02-29,1,s\n", want);
	refused("a,2020-13-01,1,s\n", want);
	refused("a,2020-1-1,1,s\n", want);
	refused("a,,1,s\n", want);
	refused("a,1899-12-31,1,s\n", want);
	refused("a,yesterday,1,s\n", want);
	refused("a,2020-01-01T00:00,1,s\n", want);
}

static void test_bad_values(void **state)
{
	const char *want = "line 1: value is not an integer";
	(void)state;

	refused("a,2020-01-01,3.5,s\n", want);
	/* a Dutch decimal comma must not pass as 3 with source "5,s" */
	refused("a,2020-01-01,3,5,s\n",
		"line 1: more than 4 fields (expected name,valid_from,value,source)");
	refused("a,2020-01-01,,s\n", want);
	refused("a,2020-01-01,-,s\n", want);
	refused("a,2020-01-01,+3,s\n", want);
	refused("a,2020-01-01,1e3,s\n", want);
	refused("a,2020-01-01,0x10,s\n", want);
	refused("a,2020-01-01,12a,s\n", want);
	refused("a,2020-01-01,9223372036854775808,s\n", want);
	refused("a,2020-01-01,-9223372036854775809,s\n", want);
	refused("a,2020-01-01,123456789012345678901234567890,s\n", want);
}

static void test_value_extremes(void **state)
{
	struct figures f;
	char err[100];
	(void)state;

	assert_int_equal(parse("a,2020-01-01,9223372036854775807,s\n"
			       "b,2020-01-01,-9223372036854775808,s\n"
			       "c,2020-01-01,0,s\n"
			       "d,2020-01-01,-0,s\n",
			       &f, err, sizeof err),
			 0);
	assert_true(f.rows[0].value == INT64_MAX);
	assert_true(f.rows[1].value == INT64_MIN);
	assert_int_equal(f.rows[2].value, 0);
	assert_int_equal(f.rows[3].value, 0);
	figures_free(&f);
}

static void test_duplicates(void **state)
{
	struct figures f;
	char err[100];
	(void)state;

	refused("a,2020-01-01,1,s\nb,2020-01-01,1,s\na,2020-01-01,2,t\n",
		"line 3: duplicate a from 2020-01-01 (also on line 1)");
	/* the same day written in both forms is still a duplicate */
	refused("# c\na,01-01-2020,1,s\na,2020-01-01,1,s\n",
		"line 3: duplicate a from 2020-01-01 (also on line 2)");
	/* same name on other days, or other names on the same day, are fine */
	assert_int_equal(parse("a,2020-01-01,1,s\na,2020-01-02,1,s\nb,2020-01-01,1,s\n", &f, err,
			       sizeof err),
			 0);
	assert_int_equal(f.n, 3);
	figures_free(&f);
}

/* A small or absent error buffer is never overrun. */
static void test_error_buffer(void **state)
{
	struct figures f;
	char err[8];
	(void)state;

	memset(err, 'x', sizeof err);
	assert_int_equal(parse("a,2020-01-01,x,s\n", &f, err, sizeof err), -1);
	assert_string_equal(err, "line 1:");
	assert_int_equal(parse("a,2020-01-01,x,s\n", &f, NULL, 0), -1);
	assert_int_equal(parse("a,2020-01-01,x,s\n", &f, err, 0), -1);
}

/* The real file: it parses, and the WW duration figures are as RULES.md §1.2
 * says. */
static void test_data_file(void **state)
{
	const struct embedded_file *file = embedded_find("data/figures.csv");
	struct figures f;
	char err[200] = "";
	(void)state;

	assert_non_null(file);
	if (figures_parse(file->data, file->len, &f, err, sizeof err) != 0)
		fail_msg("data/figures.csv: %s", err);
	assert_int_equal(at(&f, "ww.duration.min_months", ymd(2026, 1, 15)), 3);
	assert_int_equal(at(&f, "ww.duration.max_months", ymd(2026, 1, 15)), 24);
	assert_int_equal(at(&f, "ww.duration.max_months", ymd(2019, 4, 1)), 24);
	assert_int_equal(at(&f, "ww.duration.max_months", ymd(2013, 6, 1)), 38);
	assert_int_equal(at(&f, "ww.duration.min_months", ymd(2013, 6, 1)), 3);
	figures_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_sorts),
		cmocka_unit_test(test_lookup_by_date),
		cmocka_unit_test(test_lookup_many_versions),
		cmocka_unit_test(test_empty_and_comments_only),
		cmocka_unit_test(test_line_ends_bom_spaces),
		cmocka_unit_test(test_exact_length),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_name_length),
		cmocka_unit_test(test_bad_dates),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_value_extremes),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_error_buffer),
		cmocka_unit_test(test_data_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
