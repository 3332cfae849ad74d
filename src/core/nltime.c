#include "core/nltime.h"

#include <stdio.h>
#include <string.h>

#define DAY 86400

/* The last Sunday of month m of year y, as a day number. */
static cdate last_sunday(int y, int m)
{
	cdate d = date_from_ymd(y, m, date_days_in_month(y, m));
	return d - date_weekday(d) % 7;
}

/* Whether UTC second t (of UTC year y) falls in summer time. */
static int summer(int y, int64_t t)
{
	int64_t start = (int64_t)last_sunday(y, 3) * DAY + 3600;
	int64_t end = (int64_t)last_sunday(y, 10) * DAY + 3600;
	return t >= start && t < end;
}

static int year_ok(int y)
{
	return y >= NLTIME_YEAR_MIN && y <= DATE_PARSE_YEAR_MAX;
}

int nltime_to_utc(cdate day, int hh, int mm, int64_t *out)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	if (!year_ok(y) || hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return -1;
	int64_t local = (int64_t)day * DAY + hh * 3600 + mm * 60;
	/* Near New Year the UTC year may differ, but summer time never applies
	 * there, so the local year decides. */
	if (summer(y, local - 7200)) {
		*out = local - 7200;
		return 0;
	}
	if (!summer(y, local - 3600)) {
		*out = local - 3600;
		return 0;
	}
	return -1; /* the spring gap */
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int nltime_from_utc(int64_t t, cdate *day, int *hh, int *mm, int *offset)
{
	int y, m, d;
	date_to_ymd((cdate)floor_div(t, DAY), &y, &m, &d);
	if (!year_ok(y))
		return -1;
	*offset = summer(y, t) ? 7200 : 3600;
	int64_t local = t + *offset;
	*day = (cdate)floor_div(local, DAY);
	int64_t sec = local - (int64_t)*day * DAY;
	*hh = (int)(sec / 3600);
	*mm = (int)(sec % 3600 / 60);
	return 0;
}

static int two_digits(const char *s, int *out)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

int nltime_parse(const char *s, int64_t *out)
{
	cdate day;
	int hh, mm;
	/* "YYYY-MM-DD HH:MM": 16 bytes */
	if (strlen(s) != 16 || s[4] != '-' || s[10] != ' ' || s[13] != ':' ||
	    date_parse(s, 10, &day) != 0 || two_digits(s + 11, &hh) != 0 ||
	    two_digits(s + 14, &mm) != 0)
		return -1;
	return nltime_to_utc(day, hh, mm, out);
}

void nltime_format(int64_t t, char out[NLTIME_TEXT_SIZE])
{
	cdate d;
	int hh, mm, off;
	char iso[DATE_ISO_SIZE];
	if (nltime_from_utc(t, &d, &hh, &mm, &off) != 0) {
		snprintf(out, NLTIME_TEXT_SIZE, "?");
		return;
	}
	date_format_iso(d, iso);
	snprintf(out, NLTIME_TEXT_SIZE, "%s %02d:%02d", iso, hh, mm);
}
