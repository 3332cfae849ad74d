/* The session cookie and the gate of staff routes (session.h). */
#include "web/session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "web/form.h"
#include "web/page.h"
#include "web/problem.h"
#include "web/server.h"

const char *session_cookie_name(const struct req *r)
{
	return r->srv->secure_cookies ? "__Host-overstap" : "overstap";
}

const char *signin_cookie_name(const struct req *r)
{
	return r->srv->secure_cookies ? "__Host-overstap_signin" : "overstap_signin";
}

const char *rsvp_cookie_name(const struct req *r)
{
	return r->srv->secure_cookies ? "__Host-overstap_rsvp" : "overstap_rsvp";
}

int form_token_issue(struct req *r, const char *cookie_name, char token[FORM_TOKEN_LEN + 1])
{
	unsigned char raw[32];
	_Static_assert(
		sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING) ==
			FORM_TOKEN_LEN + 1,
		"form token length");
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, FORM_TOKEN_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return session_cookie_put(r, cookie_name, token, -1);
}

bool form_token_ok(struct req *r, const char *cookie_name, const char *field)
{
	const char *cookie = req_cookie(r, cookie_name);
	const char *posted = r->form ? form_get(r->form, field) : NULL;
	return cookie && posted && strlen(cookie) == FORM_TOKEN_LEN &&
	       strlen(posted) == FORM_TOKEN_LEN &&
	       sodium_memcmp(cookie, posted, FORM_TOKEN_LEN) == 0;
}

bool req_session_cookie(struct req *r, bool extend)
{
	const char *cookie = req_cookie(r, session_cookie_name(r));
	if (!cookie)
		return false;
	struct app *a = req_app(r);
	if (app_session_check(a, cookie, app_now(), extend, &r->session) != APP_OK)
		return false;
	r->has_session = true;
	r->signed_in = true;
	r->who = r->session.who;
	req_release_app(r); /* the next req_app() makes a view that knows the caller */
	return true;
}

int session_cookie_put(struct req *r, const char *name, const char *value, long max_age)
{
	char line[REQ_COOKIE_MAX], age[32] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	int n = snprintf(line, sizeof line, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name,
			 value, age, r->srv->secure_cookies ? "; Secure" : "");
	if (n < 0 || (size_t)n >= sizeof line)
		return -1;
	return req_set_cookie(r, line);
}

bool session_gate(struct req *r, const char *url, int *rc)
{
	if (!req_session_cookie(r, false)) {
		/* A cookie that no longer names a session: say so, and drop it. */
		bool stale = req_cookie(r, session_cookie_name(r)) != NULL;
		if (stale)
			session_cookie_put(r, session_cookie_name(r), "", 0);
		*rc = page_redirect(r, stale ? "/inloggen?reden=verlopen" : "/inloggen");
		return false;
	}
	if (r->has_session && r->session.must_change_password && strcmp(url, "/wachtwoord") != 0 &&
	    strcmp(url, "/uitloggen") != 0) {
		*rc = page_redirect(r, "/wachtwoord");
		return false;
	}
	return true;
}
