/* GET /healthz: "ok" when the database answers a trivial question, 503
 * problem+json otherwise. For load balancers and monitoring; no personal
 * data, no authentication. */
#include <string.h>

#include "web/api.h"
#include "web/problem.h"

int api_healthz(struct req *r)
{
	struct app *a = req_app(r);
	if (app_ping(a) != APP_OK)
		return reply_problem(r, MHD_HTTP_SERVICE_UNAVAILABLE, "Service Unavailable",
				     "The database does not answer.");
	return req_reply_text(r, MHD_HTTP_OK, "text/plain; charset=utf-8", "ok", 2);
}
