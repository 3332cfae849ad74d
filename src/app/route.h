/* A route's detail and its events, and what staff add to a route (issue 4,
 * sections 2 and 4): every read and write decided by access_decide() and
 * audited in the same transaction, so the audit event is durable before
 * the data leaves. Consent records (migration 0005) are here too: they are
 * what lets a municipality see a route.
 *
 * Return values: APP_OK; APP_NOT_FOUND (no such route); APP_DENIED (the
 * denial is audited, nothing else happened); APP_INVALID (the input was
 * wrong, message in err); APP_FAIL (the store failed, message in err). */
#ifndef OVERSTAP_APP_ROUTE_H
#define OVERSTAP_APP_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/access.h"
#include "app/app.h"

#define ROUTE_NOTE_MAX 2000  /* bytes of a note */
#define ROUTE_EVENTS_MAX 200 /* events handed out per read */

/* The phases a route can be put in, in their usual order; NULL-terminated. */
extern const char *const route_phases[];
bool route_phase_valid(const char *phase);

/* Called with the route (borrowed until it returns) once access is
 * allowed, then ev_cb once per event. Both may be called again when the
 * transaction is retried: route_cb then starts over. They return 0 to go
 * on. */
struct route_read {
	int (*route_cb)(void *cls, const struct store_route_view *v);
	int (*event_cb)(void *cls, const struct store_event_row *e);
	void *cls;
	int64_t after_event; /* events with id > after_event */
	int64_t limit;       /* at most this many (1..ROUTE_EVENTS_MAX) */
};

/* Reads route id for a->who (the command line when NULL): one store read for
 * the route with its person, benefit and consent, one for its events, and
 * the audit event "read_route", in one transaction. */
int app_route_get(struct app *a, int64_t id, const struct route_read *rd, char *err, size_t errcap);

/* What staff add to a route: a note (text), or a phase change (phase). */
struct route_change {
	const char *note;  /* NULL, or 1..ROUTE_NOTE_MAX bytes */
	const char *phase; /* NULL, or one of route_phases */
};

/* Adds a note event ("note", data {"text": ...}) or changes the phase (event
 * "phase_changed", data {"from": ..., "to": ...}) of route id, audited as
 * "write_route". *event_kind gets the kind of the event written (static). */
int app_route_change(struct app *a, int64_t id, const struct route_change *c,
		     const char **event_kind, char *err, size_t errcap);

/* A consent to record. */
struct consent_in {
	int64_t route_id;    /* whose person consents; the route's owner is from_org */
	const char *to_org;  /* a municipality; NULL: the route's municipality */
	const char *purpose; /* 1..STORE_PURPOSE_MAX bytes */
	int64_t given_at;    /* UTC seconds; 0: now */
	int64_t expires_at;  /* 0: no expiry; else after given_at */
	const char *source;  /* "api", "rsvp", ...: 1..STORE_SOURCE_MAX bytes */
};

/* Records a consent of the person of in->route_id for the route's owning UWV
 * team to hand their data to in->to_org, decided for a->who (ACCESS_ADD_CONSENT
 * on the owner) and audited as "add_consent". Sets *consent_id. The meeting
 * RSVP calls it on the command line's principal (a->who NULL), outside a
 * transaction of its own (it runs app_tx itself). */
int app_consent_add(struct app *a, const struct consent_in *in, int64_t *consent_id, char *err,
		    size_t errcap);

/* Looks a person up by BSN (9 digits, or 8 with the leading zero dropped)
 * for a->who: ACCESS_SEARCH_PERSON for the caller, then ACCESS_READ_PERSON
 * for the person found (the owning UWV team, or a municipality with their
 * consent). Sets *person_id and *route_id (their newest route, 0 when
 * none). APP_NOT_FOUND both when there is no such person and when the
 * person is not visible to the caller (the latter audited as a denial), so
 * the answer never tells whether someone is known; APP_DENIED when the
 * caller's role may search no one; APP_INVALID for a malformed BSN. The
 * read is audited as "search_person" on the person; the BSN itself is
 * never logged or audited. */
int app_person_find(struct app *a, const char *bsn, int64_t *person_id, int64_t *route_id,
		    char *err, size_t errcap);

/* The staff accounts of organisation org for a->who (ACCESS_READ_USERS:
 * beheer of that organisation), with id > after, at most limit, to cb;
 * audited as "read_users". APP_OK, APP_DENIED or APP_FAIL. */
int app_user_list(struct app *a, const char *org, int64_t after, int64_t limit, store_user_cb cb,
		  void *cls, char *err, size_t errcap);

/* Whether a->who may do act on o; a denial is audited (object_type,
 * object_id) and gives APP_DENIED, else APP_OK (APP_FAIL when the audit
 * fails). For actions on no personal data (organisations). */
int app_allowed(struct app *a, enum access_action act, const struct access_object *o,
		const char *object_type, const char *object_id);

/* Reads WW benefit id for a->who (ACCESS_READ_PERSON on its person: the
 * owning team, or the person's municipality with consent), hands it to cb
 * (which returns 0 to go on; called again when the transaction is retried)
 * and audits "read_benefit", in one transaction. */
int app_benefit_get(struct app *a, int64_t id, store_benefit_view_cb cb, void *cls, char *err,
		    size_t errcap);

#endif
