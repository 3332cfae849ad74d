/* Tests for the deterministic random number generator (core/rng.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "core/rng.h"

/* Reference outputs quoted in public test suites of other implementations:
 * splitmix64 from state 0, and xoshiro256** from the state {1, 2, 3, 4}. */
static void test_reference_vectors(void **state)
{
	uint64_t x = 0;
	const uint64_t s[4] = {1, 2, 3, 4};
	struct rng r;
	(void)state;

	assert_true(rng_splitmix64(&x) == UINT64_C(0xe220a8397b1dcdaf));
	assert_true(rng_splitmix64(&x) == UINT64_C(0x6e789e6aa1b965f4));
	assert_true(rng_splitmix64(&x) == UINT64_C(0x06c45d188009454f));

	rng_set_state(&r, s);
	assert_true(rng_next(&r) == UINT64_C(11520));
	assert_true(rng_next(&r) == UINT64_C(0));
	assert_true(rng_next(&r) == UINT64_C(1509978240));
	assert_true(rng_next(&r) == UINT64_C(1215971899390074240));
}

/* rng_seed = four splitmix64 outputs as the state. */
static void test_seed_is_splitmix_expansion(void **state)
{
	struct rng a, b;
	uint64_t x = 42, s[4];
	(void)state;

	for (int i = 0; i < 4; i++)
		s[i] = rng_splitmix64(&x);
	rng_seed(&a, 42);
	rng_set_state(&b, s);
	assert_memory_equal(a.s, b.s, sizeof a.s);
	for (int i = 0; i < 100; i++)
		assert_true(rng_next(&a) == rng_next(&b));
}

static void test_all_zero_state_is_replaced(void **state)
{
	const uint64_t zero[4] = {0, 0, 0, 0};
	struct rng r;
	uint64_t orv = 0;
	(void)state;

	rng_set_state(&r, zero);
	for (int i = 0; i < 8; i++)
		orv |= rng_next(&r);
	assert_true(orv != 0);
}

static void test_same_seed_same_sequence(void **state)
{
	struct rng a, b, c;
	int differ = 0;
	(void)state;

	rng_seed(&a, 20260101);
	rng_seed(&b, 20260101);
	rng_seed(&c, 20260102);
	for (int i = 0; i < 1000; i++) {
		uint64_t va = rng_next(&a);
		assert_true(va == rng_next(&b));
		if (va != rng_next(&c))
			differ++;
	}
	assert_true(differ > 990);
	/* Derived draws follow the same stream. */
	rng_seed(&a, 7);
	rng_seed(&b, 7);
	for (int i = 0; i < 1000; i++) {
		assert_true(rng_below(&a, 1000) == rng_below(&b, 1000));
		assert_true(rng_double(&a) == rng_double(&b));
		assert_true(rng_normal(&a) == rng_normal(&b));
	}
}

static void test_below_range(void **state)
{
	struct rng r;
	const uint64_t ns[] = {1, 2, 3, 7, 10, 1000, UINT64_C(1) << 40, UINT64_MAX};
	(void)state;

	rng_seed(&r, 1);
	assert_true(rng_below(&r, 0) == 0);
	for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++)
		for (int i = 0; i < 2000; i++)
			assert_true(rng_below(&r, ns[k]) < ns[k]);
	for (int i = 0; i < 100; i++)
		assert_true(rng_below(&r, 1) == 0);
}

static void test_between_inclusive(void **state)
{
	struct rng r;
	int seen[7] = {0};
	(void)state;

	rng_seed(&r, 2);
	for (int i = 0; i < 7000; i++) {
		int64_t v = rng_between(&r, -3, 3);
		assert_true(v >= -3 && v <= 3);
		seen[v + 3]++;
	}
	for (int i = 0; i < 7; i++)
		assert_true(seen[i] > 0); /* both ends are reachable */
	assert_true(rng_between(&r, 5, 5) == 5);
	assert_true(rng_between(&r, 9, 2) == 9);
	for (int i = 0; i < 100; i++) {
		int64_t v = rng_between(&r, INT64_MIN, INT64_MAX); /* full span */
		(void)v;
	}
}

static void test_double_range(void **state)
{
	struct rng r;
	double lo = 1.0, hi = 0.0;
	(void)state;

	rng_seed(&r, 3);
	for (int i = 0; i < 100000; i++) {
		double d = rng_double(&r);
		assert_true(d >= 0.0 && d < 1.0);
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
	}
	assert_true(lo < 0.001);
	assert_true(hi > 0.999);
}

static void test_chance_edges(void **state)
{
	struct rng r;
	int yes = 0;
	(void)state;

	rng_seed(&r, 4);
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(rng_chance(&r, 0.0), 0);
		assert_int_equal(rng_chance(&r, -1.0), 0);
		assert_int_equal(rng_chance(&r, 1.0), 1);
		yes += rng_chance(&r, 0.25);
	}
	assert_true(yes > 200 && yes < 300);
}

/* With a fixed seed, 100,000 draws over 10 buckets: chi-square with 9 degrees
 * of freedom stays below 27.88 (p = 0.001) for a uniform generator. */
static void test_uniform_distribution(void **state)
{
	struct rng r;
	long count[10] = {0};
	const long n = 100000;
	double chi2 = 0.0, expect = (double)n / 10.0;
	(void)state;

	rng_seed(&r, 12345);
	for (long i = 0; i < n; i++)
		count[rng_below(&r, 10)]++;
	for (int i = 0; i < 10; i++)
		chi2 += (count[i] - expect) * (count[i] - expect) / expect;
	assert_true(chi2 < 27.88);

	/* The same for the double, in 10 equal bins. */
	memset(count, 0, sizeof count);
	chi2 = 0.0;
	for (long i = 0; i < n; i++)
		count[(int)(rng_double(&r) * 10.0)]++;
	for (int i = 0; i < 10; i++)
		chi2 += (count[i] - expect) * (count[i] - expect) / expect;
	assert_true(chi2 < 27.88);
}

/* Sample mean and variance of 100,000 normal deviates; about 68.3% within
 * one standard deviation and 95.4% within two. */
static void test_normal_distribution(void **state)
{
	struct rng r;
	const long n = 100000;
	double sum = 0.0, sumsq = 0.0;
	long within1 = 0, within2 = 0;
	(void)state;

	rng_seed(&r, 99);
	for (long i = 0; i < n; i++) {
		double z = rng_normal(&r);
		assert_true(isfinite(z));
		sum += z;
		sumsq += z * z;
		within1 += fabs(z) < 1.0;
		within2 += fabs(z) < 2.0;
	}
	double mean = sum / n;
	double var = sumsq / n - mean * mean;
	assert_true(fabs(mean) < 0.02);
	assert_true(fabs(var - 1.0) < 0.03);
	assert_true(fabs((double)within1 / n - 0.6827) < 0.01);
	assert_true(fabs((double)within2 / n - 0.9545) < 0.01);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_vectors),
		cmocka_unit_test(test_seed_is_splitmix_expansion),
		cmocka_unit_test(test_all_zero_state_is_replaced),
		cmocka_unit_test(test_same_seed_same_sequence),
		cmocka_unit_test(test_below_range),
		cmocka_unit_test(test_between_inclusive),
		cmocka_unit_test(test_double_range),
		cmocka_unit_test(test_chance_edges),
		cmocka_unit_test(test_uniform_distribution),
		cmocka_unit_test(test_normal_distribution),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
