/* core/wilson: the 95% Wilson score interval.
 *
 * Expected values were computed independently with python3 (3.11) by solving
 * Wilson's quadratic (1 + z^2/n) p^2 - (2 k/n + z^2/n) p + (k/n)^2 = 0 for
 * its two roots, with z = statistics.NormalDist().inv_cdf(0.975):
 *
 *   a = 1 + z*z/n; b = -(2*k/n + z*z/n); c = (k/n)**2
 *   roots = ((-b - sqrt(b*b - 4*a*c)) / (2*a), (-b + sqrt(b*b - 4*a*c)) / (2*a))
 *
 * The code under test uses the centre/half-width form instead, so the two
 * agree only when both are right. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core/wilson.h"

static void check(int64_t k, int64_t n, double lo, double hi)
{
	double l, h;
	assert_int_equal(wilson95(k, n, &l, &h), 0);
	if (fabs(l - lo) > 1e-9 || fabs(h - hi) > 1e-9)
		fail_msg("%lld/%lld: got [%.12f, %.12f], want [%.12f, %.12f]", (long long)k,
			 (long long)n, l, h, lo, hi);
}

static void test_z(void **state)
{
	(void)state;
	/* statistics.NormalDist().inv_cdf(0.975) = 1.9599639845400536 */
	assert_true(fabs(WILSON_Z95 - 1.9599639845400536) < 1e-15);
}

static void test_values(void **state)
{
	(void)state;
	check(7, 81, 0.042492583340, 0.167799166339);   /* Purmerend, first meeting */
	check(37, 189, 0.145497969093, 0.258157237089); /* Purmerend, all three */
	check(50, 100, 0.403831530366, 0.596168469634); /* symmetric around 0.5 */
}

static void test_edges(void **state)
{
	(void)state;
	double l, h;
	check(0, 10, 0.0, 0.277532799863);
	check(10, 10, 0.722467200137, 1.0);
	/* exact bounds at k = 0 and k = n, not 1e-17 */
	assert_int_equal(wilson95(0, 10, &l, &h), 0);
	assert_true(l == 0.0);
	assert_int_equal(wilson95(10, 10, &l, &h), 0);
	assert_true(h == 1.0);
	/* n = 0: nothing is known */
	assert_int_equal(wilson95(0, 0, &l, &h), 0);
	assert_true(l == 0.0 && h == 1.0);
	/* nonsense input */
	assert_int_equal(wilson95(5, 4, &l, &h), -1);
	assert_true(l == 0.0 && h == 1.0);
	assert_int_equal(wilson95(-1, 4, &l, &h), -1);
	assert_int_equal(wilson95(0, -1, &l, &h), -1);
}

static void test_properties(void **state)
{
	(void)state;
	/* Inside [0, 1], contains k/n, and narrows as n grows at a fixed rate. */
	double prev = 2.0;
	for (int64_t n = 1; n <= 100000; n *= 10) {
		for (int64_t k = 0; k <= n; k += n / 10 ? n / 10 : 1) {
			double l, h, p = (double)k / (double)n;
			assert_int_equal(wilson95(k, n, &l, &h), 0);
			assert_true(l >= 0.0 && h <= 1.0 && l <= p && p <= h);
		}
		double l, h;
		assert_int_equal(wilson95(n / 2, n, &l, &h), 0);
		if (n > 1) {
			assert_true(h - l < prev);
			prev = h - l;
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_z),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_properties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
