/* The residents' RSVP pages (no account; app/meeting.h does the work):
 *
 *   GET  /uitnodiging                          type the code from the letter
 *   GET  /uitnodiging/{code}                   the link on the letter: the
 *        meeting and the answer form, or, once answered, the confirmation
 *   POST /uitnodiging/{code}                   the answer (double submit)
 *   GET  /uitnodiging/{code}/bijeenkomst.ics   the calendar file, accepted only
 *
 * Every look-up and answer goes through app_rsvp_public, which throttles
 * per client address; a code that cannot be one, or that nobody has, gets
 * the same "not found" page. The code is a capability in the URL; it is
 * never logged (the access log names the route only) and pages are sent
 * with Referrer-Policy no-referrer and only this server's resources. The
 * page shows the first name and the meeting, nothing else of the person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/letters.h"
#include "app/meeting.h"
#include "app/rsvp_code.h"
#include "app/templates.h"
#include "core/nltime.h"
#include "web/form.h"
#include "web/page.h"
#include "web/router.h"
#include "web/session.h"

#define RSVP_TOKEN_FIELD "rsvp_token"

static int problem(struct req *r, enum rsvp_result res, const char *code,
		   const struct rsvp_view *v);

/* One look-up or answer: true when the code works (RSVP_OK, v filled);
 * otherwise a reply is queued (*rc): the throttle's page, an error, or the
 * page for a code that does not work (code: the one in the path, or ""). */
static bool rsvp_call(struct req *r, const struct rsvp_request *q, const char *code,
		      struct rsvp_view *v, int *rc)
{
	enum rsvp_result res;
	char err[256];
	int64_t wait = 0;
	if (app_rsvp_public(req_app(r), q, &wait, &res, v, err, sizeof err) != APP_OK) {
		fprintf(stderr, "{\"log\":\"rsvp\",\"msg\":\"store failed\"}\n");
		*rc = page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
		return false;
	}
	if (wait > 0) {
		enum lang l = page_lang(r);
		char at[6], text[256];
		page_clock(app_now() + wait + 59, at); /* rounded up to the minute */
		snprintf(text, sizeof text, "%s %s.", i18n_get(l, "rsvp_throttled"), at);
		json_t *ctx = page_context(r, l, "rsvp_throttled_title", "");
		if (ctx && json_object_set_new(ctx, "message", json_string(text)) != 0) {
			json_decref(ctx);
			ctx = NULL;
		}
		*rc = page_render(r, MHD_HTTP_TOO_MANY_REQUESTS, "rsvp_problem", ctx);
		return false;
	}
	if (res != RSVP_OK) {
		*rc = problem(r, res, code, v);
		return false;
	}
	return true;
}

/* Sets key to the text of text_key (false when out of memory). */
static bool put_text(json_t *ctx, enum lang l, const char *key, const char *text_key)
{
	const char *t = i18n_get(l, text_key);
	return json_object_set_new(ctx, key, json_string(t ? t : "")) == 0;
}

/* Who to call: the organiser's name and the contact lines of its
 * letterhead, when it has them. */
static bool put_contact(struct req *r, json_t *ctx, const struct rsvp_view *v)
{
	struct app_letterhead lh;
	char err[256];
	bool ok = true;
	memset(&lh, 0, sizeof lh);
	if (app_letterhead_get(req_app(r), v->meeting.org, &lh, err, sizeof err) == APP_OK &&
	    lh.contact && lh.contact[0])
		ok = json_object_set_new(ctx, "contact",
					 json_pack("{s:s, s:s}", "name", lh.name ? lh.name : "",
						   "lines", lh.contact)) == 0;
	app_letterhead_clear(&lh);
	return ok;
}

/* The meeting as the pages show it: date, time, place, the municipality
 * and the last day of the consent. */
static json_t *meeting_json(struct req *r, enum lang l, const struct rsvp_view *v)
{
	cdate day, last;
	int hh, mm, off;
	int64_t ends;
	char date[64], time_s[8], until[64];
	if (nltime_from_utc(v->meeting.at, &day, &hh, &mm, &off) != 0 ||
	    meeting_consent_expiry(v->meeting.at, &last, &ends) != 0)
		return NULL;
	letters_long_date(day, lang_code(l), true, date, sizeof date);
	letters_long_date(last, lang_code(l), false, until, sizeof until);
	snprintf(time_s, sizeof time_s, "%02d:%02d", hh % 24, mm % 60);
	const struct gemeente *g = gemeenten_find(&req_app(r)->gemeenten, v->meeting.target);
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "date", date, "time", time_s, "location",
			 v->meeting.location, "municipality", g ? g->name : v->meeting.target,
			 "consent_until", until);
}

/* A page about one code: the code, the first name and the meeting. */
static json_t *code_context(struct req *r, enum lang l, const char *title_key, const char *code,
			    const struct rsvp_view *v)
{
	json_t *ctx = page_context(r, l, title_key, "");
	if (!ctx)
		return NULL;
	json_t *m = v ? meeting_json(r, l, v) : NULL;
	if (json_object_set_new(ctx, "code", json_string(code)) != 0 ||
	    (v && (json_object_set_new(ctx, "first_name", json_string(v->first_name)) != 0 ||
		   json_object_set_new(ctx, "meeting", m ? m : json_null()) != 0))) {
		json_decref(ctx);
		return NULL;
	}
	return ctx;
}

/* The page for a code that does not (or no longer) work; v is NULL for an
 * unknown code. */
static int problem(struct req *r, enum rsvp_result res, const char *code, const struct rsvp_view *v)
{
	enum lang l = page_lang(r);
	unsigned status = MHD_HTTP_NOT_FOUND;
	const char *title = "rsvp_unknown_title", *msg = "rsvp_unknown";
	if (res == RSVP_EXPIRED) {
		status = MHD_HTTP_GONE;
		title = "rsvp_expired_title";
		msg = "rsvp_expired";
	} else if (res == RSVP_CANCELLED) {
		status = MHD_HTTP_GONE;
		title = "rsvp_cancelled_title";
		msg = "rsvp_cancelled";
	} else if (res == RSVP_USED) {
		status = MHD_HTTP_CONFLICT;
		title = "rsvp_used_title";
		msg = v->response == RESPONSE_DECLINED ? "rsvp_used_declined"
						       : "rsvp_used_accepted";
	}
	json_t *ctx = code_context(r, l, title, code, res == RSVP_UNKNOWN ? NULL : v);
	if (ctx &&
	    (!put_text(ctx, l, "message", msg) ||
	     (res == RSVP_UNKNOWN && json_object_set_new(ctx, "try_again", json_true()) != 0) ||
	     (res != RSVP_UNKNOWN && !put_contact(r, ctx, v)))) {
		json_decref(ctx);
		ctx = NULL;
	}
	return page_render(r, status, "rsvp_problem", ctx);
}

/* The meeting with the answer form (a fresh double-submit token). */
static int answer_form(struct req *r, unsigned status, const char *code, const struct rsvp_view *v,
		       bool missing)
{
	enum lang l = page_lang(r);
	char token[FORM_TOKEN_LEN + 1];
	form_token_issue(r, rsvp_cookie_name(r), token);
	json_t *ctx = code_context(r, l, "rsvp_title", code, v);
	if (ctx && (json_object_set_new(ctx, "rsvp_token", json_string(token)) != 0 ||
		    (missing && !put_text(ctx, l, "error", "rsvp_choose")))) {
		json_decref(ctx);
		ctx = NULL;
	}
	return page_render(r, status, "rsvp", ctx);
}

/* The confirmation of the answer given. */
static int confirmation(struct req *r, const char *code, const struct rsvp_view *v)
{
	enum lang l = page_lang(r);
	json_t *ctx = code_context(r, l, "rsvp_done_title", code, v);
	if (ctx &&
	    json_object_set_new(
		    ctx, "answer",
		    json_pack("{s:b, s:b, s:b, s:b}", "accepted", v->response == RESPONSE_ACCEPTED,
			      "waitlisted", v->response == RESPONSE_WAITLISTED, "declined",
			      v->response == RESPONSE_DECLINED, "consent", v->consent)) != 0) {
		json_decref(ctx);
		ctx = NULL;
	}
	return page_render(r, MHD_HTTP_OK, "rsvp_done", ctx);
}

int page_rsvp_start(struct req *r)
{
	const char *typed = req_query(r, "code");
	if (!typed || !typed[0]) {
		enum lang l = page_lang(r);
		json_t *ctx = page_context(r, l, "rsvp_start_title", "");
		if (ctx && typed && !put_text(ctx, l, "error", "rsvp_type_code")) {
			json_decref(ctx);
			ctx = NULL;
		}
		return page_render(r, typed ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_OK, "rsvp_start",
				   ctx);
	}
	char norm[MEETING_CODE_LEN + 1], where[64];
	if (rsvp_code_normalise(typed, norm) == 0) {
		snprintf(where, sizeof where, "/uitnodiging/%s", norm);
		return page_redirect(r, where);
	}
	/* Not a code: the same look-up (and throttle) as a code nobody has,
	 * which answers with the "not found" page. */
	struct rsvp_request q = {.ip = req_client_ip(r), .code = typed};
	struct rsvp_view v;
	int rc = MHD_NO;
	rsvp_call(r, &q, "", &v, &rc);
	return rc;
}

int page_rsvp(struct req *r)
{
	const char *code = route_param(&r->match, "code");
	struct rsvp_request q = {.ip = req_client_ip(r), .code = code};
	struct rsvp_view v;
	int rc;
	if (!rsvp_call(r, &q, code, &v, &rc))
		return rc;
	if (v.response != RESPONSE_NONE)
		return confirmation(r, code, &v);
	return answer_form(r, MHD_HTTP_OK, code, &v, false);
}

int page_rsvp_post(struct req *r)
{
	const char *code = route_param(&r->match, "code");
	if (!page_form_ok(r))
		return page_error(r, MHD_HTTP_BAD_REQUEST, "err_bad_form");
	if (!form_token_ok(r, rsvp_cookie_name(r), RSVP_TOKEN_FIELD)) {
		enum lang l = page_lang(r);
		json_t *ctx = code_context(r, l, "rsvp_stale_title", code, NULL);
		if (ctx && (!put_text(ctx, l, "message", "rsvp_stale") ||
			    json_object_set_new(ctx, "open_again", json_true()) != 0)) {
			json_decref(ctx);
			ctx = NULL;
		}
		return page_render(r, MHD_HTTP_FORBIDDEN, "rsvp_problem", ctx);
	}
	const char *choice = form_get(r->form, "antwoord");
	const char *consent = form_get(r->form, "toestemming");
	bool yes = choice && strcmp(choice, "ja") == 0, no = choice && strcmp(choice, "nee") == 0;
	struct rsvp_request q = {.ip = req_client_ip(r),
				 .code = code,
				 .answer = yes || no,
				 .accept = yes,
				 .consent = consent && strcmp(consent, "ja") == 0};
	struct rsvp_view v;
	int rc;
	if (!rsvp_call(r, &q, code, &v, &rc))
		return rc;
	if (!q.answer) /* neither yes nor no chosen: the form again */
		return answer_form(r, MHD_HTTP_BAD_REQUEST, code, &v, true);
	session_cookie_put(r, rsvp_cookie_name(r), "", 0);
	char where[ROUTER_PARAM_MAX + 16];
	snprintf(where, sizeof where, "/uitnodiging/%s", code);
	return page_redirect(r, where);
}

int page_rsvp_ics(struct req *r)
{
	const char *code = route_param(&r->match, "code");
	struct rsvp_request q = {.ip = req_client_ip(r), .code = code};
	struct rsvp_view v;
	char err[256];
	char *text = NULL;
	size_t len = 0;
	int rc;
	if (!rsvp_call(r, &q, code, &v, &rc))
		return rc;
	if (v.response != RESPONSE_ACCEPTED) /* a calendar only for who is coming */
		return problem(r, RSVP_UNKNOWN, code, NULL);
	if (app_meeting_ics(req_app(r), v.meeting.id, &text, &len, err, sizeof err) != APP_OK)
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				    "text/calendar; charset=utf-8") != MHD_YES ||
	    MHD_add_response_header(resp, "Content-Disposition",
				    "attachment; filename=\"bijeenkomst.ics\"") != MHD_YES) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	return req_reply(r, MHD_HTTP_OK, resp);
}
