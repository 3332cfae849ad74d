/* Information meetings of the Max-WW route (issue 5, sections 3 and 4):
 * meetings, invitations, RSVP, attendance and the funnel.
 *
 * A meeting is organised by one organisation for the routes of one target
 * municipality whose WW ends in [ww_end_from, ww_end_to]. Inviting creates
 * one invitation per targeted route not yet invited (idempotent); each
 * invitation has an RSVP code, unguessable and printable on a letter, and,
 * when the meeting has two letter variants, a variant assigned at random
 * from a seed recorded with the meeting.
 *
 * Every step (invited, answered, consent, attended, stayed away, letter
 * made) is an event; the funnel is computed from the events, never stored
 * as totals. Reads of personal data are audited (app_audit).
 *
 * Return values: APP_OK, APP_INVALID (the input was wrong, nothing
 * written), APP_FAIL (something broke, nothing written); messages in err. */
#ifndef OVERSTAP_APP_MEETING_H
#define OVERSTAP_APP_MEETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

#define MEETING_LOCATION_MAX 200 /* bytes */
#define MEETING_CODE_LEN 10      /* characters of an RSVP code */
#define MEETING_MAX_PRESENTERS 4

enum meeting_status { MEETING_PLANNED, MEETING_CANCELLED };

struct meeting {
	int64_t id;
	char org[STORE_ORG_CODE_MAX + 1]; /* organiser */
	int64_t at;                       /* start, UTC seconds */
	char location[MEETING_LOCATION_MAX + 1];
	int capacity;
	char target[GEMEENTE_CODE_SIZE]; /* municipality whose routes are invited */
	cdate ww_end_from, ww_end_to;
	int variants; /* 1: one letter; 2: variants A and B */
	enum meeting_status status;
	/* organisations presenting (UWV, municipality, partner) */
	char presenters[MEETING_MAX_PRESENTERS][STORE_ORG_CODE_MAX + 1];
	int n_presenters;
	/* expected turnout range in percent, 0/0 when not set (e.g. 25..50) */
	int expect_low, expect_high;
};

/* Reads a meeting. APP_OK, APP_INVALID (no such meeting) or APP_FAIL. */
int app_meeting_get(struct app *a, int64_t id, struct meeting *out, char *err, size_t errcap);

/* One invitee of a meeting, as a letter needs it. Text is borrowed until
 * the callback returns. */
struct invitee {
	int64_t invitation_id;
	int64_t route_id;
	const char *given_names;
	const char *family_name;
	const char *postcode;
	const char *house_number;
	const char *gemeente;            /* GMxxxx of residence */
	const char *language;            /* "nl", "en", or "" when unknown */
	char variant;                    /* 'A' or 'B' */
	char code[MEETING_CODE_LEN + 1]; /* the RSVP code */
};

typedef int (*invitee_cb)(void *cls, const struct invitee *iv);

/* Hands every invitation of the meeting to cb, ordered by invitation id;
 * each person read is audited with purpose. cb returns 0 to go on. */
int app_meeting_invitees(struct app *a, int64_t meeting_id, const char *purpose, invitee_cb cb,
			 void *cls, char *err, size_t errcap);

#endif
