/* The store pool (store/pool.h): several threads share fewer connections.
 *
 * Runs on a temporary SQLite file, and also on PostgreSQL when
 * OVERSTAP_TEST_PG is set (a shared database: the keys carry a per-run tag). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/pool.h"
#include "store_fixture.h"

#define THREADS 6
#define POOL_SIZE 3
#define ROUNDS 25

struct fx {
	char spec[512];
	bool temp;
	char key[64];
	struct store_pool *pool;
};

static unsigned run_id;

static int setup_spec(void **state, const char *pg)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	if (pg) {
		if (!*pg) {
			free(f);
			*state = NULL;
			return 0; /* no server: the test skips */
		}
		snprintf(f->spec, sizeof f->spec, "%s", pg);
	} else {
		if (store_fx_temp(f->spec, sizeof f->spec, "pool") != 0) {
			free(f);
			return -1;
		}
		f->temp = true;
	}
	static int n;
	snprintf(f->key, sizeof f->key, "pool-%08x-%d", run_id, ++n);
	*state = f;
	return 0;
}

static int setup_sqlite(void **state)
{
	return setup_spec(state, NULL);
}

static int setup_pg(void **state)
{
	const char *pg = getenv("OVERSTAP_TEST_PG");
	return setup_spec(state, pg ? pg : "");
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (!f)
		return 0;
	store_pool_close(f->pool);
	if (f->temp)
		store_fx_remove(f->spec);
	free(f);
	return 0;
}

/* One increment of the counter in meta, as a retried transaction. */
static int increment(struct store *s, const char *key)
{
	for (int attempt = 0; attempt < 1000; attempt++) {
		char buf[32];
		long n = 0;
		int rc = s->ops->begin_write(s);
		if (rc >= 0)
			rc = s->ops->get_meta(s, key, buf, sizeof buf);
		if (rc == STORE_ONE)
			n = strtol(buf, NULL, 10);
		if (rc >= 0) {
			snprintf(buf, sizeof buf, "%ld", n + 1);
			rc = s->ops->set_meta(s, key, buf);
		}
		if (rc >= 0)
			rc = s->ops->commit(s);
		if (rc >= 0)
			return 0;
		s->ops->rollback(s);
		if (rc != STORE_SOFT) {
			fprintf(stderr, "increment: %s\n", s->errmsg);
			return -1;
		}
		usleep((useconds_t)(1000 + rand() % 4000));
	}
	return -1;
}

struct worker {
	struct fx *f;
	int failures;
	int max_in_use;
};

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static int in_use;

static void *work(void *cls)
{
	struct worker *w = cls;
	for (int i = 0; i < ROUNDS; i++) {
		struct store *s = store_pool_get(w->f->pool);
		pthread_mutex_lock(&count_lock);
		int now = ++in_use;
		if (now > w->max_in_use)
			w->max_in_use = now;
		pthread_mutex_unlock(&count_lock);
		if (increment(s, w->f->key) != 0)
			w->failures++;
		pthread_mutex_lock(&count_lock);
		in_use--;
		pthread_mutex_unlock(&count_lock);
		store_pool_put(w->f->pool, s);
	}
	return NULL;
}

static void run_threads(void **state)
{
	struct fx *f = *state;
	char err[256] = "", buf[32];
	if (!f)
		skip();
	f->pool = store_pool_open(f->spec, POOL_SIZE, err, sizeof err);
	if (!f->pool)
		fprintf(stderr, "store_pool_open: %s\n", err);
	assert_non_null(f->pool);

	pthread_t th[THREADS];
	struct worker w[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){.f = f};
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(w[i].failures, 0);
		assert_true(w[i].max_in_use <= POOL_SIZE);
	}
	/* Every increment counted once: no lost update. */
	struct store *s = store_pool_get(f->pool);
	assert_int_equal(s->ops->get_meta(s, f->key, buf, sizeof buf), STORE_ONE);
	assert_int_equal(strtol(buf, NULL, 10), THREADS * ROUNDS);
	store_pool_put(f->pool, s);
}

struct waiter {
	struct store_pool *pool;
	struct store *got;
};

static void *wait_for_store(void *cls)
{
	struct waiter *w = cls;
	w->got = store_pool_get(w->pool);
	return NULL;
}

/* get blocks while every store is out; put hands one over and rolls back
 * what its user left open. */
static void blocks_and_rolls_back(void **state)
{
	struct fx *f = *state;
	char err[256] = "", buf[32];
	if (!f)
		skip();
	f->pool = store_pool_open(f->spec, 1, err, sizeof err);
	assert_non_null(f->pool);
	struct store *s = store_pool_get(f->pool);
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->set_meta(s, f->key, "left open"), STORE_ONE);

	struct waiter w = {f->pool, NULL};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, wait_for_store, &w), 0);
	usleep(100 * 1000);
	assert_null(w.got); /* still waiting */
	store_pool_put(f->pool, s);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_ptr_equal(w.got, s);
	assert_int_equal(w.got->ops->get_meta(w.got, f->key, buf, sizeof buf), STORE_NONE);
	assert_int_equal(w.got->ops->begin_write(w.got), STORE_ONE); /* none was open */
	assert_int_equal(w.got->ops->rollback(w.got), STORE_ONE);
	store_pool_put(f->pool, w.got);
}

static void refuses(void **state)
{
	(void)state;
	char err[256] = "";
	assert_null(store_pool_open("/nonexistent-overstap-dir/x.db", 2, err, sizeof err));
	assert_true(err[0] != '\0');
	err[0] = '\0';
	assert_null(store_pool_open("postgresql://u:SECRET@127.0.0.1:1/x", 2, err, sizeof err));
	assert_non_null(strstr(err, "127.0.0.1:1"));
	assert_null(strstr(err, "SECRET"));
	assert_null(store_pool_open("x.db", 0, err, sizeof err));
	assert_null(store_pool_open("x.db", STORE_POOL_MAX + 1, NULL, 0));
	store_pool_close(NULL);
}

static void threads_sqlite(void **state)
{
	run_threads(state);
}

static void threads_pg(void **state)
{
	run_threads(state);
}

static void blocks_sqlite(void **state)
{
	blocks_and_rolls_back(state);
}

static void blocks_pg(void **state)
{
	blocks_and_rolls_back(state);
}

int main(void)
{
	run_id = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
	srand(run_id);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refuses),
		cmocka_unit_test_setup_teardown(threads_sqlite, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(blocks_sqlite, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(threads_pg, setup_pg, teardown),
		cmocka_unit_test_setup_teardown(blocks_pg, setup_pg, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
