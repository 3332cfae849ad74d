/* Local staff accounts and bearer tokens (account.h says what they are). */
#include "app/account.h"

#include "app/access.h"

#include <ctype.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

_Static_assert(crypto_pwhash_STRBYTES == STORE_PWHASH_MAX + 1, "password hash buffer size");
_Static_assert(crypto_hash_sha256_BYTES == STORE_HASH_SIZE, "token hash size");
_Static_assert(sodium_base64_ENCODED_LEN(ACCOUNT_TOKEN_BYTES,
					 sodium_base64_VARIANT_URLSAFE_NO_PADDING) ==
		       ACCOUNT_TOKEN_LEN - 4 + 1,
	       "token text length");

const char *const account_roles[] = {
	"uwv-adviseur", "klantmanager", "intake", "werkgeversdienstverlener", "partner", "beleid",
	"beheer",       "auditor",      NULL,
};

bool account_role_valid(const char *role)
{
	for (size_t i = 0; account_roles[i]; i++)
		if (strcmp(role, account_roles[i]) == 0)
			return true;
	return false;
}

void account_roles_list(char *buf, size_t cap)
{
	size_t n = 0;
	if (cap == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; account_roles[i] && n < cap; i++) {
		int w = snprintf(buf + n, cap - n, "%s%s", i ? ", " : "", account_roles[i]);
		if (w < 0)
			return;
		n += (size_t)w;
	}
}

static bool local_char(unsigned char c)
{
	return isalnum(c) || (c != '\0' && strchr(".!#$%&'*+/=?^_`{|}~-", c));
}

/* A domain: labels of letters, digits and '-' (not at either end),
 * separated by single dots, at least two labels. */
static bool domain_ok(const char *d)
{
	size_t label = 0, labels = 0;
	char prev = '.';
	for (const char *p = d;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '.' || c == '\0') {
			if (label == 0 || label > 63 || prev == '-')
				return false;
			labels++;
			label = 0;
			if (c == '\0')
				break;
		} else if (isalnum(c) || (c == '-' && label > 0)) {
			label++;
		} else {
			return false;
		}
		prev = (char)c;
	}
	return labels >= 2;
}

int account_email_normalize(const char *in, char *out, size_t cap)
{
	size_t n = strnlen(in, STORE_EMAIL_MAX + 1);
	const char *at = strchr(in, '@');
	if (n > STORE_EMAIL_MAX || n + 1 > cap || !at || at == in || at - in > 64 ||
	    !domain_ok(at + 1))
		return -1;
	for (const char *p = in; p < at; p++)
		if (!local_char((unsigned char)*p))
			return -1;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[n] = '\0';
	return 0;
}

int account_password_check(const char *pw, char *err, size_t errcap)
{
	size_t bytes = strnlen(pw, ACCOUNT_PASSWORD_MAX + 1);
	if (bytes > ACCOUNT_PASSWORD_MAX) {
		snprintf(err, errcap, "the password is longer than %d bytes", ACCOUNT_PASSWORD_MAX);
		return -1;
	}
	size_t chars = 0;
	for (size_t i = 0; i < bytes; i++)
		if (((unsigned char)pw[i] & 0xC0) != 0x80) /* not a UTF-8 continuation byte */
			chars++;
	if (chars < ACCOUNT_PASSWORD_MIN) {
		snprintf(err, errcap, "the password must be at least %d characters long",
			 ACCOUNT_PASSWORD_MIN);
		return -1;
	}
	return 0;
}

int account_password_hash(const char *pw, char out[STORE_PWHASH_MAX + 1])
{
	if (sodium_init() < 0)
		return -1;
	return crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE,
				     crypto_pwhash_ALG_ARGON2ID13) == 0
		       ? 0
		       : -1;
}

int account_otp_generate(char out[ACCOUNT_OTP_LEN + 1])
{
	static const char alphabet[] = ACCOUNT_OTP_ALPHABET;
	if (sodium_init() < 0)
		return -1;
	for (size_t i = 0; i < ACCOUNT_OTP_LEN; i++)
		out[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
	out[ACCOUNT_OTP_LEN] = '\0';
	return 0;
}

void account_token_hash(const char *text, unsigned char hash[STORE_HASH_SIZE])
{
	crypto_hash_sha256(hash, (const unsigned char *)text, strlen(text));
}

int account_token_generate(char text[ACCOUNT_TOKEN_LEN + 1], unsigned char hash[STORE_HASH_SIZE])
{
	unsigned char raw[ACCOUNT_TOKEN_BYTES];
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(raw, sizeof raw);
	memcpy(text, ACCOUNT_TOKEN_PREFIX, 4);
	sodium_bin2base64(text + 4, ACCOUNT_TOKEN_LEN - 4 + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	account_token_hash(text, hash);
	return 0;
}

/* ---- use cases ---- */

struct user_add {
	struct store_user u;
	bool no_org, exists;
};

static int do_user_add(struct app *a, void *cls)
{
	struct user_add *c = cls;
	struct store_org o;
	char id[24];
	c->no_org = c->exists = false;
	int rc = a->store->ops->get_org(a->store, c->u.org, &o);
	if (rc <= 0) {
		c->no_org = rc == STORE_NONE;
		return rc;
	}
	rc = a->store->ops->insert_user(a->store, &c->u);
	if (rc <= 0) {
		c->exists = rc == STORE_NONE;
		return rc;
	}
	snprintf(id, sizeof id, "%" PRId64, c->u.id);
	return app_audit(a, "user_add", "user_account", id, "account management");
}

int app_user_add(struct app *a, const char *org, const char *role, const char *email,
		 const char *password, char *otp, char *err, size_t errcap)
{
	struct user_add c = {0};
	char roles[160];
	int ret = APP_INVALID;
	if (strlen(org) > STORE_ORG_CODE_MAX) {
		snprintf(err, errcap, "unknown organisation %s", org);
		goto cleanup;
	}
	if (!account_role_valid(role)) {
		account_roles_list(roles, sizeof roles);
		snprintf(err, errcap, "unknown role '%s' (roles: %s)", role, roles);
		goto cleanup;
	}
	if (account_email_normalize(email, c.u.email, sizeof c.u.email) < 0) {
		snprintf(err, errcap, "'%s' is not an email address", email);
		goto cleanup;
	}
	if (password && account_password_check(password, err, errcap) < 0)
		goto cleanup;
	if (!password && (!otp || account_otp_generate(otp) < 0)) {
		snprintf(err, errcap, "cannot make a one-time password");
		ret = APP_FAIL;
		goto cleanup;
	}
	snprintf(c.u.org, sizeof c.u.org, "%s", org);
	snprintf(c.u.role, sizeof c.u.role, "%s", role);
	c.u.must_change_password = !password;
	c.u.created_at = app_now();
	/* Hashed before the transaction: argon2id takes a while and needs no lock. */
	if (account_password_hash(password ? password : otp, c.u.password_hash) < 0) {
		snprintf(err, errcap, "cannot hash the password (out of memory)");
		ret = APP_FAIL;
		goto cleanup;
	}
	if (app_tx(a, do_user_add, &c) < 0) {
		snprintf(err, errcap, "%s", a->store->errmsg);
		ret = APP_FAIL;
	} else if (c.no_org) {
		snprintf(err, errcap, "unknown organisation %s", org);
	} else if (c.exists) {
		snprintf(err, errcap, "a user with email %s exists already", c.u.email);
	} else {
		ret = APP_OK;
	}
cleanup:
	if (ret != APP_OK && otp && !password)
		sodium_memzero(otp, ACCOUNT_OTP_LEN + 1);
	sodium_memzero(&c.u.password_hash, sizeof c.u.password_hash);
	return ret;
}

struct token_add {
	const char *email;
	struct store_token t;
	bool no_user, disabled;
};

static int do_token_add(struct app *a, void *cls)
{
	struct token_add *c = cls;
	struct store_user u;
	char id[24];
	c->no_user = c->disabled = false;
	int rc = a->store->ops->get_user_by_email(a->store, c->email, &u);
	if (rc <= 0) {
		c->no_user = rc == STORE_NONE;
		return rc;
	}
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	if (u.disabled_at != 0) {
		c->disabled = true;
		return STORE_NONE;
	}
	c->t.user_id = u.id;
	rc = a->store->ops->insert_token(a->store, &c->t);
	if (rc <= 0)
		return rc;
	snprintf(id, sizeof id, "%" PRId64, c->t.id);
	return app_audit(a, "token_add", "api_token", id, "account management");
}

int app_token_add(struct app *a, const char *email, char token[ACCOUNT_TOKEN_LEN + 1], char *err,
		  size_t errcap)
{
	char norm[STORE_EMAIL_MAX + 1];
	struct token_add c = {.email = norm};
	int ret = APP_INVALID;
	token[0] = '\0';
	if (account_email_normalize(email, norm, sizeof norm) < 0) {
		snprintf(err, errcap, "'%s' is not an email address", email);
		goto cleanup;
	}
	if (account_token_generate(token, c.t.token_hash) < 0) {
		snprintf(err, errcap, "cannot make a token");
		ret = APP_FAIL;
		goto cleanup;
	}
	c.t.created_at = app_now();
	if (app_tx(a, do_token_add, &c) < 0) {
		snprintf(err, errcap, "%s", a->store->errmsg);
		ret = APP_FAIL;
	} else if (c.no_user) {
		snprintf(err, errcap, "no user with email %s", norm);
	} else if (c.disabled) {
		snprintf(err, errcap, "user %s is disabled", norm);
	} else {
		ret = APP_OK;
	}
cleanup:
	if (ret != APP_OK)
		sodium_memzero(token, ACCOUNT_TOKEN_LEN + 1);
	return ret;
}

/* The shape of a token's text: the prefix and 43 base64url characters. */
static bool token_shape_ok(const char *t)
{
	if (strncmp(t, ACCOUNT_TOKEN_PREFIX, 4) != 0 ||
	    strnlen(t, ACCOUNT_TOKEN_LEN + 1) != ACCOUNT_TOKEN_LEN)
		return false;
	for (size_t i = 4; i < ACCOUNT_TOKEN_LEN; i++)
		if (!isalnum((unsigned char)t[i]) && t[i] != '-' && t[i] != '_')
			return false;
	return true;
}

int app_token_principal(struct app *a, const char *token, struct principal *out)
{
	unsigned char hash[STORE_HASH_SIZE];
	struct store_token t;
	struct store_user u;
	enum org_kind kind;
	memset(out, 0, sizeof *out);
	if (!token_shape_ok(token))
		return APP_INVALID;
	account_token_hash(token, hash);
	int rc = a->store->ops->get_token_user(a->store, hash, &t, &u, &kind);
	if (rc < 0)
		return APP_FAIL;
	if (rc == STORE_NONE || t.revoked_at != 0 || u.disabled_at != 0)
		return APP_INVALID;
	out->via = PRINCIPAL_TOKEN;
	out->user_id = u.id;
	out->org_kind = kind;
	snprintf(out->email, sizeof out->email, "%s", u.email);
	snprintf(out->org, sizeof out->org, "%s", u.org);
	snprintf(out->role, sizeof out->role, "%s", u.role);
	return APP_OK;
}
