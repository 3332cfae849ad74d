/* Who may see what: the one access-control decision of overstap (issue 4,
 * section 4; ../shared/DESIGN.md principle 6).
 *
 * Every read and write of personal or organisational data, through the API,
 * the staff pages or the command line, is decided by access_decide() before
 * the data is touched, and every denial is audited (outcome "denied"). The
 * rules, in words:
 *
 * - UWV data (persons, WW benefits, routes a UWV team owns) is visible to
 *   that UWV team (roles uwv-adviseur, beheer of that team).
 * - A municipality's staff (klantmanager, intake, werkgeversdienstverlener)
 *   see a person and the route only once a consent record from the owning
 *   UWV team to that municipality, or the person's own application to it,
 *   exists and has not expired.
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

#endif
