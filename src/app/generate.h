/* Synthetic WW benefit files for demos, tests and benchmarks: realistic-looking
 * rows (valid but invented BSNs, Dutch and migrant-origin names, WW periods
 * around a reference date) that hold no data about real people. The
 * distributions are described at the top of generate.c and in
 * data/README.md. */
#ifndef OVERSTAP_APP_GENERATE_H
#define OVERSTAP_APP_GENERATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/date.h"
#include "core/gemeenten.h"

/* Most rows one call writes (the BSN scheme has room for about 81 million). */
#define GEN_WW_COUNT_MAX 10000000L

struct gen_ww_opts {
	uint64_t seed;
	long count;                   /* rows to write, 0 .. GEN_WW_COUNT_MAX */
	cdate date;                   /* reference date D: WW end dates are spread around it */
	const char *const *gemeenten; /* restrict to these codes ("GM0363"); borrowed */
	size_t n_gemeenten;           /* 0 = all of g, weighted by inhabitants */
};

/* Writes a CSV with the header
 *   bsn,family_name,given_names,birth_date,gemeente_code,postcode,house_number,
 *   ww_start,ww_end,daily_wage,email,phone,language
 * and o->count rows to out (LF line ends, UTF-8). The same options and the
 * same g give byte-identical output (with one C library: daily wages go
 * through libm's exp, log and cos, whose last bits may differ elsewhere).
 * Municipalities are drawn from g (borrowed) weighted by inhabitants. The
 * name lists are read from the embedded data/names/family.txt and
 * data/names/given.txt.
 * Returns 0, or -1 with an English reason in err. */
int gen_ww_csv(FILE *out, const struct gen_ww_opts *o, const struct gemeenten *g, char *err,
	       size_t errcap);

#endif
