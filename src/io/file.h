/* Whole small files in and out. */
#ifndef OVERSTAP_IO_FILE_H
#define OVERSTAP_IO_FILE_H

#include <jansson.h>
#include <stddef.h>

/* Reads all of path, at most max bytes, into *text (malloc'd, with a NUL
 * after the n bytes; the caller frees it). Returns 0, or -1 with a reason
 * (strerror, or "larger than MAX bytes") in err and *text NULL. */
int io_read_file(const char *path, size_t max, char **text, size_t *n, char *err, size_t errlen);

/* Writes n bytes to path through a temporary file beside it, renamed into
 * place once complete. Returns 0, or -1 with a reason in err. */
int io_write_file(const char *path, const void *data, size_t n, char *err, size_t errlen);

/* Reads the JSON file path, at most max bytes. Returns the value (the
 * caller frees it with json_decref), or NULL with "PATH:LINE: column C:
 * reason" or "PATH: reason" in err. */
json_t *io_load_json(const char *path, size_t max, char *err, size_t errlen);

#endif
