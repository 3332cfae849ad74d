/* Information meetings: create, invite, cancel, move, the calendar file,
 * the invitees for letters, and RSVP (app/meeting.h).
 *
 * Each step is a route event on the invitee's route that names the meeting
 * (store insert_meeting_event): invited, rsvp_accepted, rsvp_declined,
 * waitlisted, consent_given, attended, no_show, meeting_cancelled,
 * meeting_moved. The invitation row keeps only the current answer for the
 * RSVP page; the funnel (meeting_funnel.c) counts the events. */
#include "app/meeting.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/meeting_int.h"
#include "app/rsvp_code.h"
#include "core/rng.h"
#include "core/text.h"
#include "render/ics.h"

_Static_assert(MEETING_MAX_PRESENTERS <= STORE_MEETING_PRESENTERS_MAX, "presenters fit the store");
_Static_assert(MEETING_LOCATION_MAX == STORE_MEETING_LOCATION_MAX, "one location limit");

const char *meeting_status_name(enum meeting_status st)
{
	return st == MEETING_CANCELLED ? "cancelled" : "planned";
}

void meeting_from_store(const struct store_meeting *sm, struct meeting *m)
{
	memset(m, 0, sizeof *m);
	m->id = sm->id;
	snprintf(m->org, sizeof m->org, "%s", sm->org);
	m->at = sm->at;
	snprintf(m->location, sizeof m->location, "%s", sm->location);
	m->capacity = sm->capacity;
	snprintf(m->target, sizeof m->target, "%.*s", GEMEENTE_CODE_SIZE - 1, sm->target);
	m->ww_end_from = sm->ww_end_from;
	m->ww_end_to = sm->ww_end_to;
	m->variants = sm->variants;
	m->status = sm->cancelled ? MEETING_CANCELLED : MEETING_PLANNED;
	for (int i = 0; i < sm->n_presenters && i < MEETING_MAX_PRESENTERS; i++)
		snprintf(m->presenters[m->n_presenters++], sizeof m->presenters[0], "%s",
			 sm->presenters[i]);
	m->expect_low = sm->expect_low;
	m->expect_high = sm->expect_high;
}

int meeting_load(struct app *a, int64_t id, struct store_meeting *sm, char *err, size_t errcap)
{
	struct store *s = a->store;
	int rc = s->ops->get_meeting(s, id, sm);
	if (rc < 0) {
		snprintf(err, errcap, "database: %s", s->errmsg);
		return APP_FAIL;
	}
	if (rc == STORE_NONE) {
		snprintf(err, errcap, "no meeting %lld", (long long)id);
		return APP_INVALID;
	}
	return APP_OK;
}

int app_meeting_get(struct app *a, int64_t id, struct meeting *out, char *err, size_t errcap)
{
	struct store_meeting sm;
	int rc = meeting_gate(a, id, ACCESS_READ_MEETING, err, errcap);
	if (rc == APP_OK)
		rc = meeting_load(a, id, &sm, err, errcap);
	if (rc == APP_OK)
		meeting_from_store(&sm, out);
	return rc;
}

int meeting_event(struct app *a, int64_t meeting_id, int64_t route_id, int64_t at, const char *kind,
		  const char *data)
{
	struct store *s = a->store;
	struct store_event ev = {
		.route_id = route_id,
		.at = at,
		.kind = kind,
		.actor = a->actor,
		.data = data,
	};
	return s->ops->insert_meeting_event(s, &ev, meeting_id);
}

/* ---- add ---- */

static int check_org(struct app *a, const char *code, const char *what, int want_kind, char *err,
		     size_t errcap)
{
	struct store *s = a->store;
	struct store_org o;
	int rc = s->ops->get_org(s, code, &o);
	if (rc < 0) {
		snprintf(err, errcap, "database: %s", s->errmsg);
		return APP_FAIL;
	}
	if (rc == STORE_NONE) {
		snprintf(err, errcap, "%s: no organisation %.40s", what, code);
		return APP_INVALID;
	}
	if (want_kind >= 0 && (int)o.kind != want_kind) {
		snprintf(err, errcap, "%s: %.40s is not a %s", what, code,
			 org_kind_name(want_kind));
		return APP_INVALID;
	}
	return APP_OK;
}

/* 1..max bytes of UTF-8 text without control characters. */
static bool text_ok(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);
	return n > 0 && n <= max && text_utf8_valid(s, n) && !text_has_control(s, n);
}

static int meeting_tx_insert(struct app *a, void *cls)
{
	struct store *s = a->store;
	return s->ops->insert_meeting(s, cls);
}

int app_meeting_add(struct app *a, struct meeting *m, uint64_t seed, uint64_t *seed_used, char *err,
		    size_t errcap)
{
	struct store *s = a->store;
	int rc;
	if ((rc = meeting_gate_org(a, ACCESS_MANAGE_MEETING, m->org, err, errcap)) != APP_OK ||
	    (rc = check_org(a, m->org, "--org", -1, err, errcap)) != APP_OK ||
	    (rc = check_org(a, m->target, "--target", ORG_GEMEENTE, err, errcap)) != APP_OK)
		return rc;
	if (m->n_presenters < 0 || m->n_presenters > MEETING_MAX_PRESENTERS) {
		snprintf(err, errcap, "--presenter: at most %d", MEETING_MAX_PRESENTERS);
		return APP_INVALID;
	}
	for (int i = 0; i < m->n_presenters; i++) {
		if ((rc = check_org(a, m->presenters[i], "--presenter", -1, err, errcap)) != APP_OK)
			return rc;
		for (int j = 0; j < i; j++) {
			if (strcmp(m->presenters[i], m->presenters[j]) == 0) {
				snprintf(err, errcap, "--presenter: %.40s named twice",
					 m->presenters[i]);
				return APP_INVALID;
			}
		}
	}
	if (!text_ok(m->location, MEETING_LOCATION_MAX)) {
		snprintf(err, errcap,
			 "--location: 1 to %d bytes of text without control characters",
			 MEETING_LOCATION_MAX);
		return APP_INVALID;
	}
	if (m->capacity < 1 || m->capacity > MEETING_CAPACITY_MAX) {
		snprintf(err, errcap, "--capacity: 1 to %d", MEETING_CAPACITY_MAX);
		return APP_INVALID;
	}
	if (m->ww_end_to < m->ww_end_from) {
		snprintf(err, errcap, "--ww-end-to is before --ww-end-from");
		return APP_INVALID;
	}
	if (m->variants != 1 && m->variants != 2) {
		snprintf(err, errcap, "--variants: 1 or 2");
		return APP_INVALID;
	}
	if ((m->expect_low || m->expect_high) &&
	    (m->expect_low < 0 || m->expect_high > 100 || m->expect_low > m->expect_high)) {
		snprintf(err, errcap, "--expect: LOW-HIGH percent, 0 <= LOW <= HIGH <= 100");
		return APP_INVALID;
	}
	if (seed == 0)
		randombytes_buf(&seed, sizeof seed);
	struct store_meeting sm = {
		.at = m->at,
		.capacity = m->capacity,
		.ww_end_from = m->ww_end_from,
		.ww_end_to = m->ww_end_to,
		.variants = m->variants,
		.seed = (int64_t)seed,
		.expect_low = m->expect_low,
		.expect_high = m->expect_high,
		.n_presenters = m->n_presenters,
		.created_at = app_now(),
	};
	snprintf(sm.org, sizeof sm.org, "%s", m->org);
	snprintf(sm.location, sizeof sm.location, "%s", m->location);
	snprintf(sm.target, sizeof sm.target, "%s", m->target);
	snprintf(sm.created_by, sizeof sm.created_by, "%s", a->actor);
	for (int i = 0; i < m->n_presenters; i++)
		snprintf(sm.presenters[i], sizeof sm.presenters[i], "%s", m->presenters[i]);
	rc = app_tx(a, meeting_tx_insert, &sm);
	if (rc < 0) {
		snprintf(err, errcap, "database: %s", s->errmsg);
		return APP_FAIL;
	}
	m->id = sm.id;
	m->status = MEETING_PLANNED;
	if (seed_used)
		*seed_used = seed;
	return APP_OK;
}

/* ---- list ---- */

struct list_run {
	meeting_cb cb;
	void *cls;
	int cb_rc;
};

static int list_one(void *cls, const struct store_meeting *sm)
{
	struct list_run *r = cls;
	struct meeting m;
	meeting_from_store(sm, &m);
	r->cb_rc = r->cb(r->cls, &m);
	return r->cb_rc != 0 ? STORE_HARD : 0;
}

int app_meeting_list(struct app *a, const char *org, int64_t from_at, int64_t to_at, meeting_cb cb,
		     void *cls, char *err, size_t errcap)
{
	struct store *s = a->store;
	struct list_run r = {.cb = cb, .cls = cls};
	int rc = meeting_gate_org(a, ACCESS_READ_MEETING, org, err, errcap);
	if (rc != APP_OK)
		return rc;
	if (s->ops->iterate_meetings(s, org, from_at, to_at, list_one, &r) < 0) {
		if (r.cb_rc != 0)
			snprintf(err, errcap, "cannot write the list");
		else
			snprintf(err, errcap, "database: %s", s->errmsg);
		return APP_FAIL;
	}
	return APP_OK;
}

/* ---- invite ---- */

struct target {
	int64_t route_id;
	char gemeente[STORE_ORG_CODE_MAX + 1];
};

struct invite_run {
	int64_t id;
	struct store_meeting sm;
	struct target *t;
	size_t n, cap;
	long created;
	bool cancelled;
};

static int collect_target(void *cls, const struct store_target *t)
{
	struct invite_run *r = cls;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 256;
		struct target *nt = realloc(r->t, cap * sizeof *nt);
		if (!nt)
			return STORE_HARD;
		r->t = nt;
		r->cap = cap;
	}
	r->t[r->n].route_id = t->route_id;
	snprintf(r->t[r->n].gemeente, sizeof r->t[0].gemeente, "%s", t->gemeente);
	r->n++;
	return 0;
}

char meeting_variant(const struct store_meeting *sm, int64_t route_id)
{
	if (sm->variants != 2)
		return 'A';
	/* A coin per route from the recorded seed: the same seed gives the same
	 * assignment whatever the order or the number invited at a time. */
	uint64_t x = (uint64_t)sm->seed ^ ((uint64_t)route_id * 0x9E3779B97F4A7C15ULL);
	return (rng_splitmix64(&x) >> 63) ? 'B' : 'A';
}

static int invite_tx(struct app *a, void *cls)
{
	struct invite_run *r = cls;
	struct store *s = a->store;
	r->n = 0;
	r->created = 0;
	int rc = s->ops->get_meeting(s, r->id, &r->sm);
	if (rc <= 0)
		return rc < 0 ? rc : STORE_NONE;
	if (r->sm.cancelled) {
		r->cancelled = true;
		return STORE_NONE;
	}
	rc = s->ops->iterate_meeting_targets(s, r->id, collect_target, r);
	if (rc < 0)
		return rc;
	int64_t now = app_now();
	for (size_t i = 0; i < r->n; i++) {
		char code[MEETING_CODE_LEN + 1], data[160];
		struct store_invitation iv = {
			.meeting_id = r->id,
			.route_id = r->t[i].route_id,
			.variant = meeting_variant(&r->sm, r->t[i].route_id),
			.created_at = now,
		};
		snprintf(iv.gemeente, sizeof iv.gemeente, "%s", r->t[i].gemeente);
		rsvp_code_make(&a->keys, r->id, iv.route_id, code);
		rsvp_code_index(&a->keys, code, iv.code_index);
		sodium_memzero(code, sizeof code);
		rc = s->ops->insert_invitation(s, &iv);
		if (rc < 0)
			return rc;
		if (rc == STORE_NONE)
			continue;
		snprintf(data, sizeof data,
			 "{\"meeting\":%lld,\"invitation\":%lld,\"variant\":\"%c\"}",
			 (long long)r->id, (long long)iv.id, iv.variant);
		rc = meeting_event(a, r->id, iv.route_id, now, "invited", data);
		if (rc < 0)
			return rc;
		r->created++;
	}
	return STORE_ONE;
}

int app_meeting_invite(struct app *a, int64_t id, long *created, char *err, size_t errcap)
{
	struct invite_run r = {.id = id};
	int rc = meeting_gate(a, id, ACCESS_MANAGE_MEETING, err, errcap);
	if (rc != APP_OK)
		return rc;
	rc = app_tx(a, invite_tx, &r);
	int status = APP_FAIL;
	if (rc < 0) {
		snprintf(err, errcap, "database: %s", a->store->errmsg);
	} else if (rc == STORE_NONE) {
		if (r.cancelled)
			snprintf(err, errcap, "meeting %lld is cancelled", (long long)id);
		else
			snprintf(err, errcap, "no meeting %lld", (long long)id);
		status = APP_INVALID;
	} else {
		*created = r.created;
		status = APP_OK;
	}
	free(r.t);
	return status;
}

/* ---- cancel and move ---- */

struct notice_run {
	int64_t id;
	bool cancel;
	const char *reason;
	int64_t new_at;
	const char *new_location;
	struct store_meeting sm;
	int64_t *routes;
	size_t n, cap;
	long notices;
	int refused; /* 0, or why nothing was done: 1 no meeting, 2 cancelled already */
};

static int collect_route(void *cls, const struct store_invitee *iv)
{
	struct notice_run *r = cls;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 256;
		int64_t *nr = realloc(r->routes, cap * sizeof *nr);
		if (!nr)
			return STORE_HARD;
		r->routes = nr;
		r->cap = cap;
	}
	r->routes[r->n++] = iv->inv.route_id;
	return 0;
}

static int notice_tx(struct app *a, void *cls)
{
	struct notice_run *r = cls;
	struct store *s = a->store;
	r->n = 0;
	r->notices = 0;
	r->refused = 0;
	int rc = s->ops->get_meeting(s, r->id, &r->sm);
	if (rc <= 0) {
		r->refused = 1;
		return rc < 0 ? rc : STORE_NONE;
	}
	if (r->sm.cancelled) {
		r->refused = 2;
		return STORE_NONE;
	}
	json_t *d = json_object();
	if (!d)
		return STORE_HARD;
	json_object_set_new(d, "meeting", json_integer(r->id));
	if (r->cancel) {
		r->sm.cancelled = true;
		if (r->reason)
			json_object_set_new(d, "reason", json_string(r->reason));
	} else {
		json_object_set_new(d, "from_at", json_integer(r->sm.at));
		json_object_set_new(d, "from_location", json_string(r->sm.location));
		if (r->new_at)
			r->sm.at = r->new_at;
		if (r->new_location)
			snprintf(r->sm.location, sizeof r->sm.location, "%s", r->new_location);
		json_object_set_new(d, "to_at", json_integer(r->sm.at));
		json_object_set_new(d, "to_location", json_string(r->sm.location));
	}
	r->sm.revision++;
	char *data = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	if (!data)
		return STORE_HARD;
	rc = s->ops->update_meeting(s, &r->sm);
	if (rc >= 0)
		rc = s->ops->iterate_invitations(s, r->id, NULL, collect_route, r);
	int64_t now = app_now();
	for (size_t i = 0; rc >= 0 && i < r->n; i++) {
		rc = meeting_event(a, r->id, r->routes[i], now,
				   r->cancel ? "meeting_cancelled" : "meeting_moved", data);
		r->notices++;
	}
	free(data);
	return rc < 0 ? rc : STORE_ONE;
}

static int run_notice(struct app *a, struct notice_run *r, long *notices, char *err, size_t errcap)
{
	*notices = 0;
	int rc = meeting_gate(a, r->id, ACCESS_MANAGE_MEETING, err, errcap);
	if (rc != APP_OK)
		return rc;
	rc = app_tx(a, notice_tx, r);
	int status = APP_OK;
	if (rc < 0) {
		snprintf(err, errcap, "database: %s", a->store->errmsg);
		status = APP_FAIL;
	} else if (r->refused == 1) {
		snprintf(err, errcap, "no meeting %lld", (long long)r->id);
		status = APP_INVALID;
	} else if (r->refused == 2 && !r->cancel) {
		snprintf(err, errcap, "meeting %lld is cancelled", (long long)r->id);
		status = APP_INVALID;
	} else if (r->refused == 0) {
		*notices = r->notices;
	}
	free(r->routes);
	return status;
}

int app_meeting_cancel(struct app *a, int64_t id, const char *reason, long *notices, char *err,
		       size_t errcap)
{
	if (reason && !text_ok(reason, MEETING_LOCATION_MAX)) {
		snprintf(err, errcap, "--reason: 1 to %d bytes of text", MEETING_LOCATION_MAX);
		return APP_INVALID;
	}
	struct notice_run r = {.id = id, .cancel = true, .reason = reason};
	return run_notice(a, &r, notices, err, errcap);
}

int app_meeting_move(struct app *a, int64_t id, int64_t new_at, const char *new_location,
		     long *notices, char *err, size_t errcap)
{
	if (new_location && !text_ok(new_location, MEETING_LOCATION_MAX)) {
		snprintf(err, errcap,
			 "--location: 1 to %d bytes of text without control characters",
			 MEETING_LOCATION_MAX);
		return APP_INVALID;
	}
	if (!new_at && !new_location) {
		snprintf(err, errcap, "nothing to change: give --at and/or --location");
		return APP_INVALID;
	}
	struct notice_run r = {.id = id, .new_at = new_at, .new_location = new_location};
	return run_notice(a, &r, notices, err, errcap);
}

/* ---- the calendar file ---- */

int app_meeting_ics(struct app *a, int64_t id, char **text, size_t *len, char *err, size_t errcap)
{
	struct store_meeting sm;
	int rc = meeting_gate(a, id, ACCESS_READ_MEETING, err, errcap);
	if (rc == APP_OK)
		rc = meeting_load(a, id, &sm, err, errcap);
	if (rc != APP_OK)
		return rc;
	const struct gemeente *g = gemeenten_find(&a->gemeenten, sm.target);
	char uid[96], summary[160], desc[400];
	/* The key id tells installations apart without revealing anything. */
	snprintf(uid, sizeof uid, "meeting-%lld-%.16s@overstap", (long long)sm.id, a->keys.key_id);
	snprintf(summary, sizeof summary, "Informatiebijeenkomst: uw WW stopt bijna (%s)",
		 g ? g->name : sm.target);
	snprintf(desc, sizeof desc,
		 "Uw WW-uitkering stopt binnenkort. Op deze bijeenkomst vertellen UWV en de "
		 "gemeente %s wat er dan verandert en welke hulp er is.\n"
		 "Your unemployment benefit ends soon: this meeting explains what changes.",
		 g ? g->name : sm.target);
	struct ics_event e = {
		.uid = uid,
		.stamp = app_now(),
		.start = sm.at,
		.end = sm.at + MEETING_DURATION,
		.sequence = sm.revision,
		.cancelled = sm.cancelled,
		.summary = summary,
		.location = sm.location,
		.description = desc,
	};
	*text = ics_render(&e, len);
	if (!*text) {
		snprintf(err, errcap, "cannot make the calendar file");
		return APP_FAIL;
	}
	return APP_OK;
}

/* ---- invitees, for letters ---- */

struct invitee_copy {
	struct store_invitee iv;
	char *text; /* the strings, one allocation */
};

struct invitees_run {
	int64_t id;
	const char *purpose;
	struct invitee_copy *v;
	size_t n, cap;
};

static void invitees_clear(struct invitees_run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		if (r->v[i].text)
			sodium_memzero(r->v[i].text, strlen(r->v[i].text));
		free(r->v[i].text);
	}
	r->n = 0;
}

static char *dup_fields(struct store_invitee *iv)
{
	const char *f[] = {iv->given_names,  iv->family_name, iv->postcode,
			   iv->house_number, iv->language,    iv->route_org};
	size_t len[6], total = 0;
	for (int i = 0; i < 6; i++)
		total += (len[i] = strlen(f[i])) + 1;
	char *t = malloc(total + 1);
	if (!t)
		return NULL;
	const char **dst[] = {&iv->given_names,  &iv->family_name, &iv->postcode,
			      &iv->house_number, &iv->language,    &iv->route_org};
	char *p = t;
	for (int i = 0; i < 6; i++) {
		memcpy(p, f[i], len[i] + 1);
		*dst[i] = p;
		p += len[i] + 1;
	}
	*p = '\0';
	return t;
}

static int copy_invitee(void *cls, const struct store_invitee *iv)
{
	struct invitees_run *r = cls;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 256;
		struct invitee_copy *nv = realloc(r->v, cap * sizeof *nv);
		if (!nv)
			return STORE_HARD;
		r->v = nv;
		r->cap = cap;
	}
	struct invitee_copy *c = &r->v[r->n];
	c->iv = *iv;
	c->text = dup_fields(&c->iv);
	if (!c->text)
		return STORE_HARD;
	r->n++;
	return 0;
}

static int invitees_tx(struct app *a, void *cls)
{
	struct invitees_run *r = cls;
	struct store *s = a->store;
	invitees_clear(r);
	int rc = s->ops->iterate_invitations(s, r->id, NULL, copy_invitee, r);
	for (size_t i = 0; rc >= 0 && i < r->n; i++) {
		char oid[24];
		snprintf(oid, sizeof oid, "%lld", (long long)r->v[i].iv.inv.id);
		rc = app_audit(a, "read_person", "invitation", oid, r->purpose);
	}
	return rc < 0 ? rc : STORE_ONE;
}

int app_meeting_invitees(struct app *a, int64_t meeting_id, const char *purpose, invitee_cb cb,
			 void *cls, char *err, size_t errcap)
{
	struct store_meeting sm;
	int rc = meeting_load(a, meeting_id, &sm, err, errcap);
	if (rc != APP_OK)
		return rc;
	if (!purpose || !*purpose) {
		snprintf(err, errcap, "a purpose is required to read the invitees");
		return APP_INVALID;
	}
	struct invitees_run r = {.id = meeting_id, .purpose = purpose};
	int status = APP_OK;
	if (app_tx(a, invitees_tx, &r) < 0) {
		snprintf(err, errcap, "database: %s", a->store->errmsg);
		status = APP_FAIL;
	}
	for (size_t i = 0; status == APP_OK && i < r.n; i++) {
		const struct store_invitee *s = &r.v[i].iv;
		struct invitee iv = {
			.invitation_id = s->inv.id,
			.route_id = s->inv.route_id,
			.given_names = s->given_names,
			.family_name = s->family_name,
			.postcode = s->postcode,
			.house_number = s->house_number,
			.gemeente = s->inv.gemeente,
			.language = s->language,
			.variant = s->inv.variant,
			.response = s->inv.response,
			.attended = s->inv.attended_at != 0,
		};
		rsvp_code_make(&a->keys, meeting_id, s->inv.route_id, iv.code);
		rc = cb(cls, &iv);
		sodium_memzero(iv.code, sizeof iv.code);
		if (rc != 0) {
			snprintf(err, errcap, "stopped at invitation %lld", (long long)s->inv.id);
			status = APP_FAIL;
		}
	}
	invitees_clear(&r);
	free(r.v);
	return status;
}
