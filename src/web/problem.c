/* application/problem+json replies. */
#include "web/problem.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/input.h"
#include "web/req.h"

/* Queues j (a problem object; stolen) with status and an optional header. */
static int reply_json_problem(struct req *r, unsigned status, json_t *j, const char *header,
			      const char *value)
{
	char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	const char *text = body ? body : "{}"; /* out of memory: the status alone */
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	free(body);
	if (!resp)
		return MHD_NO;
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				    "application/problem+json") != MHD_YES ||
	    (header && MHD_add_response_header(resp, header, value) != MHD_YES)) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	return req_reply(r, status, resp);
}

static json_t *problem(unsigned status, const char *title, const char *detail)
{
	return json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", title, "status",
			 (int)status, "detail", detail ? detail : "");
}

int reply_problem(struct req *r, unsigned status, const char *title, const char *detail)
{
	return reply_json_problem(r, status, problem(status, title, detail), NULL, NULL);
}

int reply_problem_header(struct req *r, unsigned status, const char *title, const char *detail,
			 const char *header, const char *value)
{
	return reply_json_problem(r, status, problem(status, title, detail), header, value);
}

int reply_invalid(struct req *r, const struct input_problems *pr)
{
	char detail[96];
	/* A body that is not JSON by its Content-Type is 415, as the ADR asks. */
	if (pr->total == 1 && strcmp(pr->p[0].code, "mediaType") == 0)
		return reply_problem(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
				     "Send the body as application/json.");
	if (pr->total > pr->n)
		snprintf(detail, sizeof detail,
			 "%zu problems in the input; the first %zu are listed.", pr->total, pr->n);
	else
		snprintf(detail, sizeof detail, "%zu problem%s in the input.", pr->total,
			 pr->total == 1 ? "" : "s");
	json_t *j = problem(MHD_HTTP_BAD_REQUEST, "Bad Request", detail);
	json_t *list = json_array();
	for (size_t i = 0; j && list && i < pr->n; i++)
		json_array_append_new(list,
				      json_pack("{s:s, s:s, s:s}", "name", pr->p[i].name, "code",
						pr->p[i].code, "reason", pr->p[i].reason));
	if (j && list)
		json_object_set(j, "invalidParams", list);
	json_decref(list);
	return reply_json_problem(r, MHD_HTTP_BAD_REQUEST, j, NULL, NULL);
}

int reply_problem_json(struct req *r, unsigned status, json_t *j)
{
	return reply_json_problem(r, status, j, NULL, NULL);
}

int reply_forbidden(struct req *r)
{
	return reply_problem(r, MHD_HTTP_FORBIDDEN, "Forbidden",
			     "Your organisation and role may not do this; the attempt is logged.");
}

int reply_internal(struct req *r, const char *log_msg)
{
	/* Store messages carry no bound values (store/sqlite/sq.h, pg/pg.h),
	 * so no personal data; made JSON-safe here. */
	char msg[256];
	snprintf(msg, sizeof msg, "%s", log_msg ? log_msg : "");
	for (char *p = msg; *p; p++)
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			*p = ' ';
	fprintf(stderr,
		"{\"log\":\"error\",\"request_id\":\"%s\",\"route\":\"%s\",\"msg\":\"%s\"}\n",
		r->request_id, r->match.route ? r->match.route->name : "none", msg);
	return reply_problem(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "Internal Server Error",
			     "Something went wrong on our side; try again later.");
}
