/* The meeting funnel (app/meeting.h) as JSON: one builder for the command
 * line (`overstap report meetings --format json`, snake_case, local time)
 * and the API (/api/v1/meetings/{id}/funnel and /api/v1/reports/meetings,
 * camelCase, UTC), so both show the same rows.
 *
 * For policy staff (access_aggregates_only) a count of 1 to 4 is the
 * string "<5" (access_small_count) and a rate computed from such a count
 * is null, so that no small group can be told from a rate. */
#ifndef OVERSTAP_APP_FUNNEL_JSON_H
#define OVERSTAP_APP_FUNNEL_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/meeting.h"

#define FUNNEL_JSON_AT_SIZE 32

struct funnel_json_opts {
	bool camel;                              /* camelCase names (API), else snake_case (CLI) */
	bool small_counts;                       /* suppress counts under 5 (policy staff) */
	void (*format_at)(int64_t t, char *out); /* the start time into out
						     (FUNNEL_JSON_AT_SIZE bytes) */
};

/* One meeting's funnel: the meeting, its totals and rates, the expected
 * range, and the groups per municipality and variant. A new object
 * (caller decrefs), or NULL when out of memory. */
json_t *funnel_json(const struct meeting_funnel *f, const struct funnel_json_opts *o);

/* The funnels of a report as a new array, or NULL. */
json_t *funnel_json_array(const struct meeting_funnel *f, size_t n,
			  const struct funnel_json_opts *o);

#endif
