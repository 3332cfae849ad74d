/* Group commit of audit events through the real server (app/audit_writer.h),
 * on SQLite and PostgreSQL: many requests reading a route at once, each
 * answered only with its audit event in the chain; a store that refuses
 * audit events gets 5xx replies that carry no personal data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "harness.h"

#define PASSWORD "een-lang-genoeg-wachtwoord\n"
#define THREADS 8
#define PER_THREAD 12

static struct h_proc server;

struct world {
	struct h_env *e;
	int port;
	char auth[ACCOUNT_TOKEN_LEN + 32]; /* "Authorization: Bearer ...\r\n" */
};

/* One UWV team owning one route, its adviser's token, and the server. */
static void build(struct world *w, struct h_env *e)
{
	struct h_run r;
	w->e = e;
	h_expect(&r, 0, NULL, "init", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "org", "add", "--code", "UWV-A", "--kind", "uwv", "--name", "UWV A",
		 "--db", e->db, NULL);
	h_run_free(&r);
	char csv[512] = H_WW_HEADER, bsn[10];
	h_bsn(7, bsn);
	size_t n = strlen(csv);
	h_ww_row(csv + n, sizeof csv - n, bsn, "GM0363", "2025-06-01", "2027-01-15");
	h_writes(h_path(e, "ww.csv"), csv);
	h_expect(&r, 0, NULL, "import", "ww", h_path(e, "ww.csv"), "--org", "UWV-A", "--db", e->db,
		 NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM route"), 1);
	h_expect(&r, 0, PASSWORD, "user", "add", "--org", "UWV-A", "--role", "uwv-adviseur",
		 "--email", "a@uwv-a.example", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "token", "add", "--user", "a@uwv-a.example", "--db", e->db, NULL);
	assert_int_equal(strlen(r.out), ACCOUNT_TOKEN_LEN + 1);
	snprintf(w->auth, sizeof w->auth, "Authorization: Bearer %.*s\r\n", ACCOUNT_TOKEN_LEN,
		 r.out);
	h_run_free(&r);
	w->port = h_serve(&server, e, h_path(e, "serve.log"), NULL);
}

static long long read_events(const struct world *w)
{
	return h_db_int(w->e->db, "SELECT count(*) FROM audit_event WHERE action = 'read_route'");
}

struct client {
	pthread_t t;
	const struct world *w;
	atomic_int *ok, *bad;
};

static void *client_main(void *cls)
{
	struct client *c = cls;
	for (int i = 0; i < PER_THREAD; i++) {
		struct h_reply rep;
		h_http_req(c->w->port, "GET", "/api/v1/routes/1", c->w->auth, NULL, &rep);
		atomic_fetch_add(rep.status == 200 ? c->ok : c->bad, 1);
		h_reply_free(&rep);
	}
	return NULL;
}

/* The metric line "name value" from /metrics, as a number; -1 when absent. */
static long long metric(int port, const char *name)
{
	struct h_reply rep;
	h_http_req(port, "GET", "/metrics", NULL, NULL, &rep);
	assert_int_equal(rep.status, 200);
	long long v = -1;
	size_t n = strlen(name);
	for (const char *p = rep.body; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, name, n) == 0 && p[n] == ' ')
			v = strtoll(p + n + 1, NULL, 10);
	h_reply_free(&rep);
	return v;
}

static void concurrent_reads_all_audited(void **state)
{
	struct world w;
	build(&w, *state);
	atomic_int ok, bad;
	atomic_init(&ok, 0);
	atomic_init(&bad, 0);
	struct client c[THREADS];
	for (int i = 0; i < THREADS; i++) {
		c[i] = (struct client){.w = &w, .ok = &ok, .bad = &bad};
		assert_int_equal(pthread_create(&c[i].t, NULL, client_main, &c[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(c[i].t, NULL);
	assert_int_equal(atomic_load(&bad), 0);
	assert_int_equal(atomic_load(&ok), THREADS * PER_THREAD);
	/* Every answered read has its event, exactly once; all went through
	 * the writer's batches, none is still queued. */
	assert_int_equal(read_events(&w), THREADS * PER_THREAD);
	assert_int_equal(metric(w.port, "overstap_audit_batch_events_total"), THREADS * PER_THREAD);
	assert_int_equal(metric(w.port, "overstap_audit_queue_depth"), 0);
	long long max = metric(w.port, "overstap_audit_batch_size_max");
	assert_true(max >= 1 && max <= THREADS * PER_THREAD);
	h_proc_stop(&server, 10000, NULL);
	struct h_run r;
	h_expect(&r, 0, NULL, "audit", "verify", "--db", w.e->db, NULL);
	h_run_free(&r);
}

static void refused_audit_sends_no_data(void **state)
{
	struct world w;
	build(&w, *state);
	struct h_reply rep;
	h_http_req(w.port, "GET", "/api/v1/routes/1", w.auth, NULL, &rep);
	assert_int_equal(rep.status, 200);
	assert_true(h_contains(rep.body, "Jansen"));
	h_reply_free(&rep);
	h_db_exec(w.e->db, H_SQL("CREATE TRIGGER refuse BEFORE INSERT ON audit_event "
				 "BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
				 "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
				 "$$BEGIN RAISE EXCEPTION 'audit refused'; END$$; "
				 "CREATE TRIGGER refuse BEFORE INSERT ON audit_event "
				 "FOR EACH ROW EXECUTE FUNCTION refuse()"));
	const char *paths[] = {"/api/v1/routes/1", "/api/v1/routes?limit=50"};
	for (size_t i = 0; i < 2; i++) {
		h_http_req(w.port, "GET", paths[i], w.auth, NULL, &rep);
		assert_int_equal(rep.status, 500);
		assert_false(h_contains(rep.body, "Jansen"));
		assert_false(h_contains(rep.body, "GM0363"));
		h_reply_free(&rep);
	}
	assert_true(metric(w.port, "overstap_audit_batch_failures_total") >= 2);
	assert_int_equal(read_events(&w), 1);
	/* The store accepts events again: so does the server. */
	h_db_exec(w.e->db, H_SQL("DROP TRIGGER refuse", "DROP TRIGGER refuse ON audit_event"));
	h_http_req(w.port, "GET", "/api/v1/routes/1", w.auth, NULL, &rep);
	assert_int_equal(rep.status, 200);
	h_reply_free(&rep);
	assert_int_equal(read_events(&w), 2);
	h_proc_stop(&server, 10000, NULL);
	struct h_run r;
	h_expect(&r, 0, NULL, "audit", "verify", "--db", w.e->db, NULL);
	h_run_free(&r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(concurrent_reads_all_audited),
		T(refused_audit_sends_no_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
