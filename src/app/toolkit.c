/* The toolkit: a set of templates moved between installations with their
 * provenance (templates.h).
 *
 * File format (JSON, UTF-8):
 *   {"format": "overstap-toolkit", "format_version": 1,
 *    "org": "GM0439", "exported_at": "2026-11-23T21:50:00Z",
 *    "templates": [{"kind": "invitation", "locale": "nl", "variant": "",
 *                   "version": 3, "body": "..."}, ...]}
 * version is the exporting organisation's version (0: the shipped default
 * it had not changed). An import records, per template, origin_org = org,
 * origin_version = version and origin_at = exported_at. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/templates.h"
#include "io/file.h"
#include "render/tmpl.h"

#define TOOLKIT_FORMAT "overstap-toolkit"
#define TOOLKIT_VERSION 1
#define TOOLKIT_MAX_ENTRIES 256
#define TOOLKIT_FILE_MAX (64u << 20)

static void iso_utc(int64_t t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int64_t parse_utc(const char *s)
{
	int y, mo, d, h, mi, sec;
	char z, tail;
	if (!s ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &y, &mo, &d, &h, &mi, &sec, &z, &tail) != 7 ||
	    z != 'Z' || !date_valid_ymd(y, mo, d) || h > 23 || mi > 59 || sec > 60 || h < 0 ||
	    mi < 0 || sec < 0)
		return -1;
	return (int64_t)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
}

/* Keeps the newest version of each (kind, locale, variant): the rows come
 * ordered by version, so a later row replaces the earlier one. */
static int collect(void *cls, const struct store_template *t)
{
	json_t *by_key = cls;
	char key[64];
	snprintf(key, sizeof key, "%s.%s.%s", t->kind, t->locale, t->variant);
	json_t *e = json_pack("{s:s, s:s, s:s, s:I, s:s%}", "kind", t->kind, "locale", t->locale,
			      "variant", t->variant, "version", (json_int_t)t->version, "body",
			      t->body, t->body_len);
	return e && json_object_set_new(by_key, key, e) == 0 ? 0 : STORE_HARD;
}

int app_toolkit_export(struct app *a, const char *org, const char *path, int *count, char *err,
		       size_t errcap)
{
	int rc = APP_FAIL;
	char *text = NULL;
	struct store_org o;
	json_t *by_key = json_object(), *list = json_array(), *doc = NULL;
	int r = a->store->ops->get_org(a->store, org, &o);
	if (r == STORE_NONE) {
		snprintf(err, errcap, "no organisation %s", org);
		rc = APP_INVALID;
		goto cleanup;
	}
	if (r < 0 || !by_key || !list) {
		snprintf(err, errcap, "reading organisation: %s", a->store->errmsg);
		goto cleanup;
	}
	for (size_t i = 0; i < TEMPLATE_N_KINDS; i++) {
		r = a->store->ops->iterate_templates(a->store, org, template_kinds[i], collect,
						     by_key);
		if (r < 0) {
			snprintf(err, errcap, "reading templates: %s", a->store->errmsg);
			goto cleanup;
		}
		/* the shipped default where org has no version without a variant */
		for (size_t l = 0; l < 2; l++) {
			char key[64];
			snprintf(key, sizeof key, "%s.%s.", template_kinds[i], template_locales[l]);
			size_t n;
			const char *d =
				template_default(template_kinds[i], template_locales[l], &n);
			if (!json_object_get(by_key, key) && d)
				json_object_set_new(by_key, key,
						    json_pack("{s:s, s:s, s:s, s:i, s:s%}", "kind",
							      template_kinds[i], "locale",
							      template_locales[l], "variant", "",
							      "version", 0, "body", d, n));
		}
	}
	const char *key;
	json_t *v;
	json_object_foreach(by_key, key, v) json_array_append(list, v);
	char when[32];
	iso_utc(app_now(), when, sizeof when);
	doc = json_pack("{s:s, s:i, s:s, s:s, s:s, s:O}", "format", TOOLKIT_FORMAT,
			"format_version", TOOLKIT_VERSION, "org", org, "org_name", o.name,
			"exported_at", when, "templates", list);
	text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
	if (!text) {
		snprintf(err, errcap, "out of memory");
		goto cleanup;
	}
	char why[256];
	size_t len = strlen(text);
	if (io_write_file(path, text, len, why, sizeof why) != 0) {
		snprintf(err, errcap, "%s: %s", path, why);
		goto cleanup;
	}
	*count = (int)json_array_size(list);
	rc = APP_OK;
cleanup:
	free(text);
	json_decref(doc);
	json_decref(list);
	json_decref(by_key);
	return rc;
}

/* One entry of a toolkit file, checked. */
struct entry {
	const char *kind, *locale, *variant, *body;
	size_t len;
	int64_t version;
	const char *outcome; /* set in the transaction */
	int64_t local_version, new_version;
};

struct import_ctx {
	const char *org, *origin;
	int64_t origin_at;
	struct entry *e;
	size_t n;
	struct toolkit_report rep;
};

struct local {
	bool found;
	bool same_body;
	bool same_origin; /* the local newest came from the file's organisation, earlier */
	int64_t version;
	const struct entry *want;
	const char *origin;
};

static int look(void *cls, const struct store_template *t)
{
	struct local *l = cls;
	l->found = true;
	l->version = t->version;
	l->same_body =
		t->body_len == l->want->len && memcmp(t->body, l->want->body, t->body_len) == 0;
	l->same_origin = t->origin_org && strcmp(t->origin_org, l->origin) == 0 &&
			 t->origin_version <= l->want->version;
	return 0;
}

static int do_import(struct app *a, void *cls)
{
	struct import_ctx *c = cls;
	struct store *s = a->store;
	memset(&c->rep, 0, sizeof c->rep);
	for (size_t i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];
		struct local l = {.want = e, .origin = c->origin};
		int r = s->ops->get_template(s, c->org, e->kind, e->locale, e->variant, 0, look,
					     &l);
		if (r < 0)
			return r;
		e->local_version = l.version;
		if (l.found && l.same_body) {
			e->outcome = "same";
			c->rep.same++;
			continue;
		}
		struct store_template t = {
			.org = c->org,
			.kind = e->kind,
			.locale = e->locale,
			.variant = e->variant,
			.body = e->body,
			.body_len = e->len,
			.created_at = app_now(),
			.actor = a->actor,
			.origin_org = c->origin,
			.origin_version = e->version,
			.origin_at = c->origin_at,
		};
		r = s->ops->insert_template(s, &t);
		if (r < 0)
			return r;
		e->new_version = t.version;
		if (!l.found) {
			e->outcome = "added";
			c->rep.added++;
		} else if (l.same_origin) {
			e->outcome = "updated";
			c->rep.updated++;
		} else {
			e->outcome = "conflict";
			c->rep.conflicts++;
		}
	}
	return STORE_ONE;
}

/* Checks the file and fills entries; APP_INVALID with the reason. */
static int check_file(const json_t *doc, struct import_ctx *c, char *err, size_t errcap)
{
	const json_t *list = json_object_get(doc, "templates");
	const char *fmt = json_string_value(json_object_get(doc, "format"));
	if (!fmt || strcmp(fmt, TOOLKIT_FORMAT) != 0 ||
	    json_integer_value(json_object_get(doc, "format_version")) != TOOLKIT_VERSION) {
		snprintf(err, errcap, "not an overstap toolkit file (format %s, version %d)",
			 TOOLKIT_FORMAT, TOOLKIT_VERSION);
		return APP_INVALID;
	}
	c->origin = json_string_value(json_object_get(doc, "org"));
	c->origin_at = parse_utc(json_string_value(json_object_get(doc, "exported_at")));
	if (!c->origin || !c->origin[0] || strlen(c->origin) > STORE_ORG_CODE_MAX ||
	    c->origin_at < 0) {
		snprintf(err, errcap,
			 "org (at most %d bytes) and exported_at "
			 "(YYYY-MM-DDTHH:MM:SSZ) are required",
			 STORE_ORG_CODE_MAX);
		return APP_INVALID;
	}
	if (!json_is_array(list) || json_array_size(list) > TOOLKIT_MAX_ENTRIES) {
		snprintf(err, errcap, "templates: an array of at most %d", TOOLKIT_MAX_ENTRIES);
		return APP_INVALID;
	}
	c->n = json_array_size(list);
	c->e = calloc(c->n ? c->n : 1, sizeof *c->e);
	if (!c->e) {
		snprintf(err, errcap, "out of memory");
		return APP_FAIL;
	}
	for (size_t i = 0; i < c->n; i++) {
		const json_t *t = json_array_get(list, i);
		struct entry *e = &c->e[i];
		const json_t *body = json_object_get(t, "body");
		json_t *ver = json_object_get(t, "version");
		e->kind = json_string_value(json_object_get(t, "kind"));
		e->locale = json_string_value(json_object_get(t, "locale"));
		e->variant = json_string_value(json_object_get(t, "variant"));
		if (!e->variant && !json_object_get(t, "variant"))
			e->variant = "";
		e->body = json_string_value(body);
		e->len = json_string_length(body);
		e->version = json_integer_value(ver);
		if (!template_kind_valid(e->kind) || !template_locale_valid(e->locale) ||
		    !template_variant_valid(e->variant) || !e->body || !json_is_integer(ver) ||
		    e->version < 0) {
			snprintf(
				err, errcap,
				"templates[%zu]: kind (%s), locale (nl, en), variant (\"\", A, B), "
				"version (>= 0) and body are required",
				i, TEMPLATE_KINDS);
			return APP_INVALID;
		}
		struct tmpl *p = NULL;
		char why[256];
		if (e->len > TMPL_MAX_SIZE || strlen(e->body) != e->len ||
		    tmpl_parse(e->body, e->len, &p, why, sizeof why) != 0) {
			snprintf(err, errcap, "templates[%zu] (%s.%s): %s", i, e->kind, e->locale,
				 e->len > TMPL_MAX_SIZE || strlen(e->body) != e->len
					 ? "too large or holds a NUL byte"
					 : why);
			return APP_INVALID;
		}
		tmpl_free(p);
		for (size_t j = 0; j < i; j++)
			if (strcmp(c->e[j].kind, e->kind) == 0 &&
			    strcmp(c->e[j].locale, e->locale) == 0 &&
			    strcmp(c->e[j].variant, e->variant) == 0) {
				snprintf(err, errcap, "templates[%zu]: %s.%s%s appears twice", i,
					 e->kind, e->locale, e->variant);
				return APP_INVALID;
			}
	}
	return APP_OK;
}

int app_toolkit_import(struct app *a, const char *org, const char *path, FILE *report_to,
		       struct toolkit_report *rep, char *err, size_t errcap)
{
	struct import_ctx c = {.org = org};
	struct store_org o;
	int rc;
	json_t *doc = io_load_json(path, TOOLKIT_FILE_MAX, err, errcap);
	if (!doc)
		return APP_INVALID;
	rc = check_file(doc, &c, err, errcap);
	if (rc != APP_OK)
		goto cleanup;
	int r = a->store->ops->get_org(a->store, org, &o);
	if (r <= 0) {
		snprintf(err, errcap, r == STORE_NONE ? "no organisation %s" : "reading %s", org);
		rc = r == STORE_NONE ? APP_INVALID : APP_FAIL;
		goto cleanup;
	}
	if (app_tx(a, do_import, &c) < 0) {
		snprintf(err, errcap, "importing: %s", a->store->errmsg);
		rc = APP_FAIL;
		goto cleanup;
	}
	for (size_t i = 0; i < c.n; i++) {
		const struct entry *e = &c.e[i];
		fprintf(report_to, "%s %s%s%s: %s", e->kind, e->locale, e->variant[0] ? " " : "",
			e->variant, e->outcome);
		if (strcmp(e->outcome, "same") == 0)
			fprintf(report_to, " as local version %lld, nothing added\n",
				(long long)e->local_version);
		else if (strcmp(e->outcome, "conflict") == 0)
			fprintf(report_to,
				": local version %lld was made elsewhere and differs; the import "
				"is version %lld, check it (template show)\n",
				(long long)e->local_version, (long long)e->new_version);
		else
			fprintf(report_to, " as version %lld (from %s version %lld)\n",
				(long long)e->new_version, c.origin, (long long)e->version);
	}
	*rep = c.rep;
	rc = APP_OK;
cleanup:
	free(c.e);
	json_decref(doc);
	return rc;
}
