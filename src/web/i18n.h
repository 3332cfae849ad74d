/* The words of the staff pages, Dutch first and English second, from one
 * table (i18n.c). Plain keys ("signin_title") are what the templates show
 * as {{t.signin_title}}; keys with a prefix translate values:
 * "phase:signalled", "field:family_name" and "reason:<English reason>" (the
 * import's problems, which the core writes in English). */
#ifndef OVERSTAP_WEB_I18N_H
#define OVERSTAP_WEB_I18N_H

#include <jansson.h>

enum lang { LANG_NL = 0, LANG_EN = 1 };

/* "nl" / "en". */
const char *lang_code(enum lang l);
/* LANG_NL or LANG_EN for "nl" / "en"; -1 for anything else (NULL too). */
int lang_parse(const char *s);

/* The text of key in l, or NULL when the table has no such key. */
const char *i18n_get(enum lang l, const char *key);
/* The text of prefix + value (e.g. "phase:" "signalled"), or value itself
 * when there is none. */
const char *i18n_value(enum lang l, const char *prefix, const char *value);
/* Every plain key with its text in l, as a new JSON object (caller decrefs). */
json_t *i18n_object(enum lang l);

#endif
