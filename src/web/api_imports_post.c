/* POST /api/v1/imports: a UWV adviser uploads a WW file (text/csv, the
 * format of `overstap import ww`, at most 64 MiB, streamed by the
 * dispatcher to a temporary file, never held in memory) and it is imported
 * for the caller's own team exactly as on the command line: all or
 * nothing, the same validation and the same report. Decided by
 * access_decide() (ACCESS_IMPORT); the import is audited by the use case.
 * 201 with the report; 400 problem+json listing the file's problems
 * (line, field, reason; the first IMPORT_PROBLEMS_MAX of them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/route.h"
#include "web/api.h"
#include "web/problem.h"

#define IMPORT_PROBLEMS_MAX 1000

/* "PATH:LINE: field: reason" lines into [{line, field, reason}], without
 * the temporary file's name. */
static json_t *problem_list(const char *text, const char *path, size_t *total)
{
	json_t *list = json_array();
	size_t plen = strlen(path);
	*total = 0;
	for (const char *p = text; list && p && *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		(*total)++;
		if (*total <= IMPORT_PROBLEMS_MAX && len > plen + 1 &&
		    strncmp(p, path, plen) == 0 && p[plen] == ':') {
			char *rest;
			long line = strtol(p + plen + 1, &rest, 10);
			const char *field = rest + (rest[0] == ':' ? 1 : 0);
			while (*field == ' ')
				field++;
			const char *sep = strstr(field, ": ");
			if (!sep || sep > p + len)
				sep = field;
			const char *reason = sep == field ? field : sep + 2;
			json_array_append_new(list, json_pack("{s:I, s:s%, s:s%}", "line",
							      (json_int_t)line, "field", field,
							      (size_t)(sep - field), "reason",
							      reason, (size_t)(p + len - reason)));
		}
		p = end ? end + 1 : NULL;
	}
	return list;
}

int api_imports_post(struct req *r)
{
	char err[256];
	const char *ct =
		MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t ctn = ct ? strcspn(ct, "; ") : 0;
	if (!ct || ctn != 8 || strncasecmp(ct, "text/csv", 8) != 0)
		return reply_problem(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
				     "Send the WW file as text/csv.");
	struct app *a = req_app(r);
	struct access_object o = {.org = r->who.org};
	int rc = app_allowed(a, ACCESS_IMPORT, &o, "organisation", r->who.org);
	if (rc != APP_OK)
		return reply_app_status(r, rc, a->store->errmsg);
	/* The route takes more than REQ_BODY_MEMORY_MAX, so any body is in a file. */
	if (!r->body_in_file || r->body_len == 0)
		return reply_problem(r, MHD_HTTP_BAD_REQUEST, "Bad Request", "The file is empty.");
	char *ptext = NULL;
	size_t plen = 0;
	FILE *problems = open_memstream(&ptext, &plen);
	if (!problems)
		return reply_internal(r, "out of memory");
	struct import_opts io = {.path = r->body_path, .org = r->who.org, .problems = problems};
	struct import_report rep;
	rc = app_import_ww(a, &io, &rep, err, sizeof err);
	fclose(problems);
	if (rc == APP_INVALID) {
		size_t total;
		json_t *list = problem_list(ptext ? ptext : "", r->body_path, &total);
		free(ptext);
		char detail[128];
		snprintf(detail, sizeof detail, "%zu problems in the file; nothing was imported.",
			 total);
		return reply_problem_json(r, MHD_HTTP_BAD_REQUEST,
					  json_pack("{s:s, s:s, s:i, s:s, s:I, s:o}", "type",
						    "about:blank", "title", "Bad Request", "status",
						    MHD_HTTP_BAD_REQUEST, "detail", detail, "rows",
						    (json_int_t)rep.rows, "problems", list));
	}
	free(ptext);
	if (rc != APP_OK)
		return reply_app_status(r, rc, err);
	return reply_json(r, MHD_HTTP_CREATED,
			  json_pack("{s:I, s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I}", "id",
				    (json_int_t)rep.import_id, "organisation", r->who.org, "sha256",
				    rep.sha256, "alreadyImported", rep.already, "rows",
				    (json_int_t)rep.rows, "inserted", (json_int_t)rep.inserted,
				    "updated", (json_int_t)rep.updated, "unchanged",
				    (json_int_t)rep.unchanged, "rejected", (json_int_t)rep.rejected,
				    "wwEndChanges", (json_int_t)rep.end_changes));
}
