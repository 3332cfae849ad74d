/* WW end dates and the Max-WW window (window.h).
 *
 * The window on day d with n months holds the WW end dates e with
 * d < e <= date_add_months(d, n). The upper end is clamped like any month
 * addition: on 30 November with 3 months the last end date is 28 February
 * (29 in a leap year). With n <= 0 the window is empty: *last < *first and
 * window_contains() is false for every date. */
#include "core/window.h"

cdate ww_end_from_months(cdate start, int months)
{
	return date_add_days(date_add_months(start, months), -1);
}

void window_bounds(cdate d, int months, cdate *first, cdate *last)
{
	if (first)
		*first = date_add_days(d, 1);
	if (last)
		*last = date_add_months(d, months);
}

bool window_contains(cdate d, int months, cdate ww_end)
{
	return d < ww_end && ww_end <= date_add_months(d, months);
}
