/* Who may see what, end to end: `overstap serve` on a fresh database (both
 * backends), users of every role in an own and another organisation with
 * bearer tokens, and EVERY row of the router's table (router_routes())
 * called as every role from both organisations. Each answer must be the
 * allow or deny the table below says (written from the rules in
 * app/access.h), every denial must be in the audit log with outcome
 * "denied" and the request's id, and the personal-data reads that were
 * allowed must be audited as allowed. Public routes count as allowed for
 * everyone. A new route without a row here fails the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "harness.h"
#include "web/router.h"

static struct h_proc server;

#define N_ROLES 8
#define PASSWORD "een-lang-genoeg-wachtwoord\n"

/* The organisation kind each role works in; "own" is the organisation that
 * owns (UWV) or may see (municipality, through consent) route 1. */
static const struct {
	const char *role;
	const char *own, *other;
} homes[N_ROLES] = {
	{"uwv-adviseur", "UWV-A", "UWV-B"},    {"klantmanager", "GM0363", "GM0599"},
	{"intake", "GM0363", "GM0599"},        {"werkgeversdienstverlener", "GM0363", "GM0599"},
	{"partner", "PARTNER-A", "PARTNER-B"}, {"beleid", "GM0363", "GM0599"},
	{"beheer", "UWV-A", "UWV-B"},          {"auditor", "UWV-A", "UWV-B"},
};

/* Per route name: the request, and who is allowed: "*" everyone, else
 * "role@own role@other ..." (written from the rules, not the code). A row
 * with a status instead (the staff pages) expects that status for every
 * caller: a bearer token never signs a browser in, so a staff page
 * redirects to the sign-in page (303) for every role; test_cli_pages and
 * the browser tests cover the pages with sessions. */
struct expect {
	const char *name;
	const char *path; /* {id} and {code} filled in */
	const char *body; /* NULL: none; "BSN" for {"bsn": the BSN of route 1's person} */
	const char *allowed;
	const char *audit_action; /* allowed calls audited with this action, or NULL */
	const char *ctype;        /* of the body; NULL: application/json */
	int status;               /* not 0: the status every caller gets */
};

#define WW_UPLOAD                                                                                  \
	H_WW_HEADER "111222333,Visser,Eva,1985-03-02,GM0599,2011 AB,3,2025-06-01,2027-01-10\n"

#define MEETING_BODY                                                                               \
	"{\"at\":\"2030-01-01T18:00:00Z\",\"location\":\"Zaal\",\"capacity\":10,\"target\":"       \
	"\"GM0363\",\"wwEndFrom\":\"2027-01-01\",\"wwEndTo\":\"2027-01-31\"}"
#define MEETING_MANAGERS "uwv-adviseur@own beheer@own"
#define MEETING_READERS                                                                            \
	"uwv-adviseur@own beheer@own klantmanager@own intake@own werkgeversdienstverlener@own "    \
	"partner@own"

static const struct expect expects[] = {
	{"healthz", "/healthz", NULL, "*", NULL, NULL},
	{"metrics", "/metrics", NULL, "*", NULL, NULL},
	{"openapi", "/api/v1/openapi.json", NULL, "*", NULL, NULL},
	/* The list: own team's routes, or the municipality's consented ones
	 * (an empty page for "other" is still an allowed call). */
	{"routes_list", "/api/v1/routes", NULL,
	 "uwv-adviseur@own uwv-adviseur@other beheer@own beheer@other klantmanager@own "
	 "klantmanager@other intake@own intake@other werkgeversdienstverlener@own "
	 "werkgeversdienstverlener@other",
	 NULL, NULL},
	{"route_get", "/api/v1/routes/1", NULL,
	 "uwv-adviseur@own beheer@own klantmanager@own intake@own "
	 "werkgeversdienstverlener@own",
	 "read_route", NULL},
	{"ww_benefit_get", "/api/v1/ww-benefits/1", NULL,
	 "uwv-adviseur@own beheer@own klantmanager@own intake@own "
	 "werkgeversdienstverlener@own",
	 "read_benefit", NULL},
	{"route_event_add", "/api/v1/routes/1/events", "{\"note\":\"gebeld\"}",
	 "uwv-adviseur@own klantmanager@own intake@own", "write_route", NULL},
	{"persons_zoek", "/api/v1/persons/_zoek", "BSN",
	 "uwv-adviseur@own beheer@own klantmanager@own intake@own werkgeversdienstverlener@own",
	 "search_person", NULL},
	{"organisations_list", "/api/v1/organisations", NULL, "*", NULL, NULL},
	{"organisation_get", "/api/v1/organisations/GM0363", NULL, "*", NULL, NULL},
	{"users_list", "/api/v1/users", NULL, "beheer@own beheer@other", "read_users", NULL},
	{"consent_add", "/api/v1/consents", "{\"routeId\":2,\"purpose\":\"test\"}",
	 "uwv-adviseur@own", "add_consent", NULL},
	/* A run over the caller's own team: "other" is another team's own run. */
	{"signal_run", "/api/v1/signal-runs", "{\"date\":\"2026-11-30\"}",
	 "uwv-adviseur@own uwv-adviseur@other beheer@own beheer@other", NULL, NULL},
	/* An import for the caller's own team. */
	{"import_add", "/api/v1/imports", WW_UPLOAD, "uwv-adviseur@own uwv-adviseur@other",
	 "import_ww", "text/csv"},
	/* Staff pages (public ones answer everyone; a POST without the form's
	 * token is refused before anything happens). */
	{"static", "/static/overstap.css", NULL, "*", NULL, NULL},
	{"page_signin", "/inloggen", NULL, "*", NULL, NULL},
	{"page_signin_post", "/inloggen", NULL, NULL, NULL, NULL, 400},
	{"page_signout", "/uitloggen", NULL, NULL, NULL, NULL, 303},
	{"page_extend", "/sessie/verlengen", NULL, NULL, NULL, NULL, 303},
	{"page_password", "/wachtwoord", NULL, NULL, NULL, NULL, 303},
	{"page_password_post", "/wachtwoord", NULL, NULL, NULL, NULL, 303},
	{"page_start", "/", NULL, NULL, NULL, NULL, 303},
	{"page_worklist", "/werkvoorraad", NULL, NULL, NULL, NULL, 303},
	{"page_import", "/import", NULL, NULL, NULL, NULL, 303},
	{"page_import_post", "/import", NULL, NULL, NULL, NULL, 303},
	/* Meetings (build(): 1 in the past with routes 1 and 2 invited, 2 and
	 * 3 to come; all organised by UWV-A for GM0363 with PARTNER-A). The
	 * list and a new meeting concern the caller's own organisation. */
	{"meetings_list", "/api/v1/meetings", NULL,
	 "uwv-adviseur@own uwv-adviseur@other beheer@own beheer@other klantmanager@own "
	 "klantmanager@other intake@own intake@other werkgeversdienstverlener@own "
	 "werkgeversdienstverlener@other partner@own partner@other",
	 NULL, NULL},
	{"meeting_add", "/api/v1/meetings", MEETING_BODY,
	 "uwv-adviseur@own uwv-adviseur@other beheer@own beheer@other klantmanager@own "
	 "klantmanager@other intake@own intake@other werkgeversdienstverlener@own "
	 "werkgeversdienstverlener@other",
	 NULL, NULL},
	{"meeting_get", "/api/v1/meetings/1", NULL, MEETING_READERS, NULL, NULL},
	{"meeting_invite", "/api/v1/meetings/1/invitations", NULL, MEETING_MANAGERS, NULL, NULL},
	{"meeting_cancel", "/api/v1/meetings/2/cancellation", "{}", MEETING_MANAGERS, NULL, NULL},
	{"meeting_move", "/api/v1/meetings/3/move", "{\"location\":\"Bibliotheek\"}",
	 MEETING_MANAGERS, NULL, NULL},
	{"meeting_attendance", "/api/v1/meetings/1/attendance", "{\"invitationIds\":[1]}",
	 MEETING_MANAGERS, NULL, NULL},
	{"meeting_funnel", "/api/v1/meetings/1/funnel", NULL, MEETING_READERS " beleid@own", NULL,
	 NULL},
	{"meeting_ics", "/api/v1/meetings/1/meeting.ics", NULL, MEETING_READERS, NULL, NULL},
	{"meetings_report", "/api/v1/reports/meetings", NULL,
	 "uwv-adviseur@own uwv-adviseur@other beheer@own beheer@other klantmanager@own "
	 "klantmanager@other intake@own intake@other werkgeversdienstverlener@own "
	 "werkgeversdienstverlener@other beleid@own beleid@other",
	 NULL, NULL},
	{"page_route", "/trajecten/1", NULL, NULL, NULL, NULL, 303},
	{"page_route_post", "/trajecten/1", NULL, NULL, NULL, NULL, 303},
	{"page_meetings", "/bijeenkomsten", NULL, NULL, NULL, NULL, 303},
	{"page_meeting", "/bijeenkomsten/1", NULL, NULL, NULL, NULL, 303},
	{"page_attendance", "/bijeenkomsten/1/aanwezigheid", NULL, NULL, NULL, NULL, 303},
	{"page_attendance_post", "/bijeenkomsten/1/aanwezigheid", NULL, NULL, NULL, NULL, 303},
	/* The residents' RSVP pages ({rsvp}: the code of an invitation of route
	 * 1): public, whoever calls; the POST without the form's token is
	 * refused, and the calendar is only for an accepted invitation. */
	{"page_rsvp_start", "/uitnodiging", NULL, "*", NULL, NULL},
	{"page_rsvp", "/uitnodiging/{rsvp}", NULL, "*", NULL, NULL},
	{"page_rsvp_post", "/uitnodiging/{rsvp}", NULL, NULL, NULL, NULL, 400},
	{"page_rsvp_ics", "/uitnodiging/{rsvp}/bijeenkomst.ics", NULL, NULL, NULL, NULL, 404},
};

static const struct expect *find_expect(const char *name)
{
	for (size_t i = 0; i < sizeof expects / sizeof expects[0]; i++)
		if (strcmp(expects[i].name, name) == 0)
			return &expects[i];
	return NULL;
}

static bool allowed(const struct expect *x, const char *role, bool own)
{
	char want[64];
	if (strcmp(x->allowed, "*") == 0)
		return true;
	snprintf(want, sizeof want, "%s@%s", role, own ? "own" : "other");
	size_t n = strlen(want);
	for (const char *p = x->allowed; (p = strstr(p, want)) != NULL; p++)
		if ((p == x->allowed || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

struct world {
	struct h_env *e;
	int port;
	char tokens[N_ROLES][2][ACCOUNT_TOKEN_LEN + 1];
	char bsn[10];
	char rsvp[32]; /* the RSVP code of route 1's invitation */
};

/* x's path with {rsvp} replaced by w's RSVP code. */
static void fill_path(const struct world *w, const char *path, char *out, size_t cap)
{
	const char *p = strstr(path, "{rsvp}");
	if (!p)
		snprintf(out, cap, "%s", path);
	else
		snprintf(out, cap, "%.*s%s%s", (int)(p - path), path, w->rsvp, p + 6);
}

/* Runs the binary with the arguments (NULL-terminated) and --db; must exit 0. */
static void cli(struct h_env *e, const char *in, ...) __attribute__((sentinel));
static void cli(struct h_env *e, const char *in, ...)
{
	const char *argv[16];
	size_t n = 0;
	va_list ap;
	va_start(ap, in);
	for (const char *a; (a = va_arg(ap, const char *)) != NULL && n < 13;)
		argv[n++] = a;
	va_end(ap);
	argv[n++] = "--db";
	argv[n++] = e->db;
	argv[n] = NULL;
	struct h_run r;
	if (h_runv(&r, in, argv) != 0)
		fail_msg("overstap %s %s: exit %d\n%s", argv[0], argv[1], r.status, r.err);
	h_run_free(&r);
}

/* Organisations, two routes owned by UWV-A in GM0363, users and tokens,
 * and a consent of route 1's person for GM0363. */
static void build(struct world *w, struct h_env *e)
{
	w->e = e;
	struct h_run r;
	h_expect(&r, 0, NULL, "init", "--db", e->db, NULL);
	h_run_free(&r);
	const char *uwv[] = {"UWV-A", "UWV-B"}, *partners[] = {"PARTNER-A", "PARTNER-B"};
	for (int i = 0; i < 2; i++) {
		cli(e, NULL, "org", "add", "--code", uwv[i], "--kind", "uwv", "--name", uwv[i],
		    NULL);
		cli(e, NULL, "org", "add", "--code", partners[i], "--kind", "partner", "--name",
		    partners[i], NULL);
	}
	char csv[1024] = H_WW_HEADER, bsn2[10];
	h_bsn(1, w->bsn);
	h_bsn(2, bsn2);
	size_t n = strlen(csv);
	h_ww_row(csv + n, sizeof csv - n, w->bsn, "GM0363", "2025-06-01", "2027-01-15");
	n = strlen(csv);
	h_ww_row(csv + n, sizeof csv - n, bsn2, "GM0363", "2025-06-01", "2027-01-20");
	h_writes(h_path(e, "ww.csv"), csv);
	cli(e, NULL, "import", "ww", h_path(e, "ww.csv"), "--org", "UWV-A", NULL);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM route"), 2);
	for (int i = 0; i < N_ROLES; i++)
		for (int o = 0; o < 2; o++) {
			char email[96];
			snprintf(email, sizeof email, "%s.%d@example.nl", homes[i].role, o);
			cli(e, PASSWORD, "user", "add", "--org", o ? homes[i].other : homes[i].own,
			    "--role", homes[i].role, "--email", email, NULL);
			h_expect(&r, 0, NULL, "token", "add", "--user", email, "--db", e->db, NULL);
			assert_int_equal(strlen(r.out), ACCOUNT_TOKEN_LEN + 1);
			memcpy(w->tokens[i][o], r.out, ACCOUNT_TOKEN_LEN);
			w->tokens[i][o][ACCOUNT_TOKEN_LEN] = '\0';
			h_run_free(&r);
		}
	/* Meetings: 1 has started (attendance can be taken), 2 and 3 are to
	 * come; routes 1 and 2 are invited to 1. */
	const char *at[] = {"2026-06-13 19:30", "2030-06-13 19:30", "2030-06-20 19:30"};
	for (int i = 0; i < 3; i++) {
		h_expect(&r, 0, NULL, "meeting", "add", "--org", "UWV-A", "--at", at[i],
			 "--location", "Stadhuis", "--capacity", "10", "--target", "GM0363",
			 "--ww-end-from", "2027-01-01", "--ww-end-to", "2027-01-31", "--presenter",
			 "PARTNER-A", "--db", e->db, NULL);
		h_run_free(&r);
	}
	h_expect(&r, 0, NULL, "meeting", "invite", "1", "--db", e->db, NULL);
	assert_string_equal(r.out, "2\n");
	h_run_free(&r);
	/* Route 1's RSVP code for meeting 3, which stays to come (2 is
	 * cancelled by the table's meeting_cancel row; 3 only moves place). */
	h_expect(&r, 0, NULL, "meeting", "invite", "3", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "meeting", "invitees", "3", "--purpose", "test", "--format", "json",
		 "--db", e->db, NULL);
	json_t *inv = json_loads(r.out, 0, NULL);
	const char *code = json_string_value(json_object_get(json_array_get(inv, 0), "code"));
	assert_non_null(code);
	snprintf(w->rsvp, sizeof w->rsvp, "%s", code);
	json_decref(inv);
	h_run_free(&r);
	w->port = h_serve(&server, e, h_path(e, "serve.log"), NULL);
	/* The consent, through the API, by the owning team's adviser. */
	char hdr[160];
	struct h_reply rep;
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n",
		 w->tokens[0][0]);
	h_http_req(w->port, "POST", "/api/v1/consents", hdr,
		   "{\"routeId\":1,\"toOrganisation\":\"GM0363\",\"purpose\":\"warme overdracht\","
		   "\"source\":\"formulier\"}",
		   &rep);
	if (rep.status != 201)
		fail_msg("consent: %d %s", rep.status, rep.body);
	h_reply_free(&rep);
}

/* Every route x role x own/other organisation. */
static void every_route_every_role(void **state)
{
	struct h_env *e = *state;
	struct world w;
	build(&w, e);
	size_t n;
	const struct route *t = router_routes(&n);
	char *denied_ids = calloc(1, 64 * 1024), *allowed_ids = calloc(1, 64 * 1024);
	assert_non_null(denied_ids);
	assert_non_null(allowed_ids);
	int calls = 0, denials = 0;
	for (size_t i = 0; i < n; i++) {
		const struct expect *x = find_expect(t[i].name);
		if (!x)
			fail_msg("route %s (%s %s) has no row in this test's table", t[i].name,
				 t[i].method, t[i].pattern);
		for (int ro = 0; ro < N_ROLES; ro++)
			for (int o = 0; o < 2; o++) {
				char rid[64], hdr[320], body[512], path[256];
				fill_path(&w, x->path, path, sizeof path);
				snprintf(rid, sizeof rid, "t-%s-%d-%d", t[i].name, ro, o);
				snprintf(hdr, sizeof hdr,
					 "Authorization: Bearer %s\r\nX-Request-ID: %s\r\n%s",
					 w.tokens[ro][o], rid,
					 !x->body   ? ""
					 : x->ctype ? "Content-Type: text/csv\r\n"
						    : "Content-Type: application/json\r\n");
				if (x->body && strcmp(x->body, "BSN") == 0)
					snprintf(body, sizeof body, "{\"bsn\":\"%s\"}", w.bsn);
				else if (x->body)
					snprintf(body, sizeof body, "%s", x->body);
				struct h_reply rep;
				h_http_req(w.port, t[i].method, path, hdr, x->body ? body : NULL,
					   &rep);
				assert_true(h_reply_header(&rep, "X-Request-ID", rid));
				calls++;
				if (x->status) {
					if (rep.status != x->status)
						fail_msg("%s %s as %s: %d, want %d", t[i].method,
							 x->path, homes[ro].role, rep.status,
							 x->status);
					h_reply_free(&rep);
					continue;
				}
				bool want = allowed(x, homes[ro].role, o == 0);
				bool got = rep.status >= 200 && rep.status < 300;
				bool deny_status =
					rep.status == 403 ||
					(rep.status == 404 && strcmp(x->name, "persons_zoek") == 0);
				if (got != want || (!want && !deny_status))
					fail_msg("%s %s as %s at %s: %d, want %s\n%s", t[i].method,
						 x->path, homes[ro].role,
						 o ? homes[ro].other : homes[ro].own, rep.status,
						 want ? "allow" : "deny", rep.body);
				char *list = want ? allowed_ids : denied_ids;
				if ((!want || x->audit_action) && t[i].auth == AUTH_STAFF) {
					size_t used = strlen(list);
					snprintf(list + used, 64 * 1024 - used, "%s\n", rid);
				}
				denials += !want;
				h_reply_free(&rep);
			}
	}
	assert_int_equal(calls, (int)n * N_ROLES * 2);
	assert_true(denials > 0);
	/* Every denial, and every allowed personal-data call, is in the log. */
	long waited;
	assert_int_equal(h_proc_stop(&server, 5000, &waited), 0);
	struct h_run r;
	h_expect(&r, 0, NULL, "audit", "export", "--db", e->db, NULL);
	for (int pass = 0; pass < 2; pass++) {
		char *list = pass ? allowed_ids : denied_ids;
		for (char *id = strtok(list, "\n"); id; id = strtok(NULL, "\n")) {
			char needle[160];
			snprintf(needle, sizeof needle, "\"outcome\":\"%s\",\"request_id\":\"%s\"",
				 pass ? "allowed" : "denied", id);
			if (!h_contains(r.out, needle))
				fail_msg("no %s audit event for request %s",
					 pass ? "allowed" : "denied", id);
		}
	}
	/* The BSN searched for is nowhere in the log or the audit trail. */
	assert_false(h_contains(r.out, w.bsn));
	char *log = h_read(h_path(e, "serve.log"), NULL);
	assert_non_null(log);
	assert_false(h_contains(log, w.bsn));
	assert_false(h_contains(log, "Jansen"));
	/* Each request's id is in its access line; paths and bodies are not. */
	assert_true(h_contains(log, "\"route\":\"route_get\",\"status\":200"));
	assert_true(h_contains(log, "\"request_id\":\"t-route_get-0-0\"}"));
	assert_false(h_contains(log, "/api/v1/routes/1"));
	assert_false(h_contains(log, "gebeld"));
	assert_false(h_contains(log, w.rsvp)); /* an RSVP code is a capability */
	free(log);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "audit", "verify", "--db", e->db, NULL);
	h_run_free(&r);
	free(denied_ids);
	free(allowed_ids);
}

/* GET /api/v1/routes as role index ro (0 own, 1 other); the parsed body
 * when the status is 200, else NULL (the status in *status). */
static json_t *list(const struct world *w, int ro, int o, const char *query, int *status)
{
	char hdr[160], path[256];
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", w->tokens[ro][o]);
	snprintf(path, sizeof path, "/api/v1/routes%s", query);
	struct h_reply rep;
	h_http_req(w->port, "GET", path, hdr, NULL, &rep);
	*status = rep.status;
	json_t *j = rep.status == 200 ? json_loads(rep.body, 0, NULL) : NULL;
	if (rep.status == 200 && !j)
		fail_msg("not JSON: %s", rep.body);
	h_reply_free(&rep);
	return j;
}

static size_t n_items(json_t *j)
{
	return json_array_size(json_object_get(j, "items"));
}

static int64_t item_id(json_t *j, size_t i)
{
	return json_integer_value(
		json_object_get(json_array_get(json_object_get(j, "items"), i), "id"));
}

/* The werkvoorraad list: the owning team pages through its routes with the
 * next link (filters kept), a municipality sees only the consented route,
 * policy staff are refused, bad filters are reported by name. */
static void routes_list_pages_and_filters(void **state)
{
	struct h_env *e = *state;
	struct world w;
	build(&w, e);
	int st;
	json_t *j = list(&w, 0, 0, "?limit=1&sort=ww_end", &st);
	assert_int_equal(st, 200);
	assert_int_equal(n_items(j), 1);
	assert_int_equal(item_id(j, 0), 1); /* WW ends 2027-01-15, before route 2 */
	const char *next = json_string_value(
		json_object_get(json_object_get(json_object_get(j, "_links"), "next"), "href"));
	assert_non_null(next);
	assert_non_null(strstr(next, "sort=ww_end"));
	json_t *j2 = list(&w, 0, 0, next + strlen("/api/v1/routes"), &st);
	assert_int_equal(st, 200);
	assert_int_equal(n_items(j2), 1);
	assert_int_equal(item_id(j2, 0), 2);
	assert_null(json_object_get(json_object_get(j2, "_links"), "next"));
	json_decref(j2);
	json_decref(j);
	/* Filters: the WW end range and the phase. */
	j = list(&w, 0, 0, "?wwEndFrom=2027-01-16&wwEndTo=2027-01-31", &st);
	assert_int_equal(n_items(j), 1);
	assert_int_equal(item_id(j, 0), 2);
	json_decref(j);
	j = list(&w, 0, 0, "?fase=gesloten", &st);
	assert_int_equal(n_items(j), 0);
	json_decref(j);
	/* Another UWV team sees none of UWV-A's routes. */
	j = list(&w, 0, 1, "", &st);
	assert_int_equal(st, 200);
	assert_int_equal(n_items(j), 0);
	json_decref(j);
	/* The municipality: only route 1, whose person consented (build()). */
	j = list(&w, 1, 0, "", &st);
	assert_int_equal(st, 200);
	assert_int_equal(n_items(j), 1);
	assert_int_equal(item_id(j, 0), 1);
	json_decref(j);
	j = list(&w, 1, 1, "", &st);
	assert_int_equal(n_items(j), 0);
	json_decref(j);
	/* Policy staff see no persons. */
	assert_null(list(&w, 5, 0, "", &st));
	assert_int_equal(st, 403);
	/* Every bad filter at once. */
	char hdr[160];
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", w.tokens[0][0]);
	struct h_reply rep;
	h_http_req(w.port, "GET", "/api/v1/routes?gemeente=XX&sort=age&wwEndFrom=2027-02-30", hdr,
		   NULL, &rep);
	assert_int_equal(rep.status, 400);
	assert_true(h_contains(rep.body, "\"name\":\"gemeente\""));
	assert_true(h_contains(rep.body, "\"name\":\"sort\""));
	assert_true(h_contains(rep.body, "\"name\":\"wwEndFrom\""));
	h_reply_free(&rep);
	assert_int_equal(h_proc_stop(&server, 5000, NULL), 0);
}

/* Without a valid token every staff route answers 401 with a challenge, the
 * same for a missing, malformed, unknown, revoked token or a disabled user. */
static void staff_routes_need_a_valid_token(void **state)
{
	struct h_env *e = *state;
	struct world w;
	build(&w, e);
	/* Revoke the klantmanager's own token; disable the intake's user. */
	h_db_exec(e->db, "UPDATE api_token SET revoked_at = 1 WHERE user_id = (SELECT id FROM "
			 "user_account WHERE email = 'klantmanager.0@example.nl')");
	h_db_exec(e->db, "UPDATE user_account SET disabled_at = 1 WHERE email = "
			 "'intake.0@example.nl'");
	char unknown[ACCOUNT_TOKEN_LEN + 1];
	memcpy(unknown, w.tokens[0][0], sizeof unknown);
	unknown[10] = unknown[10] == 'A' ? 'B' : 'A';
	char h_rev[128], h_dis[128], h_unk[128];
	snprintf(h_rev, sizeof h_rev, "Authorization: Bearer %s\r\n", w.tokens[1][0]);
	snprintf(h_dis, sizeof h_dis, "Authorization: Bearer %s\r\n", w.tokens[2][0]);
	snprintf(h_unk, sizeof h_unk, "Authorization: Bearer %s\r\n", unknown);
	const char *headers[] = {
		NULL, "Authorization: Basic YTpi\r\n", "Authorization: Bearer x\r\n", h_unk, h_rev,
		h_dis};
	size_t n;
	const struct route *t = router_routes(&n);
	int checked = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i].auth != AUTH_STAFF || route_is_page(&t[i]))
			continue; /* pages redirect to the sign-in page (above) */
		const struct expect *x = find_expect(t[i].name);
		assert_non_null(x);
		for (size_t k = 0; k < sizeof headers / sizeof headers[0]; k++) {
			struct h_reply rep;
			h_http_req(w.port, t[i].method, x->path, headers[k], NULL, &rep);
			if (rep.status != 401)
				fail_msg("%s with header %zu: %d", t[i].name, k, rep.status);
			assert_true(
				h_reply_header(&rep, "Content-Type", "application/problem+json"));
			assert_true(h_reply_header(&rep, "WWW-Authenticate",
						   k == 0 ? "Bearer realm=\"overstap\""
							  : "Bearer realm=\"overstap\", "
							    "error=\"invalid_token\""));
			/* Unknown, revoked and disabled read exactly alike. */
			if (k >= 3) {
				static char first[512];
				if (k == 3)
					snprintf(first, sizeof first, "%s", rep.body);
				else
					assert_string_equal(rep.body, first);
			}
			h_reply_free(&rep);
			checked++;
		}
	}
	assert_true(checked >= 6);
	h_proc_stop(&server, 5000, NULL);
}

/* A 400 lists every invalid member; bodies over the route's limit are 413;
 * CORS only for origins on the list. */
static void input_errors_and_cors(void **state)
{
	struct h_env *e = *state;
	struct world w;
	build(&w, e);
	h_proc_stop(&server, 5000, NULL);
	const char *extra[] = {"--cors-origin", "https://app.example.nl", NULL};
	w.port = h_serve(&server, e, h_path(e, "serve2.log"), extra);
	char hdr[256];
	snprintf(hdr, sizeof hdr,
		 "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
		 "Origin: https://app.example.nl\r\n",
		 w.tokens[0][0]);
	struct h_reply rep;
	h_http_req(w.port, "POST", "/api/v1/consents", hdr,
		   "{\"routeId\":\"1\",\"purpose\":\"\",\"expiresOn\":\"2027-02-30\",\"x\":1}",
		   &rep);
	assert_int_equal(rep.status, 400);
	assert_true(h_reply_header(&rep, "Access-Control-Allow-Origin", "https://app.example.nl"));
	json_t *j = json_loads(rep.body, 0, NULL);
	assert_non_null(j);
	json_t *inv = json_object_get(j, "invalidParams");
	assert_int_equal(json_array_size(inv), 4);
	const char *names[] = {"routeId", "purpose", "expiresOn", "x"};
	for (size_t i = 0; i < 4; i++) {
		bool found = false;
		for (size_t k = 0; k < 4; k++)
			found = found || strcmp(json_string_value(json_object_get(
							json_array_get(inv, k), "name")),
						names[i]) == 0;
		assert_true(found);
	}
	json_decref(j);
	h_reply_free(&rep);
	/* Not JSON at all. */
	h_http_req(w.port, "POST", "/api/v1/consents", hdr, "routeId=1", &rep);
	assert_int_equal(rep.status, 400);
	assert_true(h_contains(rep.body, "\"name\":\"body\""));
	h_reply_free(&rep);
	/* JSON under another media type. */
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\nContent-Type: text/plain\r\n",
		 w.tokens[0][0]);
	h_http_req(w.port, "POST", "/api/v1/consents", hdr, "{\"routeId\":1,\"purpose\":\"x\"}",
		   &rep);
	assert_int_equal(rep.status, 415);
	h_reply_free(&rep);
	snprintf(hdr, sizeof hdr,
		 "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
		 "Origin: https://app.example.nl\r\n",
		 w.tokens[0][0]);
	/* Too large for the route. */
	char *big = malloc(10000);
	assert_non_null(big);
	memset(big, ' ', 9999);
	big[0] = '{';
	big[9998] = '}';
	big[9999] = '\0';
	h_http_req(w.port, "POST", "/api/v1/consents", hdr, big, &rep);
	assert_int_equal(rep.status, 413);
	h_reply_free(&rep);
	free(big);
	/* A WW file with a bad row: 400 with the CLI's report, line by line,
	 * never naming the temporary file; the wrong media type is 415. */
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\nContent-Type: text/csv\r\n",
		 w.tokens[0][0]);
	h_http_req(w.port, "POST", "/api/v1/imports", hdr,
		   H_WW_HEADER "123456789,Visser,Eva,1985-03-02,GM0599,2011 AB,3,2025-06-01,"
			       "2027-01-10\n",
		   &rep);
	assert_int_equal(rep.status, 400);
	assert_true(h_reply_header(&rep, "Content-Type", "application/problem+json"));
	assert_true(h_contains(rep.body, "\"line\":2,\"field\":\"bsn\""));
	assert_false(h_contains(rep.body, "overstap-body"));
	h_reply_free(&rep);
	h_http_req(w.port, "POST", "/api/v1/imports",
		   "Authorization: Bearer x\r\nContent-Type: text/csv\r\n", "a", &rep);
	assert_int_equal(rep.status, 401);
	h_reply_free(&rep);
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\nContent-Type: text/plain\r\n",
		 w.tokens[0][0]);
	h_http_req(w.port, "POST", "/api/v1/imports", hdr, "a,b\n", &rep);
	assert_int_equal(rep.status, 415);
	h_reply_free(&rep);
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\nContent-Type: text/csv\r\n",
		 w.tokens[0][0]);
	h_http_req(w.port, "POST", "/api/v1/imports", hdr, WW_UPLOAD, &rep);
	assert_int_equal(rep.status, 201);
	assert_true(h_contains(rep.body, "\"inserted\":1"));
	h_reply_free(&rep);
	/* Another origin: no CORS headers; a preflight from the listed one. */
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\nOrigin: https://evil.example\r\n",
		 w.tokens[0][0]);
	h_http_req(w.port, "GET", "/api/v1/routes/1", hdr, NULL, &rep);
	assert_int_equal(rep.status, 200);
	assert_false(h_contains(rep.head, "Access-Control-Allow-Origin"));
	h_reply_free(&rep);
	h_http_req(w.port, "OPTIONS", "/api/v1/routes/1/events",
		   "Origin: https://app.example.nl\r\nAccess-Control-Request-Method: POST\r\n",
		   NULL, &rep);
	assert_int_equal(rep.status, 204);
	assert_true(h_reply_header(&rep, "Access-Control-Allow-Methods", "POST"));
	h_reply_free(&rep);
	/* A bad incoming request id is replaced, a good one echoed. */
	h_http_req(w.port, "GET", "/healthz", "X-Request-ID: abc\"def\r\n", NULL, &rep);
	assert_false(h_contains(rep.head, "abc\"def")); /* (32 random hex digits may hold "abc") */
	assert_true(h_contains(rep.head, "X-Request-ID: "));
	h_reply_free(&rep);
	/* Events page with a next link. */
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", w.tokens[0][0]);
	h_http_req(w.port, "GET", "/api/v1/routes/1?limit=1", hdr, NULL, &rep);
	assert_int_equal(rep.status, 200);
	j = json_loads(rep.body, 0, NULL);
	assert_non_null(j);
	const char *next = json_string_value(
		json_object_get(json_object_get(json_object_get(j, "_links"), "next"), "href"));
	assert_non_null(next);
	char path[160];
	snprintf(path, sizeof path, "%s", next);
	json_decref(j);
	h_reply_free(&rep);
	h_http_req(w.port, "GET", path, hdr, NULL, &rep);
	assert_int_equal(rep.status, 200);
	assert_true(h_contains(rep.body, "\"kind\":\"consent\"") ||
		    h_contains(rep.body, "\"events\":["));
	h_reply_free(&rep);
	h_proc_stop(&server, 5000, NULL);
}

static int teardown(void **state)
{
	h_proc_stop(&server, 5000, NULL);
	return h_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_route_every_role, h_setup, teardown),
		cmocka_unit_test_setup_teardown(staff_routes_need_a_valid_token, h_setup, teardown),
		cmocka_unit_test_setup_teardown(input_errors_and_cors, h_setup, teardown),
		cmocka_unit_test_setup_teardown(routes_list_pages_and_filters, h_setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
