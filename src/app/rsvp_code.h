/* RSVP codes: the short code printed on an invitation letter, by which the
 * resident answers without an account.
 *
 * A code is MEETING_CODE_LEN (10) characters from a 32-letter alphabet
 * without look-alikes (no 0, O, 1 or I): 50 bits. It is derived, not drawn:
 * a keyed BLAKE2b hash of (meeting id, route id) under a key derived from
 * the installation's master key (app/pii.h), so a letter made later shows the
 * same code and the database never holds it. The database holds only a
 * second keyed hash of the code (the code index, unique), by which an
 * entered code is looked up. Without the key file neither can be computed.
 * Guessing: 2^50 codes against at most a few hundred thousand live
 * invitations, behind the RSVP page's rate limit. */
#ifndef OVERSTAP_APP_RSVP_CODE_H
#define OVERSTAP_APP_RSVP_CODE_H

#include <stddef.h>
#include <stdint.h>

#include "app/meeting.h"
#include "app/pii.h"

#define RSVP_CODE_ALPHABET "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

/* The code of an invitation: MEETING_CODE_LEN characters and a NUL. */
void rsvp_code_make(const struct pii_keys *k, int64_t meeting_id, int64_t route_id,
		    char out[MEETING_CODE_LEN + 1]);

/* The stored index of a (normalised) code. */
void rsvp_code_index(const struct pii_keys *k, const char code[MEETING_CODE_LEN + 1],
		     unsigned char out[STORE_CODE_INDEX_SIZE]);

/* What a person typed, normalised: lower case raised, spaces and '-'
 * dropped; at most 64 bytes are looked at. Returns 0 with the code in out,
 * or -1 when it cannot be a code (wrong length, a character outside the
 * alphabet). */
int rsvp_code_normalise(const char *in, char out[MEETING_CODE_LEN + 1]);

#endif
