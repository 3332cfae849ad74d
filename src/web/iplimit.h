/* Requests in flight per client address, for the per-IP limit behind a
 * trusted proxy.
 *
 * Without --trusted-proxy libmicrohttpd limits connections per socket peer
 * (server.c). Behind a proxy every connection comes from the proxy, so that
 * limit is switched off and this one counts requests in flight per client
 * address (web/clientip.h) instead; a request over the limit gets 429.
 * Thread-safe (one mutex); at most IPLIMIT_SLOTS addresses at once, which
 * is the server's connection limit, so a request never finds it full
 * unless the limit is. */
#ifndef OVERSTAP_WEB_IPLIMIT_H
#define OVERSTAP_WEB_IPLIMIT_H

#include <pthread.h>
#include <stdbool.h>

#include "web/clientip.h"

#define IPLIMIT_SLOTS 256 /* SERVER_PER_IP_MAX, the connection limit */

struct iplimit {
	pthread_mutex_t mu;
	unsigned limit; /* requests in flight per address */
	struct {
		struct clientip_addr addr;
		unsigned n; /* 0: the slot is free */
	} slot[IPLIMIT_SLOTS];
};

/* Returns 0, or -1 when the mutex cannot be made. */
int iplimit_init(struct iplimit *l, unsigned limit);
void iplimit_destroy(struct iplimit *l);

/* Counts one more request from a. Returns false (and counts nothing) when
 * a has limit requests in flight already, or no slot is free. */
bool iplimit_enter(struct iplimit *l, const struct clientip_addr *a);

/* Counts one request from a as done; a must have entered. */
void iplimit_leave(struct iplimit *l, const struct clientip_addr *a);

#endif
