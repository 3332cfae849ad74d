/* GET and POST /inloggen: the sign-in form (app/session.h does the work;
 * web/session.h says how the form itself is protected). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web/form.h"
#include "web/page.h"
#include "web/session.h"

/* The form, with a fresh double-submit token (cookie and hidden field). */
static int signin_page(struct req *r, unsigned status, const char *message_key,
		       const char *message_extra, const char *email)
{
	enum lang l = page_lang(r);
	char token[FORM_TOKEN_LEN + 1];
	form_token_issue(r, signin_cookie_name(r), token);
	json_t *ctx = page_context(r, l, "signin_title", "");
	const char *msg = message_key ? i18n_get(l, message_key) : NULL;
	if (ctx && (json_object_set_new(ctx, "signin_token", json_string(token)) != 0 ||
		    json_object_set_new(ctx, "email", json_string(email ? email : "")) != 0 ||
		    (msg && json_object_set_new(ctx, "error",
						json_pack("{s:s, s:s?}", "text", msg, "extra",
							  message_extra)) != 0))) {
		json_decref(ctx);
		ctx = NULL;
	}
	return page_render(r, status, "signin", ctx);
}

int page_signin_form(struct req *r)
{
	if (req_session_cookie(r, false))
		return page_redirect(r, r->session.must_change_password ? "/wachtwoord" : "/");
	const char *why = req_query(r, "reden");
	const char *key = !why                           ? NULL
			  : strcmp(why, "verlopen") == 0 ? "signin_expired"
			  : strcmp(why, "uit") == 0      ? "signed_out"
							 : NULL;
	return signin_page(r, MHD_HTTP_OK, key, NULL, NULL);
}

int page_signin(struct req *r)
{
	char err[256];
	struct signin_outcome out;
	if (!page_form_ok(r))
		return page_error(r, MHD_HTTP_BAD_REQUEST, "err_bad_form");
	const char *email = form_get(r->form, "email");
	const char *password = form_get(r->form, "password");
	if (!form_token_ok(r, signin_cookie_name(r), "signin_token"))
		return signin_page(r, MHD_HTTP_BAD_REQUEST, "form_stale", NULL, email);
	if (!email || !password)
		return signin_page(r, MHD_HTTP_OK, "signin_bad", NULL, email);
	const char *old = req_cookie(r, session_cookie_name(r));
	int64_t now = app_now();
	if (app_session_signin(req_app(r), email, password, req_client_ip(r), old, now, &out, err,
			       sizeof err) != APP_OK) {
		fprintf(stderr, "{\"log\":\"signin\",\"msg\":\"store failed\"}\n");
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	}
	if (out.result == SIGNIN_THROTTLED) {
		char at[6];
		page_clock(now + out.retry_after + 59, at); /* rounded up to the minute */
		return signin_page(r, MHD_HTTP_TOO_MANY_REQUESTS, "signin_throttled", at, email);
	}
	if (out.result != SIGNIN_OK)
		return signin_page(r, MHD_HTTP_OK, "signin_bad", NULL, email);
	session_cookie_put(r, session_cookie_name(r), out.cookie, -1);
	session_cookie_put(r, signin_cookie_name(r), "", 0);
	sodium_memzero(out.cookie, sizeof out.cookie);
	return page_redirect(r, out.info.must_change_password ? "/wachtwoord" : "/");
}
