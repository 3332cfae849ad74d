/* Input of the JSON API: request bodies and query strings, checked against
 * a small declarative spec per resource, with every problem collected so
 * that a 400 lists them all at once (/core/error-handling/all-errors).
 *
 * A body is parsed with jansson only after a linear pre-scan has checked
 * its nesting depth (INPUT_MAX_DEPTH) and that it is one JSON object; then
 * each member is checked against the spec: known name, type, length,
 * range, enumeration or pattern, and required members present. Unknown
 * members are refused (a typo must not pass silently). At most
 * INPUT_MAX_FIELDS members.
 *
 * Query parameters (filters, pagination) are checked the same way: the
 * names a spec knows, each at most once, each valid for its type; unknown
 * names are refused.
 *
 * The reasons are Dutch, for the people who build against the API; names
 * are the member or parameter names. Pure: no I/O (fuzzed in
 * tests/fuzz/fuzz_json_body.c and fuzz_query.c). */
#ifndef OVERSTAP_WEB_INPUT_H
#define OVERSTAP_WEB_INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

#define INPUT_MAX_DEPTH 8    /* nesting of objects and arrays */
#define INPUT_MAX_FIELDS 32  /* members of the body's object */
#define INPUT_MAX_INVALID 16 /* problems reported; more are counted, not listed */
#define INPUT_NAME_MAX 48    /* bytes of a reported name */
#define INPUT_REASON_MAX 160 /* bytes of a reason */
#define INPUT_QUERY_MAX 16   /* query parameters */
#define INPUT_QUERY_VALUE_MAX 256

enum input_type {
	IN_STRING,   /* max_len bytes of UTF-8, no control characters; enum_values or check */
	IN_INT,      /* a JSON integer / decimal digits in [min, max] */
	IN_BOOL,     /* true / false ("true" / "false" in a query) */
	IN_DATE,     /* "YYYY-MM-DD", a real civil date */
	IN_DATETIME, /* RFC 3339 with Z or an offset: "2026-11-30T09:00:00Z" */
	IN_ARRAY,    /* bodies only: a JSON array of 1..max_items items, each checked as
			a field of type item (IN_INT or IN_STRING) with this field's
			limits; a bad item is reported as "name[index]" */
};

struct input_field {
	const char *name;
	enum input_type type;
	bool required;
	size_t max_len;                 /* IN_STRING: bytes (0: INPUT_QUERY_VALUE_MAX) */
	int64_t min, max;               /* IN_INT */
	const char *const *enum_values; /* IN_STRING: NULL-terminated allowed values */
	bool (*check)(const char *s);   /* IN_STRING: extra check (pattern) */
	const char *check_reason;       /* Dutch reason when check fails */
	enum input_type item;           /* IN_ARRAY: the items' type */
	size_t max_items;               /* IN_ARRAY: at most this many items */
};

struct input_spec {
	const struct input_field *fields;
	size_t n;
};

/* A checked value, by the spec's field index. */
struct input_value {
	bool present;
	const char *s; /* IN_STRING: borrowed from the parsed document / query */
	int64_t i;     /* IN_INT; IN_DATETIME: UTC seconds */
	bool b;
	cdate d;
	json_t *a; /* IN_ARRAY: the checked array, borrowed from the document */
};

struct input_problem {
	char name[INPUT_NAME_MAX + 1];
	char code[24]; /* "required", "type", "maxLength", "enum", "pattern", "unknown", ... */
	char reason[INPUT_REASON_MAX + 1];
};

struct input_problems {
	struct input_problem p[INPUT_MAX_INVALID];
	size_t n;     /* listed */
	size_t total; /* found, listed or not */
};

void input_problem_add(struct input_problems *pr, const char *name, const char *code,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Parses body (len bytes) and checks it against spec. On success returns
 * the document (caller frees with json_decref; the values' strings are
 * borrowed from it) with vals[0..spec->n) filled; otherwise NULL with the
 * problems in pr (at least one). */
json_t *input_json(const char *body, size_t len, const struct input_spec *spec,
		   struct input_value *vals, struct input_problems *pr);

/* Checks query parameters given as name/value pairs (n of them) against
 * spec into vals. Returns 0, or -1 with the problems in pr. */
struct input_pair {
	const char *name, *value;
};
int input_query(const struct input_pair *pairs, size_t n, const struct input_spec *spec,
		struct input_value *vals, struct input_problems *pr);

/* Decodes a query string "a=1&b=x%20y" (without '?') in place into at most
 * cap pairs (pointing into buf): '+' is a space, %XX a byte; a value with
 * a NUL byte or an invalid escape makes it fail. Returns the number of
 * pairs, or -1 (too many, malformed). For the fuzzer and tests; the server
 * gets its pairs from libmicrohttpd. */
int input_query_decode(char *buf, struct input_pair *pairs, size_t cap);

/* RFC 3339 date-time into UTC seconds: 0 or -1. */
int input_parse_datetime(const char *s, int64_t *out);

/* Cursor pagination. A cursor is opaque to clients: "c" followed by the
 * decimal id of the last row handed out, so it stays valid while rows are
 * added. The limit defaults to INPUT_LIMIT_DEFAULT, at most
 * INPUT_LIMIT_MAX. */
#define INPUT_LIMIT_DEFAULT 50
#define INPUT_LIMIT_MAX 200
/* The two pagination parameters of a spec. */
bool input_cursor_ok(const char *s);
#define INPUT_CURSOR_FIELD                                                                         \
	{                                                                                          \
		.name = "cursor", .type = IN_STRING, .max_len = 24, .check = input_cursor_ok,      \
		.check_reason = "Is geen cursor van deze API."                                     \
	}
#define INPUT_LIMIT_FIELD(maximum)                                                                 \
	{                                                                                          \
		.name = "limit", .type = IN_INT, .min = 1, .max = (maximum)                        \
	}
/* The last id a cursor names (0 for NULL); -1 when it is not a cursor. */
int64_t input_cursor_decode(const char *cursor);
/* The cursor for the last id into buf (cap >= 24). */
void input_cursor_encode(int64_t last_id, char *buf, size_t cap);

#endif
