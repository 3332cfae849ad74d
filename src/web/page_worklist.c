/* GET /werkvoorraad: the routes of my organisation (app/worklist.h), with
 * filters for phase and window, sortable columns and keyset pages.
 *
 * Query: fase (a phase), venster (3 or 6: WW ends within that many months
 * from today), sorteer (ww_end, name, gemeente, phase), richting (op, af),
 * na (the cursor: the last route id of the previous page). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/worklist.h"
#include "web/page.h"

/* The phases a route can be in, for the filter. */
static const char *const phases[] = {"signalled"};

struct view {
	const char *phase; /* NULL: all */
	int window;        /* 0, 3 or 6 */
	enum store_worklist_sort sort;
	bool desc;
	int64_t after;
};

/* "?fase=...&venster=...&sorteer=...&richting=..." for v with sort and
 * direction given, plus na=after when > 0. Every value is a checked token. */
static void view_href(const struct view *v, enum store_worklist_sort sort, bool desc, int64_t after,
		      char *buf, size_t cap)
{
	int n = snprintf(buf, cap, "/werkvoorraad?sorteer=%s&richting=%s", worklist_sort_name(sort),
			 desc ? "af" : "op");
	if (n > 0 && v->phase && (size_t)n < cap)
		n += snprintf(buf + n, cap - (size_t)n, "&fase=%s", v->phase);
	if (n > 0 && v->window && (size_t)n < cap)
		n += snprintf(buf + n, cap - (size_t)n, "&venster=%d", v->window);
	if (n > 0 && after > 0 && (size_t)n < cap)
		snprintf(buf + n, cap - (size_t)n, "&na=%" PRId64, after);
}

static int parse_view(struct req *r, struct view *v)
{
	memset(v, 0, sizeof *v);
	const char *p = req_query(r, "fase"), *w = req_query(r, "venster");
	const char *s = req_query(r, "sorteer"), *d = req_query(r, "richting");
	const char *na = req_query(r, "na");
	if (p && *p) {
		v->phase = NULL;
		for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++)
			if (strcmp(p, phases[i]) == 0)
				v->phase = phases[i];
		if (!v->phase)
			return -1;
	}
	if (w && *w) {
		if (strcmp(w, "3") == 0)
			v->window = 3;
		else if (strcmp(w, "6") == 0)
			v->window = 6;
		else
			return -1;
	}
	if (s && *s && worklist_sort_parse(s, &v->sort) < 0)
		return -1;
	if (d && *d && strcmp(d, "af") != 0 && strcmp(d, "op") != 0)
		return -1;
	v->desc = d && strcmp(d, "af") == 0;
	if (na && *na) {
		char *end;
		errno = 0;
		long long x = strtoll(na, &end, 10);
		if (errno || *end || x < 1)
			return -1;
		v->after = x;
	}
	return 0;
}

struct rows {
	json_t *arr;
	enum lang l;
	bool failed;
};

static int add_row(void *cls, const struct worklist_item *it)
{
	struct rows *c = cls;
	char end[DATE_ISO_SIZE], name[512];
	date_format_iso(it->ww_end, end);
	snprintf(name, sizeof name, "%s%s%s", it->family_name, it->given_names[0] ? ", " : "",
		 it->given_names);
	json_t *row = json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:I, s:s}", "id", (json_int_t)it->route_id, "name", name,
		"gemeente", it->gemeente, "gemeente_name",
		it->gemeente_name[0] ? it->gemeente_name : it->gemeente, "ww_end", end, "days_left",
		(json_int_t)it->days_left, "phase", i18n_value(c->l, "phase:", it->phase));
	if (!row || json_array_append_new(c->arr, row) != 0) {
		c->failed = true;
		return 1;
	}
	return 0;
}

/* The column headings: label, sort link and aria-sort. */
static json_t *columns(const struct view *v, enum lang l)
{
	static const struct {
		const char *label;
		int sort; /* -1: not sortable */
	} cols[] = {
		{"col_name", WORKLIST_SORT_NAME},     {"col_gemeente", WORKLIST_SORT_GEMEENTE},
		{"col_ww_end", WORKLIST_SORT_WW_END}, {"col_days", -1},
		{"col_phase", WORKLIST_SORT_PHASE},
	};
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < sizeof cols / sizeof cols[0]; i++) {
		char href[256] = "";
		bool current = cols[i].sort >= 0 && (int)v->sort == cols[i].sort;
		if (cols[i].sort >= 0)
			view_href(v, (enum store_worklist_sort)cols[i].sort, current && !v->desc, 0,
				  href, sizeof href);
		json_t *c =
			json_pack("{s:s, s:s?, s:s?, s:s?}", "label", i18n_get(l, cols[i].label),
				  "href", href[0] ? href : NULL, "aria_sort",
				  current ? (v->desc ? "descending" : "ascending") : NULL, "dir",
				  current ? i18n_get(l, v->desc ? "sort_desc" : "sort_asc") : NULL);
		if (!c || json_array_append_new(arr, c) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *phase_options(const struct view *v, enum lang l)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < sizeof phases / sizeof phases[0]; i++) {
		json_t *o = json_pack("{s:s, s:s, s:b}", "value", phases[i], "label",
				      i18n_value(l, "phase:", phases[i]), "selected",
				      v->phase == phases[i]);
		if (!o || json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

int page_worklist(struct req *r)
{
	enum lang l = page_lang(r);
	struct view v;
	char err[256], href[256];
	if (parse_view(r, &v) < 0)
		return page_error(r, MHD_HTTP_BAD_REQUEST, "err_bad_form");
	cdate today = app_today();
	struct worklist_filter f = {
		.phase = v.phase,
		.end_from = v.window ? today + 1 : 0,
		.end_to = v.window ? date_add_months(today, v.window) : 0,
		.sort = v.sort,
		.desc = v.desc,
		.after = v.after,
		.limit = WORKLIST_LIMIT_DEFAULT,
	};
	struct rows rows = {.arr = json_array(), .l = l};
	struct worklist_result res;
	struct app *a = req_app(r);
	if (!rows.arr)
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	int rc = app_worklist(a, &r->who, &f, today, add_row, &rows, &res, err, sizeof err);
	if (rc != APP_OK || rows.failed) {
		json_decref(rows.arr);
		return page_error(r,
				  rc == APP_INVALID ? MHD_HTTP_BAD_REQUEST
						    : MHD_HTTP_INTERNAL_SERVER_ERROR,
				  rc == APP_INVALID ? "err_bad_form" : "err_server");
	}
	if (res.denied) {
		json_decref(rows.arr);
		return page_error(r, MHD_HTTP_FORBIDDEN, "wl_denied");
	}
	struct store_org org;
	const char *org_name = a->store->ops->get_org(a->store, r->who.org, &org) == STORE_ONE
				       ? org.name
				       : r->who.org;
	json_t *pager = json_object();
	if (pager && v.after > 0) {
		view_href(&v, v.sort, v.desc, 0, href, sizeof href);
		json_object_set_new(pager, "first", json_string(href));
	}
	if (pager && res.next_after > 0) {
		view_href(&v, v.sort, v.desc, res.next_after, href, sizeof href);
		json_object_set_new(pager, "next", json_string(href));
	}
	json_t *ctx = page_context(r, l, "wl_title", "worklist");
	if (!ctx || !pager) {
		json_decref(pager);
		pager = NULL;
	}
	/* json_object_set_new takes its value even when it fails. */
	if (!ctx || !pager || json_object_set_new(ctx, "pager", pager) != 0 ||
	    json_object_set_new(ctx, "org_name", json_string(org_name)) != 0 ||
	    json_object_set_new(ctx, "columns", columns(&v, l)) != 0 ||
	    json_object_set_new(ctx, "phases", phase_options(&v, l)) != 0 ||
	    json_object_set_new(ctx, "window3", json_boolean(v.window == 3)) != 0 ||
	    json_object_set_new(ctx, "window6", json_boolean(v.window == 6)) != 0 ||
	    json_object_set_new(ctx, "sort", json_string(worklist_sort_name(v.sort))) != 0 ||
	    json_object_set_new(ctx, "dir", json_string(v.desc ? "af" : "op")) != 0 ||
	    json_object_set_new(ctx, "count", json_integer((json_int_t)res.n)) != 0 ||
	    json_object_set_new(ctx, "has_rows", json_boolean(res.n > 0)) != 0 ||
	    json_object_set_new(ctx, "has_pages",
				json_boolean(v.after > 0 || res.next_after > 0)) != 0) {
		json_decref(rows.arr);
		json_decref(ctx);
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	if (json_object_set_new(ctx, "rows", rows.arr) != 0) {
		json_decref(ctx);
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	return page_render(r, MHD_HTTP_OK, "worklist", ctx);
}
