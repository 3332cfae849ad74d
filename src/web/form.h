/* HTML form bodies: application/x-www-form-urlencoded and
 * multipart/form-data, decoded by libmicrohttpd's post processor while the
 * body arrives (the route's max_body bounds the whole body).
 *
 * Limits: at most FORM_MAX_FIELDS fields of at most FORM_VALUE_MAX bytes
 * each; at most one file, whose bytes go to a temporary file (mode 0600,
 * in $TMPDIR or /tmp) that form_free() removes. A body that breaks a limit
 * or does not parse marks the form bad; the handler answers 400. */
#ifndef OVERSTAP_WEB_FORM_H
#define OVERSTAP_WEB_FORM_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

#define FORM_MAX_FIELDS 16
#define FORM_VALUE_MAX 4096
#define FORM_NAME_MAX 64

struct form;

/* A form for the request on conn when its Content-Type is one of the two
 * form types; NULL otherwise (or out of memory). */
struct form *form_open(struct MHD_Connection *conn);
/* Feeds body bytes. Returns 0, or -1 once the form is bad. */
int form_feed(struct form *f, const char *data, size_t n);
/* Ends the body: false when the form is bad or incomplete. */
bool form_finish(struct form *f);
void form_free(struct form *f);

/* The value of a field (NUL-terminated), or NULL when absent. A name sent
 * more than once (checkboxes) gives its non-empty values joined by ',' in
 * the order sent, within the one value's FORM_VALUE_MAX bytes (an empty
 * value cannot be told from a value still to come in the next piece of the
 * body, so empty ones are left out). */
const char *form_get(const struct form *f, const char *name);
/* The uploaded file: its temporary path and the name the browser gave
 * (may be ""), or NULL when no file was sent. */
const char *form_file(const struct form *f, const char **client_name, size_t *size);

#endif
