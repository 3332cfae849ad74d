/* Burgerservicenummer: 11-proef validation, normalisation and masking
 * (RULES.md §5.1). */
#ifndef OVERSTAP_CORE_BSN_H
#define OVERSTAP_CORE_BSN_H

#include <stdbool.h>
#include <stddef.h>

#define BSN_DIGITS 9
#define BSN_SIZE (BSN_DIGITS + 1)

enum bsn_status {
	BSN_OK = 0,
	BSN_BAD_FORMAT = -1, /* not 8 or 9 digits */
	BSN_BAD_CHECK = -2,  /* fails the 11-proef, or all zeros */
};

/* Validates exactly n bytes. Accepts 9 digits, or 8 digits (a number whose
 * leading zero a spreadsheet dropped: a zero is put back). On BSN_OK writes the
 * 9-digit form and a NUL into out. */
enum bsn_status bsn_normalise(const char *s, size_t n, char out[BSN_SIZE]);

/* English reason for a status, for error messages. */
const char *bsn_status_reason(enum bsn_status st);

/* True when s is a NUL-terminated valid 9-digit BSN. */
bool bsn_valid(const char *s);

/* "*****2333": all but the last four digits hidden. */
void bsn_mask(const char bsn[BSN_SIZE], char out[BSN_SIZE]);

#endif
