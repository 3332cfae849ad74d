/* The Wilson score interval for a binomial proportion (E. B. Wilson,
 * "Probable inference, the law of succession, and statistical inference",
 * JASA 22 (1927) 209-212): with p = k/n and z the standard normal quantile,
 *
 *   centre = (p + z^2/2n) / (1 + z^2/n)
 *   half   = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2)
 *
 * It stays inside [0, 1] and behaves at k = 0 and k = n, unlike the normal
 * approximation, which is why the funnel uses it for small meetings. Pure. */
#ifndef OVERSTAP_CORE_WILSON_H
#define OVERSTAP_CORE_WILSON_H

#include <stdint.h>

/* z for a two-sided 95% interval: the 0.975 quantile of N(0, 1). */
#define WILSON_Z95 1.959963984540054

/* The 95% interval of k successes in n trials into *low and *high. n = 0
 * (nothing known) gives [0, 1]; k outside [0, n] gives -1 (and [0, 1]),
 * otherwise 0. */
int wilson95(int64_t k, int64_t n, double *low, double *high);

#endif
