/* application/problem+json replies. */
#include "web/problem.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/req.h"

int reply_problem(struct req *r, unsigned status, const char *title, const char *detail)
{
	json_t *j = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", title,
			      "status", (int)status, "detail", detail ? detail : "");
	char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
	int rc;
	if (body)
		rc = req_reply_text(r, status, "application/problem+json", body, strlen(body));
	else /* out of memory: the status alone */
		rc = req_reply_text(r, status, "application/problem+json", "{}", 2);
	free(body);
	json_decref(j);
	return rc;
}
