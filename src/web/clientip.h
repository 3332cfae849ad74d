/* The client's address behind trusted reverse proxies (X-Forwarded-For).
 *
 * overstap runs behind a proxy (docs/DEPLOY.md: nginx). The address that
 * the per-IP limits, sign-in throttling and the access log use is the
 * socket peer, unless the peer is one of the configured trusted proxies
 * (`overstap serve --trusted-proxy ADDR[/PREFIX]`, repeatable): then it is
 * the rightmost address in X-Forwarded-For that is not itself a trusted
 * proxy, since everything left of it was written by someone we do not
 * trust. When every hop is trusted it is the leftmost one. A hop that is
 * not an IP address ends the walk: the last trusted hop (or the peer) is
 * used, never client text. At most CLIENTIP_MAX_HOPS hops are examined.
 *
 * Pure: no I/O, no allocation; unit-tested in tests/unit/test_clientip.c. */
#ifndef OVERSTAP_WEB_CLIENTIP_H
#define OVERSTAP_WEB_CLIENTIP_H

#include <stdbool.h>
#include <stddef.h>

#define CLIENTIP_MAX_PROXIES 16 /* --trusted-proxy options */
#define CLIENTIP_MAX_HOPS 16    /* X-Forwarded-For entries examined, from the right */
#define CLIENTIP_TEXT_MAX 46    /* INET6_ADDRSTRLEN: an address as text, with its NUL */

/* An address as 16 bytes: IPv4 as an IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d), so both families compare alike. */
struct clientip_addr {
	unsigned char b[16];
};

/* A trusted network: address and prefix length in the 128-bit space. */
struct clientip_net {
	struct clientip_addr addr;
	unsigned prefix; /* 0..128; an IPv4 /N is stored as /(96 + N) */
};

struct clientip_trust {
	size_t n;
	struct clientip_net net[CLIENTIP_MAX_PROXIES];
};

/* Parses an IPv4 or IPv6 address (no brackets, no port). Returns true when
 * s is one. */
bool clientip_parse_addr(const char *s, size_t len, struct clientip_addr *out);

/* Parses "ADDR" or "ADDR/PREFIX" (IPv4 prefix 0..32, IPv6 0..128) and
 * appends it to t. Returns 0, or -1 with a message in err (bad text, or
 * more than CLIENTIP_MAX_PROXIES). */
int clientip_trust_add(struct clientip_trust *t, const char *s, char *err, size_t errcap);

/* Is a within one of t's networks? */
bool clientip_trusted(const struct clientip_trust *t, const struct clientip_addr *a);

/* Decides the client address from the socket peer and the X-Forwarded-For
 * value (NULL or "" when absent; several headers joined with ","), as the
 * header comment says. */
struct clientip_addr clientip_decide(const struct clientip_trust *t,
				     const struct clientip_addr *peer, const char *xff);

/* The address of a socket peer (AF_INET or AF_INET6). Returns false for
 * another family. */
struct sockaddr;
bool clientip_from_sockaddr(const struct sockaddr *sa, struct clientip_addr *out);

/* Appends one X-Forwarded-For header value to buf (cap bytes, NUL-
 * terminated, "" at first), joined with ",". When it does not fit, the
 * leftmost part is dropped up to a comma, so only whole hops remain and
 * the rightmost ones, which decide, are kept. */
void clientip_join(char *buf, size_t cap, const char *value);

/* a as text ("192.0.2.1", "2001:db8::1"; IPv4-mapped as IPv4) into
 * out[CLIENTIP_TEXT_MAX]. */
void clientip_format(const struct clientip_addr *a, char out[CLIENTIP_TEXT_MAX]);

#endif
