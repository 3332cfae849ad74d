/* The yardstick of bench/server.sh: a bare libmicrohttpd hello-world with
 * the daemon settings of src/web/server.c (thread pool, epoll or the best
 * poller, the same connection, per-IP, timeout and memory limits). Every
 * request gets "ok" as text/plain.
 *   bare_mhd PORT THREADS PER_IP
 * Listens on 127.0.0.1, prints "listening on PORT" and serves until SIGTERM or SIGINT. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct MHD_Response *ok;

static long arg(const char *s, long min, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "bare_mhd: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

/* As overstap's dispatcher: the first call only takes note of the request,
 * a body is discarded, the reply is queued once the request is complete. */
static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	static int seen;
	if (!*con_cls) {
		*con_cls = &seen;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	return MHD_queue_response(conn, MHD_HTTP_OK, ok);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bare_mhd PORT THREADS PER_IP\n");
		return 2;
	}
	unsigned port = (unsigned)arg(argv[1], 1, 65535);
	unsigned threads = (unsigned)arg(argv[2], 1, 64);
	unsigned per_ip = (unsigned)arg(argv[3], 1, 256);
	ok = MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
	if (!ok || MHD_add_response_header(ok, MHD_HTTP_HEADER_CONTENT_TYPE,
					   "text/plain; charset=utf-8") != MHD_YES)
		return 1;
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC, (uint16_t)port, NULL,
		NULL, answer, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned int)256, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t)(64 * 1024), MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)128,
		MHD_OPTION_STRICT_FOR_CLIENT, (int)1, MHD_OPTION_SIGPIPE_HANDLED_BY_APP, (int)1,
		MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "bare_mhd: cannot listen on port %u\n", port);
		return 1;
	}
	printf("listening on %u\n", port);
	fflush(stdout);
	int sig;
	while (sigwait(&stop, &sig) != 0)
		;
	MHD_stop_daemon(d);
	MHD_destroy_response(ok);
	return 0;
}
