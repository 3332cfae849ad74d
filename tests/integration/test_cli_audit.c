/* overstap audit verify|export: the hash-chained audit log, checked after
 * real use (an import and a signal run with --show-bsn) and after the
 * database was tampered with around the product. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* Four benefits end inside the 3-month window on 2026-11-30. */
static const char *const ends[][2] = {
	{"2025-12-02", "2026-12-01"},
	{"2026-03-01", "2027-02-28"},
	{"2026-01-16", "2027-01-15"},
	{"2026-01-01", "2026-12-15"},
};
#define NROWS (sizeof ends / sizeof ends[0])
/* The import's event and one read_bsn event per route shown. */
#define NEVENTS (1 + (long long)NROWS)

static char bsn[NROWS][10];

static int group_setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++)
		h_bsn((int)i + 40, bsn[i]);
	return 0;
}

/* Import, then show the BSNs: NEVENTS audit events, seq 1..NEVENTS. */
static void use(struct h_env *e)
{
	char csv[2048] = H_WW_HEADER;
	for (size_t i = 0; i < NROWS; i++)
		h_ww_row(csv, sizeof csv, bsn[i], "GM0363", ends[i][0], ends[i][1]);
	const char *f = h_path(e, "ww.csv");
	h_writes(f, csv);
	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--show-bsn", "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "audit_event"), NEVENTS);
}

/* Lets the test change and remove audit events (the append-only and
 * chain triggers stand in the way of an honest program, not of someone
 * with the database's owner rights). */
static void drop_guards(struct h_env *e)
{
	h_db_exec(e->db, H_SQL("DROP TRIGGER audit_event_no_update; "
			       "DROP TRIGGER audit_event_no_delete; "
			       "DROP TRIGGER audit_event_chained",
			       "ALTER TABLE audit_event DISABLE TRIGGER USER"));
}

static long long id_of(struct h_env *e, int seq)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT id FROM audit_event WHERE seq = %d", seq);
	long long id = h_db_int(e->db, sql);
	assert_true(id > 0);
	return id;
}

/* audit verify fails and its one line is exactly want. */
static void expect_broken(struct h_env *e, const char *want)
{
	struct h_run r;
	h_expect(&r, 1, NULL, "audit", "verify", "--db", e->db, NULL);
	if (!h_has_line(r.out, want))
		fail_msg("expected \"%s\", got:\n%s%s", want, r.out, r.err);
	h_run_free(&r);
}

static void verify_intact(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	/* A new database: an empty chain is intact. */
	h_expect(&r, 0, NULL, "init", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "audit", "verify", "--db", e->db, NULL);
	assert_true(h_has_line(r.out, "audit chain intact: 0 events (0 before the chain)"));
	h_run_free(&r);

	use(e);
	h_expect(&r, 0, NULL, "audit", "verify", "--db", e->db, NULL);
	assert_true(h_has_line(r.out, "audit chain intact: 5 events (0 before the chain)"));
	h_run_free(&r);
	/* Every event is chained, from seq 1 without gaps. */
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM audit_event WHERE seq IS NULL"), 0);
	assert_int_equal(h_db_int(e->db, "SELECT min(seq) FROM audit_event"), 1);
	assert_int_equal(h_db_int(e->db, "SELECT max(seq) FROM audit_event"), NEVENTS);
	/* The import's event comes first, in the import's own transaction. */
	char *action = h_db_text(e->db, "SELECT action FROM audit_event WHERE seq = 1");
	assert_string_equal(action, "import_ww");
	free(action);
}

static void verify_finds_altered_event(void **state)
{
	struct h_env *e = *state;
	use(e);
	drop_guards(e);
	h_db_exec(e->db, "UPDATE audit_event SET purpose = 'curiosity' WHERE seq = 3");
	char want[160];
	snprintf(want, sizeof want, "audit chain broken at event 3 (id %lld): hash mismatch",
		 id_of(e, 3));
	expect_broken(e, want);
}

static void verify_finds_deleted_event(void **state)
{
	struct h_env *e = *state;
	use(e);
	drop_guards(e);
	h_db_exec(e->db, "DELETE FROM audit_event WHERE seq = 3");
	char want[160];
	snprintf(want, sizeof want,
		 "audit chain broken at event 4 (id %lld): gap in sequence (event 3 is missing)",
		 id_of(e, 4));
	expect_broken(e, want);
}

static void verify_finds_reordered_events(void **state)
{
	struct h_env *e = *state;
	use(e);
	drop_guards(e);
	long long second = id_of(e, 2), third = id_of(e, 3);
	/* Events 2 and 3 trade places (through a free seq: seq is unique). */
	h_db_exec(e->db, "UPDATE audit_event SET seq = 1000 WHERE seq = 2");
	h_db_exec(e->db, "UPDATE audit_event SET seq = 2 WHERE seq = 3");
	h_db_exec(e->db, "UPDATE audit_event SET seq = 3 WHERE seq = 1000");
	assert_int_equal(id_of(e, 2), third);
	assert_int_equal(id_of(e, 3), second);
	char want[160];
	snprintf(want, sizeof want,
		 "audit chain broken at event 2 (id %lld): prev_hash does not match event 1",
		 third);
	expect_broken(e, want);
}

/* An altered event that took the hashes of the next one (so its own
 * row_hash "matches" something): found at the altered event. */
static void verify_finds_borrowed_hashes(void **state)
{
	struct h_env *e = *state;
	use(e);
	drop_guards(e);
	h_db_exec(e->db,
		  "UPDATE audit_event SET object_id = 'x' || object_id, "
		  "prev_hash = (SELECT prev_hash FROM audit_event WHERE seq = 5), "
		  "row_hash = (SELECT row_hash FROM audit_event WHERE seq = 5) WHERE seq = 4");
	char want[160];
	snprintf(want, sizeof want,
		 "audit chain broken at event 4 (id %lld): prev_hash does not match event 3",
		 id_of(e, 4));
	expect_broken(e, want);
}

/* Inserts a chained event at a given moment around the product (its hashes
 * are not right; export does not check them). */
static void insert_at(struct h_env *e, int seq, long long at)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO audit_event (at, actor, action, object_type, object_id, purpose, "
		 "outcome, seq, prev_hash, row_hash) VALUES (%lld, 'cli:t', 'read_bsn', 'route', "
		 "'%d', 'test', 'allowed', %d, %s, %s)",
		 at, seq, seq, H_SQL("zeroblob(32)", "decode(repeat('00', 32), 'hex')"),
		 H_SQL("zeroblob(32)", "decode(repeat('00', 32), 'hex')"));
	h_db_exec(e->db, sql);
}

/* The seq of every line of an export, as "1,2,3". */
static void seqs(const char *out, char *buf, size_t cap)
{
	buf[0] = '\0';
	for (const char *p = out; p && *p;) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		json_error_t err;
		json_t *o = json_loadb(p, (size_t)(nl - p), 0, &err);
		if (!o)
			fail_msg("not JSON: %.*s (%s)", (int)(nl - p), p, err.text);
		size_t n = strlen(buf);
		snprintf(buf + n, cap - n, "%s%lld", n ? "," : "",
			 (long long)json_integer_value(json_object_get(o, "seq")));
		json_decref(o);
		p = nl + 1;
	}
}

static void export_days_are_dutch_days(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	char got[256];
	h_expect(&r, 0, NULL, "init", "--db", e->db, NULL);
	h_run_free(&r);
	/* Around 2026-03-29, the day summer time starts in the Netherlands. */
	insert_at(e, 1, 1774738799); /* 2026-03-28 23:59:59 CET */
	insert_at(e, 2, 1774738800); /* 2026-03-29 00:00:00 CET */
	insert_at(e, 3, 1774821599); /* 2026-03-29 23:59:59 CEST */
	insert_at(e, 4, 1774821600); /* 2026-03-30 00:00:00 CEST */

	h_expect(&r, 0, NULL, "audit", "export", "--from", "2026-03-29", "--to", "2026-03-29",
		 "--db", e->db, NULL);
	seqs(r.out, got, sizeof got);
	assert_string_equal(got, "2,3");
	h_run_free(&r);
	h_expect(&r, 0, NULL, "audit", "export", "--from", "2026-03-28", "--to", "2026-03-29",
		 "--db", e->db, NULL);
	seqs(r.out, got, sizeof got);
	assert_string_equal(got, "1,2,3");
	h_run_free(&r);
	h_expect(&r, 0, NULL, "audit", "export", "--from", "2026-03-30", "--db", e->db, NULL);
	seqs(r.out, got, sizeof got);
	assert_string_equal(got, "4");
	h_run_free(&r);
	h_expect(&r, 0, NULL, "audit", "export", "--to", "2026-03-28", "--db", e->db, NULL);
	seqs(r.out, got, sizeof got);
	assert_string_equal(got, "1");
	h_run_free(&r);
	h_expect(&r, 0, NULL, "audit", "export", "--from", "2026-04-01", "--to", "2026-04-30",
		 "--db", e->db, NULL);
	assert_int_equal(r.out_len, 0);
	h_run_free(&r);
}

static void export_fields(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	use(e);
	h_expect(&r, 0, NULL, "audit", "export", "--db", e->db, NULL);
	assert_int_equal(h_count_lines(r.out, "{"), NEVENTS);
	for (size_t i = 0; i < NROWS; i++)
		assert_false(h_contains(r.out, bsn[i])); /* never a BSN */
	const char *nl = strchr(r.out, '\n');
	assert_non_null(nl);
	json_error_t err;
	json_t *o = json_loadb(r.out, (size_t)(nl - r.out), 0, &err);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "seq")), 1);
	assert_true(json_integer_value(json_object_get(o, "id")) > 0);
	assert_string_equal(json_string_value(json_object_get(o, "action")), "import_ww");
	assert_string_equal(json_string_value(json_object_get(o, "object_type")), "import_run");
	assert_string_equal(json_string_value(json_object_get(o, "outcome")), "allowed");
	assert_true(json_is_null(json_object_get(o, "request_id")));
	assert_non_null(json_string_value(json_object_get(o, "actor")));
	assert_non_null(json_string_value(json_object_get(o, "purpose")));
	const char *at = json_string_value(json_object_get(o, "at"));
	assert_non_null(at);
	assert_int_equal(strlen(at), 20); /* 2026-11-30T12:00:00Z */
	assert_true(json_is_integer(json_object_get(o, "at_seconds")));
	assert_string_equal(json_string_value(json_object_get(o, "prev_hash")),
			    "0000000000000000000000000000000000000000000000000000000000000000");
	const char *h = json_string_value(json_object_get(o, "row_hash"));
	assert_non_null(h);
	assert_int_equal(strlen(h), 64);
	/* The second event's prev_hash is the first one's row_hash. */
	char want[100];
	snprintf(want, sizeof want, "\"prev_hash\":\"%s\"", h);
	assert_true(h_contains(nl + 1, want));
	json_decref(o);
	h_run_free(&r);
}

static void audit_bad_arguments(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	h_expect(&r, 2, NULL, "audit", NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "audit", "check", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "audit", "verify", "extra", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "audit", "verify", "--from", "2026-01-01", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "audit", "export", "--from", "yesterday", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "audit", "export", "--from", "2026-02-01", "--to", "2026-01-31",
		 "--db", e->db, NULL);
	assert_true(h_contains(r.err, "--to is before --from"));
	h_run_free(&r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(verify_intact),
		T(verify_finds_altered_event),
		T(verify_finds_deleted_event),
		T(verify_finds_reordered_events),
		T(verify_finds_borrowed_hashes),
		T(export_days_are_dutch_days),
		T(export_fields),
		T(audit_bad_arguments),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
