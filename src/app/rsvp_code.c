#include "app/rsvp_code.h"

#include <sodium.h>
#include <string.h>

_Static_assert(sizeof RSVP_CODE_ALPHABET - 1 == 32, "a code character carries 5 bits");
_Static_assert(MEETING_CODE_LEN * 5 >= 50 && MEETING_CODE_LEN * 5 <= 64, "code of 50..64 bits");

/* A sub-key of the blind-index key for one purpose. */
static void sub_key(const struct pii_keys *k, const char *purpose, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)purpose, strlen(purpose), k->idx,
			   sizeof k->idx);
}

void rsvp_code_make(const struct pii_keys *k, int64_t meeting_id, int64_t route_id,
		    char out[MEETING_CODE_LEN + 1])
{
	unsigned char key[32], msg[16], h[8];
	sub_key(k, "overstap:rsvp-code:v1", key);
	for (int i = 0; i < 8; i++) {
		msg[i] = (unsigned char)((uint64_t)meeting_id >> (8 * i));
		msg[8 + i] = (unsigned char)((uint64_t)route_id >> (8 * i));
	}
	crypto_generichash(h, sizeof h, msg, sizeof msg, key, sizeof key);
	uint64_t bits = 0;
	for (int i = 0; i < 8; i++)
		bits = bits << 8 | h[i];
	for (int i = 0; i < MEETING_CODE_LEN; i++) {
		out[i] = RSVP_CODE_ALPHABET[bits & 31];
		bits >>= 5;
	}
	out[MEETING_CODE_LEN] = '\0';
	sodium_memzero(key, sizeof key);
}

void rsvp_code_index(const struct pii_keys *k, const char code[MEETING_CODE_LEN + 1],
		     unsigned char out[STORE_CODE_INDEX_SIZE])
{
	unsigned char key[32];
	sub_key(k, "overstap:rsvp-code-index:v1", key);
	crypto_generichash(out, STORE_CODE_INDEX_SIZE, (const unsigned char *)code,
			   MEETING_CODE_LEN, key, sizeof key);
	sodium_memzero(key, sizeof key);
}

int rsvp_code_normalise(const char *in, char out[MEETING_CODE_LEN + 1])
{
	size_t n = 0;
	for (size_t i = 0; in[i] && i < 64; i++) {
		char c = in[i];
		if (c == ' ' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (n == MEETING_CODE_LEN || !strchr(RSVP_CODE_ALPHABET, c))
			return -1;
		out[n++] = c;
	}
	if (n != MEETING_CODE_LEN || strnlen(in, 65) > 64)
		return -1;
	out[n] = '\0';
	return 0;
}
