/* Tests for group commit of audit events (app/audit_writer.h) on a real
 * SQLite store: many threads auditing at once while another appender
 * extends the same chain, each caller returning only once its event is
 * committed; a store that refuses the events; app_read_tx with and without
 * a writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/audit_writer.h"
#include "app_fixture.h"

#define THREADS 8
#define PER_THREAD 40
#define DIRECT 20 /* events appended meanwhile in the app's own transactions */

static struct store_audit event(const char *object_id, const char *request_id)
{
	struct store_audit ev = {
		.at = app_now(),
		.actor = "api:bench@example.org",
		.org = "UWV-T",
		.role = "uwv-adviseur",
		.action = "read_route",
		.object_type = "route",
		.object_id = object_id,
		.purpose = "casework",
		.outcome = "allowed",
		.request_id = request_id,
	};
	return ev;
}

struct worker {
	pthread_t t;
	int n;
	const char *db;
	struct audit_writer *w;
	atomic_int *bad; /* appends that failed, or returned before their commit */
};

/* Whether a separate connection sees the event: it is committed. */
static bool committed(sqlite3 *db, int64_t seq, const char *object_id)
{
	sqlite3_stmt *st;
	bool seen = false;
	if (sqlite3_prepare_v2(db,
			       "SELECT count(*) FROM audit_event WHERE seq = ? AND object_id = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, object_id, -1, SQLITE_STATIC);
	seen = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) == 1;
	sqlite3_finalize(st);
	return seen;
}

static void *work(void *cls)
{
	struct worker *k = cls;
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(k->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		atomic_fetch_add(k->bad, PER_THREAD);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	for (int i = 0; i < PER_THREAD; i++) {
		char id[32], rid[32], err[256];
		snprintf(id, sizeof id, "t%d-%d", k->n, i);
		snprintf(rid, sizeof rid, "req-%d-%d", k->n, i);
		struct store_audit ev = event(id, rid);
		int rc = audit_writer_append(k->w, &ev, err, sizeof err);
		if (rc != STORE_ONE || ev.seq < 1 || !committed(db, ev.seq, id))
			atomic_fetch_add(k->bad, 1);
	}
	sqlite3_close(db);
	return NULL;
}

static int direct_audit(struct app *a, void *cls)
{
	return app_audit(a, "read_route", "route", cls, "casework");
}

static void test_many_threads(void **state)
{
	(void)state;
	struct app_fx f;
	char err[256];
	assert_int_equal(app_fx_open(&f, "aw", "cli:test"), 0);
	struct audit_writer *w = audit_writer_start(&f.a, f.db, err, sizeof err);
	assert_non_null(w);
	atomic_int bad;
	atomic_init(&bad, 0);
	struct worker k[THREADS];
	for (int i = 0; i < THREADS; i++) {
		k[i] = (struct worker){.n = i, .db = f.db, .w = w, .bad = &bad};
		assert_int_equal(pthread_create(&k[i].t, NULL, work, &k[i]), 0);
	}
	/* Another appender on the same chain at the same time (as a CLI
	 * process or a write request would be). */
	for (int i = 0; i < DIRECT; i++) {
		char id[32];
		snprintf(id, sizeof id, "direct-%d", i);
		assert_true(app_tx(&f.a, direct_audit, id) >= 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(k[i].t, NULL);
	assert_int_equal(atomic_load(&bad), 0);

	struct audit_writer_stats st;
	audit_writer_stats(w, &st);
	audit_writer_stop(w);
	assert_int_equal(st.queued, 0);
	assert_int_equal(st.events, THREADS * PER_THREAD);
	assert_int_equal(st.failed, 0);
	assert_true(st.batches >= 1 && st.batches <= THREADS * PER_THREAD);
	assert_true(st.max_batch >= 1 && st.max_batch <= AUDIT_BATCH_MAX);

	/* Every event exactly once, the chain unbroken. */
	const int64_t all = THREADS * PER_THREAD + DIRECT;
	assert_int_equal(app_fx_int(&f, "SELECT count(*) FROM audit_event WHERE seq IS NOT NULL"),
			 all);
	assert_int_equal(app_fx_int(&f, "SELECT count(DISTINCT object_id) FROM audit_event "
					"WHERE seq IS NOT NULL"),
			 all);
	assert_int_equal(app_fx_int(&f, "SELECT max(seq) FROM audit_event"), all);
	struct audit_report rep;
	assert_int_equal(app_audit_verify(&f.a, &rep, err, sizeof err), APP_OK);
	assert_true(rep.intact);
	assert_int_equal(rep.chained, all);
	app_fx_close(&f);
}

static void refuse_audit(const struct app_fx *f)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "CREATE TRIGGER refuse BEFORE INSERT ON audit_event "
				      "BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
}

static void test_failing_store(void **state)
{
	(void)state;
	struct app_fx f;
	char err[256] = "";
	assert_int_equal(app_fx_open(&f, "awf", "cli:test"), 0);
	struct audit_writer *w = audit_writer_start(&f.a, f.db, err, sizeof err);
	assert_non_null(w);
	struct store_audit ev = event("1", "r1");
	assert_int_equal(audit_writer_append(w, &ev, err, sizeof err), STORE_ONE);
	refuse_audit(&f);
	ev = event("2", "r2");
	assert_true(audit_writer_append(w, &ev, err, sizeof err) < 0);
	assert_non_null(strstr(err, "audit refused"));
	struct audit_writer_stats st;
	audit_writer_stats(w, &st);
	assert_int_equal(st.failed, 1);
	assert_int_equal(st.events, 1);
	assert_int_equal(st.queued, 0);
	audit_writer_stop(w);
	assert_int_equal(app_fx_int(&f, "SELECT count(*) FROM audit_event"), 1);
	app_fx_close(&f);
}

/* A read in app_read_tx whose event names a buffer that is gone when the
 * event is committed. */
static int read_cb(struct app *a, void *cls)
{
	char id[16];
	snprintf(id, sizeof id, "%d", *(int *)cls);
	int rc = app_audit(a, "read_route", "route", id, "casework");
	memset(id, 'x', sizeof id - 1);
	return rc;
}

static void test_read_tx(void **state)
{
	(void)state;
	struct app_fx f;
	char err[256];
	int n = 41;
	assert_int_equal(app_fx_open(&f, "awr", "cli:test"), 0);
	/* Without a writer: the event commits in app_tx. */
	assert_true(app_read_tx(&f.a, read_cb, &n) >= 0);
	struct audit_writer *w = audit_writer_start(&f.a, f.db, err, sizeof err);
	assert_non_null(w);
	f.a.audit_writer = w;
	n = 42;
	assert_true(app_read_tx(&f.a, read_cb, &n) >= 0);
	assert_int_equal(app_fx_int(&f, "SELECT count(*) FROM audit_event WHERE seq = 2 AND "
					"object_id = '42' AND actor = 'cli:test'"),
			 1);
	/* A refused event fails the read, with the store's message. */
	refuse_audit(&f);
	n = 43;
	assert_true(app_read_tx(&f.a, read_cb, &n) < 0);
	assert_non_null(strstr(f.a.store->errmsg, "audit refused"));
	assert_null(f.a.audit_deferred);
	f.a.audit_writer = NULL;
	audit_writer_stop(w);
	assert_int_equal(app_fx_int(&f, "SELECT count(*) FROM audit_event"), 2);
	struct audit_report rep;
	assert_int_equal(app_audit_verify(&f.a, &rep, err, sizeof err), APP_OK);
	assert_true(rep.intact);
	app_fx_close(&f);
}

static void test_start_fails(void **state)
{
	(void)state;
	struct app_fx f;
	char err[256] = "";
	assert_int_equal(app_fx_open(&f, "aws", "cli:test"), 0);
	assert_null(audit_writer_start(&f.a, "/nonexistent-dir/x/t.db", err, sizeof err));
	assert_true(err[0] != '\0');
	app_fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_threads),
		cmocka_unit_test(test_failing_store),
		cmocka_unit_test(test_read_tx),
		cmocka_unit_test(test_start_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
