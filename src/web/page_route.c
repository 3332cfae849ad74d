/* GET /trajecten/{id}: a route with its person and its event timeline
 * (newest first), and POST /trajecten/{id}: a note or a phase change.
 *
 * The read is app_route_get (the API's route read): the same access rule
 * (access_decide, ACCESS_READ_PERSON) and the same audit event
 * ("read_route"). A route that does not exist and one the caller may not
 * see give the same 404 page. The write is app_route_change (audited as
 * "write_route"); its forms are shown only when access_decide allows
 * ACCESS_WRITE_ROUTE on the route. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/route.h"
#include "web/api.h"
#include "web/form.h"
#include "web/page.h"

/* Events read for one page: at most this many store pages of
 * ROUTE_EVENTS_MAX; the newest of them are shown. */
#define ROUTE_PAGE_READS 5

struct build {
	struct req *r;
	enum lang l;
	json_t *route;      /* the person and route */
	json_t *events;     /* oldest first while reading */
	size_t page_start;  /* events held before this read */
	int64_t read_after; /* this read's after_event */
	int64_t last_event, n_page;
	bool can_write, failed;
};

static int on_route(void *cls, const struct store_route_view *v)
{
	struct build *b = cls;
	char name[512], end[DATE_ISO_SIZE], opened[DATE_ISO_SIZE];
	struct app *a = req_app(b->r);
	const struct gemeente *g = gemeenten_find(&a->gemeenten, v->gemeente);
	struct access_object o = {
		.owner_org = v->org, .gemeente = v->gemeente, .consent = v->consent, .org = v->org};
	snprintf(name, sizeof name, "%s%s%s", v->given_names, v->given_names[0] ? " " : "",
		 v->family_name);
	date_format_iso(v->ww_end, end);
	date_format_iso(v->opened_on, opened);
	json_decref(b->route); /* a retried transaction starts over */
	while (json_array_size(b->events) > b->page_start)
		json_array_remove(b->events, json_array_size(b->events) - 1);
	b->last_event = b->read_after;
	b->n_page = 0;
	b->route = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)v->id,
			     "name", name, "gemeente", g ? g->name : v->gemeente, "ww_end", end,
			     "days_left", (json_int_t)date_diff_days(app_today(), v->ww_end),
			     "phase", i18n_value(b->l, "phase:", v->phase), "phase_code", v->phase,
			     "opened_on", opened);
	b->can_write = access_decide(&b->r->who, ACCESS_WRITE_ROUTE, &o) == ACCESS_ALLOW;
	b->failed = !b->route;
	return b->failed ? -1 : 0;
}

/* "23-11-2026 14:05" in the Netherlands (main() sets TZ=Europe/Amsterdam). */
static void moment(int64_t t, char out[20])
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	snprintf(out, 20, "%02u-%02u-%04u %02u:%02u", (unsigned)tm.tm_mday % 100u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u);
}

/* The detail of an event in words: a note's text, a phase change, a new
 * WW end date, or the meeting it belongs to. NULL when there is none. */
static json_t *detail(enum lang l, const char *kind, json_t *data)
{
	char buf[ROUTE_NOTE_MAX + 64];
	const char *text = json_string_value(json_object_get(data, "text"));
	const char *from = json_string_value(json_object_get(data, "from"));
	const char *to = json_string_value(json_object_get(data, "to"));
	const char *old_end = json_string_value(json_object_get(data, "old_end"));
	const char *new_end = json_string_value(json_object_get(data, "new_end"));
	json_t *m = json_object_get(data, "meeting");
	if (!m)
		m = json_object_get(data, "meeting_id");
	if (text)
		return json_string(text);
	if (strcmp(kind, "phase_changed") == 0 && from && to) {
		snprintf(buf, sizeof buf, "%s → %s", i18n_value(l, "phase:", from),
			 i18n_value(l, "phase:", to));
		return json_string(buf);
	}
	if (old_end && new_end) {
		snprintf(buf, sizeof buf, "%s → %s", old_end, new_end);
		return json_string(buf);
	}
	if (json_is_integer(m)) {
		snprintf(buf, sizeof buf, "%s %" JSON_INTEGER_FORMAT, i18n_get(l, "rt_meeting"),
			 json_integer_value(m));
		return json_string(buf);
	}
	return NULL;
}

static int on_event(void *cls, const struct store_event_row *e)
{
	struct build *b = cls;
	char at[20];
	moment(e->at, at);
	json_t *data = json_loads(e->data, 0, NULL);
	json_t *d = data ? detail(b->l, e->kind, data) : NULL;
	json_decref(data);
	json_t *ev =
		json_pack("{s:I, s:s, s:s, s:s, s:o?}", "id", (json_int_t)e->id, "at", at, "kind",
			  e->kind, "label", i18n_value(b->l, "event:", e->kind), "detail", d);
	if (!ev || json_array_append_new(b->events, ev) != 0) {
		b->failed = true;
		return -1;
	}
	b->last_event = e->id;
	b->n_page++;
	return 0;
}

/* The phases for the phase form, the route's own selected. */
static json_t *phase_options(enum lang l, const char *current)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && route_phases[i]; i++) {
		json_t *o = json_pack("{s:s, s:s, s:b}", "value", route_phases[i], "label",
				      i18n_value(l, "phase:", route_phases[i]), "selected",
				      current && strcmp(current, route_phases[i]) == 0);
		if (!o || json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* Reads and renders route id; notice_key / error_key: a message on top. */
static int route_page(struct req *r, int64_t id, unsigned status, const char *notice_key,
		      const char *error_key)
{
	char err[256];
	enum lang l = page_lang(r);
	struct build b = {.r = r, .l = l, .events = json_array()};
	if (id < 0 || !b.events) {
		json_decref(b.events);
		return page_error(r, id < 0 ? MHD_HTTP_NOT_FOUND : MHD_HTTP_INTERNAL_SERVER_ERROR,
				  id < 0 ? "rt_not_found" : "err_server");
	}
	struct route_read rd = {
		.route_cb = on_route, .event_cb = on_event, .cls = &b, .limit = ROUTE_EVENTS_MAX};
	int rc = APP_OK;
	for (int i = 0; i < ROUTE_PAGE_READS; i++) {
		/* Each read hands the route again, then the events after the last. */
		b.page_start = json_array_size(b.events);
		b.read_after = rd.after_event = b.last_event;
		rc = app_route_get(req_app(r), id, &rd, err, sizeof err);
		if (rc != APP_OK || b.failed || b.n_page < rd.limit)
			break;
	}
	if (rc == APP_NOT_FOUND || rc == APP_DENIED) {
		json_decref(b.route);
		json_decref(b.events);
		return page_error(r, MHD_HTTP_NOT_FOUND, "rt_not_found");
	}
	if (rc != APP_OK || b.failed) {
		json_decref(b.route);
		json_decref(b.events);
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	/* Newest first. */
	json_t *timeline = json_array();
	for (size_t i = json_array_size(b.events); timeline && i > 0; i--)
		if (json_array_append(timeline, json_array_get(b.events, i - 1)) != 0) {
			json_decref(timeline);
			timeline = NULL;
		}
	json_decref(b.events);
	const char *phase = json_string_value(json_object_get(b.route, "phase_code"));
	json_t *ctx = page_context(r, l, "rt_title", "worklist");
	const char *notice = notice_key ? i18n_get(l, notice_key) : NULL;
	const char *error = error_key ? i18n_get(l, error_key) : NULL;
	if (!ctx || !timeline || json_object_set_new(ctx, "route", b.route) != 0 ||
	    json_object_set_new(ctx, "has_events", json_boolean(json_array_size(timeline) > 0)) !=
		    0 ||
	    json_object_set_new(ctx, "events", timeline) != 0 ||
	    json_object_set_new(ctx, "can_write", json_boolean(b.can_write)) != 0 ||
	    json_object_set_new(ctx, "phases", phase_options(l, phase)) != 0 ||
	    json_object_set_new(ctx, "note_max", json_integer(ROUTE_NOTE_MAX)) != 0 ||
	    (notice && json_object_set_new(ctx, "notice", json_string(notice)) != 0) ||
	    (error && json_object_set_new(ctx, "error", json_string(error)) != 0)) {
		if (!ctx) {
			json_decref(b.route);
			json_decref(timeline);
		}
		json_decref(ctx);
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	return page_render(r, status, "route", ctx);
}

int page_route(struct req *r)
{
	const char *m = req_query(r, "melding");
	return route_page(r, req_param_id(r, "id"), MHD_HTTP_OK,
			  m && strcmp(m, "opgeslagen") == 0 ? "rt_saved" : NULL, NULL);
}

int page_route_post(struct req *r)
{
	char err[256], loc[64];
	int64_t id = req_param_id(r, "id");
	if (!page_form_ok(r))
		return page_error(r, MHD_HTTP_BAD_REQUEST, "err_bad_form");
	if (!page_csrf_ok(r))
		return page_error(r, MHD_HTTP_FORBIDDEN, "form_stale");
	if (id < 0)
		return page_error(r, MHD_HTTP_NOT_FOUND, "rt_not_found");
	const char *note = form_get(r->form, "notitie");
	const char *phase = form_get(r->form, "fase");
	struct route_change c = {0};
	if (note)
		c.note = note;
	else if (phase)
		c.phase = phase;
	if (!c.note && !c.phase)
		return route_page(r, id, MHD_HTTP_UNPROCESSABLE_CONTENT, NULL, "rt_invalid");
	int rc = app_route_change(req_app(r), id, &c, NULL, err, sizeof err);
	switch (rc) {
	case APP_OK:
		snprintf(loc, sizeof loc, "/trajecten/%" PRId64 "?melding=opgeslagen", id);
		return page_redirect(r, loc);
	case APP_INVALID:
		return route_page(r, id, MHD_HTTP_UNPROCESSABLE_CONTENT, NULL, "rt_invalid");
	case APP_NOT_FOUND:
	case APP_DENIED:
		return page_error(r, MHD_HTTP_NOT_FOUND, "rt_not_found");
	default:
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
}
