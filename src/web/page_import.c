/* GET and POST /import: a UWV team uploads its WW file (multipart/form-data,
 * field "bestand"); it is validated and imported exactly as `overstap import
 * ww FILE --org TEAM` does (app_import_ww: all or nothing), and the page
 * shows the report: the counts and every problem with its line and field,
 * in the page's language (at most IMPORT_SHOWN problems are listed; the
 * count says how many there were). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/form.h"
#include "web/page.h"

#define IMPORT_SHOWN 1000

static bool may_import(const struct req *r)
{
	return r->has_session && r->who.org_kind == ORG_UWV &&
	       (strcmp(r->who.role, "uwv-adviseur") == 0 || strcmp(r->who.role, "beheer") == 0);
}

static int import_page(struct req *r, unsigned status, json_t *extra)
{
	enum lang l = page_lang(r);
	json_t *ctx = page_context(r, l, "im_title", "import");
	if (ctx && extra && json_object_update(ctx, extra) != 0) {
		json_decref(ctx);
		ctx = NULL;
	}
	json_decref(extra);
	return page_render(r, status, "import", ctx);
}

int page_import_form(struct req *r)
{
	if (!may_import(r))
		return page_error(r, MHD_HTTP_FORBIDDEN, "im_denied");
	return import_page(r, MHD_HTTP_OK, NULL);
}

/* "PATH:LINE: FIELD: REASON" lines (app/import_ww.c) into problem rows. */
static json_t *problems(const char *text, size_t len, const char *path, enum lang l)
{
	json_t *arr = json_array();
	size_t plen = strlen(path);
	const char *p = text, *end = text + len;
	while (arr && p < end && json_array_size(arr) < IMPORT_SHOWN) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1),
			 p);
		p += n + 1;
		if (strncmp(line, path, plen) != 0 || line[plen] != ':')
			continue;
		char *ln = line + plen + 1, *field = strstr(ln, ": ");
		if (!field)
			continue;
		*field = '\0';
		field += 2;
		char *reason = strstr(field, ": ");
		if (!reason)
			continue;
		*reason = '\0';
		reason += 2;
		json_t *row = json_pack("{s:s, s:s, s:s}", "line", ln, "field",
					i18n_value(l, "field:", field), "reason",
					i18n_value(l, "reason:", reason));
		if (!row || json_array_append_new(arr, row) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

int page_import(struct req *r)
{
	if (!page_form_ok(r))
		return page_error(r, MHD_HTTP_BAD_REQUEST, "err_bad_form");
	if (!page_csrf_ok(r))
		return page_error(r, MHD_HTTP_FORBIDDEN, "form_stale");
	if (!may_import(r))
		return page_error(r, MHD_HTTP_FORBIDDEN, "im_denied");
	enum lang l = page_lang(r);
	size_t size = 0;
	const char *client_name = NULL;
	const char *path = form_file(r->form, &client_name, &size);
	if (!path || size == 0)
		return import_page(r, MHD_HTTP_UNPROCESSABLE_CONTENT,
				   json_pack("{s:s}", "error", i18n_get(l, "im_no_file")));
	char *ptext = NULL, err[512];
	size_t plen = 0;
	FILE *pf = open_memstream(&ptext, &plen);
	if (!pf)
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	struct import_opts o = {.path = path, .org = r->who.org, .problems = pf};
	struct import_report rep;
	memset(&rep, 0, sizeof rep);
	int rc = app_import_ww(req_app(r), &o, &rep, err, sizeof err);
	fclose(pf);
	if (rc == APP_FAIL) {
		free(ptext);
		fprintf(stderr, "{\"log\":\"import\",\"msg\":\"import failed\"}\n");
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	const char *verdict = rc == APP_INVALID ? "im_invalid"
			      : rep.already     ? "im_already"
						: "im_ok";
	json_t *extra = json_pack(
		"{s:s, s:b, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "verdict", i18n_get(l, verdict),
		"invalid", rc == APP_INVALID, "file_name", client_name ? client_name : "", "rows",
		(json_int_t)rep.rows, "inserted", (json_int_t)rep.inserted, "updated",
		(json_int_t)rep.updated, "unchanged", (json_int_t)rep.unchanged, "problem_count",
		(json_int_t)rep.problems, "end_changes", (json_int_t)rep.end_changes);
	json_t *list = problems(ptext ? ptext : "", plen, path, l);
	free(ptext);
	if (!extra || !list) {
		json_decref(extra);
		json_decref(list);
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	bool has = json_array_size(list) > 0;
	if (json_object_set_new(extra, "problems", list) != 0 ||
	    json_object_set_new(extra, "has_problems", json_boolean(has)) != 0 ||
	    json_object_set_new(extra, "report", json_true()) != 0) {
		json_decref(extra);
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	return import_page(r, rc == APP_INVALID ? MHD_HTTP_UNPROCESSABLE_CONTENT : MHD_HTTP_OK,
			   extra);
}
