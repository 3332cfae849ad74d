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
#include "web/clientip.h"
#include "web/router.h"

/* The full version of the API, in the API-Version header of every response
 * and in the OpenAPI document (/core/version-header). */
#define API_VERSION "1.0.0"

struct server;

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
	struct clientip_addr client;       /* the client (web/clientip.h) */
	char client_ip[CLIENTIP_TEXT_MAX]; /* the same as text, for req_client_ip */
	bool per_client_counted;           /* entered srv->per_client; left at completion */
};

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

/* Puts back the store req_app took, if any. */
void req_release_app(struct req *r);

/* The client's address as text ("192.0.2.1", "2001:db8::1"): the socket
 * peer, or behind a trusted proxy the one X-Forwarded-For names
 * (web/clientip.h). For per-IP throttling (sign-in) and logs. Borrowed
 * from r; valid for the whole request. */
const char *req_client_ip(const struct req *r);

/* The dispatcher (router.c): libmicrohttpd's access handler and
 * request-completed callback; cls is the struct server. */
enum MHD_Result router_access(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls);
void router_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe);

#endif
