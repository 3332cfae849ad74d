/* Dutch local time (Europe/Amsterdam) and UTC, without the C library's TZ.
 *
 * The Netherlands keep CET (UTC+1) and, under EU Directive 2000/84/EC (the
 * rule in force since 1996), CEST (UTC+2) from the last Sunday of March
 * 01:00 UTC to the last Sunday of October 01:00 UTC. Meetings are entered
 * and shown in that local time and stored as UTC seconds; doing it here
 * makes the result independent of the process's TZ setting. Pure; years
 * NLTIME_YEAR_MIN..DATE_PARSE_YEAR_MAX. */
#ifndef OVERSTAP_CORE_NLTIME_H
#define OVERSTAP_CORE_NLTIME_H

#include <stdint.h>

#include "core/date.h"

#define NLTIME_YEAR_MIN 1996

/* UTC seconds of local time day hh:mm. A time in the spring gap (02:00-02:59
 * on the last Sunday of March) does not exist: -1. A time in the autumn
 * overlap (02:00-02:59 on the last Sunday of October) happens twice: the
 * first, summer-time one is taken. Returns 0, or -1 (also for a year or
 * time out of range). */
int nltime_to_utc(cdate day, int hh, int mm, int64_t *out);

/* Local date, hour, minute and offset from UTC in seconds (3600 or 7200) of
 * UTC seconds t. Returns 0, or -1 outside the years supported. */
int nltime_from_utc(int64_t t, cdate *day, int *hh, int *mm, int *offset);

/* Parses "YYYY-MM-DD HH:MM" (exactly that form, 24-hour clock) as Dutch
 * local time into UTC seconds: 0, or -1. */
int nltime_parse(const char *s, int64_t *out);

/* "YYYY-MM-DD HH:MM" in Dutch local time, or "?" outside the years supported. */
#define NLTIME_TEXT_SIZE 24
void nltime_format(int64_t t, char out[NLTIME_TEXT_SIZE]);

#endif
