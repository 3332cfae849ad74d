/* Staff sessions on the web: the session cookie (app/session.h has the
 * sessions themselves).
 *
 * The cookie is "overstap" (HttpOnly, SameSite=Strict, Path=/, no expiry:
 * the server enforces the timeouts). With --secure-cookies (behind TLS) it
 * is "__Host-overstap" and Secure, so no subdomain or plain-HTTP page can
 * set or read it. The sign-in form, which has no session yet, carries a
 * token that must match a cookie of its own ("overstap_signin", same
 * attributes; double submit), so another site cannot sign a browser into
 * an account of its choosing. */
#ifndef OVERSTAP_WEB_SESSION_H
#define OVERSTAP_WEB_SESSION_H

#include <stdbool.h>

#include "web/req.h"

/* The name of the session cookie ("overstap" or "__Host-overstap"). */
const char *session_cookie_name(const struct req *r);
/* The name of the sign-in form's cookie. */
const char *signin_cookie_name(const struct req *r);
/* The name of the residents' RSVP form's cookie ("overstap_rsvp"). */
const char *rsvp_cookie_name(const struct req *r);

/* Double submit for a form without a session (sign-in, RSVP): a fresh
 * random token of FORM_TOKEN_LEN characters goes into the cookie
 * cookie_name (a browser-session cookie, attributes as above) and into
 * token for the form's hidden field. form_token_ok: the posted field is
 * there and equals the cookie (constant time). */
#define FORM_TOKEN_LEN 43 /* base64url of 32 random bytes */
int form_token_issue(struct req *r, const char *cookie_name, char token[FORM_TOKEN_LEN + 1]);
bool form_token_ok(struct req *r, const char *cookie_name, const char *field);

/* Looks up the session cookie: when it names a valid session, sets
 * r->has_session, r->session, r->signed_in and r->who (PRINCIPAL_SESSION)
 * and the request app's actor, and returns true. extend: move the idle
 * timeout even within SESSION_TOUCH_S. Returns false when there is no
 * valid session (a store failure included). */
bool req_session_cookie(struct req *r, bool extend);

/* Queues "Set-Cookie" for the reply: name=value with the cookie attributes
 * above (max_age < 0: a browser-session cookie; 0: delete it). */
int session_cookie_put(struct req *r, const char *name, const char *value, long max_age);

/* The gate for AUTH_STAFF pages (route_is_page), run by the dispatcher on
 * the request's headers (before any body is read): it looks up the session
 * cookie; without a valid one the page is redirected to /inloggen. The API
 * is stateless and never reads the cookie (web/auth.h: bearer tokens only),
 * so a cookie cannot be ridden for an API call. A session that
 * must change its one-time password reaches only /wachtwoord and
 * /uitloggen (other pages redirect there). Returns true when the handler
 * may run; false with a reply queued (its result in *rc). */
bool session_gate(struct req *r, const char *url, int *rc);

#endif
