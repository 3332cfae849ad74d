/* Replies with the headers every response carries, and the request's app. */
#include "web/req.h"

#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "web/server.h"

static bool add_headers(const struct req *r, struct MHD_Response *resp, const char *allow)
{
	/* /core/version-header and /core/transport/security-headers; pages and
	 * static files set their own policy and caching (web/page.h). */
	const char *const h[][2] = {
		{"API-Version", API_VERSION},
		{"X-Content-Type-Options", "nosniff"},
		{"Content-Security-Policy",
		 r->csp ? r->csp : "default-src 'none'; frame-ancestors 'none'"},
		{"Referrer-Policy", "no-referrer"},
		{"X-Frame-Options", "DENY"},
		{"Cache-Control", r->cache_control ? r->cache_control : "no-store"},
	};
	for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
		if (MHD_add_response_header(resp, h[i][0], h[i][1]) != MHD_YES)
			return false;
	if (allow && MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow) != MHD_YES)
		return false;
	for (size_t i = 0; i < r->n_cookies; i++)
		if (MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookies[i]) !=
		    MHD_YES)
			return false;
	return true;
}

/* The request id, and CORS for an allowed Origin (cors.c decides). */
static bool add_request_headers(struct req *r, struct MHD_Response *resp)
{
	if (r->request_id[0] &&
	    MHD_add_response_header(resp, "X-Request-ID", r->request_id) != MHD_YES)
		return false;
	if (r->origin[0] &&
	    (MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN,
				     r->origin) != MHD_YES ||
	     MHD_add_response_header(resp, "Access-Control-Expose-Headers",
				     "API-Version, X-Request-ID, Link") != MHD_YES ||
	     MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Origin") != MHD_YES))
		return false;
	return true;
}

static bool id_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

void req_set_request_id(struct req *r, const char *incoming)
{
	size_t n = incoming ? strnlen(incoming, REQ_ID_MAX + 1) : 0;
	bool ok = n >= 1 && n <= REQ_ID_MAX;
	for (size_t i = 0; ok && i < n; i++)
		ok = id_char_ok(incoming[i]);
	if (ok) {
		memcpy(r->request_id, incoming, n);
		r->request_id[n] = '\0';
		return;
	}
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(r->request_id, sizeof r->request_id, raw, sizeof raw);
}

/* Writes all of data to the body's file, opening it first. */
static int body_to_file(struct req *r, const char *data, size_t n)
{
	if (!r->body_in_file) {
		const char *tmp = getenv("TMPDIR");
		snprintf(r->body_path, sizeof r->body_path, "%s/overstap-body-XXXXXX",
			 tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
		r->body_fd = mkstemp(r->body_path); /* mode 0600 */
		if (r->body_fd < 0)
			return -1;
		r->body_in_file = true;
	}
	while (n > 0) {
		ssize_t w = write(r->body_fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		n -= (size_t)w;
		r->body_len += (size_t)w;
	}
	return 0;
}

int req_body_end(struct req *r)
{
	if (!r->body_in_file || r->body_fd < 0)
		return 0;
	int rc = close(r->body_fd);
	r->body_fd = -1;
	return rc == 0 ? 0 : -1;
}

void req_body_release(struct req *r)
{
	free(r->body);
	r->body = NULL;
	if (r->body_in_file) {
		if (r->body_fd >= 0)
			close(r->body_fd);
		unlink(r->body_path);
		r->body_in_file = false;
	}
}

int req_body_append(struct req *r, const char *data, size_t n, size_t max)
{
	if (n > max || r->body_len > max - n)
		return -1;
	if (max > REQ_BODY_MEMORY_MAX)
		return body_to_file(r, data, n);
	if (r->body_len + n + 1 > r->body_cap) {
		size_t cap = r->body_cap ? r->body_cap : 1024;
		while (cap < r->body_len + n + 1)
			cap *= 2;
		if (cap > max + 1)
			cap = max + 1;
		char *b = realloc(r->body, cap);
		if (!b)
			return -1;
		r->body = b;
		r->body_cap = cap;
	}
	memcpy(r->body + r->body_len, data, n);
	r->body_len += n;
	r->body[r->body_len] = '\0';
	return 0;
}

const char *req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

int req_reply(struct req *r, unsigned status, struct MHD_Response *resp)
{
	int rc = MHD_NO;
	if (!resp)
		return MHD_NO;
	const char *allow =
		status == MHD_HTTP_METHOD_NOT_ALLOWED && r->match.allow[0] ? r->match.allow : NULL;
	if (!add_headers(r, resp, allow) || !add_request_headers(r, resp))
		goto cleanup;
	rc = MHD_queue_response(r->conn, status, resp);
	if (rc == MHD_YES)
		r->status = status;
cleanup:
	MHD_destroy_response(resp);
	return rc;
}

int req_reply_text(struct req *r, unsigned status, const char *content_type, const char *body,
		   size_t len)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type) != MHD_YES) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	return req_reply(r, status, resp);
}

const char *req_client_ip(const struct req *r)
{
	return r->client_ip;
}

struct app *req_app(struct req *r)
{
	if (!r->has_app) {
		struct store *s = store_pool_get(r->srv->pool);
		atomic_fetch_add(&r->srv->metrics.pool_in_use, 1);
		app_view(&r->app, &r->srv->base, s);
		r->app.request_id = r->request_id;
		if (r->signed_in) {
			r->app.who = &r->who;
			access_actor(&r->who, r->app.actor, sizeof r->app.actor);
		}
		r->has_app = true;
	}
	return &r->app;
}

void req_release_app(struct req *r)
{
	if (!r->has_app)
		return;
	struct store *s = r->app.store;
	app_view_end(&r->app);
	store_pool_put(r->srv->pool, s);
	atomic_fetch_sub(&r->srv->metrics.pool_in_use, 1);
	r->has_app = false;
}

int req_set_cookie(struct req *r, const char *line)
{
	if (r->n_cookies == REQ_MAX_COOKIES || strlen(line) >= REQ_COOKIE_MAX)
		return -1;
	snprintf(r->cookies[r->n_cookies++], REQ_COOKIE_MAX, "%s", line);
	return 0;
}

const char *req_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}
