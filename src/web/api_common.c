/* What the JSON API handlers share: replies, path ids, checked input. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/app.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

int reply_json(struct req *r, unsigned status, json_t *j)
{
	char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!body)
		return reply_internal(r, "cannot encode the reply");
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json") !=
	    MHD_YES) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	return req_reply(r, status, resp);
}

int reply_not_found(struct req *r)
{
	return reply_problem(r, MHD_HTTP_NOT_FOUND, "Not Found", "No resource has this path.");
}

int reply_app_status(struct req *r, int app_status, const char *err)
{
	switch (app_status) {
	case APP_NOT_FOUND:
		return reply_not_found(r);
	case APP_DENIED:
		return reply_forbidden(r);
	case APP_INVALID:
		return reply_problem(r, MHD_HTTP_BAD_REQUEST, "Bad Request", err);
	default:
		return reply_internal(r, err);
	}
}

int64_t req_param_id(struct req *r, const char *name)
{
	const char *v = route_param(&r->match, name);
	if (!v || v[0] < '1' || v[0] > '9' || strlen(v) > 18)
		return -1;
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	return strtoll(v, NULL, 10);
}

struct pairs {
	struct input_pair p[INPUT_QUERY_MAX + 1];
	size_t n;
};

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	struct pairs *ps = cls;
	(void)kind;
	if (ps->n == INPUT_QUERY_MAX + 1)
		return MHD_NO; /* one too many is enough to refuse */
	ps->p[ps->n].name = key;
	ps->p[ps->n].value = value;
	ps->n++;
	return MHD_YES;
}

int req_query_input(struct req *r, const struct input_spec *spec, struct input_value *vals,
		    struct input_problems *pr)
{
	struct pairs ps = {.n = 0};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect, &ps);
	return input_query(ps.p, ps.n, spec, vals, pr);
}

json_t *req_body_input(struct req *r, const struct input_spec *spec, struct input_value *vals,
		       struct input_problems *pr)
{
	const char *ct =
		MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = ct ? strcspn(ct, "; ") : 0;
	if (!ct || n != strlen("application/json") || strncasecmp(ct, "application/json", n) != 0) {
		memset(pr, 0, sizeof *pr);
		memset(vals, 0, spec->n * sizeof *vals);
		input_problem_add(pr, "Content-Type", "mediaType",
				  "Stuur de gegevens als application/json.");
		return NULL;
	}
	return input_json(r->body, r->body_len, spec, vals, pr);
}

void api_format_moment(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 21, "1970-01-01T00:00:00Z");
}

json_t *api_json_date(cdate d)
{
	char iso[DATE_ISO_SIZE];
	date_format_iso(d, iso);
	return json_string(iso);
}
