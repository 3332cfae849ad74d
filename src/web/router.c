/* The route table and the dispatcher (libmicrohttpd callbacks). */
#include "web/router.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/api.h"
#include "web/auth.h"
#include "web/cors.h"
#include "web/form.h"
#include "web/page.h"
#include "web/problem.h"
#include "web/req.h"
#include "web/server.h"
#include "web/session.h"

#define PAGE_FORM_MAX (16 * 1024)           /* a sign-in or password form */
#define PAGE_UPLOAD_MAX (256 * 1024 * 1024) /* a WW file */

/* Every endpoint. A new one: a row here, its handler file, its test. */
static const struct route routes[] = {
	{"GET", "/healthz", api_healthz, 0, "healthz",
	 "Gezondheid: ok wanneer de database antwoordt", "text/plain", AUTH_PUBLIC},
	{"GET", "/metrics", api_metrics, 0, "metrics", "Meetwaarden in Prometheus-tekstformaat",
	 "text/plain", AUTH_PUBLIC},
	{"GET", "/api/v1/openapi.json", api_openapi, 0, "openapi",
	 "Deze API-beschrijving (OpenAPI 3.1)", "application/json", AUTH_PUBLIC},
	{"GET", "/api/v1/routes", api_routes_list, 0, "routes_list",
	 "De werkvoorraad: trajecten die de beller mag zien, gefilterd en gepagineerd",
	 "application/json", AUTH_STAFF, &api_doc_routes_list},
	{"GET", "/api/v1/routes/{id}", api_route_get, 0, "route_get",
	 "Een traject met persoon, WW-uitkering en gebeurtenissen", "application/json", AUTH_STAFF,
	 &api_doc_route_get},
	{"POST", "/api/v1/routes/{id}/events", api_route_events_post, 8192, "route_event_add",
	 "Een notitie of een nieuwe fase toevoegen aan een traject", "application/json", AUTH_STAFF,
	 &api_doc_route_event_add},
	{"POST", "/api/v1/persons/_zoek", api_persons_zoek, 1024, "persons_zoek",
	 "Een persoon zoeken op BSN (het BSN staat in de body, nooit in de URL)",
	 "application/json", AUTH_STAFF, &api_doc_persons_zoek},
	{"GET", "/api/v1/organisations", api_organisations_list, 0, "organisations_list",
	 "Gemeenten, UWV-teams en partners", "application/json", AUTH_STAFF,
	 &api_doc_organisations_list},
	{"GET", "/api/v1/organisations/{code}", api_organisations_get, 0, "organisation_get",
	 "Een organisatie", "application/json", AUTH_STAFF, &api_doc_organisation_get},
	{"GET", "/api/v1/users", api_users_list, 0, "users_list",
	 "De medewerkers van de eigen organisatie (beheer)", "application/json", AUTH_STAFF,
	 &api_doc_users_list},
	{"POST", "/api/v1/consents", api_consents_post, 4096, "consent_add",
	 "Een toestemming vastleggen (warme overdracht van UWV naar gemeente)", "application/json",
	 AUTH_STAFF, &api_doc_consent_add},
	{"POST", "/api/v1/signal-runs", api_signal_runs_post, 1024, "signal_run",
	 "Max-WW-signalering draaien voor de eigen UWV-gegevens", "application/json", AUTH_STAFF,
	 &api_doc_signal_run},
	{"POST", "/api/v1/imports", api_imports_post, 64 * 1024 * 1024, "import_add",
	 "Een WW-bestand (CSV) inlezen voor het eigen UWV-team", "application/json", AUTH_STAFF,
	 &api_doc_import_add},
	{"GET", "/api/v1/ww-benefits/{id}", api_ww_benefits_get, 0, "ww_benefit_get",
	 "Een WW-uitkering", "application/json", AUTH_STAFF, &api_doc_ww_benefit_get},
	/* Meetings (issue 5). */
	{"GET", "/api/v1/meetings", api_meetings_list, 0, "meetings_list",
	 "De bijeenkomsten die de eigen organisatie organiseert of waarvoor zij doelgemeente is",
	 "application/json", AUTH_STAFF, &api_doc_meetings_list},
	{"POST", "/api/v1/meetings", api_meetings_post, 4096, "meeting_add",
	 "Een informatiebijeenkomst van de eigen organisatie plannen", "application/json",
	 AUTH_STAFF, &api_doc_meeting_add},
	{"GET", "/api/v1/meetings/{id}", api_meetings_get, 0, "meeting_get",
	 "Een bijeenkomst (zonder namen)", "application/json", AUTH_STAFF, &api_doc_meeting_get},
	{"POST", "/api/v1/meetings/{id}/invitations", api_meeting_invitations_post, 0,
	 "meeting_invite", "Uitnodigingen maken voor wie nog niet is uitgenodigd (idempotent)",
	 "application/json", AUTH_STAFF, &api_doc_meeting_invite},
	{"POST", "/api/v1/meetings/{id}/cancellation", api_meeting_cancellation_post, 1024,
	 "meeting_cancel", "Een bijeenkomst afzeggen (bericht aan alle genodigden)",
	 "application/json", AUTH_STAFF, &api_doc_meeting_cancel},
	{"POST", "/api/v1/meetings/{id}/move", api_meeting_move_post, 1024, "meeting_move",
	 "Een bijeenkomst verplaatsen naar een ander tijdstip of een andere plaats",
	 "application/json", AUTH_STAFF, &api_doc_meeting_move},
	{"POST", "/api/v1/meetings/{id}/attendance", api_meeting_attendance_post, 256 * 1024,
	 "meeting_attendance", "Aanwezigheid vastleggen (alles of niets)", "application/json",
	 AUTH_STAFF, &api_doc_meeting_attendance},
	{"GET", "/api/v1/meetings/{id}/funnel", api_meeting_funnel_get, 0, "meeting_funnel",
	 "De trechter van een bijeenkomst met 95%-Wilson-intervallen (alleen aantallen)",
	 "application/json", AUTH_STAFF, &api_doc_meeting_funnel},
	{"GET", "/api/v1/meetings/{id}/meeting.ics", api_meeting_ics_get, 0, "meeting_ics",
	 "De bijeenkomst als agendabestand (iCalendar)", "text/calendar", AUTH_STAFF,
	 &api_doc_meeting_ics},
	{"GET", "/api/v1/reports/meetings", api_meetings_report_get, 0, "meetings_report",
	 "De trechters van de bijeenkomsten van een organisatie (alleen aantallen)",
	 "application/json", AUTH_STAFF, &api_doc_meetings_report},
	/* Staff pages (web/page.h). */
	{"GET", "/static/{file}", page_static, 0, "static", "Stijlbladen en paginascript",
	 "text/css", AUTH_PUBLIC},
	{"GET", "/inloggen", page_signin_form, 0, "page_signin", "Inloggen (pagina)", "text/html",
	 AUTH_PUBLIC},
	{"POST", "/inloggen", page_signin, PAGE_FORM_MAX, "page_signin_post", "Inloggen",
	 "text/html", AUTH_PUBLIC},
	{"POST", "/uitloggen", page_signout, PAGE_FORM_MAX, "page_signout", "Uitloggen",
	 "text/html", AUTH_STAFF},
	{"POST", "/sessie/verlengen", page_extend, PAGE_FORM_MAX, "page_extend", "Sessie verlengen",
	 "text/html", AUTH_STAFF},
	{"GET", "/wachtwoord", page_password_form, 0, "page_password",
	 "Wachtwoord wijzigen (pagina)", "text/html", AUTH_STAFF},
	{"POST", "/wachtwoord", page_password, PAGE_FORM_MAX, "page_password_post",
	 "Wachtwoord wijzigen", "text/html", AUTH_STAFF},
	{"GET", "/", page_start, 0, "page_start", "Startpagina", "text/html", AUTH_STAFF},
	{"GET", "/werkvoorraad", page_worklist, 0, "page_worklist", "Werkvoorraad", "text/html",
	 AUTH_STAFF},
	{"GET", "/import", page_import_form, 0, "page_import", "WW-bestand inlezen (pagina)",
	 "text/html", AUTH_STAFF},
	{"POST", "/import", page_import, PAGE_UPLOAD_MAX, "page_import_post", "WW-bestand inlezen",
	 "text/html", AUTH_STAFF},
	{"GET", "/trajecten/{id}", page_route, 0, "page_route", "Een traject met zijn tijdlijn",
	 "text/html", AUTH_STAFF},
	{"POST", "/trajecten/{id}", page_route_post, PAGE_FORM_MAX, "page_route_post",
	 "Een notitie of een nieuwe fase bij een traject", "text/html", AUTH_STAFF},
	{"GET", "/bijeenkomsten", page_meetings, 0, "page_meetings", "De bijeenkomsten",
	 "text/html", AUTH_STAFF},
	{"GET", "/bijeenkomsten/{id}", page_meeting, 0, "page_meeting",
	 "Een bijeenkomst met haar trechter", "text/html", AUTH_STAFF},
	{"GET", "/bijeenkomsten/{id}/aanwezigheid", page_attendance_form, 0, "page_attendance",
	 "De aanwezigheidslijst van een bijeenkomst", "text/html", AUTH_STAFF},
	{"POST", "/bijeenkomsten/{id}/aanwezigheid", page_attendance, PAGE_FORM_MAX,
	 "page_attendance_post", "Aanwezigheid opslaan", "text/html", AUTH_STAFF},
	/* The residents' RSVP pages (page_rsvp.c): public, throttled per address. */
	{"GET", "/uitnodiging", page_rsvp_start, 0, "page_rsvp_start",
	 "Uitnodiging: de code van de brief invullen (pagina)", "text/html", AUTH_PUBLIC},
	{"GET", "/uitnodiging/{code}", page_rsvp, 0, "page_rsvp",
	 "Uitnodiging: de bijeenkomst en het antwoord (pagina)", "text/html", AUTH_PUBLIC},
	{"POST", "/uitnodiging/{code}", page_rsvp_post, PAGE_FORM_MAX, "page_rsvp_post",
	 "Uitnodiging: komen of niet, en toestemming", "text/html", AUTH_PUBLIC},
	{"GET", "/uitnodiging/{code}/bijeenkomst.ics", page_rsvp_ics, 0, "page_rsvp_ics",
	 "Uitnodiging: de bijeenkomst voor de agenda", "text/calendar", AUTH_PUBLIC},
};

const struct route *router_routes(size_t *n)
{
	*n = sizeof routes / sizeof routes[0];
	return routes;
}

enum route_result router_match(const char *method, const char *path, struct route_match *m)
{
	return router_match_in(routes, sizeof routes / sizeof routes[0], method, path, m);
}

/* ---- matching ---- */

struct seg {
	const char *p;
	size_t len;
};

/* Splits "/a/b/c" into segments. Refuses (false) a path that does not
 * start with '/', has an empty segment (which includes a trailing slash)
 * or more than ROUTER_MAX_SEGMENTS segments. "/" alone has no segments. */
static bool split(const char *path, struct seg segs[ROUTER_MAX_SEGMENTS], size_t *n)
{
	*n = 0;
	if (path[0] != '/')
		return false;
	if (path[1] == '\0')
		return true;
	const char *p = path + 1;
	for (;;) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0 || *n == ROUTER_MAX_SEGMENTS)
			return false;
		segs[*n].p = p;
		segs[*n].len = len;
		(*n)++;
		if (!end)
			return true;
		p = end + 1;
	}
}

static bool param_ok(const struct seg *s)
{
	if (s->len == 0 || s->len > ROUTER_PARAM_MAX)
		return false;
	for (size_t i = 0; i < s->len; i++) {
		char c = s->p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* Does the path (segs) fit the pattern? Fills m's params when it does. */
static bool fits(const char *pattern, const struct seg *segs, size_t n, struct route_match *m)
{
	struct seg ps[ROUTER_MAX_SEGMENTS];
	size_t pn;
	if (!split(pattern, ps, &pn) || pn != n)
		return false;
	m->n_params = 0;
	for (size_t i = 0; i < n; i++) {
		bool is_param =
			ps[i].len >= 2 && ps[i].p[0] == '{' && ps[i].p[ps[i].len - 1] == '}';
		if (!is_param) {
			if (ps[i].len != segs[i].len ||
			    memcmp(ps[i].p, segs[i].p, segs[i].len) != 0)
				return false;
			continue;
		}
		if (!param_ok(&segs[i]) || m->n_params == ROUTER_MAX_PARAMS)
			return false;
		struct route_param *rp = &m->params[m->n_params++];
		rp->name = ps[i].p + 1;
		rp->name_len = ps[i].len - 2;
		memcpy(rp->value, segs[i].p, segs[i].len);
		rp->value[segs[i].len] = '\0';
	}
	return true;
}

static void allow_add(char *allow, size_t cap, const char *method)
{
	size_t used = strlen(allow);
	if (strstr(allow, method)) /* methods are distinct words; "GET" is not inside another */
		return;
	snprintf(allow + used, cap - used, "%s%s", used ? ", " : "", method);
}

enum route_result router_match_in(const struct route *table, size_t n, const char *method,
				  const char *path, struct route_match *m)
{
	memset(m, 0, sizeof *m);
	m->index = -1;
	if (strnlen(path, ROUTER_URL_MAX + 1) > ROUTER_URL_MAX)
		return ROUTE_URL_TOO_LONG;
	struct seg segs[ROUTER_MAX_SEGMENTS];
	size_t ns;
	if (!split(path, segs, &ns))
		return ROUTE_NOT_FOUND;
	bool path_known = false;
	for (size_t i = 0; i < n; i++) {
		struct route_match t;
		memset(&t, 0, sizeof t);
		if (!fits(table[i].pattern, segs, ns, &t))
			continue;
		path_known = true;
		if (strcmp(table[i].method, method) == 0) {
			*m = t;
			m->route = &table[i];
			m->index = (int)i;
			return ROUTE_FOUND;
		}
		allow_add(m->allow, sizeof m->allow, table[i].method);
	}
	return path_known ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}

bool route_is_page(const struct route *rt)
{
	return rt->content_type && (strncmp(rt->content_type, "text/html", 9) == 0 ||
				    strncmp(rt->content_type, "text/css", 8) == 0);
}

const char *route_param(const struct route_match *m, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < m->n_params; i++)
		if (m->params[i].name_len == len && memcmp(m->params[i].name, name, len) == 0)
			return m->params[i].value;
	return NULL;
}

/* ---- the dispatcher ---- */

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The method for the log: one of the known ones, never client text. */
static const char *log_method(const char *m)
{
	static const char *const known[] = {"GET",    "HEAD",    "POST",  "PUT",
					    "DELETE", "OPTIONS", "PATCH", "TRACE"};
	for (size_t i = 0; m && i < sizeof known / sizeof known[0]; i++)
		if (strcmp(m, known[i]) == 0)
			return known[i];
	return "OTHER";
}

/* Sizes the joined X-Forwarded-For headers may take: CLIENTIP_MAX_HOPS
 * addresses of at most 45 bytes with their separators fit. */
#define XFF_MAX 1024

static enum MHD_Result xff_collect(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	if (key && value && strcasecmp(key, "X-Forwarded-For") == 0)
		clientip_join(cls, XFF_MAX, value);
	return MHD_YES;
}

/* Finds the client's address (web/clientip.h) into r. */
static void find_client(struct req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	struct clientip_addr peer;
	memset(&peer, 0, sizeof peer);
	if (ci)
		clientip_from_sockaddr(ci->client_addr, &peer);
	char xff[XFF_MAX] = "";
	if (r->srv->trust.n > 0)
		MHD_get_connection_values(r->conn, MHD_HEADER_KIND, xff_collect, xff);
	r->client = clientip_decide(&r->srv->trust, &peer, xff);
	clientip_format(&r->client, r->client_ip);
}

/* Refuses what the dispatcher refuses before any handler: returns true
 * when a reply was queued (or the connection must close: *rc). */
static bool refuse(struct req *r, const char *url, enum MHD_Result *rc)
{
	enum route_result m = router_match(r->method, url, &r->match);
	if (r->srv->per_client) {
		if (!iplimit_enter(r->srv->per_client, &r->client)) {
			*rc = (enum MHD_Result)reply_problem(
				r, MHD_HTTP_TOO_MANY_REQUESTS, "Too Many Requests",
				"Too many requests from this address at once.");
			return true;
		}
		r->per_client_counted = true;
	}
	if (m == ROUTE_URL_TOO_LONG) {
		*rc = (enum MHD_Result)reply_problem(r, MHD_HTTP_URI_TOO_LONG, "URI Too Long",
						     "The path is longer than this API accepts.");
		return true;
	}
	if (m == ROUTE_NOT_FOUND) {
		*rc = (enum MHD_Result)reply_problem(r, MHD_HTTP_NOT_FOUND, "Not Found",
						     "No resource has this path.");
		return true;
	}
	if (m == ROUTE_BAD_METHOD) {
		*rc = (enum MHD_Result)reply_problem(r, MHD_HTTP_METHOD_NOT_ALLOWED,
						     "Method Not Allowed",
						     "This resource does not support the method.");
		return true;
	}
	/* A body larger than the route takes is refused from its announced
	 * length; a chunked one is refused when it grows past the limit. */
	const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_TRANSFER_ENCODING);
	bool too_big = false;
	if (cl) {
		char *end;
		unsigned long long v = strtoull(cl, &end, 10);
		too_big = end == cl || *end != '\0' || v > r->match.route->max_body;
	} else if (te && r->match.route->max_body == 0) {
		too_big = true;
	}
	if (too_big) {
		*rc = (enum MHD_Result)reply_problem(
			r, MHD_HTTP_CONTENT_TOO_LARGE, "Content Too Large",
			"The request body is larger than this resource "
			"accepts.");
		return true;
	}
	return false;
}

enum MHD_Result router_access(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct req *r = *con_cls;
	enum MHD_Result rc = MHD_YES;
	if (!r) {
		r = calloc(1, sizeof *r);
		if (!r)
			return MHD_NO;
		r->conn = conn;
		r->body_fd = -1;
		r->srv = srv;
		r->method = method;
		r->log_method = log_method(method);
		clock_gettime(CLOCK_MONOTONIC, &r->start);
		atomic_fetch_add(&srv->in_flight, 1);
		*con_cls = r; /* from here on router_completed releases it */
		find_client(r);
		req_set_request_id(
			r, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-ID"));
		cors_note_origin(r);
		if (cors_preflight(r, url, &rc) || refuse(r, url, &rc)) {
			r->handled = true;
			return rc;
		}
		/* Refused on its headers: a body is never read or stored. */
		if (r->match.route->auth == AUTH_STAFF && route_is_page(r->match.route)) {
			int grc;
			if (!session_gate(r, url, &grc)) {
				r->handled = true;
				return (enum MHD_Result)grc;
			}
		} else if (r->match.route->auth == AUTH_STAFF) {
			enum auth_result a = req_authenticate(r);
			if (a != AUTH_OK) {
				r->handled = true;
				return (enum MHD_Result)reply_unauthenticated(r, a);
			}
		}
		if (r->match.route->max_body > 0)
			r->form = form_open(conn); /* NULL unless the body is an HTML form */
		req_release_app(r);                /* a slow upload holds no store */
		return rc;
	}
	if (*upload_data_size > 0) {
		size_t got = *upload_data_size;
		*upload_data_size = 0;
		if (r->handled) /* an error reply is queued: discard the body */
			return MHD_YES;
		if (r->form) {
			/* body_len <= max_body holds here, so the subtraction cannot
			 * wrap. A form that goes bad is answered by its handler (400). */
			if (got > r->match.route->max_body - r->body_len)
				return MHD_NO; /* past the limit after headers: close */
			r->body_len += got;
			form_feed(r->form, upload_data, got);
		} else if (req_body_append(r, upload_data, got, r->match.route->max_body) != 0) {
			/* Past the limit after the headers (chunked), or out of
			 * memory: close the connection. */
			return MHD_NO;
		}
		return MHD_YES;
	}
	if (r->handled)
		return MHD_YES;
	r->handled = true;
	if (req_body_end(r) != 0)
		return MHD_NO;
	rc = (enum MHD_Result)r->match.route->handler(r);
	req_release_app(r);
	return rc;
}

void router_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct req *r = *con_cls;
	if (!r)
		return;
	*con_cls = NULL;
	double secs = seconds_since(&r->start);
	metrics_observe(&srv->metrics, r->match.index, r->status, secs);
	fprintf(stderr,
		"{\"log\":\"access\",\"method\":\"%s\",\"route\":\"%s\",\"status\":%u,"
		"\"ms\":%.3f,\"client\":\"%s\",\"request_id\":\"%s\"%s}\n",
		r->log_method, r->match.route ? r->match.route->name : "none", r->status,
		secs * 1000.0, r->client_ip, r->request_id,
		toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : ",\"aborted\":true");
	if (r->per_client_counted)
		iplimit_leave(srv->per_client, &r->client);
	req_release_app(r); /* normally done after the handler already */
	if (r->h_cleanup)
		r->h_cleanup(r);
	req_body_release(r);
	form_free(r->form);
	free(r);
	atomic_fetch_sub(&srv->in_flight, 1);
}
