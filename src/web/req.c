/* Replies with the headers every response carries, and the request's app. */
#include "web/req.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "web/server.h"

#define API_VERSION "1.0.0"

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

int req_reply(struct req *r, unsigned status, struct MHD_Response *resp)
{
	int rc = MHD_NO;
	if (!resp)
		return MHD_NO;
	const char *allow =
		status == MHD_HTTP_METHOD_NOT_ALLOWED && r->match.allow[0] ? r->match.allow : NULL;
	if (!add_headers(r, resp, allow))
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

struct app *req_app(struct req *r)
{
	if (!r->has_app) {
		struct store *s = store_pool_get(r->srv->pool);
		atomic_fetch_add(&r->srv->metrics.pool_in_use, 1);
		app_view(&r->app, &r->srv->base, s);
		r->has_app = true;
		req_app_actor(r);
	}
	return &r->app;
}

void req_app_actor(struct req *r)
{
	if (r->has_app && r->has_session)
		snprintf(r->app.actor, sizeof r->app.actor, "web:user:%" PRId64,
			 r->session.who.user_id);
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

const char *req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}
