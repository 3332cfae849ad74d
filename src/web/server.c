/* overstap serve: libmicrohttpd with a thread pool, a store pool and a
 * clean stop on SIGTERM/SIGINT. */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "app/audit_writer.h"
#include "web/api.h"
#include "web/req.h"
#include "web/static.h"

#define CONNECTION_LIMIT SERVER_PER_IP_MAX /* at once, over all clients */
#define CONNECTION_TIMEOUT_S 30            /* idle seconds before a connection is closed */
#define CONNECTION_MEMORY (64 * 1024)      /* request line, headers and buffers */
#define LISTEN_BACKLOG 128
#define DRAIN_TIMEOUT_MS 10000 /* how long a stop waits for requests in flight */

int server_parse_listen(const char *s, struct sockaddr_storage *addr, char *err, size_t errcap)
{
	char host[64];
	const char *colon;
	memset(addr, 0, sizeof *addr);
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':' || (size_t)(close - s - 1) >= sizeof host)
			goto bad;
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = '\0';
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof host)
			goto bad;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	char *end;
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end != '\0' || port < 0 || port > 65535)
		goto bad;
	struct sockaddr_in *in4 = (struct sockaddr_in *)addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)addr;
	if (s[0] != '[' && inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		return 0;
	}
	if (s[0] == '[' && inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		return 0;
	}
bad:
	snprintf(err, errcap, "--listen must be IPV4:PORT or [IPV6]:PORT, not '%s'", s);
	return -1;
}

/* libmicrohttpd's own messages (refused requests, socket errors) carry no
 * request data we chose to log; they go to stderr as JSON-safe text. */
static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	for (char *p = msg; *p; p++)
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			*p = ' ';
	fprintf(stderr, "{\"log\":\"mhd\",\"msg\":\"%s\"}\n", msg);
}

static void wait_drained(struct server *srv)
{
	struct timespec step = {0, 10 * 1000 * 1000};
	for (int waited = 0; waited < DRAIN_TIMEOUT_MS; waited += 10) {
		if (atomic_load(&srv->in_flight) == 0)
			return;
		nanosleep(&step, NULL);
	}
	fprintf(stderr, "{\"log\":\"server\",\"msg\":\"stopping with %d requests in flight\"}\n",
		atomic_load(&srv->in_flight));
}

int server_run(const struct server_opts *o, char *err, size_t errcap)
{
	int rc = -1;
	struct server *srv = NULL;
	struct MHD_Daemon *d = NULL;
	MHD_socket quiesced = MHD_INVALID_SOCKET;
	struct sockaddr_storage addr;
	bool app_open_ok = false;

	if (o->threads < 1 || o->threads > SERVER_THREADS_MAX) {
		snprintf(err, errcap, "--threads must be 1..%d", SERVER_THREADS_MAX);
		return -1;
	}
	if (server_parse_listen(o->listen, &addr, err, errcap) != 0)
		return -1;
	/* At once per client address: connections, or requests behind a
	 * trusted proxy. */
	int per_ip = o->per_ip ? o->per_ip : SERVER_PER_IP_DEFAULT;
	if (per_ip < 1 || per_ip > SERVER_PER_IP_MAX) {
		snprintf(err, errcap, "--per-ip must be 1..%d", SERVER_PER_IP_MAX);
		return -1;
	}
	srv = calloc(1, sizeof *srv);
	if (!srv) {
		snprintf(err, errcap, "out of memory");
		return -1;
	}
	metrics_init(&srv->metrics);
	srv->cors_origins = o->cors_origins;
	srv->n_cors_origins = o->n_cors_origins;
	atomic_init(&srv->in_flight, 0);
	if (o->trust)
		srv->trust = *o->trust;
	if (srv->trust.n > 0) {
		srv->per_client = malloc(sizeof *srv->per_client);
		if (!srv->per_client || iplimit_init(srv->per_client, (unsigned)per_ip) != 0) {
			free(srv->per_client);
			srv->per_client = NULL;
			snprintf(err, errcap, "out of memory");
			goto cleanup;
		}
	}

	struct app_open_opts ao = {.db = o->db, .key_file = o->key, .actor = o->actor};
	if (app_open(&srv->base, &ao, err, errcap) != APP_OK)
		goto cleanup;
	app_open_ok = true;
	srv->pool = store_pool_open(o->db, o->threads, err, errcap);
	if (!srv->pool)
		goto cleanup;
	/* Audited reads commit their events in batches (app/audit_writer.h). */
	srv->audit = audit_writer_start(&srv->base, o->db, err, errcap);
	if (!srv->audit)
		goto cleanup;
	srv->base.audit_writer = srv->audit;
	srv->metrics.audit = srv->audit;
	size_t n;
	const struct route *table = router_routes(&n);
	srv->openapi = api_openapi_build(table, n, false, &srv->openapi_len);
	if (!srv->openapi) {
		snprintf(err, errcap, "cannot build the OpenAPI document");
		goto cleanup;
	}
	char warn[600];
	srv->secure_cookies = o->secure_cookies;
	srv->statics = static_load(o->static_dir, warn, sizeof warn, err, errcap);
	if (!srv->statics)
		goto cleanup;
	if (warn[0])
		fprintf(stderr, "{\"log\":\"server\",\"msg\":\"%s\"}\n", warn);

	/* SIGTERM and SIGINT are taken by sigwait below; blocking them before
	 * the daemon starts keeps them away from its threads. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0,
		NULL, NULL, router_access, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned int)o->threads, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned int)CONNECTION_LIMIT, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned int)(srv->per_client ? 0 : per_ip), MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned int)CONNECTION_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t)CONNECTION_MEMORY, MHD_OPTION_LISTEN_BACKLOG_SIZE,
		(unsigned int)LISTEN_BACKLOG, MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
		MHD_OPTION_SIGPIPE_HANDLED_BY_APP, (int)1, MHD_OPTION_NOTIFY_COMPLETED,
		router_completed, srv, MHD_OPTION_END);
	if (!d) {
		snprintf(err, errcap, "cannot listen on %s", o->listen);
		goto cleanup;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : 0;
	char host[INET6_ADDRSTRLEN] = "";
	if (addr.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&addr)->sin_addr, host, sizeof host);
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&addr)->sin6_addr, host, sizeof host);
	if (o->ready)
		o->ready(host, port, o->ready_cls);

	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "{\"log\":\"server\",\"msg\":\"stopping on signal %d\"}\n", sig);
	quiesced = MHD_quiesce_daemon(d);
	wait_drained(srv);
	rc = 0;
cleanup:
	if (d)
		MHD_stop_daemon(d);
	if (quiesced != MHD_INVALID_SOCKET)
		close(quiesced);
	if (srv) {
		/* No request waits for the writer once the daemon has stopped. */
		audit_writer_stop(srv->audit);
		store_pool_close(srv->pool);
		if (app_open_ok)
			app_close(&srv->base);
		free(srv->openapi);
		if (srv->per_client)
			iplimit_destroy(srv->per_client);
		free(srv->per_client);
		static_free(srv->statics);
		free(srv);
	}
	return rc;
}
