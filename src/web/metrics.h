/* Request metrics for GET /metrics (Prometheus text format 0.0.4).
 *
 * Counters are C11 atomics, updated from every server thread without a
 * lock: overstap_http_requests_total{route,code}, the histogram
 * overstap_http_request_duration_seconds{route} and the gauge
 * overstap_store_pool_in_use (kept by the server, read here), and the
 * audit writer's queue depth and batch sizes (app/audit_writer.h). Requests
 * that matched no route count under route="none". */
#ifndef OVERSTAP_WEB_METRICS_H
#define OVERSTAP_WEB_METRICS_H

#include <stdatomic.h>
#include <stddef.h>

#include "web/router.h"

#define METRICS_N_CODES 14   /* status codes counted one by one; others go to "other" */
#define METRICS_N_BUCKETS 10 /* histogram buckets below +Inf */

struct metrics_route {
	atomic_ulong by_code[METRICS_N_CODES + 1];
	atomic_ulong bucket[METRICS_N_BUCKETS + 1]; /* non-cumulative; last is +Inf */
	atomic_ullong sum_us;                       /* total duration in microseconds */
};

struct metrics {
	struct metrics_route route[ROUTER_MAX_ROUTES + 1]; /* index = route index; last: "none" */
	atomic_int pool_in_use;
	struct audit_writer *audit; /* its queue and batches as gauges; NULL: none */
};

void metrics_init(struct metrics *m);

/* Counts one request to the route with index route_idx (-1: none). */
void metrics_observe(struct metrics *m, int route_idx, unsigned status, double seconds);

/* The exposition text of every metric for the routes in table[0..n).
 * Returns a string the caller frees with free(), or NULL when out of memory. */
char *metrics_render(struct metrics *m, const struct route *table, size_t n, size_t *len);

#endif
