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

#define IO_TIMEOUT_MS 5000
#define MAX_REPLY (1024 * 1024)

/* The server of the running test, stopped by the teardown if the test
 * failed before stopping it. */
static struct h_proc server;

struct reply {
	int status;
	char *head; /* status line and headers */
	char *body;
	char *raw;
};

static void reply_free(struct reply *r)
{
	free(r->raw);
	memset(r, 0, sizeof *r);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Sends request (complete, with its blank line) to 127.0.0.1:port from the
 * loopback address src (NULL: the system's choice) and reads the reply
 * until the server closes the connection. */
static void http_from(int port, const char *src, const char *request, struct reply *r)
{
	memset(r, 0, sizeof *r);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	if (src) {
		struct sockaddr_in s = {.sin_family = AF_INET};
		assert_int_equal(inet_pton(AF_INET, src, &s.sin_addr), 1);
		if (bind(fd, (struct sockaddr *)&s, sizeof s) != 0)
			fail_msg("bind to %s: %s", src, strerror(errno));
	}
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
		fail_msg("connect to port %d: %s", port, strerror(errno));
	size_t len = strlen(request), sent = 0;
	while (sent < len) {
		ssize_t w = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		assert_true(w > 0);
		sent += (size_t)w;
	}
	char *buf = malloc(MAX_REPLY + 1);
	assert_non_null(buf);
	size_t n = 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		long left = IO_TIMEOUT_MS - ms_since(&t0);
		if (left <= 0)
			fail_msg("no complete reply within %d ms", IO_TIMEOUT_MS);
		struct pollfd pf = {.fd = fd, .events = POLLIN};
		int k = poll(&pf, 1, (int)left);
		if (k < 0 && errno == EINTR)
			continue;
		assert_true(k >= 0);
		if (k == 0)
			continue;
		ssize_t got = recv(fd, buf + n, MAX_REPLY - n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
		assert_true(n < MAX_REPLY);
	}
	close(fd);
	buf[n] = '\0';
	r->raw = buf;
	char *sep = strstr(buf, "\r\n\r\n");
	if (!sep)
		fail_msg("no header end in reply:\n%s", buf);
	*sep = '\0';
	r->head = buf;
	r->body = sep + 4;
	if (sscanf(buf, "HTTP/1.1 %d", &r->status) != 1)
		fail_msg("no status line:\n%s", buf);
}

static void http(int port, const char *request, struct reply *r)
{
	http_from(port, NULL, request, r);
}

static void get(int port, const char *method, const char *path, struct reply *r)
{
	char req[4096];
	snprintf(req, sizeof req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
		 method, path);
	http(port, req, r);
}

/* Has the header block this exact header line (name case-insensitive)? */
static bool has_header(const struct reply *r, const char *name, const char *value)
{
	size_t nl = strlen(name);
	for (const char *p = r->head; p; p = strstr(p, "\r\n")) {
		if (p[0] == '\r')
			p += 2;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			const char *end = strstr(v, "\r\n");
			size_t vl = end ? (size_t)(end - v) : strlen(v);
			if (vl == strlen(value) && strncmp(v, value, vl) == 0)
				return true;
		}
	}
	return false;
}

/* Starts the server on a free port of 127.0.0.1 with the extra options
 * (NULL-terminated; NULL: none) and returns the port. */
static int start_with(struct h_env *e, const char *err_path, const char *const *extra)
{
	struct h_run r;
	h_expect(&r, 0, NULL, "init", "--db", e->db, NULL);
	h_run_free(&r);
	const char *argv[16] = {"serve", "--listen", "127.0.0.1:0", "--threads",
				"2",     "--db",     e->db};
	for (size_t i = 7, k = 0; extra && extra[k]; i++, k++) {
		assert_true(i < sizeof argv / sizeof argv[0] - 1);
		argv[i] = extra[k];
	}
	h_spawn(&server, err_path, argv);
	char line[256];
	if (!h_proc_line(&server, line, sizeof line, 30000))
		fail_msg("the server did not say it was listening");
	int port = 0;
	if (sscanf(line, "overstap listening on http://127.0.0.1:%d", &port) != 1 || port <= 0 ||
	    port > 65535)
		fail_msg("unexpected first line: %s", line);
	return port;
}

static int start(struct h_env *e, const char *err_path)
{
	return start_with(e, err_path, NULL);
}

static void assert_problem(const struct reply *r, int status)
{
	assert_int_equal(r->status, status);
	assert_true(has_header(r, "Content-Type", "application/problem+json"));
	assert_true(has_header(r, "API-Version", "1.0.0"));
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
	struct reply r;

	get(port, "GET", "/healthz", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "ok");
	assert_true(has_header(&r, "API-Version", "1.0.0"));
	assert_true(has_header(&r, "X-Content-Type-Options", "nosniff"));
	assert_true(has_header(&r, "Cache-Control", "no-store"));
	assert_true(has_header(&r, "Referrer-Policy", "no-referrer"));
	reply_free(&r);

	get(port, "GET", "/no/such/path", &r);
	assert_problem(&r, 404);
	reply_free(&r);

	get(port, "GET", "/healthz/", &r); /* no trailing slash (ADR) */
	assert_problem(&r, 404);
	reply_free(&r);

	get(port, "POST", "/healthz", &r);
	assert_problem(&r, 405);
	assert_true(has_header(&r, "Allow", "GET"));
	reply_free(&r);

	char longpath[4200] = "/";
	memset(longpath + 1, 'a', 3000);
	longpath[3001] = '\0';
	get(port, "GET", longpath, &r);
	assert_problem(&r, 414);
	reply_free(&r);

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
	reply_free(&r);

	get(port, "GET", "/api/v1/openapi.json", &r);
	assert_int_equal(r.status, 200);
	assert_true(has_header(&r, "Content-Type", "application/json"));
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
	assert_int_equal(json_object_size(paths), 3);
	/* The served document is the one --print-openapi prints. */
	struct h_run pr;
	h_expect(&pr, 0, NULL, "serve", "--print-openapi", NULL);
	json_t *printed = json_loads(pr.out, 0, &err);
	assert_non_null(printed);
	assert_true(json_equal(doc, printed));
	json_decref(printed);
	h_run_free(&pr);
	json_decref(doc);
	reply_free(&r);

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
	struct reply r;
	get(port, "GET", "/healthz", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
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
	struct reply r;
	http_from(port, src, req, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

/* The access log's client: X-Forwarded-For only from a trusted proxy, and
 * then its rightmost untrusted hop. */
static void serve_forwarded_for(void **state)
{
	struct h_env *e = *state;
	const char *log = h_path(e, "trusted.log");
	const char *const trusted[] = {"--trusted-proxy", "127.0.0.1", "--trusted-proxy",
				       "10.0.0.0/8", NULL};
	int port = start_with(e, log, trusted);
	get_forwarded(port, "127.0.0.1", "6.6.6.6, 198.51.100.2, 10.1.2.3");
	get_forwarded(port, "127.0.0.2", "6.6.6.6"); /* not a trusted peer */
	get_forwarded(port, "127.0.0.1", NULL);
	get_forwarded(port, "127.0.0.1", "not-an-address");
	assert_int_equal(h_proc_stop(&server, 5000, NULL), 0);
	char *text = h_read(log, NULL);
	assert_non_null(text);
	assert_int_equal(h_count_lines(text, "{\"log\":\"access\""), 4);
	assert_true(h_contains(text, "\"client\":\"198.51.100.2\"}"));
	assert_true(h_contains(text, "\"client\":\"127.0.0.2\"}"));
	/* No header, and a hop that is no address: the trusted peer itself. */
	assert_true(h_contains(text, "\"client\":\"127.0.0.1\"}"));
	assert_false(h_contains(text, "6.6.6.6"));
	assert_false(h_contains(text, "not-an-address"));
	free(text);

	/* Without --trusted-proxy the header is ignored. */
	const char *plain = h_path(e, "plain.log");
	port = start_with(e, plain, NULL);
	get_forwarded(port, "127.0.0.1", "198.51.100.2");
	assert_int_equal(h_proc_stop(&server, 5000, NULL), 0);
	text = h_read(plain, NULL);
	assert_non_null(text);
	assert_true(h_contains(text, "\"client\":\"127.0.0.1\"}"));
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
