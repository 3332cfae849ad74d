/* The handlers the route table (router.c) names; one file per endpoint:
 *   api_healthz.c   GET /healthz
 *   api_metrics.c   GET /metrics
 *   api_openapi.c   GET /api/v1/openapi.json
 *   api_route_get.c          GET  /api/v1/routes/{id}
 *   api_route_events_post.c  POST /api/v1/routes/{id}/events
 *   api_consents_post.c      POST /api/v1/consents
 *   api_organisations.c      GET  /api/v1/organisations, /api/v1/organisations/{code}
 *   api_users.c              GET  /api/v1/users
 *   api_persons_zoek.c       POST /api/v1/persons/_zoek
 *   api_signal_runs.c        POST /api/v1/signal-runs
 *   api_imports_post.c       POST /api/v1/imports
 *   api_ww_benefits.c        GET  /api/v1/ww-benefits/{id}
 *   api_meetings.c           GET, POST /api/v1/meetings; GET /api/v1/meetings/{id}
 *   api_meeting_actions.c    POST /api/v1/meetings/{id}/invitations, cancellation,
 *                            move, attendance
 *   api_meeting_funnel.c     GET  /api/v1/meetings/{id}/funnel, .../meeting.ics,
 *                            /api/v1/reports/meetings
 * (api_common.c: what they share; api_doc.c: their inputs for OpenAPI.)
 * A handler queues one reply (req_reply*, reply_problem) and returns its
 * MHD_Result. */
#ifndef OVERSTAP_WEB_API_H
#define OVERSTAP_WEB_API_H

#include <stdbool.h>

#include <jansson.h>
#include <stdint.h>

#include "core/date.h"
#include "web/req.h"

int api_healthz(struct req *r);
int api_metrics(struct req *r);
int api_openapi(struct req *r);

/* Builds the OpenAPI 3.1 document for table[0..n) as JSON (compact, or
 * indented when pretty). Returns a string the caller frees with free(), or
 * NULL when out of memory or when a row's doc does not fit it: a body
 * route (max_body > 0) without a doc body or upload, a body or upload
 * documented on a route that takes none or both, a query field with an
 * empty or overlong name, or a reply schema (or one it refers to) that
 * api_doc_schemas() lacks. */
char *api_openapi_build(const struct route *table, size_t n, bool pretty, size_t *len);

int api_route_get(struct req *r);
int api_route_events_post(struct req *r);
int api_consents_post(struct req *r);
int api_organisations_list(struct req *r);
int api_organisations_get(struct req *r);
int api_users_list(struct req *r);
int api_persons_zoek(struct req *r);
int api_signal_runs_post(struct req *r);
int api_imports_post(struct req *r);
int api_ww_benefits_get(struct req *r);
int api_routes_list(struct req *r);
int api_meetings_list(struct req *r);
int api_meetings_post(struct req *r);
int api_meetings_get(struct req *r);
int api_meeting_invitations_post(struct req *r);
int api_meeting_cancellation_post(struct req *r);
int api_meeting_move_post(struct req *r);
int api_meeting_attendance_post(struct req *r);
int api_meeting_funnel_get(struct req *r);
int api_meeting_ics_get(struct req *r);
int api_meetings_report_get(struct req *r);

/* ---- shared by the handlers (api_common.c) ---- */

struct input_spec;
struct input_value;
struct input_problems;

/* Queues j (stolen) as application/json with status. */
int reply_json(struct req *r, unsigned status, json_t *j);
/* 404 problem. */
int reply_not_found(struct req *r);
/* The reply for an app status other than APP_OK (404, 403, 400, 500). */
int reply_app_status(struct req *r, int app_status, const char *err);

/* The {name} path parameter as a positive id, or -1. */
int64_t req_param_id(struct req *r, const char *name);

/* Checks the query string against spec into vals (spec->n of them).
 * Returns 0, or -1 with the problems in pr. */
int req_query_input(struct req *r, const struct input_spec *spec, struct input_value *vals,
		    struct input_problems *pr);
/* Checks the body (JSON) against spec. Returns the document (caller frees
 * with json_decref), or NULL with the problems in pr. A Content-Type other
 * than application/json is a problem too. */
json_t *req_body_input(struct req *r, const struct input_spec *spec, struct input_value *vals,
		       struct input_problems *pr);

/* "2026-11-30T09:00:00Z" for UTC seconds t into out (21 bytes). */
void api_format_moment(int64_t t, char out[21]);
/* "2026-11-30" as a new JSON string. */
json_t *api_json_date(cdate d);

struct meeting;
/* A meeting as the API shows it (camelCase, links), a new object or NULL
 * (api_meetings.c). */
json_t *api_meeting_json(const struct meeting *m);

/* What the OpenAPI document says of a route beyond its row: its query
 * parameters, its body and its success reply. A row of the route table
 * points at one (router.h: the doc column); the specs are the ones the
 * handler checks its input with, so the document and the checks cannot
 * drift apart. */
struct api_doc {
	const struct input_spec *query; /* query parameters, or NULL */
	const struct input_spec *body;  /* members of a JSON object body, or NULL */
	unsigned success;               /* the success status; 0: 200 (204: no content) */
	const char *upload;             /* media type of a raw (non-JSON) body, or NULL */
	const char *reply; /* the success reply's schema in api_doc_schemas(), or NULL */
};
/* The reply schemas the docs name, as a new JSON object (caller decrefs),
 * or NULL when out of memory. One schema may refer to another with
 * "$ref": "#/components/schemas/NAME". */
json_t *api_doc_schemas(void);

/* The docs of the server's routes (api_doc.c), by route name. */
extern const struct api_doc api_doc_route_get;
extern const struct api_doc api_doc_route_event_add;
extern const struct api_doc api_doc_persons_zoek;
extern const struct api_doc api_doc_organisations_list;
extern const struct api_doc api_doc_organisation_get;
extern const struct api_doc api_doc_users_list;
extern const struct api_doc api_doc_consent_add;
extern const struct api_doc api_doc_signal_run;
extern const struct api_doc api_doc_import_add;
extern const struct api_doc api_doc_ww_benefit_get;
extern const struct api_doc api_doc_routes_list;
extern const struct api_doc api_doc_meetings_list;
extern const struct api_doc api_doc_meeting_add;
extern const struct api_doc api_doc_meeting_get;
extern const struct api_doc api_doc_meeting_invite;
extern const struct api_doc api_doc_meeting_cancel;
extern const struct api_doc api_doc_meeting_move;
extern const struct api_doc api_doc_meeting_attendance;
extern const struct api_doc api_doc_meeting_funnel;
extern const struct api_doc api_doc_meeting_ics;
extern const struct api_doc api_doc_meetings_report;

/* Specs of the handlers' inputs (defined in their files). */
extern const struct input_spec api_route_get_query;
extern const struct input_spec api_route_event_body;
extern const struct input_spec api_consent_body;
extern const struct input_spec api_organisations_query;
extern const struct input_spec api_users_query;
extern const struct input_spec api_routes_list_query;
extern const struct input_spec api_persons_zoek_body;
extern const struct input_spec api_signal_run_body;
extern const struct input_spec api_meetings_query;
extern const struct input_spec api_meeting_body;
extern const struct input_spec api_meeting_cancel_body;
extern const struct input_spec api_meeting_move_body;
extern const struct input_spec api_meeting_attendance_body;
extern const struct input_spec api_meetings_report_query;

#endif
