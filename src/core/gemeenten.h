/* The Dutch municipalities (CBS code and name), from data/gemeenten.csv,
 * embedded in the binary.
 *
 * File format (RFC 4180 subset: no quotes needed, '#' lines are comments):
 *   code,name,inhabitants
 *   GM0363,Amsterdam,931298
 * inhabitants may be empty when unknown. */
#ifndef OVERSTAP_CORE_GEMEENTEN_H
#define OVERSTAP_CORE_GEMEENTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GEMEENTE_CODE_SIZE 7 /* "GM0363" + NUL */
#define GEMEENTE_NAME_MAX 80

struct gemeente {
	char code[GEMEENTE_CODE_SIZE];
	char name[GEMEENTE_NAME_MAX + 1];
	int64_t inhabitants; /* 0 when unknown */
};

struct gemeenten {
	struct gemeente *rows; /* owned; sorted by code */
	size_t n;
};

/* Parses the file text. Returns 0, or -1 with "line N: reason" in err.
 * The caller frees with gemeenten_free(). */
int gemeenten_parse(const char *text, size_t n, struct gemeenten *out, char *err, size_t errcap);
void gemeenten_free(struct gemeenten *g);

/* Binary search by code ("GM0363"); NULL when unknown. */
const struct gemeente *gemeenten_find(const struct gemeenten *g, const char *code);

/* True for "GM" followed by exactly four digits. */
bool gemeente_code_valid(const char *s, size_t n);

#endif
