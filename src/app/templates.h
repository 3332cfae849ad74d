/* Text templates of organisations (issue 5, section 1): letters,
 * presentation outlines, cooperation agreements and the letterhead,
 * versioned per organisation, kind, locale (nl, en) and variant ("", A, B)
 * in the database (migration 0007). An organisation without a version of
 * its own uses the default that ships in templates/ (embedded in the
 * binary, version 0). The toolkit moves a set of them between
 * installations with their provenance.
 *
 * Return values: APP_OK, APP_INVALID (bad input, nothing written),
 * APP_FAIL (something broke, nothing written); messages in err. */
#ifndef OVERSTAP_APP_TEMPLATES_H
#define OVERSTAP_APP_TEMPLATES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* The kinds of text template; letters are the first four. */
#define TEMPLATE_KINDS "invitation, reminder, follow_up, ww_ends, notice, outline, agreement"
#define TEMPLATE_N_KINDS 7
extern const char *const template_kinds[TEMPLATE_N_KINDS]; /* the letters first */
extern const char *const template_locales[2];              /* "nl", "en" */
bool template_kind_valid(const char *kind);
bool template_kind_is_letter(const char *kind);
bool template_locale_valid(const char *locale);   /* "nl" or "en" */
bool template_variant_valid(const char *variant); /* "", "A" or "B" */

/* The embedded default text of kind and locale (templates/letters/ or
 * templates/toolkit/), or NULL. */
const char *template_default(const char *kind, const char *locale, size_t *len);

/* A template as resolved for use. */
struct app_template {
	char *body; /* malloc'd, NUL-terminated */
	size_t len;
	int64_t version; /* 0: the shipped default */
	char variant[2]; /* the variant found: "", "A" or "B" */
};
void app_template_clear(struct app_template *t);

/* version 0: the latest version of org's (kind, locale, variant), falling
 * back to the variant "" and then to the shipped default (org NULL: the
 * default). version > 0: exactly that version, APP_INVALID when absent. */
int app_template_resolve(struct app *a, const char *org, const char *kind, const char *locale,
			 const char *variant, int64_t version, struct app_template *out, char *err,
			 size_t errcap);

/* Adds a version made here (or imported, when origin_org is set). The body
 * must be UTF-8 and, for the kinds other than letterhead, parse as
 * Mustache. Sets *version. */
struct app_template_add {
	const char *org, *kind, *locale, *variant;
	const char *body;
	size_t len;
	const char *origin_org; /* NULL: made here */
	int64_t origin_version, origin_at;
};
int app_template_add(struct app *a, const struct app_template_add *t, int64_t *version, char *err,
		     size_t errcap);

/* Every version of org's templates (kind NULL: all but the letterhead) to
 * cb, ordered by kind, locale, variant, version. */
int app_template_list(struct app *a, const char *org, const char *kind, store_template_cb cb,
		      void *cls, char *err, size_t errcap);

/* ---- the letterhead (kind "letterhead", body JSON) ---- */

/* Reads a letterhead description (JSON object: name, address, contact,
 * signatory, signatory_role: strings or arrays of lines; logo: a PNG or SVG
 * file, relative to the JSON file) and stores it as org's newest
 * letterhead, the logo in base64 inside. Checks that it renders. */
int app_letterhead_set(struct app *a, const char *org, const char *json_path, int64_t *version,
		       char *err, size_t errcap);

/* The letterhead as stored, decoded: strings malloc'd ("" when absent). */
struct app_letterhead {
	char *name, *address, *contact, *signatory, *signatory_role;
	unsigned char *logo; /* NULL when none */
	size_t logo_len;
	int64_t version; /* 0: none stored; made from the organisation's name */
};
void app_letterhead_clear(struct app_letterhead *l);

/* Decodes a letterhead object (the stored JSON, or a "sender" object of a
 * letters data file, whose logo is a file relative to base_dir) into out. */
int app_letterhead_from_json(const json_t *j, const char *base_dir, struct app_letterhead *out,
			     char *err, size_t errcap);

/* org's newest letterhead; without one, a plain one with the
 * organisation's name. APP_INVALID when org does not exist. */
int app_letterhead_get(struct app *a, const char *org, struct app_letterhead *out, char *err,
		       size_t errcap);

/* ---- the toolkit ---- */

struct toolkit_report {
	int added;     /* new (org had no version of it) */
	int updated;   /* a new version from the same origin as the local one */
	int same;      /* identical to the local newest version: nothing added */
	int conflicts; /* differs from a local version made elsewhere: added, check it */
};

/* Writes org's newest version of every template (the shipped default where
 * org has none) to path as a JSON toolkit file with provenance. */
int app_toolkit_export(struct app *a, const char *org, const char *path, int *count, char *err,
		       size_t errcap);

/* Adds the templates of a toolkit file to org as new versions; never
 * replaces a version. Each entry is reported on report_to as
 * "kind locale[ variant]: outcome". All or nothing: an invalid file adds
 * nothing. */
int app_toolkit_import(struct app *a, const char *org, const char *path, FILE *report_to,
		       struct toolkit_report *rep, char *err, size_t errcap);

#endif
