/* Civil dates: a day number without time zone.
 *
 * A cdate counts days since 1970-01-01 (day 0), so adding days and taking
 * differences is plain integer arithmetic. Conversions follow the proleptic
 * Gregorian calendar (H. Hinnant's days_from_civil algorithm). */
#ifndef OVERSTAP_CORE_DATE_H
#define OVERSTAP_CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t cdate;

/* Years accepted by date_parse(); wider ranges are accepted by the arithmetic. */
#define DATE_PARSE_YEAR_MIN 1900
#define DATE_PARSE_YEAR_MAX 2199

/* Length of an ISO date string "YYYY-MM-DD" plus the terminating NUL. */
#define DATE_ISO_SIZE 11

bool date_valid_ymd(int y, int m, int d);
int date_days_in_month(int y, int m);
bool date_is_leap(int y);

/* Day number of a valid (y, m, d); the caller checks validity first. */
cdate date_from_ymd(int y, int m, int d);
void date_to_ymd(cdate day, int *y, int *m, int *d);

/* Parses exactly n bytes: ISO "YYYY-MM-DD" or Dutch "DD-MM-YYYY" (also with
 * '/' or '.' as separator in the Dutch form). Returns 0 and sets *out, or -1
 * when the text is not a real date in DATE_PARSE_YEAR_MIN..MAX. */
int date_parse(const char *s, size_t n, cdate *out);

/* Writes "YYYY-MM-DD" and a NUL into out. */
void date_format_iso(cdate day, char out[DATE_ISO_SIZE]);

static inline cdate date_add_days(cdate day, int n)
{
	return day + n;
}
/* Days from a to b (b - a). */
static inline int date_diff_days(cdate a, cdate b)
{
	return b - a;
}

/* Adds n calendar months (n may be negative); a day that does not exist in
 * the target month is clamped to that month's last day (31 Jan + 1 = 28/29 Feb). */
cdate date_add_months(cdate day, int n);

/* ISO 8601 weekday: 1 = Monday ... 7 = Sunday. */
int date_weekday(cdate day);

/* Easter Sunday of year y (Gregorian computus, Meeus/Jones/Butcher). */
cdate date_easter(int y);

#endif
