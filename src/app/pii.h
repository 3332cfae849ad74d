/* Protection of personal identifiers at rest (DESIGN.md principle 6).
 *
 * A BSN is stored encrypted (XChaCha20-Poly1305) and found through a keyed
 * BLAKE2b hash (blind index), so the database alone reveals neither. Both keys
 * are derived from one 32-byte master key kept in a key file beside the
 * database (mode 0600), never in the database itself; the database keeps only
 * a key id to detect a wrong key file. */
#ifndef OVERSTAP_APP_PII_H
#define OVERSTAP_APP_PII_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/bsn.h"
#include "store/store.h"

#define PII_KEY_ID_SIZE 33 /* 32 hex digits + NUL */

struct pii_keys {
	unsigned char enc[32];
	unsigned char idx[32];
	char key_id[PII_KEY_ID_SIZE];
	unsigned char nonce_prefix[16]; /* random per process */
	uint64_t nonce_counter;
};

/* Initialises libsodium; call once before anything else here. */
int pii_init(void);

/* Reads the master key from path. When the file does not exist and create is
 * true, makes a new random key and writes it (0600, hex). Returns 0, or -1
 * with a message in err. The keys are wiped by pii_keys_wipe(). */
int pii_keys_load(const char *path, bool create, struct pii_keys *k, char *err, size_t errcap);
void pii_keys_wipe(struct pii_keys *k);

/* Blind index of a normalised 9-digit BSN. */
void pii_bsn_index(const struct pii_keys *k, const char bsn[BSN_SIZE],
		   unsigned char out[STORE_BSN_INDEX_SIZE]);

/* Encrypts; *out_len is the stored length (<= STORE_BSN_ENC_MAX). */
void pii_bsn_encrypt(struct pii_keys *k, const char bsn[BSN_SIZE],
		     unsigned char out[STORE_BSN_ENC_MAX], size_t *out_len);

/* Decrypts and verifies; returns 0 with the BSN in out, or -1 when the data
 * was not made with this key or was altered. */
int pii_bsn_decrypt(const struct pii_keys *k, const unsigned char *in, size_t in_len,
		    char out[BSN_SIZE]);

#endif
