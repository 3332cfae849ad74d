/* app/throttle.c: keys, counting failures in the store, the lock of the
 * latest of several keys, forgetting; on a fresh SQLite database (the
 * PostgreSQL side of get/put_throttle is in test_store). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "app/throttle.h"
#include "app_fixture.h"

#define T0 1800000000

static int setup(void **state)
{
	static struct app_fx f;
	if (app_fx_open(&f, "throttle", "test") != 0)
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	app_fx_close(*state);
	return 0;
}

static void test_keys(void **state)
{
	(void)state;
	unsigned char a[STORE_HASH_SIZE], b[STORE_HASH_SIZE], c[STORE_HASH_SIZE];
	throttle_key("ip", "192.0.2.1", a);
	throttle_key("rsvp-ip", "192.0.2.1", b);
	assert_memory_not_equal(a, b, STORE_HASH_SIZE); /* kinds are apart */
	throttle_key("ip", "192.0.2.10", b);
	assert_memory_not_equal(a, b, STORE_HASH_SIZE);
	/* the kind's NUL separates it from the value: "ip"+"x" is not "i"+"px" */
	throttle_key("i", "px", b);
	throttle_key("ip", "x", c);
	assert_memory_not_equal(b, c, STORE_HASH_SIZE);
	throttle_key("ip", NULL, b);
	throttle_key("ip", "", c);
	assert_memory_equal(b, c, STORE_HASH_SIZE);
	throttle_key("ip", "192.0.2.1", c);
	assert_memory_equal(a, c, STORE_HASH_SIZE); /* stable */
}

static void test_fail_and_lock(void **state)
{
	struct app_fx *f = *state;
	struct store *s = f->a.store;
	unsigned char k1[STORE_HASH_SIZE], k2[STORE_HASH_SIZE];
	const unsigned char *const keys[2] = {k1, k2};
	int64_t until;
	throttle_key("rsvp-ip", "192.0.2.1", k1);
	throttle_key("rsvp-ip", "192.0.2.2", k2);
	assert_int_equal(throttle_until(s, keys, 2, T0, &until), STORE_ONE);
	assert_int_equal(until, 0); /* nothing known yet */
	for (int i = 0; i < 3; i++)
		assert_true(throttle_fail(s, k1, 3, T0 + i) >= 0);
	assert_int_equal(throttle_until(s, keys, 2, T0 + 3, &until), STORE_ONE);
	assert_int_equal(until, 0); /* three free failures */
	assert_true(throttle_fail(s, k1, 3, T0 + 3) >= 0);
	assert_int_equal(throttle_until(s, keys, 2, T0 + 3, &until), STORE_ONE);
	assert_int_equal(until, T0 + 3 + THROTTLE_BASE_S);
	assert_true(throttle_fail(s, k1, 3, T0 + 4) >= 0); /* doubles */
	assert_int_equal(throttle_until(s, keys, 1, T0 + 4, &until), STORE_ONE);
	assert_int_equal(until, T0 + 4 + 2 * THROTTLE_BASE_S);
	/* k2 is apart; the later lock of both keys counts. */
	for (int i = 0; i < 4; i++)
		assert_true(throttle_fail(s, k2, 0, T0 + 10) >= 0);
	assert_int_equal(throttle_until(s, keys, 2, T0 + 10, &until), STORE_ONE);
	assert_int_equal(until, T0 + 10 + 8 * THROTTLE_BASE_S);
	/* A lock that has run out is no lock. */
	assert_int_equal(throttle_until(s, keys, 1, T0 + 4 + 2 * THROTTLE_BASE_S, &until),
			 STORE_ONE);
	assert_int_equal(until, 0);
	/* Forgotten a day after the last failure: counting starts again. */
	int64_t later = T0 + 4 + THROTTLE_FORGET_S + 1;
	assert_true(throttle_fail(s, k1, 3, later) >= 0);
	assert_int_equal(throttle_until(s, keys, 1, later, &until), STORE_ONE);
	assert_int_equal(until, 0);
	assert_int_equal(
		app_fx_int(f, "SELECT failures FROM signin_throttle ORDER BY failures LIMIT 1"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test_setup_teardown(test_fail_and_lock, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
