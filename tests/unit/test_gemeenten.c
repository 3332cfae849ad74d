/* Tests for the municipality table (core/gemeenten.h) and data/gemeenten.csv. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gemeenten.h"

/* The count documented in the header comment of data/gemeenten.csv and in
 * RULES.md §5.2 for 2025 and 2026. */
#define GEMEENTEN_2025 342

static int parse(const char *text, struct gemeenten *g, char *err, size_t errcap)
{
	return gemeenten_parse(text, strlen(text), g, err, errcap);
}

static void test_parses_comments_header_and_rows(void **state)
{
	struct gemeenten g;
	char err[128] = "";
	(void)state;

	assert_int_equal(parse("# a comment\n"
			       "code,name,inhabitants\r\n"
			       "GM0363,Amsterdam,931298\r\n"
			       "\n"
			       "# another\n"
			       "GM0796,'s-Hertogenbosch,\n"
			       "GM0820,\"Nuenen, Gerwen en Nederwetten\",23707",
			       &g, err, sizeof err),
			 0);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.rows[0].code, "GM0363");
	assert_string_equal(g.rows[0].name, "Amsterdam");
	assert_int_equal(g.rows[0].inhabitants, 931298);
	assert_string_equal(g.rows[1].name, "'s-Hertogenbosch");
	assert_int_equal(g.rows[1].inhabitants, 0); /* empty: unknown */
	assert_string_equal(g.rows[2].name, "Nuenen, Gerwen en Nederwetten");
	gemeenten_free(&g);
	assert_null(g.rows);
	assert_int_equal(g.n, 0);
}

static void test_doubled_quote_inside_quoted_name(void **state)
{
	struct gemeenten g;
	char err[128] = "";
	(void)state;

	assert_int_equal(
		parse("code,name,inhabitants\nGM0001,\"A \"\"B\"\"\",1\n", &g, err, sizeof err), 0);
	assert_string_equal(g.rows[0].name, "A \"B\"");
	gemeenten_free(&g);
}

static void test_unsorted_input_is_sorted(void **state)
{
	struct gemeenten g;
	char err[128] = "";
	(void)state;

	assert_int_equal(parse("code,name,inhabitants\n"
			       "GM1680,Aa en Hunze,25375\n"
			       "GM0599,Rotterdam,652413\n"
			       "GM0014,Groningen,233071\n"
			       "GM0363,Amsterdam,892981\n",
			       &g, err, sizeof err),
			 0);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.rows[0].code, "GM0014");
	assert_string_equal(g.rows[1].code, "GM0363");
	assert_string_equal(g.rows[2].code, "GM0599");
	assert_string_equal(g.rows[3].code, "GM1680");
	assert_string_equal(gemeenten_find(&g, "GM0599")->name, "Rotterdam");
	gemeenten_free(&g);
}

static void test_duplicate_code_refused_with_both_lines(void **state)
{
	struct gemeenten g;
	char err[128] = "";
	(void)state;

	assert_int_equal(parse("code,name,inhabitants\n"
			       "GM0363,Amsterdam,1\n"
			       "GM0599,Rotterdam,2\n"
			       "GM0363,Amsterdam again,3\n",
			       &g, err, sizeof err),
			 -1);
	assert_string_equal(err, "line 4: duplicate code GM0363 (first on line 2)");
	assert_null(g.rows);
	assert_int_equal(g.n, 0);
}

/* Every error message starts with the line it is about. */
static void expect_error(const char *text, const char *want)
{
	struct gemeenten g;
	char err[128] = "";

	assert_int_equal(parse(text, &g, err, sizeof err), -1);
	assert_string_equal(err, want);
	assert_null(g.rows);
}

static void test_errors_name_the_line(void **state)
{
	(void)state;
	expect_error("code,name,inhabitants\nGM0363,Amsterdam\n",
		     "line 2: expected 3 fields (code,name,inhabitants), found 2");
	expect_error("code,name,inhabitants\nGM0363,Amsterdam,1,extra\n",
		     "line 2: expected 3 fields (code,name,inhabitants), found 4");
	expect_error("# c\ncode,name,inhabitants\nGM0363,Amsterdam,1\nGM363,X,1\n",
		     "line 4: code: not \"GM\" followed by four digits");
	expect_error("code,name,inhabitants\ngm0363,Amsterdam,1\n",
		     "line 2: code: not \"GM\" followed by four digits");
	expect_error("code,name,inhabitants\nGM0363,,1\n", "line 2: name: empty");
	expect_error("code,name,inhabitants\nGM0363,Amsterdam,-5\n",
		     "line 2: inhabitants: not a whole number from 0 to 100000000");
	expect_error("code,name,inhabitants\nGM0363,Amsterdam,12x\n",
		     "line 2: inhabitants: not a whole number from 0 to 100000000");
	expect_error("code,name,inhabitants\nGM0363,Amsterdam,100000001\n",
		     "line 2: inhabitants: not a whole number from 0 to 100000000");
	expect_error("code,name,inhabitants\nGM0363,\"Amsterdam,1\n",
		     "line 2: unterminated quoted field");
	expect_error("code,name,inhabitants\nGM0363,\"Amster\"dam,1\n",
		     "line 2: text after a closing quote");
	expect_error("code,name,inhabitants\nGM0363,Amster\"dam,1\n",
		     "line 2: quote inside an unquoted field");
	expect_error("code,name,inhabitants\nGM0363,Am\tsterdam,1\n",
		     "line 2: name: control character");
	expect_error("GM0363,Amsterdam,1\n",
		     "line 1: expected the header \"code,name,inhabitants\"");
	expect_error("# only a comment\n", "line 2: missing the header \"code,name,inhabitants\"");
	expect_error("code,name,inhabitants\n", "line 2: no municipalities after the header");
}

static void test_name_length_limit(void **state)
{
	char text[256];
	char name[GEMEENTE_NAME_MAX + 2];
	struct gemeenten g;
	char err[128] = "";
	(void)state;

	memset(name, 'x', GEMEENTE_NAME_MAX);
	name[GEMEENTE_NAME_MAX] = '\0';
	snprintf(text, sizeof text, "code,name,inhabitants\nGM0001,%s,1\n", name);
	assert_int_equal(parse(text, &g, err, sizeof err), 0);
	assert_int_equal(strlen(g.rows[0].name), GEMEENTE_NAME_MAX);
	gemeenten_free(&g);

	name[GEMEENTE_NAME_MAX] = 'x';
	name[GEMEENTE_NAME_MAX + 1] = '\0';
	snprintf(text, sizeof text, "code,name,inhabitants\nGM0001,%s,1\n", name);
	assert_int_equal(parse(text, &g, err, sizeof err), -1);
	assert_string_equal(err, "line 2: name: longer than 80 bytes");
}

/* Only n bytes are read: the text need not end in NUL. */
static void test_reads_exactly_n_bytes(void **state)
{
	static const char text[] = "code,name,inhabitants\nGM0363,Amsterdam,123GARBAGE";
	struct gemeenten g;
	char err[128] = "";
	(void)state;

	assert_int_equal(gemeenten_parse(text, strlen(text) - 7, &g, err, sizeof err), 0);
	assert_int_equal(g.rows[0].inhabitants, 123);
	gemeenten_free(&g);
}

static void test_small_error_buffer_is_safe(void **state)
{
	struct gemeenten g;
	char err[8];
	(void)state;

	assert_int_equal(gemeenten_parse("x", 1, &g, err, sizeof err), -1);
	assert_string_equal(err, "line 1:");
	assert_int_equal(gemeenten_parse("x", 1, &g, NULL, 0), -1);
}

static void test_find(void **state)
{
	struct gemeenten g;
	char err[128] = "";
	(void)state;

	assert_int_equal(parse("code,name,inhabitants\nGM0363,Amsterdam,1\nGM0599,Rotterdam,2\n",
			       &g, err, sizeof err),
			 0);
	assert_string_equal(gemeenten_find(&g, "GM0363")->name, "Amsterdam");
	assert_string_equal(gemeenten_find(&g, "GM0599")->name, "Rotterdam");
	assert_null(gemeenten_find(&g, "GM0000"));
	assert_null(gemeenten_find(&g, "GM9999"));
	assert_null(gemeenten_find(&g, "gm0363"));
	assert_null(gemeenten_find(&g, ""));
	assert_null(gemeenten_find(&g, NULL));
	gemeenten_free(&g);
	assert_null(gemeenten_find(&g, "GM0363"));
	assert_null(gemeenten_find(NULL, "GM0363"));
}

static void test_code_validation(void **state)
{
	(void)state;
	assert_true(gemeente_code_valid("GM0363", 6));
	assert_true(gemeente_code_valid("GM0000", 6));
	assert_true(gemeente_code_valid("GM9999", 6));
	assert_true(gemeente_code_valid("GM0363xyz", 6)); /* exactly n bytes are read */
	assert_false(gemeente_code_valid("GM036", 5));
	assert_false(gemeente_code_valid("GM03631", 7));
	assert_false(gemeente_code_valid("gm0363", 6));
	assert_false(gemeente_code_valid("GX0363", 6));
	assert_false(gemeente_code_valid("GM03a3", 6));
	assert_false(gemeente_code_valid("GM 363", 6));
	assert_false(gemeente_code_valid("0363", 4));
	assert_false(gemeente_code_valid("", 0));
	assert_false(gemeente_code_valid(NULL, 6));
}

/* Reads $OVERSTAP_SRC/data/gemeenten.csv (default ./data/gemeenten.csv). */
static char *read_real_file(size_t *len)
{
	const char *src = getenv("OVERSTAP_SRC");
	char path[4096];
	char *buf = NULL;
	long size = -1;
	FILE *f;

	snprintf(path, sizeof path, "%s/data/gemeenten.csv", src && *src ? src : ".");
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (set OVERSTAP_SRC to the source tree)", path);
	if (fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	if (size < 0 || fseek(f, 0, SEEK_SET) != 0)
		fail_msg("cannot size %s", path);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	*len = (size_t)size;
	return buf;
}

static void expect_row(const struct gemeenten *g, const char *code, const char *name)
{
	const struct gemeente *r = gemeenten_find(g, code);

	if (!r)
		fail_msg("%s missing", code);
	assert_string_equal(r->name, name);
	assert_true(r->inhabitants > 0);
}

static void test_real_file(void **state)
{
	struct gemeenten g;
	char err[128] = "";
	size_t len;
	char *text = read_real_file(&len);
	int64_t total = 0;
	(void)state;

	if (gemeenten_parse(text, len, &g, err, sizeof err) != 0)
		fail_msg("data/gemeenten.csv: %s", err);
	free(text);
	assert_int_equal(g.n, GEMEENTEN_2025);
	expect_row(&g, "GM0363", "Amsterdam");
	expect_row(&g, "GM0599", "Rotterdam");
	expect_row(&g, "GM0484", "Alphen aan den Rijn");
	expect_row(&g, "GM0439", "Purmerend");
	expect_row(&g, "GM0855", "Tilburg");
	expect_row(&g, "GM0772", "Eindhoven");
	expect_row(&g, "GM1680", "Aa en Hunze");
	expect_row(&g, "GM0518", "'s-Gravenhage");
	expect_row(&g, "GM0820", "Nuenen, Gerwen en Nederwetten");
	/* Municipalities formed by the mergers of 2022 and 2023. */
	expect_row(&g, "GM1980", "Dijk en Waard");
	expect_row(&g, "GM1982", "Land van Cuijk");
	expect_row(&g, "GM1991", "Maashorst");
	expect_row(&g, "GM1992", "Voorne aan Zee");
	/* ... and the codes merged away: none may remain. */
	static const char *const gone[] = {"GM0370", "GM0398", "GM0416", "GM0457", "GM0501",
					   "GM0530", "GM0614", "GM0756", "GM0786", "GM0815",
					   "GM0856", "GM1684", "GM1685", "GM1702"};
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
		if (gemeenten_find(&g, gone[i]))
			fail_msg("%s was merged away but is still listed", gone[i]);
	for (size_t i = 0; i < g.n; i++) {
		assert_true(g.rows[i].inhabitants > 0);
		total += g.rows[i].inhabitants;
	}
	/* The Netherlands had between 17 and 19 million inhabitants 2020-2026. */
	assert_true(total > 17000000 && total < 19000000);
	gemeenten_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parses_comments_header_and_rows),
		cmocka_unit_test(test_doubled_quote_inside_quoted_name),
		cmocka_unit_test(test_unsorted_input_is_sorted),
		cmocka_unit_test(test_duplicate_code_refused_with_both_lines),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_name_length_limit),
		cmocka_unit_test(test_reads_exactly_n_bytes),
		cmocka_unit_test(test_small_error_buffer_is_safe),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_code_validation),
		cmocka_unit_test(test_real_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
