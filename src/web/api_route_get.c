/* GET /api/v1/routes/{id}: one route with its person, WW benefit and
 * events (paged with cursor and limit). Personal data: decided by
 * access_decide() and audited ("read_route") in the transaction that reads
 * it, so the event is durable before the reply leaves. Two store reads:
 * the route with person, benefit and consent; its events. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/route.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

static const struct input_field query_fields[] = {
	INPUT_CURSOR_FIELD,
	INPUT_LIMIT_FIELD(ROUTE_EVENTS_MAX),
};
const struct input_spec api_route_get_query = {query_fields, 2};

struct build {
	json_t *route;  /* the reply object */
	json_t *events; /* borrowed from route */
	int64_t last_event;
	int64_t n_events;
	bool failed;
};

static int on_route(void *cls, const struct store_route_view *v)
{
	struct build *b = cls;
	json_decref(b->route); /* a retried transaction starts over */
	b->n_events = 0;
	b->last_event = 0;
	b->route = json_pack(
		"{s:I, s:s, s:s, s:s, s:o, s:{s:I, s:s, s:s, s:o}, s:{s:I, s:o, s:o}, s:[]}", "id",
		(json_int_t)v->id, "phase", v->phase, "organisation", v->org, "gemeente",
		v->gemeente, "openedOn", api_json_date(v->opened_on), "person", "id",
		(json_int_t)v->person_id, "familyName", v->family_name, "givenNames",
		v->given_names, "birthDate", api_json_date(v->birth_date), "wwBenefit", "id",
		(json_int_t)v->benefit_id, "start", api_json_date(v->ww_start), "end",
		api_json_date(v->ww_end), "events");
	b->events = b->route ? json_object_get(b->route, "events") : NULL;
	b->failed = !b->events;
	return b->failed ? -1 : 0;
}

static int on_event(void *cls, const struct store_event_row *e)
{
	struct build *b = cls;
	char at[21];
	api_format_moment(e->at, at);
	json_t *data = json_loads(e->data, 0, NULL);
	if (!data)
		data = json_object();
	json_t *ev = json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)e->id, "at", at,
			       "kind", e->kind, "actor", e->actor, "data", data);
	if (!ev || json_array_append_new(b->events, ev) != 0) {
		b->failed = true;
		return -1;
	}
	b->last_event = e->id;
	b->n_events++;
	return 0;
}

int api_route_get(struct req *r)
{
	struct input_value q[2];
	struct input_problems pr;
	char err[256];
	int64_t id = req_param_id(r, "id");
	if (id < 0)
		return reply_not_found(r);
	if (req_query_input(r, &api_route_get_query, q, &pr) != 0)
		return reply_invalid(r, &pr);
	struct build b = {0};
	struct route_read rd = {
		.route_cb = on_route,
		.event_cb = on_event,
		.cls = &b,
		.after_event = q[0].present ? input_cursor_decode(q[0].s) : 0,
		.limit = q[1].present ? q[1].i : INPUT_LIMIT_DEFAULT,
	};
	int rc = app_route_get(req_app(r), id, &rd, err, sizeof err);
	if (rc != APP_OK || b.failed) {
		json_decref(b.route);
		return reply_app_status(r, rc == APP_OK ? APP_FAIL : rc, err);
	}
	char href[160], cursor[24];
	snprintf(href, sizeof href, "/api/v1/routes/%" PRId64, id);
	json_t *links = json_pack("{s:{s:s}}", "self", "href", href);
	if (links && b.n_events == rd.limit) {
		input_cursor_encode(b.last_event, cursor, sizeof cursor);
		snprintf(href, sizeof href, "/api/v1/routes/%" PRId64 "?cursor=%s&limit=%" PRId64,
			 id, cursor, rd.limit);
		json_object_set_new(links, "next", json_pack("{s:s}", "href", href));
	}
	json_object_set_new(b.route, "_links", links);
	return reply_json(r, MHD_HTTP_OK, b.route);
}
