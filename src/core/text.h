/* Checks on text fields from outside: UTF-8, control characters, spreadsheet
 * formulas, Dutch postcodes. */
#ifndef OVERSTAP_CORE_TEXT_H
#define OVERSTAP_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Strict UTF-8 (no overlongs, surrogates or code points above U+10FFFF). */
bool text_utf8_valid(const char *s, size_t n);

/* Any C0 control character (including TAB, CR, LF) or DEL, or a C1 control
 * (U+0080..U+009F) encoded in UTF-8. */
bool text_has_control(const char *s, size_t n);

/* A cell a spreadsheet would run as a formula: it starts with = + - @ TAB or CR
 * (OWASP CSV injection). Such text is kept, but exports must neutralise it. */
bool text_is_formula(const char *s, size_t n);

#define POSTCODE_SIZE 8 /* "1234 AB" + NUL */

/* "1234AB", "1234 ab" -> "1234 AB". First digit 1-9; SA, SD and SS are not
 * used as letter pairs. Returns 0 or -1. */
int postcode_normalise(const char *s, size_t n, char out[POSTCODE_SIZE]);

/* Trims ASCII spaces at both ends: adjusts *s and *n. */
void text_trim(const char **s, size_t *n);

#endif
