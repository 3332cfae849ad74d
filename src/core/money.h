/* Money as int64 cents. */
#ifndef OVERSTAP_CORE_MONEY_H
#define OVERSTAP_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Parses exactly n bytes: "1.234,56", "1234,56", "1234.56", "1,234.56",
 * "€ 1.234,56", "EUR 12", "-3,50". The last separator followed by one or two
 * digits is the decimal one; a separator followed by three digits that could
 * be either ("1.234", "1,234") is refused as ambiguous. Returns 0 and sets
 * *cents, or -1. Magnitudes above 10^15 cents are refused. */
int money_parse(const char *s, size_t n, int64_t *cents);

/* Dutch style: "€ 1.234,56", "-€ 3,50". Returns the length written (as
 * snprintf), output always NUL-terminated when cap > 0. */
int money_format(int64_t cents, char *buf, size_t cap);

#endif
