/* The meetings of my organisation for staff (issue 5, sections 3 and 4):
 *
 *   GET  /bijeenkomsten                    the list: date, location, capacity,
 *                                          invited and accepted
 *   GET  /bijeenkomsten/{id}               one meeting with its funnel
 *   GET  /bijeenkomsten/{id}/aanwezigheid  the attendance list (checkboxes)
 *   POST /bijeenkomsten/{id}/aanwezigheid  registers the ticked invitees
 *
 * Who may: access_decide(ACCESS_MANAGE_MEETING) on the organiser, through
 * app_meeting_open (a meeting that does not exist and one the caller may not
 * manage give the same 404). The funnel is app_meeting_funnel (computed from
 * the events); the invitees' names come from app_meeting_invitees, which
 * audits every person read; attendance goes through
 * app_meeting_attendance_list (all or nothing, as the CSV upload). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access.h"
#include "app/meeting.h"
#include "app/route.h"
#include "core/nltime.h"
#include "web/api.h"
#include "web/form.h"
#include "web/page.h"

#define INVITEES_PURPOSE "attendance list of an information meeting"

/* "8,6%" (Dutch) or "8.6%" of a proportion 0..1. */
static void percent(enum lang l, double p, char *buf, size_t cap)
{
	snprintf(buf, cap, "%.1f%%", p * 100.0);
	char *dot = l == LANG_NL ? strchr(buf, '.') : NULL;
	if (dot)
		*dot = ',';
}

/* The meeting's facts as the pages show them. */
static json_t *meeting_json(const struct meeting *m)
{
	char at[NLTIME_TEXT_SIZE];
	nltime_format(m->at, at);
	return json_pack("{s:I, s:s, s:s, s:i, s:s, s:b}", "id", (json_int_t)m->id, "at", at,
			 "location", m->location, "capacity", m->capacity, "target", m->target,
			 "cancelled", m->status == MEETING_CANCELLED);
}

/* Puts v (taken) into ctx under key; false (and ctx untouched) on failure. */
static bool put(json_t *ctx, const char *key, json_t *v)
{
	return v && json_object_set_new(ctx, key, v) == 0;
}

/* The 404 for a meeting that does not exist or is not the caller's, or the
 * page for another app status. */
static int meeting_status_page(struct req *r, int rc)
{
	if (rc == APP_NOT_FOUND || rc == APP_DENIED)
		return page_error(r, MHD_HTTP_NOT_FOUND, "mt_not_found");
	return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
}

/* ---- the list ---- */

int page_meetings(struct req *r)
{
	char err[256];
	enum lang l = page_lang(r);
	struct app *a = req_app(r);
	struct access_object own = {.org = r->who.org};
	int rc = app_allowed(a, ACCESS_MANAGE_MEETING, &own, "meeting_list", r->who.org);
	if (rc == APP_DENIED)
		return page_error(r, MHD_HTTP_FORBIDDEN, "mt_denied");
	if (rc != APP_OK)
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	struct meeting_funnel *f = NULL;
	size_t n = 0;
	if (app_report_meetings(a, r->who.org, NULL, NULL, &f, &n, err, sizeof err) != APP_OK)
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	json_t *rows = json_array();
	bool failed = !rows;
	for (size_t i = 0; !failed && i < n; i++) {
		struct access_object o = {.org = f[i].m.org};
		if (access_decide(&r->who, ACCESS_MANAGE_MEETING, &o) != ACCESS_ALLOW)
			continue; /* a meeting another organisation holds for us */
		json_t *row = meeting_json(&f[i].m);
		failed = !row ||
			 json_object_set_new(row, "invited",
					     json_integer((json_int_t)f[i].total.invited)) != 0 ||
			 json_object_set_new(row, "accepted",
					     json_integer((json_int_t)f[i].total.accepted)) != 0 ||
			 json_array_append_new(rows, row) != 0;
	}
	meeting_funnels_free(f, n); /* and f itself */
	json_t *ctx = failed ? NULL : page_context(r, l, "mt_list_title", "meetings");
	if (!ctx || json_object_set_new(ctx, "has_rows", json_boolean(json_array_size(rows))) ||
	    json_object_set_new(ctx, "rows", rows) != 0) {
		if (!ctx)
			json_decref(rows);
		json_decref(ctx);
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	return page_render(r, MHD_HTTP_OK, "meetings", ctx);
}

/* ---- one meeting with its funnel ---- */

/* One row of the funnel table; rate NULL for a count without a rate. */
static json_t *funnel_row(enum lang l, const char *key, int64_t count,
			  const struct funnel_rate *rate, const char *expected)
{
	char p[16], lo[16], hi[16], interval[48];
	json_t *row = json_pack("{s:s, s:I, s:s?}", "label", i18n_get(l, key), "count",
				(json_int_t)count, "expected", expected);
	if (row && rate) {
		percent(l, rate->rate, p, sizeof p);
		percent(l, rate->low, lo, sizeof lo);
		percent(l, rate->high, hi, sizeof hi);
		snprintf(interval, sizeof interval, "%s – %s", lo, hi);
		if (json_object_set_new(row, "rate", json_string(p)) != 0 ||
		    json_object_set_new(row, "interval", json_string(interval)) != 0) {
			json_decref(row);
			return NULL;
		}
	}
	return row;
}

static json_t *funnel_rows(enum lang l, const struct funnel_counts *c, const struct meeting *m)
{
	char expected[48] = "";
	if (m->expect_low || m->expect_high)
		snprintf(expected, sizeof expected, "%d%% – %d%%", m->expect_low, m->expect_high);
	json_t *arr = json_array();
	json_t *rows[] = {
		funnel_row(l, "mt_invited", c->invited, NULL, NULL),
		funnel_row(l, "mt_answered", c->answered, &c->response, NULL),
		funnel_row(l, "mt_accepted", c->accepted, &c->acceptance, NULL),
		funnel_row(l, "mt_declined", c->declined, NULL, NULL),
		funnel_row(l, "mt_waitlisted", c->waitlisted, NULL, NULL),
		funnel_row(l, "mt_attended", c->attended, &c->attendance,
			   expected[0] ? expected : NULL),
		funnel_row(l, "mt_no_show", c->no_show, NULL, NULL),
		funnel_row(l, "mt_consents", c->consents, &c->consent, NULL),
	};
	bool ok = arr != NULL;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (ok && rows[i] && json_array_append_new(arr, rows[i]) == 0)
			continue;
		ok = false;
		json_decref(rows[i]);
	}
	if (!ok)
		json_decref(arr);
	return ok ? arr : NULL;
}

/* The groups (per municipality, per letter variant): invited, attended and
 * the attendance rate with its interval. */
static bool add_group(enum lang l, json_t *arr, const struct funnel_group *g, const char *name)
{
	char p[16], lo[16], hi[16], interval[48];
	percent(l, g->c.attendance.rate, p, sizeof p);
	percent(l, g->c.attendance.low, lo, sizeof lo);
	percent(l, g->c.attendance.high, hi, sizeof hi);
	snprintf(interval, sizeof interval, "%s – %s", lo, hi);
	return json_array_append_new(arr, json_pack("{s:s, s:I, s:I, s:s, s:s}", "name", name,
						    "invited", (json_int_t)g->c.invited, "attended",
						    (json_int_t)g->c.attended, "rate", p,
						    "interval", interval)) == 0;
}

static json_t *groups(enum lang l, struct app *a, const struct meeting_funnel *f)
{
	char name[64];
	json_t *arr = json_array();
	bool ok = arr != NULL;
	for (size_t i = 0; ok && i < f->n_gemeente; i++) {
		const struct gemeente *g = gemeenten_find(&a->gemeenten, f->by_gemeente[i].key);
		ok = add_group(l, arr, &f->by_gemeente[i], g ? g->name : f->by_gemeente[i].key);
	}
	for (int v = 0; ok && f->m.variants == 2 && v < 2; v++) {
		snprintf(name, sizeof name, "%s %s", i18n_get(l, "mt_variant"),
			 f->by_variant[v].key);
		ok = add_group(l, arr, &f->by_variant[v], name);
	}
	if (!ok)
		json_decref(arr);
	return ok ? arr : NULL;
}

static int meeting_page(struct req *r, int64_t id, unsigned status, const char *notice_key)
{
	char err[256];
	enum lang l = page_lang(r);
	struct app *a = req_app(r);
	struct meeting m;
	struct meeting_funnel f;
	int rc = id < 0 ? APP_NOT_FOUND : app_meeting_open(a, id, &m, err, sizeof err);
	if (rc != APP_OK)
		return meeting_status_page(r, rc);
	if (app_meeting_funnel(a, id, &f, err, sizeof err) != APP_OK)
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	json_t *ctx = page_context(r, l, "mt_title", "meetings");
	const char *notice = notice_key ? i18n_get(l, notice_key) : NULL;
	bool ok = ctx && put(ctx, "meeting", meeting_json(&f.m)) &&
		  put(ctx, "funnel", funnel_rows(l, &f.total, &f.m)) &&
		  put(ctx, "groups", groups(l, a, &f)) &&
		  put(ctx, "has_groups", json_boolean(f.n_gemeente > 0 || f.m.variants == 2)) &&
		  put(ctx, "past", json_boolean(f.past)) &&
		  (!notice || put(ctx, "notice", json_string(notice)));
	meeting_funnel_free(&f);
	if (!ok) {
		json_decref(ctx);
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	return page_render(r, status, "meeting", ctx);
}

int page_meeting(struct req *r)
{
	const char *m = req_query(r, "melding");
	return meeting_page(r, req_param_id(r, "id"), MHD_HTTP_OK,
			    m && strcmp(m, "aanwezigheid") == 0 ? "mt_attendance_saved" : NULL);
}

/* ---- the attendance list ---- */

struct list {
	enum lang l;
	json_t *rows;
};

static int add_invitee(void *cls, const struct invitee *iv)
{
	struct list *li = cls;
	char name[512];
	static const char *const answers[] = {"mt_answer_none", "mt_answer_accepted",
					      "mt_answer_declined", "mt_answer_waitlisted"};
	snprintf(name, sizeof name, "%s%s%s", iv->family_name, iv->given_names[0] ? ", " : "",
		 iv->given_names);
	unsigned ans = (unsigned)iv->response < 4 ? (unsigned)iv->response : 0;
	json_t *row =
		json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)iv->invitation_id, "name", name,
			  "answer", i18n_get(li->l, answers[ans]), "attended", iv->attended);
	return !row || json_array_append_new(li->rows, row) != 0;
}

static int attendance_page(struct req *r, int64_t id, unsigned status, const char *error_key)
{
	char err[256];
	enum lang l = page_lang(r);
	struct app *a = req_app(r);
	struct meeting m;
	int rc = id < 0 ? APP_NOT_FOUND : app_meeting_open(a, id, &m, err, sizeof err);
	if (rc != APP_OK)
		return meeting_status_page(r, rc);
	struct list li = {.l = l, .rows = json_array()};
	if (!li.rows || app_meeting_invitees(a, id, INVITEES_PURPOSE, add_invitee, &li, err,
					     sizeof err) != APP_OK) {
		json_decref(li.rows);
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	json_t *ctx = page_context(r, l, "mt_att_title", "meetings");
	const char *error = error_key ? i18n_get(l, error_key) : NULL;
	bool open = m.status != MEETING_CANCELLED && app_now() >= m.at;
	if (!ctx || !put(ctx, "meeting", meeting_json(&m)) ||
	    !put(ctx, "has_rows", json_boolean(json_array_size(li.rows) > 0)) ||
	    !put(ctx, "open", json_boolean(open)) ||
	    (error && !put(ctx, "error", json_string(error))) || !put(ctx, "rows", li.rows)) {
		if (!ctx)
			json_decref(li.rows);
		json_decref(ctx);
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	return page_render(r, status, "attendance", ctx);
}

int page_attendance_form(struct req *r)
{
	return attendance_page(r, req_param_id(r, "id"), MHD_HTTP_OK, NULL);
}

/* The ticked invitation ids ("12,15,..."), at most cap; -1 when one is not
 * an id. */
static long parse_ids(const char *s, int64_t *out, size_t cap)
{
	size_t n = 0;
	while (s && *s) {
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (errno || end == s || v < 1 || (*end && *end != ',') || n == cap)
			return -1;
		out[n++] = v;
		s = *end ? end + 1 : end;
	}
	return (long)n;
}

/* The list shows which ticks were refused as a whole (mt_att_invalid). */
static void ignore_problem(void *cls, long index, const char *reason)
{
	(void)cls;
	(void)index;
	(void)reason;
}

int page_attendance(struct req *r)
{
	char err[256], loc[80];
	int64_t id = req_param_id(r, "id");
	if (!page_form_ok(r))
		return page_error(r, MHD_HTTP_BAD_REQUEST, "err_bad_form");
	if (!page_csrf_ok(r))
		return page_error(r, MHD_HTTP_FORBIDDEN, "form_stale");
	if (id < 0)
		return meeting_status_page(r, APP_NOT_FOUND);
	/* A form value holds at most FORM_VALUE_MAX bytes: fewer ids than that. */
	int64_t ids[FORM_VALUE_MAX / 2];
	long n = parse_ids(form_get(r->form, "aanwezig"), ids, sizeof ids / sizeof ids[0]);
	if (n < 0)
		return page_error(r, MHD_HTTP_BAD_REQUEST, "err_bad_form");
	struct attendance_entry entries[sizeof ids / sizeof ids[0]];
	for (long i = 0; i < n; i++)
		entries[i] = (struct attendance_entry){.invitation_id = ids[i]};
	struct attendance_report rep;
	int rc = app_meeting_attendance_list(req_app(r), id, entries, (size_t)n, ignore_problem,
					     NULL, &rep, err, sizeof err);
	switch (rc) {
	case APP_OK:
		snprintf(loc, sizeof loc, "/bijeenkomsten/%" PRId64 "?melding=aanwezigheid", id);
		return page_redirect(r, loc);
	case APP_INVALID:
		return attendance_page(r, id, MHD_HTTP_UNPROCESSABLE_CONTENT,
				       n == 0 ? "mt_att_none" : "mt_att_invalid");
	default:
		return meeting_status_page(r, rc);
	}
}
