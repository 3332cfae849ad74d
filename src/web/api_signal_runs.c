/* POST /api/v1/signal-runs: a Max-WW signal run over the caller's own UWV
 * team's data (app_signal with the caller's organisation), for the date in
 * the body ({"date": "2026-11-30"}) or today. Decided by access_decide()
 * (ACCESS_RUN_SIGNAL: uwv-adviseur or beheer of that team). The reply has
 * the counts per municipality only: no person, no BSN. */
#include <string.h>

#include "app/route.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

static const struct input_field body_fields[] = {
	{.name = "date", .type = IN_DATE},
};
const struct input_spec api_signal_run_body = {body_fields, 1};

int api_signal_runs_post(struct req *r)
{
	struct input_value v[1] = {{0}};
	struct input_problems pr;
	char err[256];
	json_t *doc = NULL;
	if (r->body_len > 0 && !(doc = req_body_input(r, &api_signal_run_body, v, &pr)))
		return reply_invalid(r, &pr);
	json_decref(doc); /* a date holds no borrowed text */
	struct app *a = req_app(r);
	struct access_object o = {.org = r->who.org};
	int rc = app_allowed(a, ACCESS_RUN_SIGNAL, &o, "organisation", r->who.org);
	if (rc != APP_OK)
		return reply_app_status(r, rc, a->store->errmsg);
	struct signal_opts so = {.date = v[0].present ? v[0].d : app_today(), .org = r->who.org};
	struct signal_result res;
	rc = app_signal(a, &so, &res, err, sizeof err);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	json_t *list = json_array();
	long new_routes = 0, existing = 0;
	for (size_t i = 0; list && i < res.n_counts; i++) {
		const struct signal_count *c = &res.counts[i];
		new_routes += c->new_routes;
		existing += c->existing;
		json_array_append_new(
			list,
			json_pack("{s:s, s:s, s:i, s:o, s:o, s:I, s:I}", "gemeente", c->gemeente,
				  "name", c->name ? c->name : "", "windowMonths", c->window_months,
				  "wwEndFrom", api_json_date(c->first), "wwEndTo",
				  api_json_date(c->last), "newRoutes", (json_int_t)c->new_routes,
				  "existingRoutes", (json_int_t)c->existing));
	}
	signal_result_free(&res);
	return reply_json(r, MHD_HTTP_CREATED,
			  json_pack("{s:o, s:s, s:I, s:I, s:o}", "date", api_json_date(so.date),
				    "organisation", r->who.org, "newRoutes", (json_int_t)new_routes,
				    "existingRoutes", (json_int_t)existing, "municipalities",
				    list));
}
