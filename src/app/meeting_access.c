/* Who may do what with a meeting (app/meeting_int.h): the object of the
 * access decision (organiser, target municipality, presenters) gathered
 * from the meeting, decided by access_decide(), a denial audited. */
#include <stdio.h>

#include "app/access.h"
#include "app/meeting_int.h"

/* A denial: audited, then APP_DENIED (APP_FAIL when the audit fails). */
static int denied(struct app *a, enum access_action act, const char *type, const char *id,
		  char *err, size_t errcap)
{
	if (app_access_denied(a, act, type, id) < 0) {
		snprintf(err, errcap, "database: %s", a->store->errmsg);
		return APP_FAIL;
	}
	snprintf(err, errcap, "not allowed");
	return APP_DENIED;
}

int meeting_gate(struct app *a, int64_t id, enum access_action act, char *err, size_t errcap)
{
	if (!a->who)
		return APP_OK; /* the operator on the command line */
	struct store_meeting sm;
	int rc = meeting_load(a, id, &sm, err, errcap);
	if (rc != APP_OK)
		return rc == APP_INVALID ? APP_NOT_FOUND : rc;
	const char *presenters[STORE_MEETING_PRESENTERS_MAX];
	for (int i = 0; i < sm.n_presenters && i < STORE_MEETING_PRESENTERS_MAX; i++)
		presenters[i] = sm.presenters[i];
	struct access_object o = {
		.org = sm.org,
		.gemeente = sm.target,
		.presenters = presenters,
		.n_presenters = sm.n_presenters > 0 ? (size_t)sm.n_presenters : 0,
	};
	if (access_decide(a->who, act, &o) == ACCESS_ALLOW)
		return APP_OK;
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	return denied(a, act, "meeting", oid, err, errcap);
}

int meeting_gate_org(struct app *a, enum access_action act, const char *org, char *err,
		     size_t errcap)
{
	if (!a->who)
		return APP_OK;
	struct access_object o = {.org = org};
	if (access_decide(a->who, act, &o) == ACCESS_ALLOW)
		return APP_OK;
	return denied(a, act, "organisation", org ? org : "", err, errcap);
}

int app_meeting_open(struct app *a, int64_t id, struct meeting *out, char *err, size_t errcap)
{
	struct store_meeting sm;
	int rc = meeting_gate(a, id, ACCESS_MANAGE_MEETING, err, errcap);
	if (rc == APP_OK)
		rc = meeting_load(a, id, &sm, err, errcap);
	if (rc != APP_OK)
		return rc == APP_INVALID ? APP_NOT_FOUND : rc;
	meeting_from_store(&sm, out);
	return APP_OK;
}
