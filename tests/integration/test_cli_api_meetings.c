/* The meetings API end to end (issue 5, sections 3 and 4), driving
 * `overstap serve` on a fresh database (both backends): create with every
 * validation problem at once, list with cursor pagination and date
 * filters, invite twice (idempotent), attendance all or nothing by
 * invitation id and RSVP code, the funnel of 10 invited / 3 attended
 * against an independently computed Wilson interval, small counts for
 * policy staff, the per-organisation report against the CLI's, cancel and
 * move with the calendar file, and access by role and organisation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "harness.h"

static struct h_proc server;

#define PASSWORD "een-lang-genoeg-wachtwoord\n"
#define N_INVITED 10

/* The callers: role and organisation. */
enum who { ADV_A, ADV_B, KM_OWN, KM_OTHER, BELEID, PARTNER, N_WHO };
static const struct {
	const char *role, *org;
} callers[N_WHO] = {
	[ADV_A] = {"uwv-adviseur", "UWV-A"},   [ADV_B] = {"uwv-adviseur", "UWV-B"},
	[KM_OWN] = {"klantmanager", "GM0363"}, [KM_OTHER] = {"klantmanager", "GM0599"},
	[BELEID] = {"beleid", "GM0363"},       [PARTNER] = {"partner", "PARTNER-A"},
};

struct world {
	struct h_env *e;
	int port;
	char tokens[N_WHO][ACCOUNT_TOKEN_LEN + 1];
};

/* UWV-A owns N_INVITED routes in GM0363 whose WW ends in January 2027 and
 * one that ends later (not targeted); users and tokens; the server. */
static void build(struct world *w, struct h_env *e)
{
	w->e = e;
	struct h_run r;
	h_expect(&r, 0, NULL, "init", "--db", e->db, NULL);
	h_run_free(&r);
	const char *orgs[][2] = {{"UWV-A", "uwv"}, {"UWV-B", "uwv"}, {"PARTNER-A", "partner"}};
	for (size_t i = 0; i < 3; i++) {
		h_expect(&r, 0, NULL, "org", "add", "--code", orgs[i][0], "--kind", orgs[i][1],
			 "--name", orgs[i][0], "--db", e->db, NULL);
		h_run_free(&r);
	}
	char csv[4096] = H_WW_HEADER;
	for (int i = 0; i <= N_INVITED; i++) {
		char bsn[10], end[16];
		h_bsn(i + 1, bsn);
		snprintf(end, sizeof end, i < N_INVITED ? "2027-01-%02d" : "2027-03-%02d", i + 1);
		size_t n = strlen(csv);
		h_ww_row(csv + n, sizeof csv - n, bsn, "GM0363", "2025-06-01", end);
	}
	h_writes(h_path(e, "ww.csv"), csv);
	h_expect(&r, 0, NULL, "import", "ww", h_path(e, "ww.csv"), "--org", "UWV-A", "--db", e->db,
		 NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--db", e->db, NULL);
	h_run_free(&r);
	for (int i = 0; i < N_WHO; i++) {
		char email[96];
		snprintf(email, sizeof email, "%s.%d@example.nl", callers[i].role, i);
		h_expect(&r, 0, PASSWORD, "user", "add", "--org", callers[i].org, "--role",
			 callers[i].role, "--email", email, "--db", e->db, NULL);
		h_run_free(&r);
		h_expect(&r, 0, NULL, "token", "add", "--user", email, "--db", e->db, NULL);
		memcpy(w->tokens[i], r.out, ACCOUNT_TOKEN_LEN);
		w->tokens[i][ACCOUNT_TOKEN_LEN] = '\0';
		h_run_free(&r);
	}
	w->port = h_serve(&server, e, h_path(e, "serve.log"), NULL);
}

/* A call as caller c; the parsed body when it is JSON (caller decrefs). */
static json_t *call(const struct world *w, enum who c, const char *method, const char *path,
		    const char *body, int want)
{
	char hdr[256];
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n%s", w->tokens[c],
		 body ? "Content-Type: application/json\r\n" : "");
	struct h_reply rep;
	h_http_req(w->port, method, path, hdr, body, &rep);
	if (rep.status != want)
		fail_msg("%s %s as %s@%s: %d, want %d\n%s", method, path, callers[c].role,
			 callers[c].org, rep.status, want, rep.body);
	json_t *j = json_loads(rep.body, 0, NULL);
	h_reply_free(&rep);
	return j;
}

static int64_t get_int(json_t *j, const char *name)
{
	json_t *v = json_object_get(j, name);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", name);
	return json_integer_value(v);
}

static bool has_param(json_t *problem, const char *name)
{
	json_t *inv = json_object_get(problem, "invalidParams"), *p;
	size_t i;
	json_array_foreach(inv, i, p) if (strcmp(json_string_value(json_object_get(p, "name")),
						 name) == 0) return true;
	return false;
}

/* POST /api/v1/meetings as UWV-A's adviser; returns the new id. */
static int64_t add_meeting(const struct world *w, const char *at, const char *location)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"at\":\"%s\",\"location\":\"%s\",\"capacity\":40,\"target\":\"GM0363\","
		 "\"wwEndFrom\":\"2027-01-01\",\"wwEndTo\":\"2027-01-31\",\"presenters\":"
		 "[\"UWV-A\",\"PARTNER-A\"],\"expectedLow\":25,\"expectedHigh\":50}",
		 at, location);
	json_t *j = call(w, ADV_A, "POST", "/api/v1/meetings", body, 201);
	int64_t id = get_int(j, "id");
	assert_string_equal(json_string_value(json_object_get(j, "status")), "planned");
	assert_string_equal(json_string_value(json_object_get(j, "organisation")), "UWV-A");
	assert_string_equal(json_string_value(json_object_get(j, "at")), at);
	assert_int_equal(json_array_size(json_object_get(j, "presenters")), 2);
	json_decref(j);
	return id;
}

/* The 95% Wilson score interval, written out here from its definition
 * (E. B. Wilson, JASA 22 (1927) 209-212; Newcombe, Stat. Med. 17 (1998)
 * 857-872, method 3), not with core/wilson.h:
 *   (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964. */
static void wilson_ref(double k, double n, double *lo, double *hi)
{
	const double z = 1.959963984540054, p = k / n, z2 = z * z;
	double centre = p + z2 / (2 * n), half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
	*lo = (centre - half) / (1 + z2 / n);
	*hi = (centre + half) / (1 + z2 / n);
}

static void create_list_and_validate(void **state)
{
	struct world w;
	build(&w, *state);
	/* Every problem of a bad body at once. */
	json_t *j = call(&w, ADV_A, "POST", "/api/v1/meetings",
			 "{\"at\":\"morgen\",\"location\":\"\",\"capacity\":0,\"target\":\"XX\","
			 "\"wwEndFrom\":\"2027-02-30\",\"presenters\":[\"UWV-A\",7],\"x\":1}",
			 400);
	const char *bad[] = {"at",        "location", "capacity",      "target",
			     "wwEndFrom", "wwEndTo",  "presenters[1]", "x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (!has_param(j, bad[i]))
			fail_msg("no invalidParams entry for %s", bad[i]);
	json_decref(j);
	/* What only the use case knows: an unknown presenter, a range the
	 * wrong way round; a half expected range. */
	j = call(&w, ADV_A, "POST", "/api/v1/meetings",
		 "{\"at\":\"2030-01-01T18:00:00Z\",\"location\":\"Stadhuis\",\"capacity\":5,"
		 "\"target\":\"GM0363\",\"wwEndFrom\":\"2027-01-01\",\"wwEndTo\":\"2027-01-31\","
		 "\"presenters\":[\"NOPE\"]}",
		 400);
	json_decref(j);
	j = call(&w, ADV_A, "POST", "/api/v1/meetings",
		 "{\"at\":\"2030-01-01T18:00:00Z\",\"location\":\"Stadhuis\",\"capacity\":5,"
		 "\"target\":\"GM0363\",\"wwEndFrom\":\"2027-02-01\",\"wwEndTo\":\"2027-01-31\"}",
		 400);
	json_decref(j);
	j = call(&w, ADV_A, "POST", "/api/v1/meetings",
		 "{\"at\":\"2030-01-01T18:00:00Z\",\"location\":\"Stadhuis\",\"capacity\":5,"
		 "\"target\":\"GM0363\",\"wwEndFrom\":\"2027-01-01\",\"wwEndTo\":\"2027-01-31\","
		 "\"expectedLow\":20}",
		 400);
	assert_true(has_param(j, "expectedHigh"));
	json_decref(j);
	assert_int_equal(h_db_count(w.e->db, "meeting"), 0);
	/* Three meetings; a municipality may not organise for UWV-A, and a
	 * target that is not a municipality is refused by the use case. */
	int64_t m1 = add_meeting(&w, "2030-03-01T18:00:00Z", "Stadhuis");
	int64_t m2 = add_meeting(&w, "2030-01-15T18:00:00Z", "Bibliotheek");
	int64_t m3 = add_meeting(&w, "2030-02-01T18:00:00Z", "Wijkcentrum");
	/* By start: m2, m3, m1; two per page, then the rest. */
	j = call(&w, ADV_A, "GET", "/api/v1/meetings?limit=2", NULL, 200);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(get_int(json_array_get(items, 0), "id"), m2);
	assert_int_equal(get_int(json_array_get(items, 1), "id"), m3);
	const char *next = json_string_value(
		json_object_get(json_object_get(json_object_get(j, "_links"), "next"), "href"));
	assert_non_null(next);
	char path[256];
	snprintf(path, sizeof path, "%s", next);
	json_decref(j);
	j = call(&w, ADV_A, "GET", path, NULL, 200);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(get_int(json_array_get(items, 0), "id"), m1);
	assert_null(json_object_get(json_object_get(j, "_links"), "next"));
	json_decref(j);
	/* Civil-day filters keep to their days; the next link keeps them. */
	j = call(&w, ADV_A, "GET", "/api/v1/meetings?from=2030-01-16&to=2030-03-01&limit=1", NULL,
		 200);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(get_int(json_array_get(items, 0), "id"), m3);
	next = json_string_value(
		json_object_get(json_object_get(json_object_get(j, "_links"), "next"), "href"));
	assert_non_null(strstr(next, "from=2030-01-16&to=2030-03-01"));
	json_decref(j);
	j = call(&w, ADV_A, "GET", "/api/v1/meetings?from=2030-03-02&to=2030-01-01", NULL, 400);
	assert_true(has_param(j, "to"));
	json_decref(j);
	j = call(&w, ADV_A, "GET", "/api/v1/meetings?cursor=x&limit=0&colour=red", NULL, 400);
	assert_true(has_param(j, "cursor"));
	assert_true(has_param(j, "limit"));
	assert_true(has_param(j, "colour"));
	json_decref(j);
	/* The target municipality lists them too; another team sees none. */
	j = call(&w, KM_OWN, "GET", "/api/v1/meetings", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 3);
	json_decref(j);
	j = call(&w, ADV_B, "GET", "/api/v1/meetings", NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	json_decref(call(&w, BELEID, "GET", "/api/v1/meetings", NULL, 403));
	/* One meeting: the organiser, target and presenters read it. */
	snprintf(path, sizeof path, "/api/v1/meetings/%lld", (long long)m1);
	j = call(&w, PARTNER, "GET", path, NULL, 200);
	assert_string_equal(json_string_value(json_object_get(j, "location")), "Stadhuis");
	json_decref(j);
	json_decref(call(&w, KM_OWN, "GET", path, NULL, 200));
	json_decref(call(&w, ADV_B, "GET", path, NULL, 403));
	json_decref(call(&w, KM_OTHER, "GET", path, NULL, 403));
	json_decref(call(&w, ADV_A, "GET", "/api/v1/meetings/9999", NULL, 404));
	/* Only the organiser's staff organise: in their own name. */
	json_decref(call(&w, BELEID, "POST", "/api/v1/meetings",
			 "{\"at\":\"2030-01-01T18:00:00Z\",\"location\":\"Stadhuis\","
			 "\"capacity\":5,\"target\":\"GM0363\",\"wwEndFrom\":\"2027-01-01\","
			 "\"wwEndTo\":\"2027-01-31\"}",
			 403));
	assert_int_equal(h_db_count(w.e->db, "meeting"), 3);
	assert_int_equal(h_proc_stop(&server, 5000, NULL), 0);
}

/* A count of the funnel object. */
static json_t *fget(json_t *f, const char *name)
{
	json_t *v = json_object_get(f, name);
	if (!v)
		fail_msg("funnel has no %s", name);
	return v;
}

static void invite_attend_funnel_report(void **state)
{
	struct world w;
	build(&w, *state);
	/* In the past, so that attendance can be taken. */
	int64_t m = add_meeting(&w, "2026-06-13T17:30:00Z", "Stadhuis");
	char path[128], body[256];
	snprintf(path, sizeof path, "/api/v1/meetings/%lld/invitations", (long long)m);
	json_decref(call(&w, KM_OWN, "POST", path, NULL, 403));
	json_t *j = call(&w, ADV_A, "POST", path, NULL, 200);
	assert_int_equal(get_int(j, "created"), N_INVITED);
	json_decref(j);
	j = call(&w, ADV_A, "POST", path, NULL, 200);
	assert_int_equal(get_int(j, "created"), 0); /* idempotent */
	json_decref(j);
	assert_int_equal(h_db_count(w.e->db, "invitation"), N_INVITED);
	long long first = h_db_int(w.e->db, "SELECT min(id) FROM invitation");
	/* Attendance: one unknown id and one bad code spoil the whole list. */
	snprintf(path, sizeof path, "/api/v1/meetings/%lld/attendance", (long long)m);
	snprintf(body, sizeof body, "{\"invitationIds\":[%lld,%lld,999999],\"codes\":[\"nope\"]}",
		 first, first + 1);
	j = call(&w, ADV_A, "POST", path, body, 400);
	assert_true(has_param(j, "invitationIds[2]"));
	assert_true(has_param(j, "codes[0]"));
	assert_false(has_param(j, "invitationIds[0]"));
	json_decref(j);
	assert_int_equal(h_db_int(w.e->db, "SELECT count(*) FROM invitation WHERE attended_at "
					   "IS NOT NULL"),
			 0);
	json_decref(call(&w, ADV_A, "POST", path, "{}", 400));
	json_decref(call(&w, PARTNER, "POST", path, body, 403));
	/* Three came. */
	snprintf(body, sizeof body, "{\"invitationIds\":[%lld,%lld,%lld]}", first, first + 1,
		 first + 2);
	j = call(&w, ADV_A, "POST", path, body, 200);
	assert_int_equal(get_int(j, "registered"), 3);
	assert_int_equal(get_int(j, "noShows"), N_INVITED - 3);
	json_decref(j);
	j = call(&w, ADV_A, "POST", path, body, 200);
	assert_int_equal(get_int(j, "registered"), 0);
	assert_int_equal(get_int(j, "already"), 3);
	json_decref(j);
	/* The funnel: 3 of 10 attended = 0.3, with the Wilson interval (for
	 * 3/10 about [0.1078, 0.6032], Newcombe 1998 table II). */
	snprintf(path, sizeof path, "/api/v1/meetings/%lld/funnel", (long long)m);
	j = call(&w, ADV_A, "GET", path, NULL, 200);
	assert_int_equal(json_integer_value(fget(j, "invited")), N_INVITED);
	assert_int_equal(json_integer_value(fget(j, "attended")), 3);
	assert_int_equal(json_integer_value(fget(j, "noShow")), 7);
	assert_true(fabs(json_real_value(fget(j, "attendanceRate")) - 0.3) < 1e-12);
	double lo, hi;
	wilson_ref(3, 10, &lo, &hi);
	assert_true(fabs(lo - 0.1078) < 5e-4 && fabs(hi - 0.6032) < 5e-4);
	json_t *ci = fget(j, "attendanceCi");
	assert_true(fabs(json_real_value(json_array_get(ci, 0)) - lo) < 1e-9);
	assert_true(fabs(json_real_value(json_array_get(ci, 1)) - hi) < 1e-9);
	json_t *exp = fget(j, "expectedAttendance");
	assert_true(fabs(json_real_value(json_array_get(exp, 0)) - 0.25) < 1e-12);
	assert_true(fabs(json_real_value(json_array_get(exp, 1)) - 0.50) < 1e-12);
	json_t *byg = fget(j, "byGemeente");
	assert_int_equal(json_array_size(byg), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(byg, 0), "gemeente")),
			    "GM0363");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(byg, 0), "attended")),
			 3);
	char *text = json_dumps(j, 0);
	assert_false(h_contains(text, "familyName"));
	free(text);
	json_decref(j);
	/* Policy staff of the target: aggregates with small counts hidden. */
	j = call(&w, BELEID, "GET", path, NULL, 200);
	assert_int_equal(json_integer_value(fget(j, "invited")), N_INVITED);
	assert_string_equal(json_string_value(fget(j, "attended")), "<5");
	assert_true(json_is_null(fget(j, "attendanceRate")));
	assert_true(json_is_null(fget(j, "attendanceCi")));
	assert_int_equal(json_integer_value(fget(j, "noShow")), 7);
	assert_int_equal(json_integer_value(fget(j, "consents")), 0);
	json_decref(j);
	json_decref(call(&w, PARTNER, "GET", path, NULL, 200));
	json_decref(call(&w, KM_OTHER, "GET", path, NULL, 403));
	json_decref(call(&w, ADV_B, "GET", path, NULL, 403));
	/* The report: the same rows as the command line's, in camelCase. */
	j = call(&w, ADV_A, "GET", "/api/v1/reports/meetings?from=2026-06-13&to=2026-06-13", NULL,
		 200);
	struct h_run r;
	h_expect(&r, 0, NULL, "report", "meetings", "--org", "UWV-A", "--from", "2026-06-13",
		 "--to", "2026-06-13", "--format", "json", "--db", w.e->db, NULL);
	json_t *cli = json_loads(r.out, 0, NULL);
	h_run_free(&r);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(json_array_size(cli), 1);
	json_t *a = json_array_get(items, 0), *b = json_array_get(cli, 0);
	assert_int_equal(get_int(a, "meetingId"), get_int(b, "meeting_id"));
	const char *same[] = {"invited", "accepted", "declined", "attended", "consents"};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		assert_int_equal(get_int(a, same[i]), get_int(b, same[i]));
	assert_int_equal(get_int(a, "noShow"), get_int(b, "no_show"));
	assert_true(json_equal(json_object_get(a, "attendanceCi"),
			       json_object_get(b, "attendance_ci")));
	json_decref(cli);
	json_decref(j);
	/* Policy staff: their own organisation's report, small counts hidden;
	 * another organisation's is refused. */
	j = call(&w, BELEID, "GET", "/api/v1/reports/meetings", NULL, 200);
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(items, 0), "attended")), "<5");
	json_decref(j);
	json_decref(
		call(&w, BELEID, "GET", "/api/v1/reports/meetings?organisation=UWV-A", NULL, 403));
	json_decref(call(&w, PARTNER, "GET", "/api/v1/reports/meetings", NULL, 403));
	json_decref(call(&w, ADV_A, "GET", "/api/v1/reports/meetings?from=2027-01-02&to=2027-01-01",
			 NULL, 400));
	assert_int_equal(h_proc_stop(&server, 5000, NULL), 0);
	/* Every denial above is in the audit log. */
	h_expect(&r, 0, NULL, "audit", "export", "--db", w.e->db, NULL);
	assert_true(h_count_lines(r.out, "") > 0);
	assert_true(h_contains(r.out, "\"action\":\"read_funnel\""));
	assert_true(h_contains(r.out, "\"action\":\"manage_meeting\""));
	assert_true(h_contains(r.out, "\"action\":\"read_aggregate\""));
	assert_true(h_contains(r.out, "\"action\":\"register_attendance\""));
	h_run_free(&r);
}

static char *ics(const struct world *w, enum who c, int64_t id)
{
	char hdr[160], path[96];
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", w->tokens[c]);
	snprintf(path, sizeof path, "/api/v1/meetings/%lld/meeting.ics", (long long)id);
	struct h_reply rep;
	h_http_req(w->port, "GET", path, hdr, NULL, &rep);
	assert_int_equal(rep.status, 200);
	assert_true(h_reply_header(&rep, "Content-Type", "text/calendar; charset=utf-8"));
	char *body = strdup(rep.body);
	h_reply_free(&rep);
	return body;
}

static void cancel_move_and_calendar(void **state)
{
	struct world w;
	build(&w, *state);
	int64_t m = add_meeting(&w, "2030-06-13T17:30:00Z", "Stadhuis");
	int64_t m2 = add_meeting(&w, "2030-06-20T17:30:00Z", "Stadhuis");
	char path[128];
	snprintf(path, sizeof path, "/api/v1/meetings/%lld/invitations", (long long)m);
	json_decref(call(&w, ADV_A, "POST", path, NULL, 200));
	char *cal = ics(&w, KM_OWN, m);
	assert_true(h_contains(cal, "METHOD:PUBLISH"));
	assert_true(h_contains(cal, "LOCATION:Stadhuis"));
	free(cal);
	/* Move: a new place; every invitee gets a notice; SEQUENCE goes up. */
	snprintf(path, sizeof path, "/api/v1/meetings/%lld/move", (long long)m);
	json_decref(call(&w, ADV_A, "POST", path, "{}", 400));
	json_decref(call(&w, ADV_A, "POST", path, "{\"at\":\"gisteren\"}", 400));
	json_decref(call(&w, KM_OWN, "POST", path, "{\"location\":\"Bibliotheek\"}", 403));
	json_t *j = call(&w, ADV_A, "POST", path,
			 "{\"at\":\"2030-06-14T17:30:00Z\",\"location\":\"Bibliotheek\"}", 200);
	assert_int_equal(get_int(j, "notices"), N_INVITED);
	json_decref(j);
	cal = ics(&w, PARTNER, m);
	assert_true(h_contains(cal, "LOCATION:Bibliotheek"));
	assert_true(h_contains(cal, "SEQUENCE:1"));
	assert_true(h_contains(cal, "DTSTART:20300614T173000Z"));
	free(cal);
	/* Cancel: METHOD:CANCEL; again changes nothing; a cancelled meeting
	 * cannot move or invite. */
	snprintf(path, sizeof path, "/api/v1/meetings/%lld/cancellation", (long long)m);
	json_decref(call(&w, PARTNER, "POST", path, "{}", 403));
	j = call(&w, ADV_A, "POST", path, "{\"reason\":\"Zaal niet beschikbaar\"}", 200);
	assert_int_equal(get_int(j, "notices"), N_INVITED);
	json_decref(j);
	j = call(&w, ADV_A, "POST", path, "{}", 200);
	assert_int_equal(get_int(j, "notices"), 0);
	json_decref(j);
	cal = ics(&w, ADV_A, m);
	assert_true(h_contains(cal, "METHOD:CANCEL"));
	assert_true(h_contains(cal, "STATUS:CANCELLED"));
	free(cal);
	assert_int_equal(h_db_int(w.e->db, "SELECT count(*) FROM route_event WHERE kind = "
					   "'meeting_cancelled'"),
			 N_INVITED);
	snprintf(path, sizeof path, "/api/v1/meetings/%lld/move", (long long)m);
	json_decref(call(&w, ADV_A, "POST", path, "{\"location\":\"Elders\"}", 400));
	snprintf(path, sizeof path, "/api/v1/meetings/%lld/invitations", (long long)m);
	json_decref(call(&w, ADV_A, "POST", path, NULL, 400));
	j = call(&w, ADV_A, "GET", "/api/v1/meetings?to=2030-06-30", NULL, 200);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(j, "items"), 0), "status")),
			    "cancelled");
	json_decref(j);
	/* Other meetings are untouched; unknown ones are 404; other teams 403. */
	snprintf(path, sizeof path, "/api/v1/meetings/%lld", (long long)m2);
	j = call(&w, ADV_A, "GET", path, NULL, 200);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "planned");
	json_decref(j);
	json_decref(call(&w, ADV_A, "POST", "/api/v1/meetings/9999/cancellation", "{}", 404));
	json_decref(call(&w, ADV_A, "GET", "/api/v1/meetings/9999/meeting.ics", NULL, 404));
	snprintf(path, sizeof path, "/api/v1/meetings/%lld/meeting.ics", (long long)m2);
	json_decref(call(&w, ADV_B, "GET", path, NULL, 403));
	json_decref(call(&w, BELEID, "GET", path, NULL, 403));
	assert_int_equal(h_proc_stop(&server, 5000, NULL), 0);
}

static int teardown(void **state)
{
	h_proc_stop(&server, 5000, NULL);
	return h_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(create_list_and_validate, h_setup, teardown),
		cmocka_unit_test_setup_teardown(invite_attend_funnel_report, h_setup, teardown),
		cmocka_unit_test_setup_teardown(cancel_move_and_calendar, h_setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
