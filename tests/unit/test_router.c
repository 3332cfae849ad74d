/* Path matching of the router (web/router.h): literal segments, {params},
 * trailing slashes, segment and length limits, 405 with Allow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "web/api.h"
#include "web/input.h"
#include "web/router.h"

static const struct route table[] = {
	{"GET", "/healthz", NULL, 0, "healthz", "", "text/plain", AUTH_PUBLIC},
	{"GET", "/api/v1/routes", NULL, 0, "routes_list", "", "application/json", AUTH_PUBLIC},
	{"POST", "/api/v1/routes", NULL, 1024, "routes_add", "", "application/json", AUTH_PUBLIC},
	{"GET", "/api/v1/routes/{id}", NULL, 0, "route_get", "", "application/json", AUTH_PUBLIC},
	{"DELETE", "/api/v1/routes/{id}", NULL, 0, "route_delete", "", "application/json",
	 AUTH_PUBLIC},
	{"GET", "/api/v1/routes/{id}/events/{seq}", NULL, 0, "event_get", "", "application/json",
	 AUTH_PUBLIC},
};
#define N (sizeof table / sizeof table[0])

static enum route_result match(const char *method, const char *path, struct route_match *m)
{
	return router_match_in(table, N, method, path, m);
}

static void literal_paths(void **state)
{
	struct route_match m;
	assert_int_equal(match("GET", "/healthz", &m), ROUTE_FOUND);
	assert_string_equal(m.route->name, "healthz");
	assert_int_equal(m.index, 0);
	assert_int_equal(m.n_params, 0);
	assert_int_equal(match("GET", "/api/v1/routes", &m), ROUTE_FOUND);
	assert_string_equal(m.route->name, "routes_list");
	assert_int_equal(match("POST", "/api/v1/routes", &m), ROUTE_FOUND);
	assert_string_equal(m.route->name, "routes_add");
	/* Case matters, prefixes and extensions do not match. */
	assert_int_equal(match("GET", "/Healthz", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/healthz2", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/health", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/v1", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "healthz", &m), ROUTE_NOT_FOUND);
	assert_int_equal(m.index, -1);
	assert_null(m.route);
}

static void params(void **state)
{
	struct route_match m;
	assert_int_equal(match("GET", "/api/v1/routes/42", &m), ROUTE_FOUND);
	assert_string_equal(m.route->name, "route_get");
	assert_int_equal(m.n_params, 1);
	assert_string_equal(route_param(&m, "id"), "42");
	assert_null(route_param(&m, "i"));
	assert_null(route_param(&m, "idx"));
	assert_int_equal(match("GET", "/api/v1/routes/7/events/3", &m), ROUTE_FOUND);
	assert_string_equal(m.route->name, "event_get");
	assert_string_equal(route_param(&m, "id"), "7");
	assert_string_equal(route_param(&m, "seq"), "3");
	assert_int_equal(match("GET", "/api/v1/routes/a-b_c.d", &m), ROUTE_FOUND);
	assert_string_equal(route_param(&m, "id"), "a-b_c.d");
	/* A parameter is one non-empty segment of safe characters. */
	assert_int_equal(match("GET", "/api/v1/routes/4%202", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/v1/routes/a b", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/v1/routes/{id}x", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/v1/routes/7/events", &m), ROUTE_NOT_FOUND);
	char path[512];
	snprintf(path, sizeof path, "/api/v1/routes/");
	size_t len = strlen(path);
	memset(path + len, '9', ROUTER_PARAM_MAX);
	path[len + ROUTER_PARAM_MAX] = '\0';
	assert_int_equal(match("GET", path, &m), ROUTE_FOUND);
	assert_int_equal(strlen(route_param(&m, "id")), ROUTER_PARAM_MAX);
	path[len + ROUTER_PARAM_MAX] = '9';
	path[len + ROUTER_PARAM_MAX + 1] = '\0';
	assert_int_equal(match("GET", path, &m), ROUTE_NOT_FOUND);
}

static void trailing_and_empty_segments(void **state)
{
	struct route_match m;
	assert_int_equal(match("GET", "/healthz/", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/v1/routes/", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "//healthz", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api//v1/routes", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/v1/routes//", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/v1/routes/42/", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/./v1/routes", &m), ROUTE_NOT_FOUND);
	assert_int_equal(match("GET", "/api/v1/../v1/routes", &m), ROUTE_NOT_FOUND);
}

static void too_many_segments(void **state)
{
	struct route_match m;
	char path[ROUTER_URL_MAX + 16] = "";
	for (int i = 0; i < ROUTER_MAX_SEGMENTS; i++)
		strncat(path, "/a", sizeof path - strlen(path) - 1);
	assert_int_equal(match("GET", path, &m), ROUTE_NOT_FOUND);
	strncat(path, "/a", sizeof path - strlen(path) - 1);
	assert_int_equal(match("GET", path, &m), ROUTE_NOT_FOUND);
	/* The table's own patterns stay well inside the limit. */
	static const struct route deep[] = {
		{"GET", "/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a", NULL, 0, "deep", "", "text/plain",
		 AUTH_PUBLIC},
	};
	path[0] = '\0';
	for (int i = 0; i < ROUTER_MAX_SEGMENTS; i++)
		strncat(path, "/a", sizeof path - strlen(path) - 1);
	assert_int_equal(router_match_in(deep, 1, "GET", path, &m), ROUTE_FOUND);
	strncat(path, "/a", sizeof path - strlen(path) - 1);
	assert_int_equal(router_match_in(deep, 1, "GET", path, &m), ROUTE_NOT_FOUND);
}

static void overlong_url(void **state)
{
	struct route_match m;
	char *path = malloc(ROUTER_URL_MAX + 2);
	assert_non_null(path);
	path[0] = '/';
	memset(path + 1, 'a', ROUTER_URL_MAX);
	path[ROUTER_URL_MAX] = '\0'; /* exactly the limit */
	assert_int_equal(match("GET", path, &m), ROUTE_NOT_FOUND);
	path[ROUTER_URL_MAX] = 'a';
	path[ROUTER_URL_MAX + 1] = '\0'; /* one over */
	assert_int_equal(match("GET", path, &m), ROUTE_URL_TOO_LONG);
	free(path);
}

static void methods(void **state)
{
	struct route_match m;
	assert_int_equal(match("PUT", "/api/v1/routes", &m), ROUTE_BAD_METHOD);
	assert_string_equal(m.allow, "GET, POST");
	assert_int_equal(match("POST", "/api/v1/routes/9", &m), ROUTE_BAD_METHOD);
	assert_string_equal(m.allow, "GET, DELETE");
	assert_int_equal(match("POST", "/healthz", &m), ROUTE_BAD_METHOD);
	assert_string_equal(m.allow, "GET");
	assert_int_equal(match("get", "/healthz", &m), ROUTE_BAD_METHOD);
	assert_int_equal(match("DELETE", "/api/v1/routes/9", &m), ROUTE_FOUND);
	assert_string_equal(m.route->name, "route_delete");
	/* Unknown path wins over a wrong method. */
	assert_int_equal(match("POST", "/nope", &m), ROUTE_NOT_FOUND);
	assert_string_equal(m.allow, "");
}

static void server_table(void **state)
{
	size_t n;
	const struct route *t = router_routes(&n);
	assert_true(n > 0 && n <= ROUTER_MAX_ROUTES);
	struct route_match m;
	for (size_t i = 0; i < n; i++) {
		assert_non_null(t[i].handler);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(t[i].name, t[j].name);
	}
	assert_int_equal(router_match("GET", "/healthz", &m), ROUTE_FOUND);
	assert_int_equal(router_match("GET", "/metrics", &m), ROUTE_FOUND);
	assert_int_equal(router_match("GET", "/api/v1/openapi.json", &m), ROUTE_FOUND);
	assert_int_equal(router_match("POST", "/metrics", &m), ROUTE_BAD_METHOD);
}

/* The OpenAPI document has exactly the table's operations, each with what
 * its route needs: bearer security for staff routes, the request body and
 * query parameters of its input spec, a 400 wherever input is taken. */
static void openapi_matches_table(void **state)
{
	size_t n, len = 0, ops = 0;
	const struct route *t = router_routes(&n);
	char *text = api_openapi_build(t, n, &len);
	assert_non_null(text);
	json_t *doc = json_loads(text, 0, NULL);
	assert_non_null(doc);
	json_t *paths = json_object_get(doc, "paths");
	const char *path;
	json_t *item;
	json_object_foreach(paths, path, item)
	{
		ops += json_object_size(item);
	}
	assert_int_equal(ops, n);
	for (size_t i = 0; i < n; i++) {
		char method[16];
		size_t k = 0;
		for (; t[i].method[k] && k < sizeof method - 1; k++)
			method[k] = (char)(t[i].method[k] | 0x20);
		method[k] = '\0';
		json_t *op = json_object_get(json_object_get(paths, t[i].pattern), method);
		if (!op)
			fail_msg("%s %s is not in the document", t[i].method, t[i].pattern);
		assert_string_equal(json_string_value(json_object_get(op, "operationId")),
				    t[i].name);
		json_t *resp = json_object_get(op, "responses");
		assert_int_equal(json_array_size(json_object_get(op, "security")) > 0,
				 t[i].auth == AUTH_STAFF);
		assert_int_equal(json_object_get(resp, "401") != NULL, t[i].auth == AUTH_STAFF);
		const struct api_doc *d = api_doc_find(t[i].name);
		assert_int_equal(json_object_get(op, "requestBody") != NULL,
				 d && (d->body || d->upload));
		if (d && d->query) {
			json_t *params = json_object_get(op, "parameters");
			for (size_t q = 0; q < d->query->n; q++) {
				bool found = false;
				for (size_t j = 0; j < json_array_size(params); j++)
					found = found ||
						strcmp(json_string_value(json_object_get(
							       json_array_get(params, j), "name")),
						       d->query->fields[q].name) == 0;
				if (!found)
					fail_msg("%s lacks query parameter %s", t[i].name,
						 d->query->fields[q].name);
			}
		}
		if (strcmp(t[i].method, "POST") == 0 || json_object_get(op, "parameters"))
			assert_non_null(json_object_get(resp, "400"));
		/* Only the public routes may go without a token: no /api/v1
		 * resource but the document itself. */
		if (strncmp(t[i].pattern, "/api/v1/", 8) == 0 &&
		    strcmp(t[i].pattern, "/api/v1/openapi.json") != 0)
			assert_int_equal(t[i].auth, AUTH_STAFF);
		/* No BSN in any URL: no path parameter named after it. */
		assert_null(strstr(t[i].pattern, "bsn"));
	}
	json_decref(doc);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literal_paths),
		cmocka_unit_test(params),
		cmocka_unit_test(trailing_and_empty_segments),
		cmocka_unit_test(too_many_segments),
		cmocka_unit_test(overlong_url),
		cmocka_unit_test(methods),
		cmocka_unit_test(server_table),
		cmocka_unit_test(openapi_matches_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
