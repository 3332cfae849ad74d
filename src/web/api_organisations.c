/* GET /api/v1/organisations (filter kind; cursor pagination) and
 * GET /api/v1/organisations/{code}: municipalities, UWV teams and partners.
 * No personal data; every staff role may read them (access_decide). */
#include <stdio.h>
#include <string.h>

#include "app/route.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

static const char *const kinds[] = {"gemeente", "uwv", "partner", NULL};

static const struct input_field query_fields[] = {
	{.name = "kind", .type = IN_STRING, .enum_values = kinds},
	INPUT_CURSOR_FIELD,
	INPUT_LIMIT_FIELD(INPUT_LIMIT_MAX),
};
const struct input_spec api_organisations_query = {query_fields, 3};

static json_t *org_json(const struct store_org *o)
{
	char href[96];
	snprintf(href, sizeof href, "/api/v1/organisations/%s", o->code);
	return json_pack("{s:s, s:s, s:s, s:i, s:{s:{s:s}}}", "code", o->code, "name", o->name,
			 "kind", org_kind_name(o->kind), "maxWwWindowMonths", o->window_months,
			 "_links", "self", "href", href);
}

/* The page: rows skip .. skip + limit of the list ordered by code (the
 * cursor counts rows; the list changes rarely and is short). */
struct page {
	json_t *items;
	int64_t seen, skip, limit;
	bool more;
};

static int on_org(void *cls, const struct store_org *o)
{
	struct page *p = cls;
	int64_t i = p->seen++;
	if (i < p->skip)
		return 0;
	if (i >= p->skip + p->limit) {
		p->more = true;
		return 1; /* stop */
	}
	return json_array_append_new(p->items, org_json(o)) == 0 ? 0 : -1;
}

static int allowed(struct req *r, const char *id)
{
	return app_allowed(req_app(r), ACCESS_READ_ORGS, NULL, "organisation", id);
}

int api_organisations_list(struct req *r)
{
	struct input_value q[3];
	struct input_problems pr;
	if (req_query_input(r, &api_organisations_query, q, &pr) != 0)
		return reply_invalid(r, &pr);
	int rc = allowed(r, "*");
	if (rc != APP_OK)
		return reply_app_status(r, rc, req_app(r)->store->errmsg);
	enum org_kind kind = ORG_GEMEENTE;
	if (q[0].present)
		org_kind_parse(q[0].s, &kind);
	struct page p = {.items = json_array(),
			 .skip = q[1].present ? input_cursor_decode(q[1].s) : 0,
			 .limit = q[2].present ? q[2].i : INPUT_LIMIT_DEFAULT};
	if (!p.items ||
	    app_org_list(req_app(r), q[0].present ? (int)kind : -1, on_org, &p) != APP_OK) {
		json_decref(p.items);
		return reply_internal(r, "organisations could not be read");
	}
	json_t *links = json_pack("{s:{s:s}}", "self", "href", "/api/v1/organisations");
	if (links && p.more) {
		char cursor[24], href[160];
		input_cursor_encode(p.skip + p.limit, cursor, sizeof cursor);
		snprintf(href, sizeof href, "/api/v1/organisations?%s%s%scursor=%s&limit=%lld",
			 q[0].present ? "kind=" : "", q[0].present ? q[0].s : "",
			 q[0].present ? "&" : "", cursor, (long long)p.limit);
		json_object_set_new(links, "next", json_pack("{s:s}", "href", href));
	}
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:o, s:o}", "items", p.items, "_links", links));
}

int api_organisations_get(struct req *r)
{
	struct store_org o;
	const char *code = route_param(&r->match, "code");
	int rc = allowed(r, code);
	if (rc != APP_OK)
		return reply_app_status(r, rc, req_app(r)->store->errmsg);
	rc = app_org_get(req_app(r), code, &o);
	if (rc != APP_OK)
		return reply_app_status(r, rc, req_app(r)->store->errmsg);
	return reply_json(r, MHD_HTTP_OK, org_json(&o));
}
