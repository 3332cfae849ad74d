/* GET /api/v1/openapi.json: the OpenAPI 3.1 document of this API, built
 * once at start-up from the route table (so it lists exactly the routes
 * the router has) and served without authentication, to any origin
 * (/core/publish-openapi).
 *
 * The document follows the NL API Design Rules and is linted in make check
 * (tests/openapi_lint.sh: Spectral with the Logius ruleset, Redocly):
 * the server URL carries the major version ("/api/v1", /core/uri-version),
 * so the paths below it are written without that prefix; a route outside
 * /api/v1 (health, metrics) gets a server "/" of its own; staff pages
 * (route_is_page) are HTML for browsers and not in the document. Every
 * operation has its operationId (the route's name), a tag, its path
 * parameters (the pattern's {name}s) and, from the row's doc (api_doc.c:
 * the input specs its handler checks with), its query parameters, its
 * request body (a JSON object of exactly the spec's members, or an upload
 * of one media type), its success status and reply schema; then the
 * security its auth column asks for (bearer tokens for AUTH_STAFF), the
 * API-Version header on the success reply, and its errors as
 * application/problem+json: 400 when it takes input, 401 and 403 when it
 * needs a caller, 404 when it names a resource, 413 for a body that is too
 * large, and a default. components holds only what the operations use
 * (Redocly refuses unused components): the problem replies named, and of
 * the reply schemas those named and those they refer to. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/input.h"
#include "web/server.h"

#define API_PREFIX "/api/v1"
#define CONTACT_NAME "overstap"
/* Placeholders (RFC 2606 names) until an installation can set its own. */
#define CONTACT_EMAIL "beheer@overstap.example"
#define CONTACT_URL "https://overstap.example/contact"
#define QUERY_NAME_MAX 64
#define SCHEMA_REF "#/components/schemas/"
#define TAG_MAX 64

/* A reference to components/responses/NAME or components/headers/NAME. */
static json_t *ref(const char *kind, const char *name)
{
	char buf[128];
	snprintf(buf, sizeof buf, "#/components/%s/%s", kind, name);
	return json_pack("{s:s}", "$ref", buf);
}

/* The schema of a {param}: what the router lets through. */
static json_t *path_schema(void)
{
	return json_pack("{s:s, s:i, s:i, s:s}", "type", "string", "minLength", 1, "maxLength",
			 ROUTER_PARAM_MAX, "pattern", "^[A-Za-z0-9._-]+$");
}

/* The JSON Schema of one checked input field: what input.c lets through
 * (a check function, such as the BSN's, has no schema). */
static json_t *field_schema(const struct input_field *f)
{
	switch (f->type) {
	case IN_STRING: {
		json_t *j =
			json_pack("{s:s, s:i, s:I}", "type", "string", "minLength", 1, "maxLength",
				  (json_int_t)(f->max_len ? f->max_len : INPUT_QUERY_VALUE_MAX));
		json_t *e = j && f->enum_values ? json_array() : NULL;
		for (size_t i = 0; e && f->enum_values[i]; i++)
			if (json_array_append_new(e, json_string(f->enum_values[i])) != 0)
				goto fail;
		if (f->enum_values && (!e || json_object_set_new(j, "enum", e) != 0)) {
			e = NULL; /* set_new took it, or there is none */
			goto fail;
		}
		return j;
	fail:
		json_decref(e);
		json_decref(j);
		return NULL;
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
	case IN_ARRAY: {
		struct input_field item = *f;
		item.type = f->item == IN_INT ? IN_INT : IN_STRING;
		return json_pack("{s:s, s:o, s:i, s:I}", "type", "array", "items",
				 field_schema(&item), "minItems", 1, "maxItems",
				 (json_int_t)f->max_items);
	}
	}
	return NULL;
}

static int append_param(json_t *params, const char *in, const char *name, size_t name_len,
			bool required, json_t *schema)
{
	if (!schema || name_len == 0 || name_len > QUERY_NAME_MAX) {
		json_decref(schema);
		return -1;
	}
	json_t *p = json_pack("{s:s%, s:s, s:b, s:o}", "name", name, name_len, "in", in, "required",
			      required, "schema", schema);
	return p ? json_array_append_new(params, p) : -1;
}

/* {name} segments of the pattern, then the fields of the doc's query
 * spec. */
static json_t *parameters(const struct route *rt)
{
	json_t *params = json_array();
	if (!params)
		return NULL;
	for (const char *p = rt->pattern; (p = strchr(p, '{')) != NULL;) {
		const char *end = strchr(p, '}');
		if (!end || append_param(params, "path", p + 1, (size_t)(end - p - 1), true,
					 path_schema()) != 0)
			goto fail;
		p = end + 1;
	}
	const struct input_spec *q = rt->doc ? rt->doc->query : NULL;
	for (size_t i = 0; q && i < q->n; i++) {
		const struct input_field *f = &q->fields[i];
		if (append_param(params, "query", f->name ? f->name : "",
				 f->name ? strlen(f->name) : 0, f->required, field_schema(f)) != 0)
			goto fail;
	}
	return params;
fail:
	json_decref(params);
	return NULL;
}

/* The schema of a reply of this media type that names no schema. */
static json_t *body_schema(const char *media_type)
{
	if (strstr(media_type, "json"))
		return json_pack("{s:s}", "type", "object");
	return json_pack("{s:s}", "type", "string");
}

/* The request body of a route: a JSON object of exactly the members of
 * the doc's body spec, or a string of the upload's media type. NULL when
 * out of memory or when the row and its doc disagree: a body route must
 * say what its body is, only a body route may have one, and it is one
 * of the two. */
static json_t *request_body(const struct route *rt)
{
	const struct api_doc *d = rt->doc;
	bool body = d && d->body, upload = d && d->upload;
	if ((rt->max_body > 0) != (body || upload) || (body && upload))
		return NULL;
	if (upload)
		return json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1, "content", d->upload,
				 "schema", "type", "string");
	json_t *props = json_object(), *req = json_array(), *out = NULL;
	if (!props || !req)
		goto cleanup;
	for (size_t i = 0; i < d->body->n; i++) {
		const struct input_field *f = &d->body->fields[i];
		if (!f->name || !*f->name ||
		    json_object_set_new(props, f->name, field_schema(f)) != 0 ||
		    (f->required && json_array_append_new(req, json_string(f->name)) != 0))
			goto cleanup;
	}
	json_t *schema = json_pack("{s:s, s:O, s:b}", "type", "object", "properties", props,
				   "additionalProperties", 0);
	if (!schema ||
	    (json_array_size(req) > 0 && json_object_set(schema, "required", req) != 0)) {
		json_decref(schema);
		goto cleanup;
	}
	out = json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content", "application/json",
			"schema", schema);
cleanup:
	json_decref(props);
	json_decref(req);
	return out;
}

/* The tag of a route: the first segment below /api/v1 up to a '.'
 * ("routes", "openapi"), "beheer" for the rest (health, metrics). */
static void route_tag(const struct route *rt, char tag[TAG_MAX + 1])
{
	size_t plen = strlen(API_PREFIX);
	if (strncmp(rt->pattern, API_PREFIX "/", plen + 1) == 0) {
		const char *s = rt->pattern + plen + 1;
		size_t n = strcspn(s, "/.");
		if (n > 0 && n <= TAG_MAX) {
			memcpy(tag, s, n);
			tag[n] = '\0';
			return;
		}
	}
	snprintf(tag, TAG_MAX + 1, "beheer");
}

static int add_tag(json_t *tags, const char *tag)
{
	size_t i;
	json_t *t;
	json_array_foreach(tags, i, t)
	{
		if (strcmp(json_string_value(json_object_get(t, "name")), tag) == 0)
			return 0;
	}
	char desc[160];
	if (strcmp(tag, "beheer") == 0)
		snprintf(desc, sizeof desc, "Gezondheid en meetwaarden, voor beheer en monitoring");
	else
		snprintf(desc, sizeof desc, "Bewerkingen op %s/%s", API_PREFIX, tag);
	return json_array_append_new(tags,
				     json_pack("{s:s, s:s}", "name", tag, "description", desc));
}

/* The problem+json replies in components/responses; an operation names
 * them, and only the ones named are written (unused ones are lint). */
enum problem_reply { P_400, P_401, P_403, P_404, P_413, P_DEFAULT, P_N };

static const char *const problem_replies[P_N][2] = {
	[P_400] = {"BadRequest", "Ongeldige invoer; invalidParams noemt elk ongeldig veld"},
	[P_401] = {"Unauthorized", "Niet aangemeld: een geldig bearer-token is nodig"},
	[P_403] = {"Forbidden", "Geen toegang tot deze gegevens"},
	[P_404] = {"NotFound", "Niet gevonden"},
	[P_413] = {"ContentTooLarge", "De inhoud van het verzoek is te groot"},
	[P_DEFAULT] = {"Problem", "Fout (RFC 9457 problem details)"},
};

/* What the operations use of the components. */
struct used {
	bool reply[P_N];
	bool bearer;
	json_t *schemas; /* the names of the reply schemas referred to: an array */
};

static int set_response(json_t *responses, const char *code, enum problem_reply p, struct used *u)
{
	u->reply[p] = true;
	return json_object_set_new(responses, code, ref("responses", problem_replies[p][0]));
}

/* The success reply's content: the doc's reply schema by reference (noted
 * in u), or a schema for the media type. */
static json_t *success_content(const struct route *rt, struct used *u)
{
	const char *ct = rt->content_type && *rt->content_type ? rt->content_type : "text/plain";
	const char *reply = rt->doc ? rt->doc->reply : NULL;
	if (!reply)
		return json_pack("{s:{s:o}}", ct, "schema", body_schema(ct));
	if (json_array_append_new(u->schemas, json_string(reply)) != 0)
		return NULL;
	return json_pack("{s:{s:{s:s+}}}", ct, "schema", "$ref", SCHEMA_REF, reply);
}

static json_t *operation(const struct route *rt, json_t *tags, struct used *u)
{
	json_t *op = NULL, *content = NULL, *params = parameters(rt);
	if (!params)
		return NULL;
	char tag[TAG_MAX + 1];
	route_tag(rt, tag);
	if (add_tag(tags, tag) != 0)
		goto cleanup;
	unsigned status = rt->doc && rt->doc->success ? rt->doc->success : 200;
	char ok[12];
	snprintf(ok, sizeof ok, "%u", status);
	content = status == 204 ? json_null() : success_content(rt, u);
	op = json_pack("{s:s, s:s, s:[s], s:{s:{s:s, s:{s:o}}}}", "operationId", rt->name,
		       "summary", rt->summary ? rt->summary : "", "tags", tag, "responses", ok,
		       "description", "Gelukt", "headers", "API-Version",
		       ref("headers", "API-Version"));
	if (!op || !content)
		goto fail;
	json_t *responses = json_object_get(op, "responses");
	if (!json_is_null(content) &&
	    json_object_set(json_object_get(responses, ok), "content", content) != 0)
		goto fail;
	bool takes_input = json_array_size(params) > 0 || rt->max_body > 0;
	if (json_array_size(params) > 0 && json_object_set(op, "parameters", params) != 0)
		goto fail;
	bool has_body = rt->max_body > 0 || (rt->doc && (rt->doc->body || rt->doc->upload));
	json_t *body = has_body ? request_body(rt) : NULL;
	if (has_body && (!body || json_object_set_new(op, "requestBody", body) != 0))
		goto fail;
	u->bearer |= rt->auth == AUTH_STAFF;
	json_t *security =
		rt->auth == AUTH_STAFF ? json_pack("[{s:[]}]", "bearerAuth") : json_array();
	if (!security || json_object_set_new(op, "security", security) != 0)
		goto fail;
	if ((takes_input && set_response(responses, "400", P_400, u) != 0) ||
	    (rt->auth == AUTH_STAFF && (set_response(responses, "401", P_401, u) != 0 ||
					set_response(responses, "403", P_403, u) != 0)) ||
	    (strchr(rt->pattern, '{') && set_response(responses, "404", P_404, u) != 0) ||
	    set_response(responses, "413", P_413, u) != 0 ||
	    set_response(responses, "default", P_DEFAULT, u) != 0)
		goto fail;
	goto cleanup;
fail:
	json_decref(op);
	op = NULL;
cleanup:
	json_decref(content);
	json_decref(params);
	return op;
}

/* Appends to names every schema name j refers to ("$ref":
 * "#/components/schemas/NAME"), at any depth. */
static int collect_refs(json_t *j, json_t *names)
{
	size_t plen = strlen(SCHEMA_REF);
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
		{
			if (collect_refs(v, names) != 0)
				return -1;
		}
		return 0;
	}
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
	{
		const char *target = json_string_value(v);
		if (strcmp(key, "$ref") == 0 && target && strncmp(target, SCHEMA_REF, plen) == 0) {
			if (json_array_append_new(names, json_string(target + plen)) != 0)
				return -1;
		} else if (collect_refs(v, names) != 0) {
			return -1;
		}
	}
	return 0;
}

/* The reply schemas the operations refer to (u->schemas) and, through
 * their own references, the ones those need: a new object in the order
 * first referred to, or NULL when out of memory or when a name is not in
 * api_doc_schemas(). (Problem is components' own.) */
static json_t *reply_schemas(const struct used *u)
{
	json_t *all = api_doc_schemas(), *out = json_object();
	json_t *todo = json_copy(u->schemas); /* grows while it is read */
	if (!all || !out || !todo)
		goto fail;
	for (size_t i = 0; i < json_array_size(todo); i++) {
		const char *name = json_string_value(json_array_get(todo, i));
		if (!name)
			goto fail;
		if (strcmp(name, "Problem") == 0 || json_object_get(out, name))
			continue;
		json_t *schema = json_object_get(all, name);
		if (!schema || json_object_set(out, name, schema) != 0 ||
		    collect_refs(schema, todo) != 0)
			goto fail;
	}
	json_decref(all);
	json_decref(todo);
	return out;
fail:
	json_decref(all);
	json_decref(todo);
	json_decref(out);
	return NULL;
}

/* components/responses: one problem+json reply per status used. */
static json_t *problem_responses(const struct used *u)
{
	json_t *out = json_object();
	for (size_t i = 0; out && i < P_N; i++) {
		if (!u->reply[i])
			continue;
		json_t *one = json_pack("{s:s, s:{s:o}, s:{s:{s:{s:s}}}}", "description",
					problem_replies[i][1], "headers", "API-Version",
					ref("headers", "API-Version"), "content",
					"application/problem+json", "schema", "$ref",
					"#/components/schemas/Problem");
		if (!one || json_object_set_new(out, problem_replies[i][0], one) != 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

static json_t *components(const struct used *u)
{
	json_t *responses = problem_responses(u), *replies = reply_schemas(u);
	if (!responses || !replies) {
		json_decref(responses);
		json_decref(replies);
		return NULL;
	}
	json_t *c = json_pack(
		"{s:o, s:{s:{s:s, s:b, s:{s:s, s:s}}},"
		" s:{s:{s:s, s:s, s:[s,s,s], s:{s:{s:s, s:s}, s:{s:s}, s:{s:s, s:i, s:i},"
		" s:{s:s}, s:{s:s}, s:{s:s, s:{s:s, s:[s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}}}}}}}}",
		"responses", responses, "headers", "API-Version", "description",
		"De volledige versie van deze API (semver)", "required", 1, "schema", "type",
		"string", "example", API_VERSION, "schemas", "Problem", "type", "object",
		"description", "RFC 9457 problem details", "required", "status", "title", "detail",
		"properties", "type", "type", "string", "format", "uri-reference", "title", "type",
		"string", "status", "type", "integer", "minimum", 100, "maximum", 599, "detail",
		"type", "string", "instance", "type", "string", "invalidParams", "type", "array",
		"items", "type", "object", "required", "name", "reason", "properties", "name",
		"type", "string", "code", "type", "string", "reason", "type", "string");
	if (!c || json_object_update(json_object_get(c, "schemas"), replies) != 0)
		goto fail;
	json_decref(replies);
	replies = NULL;
	if (u->bearer &&
	    json_object_set_new(c, "securitySchemes",
				json_pack("{s:{s:s, s:s, s:s, s:s}}", "bearerAuth", "type", "http",
					  "scheme", "bearer", "bearerFormat", "opaque",
					  "description",
					  "Een token van `overstap token add`; het handelt als "
					  "die gebruiker")) != 0)
		goto fail;
	return c;
fail:
	json_decref(replies);
	json_decref(c);
	return NULL;
}

/* The path of a route in the document, and whether it lives below the
 * document's server (API_PREFIX). */
static const char *doc_path(const struct route *rt, bool *below_server)
{
	size_t plen = strlen(API_PREFIX);
	*below_server = strncmp(rt->pattern, API_PREFIX "/", plen + 1) == 0;
	return *below_server ? rt->pattern + plen : rt->pattern;
}

char *api_openapi_build(const struct route *table, size_t n, bool pretty, size_t *len)
{
	char *out = NULL;
	struct used used = {0};
	json_t *doc =
		json_pack("{s:s, s:{s:s, s:s, s:s, s:{s:s, s:s, s:s}}, s:[{s:s, s:s}], s:[], s:{}}",
			  "openapi", "3.1.0", "info", "title", "overstap", "version", API_VERSION,
			  "description", "Overstap van WW naar bijstand: API voor gemeenten en UWV",
			  "contact", "name", CONTACT_NAME, "email", CONTACT_EMAIL, "url",
			  CONTACT_URL, "servers", "url", API_PREFIX, "description",
			  "Deze server, API versie 1", "tags", "paths");
	used.schemas = json_array();
	if (!doc || !used.schemas)
		goto cleanup;
	json_t *paths = json_object_get(doc, "paths");
	json_t *tags = json_object_get(doc, "tags");
	for (size_t i = 0; i < n; i++) {
		if (route_is_page(&table[i]))
			continue; /* staff pages are HTML, not part of the API */
		bool below;
		const char *path = doc_path(&table[i], &below);
		json_t *item = json_object_get(paths, path);
		if (!item) {
			item = below ? json_object()
				     : json_pack("{s:[{s:s, s:s}]}", "servers", "url", "/",
						 "description", "Deze server, buiten de API");
			if (!item || json_object_set_new(paths, path, item) != 0)
				goto cleanup;
		}
		char method[16];
		size_t k = 0;
		for (; table[i].method[k] && k < sizeof method - 1; k++)
			method[k] = (char)(table[i].method[k] | 0x20); /* "get" */
		method[k] = '\0';
		json_t *op = operation(&table[i], tags, &used);
		if (!op || json_object_set_new(item, method, op) != 0)
			goto cleanup;
	}
	json_t *comps = components(&used);
	if (!comps || json_object_set_new(doc, "components", comps) != 0)
		goto cleanup;
	out = json_dumps(doc, pretty ? JSON_INDENT(2) : JSON_COMPACT);
	if (out)
		*len = strlen(out);
cleanup:
	json_decref(used.schemas);
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
