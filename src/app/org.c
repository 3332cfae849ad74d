/* Organisations: municipalities, UWV teams, partners. */
#include <ctype.h>
#include <string.h>

#include "app/app.h"
#include "core/window.h"

static bool code_chars_ok(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return false;
	return isalnum((unsigned char)s[0]) && s[n - 1] != '-';
}

bool org_code_valid(enum org_kind kind, const char *code)
{
	switch (kind) {
	case ORG_GEMEENTE:
		return gemeente_code_valid(code, strlen(code));
	case ORG_UWV:
		return strncmp(code, "UWV-", 4) == 0 &&
		       code_chars_ok(code + 4, 1, STORE_ORG_CODE_MAX - 4);
	case ORG_PARTNER:
		return strncmp(code, "GM", 2) != 0 && strncmp(code, "UWV-", 4) != 0 &&
		       code_chars_ok(code, 2, STORE_ORG_CODE_MAX);
	}
	return false;
}

static bool window_ok(int months)
{
	return months >= WINDOW_MONTHS_MIN && months <= WINDOW_MONTHS_MAX;
}

struct org_change {
	const struct store_org *add;
	const char *code;
	const char *name;
	int window_months;
	bool missing;
	bool exists;
};

static int do_add(struct app *a, void *cls)
{
	struct org_change *c = cls;
	int rc = a->store->ops->insert_org(a->store, c->add);
	c->exists = rc == STORE_NONE;
	return rc;
}

int app_org_add(struct app *a, const struct store_org *o, char *err, size_t errcap)
{
	if (!org_code_valid(o->kind, o->code)) {
		snprintf(
			err, errcap,
			"code '%s' does not fit kind %s (gemeente: GM + 4 digits; uwv: UWV-<name>; "
			"partner: letters, digits and '-')",
			o->code, org_kind_name(o->kind));
		return APP_INVALID;
	}
	if (o->kind == ORG_GEMEENTE && !gemeenten_find(&a->gemeenten, o->code)) {
		snprintf(err, errcap, "%s is not a municipality in data/gemeenten.csv", o->code);
		return APP_INVALID;
	}
	if (o->name[0] == '\0') {
		snprintf(err, errcap, "a name is required");
		return APP_INVALID;
	}
	if (!window_ok(o->window_months)) {
		snprintf(err, errcap, "window months must be %d to %d", WINDOW_MONTHS_MIN,
			 WINDOW_MONTHS_MAX);
		return APP_INVALID;
	}
	struct org_change c = {.add = o};
	if (app_tx(a, do_add, &c) < 0) {
		snprintf(err, errcap, "%s", a->store->errmsg);
		return APP_FAIL;
	}
	if (c.exists) {
		snprintf(err, errcap, "organisation %s exists already", o->code);
		return APP_INVALID;
	}
	return APP_OK;
}

static int do_set(struct app *a, void *cls)
{
	struct org_change *c = cls;
	struct store_org o;
	int rc = a->store->ops->get_org(a->store, c->code, &o);
	if (rc <= 0) {
		c->missing = rc == STORE_NONE;
		return rc;
	}
	if (c->name)
		snprintf(o.name, sizeof o.name, "%s", c->name);
	if (c->window_months > 0)
		o.window_months = c->window_months;
	return a->store->ops->update_org(a->store, &o);
}

int app_org_set(struct app *a, const char *code, const char *name, int window_months, char *err,
		size_t errcap)
{
	if (window_months != 0 && !window_ok(window_months)) {
		snprintf(err, errcap, "window months must be %d to %d", WINDOW_MONTHS_MIN,
			 WINDOW_MONTHS_MAX);
		return APP_INVALID;
	}
	if (name && (name[0] == '\0' || strlen(name) > STORE_ORG_NAME_MAX)) {
		snprintf(err, errcap, "a name must have 1 to %d characters", STORE_ORG_NAME_MAX);
		return APP_INVALID;
	}
	struct org_change c = {.code = code, .name = name, .window_months = window_months};
	if (app_tx(a, do_set, &c) < 0) {
		snprintf(err, errcap, "%s", a->store->errmsg);
		return APP_FAIL;
	}
	if (c.missing) {
		snprintf(err, errcap, "no organisation %s", code);
		return APP_INVALID;
	}
	return APP_OK;
}

int app_org_list(struct app *a, int kind, store_org_cb cb, void *cls)
{
	return a->store->ops->iterate_orgs(a->store, kind, cb, cls) < 0 ? APP_FAIL : APP_OK;
}

int app_org_get(struct app *a, const char *code, struct store_org *out)
{
	if (strlen(code) > STORE_ORG_CODE_MAX)
		return APP_NOT_FOUND;
	int rc = a->store->ops->get_org(a->store, code, out);
	return rc < 0 ? APP_FAIL : rc == STORE_NONE ? APP_NOT_FOUND : APP_OK;
}
