/* Tests for the producer/consumer hand-off used by the WW import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "app/pipe.h"

struct item {
	long seq;
	char pad[100];
};

struct sink {
	long seen;
	long next_expected;
	long fail_at; /* fail when this seq arrives; -1 never */
	int in_order;
};

static int consume(void *cls, void *it)
{
	struct sink *s = cls;
	struct item *i = it;
	if (i->seq != s->next_expected)
		s->in_order = 0;
	s->next_expected = i->seq + 1;
	s->seen++;
	return i->seq == s->fail_at ? -5 : 0;
}

static void run_count(long n, size_t per_batch, size_t batches)
{
	struct sink s = {.fail_at = -1, .in_order = 1};
	struct pipe *p = pipe_start(sizeof(struct item), per_batch, batches, consume, &s);
	assert_non_null(p);
	for (long k = 0; k < n; k++) {
		struct item it = {.seq = k};
		assert_int_equal(pipe_push(p, &it), 0);
	}
	assert_int_equal(pipe_finish(p), 0);
	assert_int_equal(s.seen, n);
	assert_true(s.in_order);
}

static void test_all_items_in_order(void **state)
{
	(void)state;
	run_count(100000, 512, 4);
}

static void test_batch_edges(void **state)
{
	(void)state;
	run_count(0, 8, 2);    /* nothing pushed */
	run_count(1, 8, 2);    /* a partial batch only */
	run_count(8, 8, 2);    /* exactly one full batch */
	run_count(16, 8, 2);   /* every batch full at once */
	run_count(17, 8, 2);   /* and one more */
	run_count(1000, 1, 1); /* one item at a time through one batch */
}

static void test_failure_stops_and_is_returned(void **state)
{
	(void)state;
	struct sink s = {.fail_at = 100, .in_order = 1};
	struct pipe *p = pipe_start(sizeof(struct item), 16, 3, consume, &s);
	assert_non_null(p);
	int first_fail = 0;
	for (long k = 0; k < 10000; k++) {
		struct item it = {.seq = k};
		int rc = pipe_push(p, &it);
		if (rc < 0) {
			first_fail = rc;
			break;
		}
	}
	assert_int_equal(first_fail, -5);
	assert_int_equal(pipe_finish(p), -5);
	/* Nothing after the failing item was handed to the consumer. */
	assert_int_equal(s.seen, 101);
}

static void test_failure_in_last_partial_batch(void **state)
{
	(void)state;
	struct sink s = {.fail_at = 3, .in_order = 1};
	struct pipe *p = pipe_start(sizeof(struct item), 16, 3, consume, &s);
	for (long k = 0; k < 5; k++) {
		struct item it = {.seq = k};
		assert_int_equal(pipe_push(p, &it), 0); /* the worker has seen nothing yet */
	}
	assert_int_equal(pipe_finish(p), -5);
	assert_int_equal(s.seen, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_items_in_order),
		cmocka_unit_test(test_batch_edges),
		cmocka_unit_test(test_failure_stops_and_is_returned),
		cmocka_unit_test(test_failure_in_last_partial_batch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
