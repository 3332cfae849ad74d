/* Internal to the meeting use cases (meeting*.c): shared helpers. */
#ifndef OVERSTAP_APP_MEETING_INT_H
#define OVERSTAP_APP_MEETING_INT_H

#include "app/access.h"
#include "app/meeting.h"

/* Copies the store's row into the app's view of a meeting. */
void meeting_from_store(const struct store_meeting *sm, struct meeting *m);

/* Reads meeting id: APP_OK, APP_INVALID ("no meeting N") or APP_FAIL. */
int meeting_load(struct app *a, int64_t id, struct store_meeting *sm, char *err, size_t errcap);

/* Appends an event of kind on route_id that belongs to meeting_id, by the
 * app's actor, with data (JSON object text). Returns a store status. */
int meeting_event(struct app *a, int64_t meeting_id, int64_t route_id, int64_t at, const char *kind,
		  const char *data);

/* The letter variant of a route for a meeting: 'A', or from the meeting's
 * seed 'A' or 'B' when it has two variants. */
char meeting_variant(const struct store_meeting *sm, int64_t route_id);

/* May the app's caller (a->who; the command line always may) do act on
 * meeting id? APP_OK, APP_NOT_FOUND, APP_DENIED (the denial audited) or
 * APP_FAIL (meeting_access.c). */
int meeting_gate(struct app *a, int64_t id, enum access_action act, char *err, size_t errcap);
/* The same for an action on an organisation's meetings (list, add, report):
 * the object is {.org = org}; a denial is audited against the organisation. */
int meeting_gate_org(struct app *a, enum access_action act, const char *org, char *err,
		     size_t errcap);

#endif
