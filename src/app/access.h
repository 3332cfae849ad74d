/* Who may see what: the one access-control decision of overstap (issue 4,
 * section 4; ../shared/DESIGN.md principle 6).
 *
 * Every read and write of personal or organisational data, through the API,
 * the staff pages or the command line, is decided by access_decide() before
 * the data is touched, and every denial is audited (outcome "denied"). The
 * rules, in words:
 *
 * - UWV data (persons, WW benefits, routes a UWV team owns) is visible to
 *   that UWV team (roles uwv-adviseur, beheer of that team); its advisers
 *   write (notes, phases, consents, imports; signal runs with beheer).
 * - A municipality's staff (klantmanager, intake, werkgeversdienstverlener)
 *   see a person and the route only once a consent record from the owning
 *   UWV team to that municipality, or the person's own application to it,
 *   exists and has not expired; klantmanager and intake also write notes
 *   and phases. (Applications come later; consents are migration 0005.)
 * - partner sees only clients referred to it (none yet: always denied).
 * - beleid sees aggregates only, never a person; counts under 5 are shown
 *   as "<5" (access_small_count).
 * - beheer manages its own organisation's configuration and users.
 * - auditor reads the audit log, nothing else.
 *
 * The command line acts as a principal of kind PRINCIPAL_CLI: the operator
 * of the installation, who may do everything (and is audited as "cli:NAME").
 */
#ifndef OVERSTAP_APP_ACCESS_H
#define OVERSTAP_APP_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

enum principal_via {
	PRINCIPAL_CLI,     /* the operator on the command line */
	PRINCIPAL_TOKEN,   /* a system with a bearer token */
	PRINCIPAL_SESSION, /* a member of staff signed in with a session cookie */
};

/* Who acts: a user (with organisation and role), or the command line. */
struct principal {
	enum principal_via via;
	int64_t user_id; /* 0 for the command line */
	char email[STORE_EMAIL_MAX + 1];
	char org[STORE_ORG_CODE_MAX + 1];
	enum org_kind org_kind;
	char role[STORE_ROLE_MAX + 1];
};

/* What a principal wants to do. */
enum access_action {
	ACCESS_READ_PERSON,    /* a person, their route, events or WW benefit */
	ACCESS_WRITE_ROUTE,    /* a note or a phase change on a route */
	ACCESS_SEARCH_PERSON,  /* look a person up by BSN (POST /persons/_zoek) */
	ACCESS_ADD_CONSENT,    /* record a consent from a UWV team to a municipality */
	ACCESS_READ_ORGS,      /* the list and details of organisations (no personal data) */
	ACCESS_READ_USERS,     /* the staff accounts of an organisation */
	ACCESS_RUN_SIGNAL,     /* a Max-WW signal run over the caller's own UWV data */
	ACCESS_IMPORT,         /* import a WW file for the caller's own UWV team */
	ACCESS_READ_AGGREGATE, /* counts, small ones suppressed */
	ACCESS_READ_AUDIT,     /* the audit log */
	ACCESS_MANAGE_MEETING, /* create, invite to, cancel, move a meeting; register attendance */
	ACCESS_READ_MEETING,   /* a meeting (no names), its calendar file */
	ACCESS_READ_FUNNEL,    /* a meeting's funnel (aggregates) */
	ACCESS_N_ACTIONS
};

/* What the action is about. Fields that do not apply stay NULL / false. */
struct access_object {
	const char *owner_org;         /* the UWV team that owns the person's WW data */
	const char *gemeente;          /* the municipality of the route / person */
	bool consent;                  /* a consent (or application) of the person for the
					  principal's organisation holds now */
	const char *org;               /* an organisation the action concerns (users, consents:
					  the owning UWV team; imports and signal runs: the caller's;
					  meetings: the organiser) */
	const char *const *presenters; /* meetings: the organisations presenting */
	size_t n_presenters;
};

enum access_decision { ACCESS_DENY = 0, ACCESS_ALLOW = 1 };

/* The one access decision: may p do act on o? Pure (no store, no I/O); the
 * caller gathers o (owner, consent) in the read that fetches the data, and
 * audits the outcome (app_access_denied for a denial). */
enum access_decision access_decide(const struct principal *p, enum access_action act,
				   const struct access_object *o);

/* Meetings (issue 5): the organiser's staff (UWV advisers, municipal case
 * staff, beheer) manage the organiser's meetings; they and partner staff of
 * the organiser, the target municipality or a presenting organisation read
 * a meeting (no names); policy staff (beleid) of those organisations read
 * its funnel, aggregates only. */

/* Whether p sees aggregates only (beleid): its counts under 5 are shown as
 * "<5" (access_small_count). */
bool access_aggregates_only(const struct principal *p);

/* "read_person", ... for logs and audit events. */
const char *access_action_name(enum access_action act);

/* A count as policy staff may see it: the number, or "<5" for 1..4
 * (0 is shown as 0). Writes into buf (cap >= 8). */
const char *access_small_count(long n, char *buf, size_t cap);

/* The principal's actor text for audit events and route events:
 * "user:ID" for a user, or the CLI actor. */
void access_actor(const struct principal *p, char *buf, size_t cap);

struct app;

/* Records a denial (outcome "denied") of act on object_type/object_id by the
 * app's principal, in its own transaction. Returns a store status. */
int app_access_denied(struct app *a, enum access_action act, const char *object_type,
		      const char *object_id);

#endif
