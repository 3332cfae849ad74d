/* Who may manage a meeting (app/meeting.h, app_meeting_open): the one
 * access decision for the staff pages of meetings. */
#include <inttypes.h>
#include <stdio.h>

#include "app/access.h"
#include "app/meeting_int.h"

int app_meeting_open(struct app *a, int64_t id, struct meeting *out, char *err, size_t errcap)
{
	static const struct principal cli = {.via = PRINCIPAL_CLI};
	struct store_meeting sm;
	int rc = meeting_load(a, id, &sm, err, errcap);
	if (rc == APP_INVALID)
		return APP_NOT_FOUND;
	if (rc != APP_OK)
		return rc;
	struct access_object o = {.org = sm.org};
	if (access_decide(a->who ? a->who : &cli, ACCESS_MANAGE_MEETING, &o) != ACCESS_ALLOW) {
		char oid[24];
		snprintf(oid, sizeof oid, "%" PRId64, id);
		if (app_access_denied(a, ACCESS_MANAGE_MEETING, "meeting", oid) < 0) {
			snprintf(err, errcap, "%s", a->store->errmsg);
			return APP_FAIL;
		}
		snprintf(err, errcap, "not allowed");
		return APP_DENIED;
	}
	meeting_from_store(&sm, out);
	return APP_OK;
}
