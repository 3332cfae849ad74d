/* overstap meeting and report meetings: adding, inviting (idempotent),
 * attendance (all or nothing, by bsn or code), RSVP (expired, used, unknown
 * codes, a double submit, a full meeting), cancelling and moving with the
 * calendar file, the funnel report, and Purmerend's first meeting (81
 * invited, 7 came) recorded through the real commands. Runs on SQLite and,
 * with OVERSTAP_TEST_BACKEND=pg, on PostgreSQL. */
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

#include "harness.h"

/* Meetings in the future and in the past, whatever day the tests run. */
#define FUTURE "2030-06-13 19:30"
#define PAST "2026-06-13 19:30"

/* The hand-made file: 6 people in Purmerend (GM0439) whose WW ends in the
 * range 2027-01-01..2027-02-28, one there ending later, one elsewhere. All
 * end inside the 3-month window of 2026-11-30 except the later one. */
static const struct {
	const char *gemeente, *end;
	bool targeted;
} rows[] = {
	{"GM0439", "2027-01-01", true},  {"GM0439", "2027-01-15", true},
	{"GM0439", "2027-01-31", true},  {"GM0439", "2027-02-01", true},
	{"GM0439", "2027-02-14", true},  {"GM0439", "2027-02-28", true},
	{"GM0439", "2026-12-15", false}, {"GM0363", "2027-01-20", false},
};
#define NROWS (sizeof rows / sizeof rows[0])
#define NTARGET 6

static char bsn[NROWS][10];

static int group_setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++)
		h_bsn((int)i + 40, bsn[i]);
	return 0;
}

static void import_and_signal(struct h_env *e)
{
	char csv[4096] = H_WW_HEADER;
	for (size_t i = 0; i < NROWS; i++)
		h_ww_row(csv, sizeof csv, bsn[i], rows[i].gemeente, "2026-01-01", rows[i].end);
	const char *f = h_path(e, "ww.csv");
	h_writes(f, csv);
	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--db", e->db, NULL);
	h_run_free(&r);
}

/* meeting add for GM0439, WW ends 2027-01-01..2027-02-28; returns the id. */
static long add_meeting(struct h_env *e, const char *at, const char *capacity)
{
	struct h_run r;
	h_expect(&r, 0, NULL, "meeting", "add", "--org", "UWV-NL", "--at", at, "--location",
		 "Stadhuis, Purmerend", "--capacity", capacity, "--target", "GM0439",
		 "--ww-end-from", "2027-01-01", "--ww-end-to", "2027-02-28", "--presenter",
		 "UWV-NL", "--presenter", "GM0439", "--db", e->db, NULL);
	/* the id alone on standard output */
	char *end;
	long id = strtol(r.out, &end, 10);
	assert_true(id > 0);
	assert_string_equal(end, "\n");
	h_run_free(&r);
	return id;
}

static long invite(struct h_env *e, long id)
{
	char ids[24];
	struct h_run r;
	snprintf(ids, sizeof ids, "%ld", id);
	h_expect(&r, 0, NULL, "meeting", "invite", ids, "--db", e->db, NULL);
	long n = strtol(r.out, NULL, 10);
	h_run_free(&r);
	return n;
}

static json_t *parse(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);
	if (!j)
		fail_msg("not JSON (%s):\n%s", err.text, text);
	return j;
}

/* The invitees as JSON (an array of objects with route_id and code). */
static json_t *invitees(struct h_env *e, long id)
{
	char ids[24];
	struct h_run r;
	snprintf(ids, sizeof ids, "%ld", id);
	h_expect(&r, 0, NULL, "meeting", "invitees", ids, "--purpose", "test", "--format", "json",
		 "--db", e->db, NULL);
	json_t *j = parse(r.out);
	h_run_free(&r);
	assert_true(json_is_array(j));
	return j;
}

static const char *code_of(json_t *inv, size_t i)
{
	return json_string_value(json_object_get(json_array_get(inv, i), "code"));
}

static long long count_events(struct h_env *e, const char *kind)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM route_event WHERE kind = '%s'", kind);
	return h_db_int(e->db, sql);
}

static void test_add_and_invite(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	import_and_signal(e);
	long id = add_meeting(e, FUTURE, "40");
	assert_int_equal(invite(e, id), NTARGET);
	assert_int_equal(invite(e, id), 0); /* idempotent */
	assert_int_equal(h_db_count(e->db, "invitation"), NTARGET);
	assert_int_equal(count_events(e, "invited"), NTARGET);
	/* stored in UTC: 19:30 summer time is 17:30 UTC (python3: 1907602200) */
	assert_int_equal(h_db_int(e->db, "SELECT at FROM meeting"), 1907602200LL);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM meeting_presenter"), 2);

	h_expect(&r, 0, NULL, "meeting", "list", "--format", "json", "--db", e->db, NULL);
	json_t *j = parse(r.out);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "at")), FUTURE);
	json_decref(j);
	h_run_free(&r);

	/* usage and input errors: exit 2, nothing added */
	h_expect(&r, 2, NULL, "meeting", "add", "--org", "UWV-NL", "--db", e->db, NULL);
	h_run_free(&r);
	/* each refused, naming the option: at, location, capacity, target, from, to, presenter */
	static const struct {
		const char *v[7], *named;
	} bad[] = {
		{{"2030-03-31 02:30", "x", "5", "GM0439", "2027-01-01", "2027-02-28", "UWV-NL"},
		 "--at"}, /* the spring gap */
		{{FUTURE, "zaal\t1", "5", "GM0439", "2027-01-01", "2027-02-28", "UWV-NL"},
		 "--location"},
		{{FUTURE, "x", "0", "GM0439", "2027-01-01", "2027-02-28", "UWV-NL"}, "--capacity"},
		{{FUTURE, "x", "5", "UWV-NL", "2027-01-01", "2027-02-28", "UWV-NL"}, "--target"},
		{{FUTURE, "x", "5", "GM0439", "2027-03-01", "2027-02-28", "UWV-NL"}, "--ww-end-to"},
		{{FUTURE, "x", "5", "GM0439", "2027-01-01", "2027-02-28", "NOPE"}, "--presenter"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *argv[] = {
			"meeting",   "add",         "--org",         "UWV-NL",     "--at",
			bad[i].v[0], "--location",  bad[i].v[1],     "--capacity", bad[i].v[2],
			"--target",  bad[i].v[3],   "--ww-end-from", bad[i].v[4],  "--ww-end-to",
			bad[i].v[5], "--presenter", bad[i].v[6],     "--db",       e->db,
			NULL};
		assert_int_equal(h_runv(&r, NULL, argv), 2);
		if (!h_contains(r.err, bad[i].named))
			fail_msg("case %zu: no %s in: %s", i, bad[i].named, r.err);
		h_run_free(&r);
	}
	h_expect(&r, 2, NULL, "meeting", "invite", "99", "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "meeting"), 1);
}

static void test_variants_reproducible(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	import_and_signal(e);
	/* two meetings with the same seed give the same variant per route */
	for (int i = 0; i < 2; i++) {
		h_expect(&r, 0, NULL, "meeting", "add", "--org", "UWV-NL", "--at", FUTURE,
			 "--location", "Zaal", "--capacity", "40", "--target", "GM0439",
			 "--ww-end-from", "2027-01-01", "--ww-end-to", "2027-02-28", "--variants",
			 "2", "--seed", "4242", "--db", e->db, NULL);
		h_run_free(&r);
		assert_int_equal(invite(e, i + 1), NTARGET);
	}
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM invitation a JOIN invitation b "
					 "ON a.route_id = b.route_id AND a.meeting_id = 1 "
					 "AND b.meeting_id = 2 AND a.variant = b.variant"),
			 NTARGET);
	assert_int_equal(h_db_int(e->db, "SELECT seed FROM meeting WHERE id = 1"), 4242);
	/* the codes differ per meeting */
	assert_int_equal(h_db_int(e->db, "SELECT count(DISTINCT code_index) FROM invitation"),
			 2 * NTARGET);
}

/* The JSON report's first meeting. */
static json_t *report(struct h_env *e, const char *org)
{
	struct h_run r;
	h_expect(&r, 0, NULL, "report", "meetings", "--org", org, "--format", "json", "--db", e->db,
		 NULL);
	json_t *j = parse(r.out);
	h_run_free(&r);
	assert_true(json_is_array(j));
	return j;
}

static long long jint(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", k);
	return json_integer_value(v);
}

static void test_attendance(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	import_and_signal(e);
	long future = add_meeting(e, FUTURE, "40");
	long id = add_meeting(e, PAST, "40");
	assert_int_equal(invite(e, id), NTARGET);
	json_t *inv = invitees(e, id);
	assert_int_equal(json_array_size(inv), NTARGET);

	/* rows 0 and 1 by BSN (invitees come in route order, as the file) */
	const char *f = h_path(e, "att.csv");
	char csv[512];
	snprintf(csv, sizeof csv, "naam;BSN;code\nA;%s;\nB;%s;\nC;;%s\n", bsn[0], bsn[1],
		 code_of(inv, 2));
	h_writes(f, csv);

	/* not yet started: refused */
	char fid[24], ids[24];
	snprintf(fid, sizeof fid, "%ld", future);
	snprintf(ids, sizeof ids, "%ld", id);
	h_expect(&r, 2, NULL, "meeting", "attendance", fid, f, "--db", e->db, NULL);
	h_run_free(&r);

	/* one row names someone not invited (the Amsterdam person), one a bad
	 * code, one a bad BSN: all reported, nothing registered */
	const char *bad = h_path(e, "bad.csv");
	char bcsv[512];
	snprintf(bcsv, sizeof bcsv, "bsn,code\n%s,\n%s,\n,ZZZZZZZZZ0\n123456789,\n", bsn[0],
		 bsn[7]);
	h_writes(bad, bcsv);
	h_expect(&r, 2, NULL, "meeting", "attendance", ids, bad, "--db", e->db, NULL);
	char line[600];
	snprintf(line, sizeof line, "%s:3: bsn: not invited to meeting %ld", bad, id);
	assert_true(h_has_line(r.err, line));
	snprintf(line, sizeof line, "%s:4: code: not an RSVP code", bad);
	assert_true(h_has_line(r.err, line));
	assert_int_equal(h_count_lines(r.err, bad), 3);
	h_run_free(&r);
	/* a code of another meeting is not an invitation to this one */
	json_t *inv_future = NULL;
	assert_int_equal(invite(e, future), NTARGET);
	inv_future = invitees(e, future);
	snprintf(bcsv, sizeof bcsv, "code\n%s\n", code_of(inv_future, 0));
	h_writes(bad, bcsv);
	h_expect(&r, 2, NULL, "meeting", "attendance", ids, bad, "--db", e->db, NULL);
	h_run_free(&r);
	h_writes(bad, "name\nx\n");
	h_expect(&r, 2, NULL, "meeting", "attendance", ids, bad, "--db", e->db, NULL);
	assert_true(h_contains(r.err, "a bsn or code column is required"));
	h_run_free(&r);
	h_writes(bad, "bsn,code\n");
	h_expect(&r, 2, NULL, "meeting", "attendance", ids, bad, "--db", e->db, NULL);
	assert_true(h_contains(r.err, "no rows"));
	h_run_free(&r);
	assert_int_equal(count_events(e, "attended"), 0);
	assert_int_equal(count_events(e, "no_show"), 0);

	h_expect(&r, 0, NULL, "meeting", "attendance", ids, f, "--db", e->db, NULL);
	assert_true(h_has_line(r.out, "3 attended (3 newly registered, 0 already), 3 stayed away"));
	h_run_free(&r);
	/* again: nothing new */
	h_expect(&r, 0, NULL, "meeting", "attendance", ids, f, "--db", e->db, NULL);
	assert_true(h_has_line(r.out, "3 attended (0 newly registered, 3 already), 0 stayed away"));
	h_run_free(&r);
	assert_int_equal(count_events(e, "attended"), 3);
	assert_int_equal(count_events(e, "no_show"), NTARGET - 3);

	/* a later list marks a no-show as attended: attended wins */
	snprintf(csv, sizeof csv, "code\n%s\n", code_of(inv, 5));
	h_writes(f, csv);
	h_expect(&r, 0, NULL, "meeting", "attendance", ids, f, "--db", e->db, NULL);
	h_run_free(&r);

	json_t *rep = report(e, "GM0439");
	assert_int_equal(json_array_size(rep), 2); /* the past one first */
	json_t *m = json_array_get(rep, 0);
	assert_int_equal(jint(m, "meeting_id"), id);
	assert_int_equal(jint(m, "invited"), NTARGET);
	assert_int_equal(jint(m, "attended"), 4);
	assert_int_equal(jint(m, "no_show"), NTARGET - 4);
	assert_int_equal(jint(m, "accepted"), 0);
	assert_int_equal(jint(m, "declined"), 0);
	assert_int_equal(jint(m, "consents"), 0);
	double rate = json_real_value(json_object_get(m, "attendance_rate"));
	assert_true(fabs(rate - 4.0 / 6.0) < 1e-12);
	json_t *ci = json_object_get(m, "attendance_ci");
	assert_int_equal(json_array_size(ci), 2);
	/* python3, Wilson's quadratic with z = NormalDist().inv_cdf(0.975), 4 of 6 */
	assert_true(fabs(json_real_value(json_array_get(ci, 0)) - 0.299993315) < 1e-6);
	assert_true(fabs(json_real_value(json_array_get(ci, 1)) - 0.903228589) < 1e-6);
	json_t *g = json_array_get(json_object_get(m, "by_gemeente"), 0);
	assert_string_equal(json_string_value(json_object_get(g, "gemeente")), "GM0439");
	assert_int_equal(jint(g, "attended"), 4);
	/* the other meeting: invited, nothing else yet */
	m = json_array_get(rep, 1);
	assert_int_equal(jint(m, "invited"), NTARGET);
	assert_int_equal(jint(m, "no_show"), 0);
	json_decref(rep);
	json_decref(inv);
	json_decref(inv_future);
	/* the attendance writes are audited, and the chain holds */
	assert_int_equal(
		h_db_int(e->db,
			 "SELECT count(*) FROM audit_event WHERE action = 'register_attendance'"),
		4);
	h_expect(&r, 0, NULL, "audit", "verify", "--db", e->db, NULL);
	h_run_free(&r);
}

/* Runs meeting rsvp and returns its JSON; checks the exit status. */
static json_t *rsvp(struct h_env *e, int want, const char *code, const char *a1, const char *a2)
{
	struct h_run r;
	const char *argv[10] = {"meeting", "rsvp", code, "--db", e->db};
	int n = 5;
	if (a1)
		argv[n++] = a1;
	if (a2)
		argv[n++] = a2;
	argv[n] = NULL;
	h_runv(&r, NULL, argv);
	if (r.status != want)
		fail_msg("rsvp %s: exit %d, want %d\n%s%s", code, r.status, want, r.out, r.err);
	json_t *j = parse(r.out);
	h_run_free(&r);
	return j;
}

static const char *jstr(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	if (!v)
		fail_msg("%s is not a string", k);
	return v;
}

static void expect_result(json_t *j, const char *result, const char *response)
{
	assert_string_equal(jstr(j, "result"), result);
	if (response)
		assert_string_equal(jstr(j, "response"), response);
	json_decref(j);
}

static void test_rsvp(void **state)
{
	struct h_env *e = *state;
	import_and_signal(e);
	long id = add_meeting(e, FUTURE, "1"); /* one place */
	long past = add_meeting(e, PAST, "10");
	invite(e, id);
	invite(e, past);
	json_t *inv = invitees(e, id), *inv_past = invitees(e, past);
	const char *c1 = code_of(inv, 0), *c2 = code_of(inv, 1), *c3 = code_of(inv, 2);

	/* look-up shows the first name and the meeting only */
	json_t *j = rsvp(e, 0, c1, NULL, NULL);
	assert_string_equal(jstr(j, "first_name"), "Jan");
	assert_string_equal(jstr(j, "at"), FUTURE);
	assert_null(json_object_get(j, "family_name"));
	expect_result(j, "ok", "none");
	/* typed in lower case with a dash: the same code */
	char typed[16];
	snprintf(typed, sizeof typed, "%.5s-%s", c1, c1 + 5);
	for (char *p = typed; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	expect_result(rsvp(e, 0, typed, NULL, NULL), "ok", "none");

	/* accept with consent; the same again changes nothing */
	j = rsvp(e, 0, c1, "--accept", "--consent");
	assert_true(json_is_true(json_object_get(j, "consent")));
	expect_result(j, "ok", "accepted");
	expect_result(rsvp(e, 0, c1, "--accept", NULL), "ok", "accepted");
	assert_int_equal(count_events(e, "rsvp_accepted"), 1);
	assert_int_equal(count_events(e, "consent_given"), 1);
	char *data = h_db_text(e->db, "SELECT data FROM route_event WHERE kind = 'consent_given'");
	assert_non_null(data);
	json_t *d = parse(data);
	assert_string_equal(jstr(d, "from_org"), "UWV-NL");
	assert_string_equal(jstr(d, "to_org"), "GM0439");
	assert_string_equal(jstr(d, "purpose"), "max-ww-warme-overdracht");
	assert_string_equal(jstr(d, "expires"), "2030-12-13");
	json_decref(d);
	free(data);
	/* The consent record the municipality's access depends on (migration
	 * 0005): one, from the owning UWV team to the target municipality. */
	assert_int_equal(h_db_int(e->db,
				  "SELECT count(*) FROM consent WHERE source = 'rsvp' AND "
				  "from_org = 'UWV-NL' AND to_org = 'GM0439' AND "
				  "purpose = 'max-ww-warme-overdracht' AND expires_at > given_at"),
			 1);
	/* the other answer after one was given: used */
	expect_result(rsvp(e, 2, c1, "--decline", NULL), "used", NULL);

	/* the meeting is full: the next one to accept waits */
	expect_result(rsvp(e, 0, c2, "--accept", NULL), "ok", "waitlisted");
	expect_result(rsvp(e, 0, c2, "--accept", NULL), "ok", "waitlisted");
	assert_int_equal(count_events(e, "waitlisted"), 1);
	expect_result(rsvp(e, 0, c3, "--decline", NULL), "ok", "declined");
	expect_result(rsvp(e, 0, c3, "--decline", NULL), "ok", "declined");
	assert_int_equal(count_events(e, "rsvp_declined"), 1);

	/* unknown and malformed codes */
	expect_result(rsvp(e, 2, "ABCDEFGHJK", NULL, NULL), "unknown", NULL);
	expect_result(rsvp(e, 2, "ABCDEFGHJK", "--accept", NULL), "unknown", NULL);
	expect_result(rsvp(e, 2, "not a code", NULL, NULL), "unknown", NULL);
	/* after the meeting: expired, for looking and for answering */
	expect_result(rsvp(e, 2, code_of(inv_past, 0), NULL, NULL), "expired", NULL);
	expect_result(rsvp(e, 2, code_of(inv_past, 0), "--accept", NULL), "expired", NULL);

	json_t *rep = report(e, "UWV-NL");
	json_t *m = json_array_get(rep, 1);
	assert_int_equal(jint(m, "meeting_id"), id);
	assert_int_equal(jint(m, "answered"), 3);
	assert_int_equal(jint(m, "accepted"), 1);
	assert_int_equal(jint(m, "declined"), 1);
	assert_int_equal(jint(m, "waitlisted"), 1);
	assert_int_equal(jint(m, "consents"), 1);
	json_decref(rep);

	/* cancelled: the page says so */
	struct h_run r;
	char ids[24];
	snprintf(ids, sizeof ids, "%ld", id);
	h_expect(&r, 0, NULL, "meeting", "cancel", ids, "--db", e->db, NULL);
	h_run_free(&r);
	expect_result(rsvp(e, 2, c2, NULL, NULL), "cancelled", "waitlisted");
	expect_result(rsvp(e, 2, code_of(inv, 3), "--accept", NULL), "cancelled", NULL);
	json_decref(inv);
	json_decref(inv_past);
}

static void test_cancel_move_ics(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	import_and_signal(e);
	long id = add_meeting(e, FUTURE, "40");
	invite(e, id);
	char ids[24];
	snprintf(ids, sizeof ids, "%ld", id);

	h_expect(&r, 0, NULL, "meeting", "ics", ids, "--db", e->db, NULL);
	assert_true(h_contains(r.out, "\r\nMETHOD:PUBLISH\r\n"));
	assert_true(h_contains(r.out, "\r\nDTSTART:20300613T173000Z\r\n"));
	assert_true(h_contains(r.out, "\r\nSEQUENCE:0\r\n"));
	assert_true(h_contains(r.out, "\r\nLOCATION:Stadhuis\\, Purmerend\r\n"));
	h_run_free(&r);

	/* 20:00 on 2030-12-12 is winter time: 19:00 UTC */
	h_expect(&r, 0, NULL, "meeting", "move", ids, "--at", "2030-12-12 20:00", "--location",
		 "Wijkcentrum", "--db", e->db, NULL);
	assert_true(h_has_line(r.out, "6"));
	h_run_free(&r);
	assert_int_equal(count_events(e, "meeting_moved"), NTARGET);
	h_expect(&r, 0, NULL, "meeting", "ics", ids, "--db", e->db, NULL);
	assert_true(h_contains(r.out, "\r\nDTSTART:20301212T190000Z\r\n"));
	assert_true(h_contains(r.out, "\r\nSEQUENCE:1\r\n"));
	assert_true(h_contains(r.out, "\r\nLOCATION:Wijkcentrum\r\n"));
	h_run_free(&r);

	h_expect(&r, 0, NULL, "meeting", "cancel", ids, "--reason", "zaal niet beschikbaar", "--db",
		 e->db, NULL);
	assert_true(h_has_line(r.out, "6"));
	h_run_free(&r);
	h_expect(&r, 0, NULL, "meeting", "cancel", ids, "--db", e->db, NULL);
	assert_true(h_has_line(r.out, "0")); /* once */
	h_run_free(&r);
	assert_int_equal(count_events(e, "meeting_cancelled"), NTARGET);
	h_expect(&r, 0, NULL, "meeting", "ics", ids, "--db", e->db, NULL);
	assert_true(h_contains(r.out, "\r\nMETHOD:CANCEL\r\n"));
	assert_true(h_contains(r.out, "\r\nSTATUS:CANCELLED\r\n"));
	assert_true(h_contains(r.out, "\r\nSEQUENCE:2\r\n"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "meeting", "move", ids, "--at", "2030-12-13 20:00", "--db", e->db,
		 NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "meeting", "invite", ids, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "meeting", "ics", "77", "--db", e->db, NULL);
	h_run_free(&r);
}

/* Purmerend, "Maak werk van WW", first meeting (SEEDS.md 000): 81 invited,
 * 7 came. Synthetic WW data is generated, imported and signalled; the WW
 * end range of the meeting is chosen so that exactly 81 routes fall in it;
 * 4 attendees are listed by BSN and 3 by RSVP code. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_purmerend(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	const char *ww = h_path(e, "ww.csv");
	h_expect(&r, 0, NULL, "generate", "ww", "--count", "1500", "--seed", "2019", "--date",
		 "2026-11-30", "--gemeente", "GM0439", "--out", ww, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "import", "ww", ww, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--format", "json", "--show-bsn",
		 "--db", e->db, NULL);
	json_t *routes = parse(r.out);
	h_run_free(&r);
	size_t n = json_array_size(routes);
	assert_true(n > 100);
	const char **ends = calloc(n, sizeof *ends);
	assert_non_null(ends);
	for (size_t i = 0; i < n; i++)
		ends[i] = jstr(json_array_get(routes, i), "ww_end");
	qsort(ends, n, sizeof *ends, cmp_str);
	/* a run of exactly 81 routes: ends[i..i+80], not tied at either edge */
	size_t i = 0;
	while (i + 81 < n && ((i > 0 && strcmp(ends[i - 1], ends[i]) == 0) ||
			      strcmp(ends[i + 80], ends[i + 81]) == 0))
		i++;
	assert_true(i + 81 < n);
	char from[11], to[11];
	snprintf(from, sizeof from, "%s", ends[i]);
	snprintf(to, sizeof to, "%s", ends[i + 80]);
	free(ends);

	h_expect(&r, 0, NULL, "meeting", "add", "--org", "GM0439", "--at", "2026-06-13 19:30",
		 "--location", "Stadhuis Purmerend", "--capacity", "120", "--target", "GM0439",
		 "--ww-end-from", from, "--ww-end-to", to, "--presenter", "UWV-NL", "--presenter",
		 "GM0439", "--expect", "25-50", "--db", e->db, NULL);
	char ids[24];
	snprintf(ids, sizeof ids, "%ld", strtol(r.out, NULL, 10));
	h_run_free(&r);
	h_expect(&r, 0, NULL, "meeting", "invite", ids, "--db", e->db, NULL);
	assert_true(h_has_line(r.out, "81"));
	h_run_free(&r);

	/* 7 came: the first 4 invitees by BSN, the next 3 by code */
	json_t *inv = invitees(e, strtol(ids, NULL, 10));
	assert_int_equal(json_array_size(inv), 81);
	char csv[2048] = "bsn,code\n";
	size_t len = strlen(csv);
	for (size_t k = 0; k < 7; k++) {
		json_t *iv = json_array_get(inv, k);
		const char *b = "", *c = "";
		if (k < 4) {
			for (size_t q = 0; q < n; q++) {
				json_t *rt = json_array_get(routes, q);
				if (jint(rt, "route_id") == jint(iv, "route_id"))
					b = jstr(rt, "bsn");
			}
			assert_int_equal(strlen(b), 9);
		} else {
			c = code_of(inv, k);
		}
		len += (size_t)snprintf(csv + len, sizeof csv - len, "%s,%s\n", b, c);
	}
	const char *att = h_path(e, "aanwezig.csv");
	h_writes(att, csv);
	h_expect(&r, 0, NULL, "meeting", "attendance", ids, att, "--db", e->db, NULL);
	assert_true(
		h_has_line(r.out, "7 attended (7 newly registered, 0 already), 74 stayed away"));
	h_run_free(&r);

	json_t *rep = report(e, "GM0439");
	assert_int_equal(json_array_size(rep), 1);
	json_t *m = json_array_get(rep, 0);
	assert_int_equal(jint(m, "invited"), 81);
	assert_int_equal(jint(m, "attended"), 7);
	assert_int_equal(jint(m, "no_show"), 74);
	double rate = json_real_value(json_object_get(m, "attendance_rate"));
	assert_true(fabs(rate - 0.086) < 0.0005); /* 8.6% */
	json_t *ci = json_object_get(m, "attendance_ci");
	/* python3: Wilson's quadratic, z = NormalDist().inv_cdf(0.975), 7 of 81 */
	assert_true(fabs(json_real_value(json_array_get(ci, 0)) - 0.042492583340) < 1e-9);
	assert_true(fabs(json_real_value(json_array_get(ci, 1)) - 0.167799166339) < 1e-9);
	json_t *exp = json_object_get(m, "expected_attendance");
	assert_true(fabs(json_real_value(json_array_get(exp, 0)) - 0.25) < 1e-12);
	assert_true(fabs(json_real_value(json_array_get(exp, 1)) - 0.50) < 1e-12);
	json_decref(rep);

	/* the same in the table and CSV */
	h_expect(&r, 0, NULL, "report", "meetings", "--org", "GM0439", "--from", "2026-06-13",
		 "--to", "2026-06-13", "--db", e->db, NULL);
	assert_true(h_contains(r.out, "8.6% [ 4.2%, 16.8%]"));
	h_run_free(&r);
	h_expect(&r, 0, NULL, "report", "meetings", "--org", "GM0439", "--format", "csv", "--db",
		 e->db, NULL);
	char want[200];
	snprintf(want, sizeof want, "%s,all,81,0,0,0,0,7,74,0,0.0864,0.0425,0.1678,0.25,0.50", ids);
	assert_true(h_has_line(r.out, want));
	h_run_free(&r);
	/* outside the dates: no meeting */
	h_expect(&r, 0, NULL, "report", "meetings", "--org", "GM0439", "--from", "2026-06-14",
		 "--format", "json", "--db", e->db, NULL);
	assert_true(h_has_line(r.out, "[]"));
	h_run_free(&r);
	json_decref(inv);
	json_decref(routes);
}

#define T(name) cmocka_unit_test_setup_teardown(name, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_add_and_invite), T(test_variants_reproducible), T(test_attendance),
		T(test_rsvp),           T(test_cancel_move_ics),       T(test_purmerend),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
