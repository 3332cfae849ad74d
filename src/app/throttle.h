/* Throttling of failures per key, persisted in the store (table signin_throttle, migration 0006),
 * shared by the staff sign-in (app/session.h) and the residents' RSVP page
 * (app/meeting.h).
 *
 * A key is the SHA-256 of a kind and a value ("ip\0ADDR", "account\0EMAIL",
 * "rsvp-ip\0ADDR"), so the store never holds the address or e-mail itself.
 * After `free` failures each further failure locks the key for
 * THROTTLE_BASE_S, doubling per failure up to THROTTLE_MAX_S; a key is
 * forgotten THROTTLE_FORGET_S after its last failure. The caller decides
 * what a failure is and checks the lock before doing the work. Functions
 * taking a store run inside the caller's transaction and return a store
 * status. */
#ifndef OVERSTAP_APP_THROTTLE_H
#define OVERSTAP_APP_THROTTLE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define THROTTLE_BASE_S 30
#define THROTTLE_MAX_S (15 * 60)
#define THROTTLE_FORGET_S (24 * 60 * 60)

/* When a key with `failures` failures (the latest at now) is locked until;
 * `free` failures are allowed before any delay. 0 when not locked. */
int64_t throttle_locked_until(int64_t failures, int free, int64_t now);

/* The key of (kind, value); value NULL counts as "". */
void throttle_key(const char *kind, const char *value, unsigned char key[STORE_HASH_SIZE]);

/* Counts one failure of key at now (free as above). */
int throttle_fail(struct store *s, const unsigned char key[STORE_HASH_SIZE], int free, int64_t now);

/* The latest lock of the n keys still in force at now into *until (0 when
 * none is locked). */
int throttle_until(struct store *s, const unsigned char *const *keys, size_t n, int64_t now,
		   int64_t *until);

#endif
