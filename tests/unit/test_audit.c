/* Tests for the audit chain: the canonical encoding, the row hash, the
 * verifier (fed directly), and the chain through a real SQLite store,
 * including a database that had audit events before migration 0002. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/audit.h"
#include "core/embedded.h"
#include "store_fixture.h"

static struct store_audit event(int64_t seq, const char *object_id)
{
	struct store_audit a = {
		.seq = seq,
		.id = seq + 100,
		.at = 1767225600, /* 2026-01-01T00:00:00Z */
		.actor = "cli:alice",
		.org = "GM0363",
		.role = NULL,
		.action = "read_bsn",
		.object_type = "route",
		.object_id = object_id,
		.purpose = "intake",
		.outcome = "allowed",
		.request_id = NULL,
		.hashes_ok = true,
	};
	return a;
}

/* ---- encoding ---- */

static void test_encoding_exact(void **state)
{
	(void)state;
	struct store_audit a = {.seq = 258,
				.at = -1,
				.actor = "ab",
				.action = "x",
				.object_type = "t",
				.object_id = "7",
				.purpose = "p",
				.outcome = "denied",
				.request_id = "r1"};
	static const unsigned char want[] = {
		0x01,                                                          /* version */
		0,    0,    0,    0,    0,    0,    0x01, 0x02,                /* seq 258 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,                /* at -1 */
		1,    0,    0,    0,    2,    'a',  'b',                       /* actor */
		0,                                                             /* org NULL */
		0,                                                             /* role NULL */
		1,    0,    0,    0,    1,    'x',                             /* action */
		1,    0,    0,    0,    1,    't',                             /* object_type */
		1,    0,    0,    0,    1,    '7',                             /* object_id */
		1,    0,    0,    0,    1,    'p',                             /* purpose */
		1,    0,    0,    0,    6,    'd',  'e',  'n',  'i', 'e', 'd', /* outcome */
		1,    0,    0,    0,    2,    'r',  '1',                       /* request_id */
	};
	unsigned char buf[256];
	assert_int_equal(audit_encode(&a, NULL, 0), sizeof want);
	assert_int_equal(audit_encode(&a, buf, sizeof buf), sizeof want);
	assert_memory_equal(buf, want, sizeof want);
	/* Too small a buffer: the length is still reported. */
	assert_int_equal(audit_encode(&a, buf, 4), sizeof want);

	/* row_hash = SHA-256(prev || E). */
	unsigned char prev[STORE_HASH_SIZE], h[STORE_HASH_SIZE], ref[STORE_HASH_SIZE];
	unsigned char cat[STORE_HASH_SIZE + sizeof want];
	memset(prev, 0xab, sizeof prev);
	memcpy(cat, prev, sizeof prev);
	memcpy(cat + sizeof prev, want, sizeof want);
	crypto_hash_sha256(ref, cat, sizeof cat);
	audit_row_hash(&a, prev, h);
	assert_memory_equal(h, ref, sizeof h);
}

static void test_encoding_unambiguous(void **state)
{
	(void)state;
	unsigned char zero[STORE_HASH_SIZE] = {0}, h1[STORE_HASH_SIZE], h2[STORE_HASH_SIZE];
	struct store_audit a = event(1, "12"), b = event(1, "12");
	/* Moving a byte from one field to the next changes the hash. */
	a.purpose = "ab";
	a.outcome = "c";
	b.purpose = "a";
	b.outcome = "bc";
	audit_row_hash(&a, zero, h1);
	audit_row_hash(&b, zero, h2);
	assert_memory_not_equal(h1, h2, sizeof h1);
	/* NULL and "" are the same (the store keeps "" optional text as NULL). */
	a = event(1, "12");
	b = a;
	b.org = NULL;
	a.org = "";
	audit_row_hash(&a, zero, h1);
	audit_row_hash(&b, zero, h2);
	assert_memory_equal(h1, h2, sizeof h1);
	/* Every field counts: seq, at, request_id, prev. */
	a = event(1, "12");
	audit_row_hash(&a, zero, h1);
	b = a;
	b.seq = 2;
	audit_row_hash(&b, zero, h2);
	assert_memory_not_equal(h1, h2, sizeof h1);
	b = a;
	b.at++;
	audit_row_hash(&b, zero, h2);
	assert_memory_not_equal(h1, h2, sizeof h1);
	b = a;
	b.request_id = "req-1";
	audit_row_hash(&b, zero, h2);
	assert_memory_not_equal(h1, h2, sizeof h1);
	unsigned char other[STORE_HASH_SIZE] = {1};
	audit_row_hash(&a, other, h2);
	assert_memory_not_equal(h1, h2, sizeof h1);
}

/* ---- verifier ---- */

#define N 6

/* A correct chain of N events with seq 1..N. */
static void make_chain(struct store_audit ev[N], char ids[N][16])
{
	unsigned char prev[STORE_HASH_SIZE] = {0};
	for (int i = 0; i < N; i++) {
		snprintf(ids[i], 16, "%d", 40 + i);
		ev[i] = event(i + 1, ids[i]);
		memcpy(ev[i].prev_hash, prev, sizeof prev);
		audit_row_hash(&ev[i], prev, ev[i].row_hash);
		memcpy(prev, ev[i].row_hash, sizeof prev);
	}
}

/* Feeds n events; returns the verifier's state. */
static struct audit_verifier run(const struct store_audit *ev, int n)
{
	struct audit_verifier v;
	audit_verifier_init(&v);
	for (int i = 0; i < n; i++)
		audit_verifier_feed(&v, &ev[i]);
	return v;
}

static void expect_break(const struct store_audit *ev, int n, int64_t seq, enum audit_break why,
			 const char *reason)
{
	char buf[128];
	struct audit_verifier v = run(ev, n);
	assert_int_equal(v.broken, why);
	assert_int_equal(v.bad_seq, seq);
	assert_int_equal(v.bad_id, seq + 100);
	audit_verifier_reason(&v, buf, sizeof buf);
	assert_string_equal(buf, reason);
}

static void test_verifier(void **state)
{
	(void)state;
	struct store_audit ev[N], t[N];
	char ids[N][16];
	make_chain(ev, ids);

	struct audit_verifier v = run(ev, N);
	assert_int_equal(v.broken, AUDIT_INTACT);
	assert_int_equal(v.checked, N);
	v = run(ev, 0);
	assert_int_equal(v.broken, AUDIT_INTACT);
	assert_int_equal(v.checked, 0);

	/* Altered: event 3's purpose. */
	memcpy(t, ev, sizeof t);
	t[2].purpose = "curiosity";
	expect_break(t, N, 3, AUDIT_HASH_MISMATCH, "hash mismatch");
	/* Altered, with its own row_hash recomputed: the next one breaks. */
	audit_row_hash(&t[2], t[2].prev_hash, t[2].row_hash);
	expect_break(t, N, 4, AUDIT_PREV_MISMATCH, "prev_hash does not match event 3");

	/* Deleted: event 4 is gone, 5 is the first broken one. */
	memcpy(t, ev, sizeof t);
	memmove(&t[3], &t[4], 2 * sizeof t[0]);
	expect_break(t, N - 1, 5, AUDIT_GAP, "gap in sequence (event 4 is missing)");
	/* Two deleted. */
	memcpy(t, ev, sizeof t);
	memmove(&t[1], &t[3], 3 * sizeof t[0]);
	expect_break(t, N - 2, 4, AUDIT_GAP, "gap in sequence (events 2 to 3 are missing)");
	/* The first one deleted. */
	expect_break(ev + 1, N - 1, 2, AUDIT_GAP, "gap in sequence (event 1 is missing)");

	/* Reordered: events 2 and 3 swap their seq (read back in seq order). */
	memcpy(t, ev, sizeof t);
	t[1] = ev[2];
	t[1].seq = 2;
	t[1].id = 102;
	t[2] = ev[1];
	t[2].seq = 3;
	t[2].id = 103;
	expect_break(t, N, 2, AUDIT_PREV_MISMATCH, "prev_hash does not match event 1");

	/* A first event that does not start from the genesis hash. */
	memcpy(t, ev, sizeof t);
	t[0].prev_hash[5] ^= 1;
	expect_break(t, N, 1, AUDIT_PREV_MISMATCH,
		     "prev_hash is not the genesis hash (32 zero bytes)");

	/* A hash that is missing or the wrong size. */
	memcpy(t, ev, sizeof t);
	t[4].hashes_ok = false;
	expect_break(t, N, 5, AUDIT_MALFORMED, "prev_hash or row_hash is missing or not 32 bytes");

	/* Only the first break counts. */
	memcpy(t, ev, sizeof t);
	t[1].purpose = "x";
	t[4].purpose = "y";
	v = run(t, N);
	assert_int_equal(v.bad_seq, 2);
	assert_int_equal(v.checked, 1);
}

/* ---- through the store ---- */

struct db {
	char path[256];
};

static int setup(void **state)
{
	struct db *d = calloc(1, sizeof *d);
	if (!d)
		return -1;
	if (store_fx_temp(d->path, sizeof d->path, "audit") != 0 || sodium_init() < 0) {
		free(d);
		return -1;
	}
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	struct db *d = *state;
	store_fx_remove(d->path);
	free(d);
	return 0;
}

static void raw(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
	assert_int_equal(rc, SQLITE_OK);
}

static bool raw_fails(const char *path, const char *sql, const char *msg)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	bool failed = sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK &&
		      strstr(sqlite3_errmsg(db), msg) != NULL;
	sqlite3_close(db);
	return failed;
}

static int audit_tx(struct app *a, void *cls)
{
	int n = *(int *)cls;
	for (int i = 0; i < n; i++) {
		char id[16];
		snprintf(id, sizeof id, "%d", i + 1);
		int rc = app_audit(a, "read_bsn", "route", id, "test");
		if (rc < 0)
			return rc;
	}
	return STORE_ONE;
}

static int count_row(void *cls, const struct store_audit *ev)
{
	int64_t *n = cls;
	(*n)++;
	assert_non_null(ev->actor);
	return 0;
}

/* A database that had audit events under schema 0001 gets the chain with
 * 0002; the old events are counted as legacy and the chain starts after
 * them. */
static void test_legacy_then_chain(void **state)
{
	struct db *d = *state;
	const struct embedded_file *m = embedded_find("src/store/migrations/sqlite/0001_init.sql");
	assert_non_null(m);
	raw(d->path, m->data);
	raw(d->path, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT "
		     "NULL, applied_at INTEGER NOT NULL) STRICT;"
		     "INSERT INTO schema_version VALUES (1, '0001_init.sql', 0);"
		     "INSERT INTO audit_event (at, actor, action, object_type, object_id, purpose, "
		     "outcome) VALUES (1700000000, 'cli:old', 'read_bsn', 'route', '1', 'p', "
		     "'allowed'), (1700004600, 'cli:old', 'read_bsn', 'route', '2', 'p', "
		     "'allowed');");

	char err[256];
	struct app a = {0};
	snprintf(a.actor, sizeof a.actor, "cli:test");
	a.store = store_open(d->path, err, sizeof err);
	assert_non_null(a.store);

	struct audit_report rep;
	assert_int_equal(app_audit_verify(&a, &rep, err, sizeof err), APP_OK);
	assert_true(rep.intact);
	assert_int_equal(rep.legacy, 2);
	assert_int_equal(rep.chained, 0);

	/* Three events in one transaction, two in another: one chain. */
	int n = 3;
	assert_int_equal(app_tx(&a, audit_tx, &n), STORE_ONE);
	n = 2;
	assert_int_equal(app_tx(&a, audit_tx, &n), STORE_ONE);
	assert_int_equal(app_audit_verify(&a, &rep, err, sizeof err), APP_OK);
	assert_true(rep.intact);
	assert_int_equal(rep.legacy, 2);
	assert_int_equal(rep.chained, 5);

	/* A rolled-back transaction leaves no gap. */
	struct store *s = a.store;
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(app_audit(&a, "read_bsn", "route", "9", "rolled back"), STORE_ONE);
	assert_int_equal(s->ops->rollback(s), STORE_ONE);
	n = 1;
	assert_int_equal(app_tx(&a, audit_tx, &n), STORE_ONE);
	int64_t seq = 0;
	unsigned char h[STORE_HASH_SIZE];
	assert_int_equal(s->ops->audit_tail(s, &seq, h), STORE_ONE);
	assert_int_equal(seq, 6);
	assert_int_equal(app_audit_verify(&a, &rep, err, sizeof err), APP_OK);
	assert_true(rep.intact);
	assert_int_equal(rep.chained, 6);

	/* Export: every event, legacy ones first; a day range picks by date. */
	int64_t count = 0;
	assert_int_equal(app_audit_export(&a, NULL, NULL, count_row, &count, err, sizeof err),
			 APP_OK);
	assert_int_equal(count, 8);
	/* The legacy events happened at 2023-11-14T22:13:20Z (23:13 in
	 * Amsterdam, on the 14th) and 2023-11-14T23:30:00Z (00:30 on the 15th
	 * in Amsterdam): days are Dutch days. */
	cdate d14 = date_from_ymd(2023, 11, 14), d15 = date_from_ymd(2023, 11, 15);
	count = 0;
	assert_int_equal(app_audit_export(&a, &d14, &d14, count_row, &count, err, sizeof err),
			 APP_OK);
	assert_int_equal(count, 1);
	count = 0;
	assert_int_equal(app_audit_export(&a, &d15, &d15, count_row, &count, err, sizeof err),
			 APP_OK);
	assert_int_equal(count, 1);
	count = 0;
	assert_int_equal(app_audit_export(&a, &d14, NULL, count_row, &count, err, sizeof err),
			 APP_OK);
	assert_int_equal(count, 8);
	count = 0;
	assert_int_equal(app_audit_export(&a, NULL, &d15, count_row, &count, err, sizeof err),
			 APP_OK);
	assert_int_equal(count, 2);
	store_close(a.store);

	/* An event without its place in the chain is refused. */
	assert_true(raw_fails(d->path,
			      "INSERT INTO audit_event (at, actor, action, object_type, object_id, "
			      "purpose, outcome) VALUES (1, 'x', 'y', 'z', '1', 'p', 'allowed')",
			      "chained"));
	/* And a seq taken twice. */
	assert_true(
		raw_fails(d->path,
			  "INSERT INTO audit_event (at, actor, action, object_type, object_id, "
			  "purpose, outcome, seq, prev_hash, row_hash) SELECT at, actor, action, "
			  "object_type, object_id, purpose, outcome, seq, prev_hash, row_hash "
			  "FROM audit_event WHERE seq = 3",
			  "UNIQUE"));
}

/* Tampering through SQL is found, and the first broken event named. */
static void test_tamper_store(void **state)
{
	struct db *d = *state;
	char err[256];
	struct app a = {0};
	snprintf(a.actor, sizeof a.actor, "cli:test");
	a.store = store_open(d->path, err, sizeof err);
	assert_non_null(a.store);
	int n = 5;
	assert_int_equal(app_tx(&a, audit_tx, &n), STORE_ONE);
	store_close(a.store);
	raw(d->path, "DROP TRIGGER audit_event_no_update; UPDATE audit_event SET purpose = 'x' "
		     "WHERE seq = 4");
	a.store = store_open(d->path, err, sizeof err);
	assert_non_null(a.store);
	struct audit_report rep;
	assert_int_equal(app_audit_verify(&a, &rep, err, sizeof err), APP_OK);
	assert_false(rep.intact);
	assert_int_equal(rep.bad_seq, 4);
	assert_int_equal(rep.chained, 3);
	assert_string_equal(rep.reason, "hash mismatch");
	store_close(a.store);
}

int main(void)
{
	/* As main() of the binary: civil dates are Dutch. */
	setenv("TZ", "Europe/Amsterdam", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoding_exact),
		cmocka_unit_test(test_encoding_unambiguous),
		cmocka_unit_test(test_verifier),
		cmocka_unit_test_setup_teardown(test_legacy_then_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_store, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
