/* Throttling of failures per key (throttle.h). */
#include "app/throttle.h"

#include <sodium.h>
#include <string.h>

int64_t throttle_locked_until(int64_t failures, int free, int64_t now)
{
	if (failures <= free)
		return 0;
	int64_t over = failures - free - 1, delay = THROTTLE_BASE_S;
	while (over-- > 0 && delay < THROTTLE_MAX_S)
		delay *= 2;
	return now + (delay < THROTTLE_MAX_S ? delay : THROTTLE_MAX_S);
}

void throttle_key(const char *kind, const char *value, unsigned char key[STORE_HASH_SIZE])
{
	crypto_hash_sha256_state st;
	if (!value)
		value = "";
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)kind, strlen(kind) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)value, strlen(value));
	crypto_hash_sha256_final(&st, key);
}

int throttle_fail(struct store *s, const unsigned char key[STORE_HASH_SIZE], int free, int64_t now)
{
	struct store_throttle t;
	int rc = s->ops->get_throttle(s, key, &t);
	if (rc < 0)
		return rc;
	if (rc == STORE_NONE || now - t.last_failure_at > THROTTLE_FORGET_S)
		t.failures = 0;
	memcpy(t.key, key, STORE_HASH_SIZE);
	t.failures++;
	t.last_failure_at = now;
	t.locked_until = throttle_locked_until(t.failures, free, now);
	return s->ops->put_throttle(s, &t);
}

int throttle_until(struct store *s, const unsigned char *const *keys, size_t n, int64_t now,
		   int64_t *until)
{
	*until = 0;
	for (size_t i = 0; i < n; i++) {
		struct store_throttle t;
		int rc = s->ops->get_throttle(s, keys[i], &t);
		if (rc < 0)
			return rc;
		if (rc == STORE_ONE && t.locked_until > now && t.locked_until > *until)
			*until = t.locked_until;
	}
	return STORE_ONE;
}
