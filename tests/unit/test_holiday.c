/* Unit tests for core/holiday: the Atw holidays (RULES.md §5.4), the royal
 * day's Sunday rules, term extension and working-day counting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/holiday.h"
#include "easter_table.h"

static cdate ymd(int y, int m, int d)
{
	assert_true(date_valid_ymd(y, m, d));
	return date_from_ymd(y, m, d);
}

/* Asserts the Atw name of a day; want == NULL means "no holiday". */
static void assert_holiday(cdate day, const char *want)
{
	const char *got = holiday_atw_name(day);
	char iso[DATE_ISO_SIZE];

	date_format_iso(day, iso);
	if (want == NULL && got != NULL)
		fail_msg("%s: expected no holiday, got %s", iso, got);
	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		fail_msg("%s: expected %s, got %s", iso, want, got ? got : "none");
	assert_int_equal(holiday_is_atw(day), want != NULL);
}

static bool is_named(cdate day, const char *name)
{
	const char *got = holiday_atw_name(day);

	return got != NULL && strcmp(got, name) == 0;
}

static int holidays_in_year(int y)
{
	int n = 0;

	for (cdate day = ymd(y, 1, 1); day <= ymd(y, 12, 31); day++)
		n += holiday_is_atw(day);
	return n;
}

/* The table of RULES.md §5.4, with its weekdays (1 = Monday). */
static const struct {
	int y, m, d, weekday;
	const char *name;
} rules_table[] = {
	{2025, 1, 1, 3, "Nieuwjaarsdag"},       {2026, 1, 1, 4, "Nieuwjaarsdag"},
	{2027, 1, 1, 5, "Nieuwjaarsdag"},       {2028, 1, 1, 6, "Nieuwjaarsdag"},
	{2025, 4, 18, 5, "Goede Vrijdag"},      {2026, 4, 3, 5, "Goede Vrijdag"},
	{2027, 3, 26, 5, "Goede Vrijdag"},      {2028, 4, 14, 5, "Goede Vrijdag"},
	{2025, 4, 21, 1, "Tweede Paasdag"},     {2026, 4, 6, 1, "Tweede Paasdag"},
	{2027, 3, 29, 1, "Tweede Paasdag"},     {2028, 4, 17, 1, "Tweede Paasdag"},
	{2025, 4, 26, 6, "Koningsdag"},         {2026, 4, 27, 1, "Koningsdag"},
	{2027, 4, 27, 2, "Koningsdag"},         {2028, 4, 27, 4, "Koningsdag"},
	{2025, 5, 5, 1, "Bevrijdingsdag"},      {2026, 5, 5, 2, "Bevrijdingsdag"},
	{2027, 5, 5, 3, "Bevrijdingsdag"},      {2028, 5, 5, 5, "Bevrijdingsdag"},
	{2025, 5, 29, 4, "Hemelvaartsdag"},     {2026, 5, 14, 4, "Hemelvaartsdag"},
	{2027, 5, 6, 4, "Hemelvaartsdag"},      {2028, 5, 25, 4, "Hemelvaartsdag"},
	{2025, 6, 9, 1, "Tweede Pinksterdag"},  {2026, 5, 25, 1, "Tweede Pinksterdag"},
	{2027, 5, 17, 1, "Tweede Pinksterdag"}, {2028, 6, 5, 1, "Tweede Pinksterdag"},
	{2025, 12, 25, 4, "Eerste Kerstdag"},   {2026, 12, 25, 5, "Eerste Kerstdag"},
	{2027, 12, 25, 6, "Eerste Kerstdag"},   {2028, 12, 25, 1, "Eerste Kerstdag"},
	{2025, 12, 26, 5, "Tweede Kerstdag"},   {2026, 12, 26, 6, "Tweede Kerstdag"},
	{2027, 12, 26, 7, "Tweede Kerstdag"},   {2028, 12, 26, 2, "Tweede Kerstdag"},
};

static void test_rules_table_2025_2028(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rules_table / sizeof rules_table[0]; i++) {
		cdate day = ymd(rules_table[i].y, rules_table[i].m, rules_table[i].d);

		assert_holiday(day, rules_table[i].name);
		assert_int_equal(date_weekday(day), rules_table[i].weekday);
	}
	/* ... and no other day in those years: 9 rows per year, 9 holidays. */
	for (int y = 2025; y <= 2028; y++)
		assert_int_equal(holidays_in_year(y), 9);
}

static void test_koningsdag_sunday(void **state)
{
	static const int sunday_years[] = {2014, 2025, 2031, 2036, 2042, 2053, 2059,
					   2064, 2070, 2081, 2087, 2092, 2098};

	(void)state;
	for (size_t i = 0; i < sizeof sunday_years / sizeof sunday_years[0]; i++) {
		int y = sunday_years[i];

		assert_int_equal(date_weekday(ymd(y, 4, 27)), 7);
		assert_holiday(ymd(y, 4, 26), "Koningsdag");
		assert_holiday(ymd(y, 4, 27), NULL);
		assert_holiday(ymd(y, 4, 28), NULL);
	}
	/* Every year from 2014: Koningsdag on 27 April, or on Saturday 26 April
	 * when the 27th is a Sunday, and no Koninginnedag. 26 April can still be
	 * Tweede Paasdag (Easter on 25 April, as in 2038). */
	for (int y = 2014; y <= 2100; y++) {
		bool sunday = date_weekday(ymd(y, 4, 27)) == 7;

		assert_holiday(ymd(y, 4, 27), sunday ? NULL : "Koningsdag");
		assert_int_equal(is_named(ymd(y, 4, 26), "Koningsdag"), sunday);
		assert_holiday(ymd(y, 4, 30), NULL);
		assert_holiday(ymd(y, 4, 29), NULL);
	}
	assert_holiday(ymd(2038, 4, 26), "Tweede Paasdag");
	assert_holiday(ymd(2038, 4, 27), "Koningsdag");
}

static void test_koninginnedag(void **state)
{
	(void)state;
	/* 30 April 1980-2013, the Saturday 29 April when 30 April was a Sunday. */
	for (int y = 1990; y <= 2013; y++) {
		bool sunday = date_weekday(ymd(y, 4, 30)) == 7;

		assert_holiday(ymd(y, 4, 30), sunday ? NULL : "Koninginnedag");
		assert_holiday(ymd(y, 4, 29), sunday ? "Koninginnedag" : NULL);
		assert_holiday(ymd(y, 4, 27), NULL);
		assert_holiday(ymd(y, 4, 26), NULL);
	}
	assert_holiday(ymd(2006, 4, 29), "Koninginnedag"); /* celebrated Sat 29 April 2006 */
	assert_int_equal(date_weekday(ymd(2006, 4, 29)), 6);
	assert_holiday(ymd(1995, 4, 29), "Koninginnedag");
	assert_holiday(ymd(2000, 4, 29), "Koninginnedag");
	assert_holiday(ymd(1989, 4, 29), "Koninginnedag");
	assert_holiday(ymd(2013, 4, 30), "Koninginnedag"); /* the last one, a Tuesday */
	assert_holiday(ymd(1990, 4, 30), "Koninginnedag");
	/* Before 1980 (outside the checked range): moved to Monday 1 May. */
	assert_int_equal(date_weekday(ymd(1978, 4, 30)), 7);
	assert_holiday(ymd(1978, 5, 1), "Koninginnedag");
	assert_holiday(ymd(1978, 4, 29), NULL);
}

static void test_bevrijdingsdag_every_year(void **state)
{
	(void)state;
	/* A holiday for terms every year, not only in lustrum years. */
	for (int y = 1990; y <= 2100; y++) {
		const char *name = holiday_atw_name(ymd(y, 5, 5));

		assert_non_null(name);
		/* Hemelvaartsdag can fall on 5 May (2005 and 2016 in this range);
		 * the table names the day after its first matching row. */
		assert_true(strcmp(name, "Bevrijdingsdag") == 0 ||
			    date_diff_days(date_easter(y), ymd(y, 5, 5)) == 39);
	}
	assert_holiday(ymd(2026, 5, 5), "Bevrijdingsdag");
	assert_holiday(ymd(2016, 5, 5), "Bevrijdingsdag"); /* also Hemelvaartsdag */
	assert_holiday(ymd(2005, 5, 5), "Bevrijdingsdag"); /* also Hemelvaartsdag */
	assert_int_equal(holidays_in_year(2016), 8);
	assert_holiday(ymd(2016, 5, 4), NULL);
}

/* Every Easter-based holiday 1990-2100, from the published Easter dates
 * rather than our own computus, and the number of holidays per year. */
static void test_every_year_1990_2100(void **state)
{
	cdate easter[EASTER_LAST - EASTER_FIRST + 1];

	(void)state;
	read_easter_file(easter);
	for (int y = EASTER_FIRST; y <= EASTER_LAST; y++) {
		cdate e = easter[y - EASTER_FIRST];
		cdate ascension = date_add_days(e, 39);
		bool on_5_may = ascension == ymd(y, 5, 5);

		assert_holiday(ymd(y, 1, 1), "Nieuwjaarsdag");
		assert_holiday(date_add_days(e, -2), "Goede Vrijdag");
		assert_holiday(date_add_days(e, -1), NULL);
		assert_holiday(e, NULL); /* Eerste Paasdag is a Sunday, not in art. 3 */
		assert_holiday(date_add_days(e, 1), "Tweede Paasdag");
		assert_holiday(ascension, on_5_may ? "Bevrijdingsdag" : "Hemelvaartsdag");
		assert_int_equal(date_weekday(ascension), 4);
		assert_holiday(date_add_days(e, 49), NULL); /* Eerste Pinksterdag, a Sunday */
		assert_holiday(date_add_days(e, 50), "Tweede Pinksterdag");
		assert_int_equal(date_weekday(date_add_days(e, 50)), 1);
		assert_holiday(ymd(y, 12, 24), NULL);
		assert_holiday(ymd(y, 12, 25), "Eerste Kerstdag");
		assert_holiday(ymd(y, 12, 26), "Tweede Kerstdag");
		assert_holiday(ymd(y, 12, 31), NULL);
		assert_int_equal(holidays_in_year(y), on_5_may ? 8 : 9);
	}
}

static void test_not_holidays(void **state)
{
	(void)state;
	assert_holiday(ymd(2026, 1, 2), NULL);
	assert_holiday(ymd(2026, 2, 16), NULL); /* carnival Monday: regional only */
	assert_holiday(ymd(2026, 5, 4), NULL);  /* Dodenherdenking */
	assert_holiday(ymd(2026, 4, 5), NULL);  /* Eerste Paasdag */
	assert_holiday(ymd(2026, 12, 5), NULL); /* Sinterklaas */
	/* Days made equal by royal decree (Atw art. 3(3)), such as the Friday
	 * after Ascension, are not art. 3(1)/(2) holidays (see holiday.c). */
	assert_holiday(ymd(2026, 5, 15), NULL);
	/* Outside the table's range: before the Atw. */
	assert_holiday(ymd(1960, 12, 25), NULL);
}

static void test_workday_is(void **state)
{
	(void)state;
	assert_true(workday_is(ymd(2026, 1, 5)));   /* Monday */
	assert_true(workday_is(ymd(2026, 1, 9)));   /* Friday */
	assert_false(workday_is(ymd(2026, 1, 10))); /* Saturday */
	assert_false(workday_is(ymd(2026, 1, 11))); /* Sunday */
	assert_false(workday_is(ymd(2026, 1, 1)));  /* Nieuwjaarsdag, Thursday */
	assert_false(workday_is(ymd(2026, 4, 27))); /* Koningsdag, Monday */
	assert_false(workday_is(ymd(2026, 4, 3)));  /* Goede Vrijdag */
	assert_false(workday_is(ymd(2027, 5, 5)));  /* Bevrijdingsdag, not a lustrum year */
	assert_true(workday_is(ymd(2026, 4, 28)));
	/* Over several years: a working day is exactly a weekday without a name. */
	for (cdate day = ymd(2024, 1, 1); day <= ymd(2030, 12, 31); day++)
		assert_int_equal(workday_is(day),
				 date_weekday(day) <= 5 && holiday_atw_name(day) == NULL);
}

static void test_atw_extend(void **state)
{
	(void)state;
	/* A working day is returned unchanged. */
	assert_int_equal(atw_extend(ymd(2026, 12, 24)), ymd(2026, 12, 24));
	assert_int_equal(atw_extend(ymd(2026, 4, 2)), ymd(2026, 4, 2));
	/* Plain weekends. */
	assert_int_equal(atw_extend(ymd(2026, 1, 10)), ymd(2026, 1, 12));
	assert_int_equal(atw_extend(ymd(2026, 1, 11)), ymd(2026, 1, 12));
	/* Christmas: Sat 26 Dec 2026 -> Mon 28 Dec; Fri 25 Dec too. */
	assert_int_equal(atw_extend(ymd(2026, 12, 26)), ymd(2026, 12, 28));
	assert_int_equal(atw_extend(ymd(2026, 12, 25)), ymd(2026, 12, 28));
	/* Sun 25 + Mon 26 Dec 2022 -> Tue 27 Dec. */
	assert_int_equal(atw_extend(ymd(2022, 12, 25)), ymd(2022, 12, 27));
	/* Sat 25 + Sun 26 Dec 2027 -> Mon 27 Dec; Sat 1 Jan 2028 -> Mon 3 Jan. */
	assert_int_equal(atw_extend(ymd(2027, 12, 25)), ymd(2027, 12, 27));
	assert_int_equal(atw_extend(ymd(2028, 1, 1)), ymd(2028, 1, 3));
	/* Easter 2026: Goede Vrijdag 3 April to Tweede Paasdag 6 April -> Tue 7. */
	assert_int_equal(atw_extend(ymd(2026, 4, 3)), ymd(2026, 4, 7));
	assert_int_equal(atw_extend(ymd(2026, 4, 4)), ymd(2026, 4, 7));
	assert_int_equal(atw_extend(ymd(2026, 4, 5)), ymd(2026, 4, 7));
	assert_int_equal(atw_extend(ymd(2026, 4, 6)), ymd(2026, 4, 7));
	/* Easter 2027 (Fri 26 - Mon 29 March) -> Tue 30 March. */
	assert_int_equal(atw_extend(ymd(2027, 3, 27)), ymd(2027, 3, 30));
	/* Koningsdag on Saturday 26 April 2025 -> Mon 28 April. */
	assert_int_equal(atw_extend(ymd(2025, 4, 26)), ymd(2025, 4, 28));
	/* Whitsun 2026: Sat 23 May -> Tue 26 May (Mon 25 is Tweede Pinksterdag). */
	assert_int_equal(atw_extend(ymd(2026, 5, 23)), ymd(2026, 5, 26));
	/* Bevrijdingsdag Tue 5 May 2026 -> Wed 6 May. */
	assert_int_equal(atw_extend(ymd(2026, 5, 5)), ymd(2026, 5, 6));
	/* The result is the first working day on or after the date. */
	for (cdate day = ymd(2024, 1, 1); day <= ymd(2030, 12, 31); day++) {
		cdate e = atw_extend(day);

		assert_true(workday_is(e));
		assert_true(e >= day && e - day <= 5);
		for (cdate x = day; x < e; x++)
			assert_false(workday_is(x));
	}
}

static void test_workdays_add(void **state)
{
	(void)state;
	/* n == 0 returns from, even on a weekend or holiday. */
	assert_int_equal(workdays_add(ymd(2026, 12, 26), 0), ymd(2026, 12, 26));
	assert_int_equal(workdays_add(ymd(2026, 1, 7), 0), ymd(2026, 1, 7));
	/* Within a week, and across a weekend. */
	assert_int_equal(workdays_add(ymd(2026, 1, 5), 1), ymd(2026, 1, 6));
	assert_int_equal(workdays_add(ymd(2026, 1, 5), 5), ymd(2026, 1, 12));
	assert_int_equal(workdays_add(ymd(2026, 1, 9), 1), ymd(2026, 1, 12));
	assert_int_equal(workdays_add(ymd(2026, 1, 12), -1), ymd(2026, 1, 9));
	/* From a Saturday: from itself is not counted. */
	assert_int_equal(workdays_add(ymd(2026, 1, 10), 1), ymd(2026, 1, 12));
	assert_int_equal(workdays_add(ymd(2026, 1, 10), -1), ymd(2026, 1, 9));
	/* Across Christmas 2026 (Fri 25, Sat 26, Sun 27). */
	assert_int_equal(workdays_add(ymd(2026, 12, 23), 1), ymd(2026, 12, 24));
	assert_int_equal(workdays_add(ymd(2026, 12, 23), 2), ymd(2026, 12, 28));
	assert_int_equal(workdays_add(ymd(2026, 12, 23), 3), ymd(2026, 12, 29));
	assert_int_equal(workdays_add(ymd(2026, 12, 28), -1), ymd(2026, 12, 24));
	/* Across New Year 2027 (Fri 1 Jan). */
	assert_int_equal(workdays_add(ymd(2026, 12, 31), 1), ymd(2027, 1, 4));
	/* Across Easter 2026 (Fri 3 - Mon 6 April). */
	assert_int_equal(workdays_add(ymd(2026, 4, 2), 1), ymd(2026, 4, 7));
	assert_int_equal(workdays_add(ymd(2026, 4, 7), -1), ymd(2026, 4, 2));
	assert_int_equal(workdays_add(ymd(2026, 4, 4), 1), ymd(2026, 4, 7));
	/* Across Koningsdag and Bevrijdingsdag 2026 (Mon 27 April, Tue 5 May). */
	assert_int_equal(workdays_add(ymd(2026, 4, 24), 1), ymd(2026, 4, 28));
	assert_int_equal(workdays_add(ymd(2026, 4, 24), 6), ymd(2026, 5, 6));
	/* 2026 has 261 weekdays; 8 of its 9 holidays fall on one (26 Dec is a
	 * Saturday): 253 working days, the last on Thu 31 Dec. */
	assert_int_equal(workdays_add(ymd(2025, 12, 31), 253), ymd(2026, 12, 31));
	assert_int_equal(workdays_add(ymd(2026, 12, 31), -253), ymd(2025, 12, 31));
}

/* workdays_add against a plain count of working days, both ways. */
static void test_workdays_add_counts(void **state)
{
	(void)state;
	for (cdate day = ymd(2025, 1, 1); day <= ymd(2028, 12, 31); day++) {
		for (int n = -15; n <= 15; n++) {
			cdate to = workdays_add(day, n);
			int count = 0;

			if (n == 0) {
				assert_int_equal(to, day);
				continue;
			}
			assert_true(workday_is(to));
			if (n > 0) {
				assert_true(to > day);
				for (cdate x = day + 1; x <= to; x++)
					count += workday_is(x);
				assert_int_equal(count, n);
			} else {
				assert_true(to < day);
				for (cdate x = to; x < day; x++)
					count += workday_is(x);
				assert_int_equal(count, -n);
			}
			if (workday_is(day))
				assert_int_equal(workdays_add(to, -n), day);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_table_2025_2028),
		cmocka_unit_test(test_koningsdag_sunday),
		cmocka_unit_test(test_koninginnedag),
		cmocka_unit_test(test_bevrijdingsdag_every_year),
		cmocka_unit_test(test_every_year_1990_2100),
		cmocka_unit_test(test_not_holidays),
		cmocka_unit_test(test_workday_is),
		cmocka_unit_test(test_atw_extend),
		cmocka_unit_test(test_workdays_add),
		cmocka_unit_test(test_workdays_add_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
