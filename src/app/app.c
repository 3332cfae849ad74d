/* Opening the application context: store, keys, reference data. */
#include "app/app.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/embedded.h"

#define TX_RETRIES 5

int64_t app_now(void)
{
	return (int64_t)time(NULL);
}

cdate app_today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	/* main() sets TZ=Europe/Amsterdam unless the user chose another. */
	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int app_tx(struct app *a, int (*cb)(struct app *a, void *cls), void *cls)
{
	struct store *s = a->store;
	int rc = STORE_HARD;
	for (int attempt = 0; attempt < TX_RETRIES; attempt++) {
		rc = s->ops->begin_write(s);
		if (rc >= 0) {
			/* The audit tail is cached only within one attempt. */
			a->audit_tail.valid = false;
			a->in_tx = true;
			rc = cb(a, cls);
			a->in_tx = false;
			a->audit_tail.valid = false;
			if (rc >= 0) {
				int c = s->ops->commit(s);
				if (c >= 0)
					return rc;
				rc = c;
			}
			s->ops->rollback(s);
		}
		if (rc != STORE_SOFT)
			break;
	}
	return rc;
}

static int load_reference(struct app *a, char *err, size_t errcap)
{
	char why[160];
	const struct embedded_file *f = embedded_find("data/figures.csv");
	if (!f || figures_parse(f->data, f->len, &a->figures, why, sizeof why) != 0) {
		snprintf(err, errcap, "data/figures.csv: %s", f ? why : "missing from the build");
		return -1;
	}
	f = embedded_find("data/gemeenten.csv");
	if (!f || gemeenten_parse(f->data, f->len, &a->gemeenten, why, sizeof why) != 0) {
		snprintf(err, errcap, "data/gemeenten.csv: %s", f ? why : "missing from the build");
		return -1;
	}
	return 0;
}

/* Checks the key file against the key id the database keeps, creating both
 * for a new database. */
static int open_keys(struct app *a, const struct app_open_opts *o, char *err, size_t errcap)
{
	struct store *s = a->store;
	char path[4096];
	char stored_id[PII_KEY_ID_SIZE + 8] = "";
	if (o->key_file)
		snprintf(path, sizeof path, "%s", o->key_file);
	else
		snprintf(path, sizeof path, "%s.key", o->db);
	int have = s->ops->get_meta(s, "key_id", stored_id, sizeof stored_id);
	if (have < 0) {
		snprintf(err, errcap, "%s", s->errmsg);
		return -1;
	}
	if (pii_keys_load(path, have == STORE_NONE, &a->keys, err, errcap) != 0)
		return -1;
	if (have == STORE_NONE) {
		if (s->ops->set_meta(s, "key_id", a->keys.key_id) < 0) {
			snprintf(err, errcap, "%s", s->errmsg);
			return -1;
		}
		return 0;
	}
	if (strcmp(stored_id, a->keys.key_id) != 0) {
		snprintf(err, errcap, "key file %s does not belong to this database", path);
		return -1;
	}
	return 0;
}

struct seed_ctx {
	const char *sha;
};

static int seed_orgs(struct app *a, void *cls)
{
	struct seed_ctx *sc = cls;
	struct store *s = a->store;
	for (size_t i = 0; i < a->gemeenten.n; i++) {
		struct store_org o = {.kind = ORG_GEMEENTE, .window_months = 3};
		snprintf(o.code, sizeof o.code, "%s", a->gemeenten.rows[i].code);
		snprintf(o.name, sizeof o.name, "%s", a->gemeenten.rows[i].name);
		int rc = s->ops->insert_org(s, &o);
		if (rc < 0)
			return rc;
	}
	struct store_org uwv = {.kind = ORG_UWV, .window_months = 3};
	snprintf(uwv.code, sizeof uwv.code, "%s", APP_DEFAULT_UWV_ORG);
	snprintf(uwv.name, sizeof uwv.name, "UWV (landelijk)");
	int rc = s->ops->insert_org(s, &uwv);
	if (rc < 0)
		return rc;
	return s->ops->set_meta(s, "gemeenten_sha256", sc->sha);
}

/* Adds the municipalities of data/gemeenten.csv when the embedded list
 * differs from the one last loaded. Existing settings are kept. */
static int seed_reference(struct app *a, char *err, size_t errcap)
{
	const struct embedded_file *f = embedded_find("data/gemeenten.csv");
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof h + 1];
	char stored[sizeof hex] = "";
	crypto_hash_sha256(h, (const unsigned char *)f->data, f->len);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	struct store *s = a->store;
	int rc = s->ops->get_meta(s, "gemeenten_sha256", stored, sizeof stored);
	if (rc == STORE_ONE && strcmp(stored, hex) == 0)
		return 0;
	struct seed_ctx sc = {.sha = hex};
	if (rc < 0 || app_tx(a, seed_orgs, &sc) < 0) {
		snprintf(err, errcap, "loading municipalities: %s", s->errmsg);
		return -1;
	}
	return 0;
}

int app_open(struct app *a, const struct app_open_opts *o, char *err, size_t errcap)
{
	memset(a, 0, sizeof *a);
	snprintf(a->actor, sizeof a->actor, "%s", o->actor ? o->actor : "unknown");
	if (pii_init() != 0) {
		snprintf(err, errcap, "libsodium could not be initialised");
		return APP_FAIL;
	}
	if (load_reference(a, err, errcap) != 0)
		goto fail;
	/* The default key file sits beside an SQLite file; a connection string
	 * names no place for it (and "URI.key" could carry a password into a
	 * file name). */
	if (!o->key_file && o->db && !store_spec_is_file(o->db)) {
		snprintf(err, errcap,
			 "a PostgreSQL database needs an explicit key file: give --key "
			 "FILE or set OVERSTAP_KEY_FILE");
		goto fail;
	}
	a->store = store_open(o->db, err, errcap);
	if (!a->store)
		goto fail;
	if (open_keys(a, o, err, errcap) != 0 || seed_reference(a, err, errcap) != 0)
		goto fail;
	return APP_OK;
fail:
	app_close(a);
	return APP_FAIL;
}

void app_close(struct app *a)
{
	if (a->store)
		store_close(a->store);
	a->store = NULL;
	figures_free(&a->figures);
	gemeenten_free(&a->gemeenten);
	pii_keys_wipe(&a->keys);
}

void app_view(struct app *v, const struct app *base, struct store *s)
{
	*v = *base;
	v->store = s;
	v->request_id = NULL;
	v->who = NULL;
	v->in_tx = false;
	v->audit_tail.valid = false;
	v->audit_defer = false;
	v->audit_deferred = NULL;
}

void app_view_end(struct app *v)
{
	pii_keys_wipe(&v->keys);
	memset(v, 0, sizeof *v);
}

int app_ping(struct app *a)
{
	char id[PII_KEY_ID_SIZE + 8];
	struct store *s = a->store;
	return s->ops->get_meta(s, "key_id", id, sizeof id) == STORE_ONE ? APP_OK : APP_FAIL;
}
