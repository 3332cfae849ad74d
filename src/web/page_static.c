/* GET /static/{file}: one of the allowlisted files (web/static.h), from
 * memory, with long cache headers (the pages version the URLs). */
#include "web/page.h"
#include "web/problem.h"
#include "web/server.h"
#include "web/static.h"

int page_static(struct req *r)
{
	const char *name = route_param(&r->match, "file");
	const struct static_file *f = name ? static_find(r->srv->statics, name) : NULL;
	if (!f)
		return reply_problem(r, MHD_HTTP_NOT_FOUND, "Not Found", "No such static file.");
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(f->len, (void *)f->data, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, f->content_type) !=
	    MHD_YES) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	r->cache_control = "public, max-age=31536000, immutable";
	return req_reply(r, MHD_HTTP_OK, resp);
}
