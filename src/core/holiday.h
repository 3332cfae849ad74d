/* Dutch general holidays as the Algemene termijnenwet (Atw) counts them, and
 * working-day arithmetic built on them (RULES.md §5.4).
 *
 * The holiday rules are a dated table in holiday.c (each rule with the year it
 * applies from and its source), not scattered constants. */
#ifndef OVERSTAP_CORE_HOLIDAY_H
#define OVERSTAP_CORE_HOLIDAY_H

#include <stdbool.h>
#include "core/date.h"

/* The Dutch name of the Atw holiday on that day ("Tweede Paasdag"), or NULL
 * when the day is not one. Returns a pointer to static text. */
const char *holiday_atw_name(cdate day);

static inline bool holiday_is_atw(cdate day)
{
	return holiday_atw_name(day) != NULL;
}

/* A working day under the Atw: not a Saturday, Sunday or Atw holiday. */
bool workday_is(cdate day);

/* Atw art. 1(1): a term ending on a Saturday, Sunday or holiday ends on the
 * next working day instead. A working day is returned unchanged. */
cdate atw_extend(cdate term_end);

/* The date n working days after from (n > 0), or before it (n < 0); from
 * itself is never counted. n == 0 returns from. */
cdate workdays_add(cdate from, int n);

#endif
