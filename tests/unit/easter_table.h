/* The published table of Easter Sundays 1990-2100 (ASSA; source in the
 * data file's header), shared by test_date.c and test_holiday.c so that
 * Easter and the holidays built on it are checked against data, not against
 * our own computus. Include after cmocka.h and core/date.h. */
#ifndef OVERSTAP_TEST_EASTER_TABLE_H
#define OVERSTAP_TEST_EASTER_TABLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EASTER_FILE "tests/unit/data/easter_1990_2100.txt"
#define EASTER_FIRST 1990
#define EASTER_LAST 2100

/* Reads the published Easter table into dates[year - EASTER_FIRST]. */
static void read_easter_file(cdate dates[EASTER_LAST - EASTER_FIRST + 1])
{
	const char *src = getenv("OVERSTAP_SRC");
	char path[4096];
	char line[128];
	char err[256] = "";
	int year = EASTER_FIRST;
	FILE *f;
	int len;

	if (!src || !*src)
		src = ".";
	len = snprintf(path, sizeof path, "%s/%s", src, EASTER_FILE);
	assert_true(len > 0 && (size_t)len < sizeof path);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (set OVERSTAP_SRC to the repository root)", path);
	while (fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "\r\n");
		cdate *day;
		int y;

		if (n == 0 || line[0] == '#')
			continue;
		if (year > EASTER_LAST) {
			snprintf(err, sizeof err, "more than %d dates",
				 EASTER_LAST - EASTER_FIRST + 1);
			break;
		}
		day = &dates[year - EASTER_FIRST];
		if (date_parse(line, n, day) != 0) {
			snprintf(err, sizeof err, "bad line \"%.*s\"", (int)n, line);
			break;
		}
		date_to_ymd(*day, &y, NULL, NULL);
		if (y != year) {
			snprintf(err, sizeof err, "expected %d, found \"%.*s\"", year, (int)n,
				 line);
			break;
		}
		year++;
	}
	fclose(f);
	if (err[0])
		fail_msg("%s: %s", path, err);
	assert_int_equal(year, EASTER_LAST + 1);
}

#endif
