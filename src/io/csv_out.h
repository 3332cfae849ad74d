/* CSV output (RFC 4180, CRLF line ends). Every cell that a spreadsheet would
 * run as a formula is written with a leading apostrophe, so exports never
 * carry a formula raw (OWASP CSV injection). */
#ifndef OVERSTAP_IO_CSV_OUT_H
#define OVERSTAP_IO_CSV_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes one cell, preceded by a comma unless first. Quotes it when it holds
 * a comma, quote, CR or LF. Returns 0, or -1 on a write error. */
int csv_out_cell(FILE *f, const char *s, size_t n, bool first);
/* Ends a record. */
int csv_out_end(FILE *f);

#endif
