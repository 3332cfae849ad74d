/* The client's address behind trusted proxies (see clientip.h). */
#include "web/clientip.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static bool is_v4(const struct clientip_addr *a)
{
	return memcmp(a->b, v4_mapped, sizeof v4_mapped) == 0;
}

bool clientip_parse_addr(const char *s, size_t len, struct clientip_addr *out)
{
	char buf[CLIENTIP_TEXT_MAX];
	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	unsigned char v4[4];
	if (inet_pton(AF_INET, buf, v4) == 1) {
		memcpy(out->b, v4_mapped, sizeof v4_mapped);
		memcpy(out->b + 12, v4, 4);
		return true;
	}
	return inet_pton(AF_INET6, buf, out->b) == 1;
}

int clientip_trust_add(struct clientip_trust *t, const char *s, char *err, size_t errcap)
{
	if (t->n == CLIENTIP_MAX_PROXIES) {
		snprintf(err, errcap, "at most %d --trusted-proxy options", CLIENTIP_MAX_PROXIES);
		return -1;
	}
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	struct clientip_net *n = &t->net[t->n];
	if (!clientip_parse_addr(s, alen, &n->addr))
		goto bad;
	unsigned max = is_v4(&n->addr) && !memchr(s, ':', alen) ? 32 : 128;
	unsigned prefix = max;
	if (slash) {
		char *end;
		errno = 0;
		long p = strtol(slash + 1, &end, 10);
		if (errno || end == slash + 1 || *end != '\0' || slash[1] == '-' ||
		    slash[1] == '+' || p < 0 || p > (long)max)
			goto bad;
		prefix = (unsigned)p;
	}
	n->prefix = max == 32 ? 96 + prefix : prefix;
	t->n++;
	return 0;
bad:
	snprintf(err, errcap,
		 "--trusted-proxy must be an IPv4 or IPv6 address with an optional /PREFIX, "
		 "not '%s'",
		 s);
	return -1;
}

static bool in_net(const struct clientip_net *n, const struct clientip_addr *a)
{
	unsigned full = n->prefix / 8, rest = n->prefix % 8;
	if (memcmp(n->addr.b, a->b, full) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (n->addr.b[full] & mask) == (a->b[full] & mask);
}

bool clientip_trusted(const struct clientip_trust *t, const struct clientip_addr *a)
{
	for (size_t i = 0; i < t->n; i++)
		if (in_net(&t->net[i], a))
			return true;
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

struct clientip_addr clientip_decide(const struct clientip_trust *t,
				     const struct clientip_addr *peer, const char *xff)
{
	struct clientip_addr client = *peer;
	if (!xff || !clientip_trusted(t, peer))
		return client;
	/* Walk the hops from the right: end marks the end of the current one. */
	const char *end = xff + strlen(xff);
	for (int hops = 0; end > xff && hops < CLIENTIP_MAX_HOPS; hops++) {
		const char *start = end;
		while (start > xff && start[-1] != ',')
			start--;
		const char *a = start, *b = end;
		while (a < b && is_space(*a))
			a++;
		while (b > a && is_space(b[-1]))
			b--;
		struct clientip_addr hop;
		if (!clientip_parse_addr(a, (size_t)(b - a), &hop))
			return client; /* not an address: the last trusted hop */
		client = hop;
		if (!clientip_trusted(t, &hop))
			return client; /* the rightmost untrusted hop */
		end = start > xff ? start - 1 : start;
		if (start == xff)
			break;
	}
	return client;
}

bool clientip_from_sockaddr(const struct sockaddr *sa, struct clientip_addr *out)
{
	if (sa && sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		memcpy(out->b, v4_mapped, sizeof v4_mapped);
		memcpy(out->b + 12, &in->sin_addr, 4);
		return true;
	}
	if (sa && sa->sa_family == AF_INET6) {
		memcpy(out->b, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
		return true;
	}
	return false;
}

void clientip_join(char *buf, size_t cap, const char *value)
{
	if (cap == 0)
		return;
	size_t used = strnlen(buf, cap - 1), vlen = strlen(value);
	size_t sep = used > 0 ? 1 : 0, total = used + sep + vlen;
	/* The joined text is buf, the separator at position used, then value;
	 * keep what starts after the first comma at or past the bytes that do
	 * not fit (all of it when it fits). */
	size_t start = 0;
	if (total > cap - 1) {
		start = total - (cap - 1);
		for (;; start++) {
			if (start == total)
				break;
			char c = start < used           ? buf[start]
				 : start == used && sep ? ','
							: value[start - used - sep];
			if (c == ',') {
				start++;
				break;
			}
		}
	}
	size_t out = 0;
	if (start < used) {
		memmove(buf, buf + start, used - start);
		out = used - start;
	}
	if (sep && start <= used)
		buf[out++] = ',';
	size_t vstart = start > used + sep ? start - used - sep : 0;
	memcpy(buf + out, value + vstart, vlen - vstart);
	buf[out + vlen - vstart] = '\0';
}

void clientip_format(const struct clientip_addr *a, char out[CLIENTIP_TEXT_MAX])
{
	const char *ok = is_v4(a) ? inet_ntop(AF_INET, a->b + 12, out, CLIENTIP_TEXT_MAX)
				  : inet_ntop(AF_INET6, a->b, out, CLIENTIP_TEXT_MAX);
	if (!ok)
		snprintf(out, CLIENTIP_TEXT_MAX, "?");
}
