/* Authentication of a request (auth.h). */
#include "web/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/account.h"
#include "web/problem.h"
#include "web/req.h"

int auth_bearer_token(const char *header, char *out, size_t cap)
{
	if (!header || strncasecmp(header, "Bearer ", 7) != 0)
		return -1;
	const char *t = header + 7;
	while (*t == ' ')
		t++;
	size_t n = strcspn(t, " \t");
	if (n == 0 || n >= cap || t[n] != '\0')
		return -1;
	memcpy(out, t, n);
	out[n] = '\0';
	return 0;
}

enum auth_result req_authenticate(struct req *r)
{
	char token[ACCOUNT_TOKEN_LEN + 2];
	const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						    MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h)
		return AUTH_MISSING;
	if (auth_bearer_token(h, token, sizeof token) != 0)
		return AUTH_INVALID;
	int rc = app_token_principal(req_app(r), token, &r->who);
	sodium_memzero(token, sizeof token);
	/* The next req_app() makes a view that knows the caller. */
	req_release_app(r);
	if (rc == APP_FAIL)
		return AUTH_ERROR;
	if (rc != APP_OK)
		return AUTH_INVALID;
	r->signed_in = true;
	return AUTH_OK;
}

int reply_unauthenticated(struct req *r, enum auth_result why)
{
	if (why == AUTH_ERROR)
		return reply_problem(r, MHD_HTTP_SERVICE_UNAVAILABLE, "Service Unavailable",
				     "Credentials cannot be checked right now.");
	/* RFC 6750 section 3: error="invalid_token" only when credentials
	 * were sent; the same text whether or not the token exists. */
	const char *challenge = why == AUTH_INVALID
					? "Bearer realm=\"overstap\", error=\"invalid_token\""
					: "Bearer realm=\"overstap\"";
	return reply_problem_header(r, MHD_HTTP_UNAUTHORIZED, "Unauthorized",
				    "Send a valid token: Authorization: Bearer ovs_...",
				    MHD_HTTP_HEADER_WWW_AUTHENTICATE, challenge);
}
