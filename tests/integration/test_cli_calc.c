/* overstap calc: BSN check, Atw deadlines, working days, the Max-WW window and
 * WW end dates, one value per line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "harness.h"

/* Runs "calc ARGS..." expecting exit 0 and exactly want on stdout. */
#define CALC_OK(want, ...)                                                                         \
	do {                                                                                       \
		struct h_run r_;                                                                   \
		h_expect(&r_, 0, NULL, "calc", __VA_ARGS__, NULL);                                 \
		assert_string_equal(r_.out, want);                                                 \
		h_run_free(&r_);                                                                   \
	} while (0)

/* Runs "calc ARGS..." expecting exit 2, a reason on stderr, and no value. */
#define CALC_BAD(...)                                                                              \
	do {                                                                                       \
		struct h_run r_;                                                                   \
		h_expect(&r_, 2, NULL, "calc", __VA_ARGS__, NULL);                                 \
		assert_true(r_.err_len > 0);                                                       \
		assert_false(h_contains(r_.out, "-"));                                             \
		h_run_free(&r_);                                                                   \
	} while (0)

static void calc_bsn(void **state)
{
	(void)state;
	CALC_OK("valid\n", "bsn", "111222333");
	/* Eight digits: a spreadsheet dropped the leading zero. */
	CALC_OK("valid\n", "bsn", "12345672");

	struct h_run r;
	h_expect(&r, 2, NULL, "calc", "bsn", "111222334", NULL);
	assert_string_equal(r.out, "invalid\n");
	assert_true(h_contains(r.err, "11-proef"));
	h_run_free(&r);
	/* Sum 0 passes "mod 11" but is no BSN. */
	h_expect(&r, 2, NULL, "calc", "bsn", "100000009", NULL);
	assert_string_equal(r.out, "invalid\n");
	h_run_free(&r);
	const char *bad[] = {"", "abc", "1112223330", "11122233", "111 222 333", "-11222333"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		h_expect(&r, 2, NULL, "calc", "bsn", bad[i], NULL);
		assert_string_equal(r.out, "invalid\n");
		h_run_free(&r);
	}
	h_expect(&r, 2, NULL, "calc", "bsn", NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "calc", "bsn", "111222333", "extra", NULL);
	h_run_free(&r);
}

static void calc_deadline(void **state)
{
	(void)state;
	/* Saturday 26 December 2026 (Tweede Kerstdag too): Monday 28th. */
	CALC_OK("2026-12-28\n", "deadline", "2026-12-26");
	/* A working day stays. */
	CALC_OK("2026-12-24\n", "deadline", "2026-12-24");
	/* Friday 25 December 2026: Kerstdag, then the weekend. */
	CALC_OK("2026-12-28\n", "deadline", "2026-12-25");
	/* Goede Vrijdag 26 March 2027, weekend, Tweede Paasdag 29 March. */
	CALC_OK("2027-03-30\n", "deadline", "2027-03-26");
	/* Saturday 25 April 2026, Sunday, Koningsdag Monday 27 April. */
	CALC_OK("2026-04-28\n", "deadline", "2026-04-25");
	/* Thursday 31 December 2026, then Nieuwjaarsdag on Friday: Monday. */
	CALC_OK("2026-12-31\n", "deadline", "2026-12-31");
	CALC_OK("2027-01-04\n", "deadline", "2027-01-01");
	/* Dutch date form. */
	CALC_OK("2026-12-28\n", "deadline", "26-12-2026");
	CALC_BAD("deadline", "2026-02-29");
	CALC_BAD("deadline", "2026-12");
	CALC_BAD("deadline", "someday");
}

static void calc_workdays(void **state)
{
	(void)state;
	/* Thursday 24 December 2026 + 1: Friday 25 and Saturday 26 are Christmas,
	 * then Sunday: Monday 28th. */
	CALC_OK("2026-12-28\n", "workdays", "--from", "2026-12-24", "--add", "1");
	CALC_OK("2026-12-24\n", "workdays", "--from", "2026-12-28", "--add", "-1");
	CALC_OK("2026-12-24\n", "workdays", "--from", "2026-12-24", "--add", "0");
	/* 2026-12-24 + 5: 28, 29, 30, 31 Dec, (1 Jan holiday, weekend) 4 Jan. */
	CALC_OK("2027-01-04\n", "workdays", "--from", "2026-12-24", "--add", "5");
	/* Tweede Pinksterdag 2026 is Monday 25 May: Friday 22 + 1 = Tuesday 26. */
	CALC_OK("2026-05-26\n", "workdays", "--add", "1", "--from", "2026-05-22");
	CALC_OK("2026-05-22\n", "workdays", "--from", "2026-05-26", "--add", "-1");
	CALC_BAD("workdays", "--from", "2026-12-24");
	CALC_BAD("workdays", "--add", "1");
	CALC_BAD("workdays", "--from", "2026-12-24", "--add", "one");
	CALC_BAD("workdays", "--from", "2026-12-24", "--add", "1.5");
	CALC_BAD("workdays", "--from", "2026-12-24", "--add", "99999999999");
	CALC_BAD("workdays", "--from", "2026-12-32", "--add", "1");
}

static void calc_window(void **state)
{
	(void)state;
	CALC_OK("2026-12-01\n2027-02-28\n", "window", "--date", "2026-11-30", "--months", "3");
	CALC_OK("2026-12-01\n2027-05-30\n", "window", "--date", "2026-11-30", "--months", "6");
	/* Leap year. */
	CALC_OK("2027-12-01\n2028-02-29\n", "window", "--date", "2027-11-30", "--months", "3");
	CALC_OK("2026-01-01\n2026-03-31\n", "window", "--date", "2025-12-31", "--months", "3");
	CALC_BAD("window", "--date", "2026-11-30", "--months", "2");
	CALC_BAD("window", "--date", "2026-11-30", "--months", "7");
	CALC_BAD("window", "--date", "2026-11-30");
	CALC_BAD("window", "--date", "30-11", "--months", "3");
}

static void calc_ww_end(void **state)
{
	(void)state;
	CALC_OK("2027-02-14\n", "ww-end", "--start", "2026-01-15", "--months", "13");
	CALC_OK("2026-05-31\n", "ww-end", "--start", "2026-03-01", "--months", "3");
	CALC_OK("2027-12-31\n", "ww-end", "--start", "2026-01-01", "--months", "24");
	/* Outside the legal bounds in force on the start date (3 .. 24). */
	CALC_BAD("ww-end", "--start", "2026-01-15", "--months", "2");
	CALC_BAD("ww-end", "--start", "2026-01-15", "--months", "25");
	/* Before 2019-04-01 the old maximum of 38 months applied. */
	CALC_OK("2021-02-28\n", "ww-end", "--start", "2018-01-01", "--months", "38");
	/* No figures in force before 2006-10-01. */
	CALC_BAD("ww-end", "--start", "2000-01-01", "--months", "12");
	CALC_BAD("ww-end", "--start", "2026-01-15", "--months", "x");
	CALC_BAD("ww-end", "--months", "13");
}

static void calc_usage(void **state)
{
	(void)state;
	struct h_run r;
	h_expect(&r, 2, NULL, "calc", NULL);
	assert_true(h_contains(r.err, "usage"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "calc", "nonsense", NULL);
	assert_true(h_contains(r.err, "usage"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "calc", "window", "--date", "2026-11-30", "--months", "3", "--bogus",
		 NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "calc", "window", "--date", "2026-11-30", "--months", "3", "extra",
		 NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "nonsense", NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "version", NULL);
	assert_true(h_contains(r.out, "overstap "));
	h_run_free(&r);
	/* A megabyte on stdin that nobody reads: the harness must not hang. */
	static char input[1 << 20];
	memset(input, 'x', sizeof input - 1);
	h_expect(&r, 0, input, "calc", "bsn", "111222333", NULL);
	assert_string_equal(r.out, "valid\n");
	h_run_free(&r);
	h_expect(&r, 0, NULL, "help", NULL);
	assert_true(h_contains(r.out, "calc"));
	h_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(calc_bsn),      cmocka_unit_test(calc_deadline),
		cmocka_unit_test(calc_workdays), cmocka_unit_test(calc_window),
		cmocka_unit_test(calc_ww_end),   cmocka_unit_test(calc_usage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
