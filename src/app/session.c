/* Staff sign-in with server-side sessions (session.h says how they work). */
#include "app/session.h"

#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/account.h"

_Static_assert(sodium_base64_ENCODED_LEN(SESSION_RAW_BYTES,
					 sodium_base64_VARIANT_URLSAFE_NO_PADDING) ==
		       SESSION_TOKEN_LEN + 1,
	       "session token length");
_Static_assert(SESSION_RAW_BYTES == STORE_HASH_SIZE, "the csrf column holds the raw token");

static void b64(const unsigned char raw[SESSION_RAW_BYTES], char out[SESSION_TOKEN_LEN + 1])
{
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, SESSION_RAW_BYTES,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* The hash the store keeps for a cookie, or -1 when the text cannot be a
 * session id (wrong length): such a cookie is simply not a session. */
static int cookie_hash(const char *cookie, unsigned char hash[STORE_HASH_SIZE])
{
	if (!cookie || strnlen(cookie, SESSION_TOKEN_LEN + 1) != SESSION_TOKEN_LEN)
		return -1;
	account_token_hash(cookie, hash);
	return 0;
}

/* ---- the dummy hash for unknown accounts ---- */

static char dummy_hash[STORE_PWHASH_MAX + 1];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
	char pw[ACCOUNT_OTP_LEN + 1];
	if (account_otp_generate(pw) < 0 || account_password_hash(pw, dummy_hash) < 0)
		dummy_hash[0] = '\0';
	sodium_memzero(pw, sizeof pw);
}

/* Checks pw against hash, or against the dummy when hash is NULL (always
 * false then, at the same cost). */
static bool password_ok(const char *hash, const char *pw)
{
	pthread_once(&dummy_once, dummy_make);
	const char *h = hash ? hash : dummy_hash;
	if (!h[0])
		return false;
	bool ok = crypto_pwhash_str_verify(h, pw, strlen(pw)) == 0;
	return ok && hash != NULL;
}

/* ---- audit ---- */

static int audit_user(struct app *a, const struct store_user *u, const char *action, bool allowed)
{
	char id[24];
	snprintf(id, sizeof id, "%" PRId64, u ? u->id : (int64_t)0);
	struct store_audit ev = {
		.at = app_now(),
		.actor = a->actor,
		.org = u ? u->org : NULL,
		.role = u ? u->role : NULL,
		.action = action,
		.object_type = "user_account",
		.object_id = id,
		.purpose = "sign-in",
		.outcome = allowed ? "allowed" : "denied",
		.request_id = a->request_id,
	};
	return app_audit_event(a, &ev);
}

/* ---- sessions ---- */

static void info_fill(struct session_info *info, const struct store_session *ss,
		      const struct store_user *u, const struct store_org *o)
{
	memset(info, 0, sizeof *info);
	info->who.via = PRINCIPAL_SESSION;
	info->who.user_id = u->id;
	snprintf(info->who.email, sizeof info->who.email, "%s", u->email);
	snprintf(info->who.org, sizeof info->who.org, "%s", u->org);
	snprintf(info->who.role, sizeof info->who.role, "%s", u->role);
	info->who.org_kind = o->kind;
	info->session_id = ss->id;
	b64(ss->csrf, info->csrf);
	info->created_at = ss->created_at;
	info->last_seen_at = ss->last_seen_at;
	int64_t idle = ss->last_seen_at + SESSION_IDLE_S, abs = ss->created_at + SESSION_ABSOLUTE_S;
	info->expires_at = idle < abs ? idle : abs;
	info->must_change_password = u->must_change_password;
}

/* Starts a session for u inside the caller's transaction: deletes the
 * expired sessions of everyone and the session the browser came with
 * (old_hash, may be NULL), inserts the new one. */
static int session_start(struct app *a, const struct store_user *u, const unsigned char *old_hash,
			 int64_t now, char cookie[SESSION_TOKEN_LEN + 1], struct session_info *info)
{
	struct store *s = a->store;
	unsigned char raw[SESSION_RAW_BYTES];
	struct store_session ss = {.user_id = u->id, .created_at = now, .last_seen_at = now};
	struct store_session old;
	struct store_user old_user;
	struct store_org o;
	int64_t purged;
	int rc = s->ops->purge_sessions(s, now - SESSION_IDLE_S, now - SESSION_ABSOLUTE_S, &purged);
	if (rc < 0)
		return rc;
	if (old_hash) {
		rc = s->ops->get_session_by_hash(s, old_hash, &old, &old_user);
		if (rc < 0)
			return rc;
		if (rc == STORE_ONE && (rc = s->ops->delete_session(s, old.id)) < 0)
			return rc;
	}
	rc = s->ops->get_org(s, u->org, &o);
	if (rc <= 0)
		return rc < 0 ? rc : STORE_HARD;
	randombytes_buf(raw, sizeof raw);
	b64(raw, cookie);
	account_token_hash(cookie, ss.id_hash);
	sodium_memzero(raw, sizeof raw);
	randombytes_buf(ss.csrf, sizeof ss.csrf);
	rc = s->ops->insert_session(s, &ss);
	if (rc < 0)
		return rc;
	info_fill(info, &ss, u, &o);
	return STORE_ONE;
}

struct signin_tx {
	const struct store_user *user; /* NULL: no such (active) account */
	bool ok;
	const unsigned char *key_account, *key_ip;
	const unsigned char *old_hash;
	int64_t now;
	struct signin_outcome *out;
};

static int do_signin(struct app *a, void *cls)
{
	struct signin_tx *c = cls;
	struct store *s = a->store;
	int rc;
	if (!c->ok) {
		if ((rc = throttle_fail(s, c->key_account, THROTTLE_ACCOUNT_FREE, c->now)) < 0 ||
		    (rc = throttle_fail(s, c->key_ip, THROTTLE_IP_FREE, c->now)) < 0)
			return rc;
		return audit_user(a, c->user, "signin", false);
	}
	if ((rc = s->ops->delete_throttle(s, c->key_account)) < 0)
		return rc;
	rc = session_start(a, c->user, c->old_hash, c->now, c->out->cookie, &c->out->info);
	if (rc < 0)
		return rc;
	return audit_user(a, c->user, "signin", true);
}

int app_session_signin(struct app *a, const char *email, const char *password, const char *ip,
		       const char *old_cookie, int64_t now, struct signin_outcome *out, char *err,
		       size_t errcap)
{
	char norm[STORE_EMAIL_MAX + 1] = "";
	unsigned char key_account[STORE_HASH_SIZE], key_ip[STORE_HASH_SIZE],
		old_hash[STORE_HASH_SIZE];
	struct store_user u;
	struct store *s = a->store;
	int ret = APP_FAIL;
	memset(out, 0, sizeof *out);
	if (sodium_init() < 0) {
		snprintf(err, errcap, "libsodium cannot start");
		return APP_FAIL;
	}
	/* An address that is not one still counts (as typed, lower-cased,
	 * bounded), so a locked key cannot be dodged by a variant spelling. */
	if (account_email_normalize(email, norm, sizeof norm) < 0) {
		size_t i = 0;
		for (; email[i] && i < STORE_EMAIL_MAX; i++)
			norm[i] = (char)((email[i] >= 'A' && email[i] <= 'Z') ? email[i] + 32
									      : email[i]);
		norm[i] = '\0';
	}
	throttle_key("account", norm, key_account);
	throttle_key("ip", ip, key_ip);

	int64_t until;
	const unsigned char *const keys[2] = {key_account, key_ip};
	if (throttle_until(s, keys, 2, now, &until) < 0)
		goto store_fail;
	if (until > 0) {
		out->result = SIGNIN_THROTTLED;
		out->retry_after = until - now;
		return APP_OK;
	}
	int rc = s->ops->get_user_by_email(s, norm, &u);
	if (rc < 0)
		goto store_fail;
	bool known = rc == STORE_ONE && u.disabled_at == 0;
	bool len_ok = strnlen(password, ACCOUNT_PASSWORD_MAX + 1) <= ACCOUNT_PASSWORD_MAX;
	/* Always one verification, so every failure takes as long. */
	bool pw_ok = password_ok(known && len_ok ? u.password_hash : NULL, len_ok ? password : "");
	if (rc == STORE_ONE)
		sodium_memzero(u.password_hash, sizeof u.password_hash);
	struct signin_tx c = {
		.user = rc == STORE_ONE ? &u : NULL,
		.ok = known && pw_ok,
		.key_account = key_account,
		.key_ip = key_ip,
		.old_hash = cookie_hash(old_cookie, old_hash) == 0 ? old_hash : NULL,
		.now = now,
		.out = out,
	};
	if (app_tx(a, do_signin, &c) < 0)
		goto store_fail;
	out->result = c.ok ? SIGNIN_OK : SIGNIN_BAD;
	return APP_OK;
store_fail:
	snprintf(err, errcap, "%s", s->errmsg);
	sodium_memzero(out, sizeof *out);
	return ret;
}

struct check_tx {
	int64_t id, now;
	bool delete; /* expired: delete it; otherwise touch it */
};

static int do_check(struct app *a, void *cls)
{
	struct check_tx *c = cls;
	struct store *s = a->store;
	int rc = c->delete ? s->ops->delete_session(s, c->id)
			   : s->ops->touch_session(s, c->id, c->now);
	return rc < 0 ? rc : STORE_ONE;
}

int app_session_check(struct app *a, const char *cookie, int64_t now, bool extend,
		      struct session_info *info)
{
	unsigned char hash[STORE_HASH_SIZE];
	struct store_session ss;
	struct store_user u;
	struct store_org o;
	struct store *s = a->store;
	memset(info, 0, sizeof *info);
	if (cookie_hash(cookie, hash) < 0)
		return APP_INVALID;
	int rc = s->ops->get_session_by_hash(s, hash, &ss, &u);
	if (rc <= 0)
		return rc < 0 ? APP_FAIL : APP_INVALID;
	struct check_tx c = {.id = ss.id, .now = now};
	c.delete = u.disabled_at != 0 || now - ss.last_seen_at >= SESSION_IDLE_S ||
		   now - ss.created_at >= SESSION_ABSOLUTE_S || now < ss.created_at;
	if (c.delete) {
		if (app_tx(a, do_check, &c) < 0)
			return APP_FAIL;
		return APP_INVALID;
	}
	rc = s->ops->get_org(s, u.org, &o);
	if (rc <= 0)
		return APP_FAIL;
	if (extend || now - ss.last_seen_at >= SESSION_TOUCH_S) {
		if (app_tx(a, do_check, &c) < 0)
			return APP_FAIL;
		ss.last_seen_at = now;
	}
	info_fill(info, &ss, &u, &o);
	return APP_OK;
}

struct signout_tx {
	const struct store_session *ss;
	const struct store_user *u;
};

static int do_signout(struct app *a, void *cls)
{
	struct signout_tx *c = cls;
	int rc = a->store->ops->delete_session(a->store, c->ss->id);
	if (rc < 0)
		return rc;
	return audit_user(a, c->u, "signout", true);
}

int app_session_signout(struct app *a, const char *cookie, int64_t now)
{
	unsigned char hash[STORE_HASH_SIZE];
	struct store_session ss;
	struct store_user u;
	(void)now;
	if (cookie_hash(cookie, hash) < 0)
		return APP_OK;
	int rc = a->store->ops->get_session_by_hash(a->store, hash, &ss, &u);
	if (rc < 0)
		return APP_FAIL;
	if (rc == STORE_NONE)
		return APP_OK;
	struct signout_tx c = {&ss, &u};
	return app_tx(a, do_signout, &c) < 0 ? APP_FAIL : APP_OK;
}

bool session_csrf_ok(const struct session_info *info, const char *token)
{
	if (!token || !info->csrf[0] || strnlen(token, SESSION_TOKEN_LEN + 1) != SESSION_TOKEN_LEN)
		return false;
	return sodium_memcmp(token, info->csrf, SESSION_TOKEN_LEN) == 0;
}

struct pwchange_tx {
	const struct store_user *u;
	const char *hash;
	int64_t now;
	char *cookie;
	struct session_info *info;
};

static int do_pwchange(struct app *a, void *cls)
{
	struct pwchange_tx *c = cls;
	struct store *s = a->store;
	int rc = s->ops->set_user_password(s, c->u->id, c->hash, false);
	if (rc <= 0)
		return rc < 0 ? rc : STORE_HARD;
	if ((rc = s->ops->delete_user_sessions(s, c->u->id, 0)) < 0)
		return rc;
	struct store_user changed = *c->u;
	changed.must_change_password = false;
	if ((rc = session_start(a, &changed, NULL, c->now, c->cookie, c->info)) < 0)
		return rc;
	return audit_user(a, c->u, "password_change", true);
}

int app_password_change(struct app *a, const struct session_info *cur, const char *current,
			const char *new1, const char *new2, int64_t now,
			enum password_change_result *res, char cookie[SESSION_TOKEN_LEN + 1],
			struct session_info *info, char *err, size_t errcap)
{
	struct store_user u;
	char why[128], hash[STORE_PWHASH_MAX + 1];
	struct store *s = a->store;
	int ret = APP_FAIL;
	cookie[0] = '\0';
	int rc = s->ops->get_user_by_email(s, cur->who.email, &u);
	if (rc <= 0) {
		snprintf(err, errcap, "%s", rc < 0 ? s->errmsg : "the account is gone");
		return APP_FAIL;
	}
	if (strnlen(current, ACCOUNT_PASSWORD_MAX + 1) > ACCOUNT_PASSWORD_MAX ||
	    !password_ok(u.password_hash, current)) {
		*res = PWCHANGE_WRONG_CURRENT;
		ret = APP_OK;
		goto cleanup;
	}
	*res = strcmp(new1, new2) != 0                             ? PWCHANGE_MISMATCH
	       : account_password_check(new1, why, sizeof why) < 0 ? PWCHANGE_WEAK
	       : strcmp(new1, current) == 0                        ? PWCHANGE_SAME
								   : PWCHANGE_OK;
	if (*res != PWCHANGE_OK) {
		ret = APP_OK;
		goto cleanup;
	}
	if (account_password_hash(new1, hash) < 0) {
		snprintf(err, errcap, "cannot hash the password (out of memory)");
		goto cleanup;
	}
	struct pwchange_tx c = {&u, hash, now, cookie, info};
	if (app_tx(a, do_pwchange, &c) < 0) {
		snprintf(err, errcap, "%s", s->errmsg);
		cookie[0] = '\0';
		goto cleanup;
	}
	ret = APP_OK;
cleanup:
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	sodium_memzero(hash, sizeof hash);
	return ret;
}
