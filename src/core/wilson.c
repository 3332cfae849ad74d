#include "core/wilson.h"

#include <math.h>

int wilson95(int64_t k, int64_t n, double *low, double *high)
{
	*low = 0.0;
	*high = 1.0;
	if (n < 0 || k < 0 || k > n)
		return -1;
	if (n == 0)
		return 0;
	const double z = WILSON_Z95, z2 = z * z;
	double nn = (double)n, p = (double)k / nn;
	double d = 1.0 + z2 / nn;
	double centre = (p + z2 / (2.0 * nn)) / d;
	double half = z / d * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
	/* At k = 0 and k = n one bound is exactly 0 or 1; keep it exact. */
	*low = k == 0 ? 0.0 : fmax(0.0, centre - half);
	*high = k == n ? 1.0 : fmin(1.0, centre + half);
	return 0;
}
