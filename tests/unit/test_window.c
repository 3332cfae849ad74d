/* Unit tests for core/window: estimated WW end dates and the Max-WW window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/window.h"

static cdate ymd(int y, int m, int d)
{
	assert_true(date_valid_ymd(y, m, d));
	return date_from_ymd(y, m, d);
}

static void test_ww_end_from_months(void **state)
{
	(void)state;
	/* RULES.md §1.4: start 15 Jan 2026, 13 months -> last day 14 Feb 2027. */
	assert_int_equal(ww_end_from_months(ymd(2026, 1, 15), 13), ymd(2027, 2, 14));
	assert_int_equal(ww_end_from_months(ymd(2026, 1, 1), 3), ymd(2026, 3, 31));
	assert_int_equal(ww_end_from_months(ymd(2026, 3, 1), 3), ymd(2026, 5, 31));
	assert_int_equal(ww_end_from_months(ymd(2026, 1, 1), 24), ymd(2027, 12, 31));
	assert_int_equal(ww_end_from_months(ymd(2026, 12, 1), 1), ymd(2026, 12, 31));
	/* Starts on the 29th-31st: the month addition clamps, then one day goes
	 * off (the estimate RULES.md §1.4 warns about). */
	assert_int_equal(ww_end_from_months(ymd(2026, 1, 31), 1), ymd(2026, 2, 27));
	assert_int_equal(ww_end_from_months(ymd(2024, 1, 31), 1), ymd(2024, 2, 28));
	assert_int_equal(ww_end_from_months(ymd(2026, 8, 31), 3), ymd(2026, 11, 29));
	assert_int_equal(ww_end_from_months(ymd(2024, 2, 29), 12), ymd(2025, 2, 27));
	assert_int_equal(ww_end_from_months(ymd(2024, 2, 29), 48), ymd(2028, 2, 28));
	/* Zero months ends the day before the start. */
	assert_int_equal(ww_end_from_months(ymd(2026, 6, 1), 0), ymd(2026, 5, 31));
}

static void test_window_bounds_example(void **state)
{
	cdate first = 0, last = 0;

	(void)state;
	/* D = 2026-11-30, N = 3: 2026-12-01 to 2027-02-28. */
	window_bounds(ymd(2026, 11, 30), 3, &first, &last);
	assert_int_equal(first, ymd(2026, 12, 1));
	assert_int_equal(last, ymd(2027, 2, 28));
	/* A year later February has 29 days. */
	window_bounds(ymd(2027, 11, 30), 3, &first, &last);
	assert_int_equal(first, ymd(2027, 12, 1));
	assert_int_equal(last, ymd(2028, 2, 29));
	window_bounds(ymd(2026, 1, 15), 6, &first, &last);
	assert_int_equal(first, ymd(2026, 1, 16));
	assert_int_equal(last, ymd(2026, 7, 15));
	window_bounds(ymd(2026, 8, 31), 6, &first, &last);
	assert_int_equal(first, ymd(2026, 9, 1));
	assert_int_equal(last, ymd(2027, 2, 28));
	window_bounds(ymd(2026, 12, 31), 4, &first, &last);
	assert_int_equal(first, ymd(2027, 1, 1));
	assert_int_equal(last, ymd(2027, 4, 30));
	/* Either output may be left out. */
	first = last = 0;
	window_bounds(ymd(2026, 11, 30), 3, NULL, &last);
	assert_int_equal(last, ymd(2027, 2, 28));
	window_bounds(ymd(2026, 11, 30), 3, &first, NULL);
	assert_int_equal(first, ymd(2026, 12, 1));
}

static void test_window_contains_edges(void **state)
{
	cdate d = ymd(2026, 11, 30);

	(void)state;
	assert_false(window_contains(d, 3, d)); /* ends today: already out */
	assert_false(window_contains(d, 3, ymd(2026, 11, 1)));
	assert_true(window_contains(d, 3, ymd(2026, 12, 1)));
	assert_true(window_contains(d, 3, ymd(2027, 1, 15)));
	assert_true(window_contains(d, 3, ymd(2027, 2, 28)));
	assert_false(window_contains(d, 3, ymd(2027, 3, 1)));
	assert_true(window_contains(d, 6, ymd(2027, 3, 1)));
	assert_true(window_contains(d, 6, ymd(2027, 5, 30)));
	assert_false(window_contains(d, 6, ymd(2027, 5, 31)));
}

static void test_window_empty_for_no_months(void **state)
{
	cdate d = ymd(2026, 6, 15);
	cdate first, last;

	(void)state;
	window_bounds(d, 0, &first, &last);
	assert_true(last < first);
	window_bounds(d, -2, &first, &last);
	assert_true(last < first);
	for (cdate e = d - 100; e <= d + 100; e++) {
		assert_false(window_contains(d, 0, e));
		assert_false(window_contains(d, -2, e));
	}
}

/* window_contains agrees with window_bounds for every day and length. */
static void test_window_contains_matches_bounds(void **state)
{
	(void)state;
	for (cdate d = ymd(2024, 1, 1); d <= ymd(2028, 12, 31); d++) {
		for (int n = WINDOW_MONTHS_MIN; n <= WINDOW_MONTHS_MAX; n++) {
			cdate first, last;

			window_bounds(d, n, &first, &last);
			assert_int_equal(first, d + 1);
			assert_int_equal(last, date_add_months(d, n));
			/* each calendar month is 28 to 31 days */
			assert_true(last - d >= n * 28 && last - d <= n * 31);
			assert_false(window_contains(d, n, first - 1));
			assert_true(window_contains(d, n, first));
			assert_true(window_contains(d, n, last));
			assert_false(window_contains(d, n, last + 1));
		}
	}
	assert_int_equal(WINDOW_MONTHS_DEFAULT, 3);
}

/* A person whose WW (start, months) is estimated enters the 3-month window
 * on the day that is 3 months before the end, and leaves on the end date. */
static void test_window_with_estimated_end(void **state)
{
	cdate end = ww_end_from_months(ymd(2026, 1, 15), 13); /* 2027-02-14 */

	(void)state;
	assert_false(window_contains(ymd(2026, 11, 13), 3, end));
	assert_true(window_contains(ymd(2026, 11, 14), 3, end));
	assert_true(window_contains(ymd(2027, 2, 13), 3, end));
	assert_false(window_contains(ymd(2027, 2, 14), 3, end));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ww_end_from_months),
		cmocka_unit_test(test_window_bounds_example),
		cmocka_unit_test(test_window_contains_edges),
		cmocka_unit_test(test_window_empty_for_no_months),
		cmocka_unit_test(test_window_contains_matches_bounds),
		cmocka_unit_test(test_window_with_estimated_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
