/* Streaming CSV reader (RFC 4180, strict) on libcsv.
 *
 * Reads a file in fixed-size chunks and hands each record to a callback, so
 * memory stays constant whatever the file size. Handles a UTF-8 byte order
 * mark, detects ',' or ';' as the delimiter from the header line, accepts LF
 * and CRLF line ends and quoted newlines, skips empty lines, and reports the
 * physical line on which each record starts. Anything that is not UTF-8 is
 * refused for the whole file. */
#ifndef OVERSTAP_IO_CSV_IN_H
#define OVERSTAP_IO_CSV_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct csv_row {
	size_t count;         /* fields in this record (at most max_fields) */
	const char *const *v; /* NUL-terminated field texts */
	const size_t *n;      /* their lengths */
	const bool *too_long; /* field was over max_field: v is "" */
	bool too_many;        /* the record had more than max_fields fields */
	long line;            /* physical line where the record starts (1-based) */
};

/* Return 0 to go on, anything else to stop reading (csv_in_read returns it). */
typedef int (*csv_row_cb)(void *cls, const struct csv_row *row);
/* Sees every byte read, in order (for hashing and progress). */
typedef void (*csv_bytes_cb)(void *cls, const void *buf, size_t n);

struct csv_in_opts {
	size_t max_field;  /* longer fields are flagged too_long */
	size_t max_fields; /* more fields are flagged too_many */
	size_t max_record; /* a record longer than this stops the read (memory bound) */
	char delim;        /* ',' or ';'; 0 = detect from the first line */
	csv_row_cb on_row;
	csv_bytes_cb on_bytes; /* optional */
	void *cls;
};

enum csv_in_status {
	CSV_IN_OK = 0,
	CSV_IN_STOPPED,  /* the row callback asked to stop */
	CSV_IN_IO,       /* read error */
	CSV_IN_ENCODING, /* not UTF-8 */
	CSV_IN_SYNTAX,   /* malformed quoting */
	CSV_IN_TOO_LONG, /* record over max_record */
	CSV_IN_NOMEM,
};

struct csv_in_result {
	enum csv_in_status status;
	int stop_value; /* the callback's value when CSV_IN_STOPPED */
	long line;      /* where the problem is, when there is one */
	char message[200];
	char delim;     /* delimiter used */
	bool bom;       /* the file started with a UTF-8 BOM */
	long records;   /* records handed to the callback */
	uint64_t bytes; /* bytes read */
};

/* Reads f to its end (or until the callback stops it). Returns res->status. */
enum csv_in_status csv_in_read(FILE *f, const struct csv_in_opts *o, struct csv_in_result *res);

#endif
