/* xoshiro256** with splitmix64 seeding, written from the published
 * description of both generators. */
#include "core/rng.h"

#include <math.h>

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = rng_splitmix64(&x);
	/* splitmix64 is a bijection of its counter, so four consecutive
	 * outputs are never all zero. */
}

void rng_set_state(struct rng *r, const uint64_t s[4])
{
	if ((s[0] | s[1] | s[2] | s[3]) == 0) {
		rng_seed(r, 0);
		return;
	}
	for (int i = 0; i < 4; i++)
		r->s[i] = s[i];
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
	uint64_t threshold, x;

	if (n == 0)
		return 0;
	/* 2^64 mod n: drawing below it would favour small results. */
	threshold = (0 - n) % n;
	do {
		x = rng_next(r);
	} while (x < threshold);
	return x % n;
}

int64_t rng_between(struct rng *r, int64_t lo, int64_t hi)
{
	uint64_t span;

	if (hi <= lo)
		return lo;
	span = (uint64_t)hi - (uint64_t)lo;
	if (span == UINT64_MAX)
		return (int64_t)((uint64_t)lo + rng_next(r));
	return (int64_t)((uint64_t)lo + rng_below(r, span + 1));
}

double rng_double(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

int rng_chance(struct rng *r, double p)
{
	if (p <= 0.0)
		return 0;
	if (p >= 1.0)
		return 1;
	return rng_double(r) < p;
}

double rng_normal(struct rng *r)
{
	/* 1 - u is in (0, 1], so the logarithm is finite. */
	double u1 = 1.0 - rng_double(r);
	double u2 = rng_double(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
}
