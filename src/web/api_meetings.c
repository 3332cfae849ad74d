/* The meetings resource (issue 5, section 3): GET and POST
 * /api/v1/meetings, GET /api/v1/meetings/{id}. The list holds the
 * meetings the caller's organisation organises or is the target of,
 * starting on the civil days from..to (Europe/Amsterdam), by start time,
 * with cursor pagination. A new meeting is organised by the caller's
 * organisation, with the same fields and checks as `overstap meeting add`.
 * Who may do what is decided in the use cases (app/meeting.h,
 * access_decide); a meeting carries no personal data. */
#include <stdio.h>
#include <string.h>

#include "app/meeting.h"
#include "core/nltime.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

json_t *api_meeting_json(const struct meeting *m)
{
	char at[21], self[48], funnel[64], ics[72];
	api_format_moment(m->at, at);
	snprintf(self, sizeof self, "/api/v1/meetings/%lld", (long long)m->id);
	snprintf(funnel, sizeof funnel, "%s/funnel", self);
	snprintf(ics, sizeof ics, "%s/meeting.ics", self);
	json_t *pres = json_array();
	for (int i = 0; pres && i < m->n_presenters; i++)
		if (json_array_append_new(pres, json_string(m->presenters[i])) != 0) {
			json_decref(pres);
			return NULL;
		}
	json_t *exp = m->expect_high
			      ? json_pack("[f, f]", m->expect_low / 100.0, m->expect_high / 100.0)
			      : json_null();
	return json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:i, s:s, s:o, s:o, "
			 "s:{s:{s:s}, s:{s:s}, s:{s:s}}}",
			 "id", (json_int_t)m->id, "organisation", m->org, "at", at, "location",
			 m->location, "capacity", m->capacity, "target", m->target, "wwEndFrom",
			 api_json_date(m->ww_end_from), "wwEndTo", api_json_date(m->ww_end_to),
			 "variants", m->variants, "status", meeting_status_name(m->status),
			 "presenters", pres, "expectedAttendance", exp, "_links", "self", "href",
			 self, "funnel", "href", funnel, "calendar", "href", ics);
}

/* ---- GET /api/v1/meetings ---- */

enum { Q_FROM, Q_TO, Q_CURSOR, Q_LIMIT, Q_N };
static const struct input_field list_fields[Q_N] = {
	[Q_FROM] = {.name = "from", .type = IN_DATE},
	[Q_TO] = {.name = "to", .type = IN_DATE},
	[Q_CURSOR] = INPUT_CURSOR_FIELD,
	[Q_LIMIT] = INPUT_LIMIT_FIELD(INPUT_LIMIT_MAX),
};
const struct input_spec api_meetings_query = {list_fields, Q_N};

struct page {
	json_t *items;
	int64_t after; /* the cursor's meeting: rows up to it were handed out */
	bool seen;     /* the cursor's meeting has gone by */
	int64_t limit, n, last;
	bool more;
	bool failed;
};

static int on_meeting(void *cls, const struct meeting *m)
{
	struct page *p = cls;
	if (p->after && !p->seen) {
		p->seen = m->id == p->after;
		return 0;
	}
	if (p->n == p->limit) {
		p->more = true;
		return 0;
	}
	json_t *j = api_meeting_json(m);
	if (!j || json_array_append_new(p->items, j) != 0) {
		p->failed = true;
		return 0;
	}
	p->n++;
	p->last = m->id;
	return 0;
}

int api_meetings_list(struct req *r)
{
	struct input_value q[Q_N];
	struct input_problems pr;
	char err[256];
	if (req_query_input(r, &api_meetings_query, q, &pr) != 0)
		return reply_invalid(r, &pr);
	int64_t from_at = INT64_MIN, to_at = INT64_MAX;
	if (q[Q_FROM].present && nltime_to_utc(q[Q_FROM].d, 0, 0, &from_at) != 0)
		input_problem_add(&pr, "from", "range", "Vanaf %d.", NLTIME_YEAR_MIN);
	if (q[Q_TO].present && nltime_to_utc(date_add_days(q[Q_TO].d, 1), 0, 0, &to_at) != 0)
		input_problem_add(&pr, "to", "range", "Vanaf %d.", NLTIME_YEAR_MIN);
	if (q[Q_FROM].present && q[Q_TO].present && q[Q_TO].d < q[Q_FROM].d)
		input_problem_add(&pr, "to", "range", "Ligt voor from.");
	if (pr.total)
		return reply_invalid(r, &pr);
	if (q[Q_TO].present)
		to_at--;
	struct page p = {
		.items = json_array(),
		.after = q[Q_CURSOR].present ? input_cursor_decode(q[Q_CURSOR].s) : 0,
		.limit = q[Q_LIMIT].present ? q[Q_LIMIT].i : INPUT_LIMIT_DEFAULT,
	};
	if (!p.items)
		return reply_internal(r, "out of memory");
	int rc = app_meeting_list(req_app(r), r->who.org, from_at, to_at, on_meeting, &p, err,
				  sizeof err);
	if (rc != APP_OK || p.failed) {
		json_decref(p.items);
		return reply_app_status(r, rc == APP_OK ? APP_FAIL : rc, err);
	}
	json_t *links = json_pack("{s:{s:s}}", "self", "href", "/api/v1/meetings");
	if (links && p.more) {
		char cursor[24], filters[64] = "", from[DATE_ISO_SIZE], to[DATE_ISO_SIZE],
				 href[160];
		input_cursor_encode(p.last, cursor, sizeof cursor);
		date_format_iso(q[Q_FROM].d, from);
		date_format_iso(q[Q_TO].d, to);
		snprintf(filters, sizeof filters, "%s%s%s%s", q[Q_FROM].present ? "&from=" : "",
			 q[Q_FROM].present ? from : "", q[Q_TO].present ? "&to=" : "",
			 q[Q_TO].present ? to : "");
		snprintf(href, sizeof href, "/api/v1/meetings?cursor=%s&limit=%lld%s", cursor,
			 (long long)p.limit, filters);
		json_object_set_new(links, "next", json_pack("{s:s}", "href", href));
	}
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:o, s:o}", "items", p.items, "_links", links));
}

/* ---- POST /api/v1/meetings ---- */

static bool gemeente_ok(const char *s)
{
	return gemeente_code_valid(s, strlen(s));
}

enum {
	B_AT,
	B_LOCATION,
	B_CAPACITY,
	B_TARGET,
	B_FROM,
	B_TO,
	B_PRESENTERS,
	B_VARIANTS,
	B_EXP_LOW,
	B_EXP_HIGH,
	B_N
};
static const struct input_field add_fields[B_N] = {
	[B_AT] = {.name = "at", .type = IN_DATETIME, .required = true},
	[B_LOCATION] = {.name = "location",
			.type = IN_STRING,
			.required = true,
			.max_len = MEETING_LOCATION_MAX},
	[B_CAPACITY] = {.name = "capacity",
			.type = IN_INT,
			.required = true,
			.min = 1,
			.max = MEETING_CAPACITY_MAX},
	[B_TARGET] = {.name = "target",
		      .type = IN_STRING,
		      .required = true,
		      .max_len = 6,
		      .check = gemeente_ok,
		      .check_reason = "Is geen gemeentecode (GM en vier cijfers)."},
	[B_FROM] = {.name = "wwEndFrom", .type = IN_DATE, .required = true},
	[B_TO] = {.name = "wwEndTo", .type = IN_DATE, .required = true},
	[B_PRESENTERS] = {.name = "presenters",
			  .type = IN_ARRAY,
			  .item = IN_STRING,
			  .max_len = STORE_ORG_CODE_MAX,
			  .max_items = MEETING_MAX_PRESENTERS},
	[B_VARIANTS] = {.name = "variants", .type = IN_INT, .min = 1, .max = 2},
	[B_EXP_LOW] = {.name = "expectedLow", .type = IN_INT, .min = 0, .max = 100},
	[B_EXP_HIGH] = {.name = "expectedHigh", .type = IN_INT, .min = 0, .max = 100},
};
const struct input_spec api_meeting_body = {add_fields, B_N};

int api_meetings_post(struct req *r)
{
	struct input_value v[B_N];
	struct input_problems pr;
	char err[256];
	json_t *doc = req_body_input(r, &api_meeting_body, v, &pr);
	if (!doc)
		return reply_invalid(r, &pr);
	struct meeting m = {
		.at = v[B_AT].i,
		.capacity = (int)v[B_CAPACITY].i,
		.ww_end_from = v[B_FROM].d,
		.ww_end_to = v[B_TO].d,
		.variants = v[B_VARIANTS].present ? (int)v[B_VARIANTS].i : 1,
		.expect_low = (int)v[B_EXP_LOW].i,
		.expect_high = (int)v[B_EXP_HIGH].i,
	};
	snprintf(m.org, sizeof m.org, "%s", r->who.org);
	snprintf(m.location, sizeof m.location, "%s", v[B_LOCATION].s);
	snprintf(m.target, sizeof m.target, "%s", v[B_TARGET].s);
	for (size_t i = 0; v[B_PRESENTERS].present && i < json_array_size(v[B_PRESENTERS].a); i++)
		snprintf(m.presenters[m.n_presenters++], sizeof m.presenters[0], "%s",
			 json_string_value(json_array_get(v[B_PRESENTERS].a, i)));
	json_decref(doc);
	if (v[B_EXP_LOW].present != v[B_EXP_HIGH].present) {
		input_problem_add(&pr, v[B_EXP_LOW].present ? "expectedHigh" : "expectedLow",
				  "required", "Geef expectedLow en expectedHigh samen.");
		return reply_invalid(r, &pr);
	}
	int rc = app_meeting_add(req_app(r), &m, 0, NULL, err, sizeof err);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	return reply_json(r, MHD_HTTP_CREATED, api_meeting_json(&m));
}

/* ---- GET /api/v1/meetings/{id} ---- */

int api_meetings_get(struct req *r)
{
	char err[256];
	int64_t id = req_param_id(r, "id");
	if (id < 0)
		return reply_not_found(r);
	struct meeting m;
	int rc = app_meeting_get(req_app(r), id, &m, err, sizeof err);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	return reply_json(r, MHD_HTTP_OK, api_meeting_json(&m));
}
