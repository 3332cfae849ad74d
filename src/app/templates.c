/* Text templates of organisations and the letterhead (templates.h). */
#include "app/templates.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "io/file.h"
#include "render/letter.h"
#include "render/tmpl.h"

const char *const template_kinds[TEMPLATE_N_KINDS] = {
	"invitation", "reminder", "follow_up", "ww_ends", "notice", "outline", "agreement"};
const char *const template_locales[2] = {"nl", "en"};
#define N_LETTER_KINDS 5
#define LETTERHEAD "letterhead"

bool template_kind_valid(const char *kind)
{
	for (size_t i = 0; kind && i < TEMPLATE_N_KINDS; i++)
		if (strcmp(kind, template_kinds[i]) == 0)
			return true;
	return false;
}

bool template_kind_is_letter(const char *kind)
{
	for (size_t i = 0; kind && i < N_LETTER_KINDS; i++)
		if (strcmp(kind, template_kinds[i]) == 0)
			return true;
	return false;
}

bool template_locale_valid(const char *locale)
{
	return locale && (strcmp(locale, "nl") == 0 || strcmp(locale, "en") == 0);
}

bool template_variant_valid(const char *variant)
{
	return variant &&
	       (variant[0] == '\0' || strcmp(variant, "A") == 0 || strcmp(variant, "B") == 0);
}

const char *template_default(const char *kind, const char *locale, size_t *len)
{
	if (!template_kind_valid(kind) || !template_locale_valid(locale))
		return NULL;
	char name[96];
	snprintf(name, sizeof name, "templates/%s/%s.%s.mustache",
		 template_kind_is_letter(kind) ? "letters" : "toolkit", kind, locale);
	const struct embedded_file *f = embedded_find(name);
	if (!f)
		return NULL;
	*len = f->len;
	return f->data;
}

void app_template_clear(struct app_template *t)
{
	free(t->body);
	memset(t, 0, sizeof *t);
}

static int copy_template(void *cls, const struct store_template *st)
{
	struct app_template *t = cls;
	t->body = malloc(st->body_len + 1);
	if (!t->body)
		return STORE_HARD;
	memcpy(t->body, st->body, st->body_len);
	t->body[st->body_len] = '\0';
	t->len = st->body_len;
	t->version = st->version;
	snprintf(t->variant, sizeof t->variant, "%s", st->variant);
	return 0;
}

/* The latest stored version: STORE_ONE, STORE_NONE or an error. */
static int stored(struct app *a, const char *org, const char *kind, const char *locale,
		  const char *variant, int64_t version, struct app_template *out)
{
	return a->store->ops->get_template(a->store, org, kind, locale, variant, version,
					   copy_template, out);
}

int app_template_resolve(struct app *a, const char *org, const char *kind, const char *locale,
			 const char *variant, int64_t version, struct app_template *out, char *err,
			 size_t errcap)
{
	memset(out, 0, sizeof *out);
	if (!template_kind_valid(kind) || !template_locale_valid(locale) ||
	    !template_variant_valid(variant)) {
		snprintf(err, errcap, "unknown template %s.%s%s (kinds: %s; locales: nl, en)",
			 kind ? kind : "", locale ? locale : "", variant ? variant : "",
			 TEMPLATE_KINDS);
		return APP_INVALID;
	}
	if (org) {
		int rc = stored(a, org, kind, locale, variant, version, out);
		if (rc == STORE_NONE && version > 0) {
			snprintf(err, errcap, "%s has no version %lld of %s.%s%s", org,
				 (long long)version, kind, locale, variant);
			return APP_INVALID;
		}
		if (rc == STORE_NONE && variant[0])
			rc = stored(a, org, kind, locale, "", 0, out);
		if (rc < 0) {
			snprintf(err, errcap, "reading template: %s", a->store->errmsg);
			return APP_FAIL;
		}
		if (rc == STORE_ONE)
			return APP_OK;
	}
	size_t n;
	const char *d = template_default(kind, locale, &n);
	if (!d || !(out->body = malloc(n + 1))) {
		snprintf(err, errcap, "no default template %s.%s", kind, locale);
		return APP_FAIL;
	}
	memcpy(out->body, d, n + 1);
	out->len = n;
	return APP_OK;
}

struct add_ctx {
	struct store_template t;
	bool org_missing;
};

static int do_add(struct app *a, void *cls)
{
	struct add_ctx *c = cls;
	struct store_org o;
	int rc = a->store->ops->get_org(a->store, c->t.org, &o);
	if (rc <= 0) {
		c->org_missing = rc == STORE_NONE;
		return rc == STORE_NONE ? STORE_HARD : rc;
	}
	return a->store->ops->insert_template(a->store, &c->t);
}

/* Adds any kind, the letterhead included. */
static int add_any(struct app *a, const struct app_template_add *t, int64_t *version, char *err,
		   size_t errcap)
{
	if (t->len > STORE_TEMPLATE_BODY_MAX || strlen(t->body) != t->len) {
		snprintf(err, errcap, "a template is at most %u bytes of text without NUL bytes",
			 STORE_TEMPLATE_BODY_MAX);
		return APP_INVALID;
	}
	struct add_ctx c = {
		.t =
			{
				.org = t->org,
				.kind = t->kind,
				.locale = t->locale,
				.variant = t->variant ? t->variant : "",
				.body = t->body,
				.body_len = t->len,
				.created_at = app_now(),
				.actor = a->actor,
				.origin_org = t->origin_org,
				.origin_version = t->origin_version,
				.origin_at = t->origin_at,
			},
	};
	int rc = app_tx(a, do_add, &c);
	if (c.org_missing) {
		snprintf(err, errcap, "no organisation %s", t->org);
		return APP_INVALID;
	}
	if (rc < 0) {
		snprintf(err, errcap, "adding template: %s", a->store->errmsg);
		return APP_FAIL;
	}
	*version = c.t.version;
	return APP_OK;
}

int app_template_add(struct app *a, const struct app_template_add *t, int64_t *version, char *err,
		     size_t errcap)
{
	if (!template_kind_valid(t->kind) || !template_locale_valid(t->locale) ||
	    !template_variant_valid(t->variant ? t->variant : "")) {
		snprintf(err, errcap, "kind must be one of %s; locale nl or en; variant A or B",
			 TEMPLATE_KINDS);
		return APP_INVALID;
	}
	struct tmpl *parsed = NULL;
	char why[256];
	if (t->len > TMPL_MAX_SIZE || tmpl_parse(t->body, t->len, &parsed, why, sizeof why) != 0) {
		snprintf(err, errcap, "%s", t->len > TMPL_MAX_SIZE ? "template too large" : why);
		return APP_INVALID;
	}
	tmpl_free(parsed);
	return add_any(a, t, version, err, errcap);
}

int app_template_list(struct app *a, const char *org, const char *kind, store_template_cb cb,
		      void *cls, char *err, size_t errcap)
{
	if (kind && !template_kind_valid(kind)) {
		snprintf(err, errcap, "kind must be one of %s", TEMPLATE_KINDS);
		return APP_INVALID;
	}
	int rc = a->store->ops->iterate_templates(a->store, org, kind, cb, cls);
	if (rc < 0) {
		snprintf(err, errcap, "reading templates: %s", a->store->errmsg);
		return APP_FAIL;
	}
	return APP_OK;
}

/* ---- the letterhead ---- */

void app_letterhead_clear(struct app_letterhead *l)
{
	free(l->name);
	free(l->address);
	free(l->contact);
	free(l->signatory);
	free(l->signatory_role);
	free(l->logo);
	memset(l, 0, sizeof *l);
}

/* A string, or an array of strings joined with '\n', as a malloc'd string
 * ("" when absent); -1 on another type or over LETTER_FIELD_MAX. */
static int lines_of(const json_t *j, const char *key, char **out, char *err, size_t errcap)
{
	const json_t *v = json_object_get(j, key);
	size_t cap = LETTER_FIELD_MAX + 1, n = 0;
	*out = calloc(1, cap);
	if (!*out) {
		snprintf(err, errcap, "out of memory");
		return -1;
	}
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		if (json_string_length(v) >= cap)
			goto too_long;
		memcpy(*out, json_string_value(v), json_string_length(v) + 1);
		return 0;
	}
	if (!json_is_array(v)) {
		snprintf(err, errcap, "%s: a string or an array of strings", key);
		return -1;
	}
	size_t i;
	const json_t *e;
	json_array_foreach(v, i, e)
	{
		if (!json_is_string(e)) {
			snprintf(err, errcap, "%s: a string or an array of strings", key);
			return -1;
		}
		size_t l = json_string_length(e);
		if (n + l + 2 >= cap)
			goto too_long;
		if (i > 0)
			(*out)[n++] = '\n';
		memcpy(*out + n, json_string_value(e), l + 1);
		n += l;
	}
	return 0;
too_long:
	snprintf(err, errcap, "%s: longer than %u bytes", key, LETTER_FIELD_MAX);
	return -1;
}

int app_letterhead_from_json(const json_t *j, const char *base_dir, struct app_letterhead *out,
			     char *err, size_t errcap)
{
	memset(out, 0, sizeof *out);
	if (!json_is_object(j)) {
		snprintf(err, errcap, "a letterhead is a JSON object");
		return APP_INVALID;
	}
	if (lines_of(j, "name", &out->name, err, errcap) != 0 ||
	    lines_of(j, "address", &out->address, err, errcap) != 0 ||
	    lines_of(j, "contact", &out->contact, err, errcap) != 0 ||
	    lines_of(j, "signatory", &out->signatory, err, errcap) != 0 ||
	    lines_of(j, "signatory_role", &out->signatory_role, err, errcap) != 0)
		goto invalid;
	const json_t *b64 = json_object_get(j, "logo_base64");
	const json_t *path = json_object_get(j, "logo");
	if (json_is_string(b64)) {
		size_t cap = json_string_length(b64) / 4 * 3 + 3;
		if (cap > LETTER_LOGO_MAX + 3 || !(out->logo = malloc(cap)) ||
		    sodium_base642bin(out->logo, cap, json_string_value(b64),
				      json_string_length(b64), NULL, &out->logo_len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0) {
			snprintf(err, errcap, "logo_base64: not base64 of at most %u bytes",
				 LETTER_LOGO_MAX);
			goto invalid;
		}
	} else if (json_is_string(path)) {
		if (!base_dir) {
			snprintf(err, errcap, "logo: a file is not allowed here");
			goto invalid;
		}
		const char *p = json_string_value(path);
		char full[4096], why[256];
		if ((size_t)snprintf(full, sizeof full, "%s%s", p[0] == '/' ? "" : base_dir, p) >=
		    sizeof full) {
			snprintf(err, errcap, "logo: path too long");
			goto invalid;
		}
		char *data;
		if (io_read_file(full, LETTER_LOGO_MAX, &data, &out->logo_len, why, sizeof why) !=
		    0) {
			snprintf(err, errcap, "logo: %s: %s", full, why);
			goto invalid;
		}
		out->logo = (unsigned char *)data;
	} else if (path || b64) {
		snprintf(err, errcap, "logo: a file name");
		goto invalid;
	}
	return APP_OK;
invalid:
	app_letterhead_clear(out);
	return APP_INVALID;
}

/* The stored form: the fields and the logo in base64. */
static char *letterhead_json(const struct app_letterhead *l)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", l->name, "address", l->address,
			      "contact", l->contact, "signatory", l->signatory, "signatory_role",
			      l->signatory_role);
	char *text = NULL;
	if (j && l->logo) {
		size_t n = sodium_base64_ENCODED_LEN(l->logo_len, sodium_base64_VARIANT_ORIGINAL);
		char *b = malloc(n);
		if (b) {
			sodium_bin2base64(b, n, l->logo, l->logo_len,
					  sodium_base64_VARIANT_ORIGINAL);
			json_object_set_new(j, "logo_base64", json_string(b));
		}
		free(b);
		if (!json_object_get(j, "logo_base64")) {
			json_decref(j);
			return NULL;
		}
	}
	if (j)
		text = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(j);
	return text;
}

/* Checks that a letterhead renders: a name, fields in bounds, a logo that decodes. */
static int letterhead_check(const struct app_letterhead *l, char *err, size_t errcap)
{
	struct letterhead lh = {
		.name = l->name,
		.address = l->address,
		.contact = l->contact,
		.signatory = l->signatory,
		.signatory_role = l->signatory_role,
		.logo = l->logo,
		.logo_len = l->logo_len,
	};
	struct letter_kit *k;
	if (letter_kit_new(&lh, &k, err, errcap) != 0)
		return -1;
	letter_kit_free(k);
	return 0;
}

int app_letterhead_set(struct app *a, const char *org, const char *json_path, int64_t *version,
		       char *err, size_t errcap)
{
	struct app_letterhead l = {0};
	char *text = NULL, *dir = NULL;
	int rc = APP_INVALID;
	json_t *j = io_load_json(json_path, LETTER_FIELD_MAX * 8, err, errcap);
	if (!j)
		goto cleanup;
	const char *slash = strrchr(json_path, '/');
	size_t dn = slash ? (size_t)(slash - json_path) + 1 : 0;
	dir = strndup(json_path, dn);
	if (!dir || app_letterhead_from_json(j, dir, &l, err, errcap) != APP_OK)
		goto cleanup;
	if (letterhead_check(&l, err, errcap) != 0)
		goto cleanup;
	text = letterhead_json(&l);
	if (!text) {
		snprintf(err, errcap, "out of memory");
		rc = APP_FAIL;
		goto cleanup;
	}
	struct app_template_add t = {
		.org = org,
		.kind = LETTERHEAD,
		.locale = "nl",
		.variant = "",
		.body = text,
		.len = strlen(text),
	};
	rc = add_any(a, &t, version, err, errcap);
cleanup:
	free(text);
	free(dir);
	app_letterhead_clear(&l);
	json_decref(j);
	return rc;
}

int app_letterhead_get(struct app *a, const char *org, struct app_letterhead *out, char *err,
		       size_t errcap)
{
	struct app_template t = {0};
	struct store_org o;
	memset(out, 0, sizeof *out);
	int rc = a->store->ops->get_org(a->store, org, &o);
	if (rc == STORE_NONE) {
		snprintf(err, errcap, "no organisation %s", org);
		return APP_INVALID;
	}
	if (rc >= 0)
		rc = stored(a, org, LETTERHEAD, "nl", "", 0, &t);
	if (rc < 0) {
		snprintf(err, errcap, "reading letterhead: %s", a->store->errmsg);
		app_template_clear(&t);
		return APP_FAIL;
	}
	if (rc == STORE_NONE) {
		json_t *j = json_pack("{s:s}", "name", o.name);
		rc = j ? app_letterhead_from_json(j, NULL, out, err, errcap) : APP_FAIL;
		json_decref(j);
		return rc;
	}
	json_error_t je;
	json_t *j = json_loadb(t.body, t.len, 0, &je);
	rc = j ? app_letterhead_from_json(j, NULL, out, err, errcap) : APP_FAIL;
	if (!j)
		snprintf(err, errcap, "stored letterhead is not JSON: %s", je.text);
	else if (rc != APP_OK)
		rc = APP_FAIL; /* stored, so it was valid once */
	out->version = t.version;
	json_decref(j);
	app_template_clear(&t);
	return rc;
}
