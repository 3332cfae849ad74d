/* Burgerservicenummer: 11-proef (RULES.md §5.1). */
#include "core/bsn.h"

#include <string.h>

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* RULES.md §5.1: S = 9*d1 + 8*d2 + ... + 2*d8 - d9 must be a positive multiple
 * of 11 (S = 0 passes "mod 11" but is refused: 000000000, 010000008,
 * 100000009), and a number starting with "00" is refused. */
static bool elfproef(const char d[BSN_DIGITS])
{
	int sum = 0;

	if (d[0] == '0' && d[1] == '0')
		return false;
	for (int i = 0; i < BSN_DIGITS - 1; i++)
		sum += (BSN_DIGITS - i) * (d[i] - '0');
	sum -= d[BSN_DIGITS - 1] - '0';
	return sum > 0 && sum % 11 == 0;
}

enum bsn_status bsn_normalise(const char *s, size_t n, char out[BSN_SIZE])
{
	char d[BSN_SIZE];

	if (!s || (n != BSN_DIGITS && n != BSN_DIGITS - 1) || !all_digits(s, n))
		return BSN_BAD_FORMAT;
	if (n == BSN_DIGITS - 1) {
		d[0] = '0';
		memcpy(d + 1, s, n);
	} else {
		memcpy(d, s, n);
	}
	d[BSN_DIGITS] = '\0';
	if (!elfproef(d))
		return BSN_BAD_CHECK;
	memcpy(out, d, BSN_SIZE);
	return BSN_OK;
}

const char *bsn_status_reason(enum bsn_status st)
{
	switch (st) {
	case BSN_OK:
		return "valid";
	case BSN_BAD_FORMAT:
		return "must be 9 digits (or 8 when a spreadsheet dropped the leading zero)";
	case BSN_BAD_CHECK:
		return "fails the 11-proef";
	}
	return "invalid";
}

bool bsn_valid(const char *s)
{
	char tmp[BSN_SIZE];

	if (!s || strnlen(s, BSN_SIZE) != BSN_DIGITS)
		return false;
	return bsn_normalise(s, BSN_DIGITS, tmp) == BSN_OK;
}

void bsn_mask(const char bsn[BSN_SIZE], char out[BSN_SIZE])
{
	char tmp[BSN_SIZE];
	const int shown = 4;

	memset(tmp, '*', BSN_DIGITS);
	tmp[BSN_DIGITS] = '\0';
	/* Only a 9-character value shows its tail; anything else is hidden whole. */
	if (bsn && strnlen(bsn, BSN_SIZE) == BSN_DIGITS)
		memcpy(tmp + BSN_DIGITS - shown, bsn + BSN_DIGITS - shown, shown);
	memcpy(out, tmp, BSN_SIZE);
}
