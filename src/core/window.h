/* WW end dates and the Max-WW window. */
#ifndef OVERSTAP_CORE_WINDOW_H
#define OVERSTAP_CORE_WINDOW_H

#include <stdbool.h>
#include "core/date.h"

/* Window length in months a municipality may choose (SEEDS.md: 3 to 6). */
#define WINDOW_MONTHS_MIN 3
#define WINDOW_MONTHS_MAX 6
#define WINDOW_MONTHS_DEFAULT 3

/* Last WW benefit day from its first day and entitled months (RULES.md §1.4,
 * an estimate: start + months calendar months, clamped, minus one day). Use
 * only when a file gives months instead of UWV's end date. */
cdate ww_end_from_months(cdate start, int months);

/* On date d with a window of n months, a person is in the window when
 * d < ww_end <= d + n months (clamped to the month's last day).
 * *first and *last are the first and last WW end inside it. */
void window_bounds(cdate d, int months, cdate *first, cdate *last);
bool window_contains(cdate d, int months, cdate ww_end);

#endif
