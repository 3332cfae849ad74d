/* Money as int64 cents: parsing of amounts as people type them, Dutch
 * formatting. */
#include "core/money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MONEY_MAX_CENTS 1000000000000000LL /* 10^15 */
#define EURO_SIGN "\xe2\x82\xac"           /* U+20AC in UTF-8 */

static bool has_prefix(const char *s, size_t n, const char *p)
{
	size_t pn = strlen(p);
	return n >= pn && memcmp(s, p, pn) == 0;
}

/* Skips "€ ", "€" or "EUR " at *i. */
static void skip_currency(const char *s, size_t n, size_t *i)
{
	if (has_prefix(s + *i, n - *i, EURO_SIGN)) {
		*i += strlen(EURO_SIGN);
		if (*i < n && s[*i] == ' ')
			(*i)++;
	} else if (has_prefix(s + *i, n - *i, "EUR ")) {
		*i += 4;
	}
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_sep(char c)
{
	return c == '.' || c == ',';
}

/* Appends digit c to *v, refusing a result above limit. */
static int push_digit(int64_t *v, char c, int64_t limit)
{
	int d = c - '0';

	if (*v > (limit - d) / 10)
		return -1;
	*v = *v * 10 + d;
	return 0;
}

/* The number part: digits with '.' and ',' as separators (see money.h). */
static int parse_number(const char *s, size_t n, int64_t *cents)
{
	size_t last = n; /* position of the last separator, n when none */
	size_t frac_digits = 0;
	size_t int_end = n;
	char dec = 0;       /* decimal separator, 0 when none */
	char thousands = 0; /* thousands separator, 0 when none */
	int64_t euros = 0;
	int64_t frac = 0;

	if (n == 0 || !is_digit(s[0]) || !is_digit(s[n - 1]))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (is_sep(s[i])) {
			if (!is_digit(s[i - 1])) /* two separators in a row */
				return -1;
			last = i;
		} else if (!is_digit(s[i])) {
			return -1;
		}
	}
	if (last < n) {
		size_t tail = n - last - 1;
		bool other = false; /* another separator before the last one */
		bool same = false;  /* ... and it is the same character */

		for (size_t i = 0; i < last; i++) {
			if (is_sep(s[i])) {
				other = true;
				if (s[i] == s[last])
					same = true;
			}
		}
		if (tail == 1 || tail == 2) {
			dec = s[last];
			frac_digits = tail;
			int_end = last;
			if (other)
				thousands = (dec == '.') ? ',' : '.';
		} else if (tail == 3 && same) {
			/* "1.234.567": a decimal separator occurs only once. */
			thousands = s[last];
		} else {
			/* "1.234" or "1,234": could be either; "1.234,567": three
			 * decimals; longer tails: neither. */
			return -1;
		}
	}
	if (thousands) {
		/* Groups between thousands separators: 1-3 digits first, then 3. */
		size_t group = 0;
		bool first = true;

		for (size_t i = 0; i < int_end; i++) {
			if (s[i] == thousands) {
				if (first ? (group < 1 || group > 3) : group != 3)
					return -1;
				first = false;
				group = 0;
			} else if (is_digit(s[i])) {
				group++;
			} else {
				return -1; /* the decimal separator in the integer part */
			}
		}
		if (group != 3)
			return -1;
	} else if (dec) {
		for (size_t i = 0; i < int_end; i++)
			if (!is_digit(s[i]))
				return -1;
	}
	for (size_t i = 0; i < int_end; i++)
		if (is_digit(s[i]) && push_digit(&euros, s[i], MONEY_MAX_CENTS / 100) < 0)
			return -1;
	for (size_t i = int_end + 1; i < n; i++)
		frac = frac * 10 + (s[i] - '0');
	if (frac_digits == 1)
		frac *= 10;
	if (euros * 100 > MONEY_MAX_CENTS - frac)
		return -1;
	*cents = euros * 100 + frac;
	return 0;
}

int money_parse(const char *s, size_t n, int64_t *cents)
{
	size_t i = 0;
	bool negative = false;
	int64_t v;

	if (!s || n == 0)
		return -1;
	/* "-€ 3,50" (as money_format writes), "€ -3,50", "-3,50", "EUR -12". */
	if (s[i] == '-') {
		negative = true;
		i++;
	}
	skip_currency(s, n, &i);
	if (!negative && i < n && s[i] == '-') {
		negative = true;
		i++;
	}
	if (parse_number(s + i, n - i, &v) < 0)
		return -1;
	*cents = negative ? -v : v;
	return 0;
}

int money_format(int64_t cents, char *buf, size_t cap)
{
	char digits[24];
	char out[48];
	size_t nd = 0;
	size_t o = 0;
	/* The magnitude as unsigned, safe for INT64_MIN. */
	uint64_t mag = cents < 0 ? (uint64_t)(-(cents + 1)) + 1 : (uint64_t)cents;
	uint64_t euros = mag / 100;
	unsigned frac = (unsigned)(mag % 100);

	do {
		digits[nd++] = (char)('0' + euros % 10);
		euros /= 10;
	} while (euros);
	if (cents < 0)
		out[o++] = '-';
	memcpy(out + o, EURO_SIGN " ", strlen(EURO_SIGN " "));
	o += strlen(EURO_SIGN " ");
	while (nd) {
		out[o++] = digits[--nd];
		if (nd && nd % 3 == 0)
			out[o++] = '.';
	}
	out[o++] = ',';
	out[o++] = (char)('0' + frac / 10);
	out[o++] = (char)('0' + frac % 10);
	out[o] = '\0';
	return snprintf(buf, cap, "%s", out);
}
