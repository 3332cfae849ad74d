/* libFuzzer target: the X-Forwarded-For decision (web/clientip.h). The
 * input is one or more header values separated by newlines, joined as the
 * server joins them (clientip_join into a buffer of the server's size).
 * Beyond the sanitizers, the promises are checked and abort when broken:
 * the joined header fits its buffer; an untrusted peer is always the
 * client; behind a trusted peer the client is the peer or a well-formed
 * address (its text parses back to the same address). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/clientip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define XFF_MAX 1024 /* as in src/web/router.c */

static struct clientip_trust trust;

static struct clientip_addr addr(const char *s)
{
	struct clientip_addr a;
	if (!clientip_parse_addr(s, strlen(s), &a))
		abort();
	return a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (trust.n == 0) {
		char err[128];
		if (clientip_trust_add(&trust, "127.0.0.1", err, sizeof err) != 0 ||
		    clientip_trust_add(&trust, "10.0.0.0/8", err, sizeof err) != 0 ||
		    clientip_trust_add(&trust, "fd00::/8", err, sizeof err) != 0)
			abort();
	}
	if (size > 4 * XFF_MAX)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char xff[XFF_MAX] = "";
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		clientip_join(xff, sizeof xff, line);
		if (strlen(xff) >= sizeof xff)
			abort();
	}
	struct clientip_addr proxy = addr("127.0.0.1"), outsider = addr("192.0.2.1");
	struct clientip_addr c = clientip_decide(&trust, &outsider, xff);
	if (memcmp(&c, &outsider, sizeof c) != 0)
		abort();
	c = clientip_decide(&trust, &proxy, xff);
	if (memcmp(&c, &proxy, sizeof c) != 0) {
		/* An address parsed from the header, never client text. */
		char t[CLIENTIP_TEXT_MAX];
		clientip_format(&c, t);
		struct clientip_addr back = addr(t);
		if (memcmp(&back, &c, sizeof c) != 0)
			abort();
	}
	free(text);
	return 0;
}
