/* Tests for staff sessions (app/session.h): sign-in, the generic failure,
 * idle and absolute timeouts on a clock of the test's choosing, rotation,
 * CSRF tokens, throttling per account and per address, sign-out and the
 * password change (on a fresh SQLite database; the store operations
 * themselves run on both backends in test_store). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include "app/account.h"
#include "app/session.h"
#include "app_fixture.h"

#define PW "correct horse battery"
#define T0 ((int64_t)1800000000)

struct fx {
	struct app_fx x;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char err[256];
	if (!f || app_fx_open(&f->x, "session", "web") != 0)
		return -1;
	struct store_org uwv = {
		.code = "UWV-NH", .name = "UWV Noord-Holland", .kind = ORG_UWV, .window_months = 3};
	if (app_org_add(&f->x.a, &uwv, err, sizeof err) != APP_OK ||
	    app_user_add(&f->x.a, "UWV-NH", "uwv-adviseur", "Ada@Example.nl", PW, NULL, err,
			 sizeof err) != APP_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_fx_close(&f->x);
	free(f);
	return 0;
}

static enum signin_result signin(struct fx *f, const char *email, const char *pw, const char *ip,
				 const char *old, int64_t now, struct signin_outcome *out)
{
	char err[256] = "";
	int rc = app_session_signin(&f->x.a, email, pw, ip, old, now, out, err, sizeof err);
	if (rc != APP_OK)
		fail_msg("signin: %s", err);
	return out->result;
}

static int check(struct fx *f, const char *cookie, int64_t now, bool extend)
{
	struct session_info info;
	return app_session_check(&f->x.a, cookie, now, extend, &info);
}

static int64_t count_sql(struct fx *f, const char *sql)
{
	return app_fx_int(&f->x, sql);
}

static void test_throttle_delay(void **state)
{
	(void)state;
	assert_int_equal(throttle_locked_until(0, 5, T0), 0);
	assert_int_equal(throttle_locked_until(5, 5, T0), 0);
	assert_int_equal(throttle_locked_until(6, 5, T0), T0 + THROTTLE_BASE_S);
	assert_int_equal(throttle_locked_until(7, 5, T0), T0 + 2 * THROTTLE_BASE_S);
	assert_int_equal(throttle_locked_until(8, 5, T0), T0 + 4 * THROTTLE_BASE_S);
	assert_int_equal(throttle_locked_until(100, 5, T0), T0 + THROTTLE_MAX_S);
	assert_int_equal(throttle_locked_until(INT64_MAX, 5, T0), T0 + THROTTLE_MAX_S);
}

static void test_signin_check_signout(void **state)
{
	struct fx *f = *state;
	struct signin_outcome o;
	struct session_info info;
	assert_int_equal(signin(f, "ADA@example.NL", PW, "192.0.2.1", NULL, T0, &o), SIGNIN_OK);
	assert_int_equal(strlen(o.cookie), SESSION_TOKEN_LEN);
	assert_int_equal(o.info.who.via, PRINCIPAL_SESSION);
	assert_string_equal(o.info.who.email, "ada@example.nl");
	assert_string_equal(o.info.who.org, "UWV-NH");
	assert_int_equal(o.info.who.org_kind, ORG_UWV);
	assert_string_equal(o.info.who.role, "uwv-adviseur");
	assert_false(o.info.must_change_password);
	assert_int_equal(o.info.expires_at, T0 + SESSION_IDLE_S);

	assert_int_equal(app_session_check(&f->x.a, o.cookie, T0 + 5, false, &info), APP_OK);
	assert_int_equal(info.who.user_id, o.info.who.user_id);
	assert_string_equal(info.csrf, o.info.csrf);
	/* Only the hash of the id is stored. */
	assert_int_equal(count_sql(f, "SELECT count(*) FROM staff_session"), 1);
	assert_int_equal(count_sql(f, "SELECT length(id_hash) FROM staff_session"), 32);

	/* Not sessions: nothing, a wrong length, a well-formed stranger. */
	assert_int_equal(check(f, NULL, T0, false), APP_INVALID);
	assert_int_equal(check(f, "abc", T0, false), APP_INVALID);
	char other[SESSION_TOKEN_LEN + 1];
	memcpy(other, o.cookie, sizeof other);
	other[0] = other[0] == 'A' ? 'B' : 'A';
	assert_int_equal(check(f, other, T0, false), APP_INVALID);

	assert_int_equal(app_session_signout(&f->x.a, o.cookie, T0 + 10), APP_OK);
	assert_int_equal(check(f, o.cookie, T0 + 11, false), APP_INVALID);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM staff_session"), 0);
	/* Signing out twice, or without a session, is harmless. */
	assert_int_equal(app_session_signout(&f->x.a, o.cookie, T0 + 12), APP_OK);
	assert_int_equal(app_session_signout(&f->x.a, NULL, T0 + 12), APP_OK);
	assert_int_equal(
		count_sql(f,
			  "SELECT count(*) FROM audit_event WHERE action IN ('signin','signout') "
			  "AND outcome = 'allowed'"),
		2);
}

static void test_generic_failure(void **state)
{
	struct fx *f = *state;
	struct signin_outcome wrong, unknown, empty;
	assert_int_equal(
		signin(f, "ada@example.nl", "not the password", "192.0.2.1", NULL, T0, &wrong),
		SIGNIN_BAD);
	assert_int_equal(signin(f, "bob@example.nl", PW, "192.0.2.1", NULL, T0, &unknown),
			 SIGNIN_BAD);
	assert_int_equal(signin(f, "not an address", "", "192.0.2.1", NULL, T0, &empty),
			 SIGNIN_BAD);
	/* Nothing in the outcome tells the cases apart. */
	assert_memory_equal(&wrong, &unknown, sizeof wrong);
	assert_memory_equal(&wrong, &empty, sizeof wrong);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM staff_session"), 0);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM audit_event WHERE action = 'signin' "
				      "AND outcome = 'denied'"),
			 3);
}

static void test_idle_timeout(void **state)
{
	struct fx *f = *state;
	struct signin_outcome o;
	assert_int_equal(signin(f, "ada@example.nl", PW, "192.0.2.1", NULL, T0, &o), SIGNIN_OK);
	/* A request within SESSION_TOUCH_S does not move last-seen ... */
	assert_int_equal(check(f, o.cookie, T0 + 30, false), APP_OK);
	assert_int_equal(check(f, o.cookie, T0 + SESSION_IDLE_S - 1, false), APP_OK);
	/* ... the one just before did (it was more than SESSION_TOUCH_S later). */
	int64_t seen = T0 + SESSION_IDLE_S - 1;
	assert_int_equal(check(f, o.cookie, seen + SESSION_IDLE_S - 1, false), APP_OK);
	seen += SESSION_IDLE_S - 1;
	/* Idle for the full timeout: gone, and deleted. */
	assert_int_equal(check(f, o.cookie, seen + SESSION_IDLE_S, false), APP_INVALID);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM staff_session"), 0);
	assert_int_equal(check(f, o.cookie, seen + 1, false), APP_INVALID);
}

static void test_extend(void **state)
{
	struct fx *f = *state;
	struct signin_outcome o;
	struct session_info info;
	assert_int_equal(signin(f, "ada@example.nl", PW, "192.0.2.1", NULL, T0, &o), SIGNIN_OK);
	/* Within SESSION_TOUCH_S a plain request does not extend, "extend" does. */
	assert_int_equal(app_session_check(&f->x.a, o.cookie, T0 + 20, true, &info), APP_OK);
	assert_int_equal(info.expires_at, T0 + 20 + SESSION_IDLE_S);
	assert_int_equal(check(f, o.cookie, T0 + 20 + SESSION_IDLE_S - 1, false), APP_OK);
}

static void test_absolute_timeout(void **state)
{
	struct fx *f = *state;
	struct signin_outcome o;
	struct session_info info;
	assert_int_equal(signin(f, "ada@example.nl", PW, "192.0.2.1", NULL, T0, &o), SIGNIN_OK);
	int64_t t = T0;
	/* Busy all day: each request well within the idle timeout. */
	while (t + SESSION_IDLE_S / 2 < T0 + SESSION_ABSOLUTE_S) {
		t += SESSION_IDLE_S / 2;
		assert_int_equal(app_session_check(&f->x.a, o.cookie, t, false, &info), APP_OK);
		assert_true(info.expires_at <= T0 + SESSION_ABSOLUTE_S);
	}
	assert_int_equal(check(f, o.cookie, T0 + SESSION_ABSOLUTE_S, false), APP_INVALID);
	/* A clock that went backwards before the session began is not trusted. */
	assert_int_equal(signin(f, "ada@example.nl", PW, "192.0.2.1", NULL, T0, &o), SIGNIN_OK);
	assert_int_equal(check(f, o.cookie, T0 - 1, false), APP_INVALID);
}

static void test_rotation(void **state)
{
	struct fx *f = *state;
	struct signin_outcome first, second;
	assert_int_equal(signin(f, "ada@example.nl", PW, "192.0.2.1", NULL, T0, &first), SIGNIN_OK);
	assert_int_equal(
		signin(f, "ada@example.nl", PW, "192.0.2.1", first.cookie, T0 + 5, &second),
		SIGNIN_OK);
	assert_string_not_equal(first.cookie, second.cookie);
	assert_string_not_equal(first.info.csrf, second.info.csrf);
	assert_int_equal(check(f, first.cookie, T0 + 6, false), APP_INVALID);
	assert_int_equal(check(f, second.cookie, T0 + 6, false), APP_OK);
	/* A failed sign-in leaves the session the browser has alone. */
	struct signin_outcome bad;
	assert_int_equal(signin(f, "ada@example.nl", "wrong wrong wrong", "192.0.2.1",
				second.cookie, T0 + 7, &bad),
			 SIGNIN_BAD);
	assert_int_equal(check(f, second.cookie, T0 + 8, false), APP_OK);
}

static void test_csrf(void **state)
{
	struct fx *f = *state;
	struct signin_outcome o;
	char tok[SESSION_TOKEN_LEN + 1];
	assert_int_equal(signin(f, "ada@example.nl", PW, "192.0.2.1", NULL, T0, &o), SIGNIN_OK);
	assert_int_equal(strlen(o.info.csrf), SESSION_TOKEN_LEN);
	assert_true(session_csrf_ok(&o.info, o.info.csrf));
	memcpy(tok, o.info.csrf, sizeof tok);
	assert_true(session_csrf_ok(&o.info, tok));
	tok[SESSION_TOKEN_LEN - 1] ^= 1;
	assert_false(session_csrf_ok(&o.info, tok));
	tok[SESSION_TOKEN_LEN - 1] = '\0';
	assert_false(session_csrf_ok(&o.info, tok));
	assert_false(session_csrf_ok(&o.info, NULL));
	assert_false(session_csrf_ok(&o.info, ""));
	/* The token is not the session id. */
	assert_string_not_equal(o.info.csrf, o.cookie);
	struct session_info none = {0};
	assert_false(session_csrf_ok(&none, ""));
}

static void test_throttle_account(void **state)
{
	struct fx *f = *state;
	struct signin_outcome o;
	int64_t t = T0;
	for (int i = 0; i < THROTTLE_ACCOUNT_FREE; i++)
		assert_int_equal(signin(f, "ada@example.nl", "wrong wrong wrong", "192.0.2.1", NULL,
					t++, &o),
				 SIGNIN_BAD);
	/* The next failure locks the account for THROTTLE_BASE_S ... */
	assert_int_equal(signin(f, "ada@example.nl", "wrong wrong wrong", "192.0.2.2", NULL, t, &o),
			 SIGNIN_BAD);
	/* ... even for the right password, from another address. */
	assert_int_equal(signin(f, "ada@example.nl", PW, "192.0.2.3", NULL, t + 1, &o),
			 SIGNIN_THROTTLED);
	assert_int_equal(o.retry_after, THROTTLE_BASE_S - 1);
	assert_int_equal(o.cookie[0], '\0');
	/* Once the lock has passed the right password works and clears the count. */
	assert_int_equal(
		signin(f, "ada@example.nl", PW, "192.0.2.3", NULL, t + THROTTLE_BASE_S, &o),
		SIGNIN_OK);
	assert_int_equal(signin(f, "ada@example.nl", "wrong wrong wrong", "192.0.2.3", NULL,
				t + THROTTLE_BASE_S + 1, &o),
			 SIGNIN_BAD);
	assert_int_equal(
		signin(f, "ada@example.nl", PW, "192.0.2.3", NULL, t + THROTTLE_BASE_S + 2, &o),
		SIGNIN_OK);
	/* An unknown address is throttled exactly like a known one. */
	for (int i = 0; i <= THROTTLE_ACCOUNT_FREE; i++)
		assert_int_equal(
			signin(f, "nobody@example.nl", "x", "192.0.2.4", NULL, T0 + 100 + i, &o),
			SIGNIN_BAD);
	assert_int_equal(signin(f, "NOBODY@example.nl", "x", "192.0.2.5", NULL, T0 + 110, &o),
			 SIGNIN_THROTTLED);
	/* Stored under hashes only: the typed addresses are nowhere. */
	assert_int_equal(
		count_sql(f, "SELECT count(*) FROM signin_throttle WHERE length(key) = 32"),
		count_sql(f, "SELECT count(*) FROM signin_throttle"));
}

static void test_throttle_ip(void **state)
{
	struct fx *f = *state;
	struct signin_outcome o;
	char email[64];
	/* Many accounts from one address: the address is locked. */
	for (int i = 0; i <= THROTTLE_IP_FREE; i++) {
		snprintf(email, sizeof email, "guess%d@example.nl", i);
		assert_int_equal(signin(f, email, "x", "198.51.100.7", NULL, T0 + i, &o),
				 SIGNIN_BAD);
	}
	assert_int_equal(signin(f, "ada@example.nl", PW, "198.51.100.7", NULL, T0 + 30, &o),
			 SIGNIN_THROTTLED);
	/* The same account from elsewhere is fine. */
	assert_int_equal(signin(f, "ada@example.nl", PW, "198.51.100.8", NULL, T0 + 31, &o),
			 SIGNIN_OK);
	/* Failures are forgotten a day after the last one. */
	int64_t later = T0 + THROTTLE_IP_FREE + THROTTLE_FORGET_S + 1;
	assert_int_equal(signin(f, "guess0@example.nl", "x", "198.51.100.7", NULL, later, &o),
			 SIGNIN_BAD);
	assert_int_equal(signin(f, "ada@example.nl", PW, "198.51.100.7", NULL, later + 1, &o),
			 SIGNIN_OK);
}

static void test_password_change(void **state)
{
	struct fx *f = *state;
	char err[256] = "", otp[ACCOUNT_OTP_LEN + 1], cookie[SESSION_TOKEN_LEN + 1];
	struct signin_outcome o, other;
	struct session_info info;
	enum password_change_result res;
	assert_int_equal(app_user_add(&f->x.a, "UWV-NH", "beheer", "new@example.nl", NULL, otp, err,
				      sizeof err),
			 APP_OK);
	assert_int_equal(signin(f, "new@example.nl", otp, "192.0.2.1", NULL, T0, &o), SIGNIN_OK);
	assert_true(o.info.must_change_password);
	assert_int_equal(signin(f, "new@example.nl", otp, "192.0.2.1", NULL, T0, &other),
			 SIGNIN_OK);

	const char *good = "a much better passphrase";
	struct {
		const char *cur, *n1, *n2;
		enum password_change_result want;
	} cases[] = {
		{"wrong wrong wrong", good, good, PWCHANGE_WRONG_CURRENT},
		{otp, good, "a much better passphrasE", PWCHANGE_MISMATCH},
		{otp, "short", "short", PWCHANGE_WEAK},
		{otp, otp, otp, PWCHANGE_SAME},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(app_password_change(&f->x.a, &o.info, cases[i].cur, cases[i].n1,
						     cases[i].n2, T0 + 1, &res, cookie, &info, err,
						     sizeof err),
				 APP_OK);
		assert_int_equal(res, cases[i].want);
		assert_int_equal(cookie[0], '\0');
	}
	assert_int_equal(check(f, o.cookie, T0 + 2, false), APP_OK);
	assert_int_equal(app_password_change(&f->x.a, &o.info, otp, good, good, T0 + 3, &res,
					     cookie, &info, err, sizeof err),
			 APP_OK);
	assert_int_equal(res, PWCHANGE_OK);
	assert_false(info.must_change_password);
	assert_int_equal(strlen(cookie), SESSION_TOKEN_LEN);
	/* Every old session of the user ended; the new one works. */
	assert_int_equal(check(f, o.cookie, T0 + 4, false), APP_INVALID);
	assert_int_equal(check(f, other.cookie, T0 + 4, false), APP_INVALID);
	assert_int_equal(check(f, cookie, T0 + 4, false), APP_OK);
	assert_int_equal(signin(f, "new@example.nl", otp, "192.0.2.1", NULL, T0 + 5, &o),
			 SIGNIN_BAD);
	assert_int_equal(signin(f, "new@example.nl", good, "192.0.2.1", NULL, T0 + 6, &o),
			 SIGNIN_OK);
	assert_false(o.info.must_change_password);
	assert_int_equal(count_sql(f, "SELECT count(*) FROM audit_event WHERE action = "
				      "'password_change'"),
			 1);
}

static void test_disabled_account(void **state)
{
	struct fx *f = *state;
	struct signin_outcome o;
	assert_int_equal(signin(f, "ada@example.nl", PW, "192.0.2.1", NULL, T0, &o), SIGNIN_OK);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->x.db, &db), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(db, "UPDATE user_account SET disabled_at = 1", NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(check(f, o.cookie, T0 + 1, false), APP_INVALID);
	assert_int_equal(signin(f, "ada@example.nl", PW, "192.0.2.1", NULL, T0 + 2, &o),
			 SIGNIN_BAD);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_throttle_delay),
		T(test_signin_check_signout),
		T(test_generic_failure),
		T(test_idle_timeout),
		T(test_extend),
		T(test_absolute_timeout),
		T(test_rotation),
		T(test_csrf),
		T(test_throttle_account),
		T(test_throttle_ip),
		T(test_password_change),
		T(test_disabled_account),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
