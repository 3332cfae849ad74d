/* The audit chain: how an audit event's hash is made, and the check that a
 * sequence of events is an unbroken chain. Pure functions over struct
 * store_audit (no store, no I/O); the use cases that write, verify and export
 * the log are in app.h (app_audit, app_audit_verify, app_audit_export).
 *
 * The chain. Events are numbered seq = 1, 2, 3, ... without gaps. Each event
 * stores prev_hash, the row_hash of event seq - 1 (32 zero bytes for seq 1,
 * the genesis), and its own
 *
 *     row_hash = SHA-256(prev_hash || E)
 *
 * where E is the canonical encoding of the event, the concatenation of:
 *
 *     1 byte     0x01, the version of this encoding
 *     8 bytes    seq, unsigned, big-endian
 *     8 bytes    at (UTC seconds since 1970), two's complement, big-endian
 *     then the text fields, in this order:
 *                actor, org, role, action, object_type, object_id, purpose,
 *                outcome, request_id
 *     each as    0x00                          when NULL or empty, or
 *                0x01, 4-byte big-endian byte length n, the n bytes (UTF-8
 *                as stored; no terminator, no normalisation)
 *
 * The event's id (the database row number) is not hashed: it is not part of
 * what happened, and the chain order is seq. A BSN is never part of an audit
 * event (object_id names a route, an import, ...), so never of E.
 *
 * What the chain shows: an event changed in place (its row_hash no longer
 * matches), removed (a gap in seq), moved or swapped (its prev_hash no longer
 * matches the event before it). What it cannot show on its own: the newest
 * events cut off the end, or the whole chain rewritten by someone who can
 * compute SHA-256; an exported row_hash kept elsewhere (a later anchor)
 * covers both. */
#ifndef OVERSTAP_APP_AUDIT_H
#define OVERSTAP_APP_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define AUDIT_ENCODING_VERSION 1

/* Writes the canonical encoding E of a into buf when it fits in cap bytes
 * (buf may be NULL with cap 0) and returns its length either way. */
size_t audit_encode(const struct store_audit *a, unsigned char *buf, size_t cap);

/* out = SHA-256(prev || E(a)). a->prev_hash and a->row_hash are not read. */
void audit_row_hash(const struct store_audit *a, const unsigned char prev[STORE_HASH_SIZE],
		    unsigned char out[STORE_HASH_SIZE]);

/* Why a chain is broken. */
enum audit_break {
	AUDIT_INTACT = 0,
	AUDIT_GAP,           /* seq is not the one after the previous event */
	AUDIT_PREV_MISMATCH, /* prev_hash is not the previous event's row_hash */
	AUDIT_HASH_MISMATCH, /* row_hash is not the hash of the event */
	AUDIT_MALFORMED,     /* a hash is missing or not 32 bytes */
};

/* Checks chained events fed in seq order. The first break is kept: later
 * events are ignored once the chain is broken. */
struct audit_verifier {
	int64_t checked;  /* events that held */
	int64_t last_seq; /* seq of the last event that held; 0 before the first */
	unsigned char last_hash[STORE_HASH_SIZE];
	enum audit_break broken;
	int64_t bad_seq, bad_id; /* the first broken event */
};

void audit_verifier_init(struct audit_verifier *v);
/* Returns 0 while the chain holds, 1 once it is broken. */
int audit_verifier_feed(struct audit_verifier *v, const struct store_audit *a);
/* "hash mismatch", "gap in sequence (event N is missing)", "prev_hash does not
 * match event N", ... for a broken verifier. */
void audit_verifier_reason(const struct audit_verifier *v, char *buf, size_t cap);

#endif
