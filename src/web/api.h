/* The handlers the route table (router.c) names; one file per endpoint:
 *   api_healthz.c   GET /healthz
 *   api_metrics.c   GET /metrics
 *   api_openapi.c   GET /api/v1/openapi.json
 * A handler queues one reply (req_reply*, reply_problem) and returns its
 * MHD_Result. */
#ifndef OVERSTAP_WEB_API_H
#define OVERSTAP_WEB_API_H

#include <stdbool.h>

#include "web/req.h"

int api_healthz(struct req *r);
int api_metrics(struct req *r);
int api_openapi(struct req *r);

/* Builds the OpenAPI 3.1 document for table[0..n) as JSON (compact, or
 * indented when pretty). Returns a string the caller frees with free(), or
 * NULL when out of memory or when a row's query column names an unknown
 * type or an empty or overlong name. */
char *api_openapi_build(const struct route *table, size_t n, bool pretty, size_t *len);

#endif
