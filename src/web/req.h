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
#include "app/session.h"
#include "web/router.h"

/* The full version of the API, in the API-Version header of every response
 * and in the OpenAPI document (/core/version-header). */
#define API_VERSION "1.0.0"

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
	struct clientip_addr client;       /* the client (web/clientip.h) */
	char client_ip[CLIENTIP_TEXT_MAX]; /* the same as text, for req_client_ip */
	bool per_client_counted;           /* entered srv->per_client; left at completion */
	char *body;        /* the request body, NUL-terminated (body_len bytes without
			      the NUL); NULL when there was none. Owned by the
			      dispatcher, freed at completion */
	size_t body_cap;   /* bytes allocated for body */
	char origin[256];  /* Origin header when on the --cors-origin list, else "" */
	bool body_in_file; /* a large body (route max_body > REQ_BODY_MEMORY_MAX) went to
			      body_path instead of body; removed at completion */
	int body_fd;
	char body_path[64];
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

/* Sets r->request_id: the client's X-Request-ID when it is 1..
 * REQ_ID_MAX characters of letters, digits, '-', '_' and '.', otherwise 32
 * random hex digits. */
#define REQ_ID_MAX 39
void req_set_request_id(struct req *r, const char *incoming);

/* Appends n bytes of body, up to max bytes in all: into r->body for a route
 * taking at most REQ_BODY_MEMORY_MAX bytes, else into a temporary file
 * (mode 0600 in $TMPDIR or /tmp, r->body_path; an upload of many MiB never
 * sits in memory). Returns 0, or -1 when it would exceed max or memory or
 * the disk runs out. */
#define REQ_BODY_MEMORY_MAX (1024 * 1024)
int req_body_append(struct req *r, const char *data, size_t n, size_t max);
/* Ends the body: closes the file of a large one. Returns 0 or -1. */
int req_body_end(struct req *r);
/* Frees the body and removes its file. */
void req_body_release(struct req *r);

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
