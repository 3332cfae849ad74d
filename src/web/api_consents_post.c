/* POST /api/v1/consents: records a person's consent (warme overdracht) for
 * the UWV team that owns their route to hand their data to a municipality.
 * Body: {"routeId": 12, "toOrganisation": "GM0363", "purpose": "...",
 * "givenAt": "2026-11-30T09:00:00Z", "expiresOn": "2027-05-31",
 * "source": "formulier"}; only routeId and purpose are required. Decided
 * by access_decide() (the owning UWV team's advisers) and audited. */
#include <inttypes.h>
#include <stdio.h>

#include "app/route.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

static const struct input_field body_fields[] = {
	{.name = "routeId", .type = IN_INT, .required = true, .min = 1, .max = INT64_MAX},
	{.name = "toOrganisation", .type = IN_STRING, .max_len = STORE_ORG_CODE_MAX},
	{.name = "purpose", .type = IN_STRING, .required = true, .max_len = STORE_PURPOSE_MAX},
	{.name = "givenAt", .type = IN_DATETIME},
	{.name = "expiresOn", .type = IN_DATE},
	{.name = "source", .type = IN_STRING, .max_len = STORE_SOURCE_MAX},
};
const struct input_spec api_consent_body = {body_fields, 6};

/* UTC seconds of the end of civil day d (the consent holds through d). */
static int64_t end_of_day(cdate d)
{
	return ((int64_t)date_add_days(d, 1) - date_from_ymd(1970, 1, 1)) * 86400;
}

int api_consents_post(struct req *r)
{
	struct input_value v[6];
	struct input_problems pr;
	char err[256];
	json_t *doc = req_body_input(r, &api_consent_body, v, &pr);
	if (!doc)
		return reply_invalid(r, &pr);
	struct consent_in in = {
		.route_id = v[0].i,
		.to_org = v[1].present ? v[1].s : NULL,
		.purpose = v[2].s,
		.given_at = v[3].present ? v[3].i : 0,
		.expires_at = v[4].present ? end_of_day(v[4].d) : 0,
		.source = v[5].present ? v[5].s : "api",
	};
	int64_t id = 0;
	int rc = app_consent_add(req_app(r), &in, &id, err, sizeof err);
	json_decref(doc);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	return reply_json(
		r, MHD_HTTP_CREATED,
		json_pack("{s:I, s:I}", "id", (json_int_t)id, "routeId", (json_int_t)in.route_id));
}
