/* Page rendering, language, redirects and errors (page.h). */
#include "web/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/embedded.h"
#include "render/tmpl.h"
#include "web/form.h"
#include "web/server.h"
#include "web/session.h"
#include "web/static.h"

#define PAGE_MAX_OUTPUT (2u << 20)
#define LANG_COOKIE_AGE (365L * 24 * 60 * 60)

enum lang page_lang(struct req *r)
{
	int q = lang_parse(req_query(r, "lang"));
	if (q >= 0) {
		char line[REQ_COOKIE_MAX];
		snprintf(line, sizeof line, "lang=%s; Path=/; Max-Age=%ld; SameSite=Strict%s",
			 lang_code((enum lang)q), LANG_COOKIE_AGE,
			 r->srv->secure_cookies ? "; Secure" : "");
		req_set_cookie(r, line);
		return (enum lang)q;
	}
	int c = lang_parse(req_cookie(r, "lang"));
	return c >= 0 ? (enum lang)c : LANG_NL;
}

static json_t *static_href(const struct req *r, const char *name)
{
	const struct static_file *f = static_find(r->srv->statics, name);
	if (!f)
		return NULL;
	char href[128];
	snprintf(href, sizeof href, "/static/%s?v=%s", f->name, f->version);
	return json_string(href);
}

void page_clock(int64_t t, char out[6])
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm); /* main() sets TZ=Europe/Amsterdam */
	snprintf(out, 6, "%02u:%02u", (unsigned)tm.tm_hour % 24u, (unsigned)tm.tm_min % 60u);
}

static bool can_import(const struct req *r)
{
	return r->has_session && r->who.org_kind == ORG_UWV &&
	       (strcmp(r->who.role, "uwv-adviseur") == 0 || strcmp(r->who.role, "beheer") == 0);
}

/* Where "extend the session" returns to. */
static const char *back_path(const char *nav)
{
	static const char *const map[][2] = {{"worklist", "/werkvoorraad"},
					     {"import", "/import"},
					     {"password", "/wachtwoord"},
					     {"meetings", "/bijeenkomsten"}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(nav, map[i][0]) == 0)
			return map[i][1];
	return "/";
}

json_t *page_context(struct req *r, enum lang l, const char *title_key, const char *nav_current)
{
	json_t *ctx = json_object();
	json_t *t = i18n_object(l);
	json_t *css = json_array();
	if (!ctx || !t || !css)
		goto fail;
	const char *title = i18n_get(l, title_key);
	if (json_object_set_new(ctx, "t", t) != 0) {
		t = NULL;
		goto fail;
	}
	t = NULL;
	if (json_object_set_new(ctx, "css", css) != 0) {
		css = NULL;
		goto fail;
	}
	const char *sheets[] = {"nlds-tokens.css", "nlds.css", "overstap.css"};
	for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++) {
		json_t *h = static_href(r, sheets[i]);
		if (h && json_array_append_new(css, h) != 0)
			goto fail;
	}
	json_t *js = static_href(r, "session.js");
	if (json_object_set_new(ctx, "lang", json_string(lang_code(l))) != 0 ||
	    json_object_set_new(ctx, "title", json_string(title ? title : "")) != 0 ||
	    (js && json_object_set_new(ctx, "script", js) != 0))
		goto fail;
	if (r->has_session) {
		char hhmm[6];
		int64_t left = r->session.expires_at - app_now();
		page_clock(r->session.expires_at, hhmm);
		json_t *nav = json_pack(
			"{s:b, s:b, s:b, s:b, s:b}", "start", strcmp(nav_current, "start") == 0,
			"worklist", strcmp(nav_current, "worklist") == 0, "import",
			strcmp(nav_current, "import") == 0, "password",
			strcmp(nav_current, "password") == 0, "can_import", can_import(r));
		struct access_object own = {.org = r->who.org};
		if (nav &&
		    (json_object_set_new(nav, "meetings",
					 json_boolean(strcmp(nav_current, "meetings") == 0)) != 0 ||
		     json_object_set_new(nav, "can_meetings",
					 json_boolean(access_decide(&r->who, ACCESS_MANAGE_MEETING,
								    &own) == ACCESS_ALLOW)) != 0)) {
			json_decref(nav);
			nav = NULL;
		}
		json_t *user = json_pack("{s:s, s:s, s:s}", "email", r->who.email, "org",
					 r->who.org, "role", r->who.role);
		json_t *sess =
			json_pack("{s:s, s:I, s:I, s:s}", "expires", hhmm, "left",
				  (json_int_t)(left > 0 ? left : 0), "warn",
				  (json_int_t)SESSION_WARN_S, "back", back_path(nav_current));
		if (json_object_set_new(ctx, "nav", nav) != 0 ||
		    json_object_set_new(ctx, "user", user) != 0 ||
		    json_object_set_new(ctx, "session", sess) != 0 ||
		    json_object_set_new(ctx, "csrf", json_string(r->session.csrf)) != 0 ||
		    json_object_set_new(ctx, "full_menu",
					json_boolean(!r->session.must_change_password)) != 0)
			goto fail;
	}
	return ctx;
fail:
	json_decref(t);
	json_decref(ctx);
	return NULL;
}

static int load_partial(void *cls, const char *name, char **text, size_t *n, char *err,
			size_t errlen)
{
	char path[128];
	(void)cls;
	snprintf(path, sizeof path, "templates/pages/%s.mustache", name);
	const struct embedded_file *f = embedded_find(path);
	if (!f)
		return 0;
	*text = malloc(f->len + 1);
	if (!*text) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(*text, f->data, f->len + 1);
	*n = f->len;
	return 1;
}

int page_render(struct req *r, unsigned status, const char *name, json_t *ctx)
{
	char path[128], err[256];
	struct tmpl *t = NULL;
	char *out = NULL;
	size_t out_n = 0;
	int rc = MHD_NO;
	snprintf(path, sizeof path, "templates/pages/%s.mustache", name);
	const struct embedded_file *f = embedded_find(path);
	struct tmpl_opts o = {.load = load_partial, .max_output = PAGE_MAX_OUTPUT};
	if (!ctx || !f || tmpl_parse(f->data, f->len, &t, err, sizeof err) != 0 ||
	    tmpl_render(t, ctx, &o, &out, &out_n, err, sizeof err) != 0) {
		fprintf(stderr, "{\"log\":\"page\",\"msg\":\"cannot render %s\"}\n", name);
		static const char msg[] = "Er is een storing. / Something is broken.\n";
		rc = req_reply_text(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8",
				    msg, sizeof msg - 1);
		goto cleanup;
	}
	r->csp = PAGE_CSP;
	rc = req_reply_text(r, status, "text/html; charset=utf-8", out, out_n);
cleanup:
	free(out);
	tmpl_free(t);
	json_decref(ctx);
	return rc;
}

int page_redirect(struct req *r, const char *location)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, location) != MHD_YES) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	return req_reply(r, MHD_HTTP_SEE_OTHER, resp);
}

int page_error(struct req *r, unsigned status, const char *message_key)
{
	enum lang l = page_lang(r);
	json_t *ctx = page_context(r, l, "err_title", "");
	const char *msg = i18n_get(l, message_key);
	if (ctx && json_object_set_new(ctx, "message", json_string(msg ? msg : "")) != 0) {
		json_decref(ctx);
		ctx = NULL;
	}
	return page_render(r, status, "error", ctx);
}

bool page_form_ok(struct req *r)
{
	return r->form && form_finish(r->form);
}

bool page_csrf_ok(struct req *r)
{
	return r->has_session && r->form && session_csrf_ok(&r->session, form_get(r->form, "csrf"));
}
