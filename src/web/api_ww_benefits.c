/* GET /api/v1/ww-benefits/{id}: one WW benefit (start, end, daily wage)
 * with links to its person's route. UWV data: decided by access_decide()
 * on its person and audited ("read_benefit") in the same transaction. */
#include <inttypes.h>
#include <stdio.h>

#include "app/route.h"
#include "web/api.h"
#include "web/problem.h"

static int on_benefit(void *cls, const struct store_benefit_view *v)
{
	json_t **out = cls;
	char self[64];
	json_decref(*out); /* a retried transaction starts over */
	snprintf(self, sizeof self, "/api/v1/ww-benefits/%" PRId64, v->id);
	*out = json_pack("{s:I, s:s, s:o, s:o, s:o, s:{s:{s:s}}}", "id", (json_int_t)v->id,
			 "organisation", v->org, "start", api_json_date(v->start), "end",
			 api_json_date(v->end), "dailyWageCents",
			 v->daily_wage_cents < 0 ? json_null()
						 : json_integer((json_int_t)v->daily_wage_cents),
			 "_links", "self", "href", self);
	if (*out && v->route_id > 0) {
		char route[64];
		snprintf(route, sizeof route, "/api/v1/routes/%" PRId64, v->route_id);
		json_object_set_new(json_object_get(*out, "_links"), "route",
				    json_pack("{s:s}", "href", route));
	}
	return *out ? 0 : -1;
}

int api_ww_benefits_get(struct req *r)
{
	char err[256];
	json_t *out = NULL;
	int64_t id = req_param_id(r, "id");
	if (id < 0)
		return reply_not_found(r);
	int rc = app_benefit_get(req_app(r), id, on_benefit, &out, err, sizeof err);
	if (rc != APP_OK) {
		json_decref(out);
		return reply_app_status(r, rc, err);
	}
	return reply_json(r, MHD_HTTP_OK, out);
}
