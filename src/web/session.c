/* The session cookie and the gate of staff routes (session.h). */
#include "web/session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

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
