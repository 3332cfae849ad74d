/* GET /api/v1/openapi.json: the OpenAPI 3.1 document of this API, built
 * once at start-up from the route table (so it lists exactly the routes
 * the router has) and served without authentication, to any origin
 * (/core/publish-openapi). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/input.h"
#include "web/server.h"

#define API_VERSION "1.0.0"

static json_t *version_header(void)
{
	return json_pack("{s:{s:s, s:{s:s}}}", "API-Version", "description",
			 "De versie van deze API (semver)", "schema", "type", "string");
}

/* The JSON Schema of one checked input field. */
static json_t *field_schema(const struct input_field *f)
{
	switch (f->type) {
	case IN_STRING: {
		json_t *j = json_pack("{s:s, s:I, s:i}", "type", "string", "maxLength",
				      (json_int_t)(f->max_len ? f->max_len : INPUT_QUERY_VALUE_MAX),
				      "minLength", 1);
		if (j && f->enum_values) {
			json_t *e = json_array();
			for (size_t i = 0; e && f->enum_values[i]; i++)
				json_array_append_new(e, json_string(f->enum_values[i]));
			json_object_set_new(j, "enum", e);
		}
		return j;
	}
	case IN_INT:
		return json_pack("{s:s, s:s, s:I, s:I}", "type", "integer", "format", "int64",
				 "minimum", (json_int_t)f->min, "maximum", (json_int_t)f->max);
	case IN_BOOL:
		return json_pack("{s:s}", "type", "boolean");
	case IN_DATE:
		return json_pack("{s:s, s:s}", "type", "string", "format", "date");
	case IN_DATETIME:
		return json_pack("{s:s, s:s}", "type", "string", "format", "date-time");
	}
	return NULL;
}

/* Query parameters of spec appended to params. */
static int add_query(json_t *params, const struct input_spec *spec)
{
	for (size_t i = 0; spec && i < spec->n; i++) {
		const struct input_field *f = &spec->fields[i];
		json_t *prm = json_pack("{s:s, s:s, s:b, s:o}", "name", f->name, "in", "query",
					"required", f->required, "schema", field_schema(f));
		if (!prm || json_array_append_new(params, prm) != 0)
			return -1;
	}
	return 0;
}

/* The request body for spec: a JSON object of exactly its members. */
static json_t *request_body(const struct input_spec *spec)
{
	json_t *props = json_object(), *req = json_array();
	for (size_t i = 0; props && req && i < spec->n; i++) {
		json_object_set_new(props, spec->fields[i].name, field_schema(&spec->fields[i]));
		if (spec->fields[i].required)
			json_array_append_new(req, json_string(spec->fields[i].name));
	}
	json_t *schema = json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props,
				   "additionalProperties", 0);
	if (schema && json_array_size(req) > 0)
		json_object_set(schema, "required", req);
	json_decref(req);
	return json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content", "application/json",
			 "schema", schema);
}

static json_t *problem_response(const char *description)
{
	return json_pack("{s:s, s:o, s:{s:{s:{s:s}}}}", "description", description, "headers",
			 version_header(), "content", "application/problem+json", "schema", "$ref",
			 "#/components/schemas/Problem");
}

static json_t *operation(const struct route *rt)
{
	const struct api_doc *doc = api_doc_find(rt->name);
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
	if (!params || add_query(params, doc ? doc->query : NULL) != 0)
		goto cleanup;
	char success[12];
	snprintf(success, sizeof success, "%u", doc && doc->success ? doc->success : 200);
	op = json_pack("{s:s, s:s, s:{s:{s:s, s:o, s:{s:{}}}, s:o}}", "operationId", rt->name,
		       "summary", rt->summary, "responses", success, "description", "Gelukt",
		       "headers", version_header(), "content", rt->content_type, "default",
		       problem_response("Fout (RFC 9457 problem details)"));
	if (!op)
		goto cleanup;
	json_t *responses = json_object_get(op, "responses");
	if (doc && doc->reply)
		json_object_set_new(
			json_object_get(
				json_object_get(json_object_get(responses, success), "content"),
				rt->content_type),
			"schema", json_pack("{s:s+}", "$ref", "#/components/schemas/", doc->reply));
	bool takes_input = json_array_size(params) > 0 || (doc && doc->body);
	if (takes_input || strcmp(rt->method, "GET") != 0)
		json_object_set_new(
			responses, "400",
			problem_response("Ongeldige invoer; invalidParams noemt elk veld"));
	if (strchr(rt->pattern, '{'))
		json_object_set_new(responses, "404", problem_response("Niet gevonden"));
	if (rt->auth == AUTH_STAFF) {
		json_object_set_new(responses, "401", problem_response("Niet aangemeld"));
		json_object_set_new(responses, "403", problem_response("Geen toegang"));
		json_object_set_new(op, "security", json_pack("[{s:[]}]", "bearerAuth"));
	} else {
		json_object_set_new(op, "security", json_array()); /* explicitly public */
	}
	if (doc && doc->body)
		json_object_set_new(op, "requestBody", request_body(doc->body));
	else if (doc && doc->upload)
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1, "content",
					      doc->upload, "schema", "type", "string"));
	if (json_array_size(params) > 0 && json_object_set(op, "parameters", params) != 0) {
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
	json_t *doc = json_pack(
		"{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:{}, s:{s:{s:{s:s, s:[s,s,s], "
		"s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:{s:s, s:{s:{s:s}, "
		"s:{s:s}, s:{s:s}}}}}}}, s:{s:{s:s, s:s, s:s}}}}",
		"openapi", "3.1.0", "info", "title", "overstap", "version", API_VERSION,
		"description", "Overstap van WW naar bijstand: API voor gemeenten en UWV",
		"servers", "url", "/", "paths", "components", "schemas", "Problem", "type",
		"object", "required", "status", "title", "detail", "properties", "type", "type",
		"string", "title", "type", "string", "status", "type", "integer", "detail", "type",
		"string", "invalidParams", "type", "array", "items", "type", "object", "properties",
		"name", "type", "string", "code", "type", "string", "reason", "type", "string",
		"securitySchemes", "bearerAuth", "type", "http", "scheme", "bearer", "description",
		"Toegangstoken van overstap token add (ovs_...)");
	if (!doc)
		return NULL;
	json_t *extra = api_doc_schemas();
	if (!extra ||
	    json_object_update(json_object_get(json_object_get(doc, "components"), "schemas"),
			       extra) != 0) {
		json_decref(extra);
		goto cleanup;
	}
	json_decref(extra);
	json_t *paths = json_object_get(doc, "paths");
	for (size_t i = 0; i < n; i++) {
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
	r->origin[0] = '\0'; /* open to every origin: "*" below, not the allowlist */
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
