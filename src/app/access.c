/* Who may see what: the one access decision (access.h says the rules). */
#include "app/access.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "app/app.h"

static bool role_is(const struct principal *p, const char *role)
{
	return strcmp(p->role, role) == 0;
}

static bool same_org(const struct principal *p, const char *org)
{
	return org && strcmp(p->org, org) == 0;
}

/* A UWV team member who works with the team's own WW data. */
static bool uwv_staff(const struct principal *p, bool beheer_too)
{
	return p->org_kind == ORG_UWV &&
	       (role_is(p, "uwv-adviseur") || (beheer_too && role_is(p, "beheer")));
}

/* A municipality's case staff; intake and klantmanager may also write. */
static bool gemeente_staff(const struct principal *p, bool writing)
{
	return p->org_kind == ORG_GEMEENTE &&
	       (role_is(p, "klantmanager") || role_is(p, "intake") ||
		(!writing && role_is(p, "werkgeversdienstverlener")));
}

/* A person's data: the owning UWV team, or the municipality of the route
 * once the person consented (or applied) there. */
static bool person_visible(const struct principal *p, const struct access_object *o, bool writing)
{
	if (uwv_staff(p, !writing) && same_org(p, o->owner_org))
		return true;
	return gemeente_staff(p, writing) && same_org(p, o->gemeente) && o->consent;
}

/* Staff who may organise meetings: UWV advisers, municipal case staff and
 * beheer of any organisation. */
static bool meeting_staff(const struct principal *p)
{
	return uwv_staff(p, true) || gemeente_staff(p, false) || role_is(p, "beheer");
}

/* The principal's organisation organises, is the target of, or presents at
 * the meeting. */
static bool meeting_org(const struct principal *p, const struct access_object *o)
{
	if (same_org(p, o->org) || same_org(p, o->gemeente))
		return true;
	for (size_t i = 0; o->presenters && i < o->n_presenters; i++)
		if (same_org(p, o->presenters[i]))
			return true;
	return false;
}

static bool meeting_readable(const struct principal *p, const struct access_object *o)
{
	return (meeting_staff(p) || (role_is(p, "partner") && p->org_kind == ORG_PARTNER)) &&
	       meeting_org(p, o);
}

bool access_aggregates_only(const struct principal *p)
{
	return p && p->via != PRINCIPAL_CLI && role_is(p, "beleid");
}

enum access_decision access_decide(const struct principal *p, enum access_action act,
				   const struct access_object *o)
{
	static const struct access_object none = {0};
	bool ok = false;
	if (!p)
		return ACCESS_DENY;
	if (p->via == PRINCIPAL_CLI)
		return ACCESS_ALLOW; /* the operator of the installation; audited as cli:NAME */
	if (!o)
		o = &none;
	switch (act) {
	case ACCESS_READ_PERSON:
		ok = person_visible(p, o, false);
		break;
	case ACCESS_WRITE_ROUTE:
		ok = person_visible(p, o, true);
		break;
	case ACCESS_SEARCH_PERSON:
		/* Who could see some person at all; the person found is then
		 * decided with ACCESS_READ_PERSON. */
		ok = uwv_staff(p, true) || gemeente_staff(p, false);
		break;
	case ACCESS_ADD_CONSENT:
		ok = uwv_staff(p, false) && same_org(p, o->org);
		break;
	case ACCESS_READ_ORGS:
		ok = account_role_valid(p->role); /* every staff role */
		break;
	case ACCESS_READ_USERS:
		ok = role_is(p, "beheer") && same_org(p, o->org);
		break;
	case ACCESS_RUN_SIGNAL:
		ok = uwv_staff(p, true) && same_org(p, o->org);
		break;
	case ACCESS_IMPORT:
		ok = uwv_staff(p, false) && same_org(p, o->org);
		break;
	case ACCESS_READ_AGGREGATE:
		ok = (role_is(p, "beleid") || role_is(p, "beheer") || uwv_staff(p, false) ||
		      gemeente_staff(p, false)) &&
		     (!o->org || same_org(p, o->org));
		break;
	case ACCESS_READ_AUDIT:
		ok = role_is(p, "auditor");
		break;
	case ACCESS_MANAGE_MEETING:
		ok = meeting_staff(p) && same_org(p, o->org);
		break;
	case ACCESS_READ_MEETING:
		ok = meeting_readable(p, o);
		break;
	case ACCESS_READ_FUNNEL:
		ok = meeting_readable(p, o) || (role_is(p, "beleid") && meeting_org(p, o));
		break;
	case ACCESS_N_ACTIONS:
		break;
	}
	return ok ? ACCESS_ALLOW : ACCESS_DENY;
}

const char *access_action_name(enum access_action act)
{
	static const char *const names[ACCESS_N_ACTIONS] = {
		[ACCESS_READ_PERSON] = "read_person",       [ACCESS_WRITE_ROUTE] = "write_route",
		[ACCESS_SEARCH_PERSON] = "search_person",   [ACCESS_ADD_CONSENT] = "add_consent",
		[ACCESS_READ_ORGS] = "read_orgs",           [ACCESS_READ_USERS] = "read_users",
		[ACCESS_RUN_SIGNAL] = "run_signal",         [ACCESS_IMPORT] = "import",
		[ACCESS_READ_AGGREGATE] = "read_aggregate", [ACCESS_READ_AUDIT] = "read_audit",
		[ACCESS_MANAGE_MEETING] = "manage_meeting", [ACCESS_READ_MEETING] = "read_meeting",
		[ACCESS_READ_FUNNEL] = "read_funnel",
	};
	return (unsigned)act < ACCESS_N_ACTIONS ? names[act] : "unknown";
}

const char *access_small_count(long n, char *buf, size_t cap)
{
	if (n >= 1 && n <= 4)
		snprintf(buf, cap, "<5");
	else
		snprintf(buf, cap, "%ld", n);
	return buf;
}

void access_actor(const struct principal *p, char *buf, size_t cap)
{
	if (p->via == PRINCIPAL_CLI)
		snprintf(buf, cap, "cli:%s", p->email);
	else
		snprintf(buf, cap, "user:%" PRId64, p->user_id);
}

struct denial {
	enum access_action act;
	const char *type, *id;
};

static int do_denied(struct app *a, void *cls)
{
	const struct denial *d = cls;
	struct store_audit ev = {
		.at = app_now(),
		.actor = a->actor,
		.org = a->who ? a->who->org : NULL,
		.role = a->who ? a->who->role : NULL,
		.action = access_action_name(d->act),
		.object_type = d->type,
		.object_id = d->id,
		.purpose = "access decision",
		.outcome = "denied",
		.request_id = a->request_id,
	};
	return app_audit_event(a, &ev);
}

int app_access_denied(struct app *a, enum access_action act, const char *object_type,
		      const char *object_id)
{
	struct denial d = {act, object_type, object_id};
	return app_tx(a, do_denied, &d);
}
