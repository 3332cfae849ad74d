/* GET /api/v1/routes: the caller's werkvoorraad as JSON, the same list as
 * the staff page (app/worklist.h decides who sees which routes and audits
 * each page that shows routes as one event); filtered by phase,
 * municipality and WW end between two dates, sorted, keyset-paginated by
 * an opaque cursor with a next link that keeps the filters. */
#include <stdio.h>
#include <string.h>

#include "app/worklist.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

static const char *const sorts[] = {"ww_end", "name", "gemeente", "phase", NULL};
static const char *const orders[] = {"asc", "desc", NULL};

static bool gemeente_ok(const char *s)
{
	return gemeente_code_valid(s, strlen(s));
}

/* A phase name: lower-case letters, digits, '_' and '-'. */
static bool phase_ok(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") == strlen(s);
}

enum { Q_CURSOR, Q_LIMIT, Q_FASE, Q_GEMEENTE, Q_FROM, Q_TO, Q_SORT, Q_ORDER, Q_N };

static const struct input_field query_fields[Q_N] = {
	[Q_CURSOR] = INPUT_CURSOR_FIELD,
	[Q_LIMIT] = INPUT_LIMIT_FIELD(WORKLIST_LIMIT_MAX),
	[Q_FASE] = {.name = "fase",
		    .type = IN_STRING,
		    .max_len = WORKLIST_PHASE_MAX,
		    .check = phase_ok,
		    .check_reason = "Is geen fase (kleine letters, cijfers, '_' of '-')."},
	[Q_GEMEENTE] = {.name = "gemeente",
			.type = IN_STRING,
			.max_len = 6,
			.check = gemeente_ok,
			.check_reason = "Is geen gemeentecode (GM en vier cijfers)."},
	[Q_FROM] = {.name = "wwEndFrom", .type = IN_DATE},
	[Q_TO] = {.name = "wwEndTo", .type = IN_DATE},
	[Q_SORT] = {.name = "sort", .type = IN_STRING, .max_len = 16, .enum_values = sorts},
	[Q_ORDER] = {.name = "order", .type = IN_STRING, .max_len = 4, .enum_values = orders},
};
const struct input_spec api_routes_list_query = {query_fields, Q_N};

static int on_item(void *cls, const struct worklist_item *it)
{
	json_t *items = cls;
	char href[48];
	snprintf(href, sizeof href, "/api/v1/routes/%lld", (long long)it->route_id);
	json_t *j = json_pack(
		"{s:I, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:o, s:I, s:{s:{s:s}}}", "id",
		(json_int_t)it->route_id, "person", "familyName", it->family_name, "givenNames",
		it->given_names, "gemeente", it->gemeente, "gemeenteNaam", it->gemeente_name,
		"organisation", it->org, "phase", it->phase, "wwEnd", api_json_date(it->ww_end),
		"daysLeft", (json_int_t)it->days_left, "_links", "self", "href", href);
	return j && json_array_append_new(items, j) == 0 ? 0 : -1;
}

/* "&name=value" for each filter given, for the next link. */
static void keep_filters(const struct input_value *q, char *buf, size_t cap)
{
	static const int keep[] = {Q_FASE, Q_GEMEENTE, Q_FROM, Q_TO, Q_SORT, Q_ORDER};
	size_t used = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++) {
		const struct input_value *v = &q[keep[k]];
		if (!v->present || used >= cap)
			continue;
		char val[DATE_ISO_SIZE + WORKLIST_PHASE_MAX];
		if (query_fields[keep[k]].type == IN_DATE)
			date_format_iso(v->d, val);
		else
			snprintf(val, sizeof val, "%s", v->s);
		/* The values are checked: letters, digits, '-' and '_' only, so
		 * they need no percent-encoding. */
		int n = snprintf(buf + used, cap - used, "&%s=%s", query_fields[keep[k]].name, val);
		used += n > 0 ? (size_t)n : 0;
	}
}

int api_routes_list(struct req *r)
{
	struct input_value q[Q_N];
	struct input_problems pr;
	char err[256];
	if (req_query_input(r, &api_routes_list_query, q, &pr) != 0)
		return reply_invalid(r, &pr);
	struct worklist_filter f = {
		.phase = q[Q_FASE].present ? q[Q_FASE].s : NULL,
		.gemeente = q[Q_GEMEENTE].present ? q[Q_GEMEENTE].s : NULL,
		.end_from = q[Q_FROM].present ? q[Q_FROM].d : 0,
		.end_to = q[Q_TO].present ? q[Q_TO].d : 0,
		.desc = q[Q_ORDER].present && strcmp(q[Q_ORDER].s, "desc") == 0,
		.after = q[Q_CURSOR].present ? input_cursor_decode(q[Q_CURSOR].s) : 0,
		.limit = q[Q_LIMIT].present ? (int)q[Q_LIMIT].i : WORKLIST_LIMIT_DEFAULT,
	};
	if (q[Q_SORT].present)
		worklist_sort_parse(q[Q_SORT].s, &f.sort); /* checked by the spec */
	json_t *items = json_array();
	if (!items)
		return reply_internal(r, "out of memory");
	struct worklist_result res = {0};
	int rc = app_worklist(req_app(r), &r->who, &f, app_today(), on_item, items, &res, err,
			      sizeof err);
	if (rc == APP_OK && res.denied)
		rc = APP_DENIED; /* audited by app_worklist */
	if (rc != APP_OK) {
		json_decref(items);
		return reply_app_status(r, rc, err);
	}
	json_t *links = json_pack("{s:{s:s}}", "self", "href", "/api/v1/routes");
	if (links && res.next_after) {
		char cursor[24], filters[256], href[384];
		input_cursor_encode(res.next_after, cursor, sizeof cursor);
		keep_filters(q, filters, sizeof filters);
		snprintf(href, sizeof href, "/api/v1/routes?cursor=%s&limit=%d%s", cursor, f.limit,
			 filters);
		json_object_set_new(links, "next", json_pack("{s:s}", "href", href));
	}
	return reply_json(r, MHD_HTTP_OK, json_pack("{s:o, s:o}", "items", items, "_links", links));
}
