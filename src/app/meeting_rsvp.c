/* RSVP by the resident (app/meeting.h): look a code up, answer once, and
 * the optional consent "the municipality may contact me". */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/meeting_int.h"
#include "app/rsvp_code.h"
#include "app/throttle.h"
#include "core/nltime.h"

static const char *const result_names[] = {
	[RSVP_OK] = "ok",           [RSVP_UNKNOWN] = "unknown",
	[RSVP_EXPIRED] = "expired", [RSVP_CANCELLED] = "cancelled",
	[RSVP_USED] = "used",
};

const char *rsvp_result_name(enum rsvp_result r)
{
	return (unsigned)r < sizeof result_names / sizeof result_names[0] ? result_names[r] : "?";
}

struct rsvp_run {
	unsigned char idx[STORE_CODE_INDEX_SIZE];
	bool answer, accept, consent;
	const char *ip;       /* the public page: throttle by this address */
	int64_t locked_until; /* the address was locked: nothing looked up */
	enum rsvp_result res;
	struct rsvp_view *view;
	bool found;
	struct store_invitation inv;
	char route_org[STORE_ORG_CODE_MAX + 1];
	int64_t person_id;
	char first_name[64];
};

static int found_one(void *cls, const struct store_invitee *iv)
{
	struct rsvp_run *r = cls;
	r->found = true;
	r->inv = iv->inv;
	snprintf(r->route_org, sizeof r->route_org, "%s", iv->route_org);
	r->person_id = iv->person_id;
	/* The first of the given names, and nothing else of the person. */
	size_t n = strcspn(iv->given_names, " ");
	if (n >= sizeof r->first_name)
		n = sizeof r->first_name - 1;
	memcpy(r->first_name, iv->given_names, n);
	r->first_name[n] = '\0';
	return 0;
}

int meeting_consent_expiry(int64_t at, cdate *last_day, int64_t *ends_at)
{
	cdate day;
	int hh, mm, off;
	if (nltime_from_utc(at, &day, &hh, &mm, &off) != 0)
		return -1;
	*last_day = date_add_months(day, MEETING_CONSENT_MONTHS);
	return nltime_to_utc(*last_day + 1, 0, 0, ends_at) != 0 ? -1 : 0;
}

/* The one place a consent is recorded: a consent record (migration 0005)
 * from the UWV team that owns the route to the meeting's municipality, for
 * MEETING_CONSENT_PURPOSE, expiring MEETING_CONSENT_MONTHS after the
 * meeting (at the end of that day, Dutch time), and the consent_given event
 * the funnel counts; both in the RSVP's transaction. */
static int record_consent(struct app *a, const struct store_meeting *sm, const struct rsvp_run *r,
			  int64_t now)
{
	cdate last;
	char expires[DATE_ISO_SIZE];
	int64_t expires_at;
	if (meeting_consent_expiry(sm->at, &last, &expires_at) != 0)
		return STORE_HARD;
	date_format_iso(last, expires);
	struct store_consent c = {
		.person_id = r->person_id,
		.from_org = r->route_org,
		.to_org = sm->target,
		.purpose = MEETING_CONSENT_PURPOSE,
		.given_at = now,
		.expires_at = expires_at,
		.source = "rsvp",
		.actor = a->actor,
	};
	int rc = a->store->ops->insert_consent(a->store, &c);
	if (rc < 0)
		return rc;
	json_t *d = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s}", "meeting", (json_int_t)sm->id,
			      "invitation", (json_int_t)r->inv.id, "consent", (json_int_t)c.id,
			      "from_org", r->route_org, "to_org", sm->target, "purpose",
			      MEETING_CONSENT_PURPOSE, "expires", expires);
	char *data = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	if (!data)
		return STORE_HARD;
	rc = meeting_event(a, sm->id, r->inv.route_id, now, "consent_given", data);
	free(data);
	return rc;
}

static bool same_answer(enum store_response cur, bool accept)
{
	return accept ? cur == RESPONSE_ACCEPTED || cur == RESPONSE_WAITLISTED
		      : cur == RESPONSE_DECLINED;
}

static int answer(struct app *a, struct rsvp_run *r, const struct store_meeting *sm, int64_t now)
{
	struct store *s = a->store;
	int rc;
	if (r->inv.response != RESPONSE_NONE && !same_answer(r->inv.response, r->accept)) {
		r->res = RSVP_USED;
		return STORE_ONE;
	}
	if (r->inv.response == RESPONSE_NONE) {
		enum store_response resp = RESPONSE_DECLINED;
		const char *kind = "rsvp_declined";
		if (r->accept) {
			int64_t accepted = 0;
			rc = s->ops->count_responses(s, sm->id, RESPONSE_ACCEPTED, &accepted);
			if (rc < 0)
				return rc;
			bool full = accepted >= sm->capacity;
			resp = full ? RESPONSE_WAITLISTED : RESPONSE_ACCEPTED;
			kind = full ? "waitlisted" : "rsvp_accepted";
		}
		r->inv.response = resp;
		r->inv.responded_at = now;
		char data[96];
		snprintf(data, sizeof data, "{\"meeting\":%lld,\"invitation\":%lld}",
			 (long long)sm->id, (long long)r->inv.id);
		if ((rc = s->ops->update_invitation(s, &r->inv)) < 0 ||
		    (rc = meeting_event(a, sm->id, r->inv.route_id, now, kind, data)) < 0)
			return rc;
	}
	int64_t consents = 0;
	rc = s->ops->count_events(s, r->inv.route_id, "consent_given", &consents);
	if (rc < 0)
		return rc;
	if (r->consent && consents == 0) {
		rc = record_consent(a, sm, r, now);
		if (rc < 0)
			return rc;
		consents = 1;
	}
	r->view->consent = consents > 0;
	r->res = RSVP_OK;
	return STORE_ONE;
}

static int rsvp_tx(struct app *a, void *cls)
{
	struct rsvp_run *r = cls;
	struct store *s = a->store;
	struct store_meeting sm;
	unsigned char key[STORE_HASH_SIZE];
	const unsigned char *const keys[1] = {key};
	int64_t now = app_now();
	int rc;
	r->found = false;
	r->res = RSVP_UNKNOWN;
	r->locked_until = 0;
	if (r->ip) {
		throttle_key("rsvp-ip", r->ip, key);
		if ((rc = throttle_until(s, keys, 1, now, &r->locked_until)) < 0 ||
		    r->locked_until > 0)
			return rc;
	}
	rc = s->ops->iterate_invitations(s, 0, r->idx, found_one, r);
	if (rc < 0)
		return rc;
	if (!r->found)
		return r->ip ? throttle_fail(s, key, RSVP_IP_FREE, now) : STORE_ONE;
	rc = s->ops->get_meeting(s, r->inv.meeting_id, &sm);
	if (rc <= 0)
		return rc < 0 ? rc : STORE_HARD;
	if (sm.cancelled)
		r->res = RSVP_CANCELLED;
	else if (now >= sm.at)
		r->res = RSVP_EXPIRED;
	else if (r->answer)
		rc = answer(a, r, &sm, now);
	else
		r->res = RSVP_OK;
	if (rc < 0)
		return rc;
	meeting_from_store(&sm, &r->view->meeting);
	snprintf(r->view->first_name, sizeof r->view->first_name, "%s", r->first_name);
	r->view->response = r->inv.response;
	if (r->res != RSVP_OK || !r->answer) {
		int64_t consents = 0;
		rc = s->ops->count_events(s, r->inv.route_id, "consent_given", &consents);
		if (rc < 0)
			return rc;
		r->view->consent = consents > 0;
	}
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)r->inv.id);
	return app_audit(a, r->answer ? "rsvp_answer" : "read_person", "invitation", oid,
			 "rsvp: the invitee's own answer");
}

/* A text that cannot be a code goes the same way as a code nobody has:
 * through the store (and the throttle) with a random index that matches
 * nothing. */
static int run_rsvp(struct app *a, const char *code, struct rsvp_run *r, char *err, size_t errcap)
{
	char norm[MEETING_CODE_LEN + 1];
	memset(r->view, 0, sizeof *r->view);
	if (rsvp_code_normalise(code ? code : "", norm) == 0)
		rsvp_code_index(&a->keys, norm, r->idx);
	else
		randombytes_buf(r->idx, sizeof r->idx);
	sodium_memzero(norm, sizeof norm);
	if (app_tx(a, rsvp_tx, r) < 0) {
		snprintf(err, errcap, "database: %s", a->store->errmsg);
		return APP_FAIL;
	}
	return APP_OK;
}

int app_rsvp_lookup(struct app *a, const char *code, enum rsvp_result *res, struct rsvp_view *view,
		    char *err, size_t errcap)
{
	struct rsvp_run r = {.view = view};
	int rc = run_rsvp(a, code, &r, err, errcap);
	*res = r.res;
	return rc;
}

int app_rsvp_answer(struct app *a, const char *code, bool accept, bool consent,
		    enum rsvp_result *res, struct rsvp_view *view, char *err, size_t errcap)
{
	struct rsvp_run r = {.view = view, .answer = true, .accept = accept, .consent = consent};
	int rc = run_rsvp(a, code, &r, err, errcap);
	*res = r.res;
	return rc;
}

int app_rsvp_public(struct app *a, const struct rsvp_request *q, int64_t *retry_after,
		    enum rsvp_result *res, struct rsvp_view *view, char *err, size_t errcap)
{
	struct rsvp_run r = {.view = view,
			     .ip = q->ip ? q->ip : "",
			     .answer = q->answer,
			     .accept = q->accept,
			     .consent = q->consent};
	int rc = run_rsvp(a, q->code, &r, err, errcap);
	*res = r.res;
	*retry_after = r.locked_until > 0 ? r.locked_until - app_now() : 0;
	if (r.locked_until > 0 && *retry_after < 1)
		*retry_after = 1;
	return rc;
}
