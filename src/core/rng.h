/* Deterministic pseudo-random numbers for synthetic data and tests: the same
 * seed gives the same sequence on every platform. Not for secrets (keys,
 * tokens, salts): use the system's random source for those.
 *
 * Generator: xoshiro256** (Blackman and Vigna, "Scrambled linear
 * pseudorandom number generators", 2018); the 64-bit seed is expanded into
 * the 256-bit state with splitmix64, as its authors recommend. */
#ifndef OVERSTAP_CORE_RNG_H
#define OVERSTAP_CORE_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* Seeds from a 64-bit value (any value, 0 included). */
void rng_seed(struct rng *r, uint64_t seed);

/* Sets the raw state (for tests against published vectors). The state must
 * not be all zeros; an all-zero state is replaced by rng_seed(r, 0). */
void rng_set_state(struct rng *r, const uint64_t s[4]);

/* Next 64 random bits. */
uint64_t rng_next(struct rng *r);

/* Uniform integer in [0, n) without modulo bias; n must be > 0 (0 gives 0). */
uint64_t rng_below(struct rng *r, uint64_t n);

/* Uniform integer in [lo, hi], both included; lo <= hi. */
int64_t rng_between(struct rng *r, int64_t lo, int64_t hi);

/* Uniform double in [0, 1) with 53 random bits. */
double rng_double(struct rng *r);

/* True with probability p (p <= 0: never, p >= 1: always). */
int rng_chance(struct rng *r, double p);

/* Standard normal deviate (mean 0, standard deviation 1), Box-Muller. */
double rng_normal(struct rng *r);

/* One step of splitmix64: advances *x and returns the next output. Also a
 * good 64-bit mixing function for deriving sub-seeds. */
uint64_t rng_splitmix64(uint64_t *x);

#endif
