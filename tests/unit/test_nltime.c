/* core/nltime: Dutch local time and UTC.
 *
 * Expected UTC seconds were computed with python3 (3.11) and the IANA
 * database: int(datetime.strptime(s, "%Y-%m-%d %H:%M")
 * .replace(tzinfo=ZoneInfo("Europe/Amsterdam"), fold=0).timestamp()). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/nltime.h"

static void expect(const char *s, long long want)
{
	int64_t t = 0;
	if (nltime_parse(s, &t) != 0)
		fail_msg("%s: refused", s);
	if (t != want)
		fail_msg("%s: got %lld, want %lld", s, (long long)t, want);
}

static void test_parse(void **state)
{
	(void)state;
	expect("2026-12-10 19:30", 1796927400); /* winter, +01:00 */
	expect("2026-07-01 19:30", 1782927000); /* summer, +02:00 */
	expect("2019-06-13 19:30", 1560447000); /* Purmerend's first meeting month */
	expect("2027-01-01 00:00", 1798758000); /* New Year: UTC is still 2026 */
	expect("2026-03-29 01:59", 1774745940); /* just before the spring gap */
	expect("2026-03-29 03:00", 1774746000); /* just after it */
	expect("2026-10-25 02:30", 1792888200); /* overlap: the first (summer) one */
	expect("2026-10-25 03:00", 1792893600);
}

static void test_refused(void **state)
{
	(void)state;
	int64_t t;
	const char *bad[] = {
		"2026-03-29 02:00", /* spring gap */
		"2026-03-29 02:59",
		"2026-12-10 24:00",
		"2026-12-10 19:60",
		"2026-02-30 10:00",
		"2026-12-10 9:30",
		"2026-12-10T19:30",
		"2026-12-10 19:30 ",
		"1990-06-01 10:00", /* before the rule of 1996 */
		"",
		"10-12-2026 19:30",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (nltime_parse(bad[i], &t) == 0)
			fail_msg("accepted '%s'", bad[i]);
}

static void test_from_utc(void **state)
{
	(void)state;
	/* python3: datetime.fromtimestamp(t, ZoneInfo("Europe/Amsterdam")) */
	static const struct {
		long long t;
		const char *date;
		int hh, mm, off;
	} v[] = {
		{1774745999, "2026-03-29", 1, 59, 3600}, {1774746000, "2026-03-29", 3, 0, 7200},
		{1792889999, "2026-10-25", 2, 59, 7200}, {1792890000, "2026-10-25", 2, 0, 3600},
		{1798758000, "2027-01-01", 0, 0, 3600},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		cdate d;
		int hh, mm, off;
		char iso[DATE_ISO_SIZE];
		assert_int_equal(nltime_from_utc(v[i].t, &d, &hh, &mm, &off), 0);
		date_format_iso(d, iso);
		assert_string_equal(iso, v[i].date);
		assert_int_equal(hh, v[i].hh);
		assert_int_equal(mm, v[i].mm);
		assert_int_equal(off, v[i].off);
	}
}

static void test_round_trip(void **state)
{
	(void)state;
	/* Every quarter hour of 2026 and 2027 that exists goes there and back. */
	cdate first = date_from_ymd(2026, 1, 1), last = date_from_ymd(2027, 12, 31);
	int gaps = 0;
	for (cdate d = first; d <= last; d++) {
		for (int q = 0; q < 96; q++) {
			int64_t t;
			if (nltime_to_utc(d, q / 4, q % 4 * 15, &t) != 0) {
				gaps++;
				continue;
			}
			cdate d2;
			int hh, mm, off;
			assert_int_equal(nltime_from_utc(t, &d2, &hh, &mm, &off), 0);
			assert_int_equal(d2, d);
			assert_int_equal(hh * 60 + mm, q * 15);
		}
	}
	assert_int_equal(gaps, 2 * 4); /* one missing hour per spring */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_from_utc),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
