/* Civil dates as day numbers since 1970-01-01 (see date.h).
 *
 * The conversions are H. Hinnant's days_from_civil / civil_from_days: the
 * year is shifted to start on 1 March so the leap day is the last day of the
 * shifted year, and eras of 400 years (146097 days) make negative years work
 * with truncating division. Intermediate values are int64_t so no year the
 * callers can pass overflows. */
#include "core/date.h"

#include <stdio.h>

/* Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
#define DAYS_0000_03_01_TO_EPOCH 719468
#define DAYS_PER_ERA 146097 /* 400 Gregorian years */

/* date_valid_ymd() accepts years in this range; every such date fits in a
 * cdate (about +-365 million days) and the int64_t arithmetic never overflows. */
#define DATE_YEAR_ABS_MAX 1000000

bool date_is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && date_is_leap(y))
		return 29;
	return days[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
	if (y < -DATE_YEAR_ABS_MAX || y > DATE_YEAR_ABS_MAX)
		return false;
	return d >= 1 && d <= date_days_in_month(y, m);
}

cdate date_from_ymd(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;                                  /* 0..399 */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* 0..146096 */

	return (cdate)(era * DAYS_PER_ERA + doe - DAYS_0000_03_01_TO_EPOCH);
}

void date_to_ymd(cdate day, int *y, int *m, int *d)
{
	/* era: 400-year block; doe: day of era 0..146096; yoe: year of era
	 * 0..399; doy: day of the March-based year 0..365; mp: month 0..11
	 * counted from March. */
	int64_t z = (int64_t)day + DAYS_0000_03_01_TO_EPOCH;
	int64_t era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
	int64_t doe = z - era * DAYS_PER_ERA;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / (DAYS_PER_ERA - 1)) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	if (y)
		*y = (int)(yoe + era * 400 + (mm <= 2));
	if (m)
		*m = mm;
	if (d)
		*d = (int)(doy - (153 * mp + 2) / 5 + 1);
}

/* The value of n decimal digits at s, or -1 when one of them is not a digit. */
static int parse_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(const char *s, size_t n, cdate *out)
{
	int y, m, d;

	if (!s || n != 10)
		return -1;
	if (s[4] == '-' && s[7] == '-') {
		/* ISO: YYYY-MM-DD */
		y = parse_digits(s, 4);
		m = parse_digits(s + 5, 2);
		d = parse_digits(s + 8, 2);
	} else if ((s[2] == '-' || s[2] == '/' || s[2] == '.') && s[5] == s[2]) {
		/* Dutch: DD-MM-YYYY, DD/MM/YYYY or DD.MM.YYYY, one separator throughout */
		d = parse_digits(s, 2);
		m = parse_digits(s + 3, 2);
		y = parse_digits(s + 6, 4);
	} else {
		return -1;
	}
	if (y < DATE_PARSE_YEAR_MIN || y > DATE_PARSE_YEAR_MAX || m < 0 || d < 0)
		return -1;
	if (!date_valid_ymd(y, m, d))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

void date_format_iso(cdate day, char out[DATE_ISO_SIZE])
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	/* Years outside 0..9999 do not fit "YYYY"; snprintf then truncates to
	 * DATE_ISO_SIZE - 1 characters and the result is still NUL-terminated. */
	snprintf(out, DATE_ISO_SIZE, "%04d-%02d-%02d", y, m, d);
}

cdate date_add_months(cdate day, int n)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	/* Months since year 0 with January = 0, then split with floor division. */
	int64_t total = (int64_t)y * 12 + (m - 1) + n;
	int64_t ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
	int nm = (int)(total - ny * 12) + 1;
	int last = date_days_in_month((int)ny, nm);

	return date_from_ymd((int)ny, nm, d > last ? last : d);
}

int date_weekday(cdate day)
{
	/* Day 0, 1970-01-01, was a Thursday (ISO 4). */
	int r = day % 7;

	if (r < 0)
		r += 7;
	return (r + 3) % 7 + 1;
}

cdate date_easter(int y)
{
	/* The anonymous Gregorian algorithm (Meeus, Astronomical Algorithms,
	 * ch. 8; Jones 1876; Butcher 1876), meaningful for years from 1583. */
	int a = y % 19;  /* position in the 19-year Metonic cycle */
	int b = y / 100; /* century */
	int c = y % 100;
	int h = (19 * a + b - b / 4 - (b - (b + 8) / 25 + 1) / 3 + 15) % 30; /* epact-like */
	int l = (32 + 2 * (b % 4) + 2 * (c / 4) - h - c % 4) % 7;            /* days to Sunday */
	int k = (a + 11 * h + 22 * l) / 451;
	int t = h + l - 7 * k + 114;

	return date_from_ymd(y, t / 31, t % 31 + 1);
}
