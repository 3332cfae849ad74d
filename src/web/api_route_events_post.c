/* POST /api/v1/routes/{id}/events: a note {"note": "..."} or a phase change
 * {"phase": "invited"} on a route; decided by access_decide() (write) and
 * audited ("write_route") with the change. 201 with the event's kind. */
#include <inttypes.h>
#include <stdio.h>

#include "app/route.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

static const struct input_field body_fields[] = {
	{.name = "note", .type = IN_STRING, .max_len = ROUTE_NOTE_MAX},
	{.name = "phase", .type = IN_STRING, .enum_values = route_phases},
};
const struct input_spec api_route_event_body = {body_fields, 2};

int api_route_events_post(struct req *r)
{
	struct input_value v[2];
	struct input_problems pr;
	char err[256];
	int64_t id = req_param_id(r, "id");
	if (id < 0)
		return reply_not_found(r);
	json_t *doc = req_body_input(r, &api_route_event_body, v, &pr);
	if (doc && v[0].present == v[1].present) {
		input_problem_add(
			&pr, v[0].present ? "phase" : "note", "oneOf",
			"Geef een notitie (note) of een nieuwe fase (phase), niet beide.");
		json_decref(doc);
		doc = NULL;
	}
	if (!doc)
		return reply_invalid(r, &pr);
	struct route_change c = {.note = v[0].present ? v[0].s : NULL,
				 .phase = v[1].present ? v[1].s : NULL};
	const char *kind = NULL;
	int rc = app_route_change(req_app(r), id, &c, &kind, err, sizeof err);
	json_decref(doc);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	char href[64];
	snprintf(href, sizeof href, "/api/v1/routes/%" PRId64, id);
	return reply_json(r, MHD_HTTP_CREATED,
			  json_pack("{s:I, s:s, s:{s:{s:s}}}", "routeId", (json_int_t)id, "kind",
				    kind, "_links", "route", "href", href));
}
