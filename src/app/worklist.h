/* The werkvoorraad: the routes a member of staff may work on, one page at
 * a time (issue 4, section 6; also the list behind GET /api/v1/routes).
 *
 * Who sees what (DESIGN.md principle 6), as access_decide() decides for
 * one route (app/access.h):
 *   - the command line (PRINCIPAL_CLI) sees every route;
 *   - UWV staff (uwv-adviseur, beheer of a UWV team) see the routes their
 *     team owns;
 *   - municipal staff (klantmanager, intake, werkgeversdienstverlener of a
 *     gemeente) see the routes in their municipality whose person has a
 *     consent to it that holds now (migration 0005);
 *   - every other role (partner, beleid, auditor, beheer of a gemeente) is
 *     denied, and the denial is audited.
 *
 * Audit: a page that shows routes is one read of personal data (names and
 * WW end dates), recorded as ONE audit event per page — action
 * "worklist_read", object_type "route", object_id the ids of the routes
 * shown, comma-separated (at most WORKLIST_LIMIT_MAX of them), purpose
 * "werkvoorraad" — in the same transaction as the read, so the page leaves
 * only after its event is durable. An empty page reads nobody's data and is
 * not recorded. One event per route would make a page of 50 cost 50 chain
 * appends; the list keeps "who saw route N, when" answerable (an auditor
 * searches object_id) at the cost of one append. */
#ifndef OVERSTAP_APP_WORKLIST_H
#define OVERSTAP_APP_WORKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/access.h"
#include "app/app.h"

#define WORKLIST_LIMIT_MAX 100
#define WORKLIST_LIMIT_DEFAULT 50
#define WORKLIST_PHASE_MAX 32

struct worklist_filter {
	const char *phase;    /* NULL: every phase */
	const char *gemeente; /* GMxxxx, NULL: every municipality */
	cdate end_from;       /* WW end on or after; 0: open */
	cdate end_to;         /* WW end on or before; 0: open */
	enum store_worklist_sort sort;
	bool desc;
	int64_t after; /* the cursor: the last route id of the previous page; 0 first */
	int limit;     /* 1..WORKLIST_LIMIT_MAX */
};

struct worklist_item {
	int64_t route_id;
	const char *family_name;
	const char *given_names;
	const char *gemeente;
	const char *gemeente_name; /* "" when not a current municipality */
	const char *org;           /* the owner */
	const char *phase;
	cdate ww_end;
	long days_left; /* from today to the WW end (negative once it passed) */
};

/* Borrowed until the callback returns; return 0 to go on. */
typedef int (*worklist_cb)(void *cls, const struct worklist_item *it);

struct worklist_result {
	size_t n;           /* routes handed to cb */
	int64_t next_after; /* the cursor of the next page; 0 when this is the last */
	bool denied;        /* the principal may not see the werkvoorraad */
};

/* Parses a sort name ("ww_end", "name", "gemeente", "phase"); -1 when unknown. */
int worklist_sort_parse(const char *s, enum store_worklist_sort *out);
const char *worklist_sort_name(enum store_worklist_sort s);

/* One page of the werkvoorraad of who, as of today, to cb (after the read
 * and its audit event are committed). APP_OK (res->denied set when not
 * allowed: nothing is shown), APP_INVALID for a bad filter (message in err),
 * APP_FAIL when the store failed. */
int app_worklist(struct app *a, const struct principal *who, const struct worklist_filter *f,
		 cdate today, worklist_cb cb, void *cls, struct worklist_result *res, char *err,
		 size_t errcap);

#endif
