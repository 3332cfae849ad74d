/* CORS with an origin allowlist (cors.h). */
#include "web/cors.h"

#include <string.h>
#include <strings.h>

#include "web/req.h"
#include "web/server.h"

bool cors_origin_valid(const char *origin)
{
	size_t n = strnlen(origin, CORS_ORIGIN_MAX + 1);
	const char *host;
	if (n > CORS_ORIGIN_MAX)
		return false;
	if (strncmp(origin, "https://", 8) == 0)
		host = origin + 8;
	else if (strncmp(origin, "http://", 7) == 0)
		host = origin + 7;
	else
		return false;
	if (*host == '\0')
		return false;
	for (const char *p = host; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		      c == ':' || c == '[' || c == ']'))
			return false;
	}
	return true;
}

void cors_note_origin(struct req *r)
{
	const char *o = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Origin");
	r->origin[0] = '\0';
	if (!o)
		return;
	for (size_t i = 0; i < r->srv->n_cors_origins; i++)
		if (strcmp(o, r->srv->cors_origins[i]) == 0 && strlen(o) < sizeof r->origin) {
			memcpy(r->origin, o, strlen(o) + 1);
			return;
		}
}

bool cors_preflight(struct req *r, const char *url, enum MHD_Result *rc)
{
	if (strcmp(r->method, "OPTIONS") != 0 || !r->origin[0] ||
	    !MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Access-Control-Request-Method"))
		return false;
	struct route_match m;
	if (router_match(r->method, url, &m) != ROUTE_BAD_METHOD)
		return false; /* unknown path: the dispatcher's 404 */
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return false;
	if (MHD_add_response_header(resp, "Access-Control-Allow-Methods", m.allow) != MHD_YES ||
	    MHD_add_response_header(resp, "Access-Control-Allow-Headers",
				    "Authorization, Content-Type, X-Request-ID") != MHD_YES ||
	    MHD_add_response_header(resp, "Access-Control-Max-Age", "600") != MHD_YES) {
		MHD_destroy_response(resp);
		return false;
	}
	*rc = (enum MHD_Result)req_reply(r, MHD_HTTP_NO_CONTENT, resp);
	return true;
}
