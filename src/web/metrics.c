/* Request metrics in Prometheus text format. */
#include "web/metrics.h"

#include "app/audit_writer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned codes[METRICS_N_CODES] = {200, 204, 400, 401, 403, 404, 405,
						413, 414, 415, 429, 500, 503, 501};
static const double bounds[METRICS_N_BUCKETS] = {0.001, 0.005, 0.01, 0.025, 0.05,
						 0.1,   0.25,  0.5,  1.0,   5.0};

void metrics_init(struct metrics *m)
{
	for (size_t i = 0; i <= ROUTER_MAX_ROUTES; i++) {
		struct metrics_route *r = &m->route[i];
		for (size_t c = 0; c <= METRICS_N_CODES; c++)
			atomic_init(&r->by_code[c], 0);
		for (size_t b = 0; b <= METRICS_N_BUCKETS; b++)
			atomic_init(&r->bucket[b], 0);
		atomic_init(&r->sum_us, 0);
	}
	atomic_init(&m->pool_in_use, 0);
}

void metrics_observe(struct metrics *m, int route_idx, unsigned status, double seconds)
{
	size_t ri = route_idx >= 0 && route_idx < ROUTER_MAX_ROUTES ? (size_t)route_idx
								    : ROUTER_MAX_ROUTES;
	struct metrics_route *r = &m->route[ri];
	size_t c = 0;
	while (c < METRICS_N_CODES && codes[c] != status)
		c++;
	atomic_fetch_add_explicit(&r->by_code[c], 1, memory_order_relaxed);
	size_t b = 0;
	while (b < METRICS_N_BUCKETS && seconds > bounds[b])
		b++;
	atomic_fetch_add_explicit(&r->bucket[b], 1, memory_order_relaxed);
	if (seconds < 0)
		seconds = 0;
	atomic_fetch_add_explicit(&r->sum_us, (unsigned long long)(seconds * 1e6),
				  memory_order_relaxed);
}

/* A growing text buffer; on allocation failure it stops growing and
 * remembers the failure. */
struct text {
	char *buf;
	size_t len, cap;
	bool failed;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
	if (t->failed)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->failed = true;
			return;
		}
		if ((size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		size_t cap = t->cap * 2 + (size_t)n + 1;
		char *nb = realloc(t->buf, cap);
		if (!nb) {
			t->failed = true;
			return;
		}
		t->buf = nb;
		t->cap = cap;
	}
}

static void render_route(struct text *t, struct metrics_route *r, const char *name, int pass)
{
	if (pass == 0) {
		for (size_t c = 0; c <= METRICS_N_CODES; c++) {
			unsigned long v =
				atomic_load_explicit(&r->by_code[c], memory_order_relaxed);
			if (v == 0)
				continue;
			if (c < METRICS_N_CODES)
				put(t,
				    "overstap_http_requests_total{route=\"%s\",code=\"%u\"} %lu\n",
				    name, codes[c], v);
			else
				put(t,
				    "overstap_http_requests_total{route=\"%s\",code=\"other\"} "
				    "%lu\n",
				    name, v);
		}
		return;
	}
	unsigned long cum = 0;
	for (size_t b = 0; b <= METRICS_N_BUCKETS; b++) {
		cum += atomic_load_explicit(&r->bucket[b], memory_order_relaxed);
		if (b < METRICS_N_BUCKETS)
			put(t,
			    "overstap_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} "
			    "%lu\n",
			    name, bounds[b], cum);
		else
			put(t,
			    "overstap_http_request_duration_seconds_bucket{route=\"%s\",le=\"+"
			    "Inf\"} "
			    "%lu\n",
			    name, cum);
	}
	unsigned long long us = atomic_load_explicit(&r->sum_us, memory_order_relaxed);
	put(t, "overstap_http_request_duration_seconds_sum{route=\"%s\"} %llu.%06llu\n", name,
	    us / 1000000, us % 1000000);
	put(t, "overstap_http_request_duration_seconds_count{route=\"%s\"} %lu\n", name, cum);
}

static void render_audit(struct text *t, struct audit_writer *w)
{
	struct audit_writer_stats st;
	audit_writer_stats(w, &st);
	put(t,
	    "# HELP overstap_audit_queue_depth Audit events waiting for their batch to commit.\n"
	    "# TYPE overstap_audit_queue_depth gauge\n"
	    "overstap_audit_queue_depth %lld\n"
	    "# HELP overstap_audit_batch_size_last Audit events in the last committed batch.\n"
	    "# TYPE overstap_audit_batch_size_last gauge\n"
	    "overstap_audit_batch_size_last %lld\n"
	    "# HELP overstap_audit_batch_size_max The largest batch of audit events so far.\n"
	    "# TYPE overstap_audit_batch_size_max gauge\n"
	    "overstap_audit_batch_size_max %lld\n"
	    "# HELP overstap_audit_batches_total Audit batches committed.\n"
	    "# TYPE overstap_audit_batches_total counter\n"
	    "overstap_audit_batches_total %lld\n"
	    "# HELP overstap_audit_batch_events_total Audit events committed in batches.\n"
	    "# TYPE overstap_audit_batch_events_total counter\n"
	    "overstap_audit_batch_events_total %lld\n"
	    "# HELP overstap_audit_batch_failures_total Audit batches whose commit failed.\n"
	    "# TYPE overstap_audit_batch_failures_total counter\n"
	    "overstap_audit_batch_failures_total %lld\n",
	    (long long)st.queued, (long long)st.last_batch, (long long)st.max_batch,
	    (long long)st.batches, (long long)st.events, (long long)st.failed);
}

char *metrics_render(struct metrics *m, const struct route *table, size_t n, size_t *len)
{
	struct text t = {.cap = 4096};
	t.buf = malloc(t.cap);
	if (!t.buf)
		return NULL;
	t.buf[0] = '\0';
	if (n > ROUTER_MAX_ROUTES)
		n = ROUTER_MAX_ROUTES;
	put(&t, "# HELP overstap_http_requests_total HTTP requests by route and status.\n"
		"# TYPE overstap_http_requests_total counter\n");
	for (size_t i = 0; i < n; i++)
		render_route(&t, &m->route[i], table[i].name, 0);
	render_route(&t, &m->route[ROUTER_MAX_ROUTES], "none", 0);
	put(&t, "# HELP overstap_http_request_duration_seconds Time to serve a request.\n"
		"# TYPE overstap_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < n; i++)
		render_route(&t, &m->route[i], table[i].name, 1);
	render_route(&t, &m->route[ROUTER_MAX_ROUTES], "none", 1);
	put(&t,
	    "# HELP overstap_store_pool_in_use Database connections taken from the pool.\n"
	    "# TYPE overstap_store_pool_in_use gauge\n"
	    "overstap_store_pool_in_use %d\n",
	    atomic_load(&m->pool_in_use));
	if (m->audit)
		render_audit(&t, m->audit);
	if (t.failed) {
		free(t.buf);
		return NULL;
	}
	*len = t.len;
	return t.buf;
}
