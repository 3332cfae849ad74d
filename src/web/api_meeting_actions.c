/* What the organiser's staff do with a meeting (issue 5, section 3):
 *   POST /api/v1/meetings/{id}/invitations  invite the targeted routes not yet
 *                                           invited (idempotent: 0 the second time)
 *   POST /api/v1/meetings/{id}/cancellation cancel, with an optional reason
 *   POST /api/v1/meetings/{id}/move         a new time and/or location
 *   POST /api/v1/meetings/{id}/attendance   who came: invitation ids and/or RSVP
 *                                           codes, all or nothing
 * Cancelling and moving write a notice event on every invitee's route (the
 * calendar file then says METHOD:CANCEL or has a higher SEQUENCE). The use
 * cases decide who may (access_decide: ACCESS_MANAGE_MEETING) and audit. */
#include <stdio.h>
#include <stdlib.h>

#include "app/meeting.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

/* {"meetingId": id, name: n, "_links": {"meeting": ...}} */
static int reply_count(struct req *r, int64_t id, const char *name, long n)
{
	char self[48];
	snprintf(self, sizeof self, "/api/v1/meetings/%lld", (long long)id);
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:I, s:I, s:{s:{s:s}}}", "meetingId", (json_int_t)id, name,
				    (json_int_t)n, "_links", "meeting", "href", self));
}

int api_meeting_invitations_post(struct req *r)
{
	char err[256];
	long created = 0;
	int64_t id = req_param_id(r, "id");
	if (id < 0)
		return reply_not_found(r);
	int rc = app_meeting_invite(req_app(r), id, &created, err, sizeof err);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	return reply_count(r, id, "created", created);
}

static const struct input_field cancel_fields[] = {
	{.name = "reason", .type = IN_STRING, .max_len = MEETING_LOCATION_MAX},
};
const struct input_spec api_meeting_cancel_body = {cancel_fields, 1};

static const struct input_field move_fields[] = {
	{.name = "at", .type = IN_DATETIME},
	{.name = "location", .type = IN_STRING, .max_len = MEETING_LOCATION_MAX},
};
const struct input_spec api_meeting_move_body = {move_fields, 2};

/* The change a notice announces: cancel (v: reason) or move (v: at,
 * location). Returns an app status. */
typedef int (*notice_fn)(struct app *a, int64_t id, const struct input_value *v, long *notices,
			 char *err, size_t errcap);

static int cancel(struct app *a, int64_t id, const struct input_value *v, long *notices, char *err,
		  size_t errcap)
{
	return app_meeting_cancel(a, id, v[0].present ? v[0].s : NULL, notices, err, errcap);
}

static int move(struct app *a, int64_t id, const struct input_value *v, long *notices, char *err,
		size_t errcap)
{
	return app_meeting_move(a, id, v[0].present ? v[0].i : 0, v[1].present ? v[1].s : NULL,
				notices, err, errcap);
}

/* Decodes the id and the body (spec), runs fn, replies with the notices.
 * A move without at and location is refused by the use case (400). */
static int notice_post(struct req *r, const struct input_spec *spec, notice_fn fn)
{
	struct input_value v[2];
	struct input_problems pr;
	char err[256];
	long notices = 0;
	int64_t id = req_param_id(r, "id");
	if (id < 0)
		return reply_not_found(r);
	json_t *doc = req_body_input(r, spec, v, &pr);
	if (!doc)
		return reply_invalid(r, &pr);
	int rc = fn(req_app(r), id, v, &notices, err, sizeof err);
	json_decref(doc);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	return reply_count(r, id, "notices", notices);
}

int api_meeting_cancellation_post(struct req *r)
{
	return notice_post(r, &api_meeting_cancel_body, cancel);
}

int api_meeting_move_post(struct req *r)
{
	return notice_post(r, &api_meeting_move_body, move);
}

/* ---- attendance ---- */

enum { A_IDS, A_CODES, A_N };
static const struct input_field attendance_fields[A_N] = {
	[A_IDS] = {.name = "invitationIds",
		   .type = IN_ARRAY,
		   .item = IN_INT,
		   .min = 1,
		   .max = INT64_MAX,
		   .max_items = ATTENDANCE_LIST_MAX},
	[A_CODES] = {.name = "codes",
		     .type = IN_ARRAY,
		     .item = IN_STRING,
		     .max_len = 32, /* as typed; the use case normalises and checks it */
		     .max_items = ATTENDANCE_LIST_MAX},
};
const struct input_spec api_meeting_attendance_body = {attendance_fields, A_N};

struct bad_entries {
	struct input_problems *pr;
	size_t n_ids;
};

static void on_bad_entry(void *cls, long index, const char *reason)
{
	struct bad_entries *b = cls;
	char name[INPUT_NAME_MAX + 1];
	if ((size_t)index < b->n_ids)
		snprintf(name, sizeof name, "invitationIds[%ld]", index);
	else
		snprintf(name, sizeof name, "codes[%ld]", index - (long)b->n_ids);
	input_problem_add(b->pr, name, "notInvited", "%s", reason);
}

int api_meeting_attendance_post(struct req *r)
{
	struct input_value v[A_N];
	struct input_problems pr;
	char err[256];
	int64_t id = req_param_id(r, "id");
	if (id < 0)
		return reply_not_found(r);
	json_t *doc = req_body_input(r, &api_meeting_attendance_body, v, &pr);
	if (!doc)
		return reply_invalid(r, &pr);
	size_t n_ids = v[A_IDS].present ? json_array_size(v[A_IDS].a) : 0;
	size_t n_codes = v[A_CODES].present ? json_array_size(v[A_CODES].a) : 0;
	if (n_ids + n_codes == 0 || n_ids + n_codes > ATTENDANCE_LIST_MAX) {
		json_decref(doc);
		input_problem_add(&pr, "invitationIds", "required",
				  "Geef 1 tot %d uitnodigingen of codes.", ATTENDANCE_LIST_MAX);
		return reply_invalid(r, &pr);
	}
	struct attendance_entry *e = calloc(n_ids + n_codes, sizeof *e);
	if (!e) {
		json_decref(doc);
		return reply_internal(r, "out of memory");
	}
	for (size_t i = 0; i < n_ids; i++)
		e[i].invitation_id = json_integer_value(json_array_get(v[A_IDS].a, i));
	for (size_t i = 0; i < n_codes; i++)
		e[n_ids + i].code = json_string_value(json_array_get(v[A_CODES].a, i));
	struct bad_entries bad = {&pr, n_ids};
	struct attendance_report rep;
	int rc = app_meeting_attendance_list(req_app(r), id, e, n_ids + n_codes, on_bad_entry, &bad,
					     &rep, err, sizeof err);
	free(e);
	json_decref(doc);
	if (rc == APP_INVALID && pr.total > 0)
		return reply_invalid(r, &pr);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	char self[48];
	snprintf(self, sizeof self, "/api/v1/meetings/%lld", (long long)id);
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:I, s:I, s:I, s:I, s:I, s:{s:{s:s}}}", "meetingId",
				    (json_int_t)id, "entries", (json_int_t)rep.rows, "registered",
				    (json_int_t)rep.registered, "already", (json_int_t)rep.already,
				    "noShows", (json_int_t)rep.no_shows, "_links", "meeting",
				    "href", self));
}
