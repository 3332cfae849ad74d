/* Staff sign-in with server-side sessions (issue 4, section 3).
 *
 * A session id is SESSION_RAW_BYTES random bytes, sent to the browser once
 * as SESSION_TOKEN_LEN characters of base64url (the cookie); the store keeps
 * only the SHA-256 of that text (account_token_hash), so a copy of the
 * database signs nobody in. A session ends:
 *   - after SESSION_IDLE_S without a request (idle timeout; the last-seen
 *     moment is written at most once per SESSION_TOUCH_S, so the idle
 *     window may close up to that much early, never late);
 *   - SESSION_ABSOLUTE_S after sign-in, whatever happens (absolute timeout);
 *   - at sign-out, at a password change (every session of that user), or
 *     when the account is disabled.
 * Signing in always makes a new session id and deletes the session the
 * browser came with (rotation: a planted id never becomes signed in).
 *
 * CSRF: each session carries a random synchronizer token (SESSION_TOKEN_LEN
 * characters) that every state-changing form sends back; session_csrf_ok
 * compares in constant time.
 *
 * Throttling: failed sign-ins are counted per account (keyed by the e-mail
 * address typed, whether or not such an account exists) and per client
 * address (app/throttle.h), THROTTLE_ACCOUNT_FREE (resp. THROTTLE_IP_FREE)
 * failures allowed before any delay; an account's count is cleared by a
 * successful sign-in. While a key is locked no password is checked at all.
 *
 * No way to learn which accounts exist: an unknown address, a disabled
 * account and a wrong password give the same result (SIGNIN_BAD), and an
 * unknown address still costs one argon2id verification (against a dummy
 * hash made once per process), so the answer takes as long.
 *
 * Every function takes the moment `now` (UTC seconds) from the caller, so
 * the timeouts are tested with a clock of the test's choosing; the server
 * passes app_now(). Sign-in, sign-out and password changes are audited. */
#ifndef OVERSTAP_APP_SESSION_H
#define OVERSTAP_APP_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "app/access.h"
#include "app/app.h"
#include "app/throttle.h"

#define SESSION_IDLE_S (20 * 60)
#define SESSION_ABSOLUTE_S (10 * 60 * 60)
#define SESSION_WARN_S (2 * 60) /* the pages warn this long before the idle timeout */
#define SESSION_TOUCH_S 60
#define SESSION_RAW_BYTES 32
#define SESSION_TOKEN_LEN 43 /* base64url of 32 bytes, unpadded */

#define THROTTLE_ACCOUNT_FREE 5
#define THROTTLE_IP_FREE 20

/* A valid session, as the web layer needs it. */
struct session_info {
	struct principal who; /* via PRINCIPAL_SESSION */
	int64_t session_id;
	char csrf[SESSION_TOKEN_LEN + 1];
	int64_t created_at;
	int64_t last_seen_at;
	int64_t expires_at; /* the earlier of the idle and the absolute timeout */
	bool must_change_password;
};

enum signin_result {
	SIGNIN_OK,
	SIGNIN_BAD,       /* "e-mail address or password wrong": nothing more is said */
	SIGNIN_THROTTLED, /* too many failures: retry_after seconds to wait */
};

struct signin_outcome {
	enum signin_result result;
	int64_t retry_after;                /* SIGNIN_THROTTLED */
	char cookie[SESSION_TOKEN_LEN + 1]; /* SIGNIN_OK: the new session id (secret) */
	struct session_info info;           /* SIGNIN_OK */
};

/* Signs a member of staff in. ip is the client address (text, as the
 * server sees it); old_cookie is the session id the browser sent, or NULL
 * (deleted on success). APP_OK with the outcome in *out, or APP_FAIL with a
 * message in err (the store failed). */
int app_session_signin(struct app *a, const char *email, const char *password, const char *ip,
		       const char *old_cookie, int64_t now, struct signin_outcome *out, char *err,
		       size_t errcap);

/* Looks the cookie up. APP_OK with *info when the session is valid (its
 * last-seen moment is moved to now when older than SESSION_TOUCH_S, or
 * always when extend is true); APP_INVALID when there is no such session,
 * it expired (it is deleted then) or the account is disabled; APP_FAIL when
 * the store failed. */
int app_session_check(struct app *a, const char *cookie, int64_t now, bool extend,
		      struct session_info *info);

/* Ends the session of this cookie (nothing when there is none). APP_OK or
 * APP_FAIL. */
int app_session_signout(struct app *a, const char *cookie, int64_t now);

/* Whether token is the session's CSRF token (constant-time; NULL is not). */
bool session_csrf_ok(const struct session_info *info, const char *token);

enum password_change_result {
	PWCHANGE_OK,
	PWCHANGE_WRONG_CURRENT, /* the current password is not right */
	PWCHANGE_MISMATCH,      /* the two new ones differ */
	PWCHANGE_SAME,          /* the new one is the current one */
	PWCHANGE_WEAK,          /* too short or too long (account_password_check) */
};

/* Changes the signed-in user's password: checks the current one and the
 * rules of app/account.h, stores the new hash, clears
 * must_change_password, ends every session of the user and starts a new
 * one (its id in cookie, its details in *info). APP_OK with *res, or
 * APP_FAIL with a message in err. */
int app_password_change(struct app *a, const struct session_info *cur, const char *current,
			const char *new1, const char *new2, int64_t now,
			enum password_change_result *res, char cookie[SESSION_TOKEN_LEN + 1],
			struct session_info *info, char *err, size_t errcap);

#endif
