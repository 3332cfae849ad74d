/* overstap serve: the HTTP server on libmicrohttpd.
 *
 * One process serves with a pool of threads (MHD_OPTION_THREAD_POOL_SIZE,
 * epoll or the best poller the system has) and a pool of as many stores
 * (store/pool.h), so a thread never waits for a connection that another
 * thread of the same request holds. The app is opened once (app_open:
 * migrations, key check, reference data); a request works on a view of it
 * (app_view) with a store of its own from the pool, taken when the handler
 * first needs it and put back as soon as the handler returns.
 *
 * Limits (connections, per IP, idle timeout, memory per connection, strict
 * HTTP parsing) are fixed in server.c, except the per-IP one (--per-ip).
 * Behind trusted proxies (--trusted-proxy) that limit counts requests per
 * client address instead of connections per socket peer (web/iplimit.h),
 * since all connections come from the proxy. SIGTERM or SIGINT stops
 * accepting (MHD_quiesce_daemon), lets the requests in flight finish
 * (bounded), stops the daemon, closes the pool and returns 0. */
#ifndef OVERSTAP_WEB_SERVER_H
#define OVERSTAP_WEB_SERVER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "store/pool.h"
#include "web/clientip.h"
#include "web/iplimit.h"
#include "web/metrics.h"

#define SERVER_THREADS_DEFAULT 16
#define SERVER_THREADS_MAX STORE_POOL_MAX
#define SERVER_PER_IP_DEFAULT 32
#define SERVER_PER_IP_MAX 256 /* the connection limit */

struct server_opts {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080"; port 0: any free port */
	const char *db;     /* database spec */
	const char *key;    /* key file; NULL: beside an SQLite file */
	const char *actor;  /* recorded in audit events */
	int threads;        /* 1..SERVER_THREADS_MAX */
	/* Called once when the server accepts connections, with the bound
	 * address and port. */
	void (*ready)(const char *addr, unsigned port, void *cls);
	void *ready_cls;
	/* Reverse proxies whose X-Forwarded-For is believed (web/clientip.h);
	 * NULL or none: the socket peer is the client. */
	const struct clientip_trust *trust;
	/* Connections at once per client address (requests behind a trusted
	 * proxy); 0: SERVER_PER_IP_DEFAULT. */
	int per_ip;
	const char *const *cors_origins; /* --cors-origin values (borrowed); web/cors.h */
	size_t n_cors_origins;
	bool secure_cookies;    /* served behind TLS: cookies get Secure and the __Host- prefix */
	const char *static_dir; /* node_modules with the NL Design System CSS; NULL: look for it */
};

struct static_files;

/* State shared by every request; one per server, owned by server_run. */
struct server {
	struct app base;         /* opened once; requests use views of it */
	struct store_pool *pool; /* one store per thread */
	struct metrics metrics;
	atomic_int in_flight; /* requests between their first call and completion */
	char *openapi;        /* the OpenAPI document, generated at start-up */
	size_t openapi_len;
	struct clientip_trust trust; /* trusted proxies; n == 0: none */
	struct iplimit *per_client;  /* behind trusted proxies: requests per client; else NULL */
	const char *const *cors_origins; /* borrowed from server_opts */
	size_t n_cors_origins;
	bool secure_cookies;          /* server_opts.secure_cookies */
	struct static_files *statics; /* /static/..., read once at start-up (web/static.h) */
	struct audit_writer *audit;   /* group commit of audit events (app/audit_writer.h) */
};

/* Runs the server until SIGTERM or SIGINT. Returns 0 after a clean stop,
 * or -1 with a message in err when it cannot start. Blocks SIGTERM and
 * SIGINT in the calling thread. */
int server_run(const struct server_opts *o, char *err, size_t errcap);

/* Parses "HOST:PORT" (IPv4 or a bracketed IPv6 address) into addr. Returns
 * 0, or -1 with a message in err. */
struct sockaddr_storage;
int server_parse_listen(const char *s, struct sockaddr_storage *addr, char *err, size_t errcap);

#endif
