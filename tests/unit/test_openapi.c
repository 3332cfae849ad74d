/* The OpenAPI generator (web/api_openapi.c): the document lists exactly
 * the routes of a table, with their parameters, bodies, security and
 * problem replies, under the /api/v1 server.
 *
 * With OVERSTAP_OPENAPI_SAMPLE set, the document of the sample table below
 * (every kind of row the API will have) is also written to that file, so
 * tests/openapi_lint.sh can lint it beside the server's own document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/router.h"

static const struct route sample[] = {
	{"GET", "/healthz", NULL, 0, "healthz", "Gezondheid", "text/plain", AUTH_PUBLIC},
	{"GET", "/api/v1/openapi.json", NULL, 0, "openapi", "Beschrijving", "application/json",
	 AUTH_PUBLIC},
	{"GET", "/api/v1/routes", NULL, 0, "routes_list", "Routes", "application/json", AUTH_STAFF,
	 "limit:integer cursor fase wwEndFrom:date wwEndTo:date"},
	{"GET", "/api/v1/routes/{id}", NULL, 0, "route_get", "Een route", "application/json",
	 AUTH_STAFF},
	{"POST", "/api/v1/routes/{id}/events", NULL, 4096, "route_event_add", "Een gebeurtenis",
	 "application/json", AUTH_STAFF, NULL, NULL, 201},
	{"POST", "/api/v1/persons/_zoek", NULL, 1024, "persons_search", "Zoek een persoon",
	 "application/json", AUTH_STAFF},
	{"POST", "/api/v1/imports", NULL, 64 * 1024 * 1024, "imports_add", "Een WW-bestand",
	 "application/json", AUTH_STAFF, NULL, "text/csv", 201},
	{"DELETE", "/api/v1/routes/{id}/events/{seq}", NULL, 0, "route_event_delete", "Weg",
	 "application/json", AUTH_STAFF, NULL, NULL, 204},
	{"GET", "/werkvoorraad", NULL, 0, "page_werkvoorraad", "Werkvoorraad", "text/html",
	 AUTH_STAFF, "fase"},
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

/* The server's own table: every route once, nothing else. */
static void lists_exactly_the_router(void **state)
{
	size_t n;
	const struct route *t = router_routes(&n);
	json_t *doc = build(t, n);
	assert_int_equal(count_ops(doc), n);
	for (size_t i = 0; i < n; i++) {
		json_t *op = find_op(doc, t[i].method, t[i].pattern);
		if (!op)
			fail_msg("%s %s is not in the document", t[i].method, t[i].pattern);
		assert_string_equal(json_string_value(json_object_get(op, "operationId")),
				    t[i].name);
	}
	json_decref(doc);
}

static void sample_document(void **state)
{
	json_t *doc = build(sample, N_SAMPLE);
	assert_int_equal(count_ops(doc), N_SAMPLE);
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

	/* A public route: no security, no 401, a 413 and a default problem. */
	json_t *op = find_op(doc, "GET", "/healthz");
	assert_int_equal(json_array_size(json_object_get(op, "security")), 0);
	json_t *resp = json_object_get(op, "responses");
	assert_null(json_object_get(resp, "401"));
	assert_null(json_object_get(resp, "400"));
	assert_non_null(json_object_get(resp, "413"));
	assert_non_null(json_object_get(resp, "default"));
	assert_non_null(json_object_get(json_object_get(json_object_get(resp, "200"), "headers"),
					"API-Version"));
	assert_non_null(json_object_get(
		json_object_get(json_object_get(json_object_get(resp, "200"), "content"),
				"text/plain"),
		"schema"));
	assert_string_equal(json_string_value(json_array_get(json_object_get(op, "tags"), 0)),
			    "beheer");

	/* The list: bearer security, 400/401/403, its query parameters typed. */
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
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(p, "schema"), "type")),
		"integer");
	p = json_array_get(params, 3);
	assert_string_equal(json_string_value(json_object_get(p, "name")), "wwEndFrom");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(p, "schema"), "format")), "date");
	p = json_array_get(params, 2);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(p, "schema"), "type")), "string");
	assert_string_equal(json_string_value(json_array_get(json_object_get(op, "tags"), 0)),
			    "routes");

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

	/* A body: required, JSON by default, another type when the row says so;
	 * the success status from the row. */
	op = find_op(doc, "POST", "/api/v1/routes/{id}/events");
	assert_non_null(
		json_object_get(json_object_get(json_object_get(op, "requestBody"), "content"),
				"application/json"));
	assert_true(json_is_true(json_object_get(json_object_get(op, "requestBody"), "required")));
	assert_non_null(json_object_get(json_object_get(op, "responses"), "201"));
	assert_null(json_object_get(json_object_get(op, "responses"), "200"));
	assert_non_null(json_object_get(json_object_get(op, "responses"), "400"));
	op = find_op(doc, "POST", "/api/v1/imports");
	assert_non_null(json_object_get(
		json_object_get(json_object_get(op, "requestBody"), "content"), "text/csv"));
	/* 204: no content. */
	op = find_op(doc, "DELETE", "/api/v1/routes/{id}/events/{seq}");
	json_t *r204 = json_object_get(json_object_get(op, "responses"), "204");
	assert_non_null(r204);
	assert_null(json_object_get(r204, "content"));
	assert_int_equal(json_array_size(json_object_get(op, "parameters")), 2);
	/* An HTML page outside the API. */
	op = find_op(doc, "GET", "/werkvoorraad");
	assert_string_equal(json_string_value(json_array_get(json_object_get(op, "tags"), 0)),
			    "paginas");

	/* Every tag used is declared once, with a description. */
	json_t *tags = json_object_get(doc, "tags");
	assert_int_equal(json_array_size(tags),
			 6); /* beheer openapi routes persons imports paginas */
	size_t i;
	json_t *t;
	json_array_foreach(tags, i, t)
	{
		assert_non_null(json_string_value(json_object_get(t, "description")));
	}
	/* Components: the bearer scheme and the problem replies used. */
	json_t *comps = json_object_get(doc, "components");
	assert_non_null(json_object_get(json_object_get(comps, "securitySchemes"), "bearerAuth"));
	assert_non_null(json_object_get(json_object_get(comps, "responses"), "Unauthorized"));
	assert_non_null(json_object_get(json_object_get(comps, "schemas"), "Problem"));

	const char *out = getenv("OVERSTAP_OPENAPI_SAMPLE");
	if (out && *out)
		assert_int_equal(json_dump_file(doc, out, JSON_INDENT(2)), 0);
	json_decref(doc);
}

/* A public-only table declares no security scheme and no 401 reply. */
static void unused_components_left_out(void **state)
{
	json_t *doc = build(sample, 2);
	json_t *comps = json_object_get(doc, "components");
	assert_null(json_object_get(comps, "securitySchemes"));
	assert_null(json_object_get(json_object_get(comps, "responses"), "Unauthorized"));
	assert_null(json_object_get(json_object_get(comps, "responses"), "BadRequest"));
	assert_non_null(json_object_get(json_object_get(comps, "responses"), "Problem"));
	json_decref(doc);
}

/* A query column with an unknown type or a bad name builds nothing. */
static void bad_query_column(void **state)
{
	static const char *const bad[] = {
		"limit:float", "limit:", ":integer",
		"a23456789012345678901234567890123456789012345678901234567890"
		"12345"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct route t = {"GET", "/api/v1/x",        NULL,       0,     "x",
				  "x",   "application/json", AUTH_STAFF, bad[i]};
		size_t len;
		char *doc = api_openapi_build(&t, 1, false, &len);
		if (doc)
			fail_msg("query column '%s' was accepted", bad[i]);
	}
	/* Extra spaces are fine. */
	struct route ok = {"GET",      "/api/v1/x",       NULL, 0, "x", "x", "application/json",
			   AUTH_STAFF, "  a   b:boolean "};
	json_t *doc = build(&ok, 1);
	assert_int_equal(
		json_array_size(json_object_get(find_op(doc, "GET", "/api/v1/x"), "parameters")),
		2);
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
		cmocka_unit_test(unused_components_left_out), cmocka_unit_test(bad_query_column),
		cmocka_unit_test(pretty_is_the_same),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
