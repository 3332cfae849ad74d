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
 * written), APP_FAIL (something broke, nothing written); messages in err.
 * For a request (a->who set) the use cases below that act on meetings
 * first decide with access_decide() (meeting_access.c; the rules in
 * app/access.h): APP_NOT_FOUND when there is no such meeting, APP_DENIED
 * when the caller may not (the denial audited). The command line may do
 * everything and keeps APP_INVALID for an unknown meeting. */
#ifndef OVERSTAP_APP_MEETING_H
#define OVERSTAP_APP_MEETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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
	enum store_response response;    /* the answer so far */
	bool attended;                   /* attendance registered */
};

typedef int (*invitee_cb)(void *cls, const struct invitee *iv);

/* Hands every invitation of the meeting to cb, ordered by invitation id;
 * each person read is audited with purpose. cb returns 0 to go on. */
int app_meeting_invitees(struct app *a, int64_t meeting_id, const char *purpose, invitee_cb cb,
			 void *cls, char *err, size_t errcap);

/* ---- added by the meetings work (issue 5 sections 3 and 4) ---- */

#define MEETING_DURATION (2 * 3600) /* seconds; the ICS end is start + this */
#define MEETING_CAPACITY_MAX 100000
#define MEETING_CONSENT_PURPOSE "max-ww-warme-overdracht"
#define MEETING_CONSENT_MONTHS 6 /* a consent expires this long after the meeting */

/* "planned" / "cancelled". */
const char *meeting_status_name(enum meeting_status st);

/* Creates a meeting from m (id and status are ignored; seed 0 draws a
 * random seed): checks the organiser, target municipality, presenters,
 * location, capacity (1..MEETING_CAPACITY_MAX), range and expected range.
 * Sets m->id. The seed used is put in *seed (may be NULL). */
int app_meeting_add(struct app *a, struct meeting *m, uint64_t seed, uint64_t *seed_used, char *err,
		    size_t errcap);

typedef int (*meeting_cb)(void *cls, const struct meeting *m);

/* Meetings organised by or targeting org (NULL: all) starting in
 * [from_at, to_at], by start. */
int app_meeting_list(struct app *a, const char *org, int64_t from_at, int64_t to_at, meeting_cb cb,
		     void *cls, char *err, size_t errcap);

/* Invites every targeted route not yet invited; *created is how many
 * invitations were made (0 when run again). A cancelled meeting: APP_INVALID. */
int app_meeting_invite(struct app *a, int64_t id, long *created, char *err, size_t errcap);

/* Cancels the meeting (a meeting_cancelled event, the notice, on every
 * invitee's route) or moves it to new_at and/or new_location (NULL: keep;
 * a meeting_moved event each). *notices is the number of events written.
 * Cancelling a cancelled meeting changes nothing (APP_OK, 0 notices);
 * moving one is APP_INVALID. */
int app_meeting_cancel(struct app *a, int64_t id, const char *reason, long *notices, char *err,
		       size_t errcap);
int app_meeting_move(struct app *a, int64_t id, int64_t new_at, const char *new_location,
		     long *notices, char *err, size_t errcap);

/* The meeting as an iCalendar file (render/ics.h): caller frees *text. */
int app_meeting_ics(struct app *a, int64_t id, char **text, size_t *len, char *err, size_t errcap);

/* ---- attendance ---- */

struct attendance_opts {
	const char *path; /* CSV with a bsn and/or code column */
	FILE *problems;   /* "FILE:LINE: field: reason" */
};

struct attendance_report {
	long rows;       /* data rows read */
	long registered; /* invitations newly marked attended */
	long already;    /* rows for invitations already marked */
	long no_shows;   /* no_show events written */
	long problems;
};

/* Registers attendance from a CSV with a `bsn` or a `code` (RSVP code)
 * column (or both: a row uses its bsn when given). All or nothing: any row
 * that is malformed or names nobody invited to this meeting is reported and
 * nothing is registered (APP_INVALID). Only for a meeting that has started
 * and is not cancelled. Then every invitee who did not decline and is
 * neither attended nor already marked stays away: a no_show event. A later
 * list may still mark a no-show as attended; attended wins in the funnel. */
int app_meeting_attendance(struct app *a, int64_t id, const struct attendance_opts *o,
			   struct attendance_report *rep, char *err, size_t errcap);

/* One entry of an attendance list (the API): an invitation id, or an RSVP
 * code as typed (code not NULL). */
struct attendance_entry {
	int64_t invitation_id;
	const char *code;
};

#define ATTENDANCE_LIST_MAX 5000 /* entries in one list */

/* Told of each entry that is malformed or names nobody invited: its index
 * in the list and the reason. */
typedef void (*attendance_problem_cb)(void *cls, long index, const char *reason);

/* The same as app_meeting_attendance() for a list of 1..ATTENDANCE_LIST_MAX
 * entries instead of a CSV: all or nothing, every bad entry told to cb
 * (APP_INVALID); then the no-shows as there. */
int app_meeting_attendance_list(struct app *a, int64_t id, const struct attendance_entry *e,
				size_t n, attendance_problem_cb cb, void *cls,
				struct attendance_report *rep, char *err, size_t errcap);

/* ---- RSVP (the public page) ---- */

enum rsvp_result {
	RSVP_OK,        /* done (or the same answer again: nothing changed) */
	RSVP_UNKNOWN,   /* not a code, or no invitation has it */
	RSVP_EXPIRED,   /* the meeting has started: the code no longer works */
	RSVP_CANCELLED, /* the meeting was cancelled */
	RSVP_USED,      /* answered already, with the other answer */
};

const char *rsvp_result_name(enum rsvp_result r);

/* What the RSVP page shows: only the first name and the meeting. */
struct rsvp_view {
	char first_name[64];
	struct meeting meeting;
	enum store_response response; /* the answer so far */
	bool consent;                 /* consent recorded for this route */
};

/* Looks up a code as typed (app/rsvp_code.h normalises it). APP_OK with
 * *res; view filled for every result but RSVP_UNKNOWN. The read is
 * audited. */
int app_rsvp_lookup(struct app *a, const char *code, enum rsvp_result *res, struct rsvp_view *view,
		    char *err, size_t errcap);

/* Answers once: accept (waitlisted when the meeting is full) or decline,
 * and, when consent is true, records the consent "the municipality may
 * contact me" (from the route's UWV team to the target municipality, purpose
 * MEETING_CONSENT_PURPOSE, expiring MEETING_CONSENT_MONTHS after the
 * meeting). The same answer again is RSVP_OK and changes nothing but a
 * consent not given before. APP_OK with *res (and view for every result
 * but RSVP_UNKNOWN). */
int app_rsvp_answer(struct app *a, const char *code, bool accept, bool consent,
		    enum rsvp_result *res, struct rsvp_view *view, char *err, size_t errcap);

/* The consent given at the RSVP of a meeting starting at `at` holds until
 * the end of *last_day (Dutch time: MEETING_CONSENT_MONTHS after the
 * meeting's day); *ends_at is that moment in UTC seconds. -1 when at is out
 * of range. */
int meeting_consent_expiry(int64_t at, cdate *last_day, int64_t *ends_at);

/* Codes nobody has that one client address may try before the throttle
 * (app/throttle.h: 30 s, doubling, forgotten a day after the last one). */
#define RSVP_IP_FREE 10

/* What the public RSVP page asks: a look-up, or an answer. */
struct rsvp_request {
	const char *ip;   /* the client address (web/clientip.h), the throttle's key */
	const char *code; /* as typed or as in the link; never logged */
	bool answer;      /* false: only look up */
	bool accept, consent;
};

/* app_rsvp_lookup or app_rsvp_answer for the public page, throttled per
 * client address: while q->ip is locked nothing is looked up and
 * *retry_after is the seconds to wait (> 0), otherwise 0. Every
 * RSVP_UNKNOWN counts one failure of the address. A text that cannot be a
 * code takes the same path as a code nobody has (through the store). */
int app_rsvp_public(struct app *a, const struct rsvp_request *q, int64_t *retry_after,
		    enum rsvp_result *res, struct rsvp_view *view, char *err, size_t errcap);

/* ---- the funnel ---- */

/* A proportion with its 95% Wilson interval (core/wilson.h). */
struct funnel_rate {
	double rate, low, high; /* rate 0 and [0, 1] when nothing was invited */
};

/* Counted per invitation from the meeting's events: invited (an invited
 * event), answered (accepted, declined or waitlisted as the last answer),
 * attended (an attended event), no_show (a no_show event and no attended
 * one), consents (a consent_given event). Rates are over invited. */
struct funnel_counts {
	int64_t invited, answered, accepted, declined, waitlisted, attended, no_show, consents;
	struct funnel_rate response, acceptance, attendance, consent;
};

struct funnel_group {
	char key[GEMEENTE_CODE_SIZE]; /* municipality code, or "A" / "B" */
	struct funnel_counts c;
};

struct meeting_funnel {
	struct meeting m;
	bool past; /* the meeting has started */
	struct funnel_counts total;
	struct funnel_group *by_gemeente; /* ordered by code */
	size_t n_gemeente;
	struct funnel_group by_variant[2]; /* A and B; only when m.variants == 2 */
};

/* The funnel of one meeting; free with meeting_funnel_free(). */
int app_meeting_funnel(struct app *a, int64_t id, struct meeting_funnel *out, char *err,
		       size_t errcap);
void meeting_funnel_free(struct meeting_funnel *f);

/* The funnels of the meetings organised by or targeting org (NULL: all)
 * on the Dutch civil days [*from, *to]
 * (NULL: no bound), by start. Free with meeting_funnels_free(). */
int app_report_meetings(struct app *a, const char *org, const cdate *from, const cdate *to,
			struct meeting_funnel **out, size_t *n, char *err, size_t errcap);
void meeting_funnels_free(struct meeting_funnel *f, size_t n);

/* ---- the staff pages (/bijeenkomsten) ---- */

/* Reads meeting id for a->who when they may manage it (access_decide,
 * ACCESS_MANAGE_MEETING; the command line may): APP_OK, APP_NOT_FOUND (no
 * such meeting), APP_DENIED (audited as a denial on "meeting" id) or
 * APP_FAIL. The staff pages call it before they show a meeting, its funnel
 * or its invitees; attendance from the checkbox list is
 * app_meeting_attendance_list with invitation ids. */
int app_meeting_open(struct app *a, int64_t id, struct meeting *out, char *err, size_t errcap);

#endif
