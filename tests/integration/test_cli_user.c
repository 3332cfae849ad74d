/* overstap user add and token add: staff accounts with argon2id password
 * hashes and bearer tokens stored only as their SHA-256, audited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <regex.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PASSWORD "Tr0ub4dor & 3 horses"

static bool bytes_contain(const char *data, size_t n, const char *text)
{
	size_t k = strlen(text);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(data + i, text, k) == 0)
			return true;
	return false;
}

/* Whether text occurs anywhere in the database: its files on SQLite, the
 * text of every row of the tables that could hold it on PostgreSQL. */
static bool in_database(struct h_env *e, const char *text)
{
	if (h_pg()) {
		static const char *const tables[] = {"user_account", "api_token", "audit_event",
						     "meta"};
		for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
			char sql[256];
			snprintf(sql, sizeof sql,
				 "SELECT count(*) FROM %s t WHERE strpos(t::text, '%s') > 0",
				 tables[i], text);
			if (h_db_int(e->db, sql) != 0)
				return true;
		}
		return false;
	}
	const char *files[] = {e->db, h_path(e, "t.db-wal"), h_path(e, "t.db-journal")};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		size_t n = 0;
		char *data = h_read(files[i], &n);
		if (!data)
			continue;
		bool found = bytes_contain(data, n, text);
		free(data);
		if (found)
			return true;
	}
	return false;
}

static void add_alice(struct h_env *e)
{
	struct h_run r;
	h_expect(&r, 0, PASSWORD "\n", "user", "add", "--org", "GM0363", "--role", "klantmanager",
		 "--email", "Alice@Example.NL", "--db", e->db, NULL);
	assert_true(h_has_line(r.out, "added user alice@example.nl (klantmanager at GM0363)"));
	assert_false(h_contains(r.out, PASSWORD));
	assert_false(h_contains(r.err, PASSWORD));
	h_run_free(&r);
}

static void user_add_password_from_stdin(void **state)
{
	struct h_env *e = *state;
	add_alice(e);
	assert_int_equal(h_db_count(e->db, "user_account"), 1);
	char *hash = h_db_text(
		e->db, "SELECT password_hash FROM user_account WHERE email = 'alice@example.nl'");
	assert_non_null(hash);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_int_equal(crypto_pwhash_str_verify(hash, PASSWORD, strlen(PASSWORD)), 0);
	free(hash);
	assert_int_equal(
		h_db_int(e->db, H_SQL("SELECT must_change_password FROM user_account",
				      "SELECT must_change_password::int FROM user_account")),
		0);
	assert_false(in_database(e, PASSWORD));
	assert_int_equal(h_db_int(e->db,
				  "SELECT count(*) FROM audit_event WHERE action = 'user_add' AND "
				  "object_type = 'user_account'"),
			 1);

	/* A CRLF line end is not part of the password. */
	struct h_run r;
	h_expect(&r, 0, "another long password\r\nignored\n", "user", "add", "--org", "GM0363",
		 "--role", "beheer", "--email", "bob@example.nl", "--db", e->db, NULL);
	h_run_free(&r);
	hash = h_db_text(e->db,
			 "SELECT password_hash FROM user_account WHERE email = 'bob@example.nl'");
	assert_non_null(hash);
	assert_int_equal(crypto_pwhash_str_verify(hash, "another long password", 21), 0);
	free(hash);

	h_expect(&r, 0, NULL, "audit", "verify", "--db", e->db, NULL);
	h_run_free(&r);
}

static void user_add_refused(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	add_alice(e);
	/* Duplicate email, whatever its case. */
	h_expect(&r, 2, PASSWORD "\n", "user", "add", "--org", "GM0363", "--role", "beheer",
		 "--email", "ALICE@example.nl", "--db", e->db, NULL);
	assert_true(h_contains(r.err, "exists already"));
	h_run_free(&r);
	/* Unknown role: the roles are listed. */
	h_expect(&r, 2, PASSWORD "\n", "user", "add", "--org", "GM0363", "--role", "inwoner",
		 "--email", "c@example.nl", "--db", e->db, NULL);
	assert_true(h_contains(r.err, "unknown role 'inwoner'"));
	assert_true(h_contains(r.err,
			       "uwv-adviseur, klantmanager, intake, "
			       "werkgeversdienstverlener, partner, beleid, beheer, auditor"));
	h_run_free(&r);
	/* Unknown organisation, bad email, short or missing password. */
	h_expect(&r, 2, PASSWORD "\n", "user", "add", "--org", "GM9999", "--role", "beheer",
		 "--email", "c@example.nl", "--db", e->db, NULL);
	assert_true(h_contains(r.err, "unknown organisation GM9999"));
	h_run_free(&r);
	h_expect(&r, 2, PASSWORD "\n", "user", "add", "--org", "GM0363", "--role", "beheer",
		 "--email", "not-an-address", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, "short\n", "user", "add", "--org", "GM0363", "--role", "beheer", "--email",
		 "c@example.nl", "--db", e->db, NULL);
	assert_true(h_contains(r.err, "at least 12 characters"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "user", "add", "--org", "GM0363", "--role", "beheer", "--email",
		 "c@example.nl", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, "\n", "user", "add", "--org", "GM0363", "--role", "beheer", "--email",
		 "c@example.nl", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "user", "add", "--org", "GM0363", "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "user_account"), 1);
	assert_int_equal(h_db_count(e->db, "audit_event"), 1);
}

static void token_add(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	add_alice(e);
	h_expect(&r, 0, NULL, "token", "add", "--user", "ALICE@example.nl", "--db", e->db, NULL);
	/* Exactly one line: the token. */
	assert_int_equal(r.out_len, 48);
	assert_int_equal(r.out[47], '\n');
	regex_t re;
	assert_int_equal(regcomp(&re, "^ovs_[A-Za-z0-9_-]{43}\n$", REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regexec(&re, r.out, 0, NULL, 0), 0);
	regfree(&re);
	char token[48];
	memcpy(token, r.out, 47);
	token[47] = '\0';
	h_run_free(&r);

	/* The database holds its SHA-256, never the token. */
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof h + 1];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	char *stored = h_db_text(e->db, H_SQL("SELECT lower(hex(token_hash)) FROM api_token",
					      "SELECT encode(token_hash, 'hex') FROM api_token"));
	assert_non_null(stored);
	assert_string_equal(stored, hex);
	free(stored);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM api_token t JOIN user_account u ON "
					 "u.id = t.user_id WHERE u.email = 'alice@example.nl' AND "
					 "t.revoked_at IS NULL AND t.last_used_at IS NULL"),
			 1);
	assert_false(in_database(e, token));
	assert_false(in_database(e, token + 4));

	/* A second token is a different one. */
	h_expect(&r, 0, NULL, "token", "add", "--user", "alice@example.nl", "--db", e->db, NULL);
	assert_false(h_contains(r.out, token));
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "api_token"), 2);

	assert_int_equal(h_db_int(e->db,
				  "SELECT count(*) FROM audit_event WHERE action = 'token_add' AND "
				  "object_type = 'api_token'"),
			 2);
	h_expect(&r, 0, NULL, "audit", "verify", "--db", e->db, NULL);
	h_run_free(&r);
}

static void token_add_refused(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	add_alice(e);
	h_expect(&r, 2, NULL, "token", "add", "--user", "nobody@example.nl", "--db", e->db, NULL);
	assert_int_equal(r.out_len, 0);
	assert_true(h_contains(r.err, "no user with email nobody@example.nl"));
	h_run_free(&r);
	/* A disabled user gets no token. */
	h_db_exec(e->db, "UPDATE user_account SET disabled_at = 1");
	h_expect(&r, 2, NULL, "token", "add", "--user", "alice@example.nl", "--db", e->db, NULL);
	assert_int_equal(r.out_len, 0);
	assert_true(h_contains(r.err, "disabled"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "token", "add", "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "api_token"), 0);
	h_expect(&r, 0, NULL, "audit", "verify", "--db", e->db, NULL);
	h_run_free(&r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		T(user_add_password_from_stdin),
		T(user_add_refused),
		T(token_add),
		T(token_add_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
