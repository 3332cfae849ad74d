/* libFuzzer target: the router's path matching (web/router.h) on the
 * server's table and on a table with {params}. The first input byte picks
 * the method, the rest is the path. Beyond the sanitizers, the promises of
 * router_match_in are checked and abort when broken. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct route with_params[] = {
	{"GET", "/api/v1/routes", NULL, 0, "routes_list", "", "", AUTH_PUBLIC},
	{"POST", "/api/v1/routes", NULL, 1024, "routes_add", "", "", AUTH_PUBLIC},
	{"GET", "/api/v1/routes/{id}", NULL, 0, "route_get", "", "", AUTH_PUBLIC},
	{"DELETE", "/api/v1/routes/{id}", NULL, 0, "route_delete", "", "", AUTH_PUBLIC},
	{"GET", "/api/v1/routes/{id}/events/{seq}", NULL, 0, "event_get", "", "", AUTH_PUBLIC},
	{"GET", "/{a}/{b}/{c}/{d}", NULL, 0, "four", "", "", AUTH_PUBLIC},
};

static const char *const methods[] = {"GET", "POST", "DELETE", "PUT", "HEAD", "get", ""};

static bool safe(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > ROUTER_PARAM_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.",
			    v[i]))
			return false;
	return true;
}

static void check(const struct route *t, size_t n, const char *method, const char *path)
{
	struct route_match m;
	enum route_result r = router_match_in(t, n, method, path, &m);
	size_t len = strlen(path);
	if (r == ROUTE_URL_TOO_LONG) {
		if (len <= ROUTER_URL_MAX)
			abort();
		return;
	}
	if (len > ROUTER_URL_MAX)
		abort();
	if (r == ROUTE_FOUND) {
		if (!m.route || m.index < 0 || (size_t)m.index >= n || m.route != &t[m.index] ||
		    strcmp(m.route->method, method) != 0 || m.n_params > ROUTER_MAX_PARAMS)
			abort();
		/* No trailing slash, except the root "/" itself (the start page). */
		if (path[0] != '/' || (len > 1 && path[len - 1] == '/') || strstr(path, "//"))
			abort();
		for (size_t i = 0; i < m.n_params; i++)
			if (!safe(m.params[i].value) || !strstr(path, m.params[i].value))
				abort();
	} else {
		if (m.route || m.index != -1)
			abort();
		if ((r == ROUTE_BAD_METHOD) != (m.allow[0] != '\0'))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 3 * ROUTER_URL_MAX)
		return 0;
	const char *method = methods[data[0] % (sizeof methods / sizeof methods[0])];
	char *path = malloc(size);
	if (!path)
		return 0;
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0'; /* stops at the first NUL, as a C string from MHD does */
	size_t n;
	const struct route *t = router_routes(&n);
	check(t, n, method, path);
	check(with_params, sizeof with_params / sizeof with_params[0], method, path);
	free(path);
	return 0;
}
