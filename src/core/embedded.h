/* Data files carried inside the binary (the CSV files in data/, SQL migrations), built
 * by scripts/embed.sh from the paths listed in the Makefile. */
#ifndef OVERSTAP_CORE_EMBEDDED_H
#define OVERSTAP_CORE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* path in the source tree, e.g. "data/gemeenten.csv" */
	const char *data; /* NUL-terminated after len bytes */
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The file of that name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
