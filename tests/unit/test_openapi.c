/* The OpenAPI generator (web/api_openapi.c): the document lists exactly
 * the routes of a table, with their parameters, bodies, security and
 * problem replies, under the /api/v1 server.
 *
 * With OVERSTAP_OPENAPI_SAMPLE set, the document of the sample table below
 * (every kind of row the API will have, with docs of its own) is also
 * written to that file, so tests/openapi_lint.sh can lint it beside the
 * server's own document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/input.h"
#include "web/router.h"

/* The docs of the sample: small input specs of every kind the handlers
 * have, and reply schemas from api_doc_schemas(). */
static const char *const phases[] = {"intake", "invited", "closed", NULL};
static const struct input_field list_fields[] = {
	INPUT_LIMIT_FIELD(INPUT_LIMIT_MAX),
	INPUT_CURSOR_FIELD,
	{.name = "fase", .type = IN_STRING, .enum_values = phases},
	{.name = "wwEndFrom", .type = IN_DATE},
	{.name = "wwEndTo", .type = IN_DATE},
};
static const struct input_spec list_query = {list_fields, 5};
static const struct input_field required_fields[] = {
	{.name = "fase", .type = IN_STRING, .required = true, .enum_values = phases},
};
static const struct input_spec required_query = {required_fields, 1};
static const struct input_field event_fields[] = {
	{.name = "note", .type = IN_STRING, .max_len = 2000},
	{.name = "phase", .type = IN_STRING, .enum_values = phases},
	{.name = "at", .type = IN_DATETIME},
};
static const struct input_spec event_body = {event_fields, 3};
static const struct input_field search_fields[] = {
	{.name = "bsn", .type = IN_STRING, .required = true, .max_len = 9},
	{.name = "exact", .type = IN_BOOL},
};
static const struct input_spec search_body = {search_fields, 2};

static const struct api_doc doc_list = {.query = &list_query, .reply = "OrganisationList"};
static const struct api_doc doc_get = {.reply = "Route"};
static const struct api_doc doc_event = {
	.body = &event_body, .success = 201, .reply = "EventAdded"};
static const struct api_doc doc_search = {.body = &search_body, .reply = "PersonFound"};
static const struct api_doc doc_import = {
	.upload = "text/csv", .success = 201, .reply = "ImportReport"};
static const struct api_doc doc_delete = {.success = 204};
static const struct api_doc doc_required = {.query = &required_query};

static const struct route sample[] = {
	{"GET", "/healthz", NULL, 0, "healthz", "Gezondheid", "text/plain", AUTH_PUBLIC},
	{"GET", "/api/v1/openapi.json", NULL, 0, "openapi", "Beschrijving", "application/json",
	 AUTH_PUBLIC},
	{"GET", "/api/v1/routes", NULL, 0, "routes_list", "Routes", "application/json", AUTH_STAFF,
	 &doc_list},
	{"GET", "/api/v1/routes/{id}", NULL, 0, "route_get", "Een route", "application/json",
	 AUTH_STAFF, &doc_get},
	{"POST", "/api/v1/routes/{id}/events", NULL, 4096, "route_event_add", "Een gebeurtenis",
	 "application/json", AUTH_STAFF, &doc_event},
	{"POST", "/api/v1/persons/_zoek", NULL, 1024, "persons_search", "Zoek een persoon",
	 "application/json", AUTH_STAFF, &doc_search},
	{"POST", "/api/v1/imports", NULL, 64 * 1024 * 1024, "imports_add", "Een WW-bestand",
	 "application/json", AUTH_STAFF, &doc_import},
	{"DELETE", "/api/v1/routes/{id}/events/{seq}", NULL, 0, "route_event_delete", "Weg",
	 "application/json", AUTH_STAFF, &doc_delete},
	{"GET", "/api/v1/phases", NULL, 0, "phases_list", "Fasen", "application/json", AUTH_STAFF,
	 &doc_required},
	{"GET", "/werkvoorraad", NULL, 0, "page_werkvoorraad", "Werkvoorraad", "text/html",
	 AUTH_STAFF},
};
#define N_SAMPLE (sizeof sample / sizeof sample[0])

static json_t *build(const struct route *t, size_t n)
{
	size_t len = 0;
	char *text = api_openapi_build(t, n, false, &len);
	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	json_error_t err;
	json_t *doc = json_loads(text, 0, &err);
	if (!doc)
		fail_msg("not JSON: %s", err.text);
	free(text);
	return doc;
}

/* The operation for a route, found as a client would: the path item's
 * own server or the document's, joined with the path key. */
static json_t *find_op(json_t *doc, const char *method, const char *pattern)
{
	const char *base = json_string_value(
		json_object_get(json_array_get(json_object_get(doc, "servers"), 0), "url"));
	assert_non_null(base);
	const char *key;
	json_t *item;
	json_object_foreach(json_object_get(doc, "paths"), key, item)
	{
		json_t *own = json_object_get(item, "servers");
		const char *b =
			own ? json_string_value(json_object_get(json_array_get(own, 0), "url"))
			    : base;
		char full[512];
		snprintf(full, sizeof full, "%s%s", strcmp(b, "/") == 0 ? "" : b, key);
		if (strcmp(full, pattern) != 0)
			continue;
		char m[16];
		size_t k = 0;
		for (; method[k] && k < sizeof m - 1; k++)
			m[k] = (char)(method[k] | 0x20);
		m[k] = '\0';
		return json_object_get(item, m);
	}
	return NULL;
}

/* Rows of t[0..n) that are API operations (not staff pages). */
static size_t api_rows(const struct route *t, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += !route_is_page(&t[i]);
	return k;
}

static size_t count_ops(json_t *doc)
{
	size_t n = 0;
	const char *key, *m;
	json_t *item, *v;
	json_object_foreach(json_object_get(doc, "paths"), key, item)
	{
		json_object_foreach(item, m, v) n += strcmp(m, "servers") != 0;
	}
	return n;
}

/* The parameter of op with this name and place, or NULL. */
static json_t *find_param(json_t *op, const char *in, const char *name)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(op, "parameters"), i, p)
	{
		if (strcmp(json_string_value(json_object_get(p, "in")), in) == 0 &&
		    strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
			return p;
	}
	return NULL;
}

/* Adds every "$ref" in j to refs (as keys). */
static void gather_refs(json_t *j, json_t *refs)
{
	const char *key;
	json_t *v;
	size_t i;
	if (json_is_array(j)) {
		json_array_foreach(j, i, v) gather_refs(v, refs);
		return;
	}
	json_object_foreach(j, key, v)
	{
		if (strcmp(key, "$ref") == 0 && json_is_string(v))
			json_object_set_new(refs, json_string_value(v), json_true());
		else
			gather_refs(v, refs);
	}
}

/* Every reference resolves, and every schema is referred to (Redocly
 * fails on an unused component). */
static void refs_resolve(json_t *doc)
{
	json_t *refs = json_object();
	assert_non_null(refs);
	gather_refs(doc, refs);
	json_t *comps = json_object_get(doc, "components");
	const char *r;
	json_t *v;
	json_object_foreach(refs, r, v)
	{
		char kind[32], name[64];
		if (sscanf(r, "#/components/%31[^/]/%63s", kind, name) != 2)
			fail_msg("odd reference %s", r);
		if (!json_object_get(json_object_get(comps, kind), name))
			fail_msg("%s does not resolve", r);
	}
	json_object_foreach(json_object_get(comps, "schemas"), r, v)
	{
		char full[128];
		snprintf(full, sizeof full, "#/components/schemas/%s", r);
		if (!json_object_get(refs, full))
			fail_msg("schema %s is not used", r);
	}
	json_decref(refs);
}

/* The server's own table: every route once, nothing else, each with what
 * its row and doc say: the doc's query fields as parameters, a request
 * body exactly when the doc has a body or an upload, a 400 wherever input
 * is taken, bearer security and 401 on staff routes only. */
static void lists_exactly_the_router(void **state)
{
	size_t n;
	const struct route *t = router_routes(&n);
	json_t *doc = build(t, n);
	assert_int_equal(count_ops(doc), api_rows(t, n));
	refs_resolve(doc);
	for (size_t i = 0; i < n; i++) {
		json_t *op = find_op(doc, t[i].method, t[i].pattern);
		if (route_is_page(&t[i])) {
			assert_null(op);
			continue;
		}
		if (!op)
			fail_msg("%s %s is not in the document", t[i].method, t[i].pattern);
		assert_string_equal(json_string_value(json_object_get(op, "operationId")),
				    t[i].name);
		const struct api_doc *d = t[i].doc;
		json_t *resp = json_object_get(op, "responses");
		assert_int_equal(json_array_size(json_object_get(op, "security")) > 0,
				 t[i].auth == AUTH_STAFF);
		assert_int_equal(json_object_get(resp, "401") != NULL, t[i].auth == AUTH_STAFF);
		bool body = d && (d->body || d->upload);
		assert_int_equal(json_object_get(op, "requestBody") != NULL, body);
		assert_int_equal(body, t[i].max_body > 0);
		for (size_t q = 0; d && d->query && q < d->query->n; q++) {
			json_t *p = find_param(op, "query", d->query->fields[q].name);
			if (!p)
				fail_msg("%s lacks query parameter %s", t[i].name,
					 d->query->fields[q].name);
			assert_int_equal(json_is_true(json_object_get(p, "required")),
					 d->query->fields[q].required);
		}
		bool input = json_array_size(json_object_get(op, "parameters")) > 0 || body;
		assert_int_equal(json_object_get(resp, "400") != NULL, input);
		char ok[12];
		snprintf(ok, sizeof ok, "%u", d && d->success ? d->success : 200);
		assert_non_null(json_object_get(resp, ok));
		/* Only the public routes may go without a token: no /api/v1
		 * resource but the document itself. */
		if (strncmp(t[i].pattern, "/api/v1/", 8) == 0 &&
		    strcmp(t[i].pattern, "/api/v1/openapi.json") != 0)
			assert_int_equal(t[i].auth, AUTH_STAFF);
		/* No BSN in any URL: no path parameter named after it. */
		assert_null(strstr(t[i].pattern, "bsn"));
	}
	json_decref(doc);
}

static void sample_document(void **state)
{
	json_t *doc = build(sample, N_SAMPLE);
	assert_int_equal(count_ops(doc), api_rows(sample, N_SAMPLE));
	refs_resolve(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(doc, "servers"), 0), "url")),
			    "/api/v1");
	json_t *paths = json_object_get(doc, "paths");
	/* Paths below the server lose the prefix; others get a server "/". */
	assert_non_null(json_object_get(paths, "/routes/{id}"));
	assert_null(json_object_get(paths, "/api/v1/routes/{id}"));
	assert_null(json_object_get(json_object_get(paths, "/routes/{id}"), "servers"));
	assert_non_null(json_object_get(json_object_get(paths, "/healthz"), "servers"));

	/* A public route without a doc: no security, no 401, no 400, a 413
	 * and a default problem, a 200 with a schema for its media type. */
	json_t *op = find_op(doc, "GET", "/healthz");
	assert_int_equal(json_array_size(json_object_get(op, "security")), 0);
	json_t *resp = json_object_get(op, "responses");
	assert_null(json_object_get(resp, "401"));
	assert_null(json_object_get(resp, "400"));
	assert_non_null(json_object_get(resp, "413"));
	assert_non_null(json_object_get(resp, "default"));
	assert_non_null(json_object_get(json_object_get(json_object_get(resp, "200"), "headers"),
					"API-Version"));
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(
				json_object_get(
					json_object_get(json_object_get(resp, "200"), "content"),
					"text/plain"),
				"schema"),
			"type")),
		"string");
	assert_null(json_object_get(op, "requestBody"));
	assert_string_equal(json_string_value(json_array_get(json_object_get(op, "tags"), 0)),
			    "beheer");

	/* The list: bearer security, 400/401/403, the query spec's fields
	 * with their types, ranges and enumerations; the reply schema. */
	op = find_op(doc, "GET", "/api/v1/routes");
	json_t *sec = json_array_get(json_object_get(op, "security"), 0);
	assert_non_null(json_object_get(sec, "bearerAuth"));
	resp = json_object_get(op, "responses");
	assert_non_null(json_object_get(resp, "400"));
	assert_non_null(json_object_get(resp, "401"));
	assert_non_null(json_object_get(resp, "403"));
	assert_null(json_object_get(resp, "404"));
	json_t *params = json_object_get(op, "parameters");
	assert_int_equal(json_array_size(params), 5);
	json_t *p = json_array_get(params, 0);
	assert_string_equal(json_string_value(json_object_get(p, "name")), "limit");
	assert_string_equal(json_string_value(json_object_get(p, "in")), "query");
	assert_false(json_is_true(json_object_get(p, "required")));
	json_t *schema = json_object_get(p, "schema");
	assert_string_equal(json_string_value(json_object_get(schema, "type")), "integer");
	assert_int_equal(json_integer_value(json_object_get(schema, "minimum")), 1);
	assert_int_equal(json_integer_value(json_object_get(schema, "maximum")), INPUT_LIMIT_MAX);
	schema = json_object_get(json_array_get(params, 1), "schema");
	assert_string_equal(json_string_value(json_object_get(schema, "type")), "string");
	assert_int_equal(json_integer_value(json_object_get(schema, "maxLength")), 24);
	schema = json_object_get(json_array_get(params, 2), "schema");
	assert_int_equal(json_array_size(json_object_get(schema, "enum")), 3);
	assert_string_equal(json_string_value(json_array_get(json_object_get(schema, "enum"), 1)),
			    "invited");
	p = json_array_get(params, 3);
	assert_string_equal(json_string_value(json_object_get(p, "name")), "wwEndFrom");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(p, "schema"), "format")), "date");
	assert_string_equal(json_string_value(json_array_get(json_object_get(op, "tags"), 0)),
			    "routes");
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(
				json_object_get(
					json_object_get(json_object_get(resp, "200"), "content"),
					"application/json"),
				"schema"),
			"$ref")),
		"#/components/schemas/OrganisationList");

	/* {id}: a required path parameter and a 404. */
	op = find_op(doc, "GET", "/api/v1/routes/{id}");
	p = json_array_get(json_object_get(op, "parameters"), 0);
	assert_string_equal(json_string_value(json_object_get(p, "name")), "id");
	assert_string_equal(json_string_value(json_object_get(p, "in")), "path");
	assert_true(json_is_true(json_object_get(p, "required")));
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(p, "schema"), "pattern")),
		"^[A-Za-z0-9._-]+$");
	assert_non_null(json_object_get(json_object_get(op, "responses"), "404"));

	/* A JSON body: required, an object of exactly the spec's members;
	 * the success status from the doc. */
	op = find_op(doc, "POST", "/api/v1/routes/{id}/events");
	json_t *rb = json_object_get(op, "requestBody");
	assert_true(json_is_true(json_object_get(rb, "required")));
	schema = json_object_get(
		json_object_get(json_object_get(rb, "content"), "application/json"), "schema");
	assert_string_equal(json_string_value(json_object_get(schema, "type")), "object");
	assert_true(json_is_false(json_object_get(schema, "additionalProperties")));
	json_t *props = json_object_get(schema, "properties");
	assert_int_equal(json_object_size(props), 3);
	assert_int_equal(
		json_integer_value(json_object_get(json_object_get(props, "note"), "maxLength")),
		2000);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(props, "at"), "format")),
		"date-time");
	assert_null(json_object_get(schema, "required")); /* none of its members is */
	assert_non_null(json_object_get(json_object_get(op, "responses"), "201"));
	assert_null(json_object_get(json_object_get(op, "responses"), "200"));
	assert_non_null(json_object_get(json_object_get(op, "responses"), "400"));
	op = find_op(doc, "POST", "/api/v1/persons/_zoek");
	schema = json_object_get(
		json_object_get(json_object_get(json_object_get(op, "requestBody"), "content"),
				"application/json"),
		"schema");
	assert_int_equal(json_array_size(json_object_get(schema, "required")), 1);
	assert_string_equal(
		json_string_value(json_array_get(json_object_get(schema, "required"), 0)), "bsn");
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(json_object_get(schema, "properties"), "exact"), "type")),
		"boolean");
	/* An upload: a string of its media type. */
	op = find_op(doc, "POST", "/api/v1/imports");
	schema = json_object_get(
		json_object_get(json_object_get(json_object_get(op, "requestBody"), "content"),
				"text/csv"),
		"schema");
	assert_string_equal(json_string_value(json_object_get(schema, "type")), "string");
	assert_non_null(json_object_get(json_object_get(op, "responses"), "201"));
	/* 204: no content. */
	op = find_op(doc, "DELETE", "/api/v1/routes/{id}/events/{seq}");
	json_t *r204 = json_object_get(json_object_get(op, "responses"), "204");
	assert_non_null(r204);
	assert_null(json_object_get(r204, "content"));
	assert_int_equal(json_array_size(json_object_get(op, "parameters")), 2);
	/* A required query parameter. */
	op = find_op(doc, "GET", "/api/v1/phases");
	assert_true(json_is_true(json_object_get(find_param(op, "query", "fase"), "required")));
	/* A staff page is HTML for browsers: not in the API's document. */
	assert_null(find_op(doc, "GET", "/werkvoorraad"));

	/* Every tag used is declared once, with a description. */
	json_t *tags = json_object_get(doc, "tags");
	assert_int_equal(json_array_size(tags),
			 6); /* beheer openapi routes persons imports phases */
	size_t i;
	json_t *t;
	json_array_foreach(tags, i, t)
	{
		assert_non_null(json_string_value(json_object_get(t, "description")));
	}
	/* Components: the bearer scheme, the problem replies used, the reply
	 * schemas named and those they refer to. */
	json_t *comps = json_object_get(doc, "components");
	assert_non_null(json_object_get(json_object_get(comps, "securitySchemes"), "bearerAuth"));
	assert_non_null(json_object_get(json_object_get(comps, "responses"), "Unauthorized"));
	json_t *schemas = json_object_get(comps, "schemas");
	static const char *const want[] = {
		"Problem", "OrganisationList", "Organisation", "Links",       "Link", "Route",
		"Event",   "EventAdded",       "PersonFound",  "ImportReport"};
	assert_int_equal(json_object_size(schemas), sizeof want / sizeof want[0]);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!json_object_get(schemas, want[i]))
			fail_msg("schema %s is missing", want[i]);

	const char *out = getenv("OVERSTAP_OPENAPI_SAMPLE");
	if (out && *out)
		assert_int_equal(json_dump_file(doc, out, JSON_INDENT(2)), 0);
	json_decref(doc);
}

/* A public-only table declares no security scheme, no 401 reply and no
 * schema but Problem. */
static void unused_components_left_out(void **state)
{
	json_t *doc = build(sample, 2);
	json_t *comps = json_object_get(doc, "components");
	assert_null(json_object_get(comps, "securitySchemes"));
	assert_null(json_object_get(json_object_get(comps, "responses"), "Unauthorized"));
	assert_null(json_object_get(json_object_get(comps, "responses"), "BadRequest"));
	assert_non_null(json_object_get(json_object_get(comps, "responses"), "Problem"));
	assert_int_equal(json_object_size(json_object_get(comps, "schemas")), 1);
	assert_non_null(json_object_get(json_object_get(comps, "schemas"), "Problem"));
	refs_resolve(doc);
	json_decref(doc);
}

/* The schemas a reply names come with those they refer to, through any
 * depth, each once, and nothing else. */
static void schemas_follow_refs(void **state)
{
	/* Route refers to Event and Links, Links to Link. */
	static const struct api_doc route = {.reply = "Route"};
	struct route t = {"GET", "/api/v1/x/{id}",   NULL,       0,     "x",
			  "x",   "application/json", AUTH_STAFF, &route};
	json_t *doc = build(&t, 1);
	json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
	assert_int_equal(json_object_size(schemas), 5);
	assert_non_null(json_object_get(schemas, "Problem"));
	assert_non_null(json_object_get(schemas, "Route"));
	assert_non_null(json_object_get(schemas, "Event"));
	assert_non_null(json_object_get(schemas, "Links"));
	assert_non_null(json_object_get(schemas, "Link"));
	refs_resolve(doc);
	json_decref(doc);
	/* A schema without references comes alone, however often named. */
	static const struct api_doc added = {.reply = "ConsentAdded"};
	struct route two[] = {
		{"GET", "/api/v1/a", NULL, 0, "a", "a", "application/json", AUTH_STAFF, &added},
		{"GET", "/api/v1/b", NULL, 0, "b", "b", "application/json", AUTH_STAFF, &added},
	};
	doc = build(two, 2);
	schemas = json_object_get(json_object_get(doc, "components"), "schemas");
	assert_int_equal(json_object_size(schemas), 2);
	assert_non_null(json_object_get(schemas, "ConsentAdded"));
	refs_resolve(doc);
	json_decref(doc);
	/* A 204 names no schema, even when its doc has one. */
	static const struct api_doc gone = {.success = 204, .reply = "Route"};
	struct route del = {"DELETE", "/api/v1/x/{id}",   NULL,       0,    "x",
			    "x",      "application/json", AUTH_STAFF, &gone};
	doc = build(&del, 1);
	assert_int_equal(
		json_object_size(json_object_get(json_object_get(doc, "components"), "schemas")),
		1);
	json_decref(doc);
}

/* A row and its doc that do not fit build nothing: a body route without
 * a doc (or whose doc has no body), a body documented on a route that
 * takes none, both a JSON body and an upload, a reply schema that does not
 * exist, a query field without a name. */
static void doc_must_fit_the_row(void **state)
{
	static const struct input_field f[] = {{.name = "a", .type = IN_STRING}};
	static const struct input_spec spec = {f, 1};
	static const struct input_field nameless[] = {{.name = "", .type = IN_INT, .max = 9}};
	static const struct input_spec bad_query = {nameless, 1};
	static const struct api_doc query_only = {.query = &spec};
	static const struct api_doc body = {.body = &spec};
	static const struct api_doc upload = {.upload = "text/csv"};
	static const struct api_doc both = {.body = &spec, .upload = "text/csv"};
	static const struct api_doc unknown_reply = {.reply = "NoSuchSchema"};
	static const struct api_doc empty_name = {.query = &bad_query};
	static const struct {
		size_t max_body;
		const struct api_doc *doc;
	} bad[] = {
		{1024, NULL},  {1024, &query_only}, {0, &body},       {0, &upload},
		{1024, &both}, {0, &unknown_reply}, {0, &empty_name},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct route t = {"POST", "/api/v1/x",        NULL,       bad[i].max_body, "x",
				  "x",    "application/json", AUTH_STAFF, bad[i].doc};
		size_t len;
		char *doc = api_openapi_build(&t, 1, false, &len);
		if (doc)
			fail_msg("case %zu was accepted", i);
	}
	/* The same docs on the rows they fit are fine. */
	struct route ok[] = {
		{"POST", "/api/v1/a", NULL, 1024, "a", "a", "application/json", AUTH_STAFF, &body},
		{"POST", "/api/v1/b", NULL, 1024, "b", "b", "application/json", AUTH_STAFF,
		 &upload},
		{"GET", "/api/v1/c", NULL, 0, "c", "c", "application/json", AUTH_STAFF,
		 &query_only},
	};
	json_t *doc = build(ok, 3);
	assert_int_equal(count_ops(doc), 3);
	json_decref(doc);
}

/* The pretty and the compact document are the same JSON. */
static void pretty_is_the_same(void **state)
{
	size_t n, l1, l2;
	const struct route *t = router_routes(&n);
	char *a = api_openapi_build(t, n, false, &l1);
	char *b = api_openapi_build(t, n, true, &l2);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(l2 > l1);
	json_t *ja = json_loads(a, 0, NULL), *jb = json_loads(b, 0, NULL);
	assert_true(json_equal(ja, jb));
	json_decref(ja);
	json_decref(jb);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lists_exactly_the_router),   cmocka_unit_test(sample_document),
		cmocka_unit_test(unused_components_left_out), cmocka_unit_test(schemas_follow_refs),
		cmocka_unit_test(doc_must_fit_the_row),       cmocka_unit_test(pretty_is_the_same),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
