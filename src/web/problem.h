/* Errors as RFC 9457 problem details (application/problem+json), as the NL
 * API Design Rules ask for every 4xx and 5xx: type, title, status, detail.
 * The detail is for people and never carries personal data. */
#ifndef OVERSTAP_WEB_PROBLEM_H
#define OVERSTAP_WEB_PROBLEM_H

struct req;
struct input_problems;

/* Queues {"type":"about:blank","title":…,"status":…,"detail":…} as the
 * response to r (the common headers included). Returns an MHD_Result. */
int reply_problem(struct req *r, unsigned status, const char *title, const char *detail);

/* The same with one more response header (WWW-Authenticate, ...). */
int reply_problem_header(struct req *r, unsigned status, const char *title, const char *detail,
			 const char *header, const char *value);

/* 400 Bad Request listing every problem of the input at once (415 when the
 * only problem is the body's media type):
 * "invalidParams": [{"name": …, "code": …, "reason": …}, …] (the member
 * name used by the VNG ZGW APIs; camelCase as the ADR linter wants). */
int reply_invalid(struct req *r, const struct input_problems *pr);

/* Queues j (a problem object with status, title, detail and any extension
 * members; stolen) as application/problem+json. */
#include <jansson.h>
int reply_problem_json(struct req *r, unsigned status, json_t *j);

/* 403 for a denial by access_decide() (already audited by the app). */
int reply_forbidden(struct req *r);

/* 500 for a failure of the store; the message goes to the log, not to
 * the client. */
int reply_internal(struct req *r, const char *log_msg);

#endif
