/* Replies with the headers every response carries, and the request's app. */
#include "web/req.h"

#include <stdatomic.h>

#include "web/server.h"

static bool add_headers(struct MHD_Response *resp, const char *allow)
{
	/* /core/version-header and /core/transport/security-headers. */
	static const char *const h[][2] = {
		{"API-Version", API_VERSION},
		{"X-Content-Type-Options", "nosniff"},
		{"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
		{"Referrer-Policy", "no-referrer"},
		{"X-Frame-Options", "DENY"},
		{"Cache-Control", "no-store"},
	};
	for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
		if (MHD_add_response_header(resp, h[i][0], h[i][1]) != MHD_YES)
			return false;
	if (allow && MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow) != MHD_YES)
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
	if (!add_headers(resp, allow))
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
