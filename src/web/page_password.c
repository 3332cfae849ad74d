/* GET and POST /wachtwoord: change the password (also the required first
 * change of a one-time password). */
#include <sodium.h>
#include <stdio.h>

#include "web/form.h"
#include "web/page.h"
#include "web/session.h"

static int password_page(struct req *r, unsigned status, const char *error_key)
{
	enum lang l = page_lang(r);
	json_t *ctx = page_context(r, l, "pw_title", "password");
	const char *err = error_key ? i18n_get(l, error_key) : NULL;
	if (ctx && (json_object_set_new(ctx, "must_change",
					json_boolean(r->session.must_change_password)) != 0 ||
		    (err && json_object_set_new(ctx, "error", json_string(err)) != 0))) {
		json_decref(ctx);
		ctx = NULL;
	}
	return page_render(r, status, "password", ctx);
}

int page_password_form(struct req *r)
{
	return password_page(r, MHD_HTTP_OK, NULL);
}

int page_password(struct req *r)
{
	static const char *const why[] = {
		[PWCHANGE_WRONG_CURRENT] = "pw_wrong_current",
		[PWCHANGE_MISMATCH] = "pw_mismatch",
		[PWCHANGE_SAME] = "pw_same",
		[PWCHANGE_WEAK] = "pw_weak",
	};
	char err[256], cookie[SESSION_TOKEN_LEN + 1];
	struct session_info info;
	enum password_change_result res;
	if (!page_form_ok(r))
		return page_error(r, MHD_HTTP_BAD_REQUEST, "err_bad_form");
	if (!page_csrf_ok(r))
		return page_error(r, MHD_HTTP_FORBIDDEN, "form_stale");
	const char *cur = form_get(r->form, "current");
	const char *n1 = form_get(r->form, "new");
	const char *n2 = form_get(r->form, "repeat");
	if (!cur || !n1 || !n2)
		return password_page(r, MHD_HTTP_UNPROCESSABLE_CONTENT, "pw_wrong_current");
	if (app_password_change(req_app(r), &r->session, cur, n1, n2, app_now(), &res, cookie,
				&info, err, sizeof err) != APP_OK) {
		fprintf(stderr, "{\"log\":\"password\",\"msg\":\"store failed\"}\n");
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	if (res != PWCHANGE_OK)
		return password_page(r, MHD_HTTP_UNPROCESSABLE_CONTENT, why[res]);
	session_cookie_put(r, session_cookie_name(r), cookie, -1);
	sodium_memzero(cookie, sizeof cookie);
	return page_redirect(r, "/?melding=wachtwoord");
}
