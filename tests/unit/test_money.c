/* Tests for money parsing (the contract in money.h) and Dutch formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/money.h"

/* Parses s and checks it gives want cents. */
static void ok(const char *s, int64_t want)
{
	int64_t got = 12345;

	if (money_parse(s, strlen(s), &got) != 0)
		fail_msg("money_parse(\"%s\") refused, want %lld", s, (long long)want);
	if (got != want)
		fail_msg("money_parse(\"%s\") = %lld, want %lld", s, (long long)got,
			 (long long)want);
}

/* Checks s is refused and *cents is left alone. */
static void bad(const char *s)
{
	int64_t got = 777;

	if (money_parse(s, strlen(s), &got) != -1)
		fail_msg("money_parse(\"%s\") accepted as %lld", s, (long long)got);
	assert_int_equal(got, 777);
}

static void test_header_examples(void **state)
{
	(void)state;
	ok("1.234,56", 123456);
	ok("1234,56", 123456);
	ok("1234.56", 123456);
	ok("1,234.56", 123456);
	ok("€ 1.234,56", 123456);
	ok("EUR 12", 1200);
	ok("-3,50", -350);
}

static void test_plain_integers(void **state)
{
	(void)state;
	ok("0", 0);
	ok("7", 700);
	ok("12", 1200);
	ok("123", 12300);
	ok("1234", 123400);
	ok("007", 700);
	ok("1234567", 123456700);
}

static void test_decimals(void **state)
{
	(void)state;
	ok("0,05", 5);
	ok("0.05", 5);
	ok("0,5", 50); /* one decimal digit is tenths */
	ok("12,3", 1230);
	ok("12.30", 1230);
	ok("0,00", 0);
	ok("99,99", 9999);
	ok("1,00", 100);
}

static void test_thousands_grouping(void **state)
{
	(void)state;
	ok("1.234.567", 123456700); /* two '.': cannot be decimal, so thousands */
	ok("1,234,567", 123456700);
	ok("12.345.678,90", 1234567890);
	ok("123,456,789.01", 12345678901);
	ok("1.000,5", 100050);
	ok("999.999,99", 99999999);
}

/* money.h: "1.234" and "1,234" could be either and are refused. */
static void test_ambiguous_refused(void **state)
{
	(void)state;
	bad("1.234");
	bad("1,234");
	bad("0.123");
	bad("€ 1.234");
	bad("-1,234");
	bad("123,456");
}

static void test_bad_grouping(void **state)
{
	(void)state;
	bad("1.23.456");    /* middle group of 2 */
	bad("1.2345,67");   /* group of 4 */
	bad("1234.567,89"); /* first group of 4 */
	bad("1.234.56");    /* decimal '.' used as thousands too */
	bad("1,234,56");
	bad("1.234,567"); /* three decimals */
	bad("1,234.567");
	bad("1.2345"); /* four digits after the only separator */
	bad("1,2345");
	bad("1.234.5678");
	bad("1,234.567.890"); /* mixed thousands separators */
	bad("1.234,567.89");
	bad("12,34,56");
	bad("1..5");
	bad("1,.5");
	bad("1.,50");
}

static void test_separator_placement(void **state)
{
	(void)state;
	bad(".5");
	bad(",50");
	bad("5.");
	bad("5,");
	bad(".");
	bad(",");
	bad("1 234,56"); /* space as a thousands separator is not accepted */
}

static void test_currency_prefixes(void **state)
{
	(void)state;
	ok("€ 12,50", 1250);
	ok("€12,50", 1250);
	ok("EUR 12,50", 1250);
	ok("€ 0,05", 5);
	bad("EUR12,50");
	bad("€  12,50"); /* two spaces */
	bad("12,50 €");  /* suffix */
	bad("12,50 EUR");
	bad("eur 12,50");
	bad("$ 12,50");
	bad("€");
	bad("€ ");
	bad("EUR ");
	bad("EUR");
	bad("\xe2\x82"); /* a truncated euro sign */
}

static void test_minus_sign(void **state)
{
	(void)state;
	ok("-3,50", -350);
	ok("-€ 3,50", -350); /* as money_format writes it */
	ok("€ -3,50", -350);
	ok("-EUR 12", -1200);
	ok("EUR -12", -1200);
	ok("-0", 0);
	ok("-0,01", -1);
	bad("-");
	bad("--3");
	bad("-€ -3,50");
	bad("- 3,50");
	bad("3,50-");
	bad("+3,50");
	bad("€ +3,50");
}

static void test_garbage(void **state)
{
	(void)state;
	bad("");
	bad(" ");
	bad(" 12");
	bad("12 ");
	bad("abc");
	bad("12a");
	bad("1e5");
	bad("0x10");
	bad("12,5a");
	bad("١٢"); /* Arabic-Indic digits */
}

/* money.h: magnitudes above 10^15 cents are refused. */
static void test_overflow(void **state)
{
	(void)state;
	ok("10000000000000", 1000000000000000LL); /* 10^13 euro = 10^15 cents */
	ok("-10000000000000,00", -1000000000000000LL);
	ok("9999999999999,99", 999999999999999LL);
	bad("10000000000000,01");
	bad("10000000000001");
	bad("10.000.000.000.001");
	bad("99999999999999999999");
	bad("9223372036854775807");
	bad("92233720368547758,07");
	bad("-9223372036854775808");
	bad("000000000000000000000000000000000000000000000000000000000001x");
	/* Leading zeros are not magnitude. */
	ok("0000000000000000000000000000001", 100);
}

/* Exactly n bytes are read. */
static void test_exact_length(void **state)
{
	int64_t v = 0;
	(void)state;

	assert_int_equal(money_parse("12,345", 5, &v), 0);
	assert_int_equal(v, 1234);
	assert_int_equal(money_parse("12\0", 3, &v), -1);
	assert_int_equal(money_parse("12", 0, &v), -1);
	assert_int_equal(money_parse(NULL, 0, &v), -1);
}

static void fmt(int64_t cents, const char *want)
{
	char buf[64];
	int n = money_format(cents, buf, sizeof buf);

	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

static void test_format(void **state)
{
	(void)state;
	fmt(123456, "€ 1.234,56");
	fmt(-350, "-€ 3,50");
	fmt(5, "€ 0,05");
	fmt(0, "€ 0,00");
	fmt(-1, "-€ 0,01");
	fmt(100, "€ 1,00");
	fmt(99999, "€ 999,99");
	fmt(100000, "€ 1.000,00");
	fmt(12345678901, "€ 123.456.789,01");
	fmt(-100000000, "-€ 1.000.000,00");
}

static void test_format_extremes(void **state)
{
	(void)state;
	fmt(INT64_MAX, "€ 92.233.720.368.547.758,07");
	fmt(INT64_MIN, "-€ 92.233.720.368.547.758,08");
	fmt(INT64_MIN + 1, "-€ 92.233.720.368.547.758,07");
}

/* As snprintf: the full length is returned, the output is cut and
 * terminated. */
static void test_format_truncation(void **state)
{
	char buf[8];
	char one[1] = {'x'};
	(void)state;

	memset(buf, 'x', sizeof buf);
	assert_int_equal(money_format(123456, buf, sizeof buf), (int)strlen("€ 1.234,56"));
	assert_string_equal(buf, "€ 1.2"); /* 7 bytes: "€" takes 3 */
	assert_int_equal(money_format(5, one, 1), (int)strlen("€ 0,05"));
	assert_int_equal(one[0], '\0');
	assert_int_equal(money_format(5, NULL, 0), (int)strlen("€ 0,05"));
}

/* What money_format writes, money_parse reads back. */
static void test_round_trip(void **state)
{
	const int64_t values[] = {0,
				  1,
				  -1,
				  5,
				  99,
				  100,
				  -350,
				  123456,
				  -123456,
				  100000,
				  999999,
				  1000000,
				  1234567890,
				  -98765432,
				  1000000000000000LL,
				  -1000000000000000LL};
	char buf[64];
	(void)state;

	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		int64_t back = 42;

		money_format(values[i], buf, sizeof buf);
		assert_int_equal(money_parse(buf, strlen(buf), &back), 0);
		assert_int_equal(back, values[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_examples),
		cmocka_unit_test(test_plain_integers),
		cmocka_unit_test(test_decimals),
		cmocka_unit_test(test_thousands_grouping),
		cmocka_unit_test(test_ambiguous_refused),
		cmocka_unit_test(test_bad_grouping),
		cmocka_unit_test(test_separator_placement),
		cmocka_unit_test(test_currency_prefixes),
		cmocka_unit_test(test_minus_sign),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_exact_length),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_extremes),
		cmocka_unit_test(test_format_truncation),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
