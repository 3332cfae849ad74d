/* A route's detail, what staff add to it, and consent records (route.h). */
#include "app/route.h"

#include "core/bsn.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const route_phases[] = {
	"signalled", "invited", "informed", "in_contact", "transferred",
	"applied",   "working", "closed",   NULL,
};

bool route_phase_valid(const char *phase)
{
	for (size_t i = 0; phase && route_phases[i]; i++)
		if (strcmp(phase, route_phases[i]) == 0)
			return true;
	return false;
}

/* The command line acts as the operator (a->who NULL). */
static enum access_decision decide(struct app *a, enum access_action act,
				   const struct access_object *o)
{
	static const struct principal cli = {.via = PRINCIPAL_CLI};
	return access_decide(a->who ? a->who : &cli, act, o);
}

/* What a transaction found about a route before it acts on it. */
struct found {
	struct app *a;
	enum access_action act;
	bool denied;
	char org[STORE_ORG_CODE_MAX + 1], gemeente[STORE_ORG_CODE_MAX + 1];
	char phase[64];
	int64_t person_id;
	char id[24];
	const struct route_read *rd; /* app_route_get only */
};

/* The route view callback: decides, remembers, and hands the route on.
 * Returns STORE_ONE to go on, STORE_NONE when denied. */
static int on_view(void *cls, const struct store_route_view *v)
{
	struct found *f = cls;
	struct access_object o = {
		.owner_org = v->org, .gemeente = v->gemeente, .consent = v->consent, .org = v->org};
	f->denied = decide(f->a, f->act, &o) != ACCESS_ALLOW;
	if (f->denied)
		return STORE_NONE;
	snprintf(f->org, sizeof f->org, "%s", v->org);
	snprintf(f->gemeente, sizeof f->gemeente, "%s", v->gemeente);
	snprintf(f->phase, sizeof f->phase, "%s", v->phase);
	f->person_id = v->person_id;
	if (f->rd && f->rd->route_cb(f->rd->cls, v) != 0)
		return STORE_HARD;
	return STORE_ONE;
}

static int view(struct app *a, int64_t id, struct found *f)
{
	f->denied = false;
	return a->store->ops->get_route_view(a->store, id, a->who ? a->who->org : NULL, app_now(),
					     on_view, f);
}

/* The outcome of a transaction that starts with view(). */
static int outcome(struct app *a, int rc, struct found *f, const char *type, char *err,
		   size_t errcap)
{
	if (rc < 0) {
		snprintf(err, errcap, "%s", a->store->errmsg);
		return APP_FAIL;
	}
	if (f->denied) {
		if (app_access_denied(a, f->act, type, f->id) < 0) {
			snprintf(err, errcap, "%s", a->store->errmsg);
			return APP_FAIL;
		}
		snprintf(err, errcap, "not allowed");
		return APP_DENIED;
	}
	if (rc == STORE_NONE) {
		snprintf(err, errcap, "no such route");
		return APP_NOT_FOUND;
	}
	return APP_OK;
}

/* ---- reading ---- */

static int on_event(void *cls, const struct store_event_row *e)
{
	const struct route_read *rd = cls;
	return rd->event_cb(rd->cls, e) != 0 ? STORE_HARD : 0;
}

static int do_get(struct app *a, void *cls)
{
	struct found *f = cls;
	int64_t id = strtoll(f->id, NULL, 10);
	int rc = view(a, id, f);
	if (rc <= 0)
		return rc;
	rc = a->store->ops->iterate_route_events(a->store, id, f->rd->after_event, f->rd->limit,
						 on_event, (void *)f->rd);
	if (rc < 0)
		return rc;
	return app_audit(a, "read_route", "route", f->id, "casework");
}

int app_route_get(struct app *a, int64_t id, const struct route_read *rd, char *err, size_t errcap)
{
	struct found f = {.a = a, .act = ACCESS_READ_PERSON, .rd = rd};
	if (rd->limit < 1 || rd->limit > ROUTE_EVENTS_MAX || rd->after_event < 0) {
		snprintf(err, errcap, "limit out of range");
		return APP_INVALID;
	}
	snprintf(f.id, sizeof f.id, "%" PRId64, id);
	int rc = app_read_tx(a, do_get, &f);
	return outcome(a, rc, &f, "route", err, errcap);
}

/* ---- a WW benefit ---- */

struct benefit_get {
	struct found f;
	store_benefit_view_cb cb;
	void *cls;
};

static int on_benefit(void *cls, const struct store_benefit_view *v)
{
	struct benefit_get *bg = cls;
	struct access_object o = {
		.owner_org = v->org, .gemeente = v->gemeente, .consent = v->consent};
	bg->f.denied = decide(bg->f.a, ACCESS_READ_PERSON, &o) != ACCESS_ALLOW;
	if (bg->f.denied)
		return STORE_NONE;
	return bg->cb(bg->cls, v) != 0 ? STORE_HARD : STORE_ONE;
}

static int do_benefit(struct app *a, void *cls)
{
	struct benefit_get *bg = cls;
	bg->f.denied = false;
	int rc = a->store->ops->get_benefit_view(a->store, strtoll(bg->f.id, NULL, 10),
						 a->who ? a->who->org : NULL, app_now(), on_benefit,
						 bg);
	if (rc <= 0)
		return rc;
	return app_audit(a, "read_benefit", "ww_benefit", bg->f.id, "casework");
}

int app_benefit_get(struct app *a, int64_t id, store_benefit_view_cb cb, void *cls, char *err,
		    size_t errcap)
{
	struct benefit_get bg = {.f = {.a = a, .act = ACCESS_READ_PERSON}, .cb = cb, .cls = cls};
	snprintf(bg.f.id, sizeof bg.f.id, "%" PRId64, id);
	int rc = app_read_tx(a, do_benefit, &bg);
	int ret = outcome(a, rc, &bg.f, "ww_benefit", err, errcap);
	if (ret == APP_NOT_FOUND)
		snprintf(err, errcap, "no such benefit");
	return ret;
}

/* ---- writing ---- */

struct change {
	struct found f;
	const struct route_change *c;
	const char *kind;
};

static int do_change(struct app *a, void *cls)
{
	struct change *ch = cls;
	int64_t id = strtoll(ch->f.id, NULL, 10);
	int rc = view(a, id, &ch->f);
	if (rc <= 0)
		return rc;
	json_t *data = ch->c->note
			       ? json_pack("{s:s}", "text", ch->c->note)
			       : json_pack("{s:s, s:s}", "from", ch->f.phase, "to", ch->c->phase);
	char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
	json_decref(data);
	if (!text)
		return STORE_HARD;
	ch->kind = ch->c->note ? "note" : "phase_changed";
	struct store_event e = {
		.route_id = id, .at = app_now(), .kind = ch->kind, .actor = a->actor, .data = text};
	rc = ch->c->note ? STORE_ONE
			 : a->store->ops->update_route_phase(a->store, id, ch->c->phase);
	if (rc > 0)
		rc = a->store->ops->insert_event(a->store, &e);
	free(text);
	if (rc <= 0)
		return rc < 0 ? rc : STORE_HARD;
	return app_audit(a, "write_route", "route", ch->f.id, "casework");
}

int app_route_change(struct app *a, int64_t id, const struct route_change *c,
		     const char **event_kind, char *err, size_t errcap)
{
	struct change ch = {.f = {.a = a, .act = ACCESS_WRITE_ROUTE}, .c = c};
	if (!c->note == !c->phase) {
		snprintf(err, errcap, "give a note or a phase, not both");
		return APP_INVALID;
	}
	if (c->note && (c->note[0] == '\0' || strlen(c->note) > ROUTE_NOTE_MAX)) {
		snprintf(err, errcap, "a note has 1 to %d bytes", ROUTE_NOTE_MAX);
		return APP_INVALID;
	}
	if (c->phase && !route_phase_valid(c->phase)) {
		snprintf(err, errcap, "unknown phase");
		return APP_INVALID;
	}
	snprintf(ch.f.id, sizeof ch.f.id, "%" PRId64, id);
	int rc = app_tx(a, do_change, &ch);
	int ret = outcome(a, rc, &ch.f, "route", err, errcap);
	if (ret == APP_OK && event_kind)
		*event_kind = ch.kind;
	return ret;
}

/* ---- consent ---- */

struct consent_add {
	struct found f;
	const struct consent_in *in;
	int64_t id;
	bool bad_org;
};

static int do_consent(struct app *a, void *cls)
{
	struct consent_add *ca = cls;
	int64_t route_id = strtoll(ca->f.id, NULL, 10);
	ca->bad_org = false;
	int rc = view(a, route_id, &ca->f);
	if (rc <= 0)
		return rc;
	const char *to = ca->in->to_org ? ca->in->to_org : ca->f.gemeente;
	struct store_org o;
	rc = a->store->ops->get_org(a->store, to, &o);
	if (rc < 0)
		return rc;
	if (rc == STORE_NONE || o.kind != ORG_GEMEENTE || strcmp(to, ca->f.org) == 0) {
		ca->bad_org = true;
		return STORE_NONE;
	}
	struct store_consent c = {
		.person_id = ca->f.person_id,
		.from_org = ca->f.org,
		.to_org = to,
		.purpose = ca->in->purpose,
		.given_at = ca->in->given_at ? ca->in->given_at : app_now(),
		.expires_at = ca->in->expires_at,
		.source = ca->in->source,
		.actor = a->actor,
	};
	rc = a->store->ops->insert_consent(a->store, &c);
	if (rc < 0)
		return rc;
	ca->id = c.id;
	char id[24];
	snprintf(id, sizeof id, "%" PRId64, c.id);
	return app_audit(a, "add_consent", "consent", id, ca->in->purpose);
}

int app_consent_add(struct app *a, const struct consent_in *in, int64_t *consent_id, char *err,
		    size_t errcap)
{
	struct consent_add ca = {.f = {.a = a, .act = ACCESS_ADD_CONSENT}, .in = in};
	size_t pl = in->purpose ? strlen(in->purpose) : 0;
	size_t sl = in->source ? strlen(in->source) : 0;
	int64_t given = in->given_at ? in->given_at : app_now();
	if (pl < 1 || pl > STORE_PURPOSE_MAX) {
		snprintf(err, errcap, "a purpose has 1 to %d bytes", STORE_PURPOSE_MAX);
		return APP_INVALID;
	}
	if (sl < 1 || sl > STORE_SOURCE_MAX) {
		snprintf(err, errcap, "a source has 1 to %d bytes", STORE_SOURCE_MAX);
		return APP_INVALID;
	}
	if (in->expires_at != 0 && in->expires_at <= given) {
		snprintf(err, errcap, "a consent expires after it was given");
		return APP_INVALID;
	}
	if (in->to_org && strlen(in->to_org) > STORE_ORG_CODE_MAX) {
		snprintf(err, errcap, "unknown municipality");
		return APP_INVALID;
	}
	snprintf(ca.f.id, sizeof ca.f.id, "%" PRId64, in->route_id);
	int rc = app_tx(a, do_consent, &ca);
	int ret = outcome(a, rc, &ca.f, "route", err, errcap);
	if (ret == APP_NOT_FOUND && ca.bad_org) {
		snprintf(err, errcap, "to_org is not a municipality other than the owner");
		return APP_INVALID;
	}
	if (ret == APP_OK)
		*consent_id = ca.id;
	return ret;
}

/* ---- finding a person ---- */

struct person_find {
	unsigned char index[STORE_BSN_INDEX_SIZE];
	int64_t person_id, route_id;
	bool found, denied;
};

static int do_find(struct app *a, void *cls)
{
	struct person_find *pf = cls;
	char org[STORE_ORG_CODE_MAX + 1], gemeente[STORE_ORG_CODE_MAX + 1];
	pf->found = pf->denied = false;
	int rc = a->store->ops->find_person(a->store, pf->index, &pf->person_id, &pf->route_id, org,
					    gemeente);
	if (rc <= 0)
		return rc;
	pf->found = true;
	struct access_object o = {.owner_org = org, .gemeente = gemeente};
	if (a->who && a->who->org_kind == ORG_GEMEENTE) {
		rc = a->store->ops->has_consent(a->store, pf->person_id, a->who->org, app_now());
		if (rc < 0)
			return rc;
		o.consent = rc == STORE_ONE;
	}
	pf->denied = decide(a, ACCESS_READ_PERSON, &o) != ACCESS_ALLOW;
	if (pf->denied)
		return STORE_NONE;
	char id[24];
	snprintf(id, sizeof id, "%" PRId64, pf->person_id);
	return app_audit(a, "search_person", "person", id, "casework");
}

int app_person_find(struct app *a, const char *bsn, int64_t *person_id, int64_t *route_id,
		    char *err, size_t errcap)
{
	struct person_find pf = {0};
	char norm[BSN_SIZE];
	if (bsn_normalise(bsn, strlen(bsn), norm) != BSN_OK) {
		snprintf(err, errcap, "not a valid BSN");
		return APP_INVALID;
	}
	if (decide(a, ACCESS_SEARCH_PERSON, NULL) != ACCESS_ALLOW)
		return app_allowed(a, ACCESS_SEARCH_PERSON, NULL, "person", "*");
	pii_bsn_index(&a->keys, norm, pf.index);
	int rc = app_tx(a, do_find, &pf);
	if (rc < 0) {
		snprintf(err, errcap, "%s", a->store->errmsg);
		return APP_FAIL;
	}
	if (pf.denied) {
		char id[24];
		snprintf(id, sizeof id, "%" PRId64, pf.person_id);
		if (app_access_denied(a, ACCESS_READ_PERSON, "person", id) < 0) {
			snprintf(err, errcap, "%s", a->store->errmsg);
			return APP_FAIL;
		}
	}
	if (!pf.found || pf.denied) {
		snprintf(err, errcap, "no such person");
		return APP_NOT_FOUND;
	}
	*person_id = pf.person_id;
	*route_id = pf.route_id;
	return APP_OK;
}

/* ---- users and plain decisions ---- */

int app_allowed(struct app *a, enum access_action act, const struct access_object *o,
		const char *object_type, const char *object_id)
{
	if (decide(a, act, o) == ACCESS_ALLOW)
		return APP_OK;
	return app_access_denied(a, act, object_type, object_id) < 0 ? APP_FAIL : APP_DENIED;
}

struct user_list {
	const char *org;
	int64_t after, limit;
	store_user_cb cb;
	void *cls;
};

static int do_user_list(struct app *a, void *cls)
{
	struct user_list *ul = cls;
	int rc = a->store->ops->iterate_users(a->store, ul->org, ul->after, ul->limit, ul->cb,
					      ul->cls);
	if (rc < 0)
		return rc;
	if (rc > STORE_ONE)
		return STORE_HARD;
	return app_audit(a, "read_users", "organisation", ul->org, "account management");
}

int app_user_list(struct app *a, const char *org, int64_t after, int64_t limit, store_user_cb cb,
		  void *cls, char *err, size_t errcap)
{
	struct access_object o = {.org = org};
	struct user_list ul = {org, after, limit, cb, cls};
	int ret = app_allowed(a, ACCESS_READ_USERS, &o, "organisation", org);
	if (ret == APP_OK && app_tx(a, do_user_list, &ul) < 0)
		ret = APP_FAIL;
	if (ret == APP_FAIL)
		snprintf(err, errcap, "%s", a->store->errmsg);
	return ret;
}
