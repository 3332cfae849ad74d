/* GET /metrics: request counters, durations and the store pool's use in
 * Prometheus text format (web/metrics.h). */
#include <stdlib.h>

#include "web/api.h"
#include "web/problem.h"
#include "web/server.h"

int api_metrics(struct req *r)
{
	size_t n, len = 0;
	const struct route *table = router_routes(&n);
	char *text = metrics_render(&r->srv->metrics, table, n, &len);
	if (!text)
		return reply_problem(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error",
				     "Out of memory.");
	int rc = req_reply_text(r, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", text,
				len);
	free(text);
	return rc;
}
