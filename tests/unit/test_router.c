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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
