/* overstap serve: the real server on a free loopback port, spoken to with
 * plain sockets (HTTP/1.1, one request per connection). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "web/router.h"

/* The server of the running test, stopped by the teardown if the test
 * failed before stopping it. */
static struct h_proc server;

static void get(int port, const char *method, const char *path, struct h_reply *r)
{
	h_http_req(port, method, path, NULL, NULL, r);
}

static int start(struct h_env *e, const char *err_path)
{
	return h_serve(&server, e, err_path, NULL);
}

static void assert_problem(const struct h_reply *r, int status)
{
	assert_int_equal(r->status, status);
	assert_true(h_reply_header(r, "Content-Type", "application/problem+json"));
	assert_true(h_reply_header(r, "API-Version", "1.0.0"));
	json_error_t err;
	json_t *j = json_loads(r->body, 0, &err);
	if (!j)
		fail_msg("problem is not JSON (%s): %s", err.text, r->body);
	assert_int_equal(json_integer_value(json_object_get(j, "status")), status);
	assert_non_null(json_string_value(json_object_get(j, "title")));
	assert_non_null(json_string_value(json_object_get(j, "detail")));
	json_decref(j);
}

static void serve_endpoints(void **state)
{
	struct h_env *e = *state;
	const char *log = h_path(e, "serve.log");
	int port = start(e, log);
	struct h_reply r;

	get(port, "GET", "/healthz", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "ok");
	assert_true(h_reply_header(&r, "API-Version", "1.0.0"));
	assert_true(h_reply_header(&r, "X-Content-Type-Options", "nosniff"));
	assert_true(h_reply_header(&r, "Cache-Control", "no-store"));
	assert_true(h_reply_header(&r, "Referrer-Policy", "no-referrer"));
	h_reply_free(&r);

	get(port, "GET", "/no/such/path", &r);
	assert_problem(&r, 404);
	h_reply_free(&r);

	get(port, "GET", "/healthz/", &r); /* no trailing slash (ADR) */
	assert_problem(&r, 404);
	h_reply_free(&r);

	get(port, "POST", "/healthz", &r);
	assert_problem(&r, 405);
	assert_true(h_reply_header(&r, "Allow", "GET"));
	h_reply_free(&r);

	char longpath[4200] = "/";
	memset(longpath + 1, 'a', 3000);
	longpath[3001] = '\0';
	get(port, "GET", longpath, &r);
	assert_problem(&r, 414);
	h_reply_free(&r);

	get(port, "GET", "/metrics", &r);
	assert_int_equal(r.status, 200);
	assert_true(h_has_line(r.body,
			       "overstap_http_requests_total{route=\"healthz\",code=\"200\"} 1"));
	assert_true(
		h_has_line(r.body, "overstap_http_requests_total{route=\"none\",code=\"404\"} 2"));
	assert_true(h_contains(
		r.body,
		"overstap_http_request_duration_seconds_bucket{route=\"healthz\",le=\"+Inf\"} 1"));
	assert_true(h_has_line(r.body, "overstap_store_pool_in_use 0"));
	h_reply_free(&r);

	get(port, "GET", "/api/v1/openapi.json", &r);
	assert_int_equal(r.status, 200);
	assert_true(h_reply_header(&r, "Content-Type", "application/json"));
	json_error_t err;
	json_t *doc = json_loads(r.body, 0, &err);
	if (!doc)
		fail_msg("openapi.json is not JSON (%s)", err.text);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	/* Paths are below the server /api/v1 (/core/uri-version); health and
	 * metrics name their own server "/". */
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(doc, "servers"), 0), "url")),
			    "/api/v1");
	json_t *paths = json_object_get(doc, "paths");
	assert_non_null(json_object_get(json_object_get(paths, "/healthz"), "get"));
	assert_non_null(json_object_get(json_object_get(paths, "/healthz"), "servers"));
	assert_non_null(json_object_get(json_object_get(paths, "/metrics"), "get"));
	assert_non_null(json_object_get(json_object_get(paths, "/openapi.json"), "get"));
	/* That it lists exactly the router's routes is test_openapi's check. */
	/* The served document is the one --print-openapi prints. */
	struct h_run pr;
	h_expect(&pr, 0, NULL, "serve", "--print-openapi", NULL);
	json_t *printed = json_loads(pr.out, 0, &err);
	assert_non_null(printed);
	assert_true(json_equal(doc, printed));
	json_decref(printed);
	h_run_free(&pr);
	json_decref(doc);
	h_reply_free(&r);

	long waited = 0;
	assert_int_equal(h_proc_stop(&server, 5000, &waited), 0);
	assert_true(waited < 5000);

	/* One JSON access line per request, naming the route, never the path. */
	char *text = h_read(log, NULL);
	assert_non_null(text);
	assert_int_equal(h_count_lines(text, "{\"log\":\"access\""), 7);
	assert_true(h_contains(text, "\"route\":\"healthz\",\"status\":200"));
	assert_false(h_contains(text, "no/such"));
	assert_false(h_contains(text, "aaaa"));
	free(text);
}

/* SIGTERM right after serving (a keep-alive connection still open): the
 * server exits 0 within the timeout. */
static void serve_stops_cleanly(void **state)
{
	struct h_env *e = *state;
	int port = start(e, h_path(e, "serve.log"));
	struct h_reply r;
	get(port, "GET", "/healthz", &r);
	assert_int_equal(r.status, 200);
	h_reply_free(&r);
	/* An idle connection the server must not wait for. */
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	long waited = 0;
	assert_int_equal(h_proc_stop(&server, 5000, &waited), 0);
	assert_true(waited < 5000);
	close(fd);
}

/* GET /healthz from src with an X-Forwarded-For header (NULL: none). */
static void get_forwarded(int port, const char *src, const char *xff)
{
	char req[512];
	snprintf(req, sizeof req,
		 "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%sConnection: close\r\n\r\n",
		 xff ? "X-Forwarded-For: " : "", xff ? xff : "", xff ? "\r\n" : "");
	struct h_reply r;
	h_http_from(port, src, req, strlen(req), &r);
	assert_int_equal(r.status, 200);
	h_reply_free(&r);
}

/* The access log's client: X-Forwarded-For only from a trusted proxy, and
 * then its rightmost untrusted hop. */
static void serve_forwarded_for(void **state)
{
	struct h_env *e = *state;
	const char *log = h_path(e, "trusted.log");
	const char *const trusted[] = {"--trusted-proxy", "127.0.0.1", "--trusted-proxy",
				       "10.0.0.0/8", NULL};
	int port = h_serve(&server, e, log, trusted);
	get_forwarded(port, "127.0.0.1", "6.6.6.6, 198.51.100.2, 10.1.2.3");
	get_forwarded(port, "127.0.0.2", "6.6.6.6"); /* not a trusted peer */
	get_forwarded(port, "127.0.0.1", NULL);
	get_forwarded(port, "127.0.0.1", "not-an-address");
	assert_int_equal(h_proc_stop(&server, 5000, NULL), 0);
	char *text = h_read(log, NULL);
	assert_non_null(text);
	assert_int_equal(h_count_lines(text, "{\"log\":\"access\""), 4);
	assert_true(h_contains(text, "\"client\":\"198.51.100.2\","));
	assert_true(h_contains(text, "\"client\":\"127.0.0.2\","));
	/* No header, and a hop that is no address: the trusted peer itself. */
	assert_true(h_contains(text, "\"client\":\"127.0.0.1\","));
	assert_false(h_contains(text, "6.6.6.6"));
	assert_false(h_contains(text, "not-an-address"));
	free(text);

	/* Without --trusted-proxy the header is ignored. */
	const char *plain = h_path(e, "plain.log");
	port = h_serve(&server, e, plain, NULL);
	get_forwarded(port, "127.0.0.1", "198.51.100.2");
	assert_int_equal(h_proc_stop(&server, 5000, NULL), 0);
	text = h_read(plain, NULL);
	assert_non_null(text);
	assert_true(h_contains(text, "\"client\":\"127.0.0.1\","));
	assert_false(h_contains(text, "198.51.100.2"));
	free(text);

	struct h_run r;
	h_expect(&r, 2, NULL, "serve", "--trusted-proxy", "10.0.0.0/33", "--db", e->db, NULL);
	assert_true(h_contains(r.err, "--trusted-proxy"));
	h_run_free(&r);
}

static void serve_usage(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	h_expect(&r, 2, NULL, "serve", "--threads", "0", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "serve", "extra", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 1, NULL, "serve", "--listen", "localhost", "--db", e->db, NULL);
	assert_true(h_contains(r.err, "--listen"));
	h_run_free(&r);
}

static int teardown(void **state)
{
	h_proc_stop(&server, 5000, NULL); /* a test that failed midway */
	return h_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(serve_endpoints, h_setup, teardown),
		cmocka_unit_test_setup_teardown(serve_stops_cleanly, h_setup, teardown),
		cmocka_unit_test_setup_teardown(serve_usage, h_setup, teardown),
		cmocka_unit_test_setup_teardown(serve_forwarded_for, h_setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
