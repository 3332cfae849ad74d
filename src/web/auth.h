/* Who is calling (issue 4, section 3): authentication of a request before a
 * route marked AUTH_STAFF runs.
 *
 * The JSON API is stateless per request (/core/stateless): a system sends
 * "Authorization: Bearer ovs_..." on every request; the token's SHA-256 is
 * looked up (app_token_principal: one read, no write) and a revoked token or
 * a disabled user is refused like an unknown one, so a reply never tells
 * whether a token exists. The staff pages' session cookie (web/session.c)
 * is a second way in, tried beside the bearer token in req_authenticate. */
#ifndef OVERSTAP_WEB_AUTH_H
#define OVERSTAP_WEB_AUTH_H

#include <stddef.h>

struct req;

enum auth_result {
	AUTH_OK = 0,  /* r->signed_in, r->who set */
	AUTH_MISSING, /* no credentials */
	AUTH_INVALID, /* credentials given but not valid */
	AUTH_ERROR,   /* the store failed */
};

/* Authenticates r from its headers; on AUTH_OK sets r->who and
 * r->signed_in. Takes the request's app (req_app) for the lookup. */
enum auth_result req_authenticate(struct req *r);

/* The token from an Authorization header value ("Bearer TOKEN", scheme
 * case-insensitive, one or more spaces) into out (cap bytes). Returns 0, or
 * -1 when the value is not a bearer credential that fits. Pure. */
int auth_bearer_token(const char *header, char *out, size_t cap);

/* Queues the reply for a failed authentication: 401 problem+json with
 * WWW-Authenticate (RFC 6750), or 503 for AUTH_ERROR. */
int reply_unauthenticated(struct req *r, enum auth_result why);

#endif
