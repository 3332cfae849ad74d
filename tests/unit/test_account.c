/* Tests for local staff accounts and bearer tokens: password rules, the
 * one-time password, the token format, argon2id hashes and tokens stored
 * only as their SHA-256 (on a fresh SQLite database). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app_fixture.h"

struct fx {
	struct app_fx x;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f || app_fx_open(&f->x, "account", "cli:test") != 0)
		return -1;
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

static void test_password_rules(void **state)
{
	(void)state;
	char err[128];
	assert_int_equal(account_password_check("", err, sizeof err), -1);
	assert_int_equal(account_password_check("12345678901", err, sizeof err), -1);
	assert_non_null(strstr(err, "12"));
	assert_int_equal(account_password_check("123456789012", err, sizeof err), 0);
	/* No composition rules: spaces and lower case only are fine. */
	assert_int_equal(account_password_check("correct horse battery", err, sizeof err), 0);
	/* Characters, not bytes: 11 two-byte characters are too short, 12 enough. */
	assert_int_equal(account_password_check("ééééééééééé", err, sizeof err), -1);
	assert_int_equal(account_password_check("éééééééééééé", err, sizeof err), 0);
	char *big = malloc(ACCOUNT_PASSWORD_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', ACCOUNT_PASSWORD_MAX);
	big[ACCOUNT_PASSWORD_MAX] = '\0';
	assert_int_equal(account_password_check(big, err, sizeof err), 0);
	big[ACCOUNT_PASSWORD_MAX] = 'a';
	big[ACCOUNT_PASSWORD_MAX + 1] = '\0';
	assert_int_equal(account_password_check(big, err, sizeof err), -1);
	free(big);
}

static void test_roles_and_email(void **state)
{
	(void)state;
	char out[STORE_EMAIL_MAX + 1], list[200];
	assert_true(account_role_valid("klantmanager"));
	assert_true(account_role_valid("auditor"));
	assert_false(account_role_valid("inwoner"));
	assert_false(account_role_valid("Beheer"));
	account_roles_list(list, sizeof list);
	assert_string_equal(list, "uwv-adviseur, klantmanager, intake, werkgeversdienstverlener, "
				  "partner, beleid, beheer, auditor");
	assert_int_equal(account_email_normalize("Jan.de.Vries@Gemeente.NL", out, sizeof out), 0);
	assert_string_equal(out, "jan.de.vries@gemeente.nl");
	const char *bad[] = {"",          "jan",       "@x.nl",     "jan@",      "jan@nl",
			     "jan@x..nl", "jan@-x.nl", "j an@x.nl", "jan@x.nl.", "jan@x@y.nl"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(account_email_normalize(bad[i], out, sizeof out), -1);
	char longer[300];
	memset(longer, 'a', sizeof longer);
	memcpy(longer + 250, "@x.nl", 6); /* 255 bytes */
	assert_int_equal(account_email_normalize(longer, out, sizeof out), -1);
}

static void test_one_time_password(void **state)
{
	(void)state;
	char a[ACCOUNT_OTP_LEN + 1], b[ACCOUNT_OTP_LEN + 1];
	assert_int_equal(account_otp_generate(a), 0);
	assert_int_equal(account_otp_generate(b), 0);
	assert_int_equal(strlen(a), 16);
	assert_string_not_equal(a, b);
	for (int n = 0; n < 200; n++) {
		assert_int_equal(account_otp_generate(a), 0);
		for (size_t i = 0; i < ACCOUNT_OTP_LEN; i++) {
			assert_non_null(strchr(ACCOUNT_OTP_ALPHABET, a[i]));
			assert_null(strchr("0O1lI", a[i]));
		}
	}
	/* It passes the password rules itself. */
	char err[64];
	assert_int_equal(account_password_check(a, err, sizeof err), 0);
}

static void test_token_format(void **state)
{
	(void)state;
	char t[ACCOUNT_TOKEN_LEN + 1], u[ACCOUNT_TOKEN_LEN + 1];
	unsigned char h[STORE_HASH_SIZE], want[STORE_HASH_SIZE];
	assert_int_equal(account_token_generate(t, h), 0);
	assert_int_equal(account_token_generate(u, want), 0);
	assert_string_not_equal(t, u);
	assert_int_equal(strlen(t), 47);
	assert_memory_equal(t, "ovs_", 4);
	for (size_t i = 4; i < strlen(t); i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				       "0123456789-_",
				       t[i]));
	crypto_hash_sha256(want, (const unsigned char *)t, strlen(t));
	assert_memory_equal(h, want, STORE_HASH_SIZE);
	unsigned char again[STORE_HASH_SIZE];
	account_token_hash(t, again);
	assert_memory_equal(again, want, STORE_HASH_SIZE);
}

static void test_user_add_hashes(void **state)
{
	struct fx *f = *state;
	struct store *s = f->x.a.store;
	char err[256], otp[ACCOUNT_OTP_LEN + 1];
	struct store_user u;
	const char *pw = "correct horse battery";
	assert_int_equal(app_user_add(&f->x.a, "GM0363", "klantmanager", "Alice@Example.NL", pw,
				      otp, err, sizeof err),
			 APP_OK);
	assert_int_equal(s->ops->get_user_by_email(s, "alice@example.nl", &u), STORE_ONE);
	assert_string_equal(u.org, "GM0363");
	assert_string_equal(u.role, "klantmanager");
	assert_false(u.must_change_password);
	assert_int_equal(u.disabled_at, 0);
	assert_memory_equal(u.password_hash, "$argon2id$", 10);
	assert_int_equal(crypto_pwhash_str_verify(u.password_hash, pw, strlen(pw)), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(u.password_hash, "correct horse batterY", 21),
			     0);

	/* A one-time password: generated, verifies, must be changed. */
	assert_int_equal(app_user_add(&f->x.a, "GM0363", "auditor", "bob@example.nl", NULL, otp,
				      err, sizeof err),
			 APP_OK);
	assert_int_equal(strlen(otp), ACCOUNT_OTP_LEN);
	assert_int_equal(s->ops->get_user_by_email(s, "bob@example.nl", &u), STORE_ONE);
	assert_true(u.must_change_password);
	assert_int_equal(crypto_pwhash_str_verify(u.password_hash, otp, strlen(otp)), 0);

	/* Refusals. */
	assert_int_equal(app_user_add(&f->x.a, "GM0363", "beheer", "ALICE@example.nl", pw, otp, err,
				      sizeof err),
			 APP_INVALID);
	assert_non_null(strstr(err, "exists"));
	assert_int_equal(
		app_user_add(&f->x.a, "GM9999", "beheer", "c@example.nl", pw, otp, err, sizeof err),
		APP_INVALID);
	assert_int_equal(app_user_add(&f->x.a, "GM0363", "inwoner", "c@example.nl", pw, otp, err,
				      sizeof err),
			 APP_INVALID);
	assert_non_null(strstr(err, "werkgeversdienstverlener"));
	assert_int_equal(app_user_add(&f->x.a, "GM0363", "beheer", "c@example.nl", "too short", otp,
				      err, sizeof err),
			 APP_INVALID);
	assert_int_equal(s->ops->get_user_by_email(s, "c@example.nl", &u), STORE_NONE);
}

static void test_token_stored_hashed(void **state)
{
	struct fx *f = *state;
	struct store *s = f->x.a.store;
	char err[256], tok[ACCOUNT_TOKEN_LEN + 1];
	struct store_user u;
	struct store_token t;
	unsigned char h[STORE_HASH_SIZE];
	assert_int_equal(app_user_add(&f->x.a, "GM0363", "partner", "sys@example.nl",
				      "a long enough password", NULL, err, sizeof err),
			 APP_OK);
	assert_int_equal(app_token_add(&f->x.a, "SYS@example.nl", tok, err, sizeof err), APP_OK);
	assert_int_equal(strlen(tok), ACCOUNT_TOKEN_LEN);
	crypto_hash_sha256(h, (const unsigned char *)tok, strlen(tok));
	assert_int_equal(s->ops->get_token_by_hash(s, h, &t), STORE_ONE);
	assert_int_equal(s->ops->get_user_by_email(s, "sys@example.nl", &u), STORE_ONE);
	assert_int_equal(t.user_id, u.id);
	assert_memory_equal(t.token_hash, h, STORE_HASH_SIZE);
	assert_int_equal(t.revoked_at, 0);
	assert_int_equal(t.last_used_at, 0);
	/* The token's text is not a key: looking it up by its own bytes fails. */
	unsigned char raw[STORE_HASH_SIZE];
	memcpy(raw, tok, sizeof raw);
	assert_int_equal(s->ops->get_token_by_hash(s, raw, &t), STORE_NONE);

	assert_int_equal(app_token_add(&f->x.a, "nobody@example.nl", tok, err, sizeof err),
			 APP_INVALID);
	assert_string_equal(tok, "");
	assert_int_equal(app_token_add(&f->x.a, "not an email", tok, err, sizeof err), APP_INVALID);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_roles_and_email),
		cmocka_unit_test(test_one_time_password),
		cmocka_unit_test(test_token_format),
		cmocka_unit_test_setup_teardown(test_user_add_hashes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_stored_hashed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
