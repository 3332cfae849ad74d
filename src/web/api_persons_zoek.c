/* POST /api/v1/persons/_zoek: {"bsn": "123456782"} finds a person by the
 * keyed hash of the BSN (the BSN never appears in a URL, a log or an audit
 * event). Answers the person's id and newest route only when the caller may
 * see the person; otherwise 404, exactly as for an unknown BSN (the denial
 * is audited). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/route.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

static bool bsn_shape(const char *s)
{
	char out[BSN_SIZE];
	return bsn_normalise(s, strlen(s), out) == BSN_OK;
}

static const struct input_field body_fields[] = {
	{.name = "bsn",
	 .type = IN_STRING,
	 .required = true,
	 .max_len = 9,
	 .check = bsn_shape,
	 .check_reason = "Is geen geldig BSN (9 cijfers, elfproef)."},
};
const struct input_spec api_persons_zoek_body = {body_fields, 1};

int api_persons_zoek(struct req *r)
{
	struct input_value v[1];
	struct input_problems pr;
	char err[256];
	json_t *doc = req_body_input(r, &api_persons_zoek_body, v, &pr);
	if (!doc)
		return reply_invalid(r, &pr);
	int64_t person = 0, route = 0;
	int rc = app_person_find(req_app(r), v[0].s, &person, &route, err, sizeof err);
	/* The BSN is wiped from the parsed document and the received body. */
	sodium_memzero((void *)v[0].s, strlen(v[0].s));
	sodium_memzero(r->body, r->body_len);
	json_decref(doc);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	json_t *links = json_object();
	if (links && route > 0) {
		char href[64];
		snprintf(href, sizeof href, "/api/v1/routes/%" PRId64, route);
		json_object_set_new(links, "route", json_pack("{s:s}", "href", href));
	}
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:I, s:o}", "id", (json_int_t)person, "_links", links));
}
