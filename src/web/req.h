/* One HTTP request while it is served.
 *
 * The dispatcher (router.c) allocates a struct req on the first call for a
 * request and is its only owner; it is released in one place, the
 * libmicrohttpd request-completed callback (router_completed), which also
 * records the metrics and writes the access log line. Handlers borrow it
 * for the duration of their call. */
#ifndef OVERSTAP_WEB_REQ_H
#define OVERSTAP_WEB_REQ_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "app/access.h"
#include "app/app.h"
#include "app/session.h"
#include "web/router.h"

struct server;
struct form;

#define REQ_MAX_COOKIES 3
#define REQ_COOKIE_MAX 256

struct req {
	struct MHD_Connection *conn; /* borrowed from libmicrohttpd */
	struct server *srv;          /* borrowed */
	struct route_match match;
	const char *method;     /* borrowed from libmicrohttpd; valid during router_access only */
	const char *log_method; /* static: the method for the access log, or "OTHER" */
	struct timespec start;
	size_t body_len;      /* request body bytes received */
	unsigned status;      /* of the queued response; 0 before one is queued */
	bool handled;         /* the handler (or an error reply) has run */
	bool has_app;         /* app below is in use (a store taken from the pool) */
	struct app app;       /* req_app(): a view on the server's app */
	bool signed_in;       /* who below is set: a valid bearer token or session */
	struct principal who; /* the caller, when signed_in */
	char request_id[40];  /* this request's id, for the audit log and the access log */
	void *h_ctx;          /* handler state, released by h_cleanup */
	void (*h_cleanup)(struct req *r);
	/* Staff pages (web/session.h, web/form.h, web/page.h). */
	bool has_session;            /* signed in with a session cookie: session below */
	struct session_info session; /* the staff session, when has_session */
	struct form *form;           /* a form body (urlencoded or multipart), or NULL */
	const char *csp;             /* static; NULL: the API's Content-Security-Policy */
	const char *cache_control;   /* static; NULL: no-store */
	char cookies[REQ_MAX_COOKIES][REQ_COOKIE_MAX]; /* Set-Cookie lines for the reply */
	size_t n_cookies;
};

/* Adds a Set-Cookie header line to the reply this request will queue.
 * Returns 0, or -1 when it does not fit (REQ_MAX_COOKIES, REQ_COOKIE_MAX). */
int req_set_cookie(struct req *r, const char *line);

/* The value of the request's cookie of that name, or NULL (borrowed from
 * libmicrohttpd for the duration of the request). */
const char *req_cookie(struct req *r, const char *name);

/* The value of a query-string argument, or NULL (borrowed likewise). */
const char *req_query(struct req *r, const char *name);

/* Queues resp with status, adding the headers every response carries
 * (API-Version, security headers). Destroys resp. Returns an MHD_Result. */
int req_reply(struct req *r, unsigned status, struct MHD_Response *resp);

/* Queues a text or JSON body (copied) with the given content type. */
int req_reply_text(struct req *r, unsigned status, const char *content_type, const char *body,
		   size_t len);

/* An app for this request: takes a store from the server's pool on the
 * first call (blocks while none is free). Borrowed until the handler
 * returns; the dispatcher puts the store back then. */
struct app *req_app(struct req *r);

/* Names the signed-in member of staff as the actor of the request's app
 * ("web:user:ID"; audit events carry it); req_app does it too. */
void req_app_actor(struct req *r);

/* Puts back the store req_app took, if any. */
void req_release_app(struct req *r);

/* The dispatcher (router.c): libmicrohttpd's access handler and
 * request-completed callback; cls is the struct server. */
enum MHD_Result router_access(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls);
void router_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe);

#endif
