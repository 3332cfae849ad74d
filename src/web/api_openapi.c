/* GET /api/v1/openapi.json: the OpenAPI 3.1 document of this API, built
 * once at start-up from the route table (so it lists exactly the routes
 * the router has) and served without authentication, to any origin
 * (/core/publish-openapi). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/server.h"

#define API_VERSION "1.0.0"

static json_t *version_header(void)
{
	return json_pack("{s:{s:s, s:{s:s}}}", "API-Version", "description",
			 "De versie van deze API (semver)", "schema", "type", "string");
}

static json_t *operation(const struct route *rt)
{
	json_t *params = json_array();
	json_t *op = NULL;
	/* {name} segments become path parameters. */
	const char *p = rt->pattern;
	while (params && (p = strchr(p, '{')) != NULL) {
		const char *end = strchr(p, '}');
		if (!end)
			break;
		json_t *prm =
			json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", p + 1, (size_t)(end - p - 1),
				  "in", "path", "required", 1, "schema", "type", "string");
		if (!prm || json_array_append_new(params, prm) != 0)
			goto cleanup;
		p = end + 1;
	}
	op = json_pack(
		"{s:s, s:s, s:{s:{s:s, s:o, s:{s:{}}}, s:{s:s, s:o, s:{s:{s:s}}}}}", "operationId",
		rt->name, "summary", rt->summary, "responses", "200", "description", "Gelukt",
		"headers", version_header(), "content", rt->content_type, "default", "description",
		"Fout (RFC 9457 problem details)", "headers", version_header(), "content",
		"application/problem+json", "schema", "$ref", "#/components/schemas/Problem");
	if (op && json_array_size(params) > 0 && json_object_set(op, "parameters", params) != 0) {
		json_decref(op);
		op = NULL;
	}
cleanup:
	json_decref(params);
	return op;
}

char *api_openapi_build(const struct route *table, size_t n, size_t *len)
{
	char *out = NULL;
	json_t *doc =
		json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:{}, s:{s:{s:{s:s, s:[s,s,s], "
			  "s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}}}}}",
			  "openapi", "3.1.0", "info", "title", "overstap", "version", API_VERSION,
			  "description", "Overstap van WW naar bijstand: API voor gemeenten en UWV",
			  "servers", "url", "/", "paths", "components", "schemas", "Problem",
			  "type", "object", "required", "status", "title", "detail", "properties",
			  "type", "type", "string", "title", "type", "string", "status", "type",
			  "integer", "detail", "type", "string");
	if (!doc)
		return NULL;
	json_t *paths = json_object_get(doc, "paths");
	for (size_t i = 0; i < n; i++) {
		if (route_is_page(&table[i]))
			continue;
		json_t *item = json_object_get(paths, table[i].pattern);
		if (!item) {
			item = json_object();
			if (!item || json_object_set_new(paths, table[i].pattern, item) != 0)
				goto cleanup;
		}
		char method[16];
		size_t k = 0;
		for (; table[i].method[k] && k < sizeof method - 1; k++)
			method[k] = (char)(table[i].method[k] | 0x20); /* "get" */
		method[k] = '\0';
		json_t *op = operation(&table[i]);
		if (!op || json_object_set_new(item, method, op) != 0)
			goto cleanup;
	}
	out = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	if (out)
		*len = strlen(out);
cleanup:
	json_decref(doc);
	return out;
}

int api_openapi(struct req *r)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		r->srv->openapi_len, r->srv->openapi, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json") !=
		    MHD_YES ||
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, "*") !=
		    MHD_YES) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	return req_reply(r, MHD_HTTP_OK, resp);
}
