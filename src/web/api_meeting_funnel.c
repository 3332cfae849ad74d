/* Reading a meeting's outcome (issue 5, sections 3 and 4):
 *   GET /api/v1/meetings/{id}/funnel       the funnel with 95% Wilson intervals,
 *                                          per municipality and letter variant
 *   GET /api/v1/meetings/{id}/meeting.ics  the meeting as an iCalendar file
 *   GET /api/v1/reports/meetings           the funnels of an organisation's
 *                                          meetings (organisation, from, to)
 * The funnel JSON is built by app/funnel_json.h, the same rows as `overstap
 * report meetings --format json` in camelCase; for policy staff counts under
 * 5 read "<5". Aggregates only: no names. Decided in the use cases
 * (ACCESS_READ_FUNNEL, ACCESS_READ_MEETING, ACCESS_READ_AGGREGATE). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access.h"
#include "app/funnel_json.h"
#include "app/meeting.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

static void format_at(int64_t t, char *out)
{
	api_format_moment(t, out);
}

static struct funnel_json_opts opts_for(const struct req *r)
{
	struct funnel_json_opts o = {
		.camel = true,
		.small_counts = access_aggregates_only(&r->who),
		.format_at = format_at,
	};
	return o;
}

int api_meeting_funnel_get(struct req *r)
{
	char err[256], self[64], meeting[48];
	int64_t id = req_param_id(r, "id");
	if (id < 0)
		return reply_not_found(r);
	struct meeting_funnel f;
	int rc = app_meeting_funnel(req_app(r), id, &f, err, sizeof err);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	struct funnel_json_opts o = opts_for(r);
	json_t *j = funnel_json(&f, &o);
	meeting_funnel_free(&f);
	snprintf(meeting, sizeof meeting, "/api/v1/meetings/%lld", (long long)id);
	snprintf(self, sizeof self, "%s/funnel", meeting);
	if (j)
		json_object_set_new(j, "_links",
				    json_pack("{s:{s:s}, s:{s:s}}", "self", "href", self, "meeting",
					      "href", meeting));
	return reply_json(r, MHD_HTTP_OK, j);
}

int api_meeting_ics_get(struct req *r)
{
	char err[256];
	int64_t id = req_param_id(r, "id");
	if (id < 0)
		return reply_not_found(r);
	char *text = NULL;
	size_t len = 0;
	int rc = app_meeting_ics(req_app(r), id, &text, &len, err, sizeof err);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	rc = req_reply_text(r, MHD_HTTP_OK, "text/calendar; charset=utf-8", text, len);
	free(text);
	return rc;
}

enum { R_ORG, R_FROM, R_TO, R_N };
static const struct input_field report_fields[R_N] = {
	[R_ORG] = {.name = "organisation", .type = IN_STRING, .max_len = STORE_ORG_CODE_MAX},
	[R_FROM] = {.name = "from", .type = IN_DATE},
	[R_TO] = {.name = "to", .type = IN_DATE},
};
const struct input_spec api_meetings_report_query = {report_fields, R_N};

int api_meetings_report_get(struct req *r)
{
	struct input_value q[R_N];
	struct input_problems pr;
	char err[256];
	if (req_query_input(r, &api_meetings_report_query, q, &pr) != 0)
		return reply_invalid(r, &pr);
	if (q[R_FROM].present && q[R_TO].present && q[R_TO].d < q[R_FROM].d) {
		input_problem_add(&pr, "to", "range", "Ligt voor from.");
		return reply_invalid(r, &pr);
	}
	const char *org = q[R_ORG].present ? q[R_ORG].s : r->who.org;
	struct meeting_funnel *f = NULL;
	size_t n = 0;
	int rc = app_report_meetings(req_app(r), org, q[R_FROM].present ? &q[R_FROM].d : NULL,
				     q[R_TO].present ? &q[R_TO].d : NULL, &f, &n, err, sizeof err);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	struct funnel_json_opts o = opts_for(r);
	json_t *items = funnel_json_array(f, n, &o);
	meeting_funnels_free(f, n);
	if (!items)
		return reply_internal(r, "out of memory");
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:o, s:{s:{s:s}}}", "items", items, "_links", "self", "href",
				    "/api/v1/reports/meetings"));
}
