/* Local staff accounts and bearer tokens for systems (issue 4, section 3).
 *
 * An account is one member of staff: an email address (the sign-in name,
 * kept lower-cased), one organisation and one role from a fixed list (an
 * inwoner is never a staff account). Passwords are stored only as libsodium
 * crypto_pwhash_str() output, argon2id with crypto_pwhash_OPSLIMIT_INTERACTIVE
 * and crypto_pwhash_MEMLIMIT_INTERACTIVE (2 passes over 64 MiB: a fraction
 * of a second per sign-in, and the same cost for every guess of an attacker
 * holding the database). The limits are not configurable: the tests hash at
 * full cost too.
 *
 * Password rules follow NIST SP 800-63B and OWASP ASVS: at least
 * ACCOUNT_PASSWORD_MIN characters (Unicode code points), at most
 * ACCOUNT_PASSWORD_MAX bytes, no composition rules (any characters,
 * spaces included). When no password is given a one-time password is
 * generated: ACCOUNT_OTP_LEN characters from ACCOUNT_OTP_ALPHABET (no 0/O,
 * 1/l/I), shown once and to be changed at first sign-in.
 *
 * A bearer token is "ovs_" and 32 random bytes in base64url without padding
 * (43 characters). Only its SHA-256 is stored; the token text is shown once.
 * A token acts as its user: that user's organisation and role.
 *
 * Both use cases record an audit event ("user_add" on a user_account,
 * "token_add" on an api_token) in the transaction that writes the row; the
 * event never holds the password or the token. */
#ifndef OVERSTAP_APP_ACCOUNT_H
#define OVERSTAP_APP_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"

#define ACCOUNT_PASSWORD_MIN 12   /* characters */
#define ACCOUNT_PASSWORD_MAX 1024 /* bytes */
#define ACCOUNT_OTP_LEN 16
#define ACCOUNT_OTP_ALPHABET "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
#define ACCOUNT_TOKEN_PREFIX "ovs_"
#define ACCOUNT_TOKEN_BYTES 32
#define ACCOUNT_TOKEN_LEN (4 + 43) /* prefix + base64url of 32 bytes, unpadded */

/* The staff roles, in a fixed order; NULL-terminated. */
extern const char *const account_roles[];
bool account_role_valid(const char *role);
/* "uwv-adviseur, klantmanager, ..." into buf (truncated to cap). */
void account_roles_list(char *buf, size_t cap);

/* Checks the shape of an email address (local@domain.tld, printable ASCII,
 * no spaces, at most STORE_EMAIL_MAX bytes) and writes it lower-cased into
 * out (cap >= STORE_EMAIL_MAX + 1). Returns 0, or -1 when it is not one. */
int account_email_normalize(const char *in, char *out, size_t cap);

/* 0 when the password is acceptable, else -1 with the reason in err. */
int account_password_check(const char *pw, char *err, size_t errcap);

/* argon2id hash of pw (crypto_pwhash_str) into out. Returns 0 or -1 (out of
 * memory). */
int account_password_hash(const char *pw, char out[STORE_PWHASH_MAX + 1]);

/* A fresh one-time password, NUL-terminated. Returns 0 or -1. */
int account_otp_generate(char out[ACCOUNT_OTP_LEN + 1]);

/* A fresh token: its text (NUL-terminated) and the SHA-256 of that text.
 * Returns 0 or -1. */
int account_token_generate(char text[ACCOUNT_TOKEN_LEN + 1], unsigned char hash[STORE_HASH_SIZE]);
/* SHA-256 of a token's text, as stored. */
void account_token_hash(const char *text, unsigned char hash[STORE_HASH_SIZE]);

/* Adds a staff account. password NULL: a one-time password is generated
 * into otp (ACCOUNT_OTP_LEN + 1 bytes; may be NULL only when password is
 * given) and the account must change it at first sign-in. email is stored
 * lower-cased. APP_OK; APP_INVALID (unknown org or role, bad email or
 * password, email exists already) or APP_FAIL with a message in err. */
int app_user_add(struct app *a, const char *org, const char *role, const char *email,
		 const char *password, char *otp, char *err, size_t errcap);

/* Makes a bearer token for the (active) user with this email; its text goes
 * into token (ACCOUNT_TOKEN_LEN + 1 bytes). APP_OK; APP_INVALID (unknown or
 * disabled user) or APP_FAIL with a message in err. */
int app_token_add(struct app *a, const char *email, char token[ACCOUNT_TOKEN_LEN + 1], char *err,
		  size_t errcap);

struct principal;

/* The principal a bearer token acts as (PRINCIPAL_TOKEN: its user's id,
 * email, organisation with its kind, and role). APP_OK; APP_INVALID when
 * the text is not a token's, or the token is unknown or revoked, or its
 * user is disabled (the three are not told apart); APP_FAIL when the store
 * fails. Reads one row; writes nothing (the API is stateless per request). */
int app_token_principal(struct app *a, const char *token, struct principal *out);

#endif
