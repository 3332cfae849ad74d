/* The route table and the dispatcher.
 *
 * ONE static table in router.c lists every endpoint: method, path pattern,
 * handler, maximum body size, a short name (for metrics and the access
 * log), and what the OpenAPI document says of it: summary, reply type,
 * who may call it and its doc (web/api.h: struct api_doc). The
 * dispatcher (router_access, router_completed: libmicrohttpd callbacks)
 * enforces, before any handler runs and in this order: the URL
 * length (414), the path (404; no trailing slash, no empty segments, at
 * most ROUTER_MAX_SEGMENTS segments), the method (405 with Allow) and the
 * body size (413); then, for an AUTH_STAFF route, who is calling
 * (session_gate, web/session.h: 401 for the API, a redirect to /inloggen
 * for a page), still before any body is read. An HTML form body is decoded
 * as it arrives (web/form.h). Then it calls the handler once, with the
 * whole request received, and releases the request's app right after it.
 *
 * Matching (router_match_in) is pure, so it is unit-tested and fuzzed
 * without a server. */
#ifndef OVERSTAP_WEB_ROUTER_H
#define OVERSTAP_WEB_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#define ROUTER_URL_MAX 2048    /* bytes of the path, without the query */
#define ROUTER_MAX_SEGMENTS 16 /* path segments */
#define ROUTER_MAX_PARAMS 4    /* {param} segments in one pattern */
#define ROUTER_PARAM_MAX 128   /* bytes of one {param} value */
#define ROUTER_MAX_ROUTES 96   /* rows in a table */

struct req;
struct api_doc;

/* A handler queues exactly one response (through req_reply or
 * reply_problem) and returns its result. */
typedef int (*route_handler)(struct req *r);

/* Who may call a route at all (the access decision on the data itself is
 * access_decide()'s, inside the handler). */
enum route_auth {
	AUTH_PUBLIC = 0, /* anyone: health, metrics, OpenAPI, resident pages */
	AUTH_STAFF,      /* a bearer token or a staff session; 401 otherwise */
};

struct route {
	const char *method;  /* "GET", "POST", ... */
	const char *pattern; /* "/api/v1/routes/{id}": literal segments and {param}s */
	route_handler handler;
	size_t max_body;          /* bytes of request body accepted; 0: none */
	const char *name;         /* short, for metrics and the log: "healthz" */
	const char *summary;      /* one line for the OpenAPI document (Dutch) */
	const char *content_type; /* of the 200 reply, for the OpenAPI document */
	enum route_auth auth;
	/* Optional, for the OpenAPI document only (a row may leave it out):
	 * the route's query parameters, request body, success status and
	 * reply schema, from the input specs its handler checks with
	 * (web/api_doc.c). NULL: no query parameters, no body, 200. A row
	 * with max_body > 0 needs a doc with a body or an upload. */
	const struct api_doc *doc;
};

enum route_result {
	ROUTE_FOUND = 0,
	ROUTE_NOT_FOUND,   /* 404 */
	ROUTE_BAD_METHOD,  /* 405; m->allow lists the methods the path has */
	ROUTE_URL_TOO_LONG /* 414 */
};

struct route_param {
	const char *name; /* borrowed from the pattern; name_len bytes, not NUL-terminated */
	size_t name_len;
	char value[ROUTER_PARAM_MAX + 1];
};

struct route_match {
	const struct route *route; /* ROUTE_FOUND: the row */
	int index;                 /* its index in the table, -1 otherwise */
	size_t n_params;
	struct route_param params[ROUTER_MAX_PARAMS];
	char allow[64]; /* ROUTE_BAD_METHOD: "GET, POST" */
};

/* Matches method and path (NUL-terminated, without the query string)
 * against table[0..n). A {param} matches one non-empty segment of at most
 * ROUTER_PARAM_MAX bytes of letters, digits, '-', '_' and '.'. */
enum route_result router_match_in(const struct route *table, size_t n, const char *method,
				  const char *path, struct route_match *m);

/* The same against the server's table. */
enum route_result router_match(const char *method, const char *path, struct route_match *m);

/* The server's table; borrowed, static. */
const struct route *router_routes(size_t *n);

/* Whether the route is a staff page or one of its static files (content
 * type text/html or text/css): not part of the JSON API, so not in the
 * OpenAPI document. */
bool route_is_page(const struct route *rt);

/* The value of {name} in m, or NULL. */
const char *route_param(const struct route_match *m, const char *name);

#endif
