#include "app/pii.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NONCE_SIZE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_SIZE crypto_aead_xchacha20poly1305_ietf_ABYTES
#define KEY_HEX_SIZE (2 * crypto_kdf_KEYBYTES)

static const unsigned char bsn_ad[] = "overstap:bsn:v1";

int pii_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static int write_new_key(const char *path, unsigned char master[crypto_kdf_KEYBYTES], char *err,
			 size_t errcap)
{
	char hex[KEY_HEX_SIZE + 2];
	int rc = -1;
	crypto_kdf_keygen(master);
	sodium_bin2hex(hex, sizeof hex, master, crypto_kdf_KEYBYTES);
	hex[KEY_HEX_SIZE] = '\n';
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errcap, "cannot create key file %s: %s", path, strerror(errno));
		goto cleanup;
	}
	if (write(fd, hex, KEY_HEX_SIZE + 1) != KEY_HEX_SIZE + 1 || fsync(fd) != 0) {
		snprintf(err, errcap, "cannot write key file %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		goto cleanup;
	}
	close(fd);
	rc = 0;
cleanup:
	sodium_memzero(hex, sizeof hex);
	return rc;
}

static int read_key(const char *path, unsigned char master[crypto_kdf_KEYBYTES], char *err,
		    size_t errcap)
{
	char hex[KEY_HEX_SIZE + 8];
	int rc = -1;
	size_t bin_len = 0;
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(err, errcap, "cannot read key file %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) != 0) {
		snprintf(err, errcap, "key file %s is readable by others: chmod 600 it", path);
		goto cleanup;
	}
	size_t n = fread(hex, 1, sizeof hex - 1, f);
	hex[n] = '\0';
	while (n > 0 && (hex[n - 1] == '\n' || hex[n - 1] == '\r'))
		hex[--n] = '\0';
	if (n != KEY_HEX_SIZE ||
	    sodium_hex2bin(master, crypto_kdf_KEYBYTES, hex, n, NULL, &bin_len, NULL) != 0 ||
	    bin_len != crypto_kdf_KEYBYTES) {
		snprintf(err, errcap, "key file %s does not hold a 64-digit hex key", path);
		goto cleanup;
	}
	rc = 0;
cleanup:
	sodium_memzero(hex, sizeof hex);
	fclose(f);
	return rc;
}

int pii_keys_load(const char *path, bool create, struct pii_keys *k, char *err, size_t errcap)
{
	unsigned char master[crypto_kdf_KEYBYTES];
	unsigned char id[(PII_KEY_ID_SIZE - 1) / 2];
	_Static_assert(sizeof id >= crypto_kdf_BYTES_MIN, "key id below the KDF minimum");
	int rc;
	memset(k, 0, sizeof *k);
	if (access(path, F_OK) != 0 && errno == ENOENT && create)
		rc = write_new_key(path, master, err, errcap);
	else
		rc = read_key(path, master, err, errcap);
	if (rc != 0)
		goto cleanup;
	/* Every derivation is checked: a failed one leaves its output undefined
	 * (an id below crypto_kdf_BYTES_MIN once made every key look alike). */
	if (crypto_kdf_derive_from_key(k->enc, sizeof k->enc, 1, "bsn-enc_", master) != 0 ||
	    crypto_kdf_derive_from_key(k->idx, sizeof k->idx, 2, "bsn-idx_", master) != 0 ||
	    crypto_kdf_derive_from_key(id, sizeof id, 3, "key-id__", master) != 0) {
		snprintf(err, errcap, "cannot derive keys from %s", path);
		rc = -1;
		goto cleanup;
	}
	sodium_bin2hex(k->key_id, sizeof k->key_id, id, sizeof id);
	randombytes_buf(k->nonce_prefix, sizeof k->nonce_prefix);
cleanup:
	sodium_memzero(master, sizeof master);
	return rc;
}

void pii_keys_wipe(struct pii_keys *k)
{
	sodium_memzero(k, sizeof *k);
}

void pii_bsn_index(const struct pii_keys *k, const char bsn[BSN_SIZE],
		   unsigned char out[STORE_BSN_INDEX_SIZE])
{
	crypto_generichash(out, STORE_BSN_INDEX_SIZE, (const unsigned char *)bsn, BSN_DIGITS,
			   k->idx, sizeof k->idx);
}

/* Nonces are a random per-process prefix and a counter: unique without a
 * system call per value. */
void pii_bsn_encrypt(struct pii_keys *k, const char bsn[BSN_SIZE],
		     unsigned char out[STORE_BSN_ENC_MAX], size_t *out_len)
{
	_Static_assert(NONCE_SIZE + BSN_DIGITS + TAG_SIZE <= STORE_BSN_ENC_MAX, "BSN cipher size");
	unsigned char *nonce = out;
	uint64_t ctr = ++k->nonce_counter;
	memcpy(nonce, k->nonce_prefix, sizeof k->nonce_prefix);
	for (int i = 0; i < 8; i++)
		nonce[16 + i] = (unsigned char)(ctr >> (8 * i));
	unsigned long long clen = 0;
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + NONCE_SIZE, &clen,
						   (const unsigned char *)bsn, BSN_DIGITS, bsn_ad,
						   sizeof bsn_ad - 1, NULL, nonce, k->enc);
	*out_len = NONCE_SIZE + (size_t)clen;
}

int pii_bsn_decrypt(const struct pii_keys *k, const unsigned char *in, size_t in_len,
		    char out[BSN_SIZE])
{
	unsigned char plain[BSN_DIGITS];
	unsigned long long plen = 0;
	if (in_len != NONCE_SIZE + BSN_DIGITS + TAG_SIZE)
		return -1;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &plen, NULL, in + NONCE_SIZE,
						       in_len - NONCE_SIZE, bsn_ad,
						       sizeof bsn_ad - 1, in, k->enc) != 0 ||
	    plen != BSN_DIGITS)
		return -1;
	memcpy(out, plain, BSN_DIGITS);
	out[BSN_DIGITS] = '\0';
	sodium_memzero(plain, sizeof plain);
	return 0;
}
