/* Errors as RFC 9457 problem details (application/problem+json), as the NL
 * API Design Rules ask for every 4xx and 5xx: type, title, status, detail.
 * The detail is for people and never carries personal data. */
#ifndef OVERSTAP_WEB_PROBLEM_H
#define OVERSTAP_WEB_PROBLEM_H

struct req;

/* Queues {"type":"about:blank","title":…,"status":…,"detail":…} as the
 * response to r (the common headers included). Returns an MHD_Result. */
int reply_problem(struct req *r, unsigned status, const char *title, const char *detail);

#endif
