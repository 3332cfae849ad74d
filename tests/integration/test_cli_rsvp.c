/* The residents' RSVP pages of overstap serve (web/page_rsvp.c), through
 * plain HTTP on both backends: the code form, the link on the letter,
 * accepting with consent (a consent record), declining, a double submit,
 * a code used the other way, an expired and a cancelled meeting, unknown
 * and malformed codes, a full meeting (waitlist), the calendar file, the
 * double-submit token (CSRF) and the throttle per client address, which
 * outlives a restart. tests/browser/rsvp.test.mjs drives the same pages in
 * a real browser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/meeting.h"
#include "harness.h"

#define FUTURE "2030-06-13 19:30"
#define PAST "2026-06-13 19:30"
#define FORM "Content-Type: application/x-www-form-urlencoded\r\n"

static struct h_proc server;

/* The invitees' codes per meeting: open (capacity 1), past, cancelled. */
struct world {
	int port;
	char open[4][16], past[16], cancelled[16];
};

static long add_meeting(struct h_env *e, const char *at, const char *capacity)
{
	struct h_run r;
	h_expect(&r, 0, NULL, "meeting", "add", "--org", "UWV-NL", "--at", at, "--location",
		 "Stadhuis, Purmerend", "--capacity", capacity, "--target", "GM0439",
		 "--ww-end-from", "2027-01-01", "--ww-end-to", "2027-02-28", "--db", e->db, NULL);
	long id = strtol(r.out, NULL, 10);
	assert_true(id > 0);
	h_run_free(&r);
	return id;
}

/* Invites everyone targeted by meeting id; copies up to n codes into out. */
static void invite(struct h_env *e, long id, char (*out)[16], size_t n)
{
	char ids[24];
	struct h_run r;
	snprintf(ids, sizeof ids, "%ld", id);
	h_expect(&r, 0, NULL, "meeting", "invite", ids, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "meeting", "invitees", ids, "--purpose", "test", "--format", "json",
		 "--db", e->db, NULL);
	json_t *inv = json_loads(r.out, 0, NULL);
	assert_non_null(inv);
	assert_true(json_array_size(inv) >= n);
	for (size_t i = 0; i < n; i++)
		snprintf(out[i], sizeof out[i], "%s",
			 json_string_value(json_object_get(json_array_get(inv, i), "code")));
	json_decref(inv);
	h_run_free(&r);
}

static void build(struct world *w, struct h_env *e)
{
	struct h_run r;
	char csv[4096] = H_WW_HEADER, bsn[10];
	h_expect(&r, 0, NULL, "init", "--db", e->db, NULL);
	h_run_free(&r);
	for (int i = 0; i < 4; i++) {
		h_bsn(60 + i, bsn);
		h_ww_row(csv, sizeof csv, bsn, "GM0439", "2026-01-01", "2027-01-15");
	}
	h_writes(h_path(e, "ww.csv"), csv);
	h_expect(&r, 0, NULL, "import", "ww", h_path(e, "ww.csv"), "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--db", e->db, NULL);
	h_run_free(&r);
	/* The organiser's letterhead: the pages name its telephone number. */
	h_writes(h_path(e, "lh.json"),
		 "{\"name\": \"UWV Purmerend\", \"contact\": \"telefoon 088 898 92 95\"}");
	h_expect(&r, 0, NULL, "org", "set", "UWV-NL", "--letterhead", h_path(e, "lh.json"), "--db",
		 e->db, NULL);
	h_run_free(&r);
	invite(e, add_meeting(e, FUTURE, "1"), w->open, 4);
	char one[1][16];
	invite(e, add_meeting(e, PAST, "10"), one, 1);
	memcpy(w->past, one[0], sizeof w->past);
	long c = add_meeting(e, FUTURE, "10");
	invite(e, c, one, 1);
	memcpy(w->cancelled, one[0], sizeof w->cancelled);
	char ids[24];
	snprintf(ids, sizeof ids, "%ld", c);
	h_expect(&r, 0, NULL, "meeting", "cancel", ids, "--db", e->db, NULL);
	h_run_free(&r);
	w->port = h_serve(&server, e, h_path(e, "serve.log"), NULL);
}

static void get(const struct world *w, const char *path, struct h_reply *rep)
{
	h_http_req(w->port, "GET", path, NULL, NULL, rep);
}

/* The double-submit token of an answer form: the cookie's value, which
 * the hidden field repeats. */
static void token_of(const struct h_reply *rep, char *out, size_t cap)
{
	char line[256], field[128];
	if (!h_header(rep, "Set-Cookie", "overstap_rsvp=", line, sizeof line))
		fail_msg("no token cookie in:\n%s", rep->head);
	size_t n = strcspn(line + 14, ";");
	assert_true(n == 43 && n < cap);
	snprintf(out, cap, "%.*s", (int)n, line + 14);
	snprintf(field, sizeof field, "name=\"rsvp_token\" value=\"%s\"", out);
	assert_true(h_contains(rep->body, field));
}

/* Opens code's link, which must show the answer form: its token. */
static void form_token(const struct world *w, const char *code, char *out, size_t cap)
{
	char path[64];
	struct h_reply rep;
	snprintf(path, sizeof path, "/uitnodiging/%s", code);
	get(w, path, &rep);
	assert_int_equal(rep.status, 200);
	token_of(&rep, out, cap);
	h_reply_free(&rep);
}

/* POSTs an answer with the given cookie and field tokens (NULL: left out). */
static int post(const struct world *w, const char *code, const char *cookie, const char *field,
		const char *answer, bool consent, struct h_reply *rep)
{
	char path[64], hdr[256] = FORM, body[256];
	snprintf(path, sizeof path, "/uitnodiging/%s", code);
	if (cookie)
		snprintf(hdr + strlen(hdr), sizeof hdr - strlen(hdr),
			 "Cookie: overstap_rsvp=%s\r\n", cookie);
	snprintf(body, sizeof body, "%s%s&antwoord=%s%s",
		 field ? "rsvp_token=" : "x=", field ? field : "", answer,
		 consent ? "&toestemming=ja" : "");
	h_http_req(w->port, "POST", path, hdr, body, rep);
	return rep->status;
}

/* Opens the link and answers through its form; returns the POST's status. */
static int answer(const struct world *w, const char *code, const char *ans, bool consent)
{
	char path[64], token[64];
	struct h_reply rep;
	snprintf(path, sizeof path, "/uitnodiging/%s", code);
	form_token(w, code, token, sizeof token);
	int st = post(w, code, token, token, ans, consent, &rep);
	if (st == 303)
		assert_true(h_reply_header(&rep, "Location", path));
	h_reply_free(&rep);
	return st;
}

static long long events(struct h_env *e, const char *kind)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM route_event WHERE kind = '%s'", kind);
	return h_db_int(e->db, sql);
}

static long long rsvp_consents(struct h_env *e)
{
	return h_db_int(e->db, "SELECT count(*) FROM consent WHERE source = 'rsvp' AND purpose = "
			       "'" MEETING_CONSENT_PURPOSE "' AND to_org = 'GM0439'");
}

/* Asserts status and that the body holds text. */
static void expect_page(const struct world *w, const char *path, int status, const char *text)
{
	struct h_reply rep;
	get(w, path, &rep);
	if (rep.status != status || !h_contains(rep.body, text))
		fail_msg("GET %s: %d, want %d with \"%s\":\n%s", path, rep.status, status, text,
			 rep.body);
	h_reply_free(&rep);
}

static void rsvp_accept_with_consent(void **state)
{
	struct h_env *e = *state;
	struct world w;
	build(&w, e);
	struct h_reply rep;
	char path[96], typed[64], token[64], csp[512];

	/* The form for the code; a typed code (lower case, a dash) leads to the link. */
	get(&w, "/uitnodiging", &rep);
	assert_int_equal(rep.status, 200);
	assert_true(h_contains(rep.body, "name=\"code\""));
	assert_true(h_reply_header(&rep, "Referrer-Policy", "no-referrer"));
	assert_true(
		h_header(&rep, "Content-Security-Policy", "default-src 'none'", csp, sizeof csp));
	assert_false(h_contains(rep.body, "http://"));
	assert_false(h_contains(rep.body, "https://"));
	h_reply_free(&rep);
	snprintf(typed, sizeof typed, "/uitnodiging?code=%.5s-%.10s", w.open[0], w.open[0] + 5);
	for (char *c = typed + 18; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	snprintf(path, sizeof path, "/uitnodiging/%s", w.open[0]);
	get(&w, typed, &rep);
	assert_int_equal(rep.status, 303);
	assert_true(h_reply_header(&rep, "Location", path));
	h_reply_free(&rep);
	expect_page(&w, "/uitnodiging?code=", 400, "Vul de code uit de brief in.");

	/* The link: the first name and the meeting, nothing else of the person. */
	get(&w, path, &rep);
	assert_int_equal(rep.status, 200);
	assert_true(h_contains(rep.body, "Beste Jan,"));
	assert_false(h_contains(rep.body, "Jansen"));
	assert_false(h_contains(rep.body, "1012 AB"));
	assert_true(h_contains(rep.body, "donderdag 13 juni 2030"));
	assert_true(h_contains(rep.body, "19:30"));
	assert_true(h_contains(rep.body, "Stadhuis, Purmerend"));
	assert_true(h_contains(rep.body, "De gemeente mag contact met mij opnemen"));
	assert_true(h_contains(rep.body, "13 december 2030")); /* the consent's last day */
	assert_false(h_contains(rep.body, "checked"));         /* consent not ticked */
	token_of(&rep, token, sizeof token);
	h_reply_free(&rep);

	/* Accept with consent; the same POST again changes nothing. */
	assert_int_equal(post(&w, w.open[0], token, token, "ja", true, &rep), 303);
	h_reply_free(&rep);
	assert_int_equal(post(&w, w.open[0], token, token, "ja", true, &rep), 303);
	h_reply_free(&rep);
	assert_int_equal(events(e, "rsvp_accepted"), 1);
	assert_int_equal(events(e, "consent_given"), 1);
	assert_int_equal(rsvp_consents(e), 1);
	expect_page(&w, path, 200, "U komt naar de bijeenkomst.");
	expect_page(&w, path, 200, "U gaf toestemming: de gemeente Purmerend");
	char en[160];
	snprintf(en, sizeof en, "%s?lang=en", path);
	expect_page(&w, en, 200, "You are coming to the meeting.");

	/* The calendar file for who is coming. */
	char ics[160];
	snprintf(ics, sizeof ics, "%s/bijeenkomst.ics", path);
	get(&w, ics, &rep);
	assert_int_equal(rep.status, 200);
	assert_true(h_reply_header(&rep, "Content-Type", "text/calendar; charset=utf-8"));
	assert_true(h_contains(rep.body, "BEGIN:VCALENDAR\r\n"));
	assert_true(h_contains(rep.body, "LOCATION:Stadhuis\\, Purmerend"));
	assert_false(h_contains(rep.body, "Jan"));
	h_reply_free(&rep);

	/* The meeting is full now (capacity 1): the next one is waitlisted. */
	assert_int_equal(answer(&w, w.open[1], "ja", false), 303);
	snprintf(path, sizeof path, "/uitnodiging/%s", w.open[1]);
	expect_page(&w, path, 200, "U staat nu op de wachtlijst.");
	expect_page(&w, path, 200, "U gaf geen toestemming");
	snprintf(ics, sizeof ics, "%s/bijeenkomst.ics", path);
	expect_page(&w, ics, 404, "Code niet gevonden");
	assert_int_equal(events(e, "waitlisted"), 1);
	assert_int_equal(rsvp_consents(e), 1);

	/* Neither yes nor no: the form again, nothing recorded. */
	form_token(&w, w.open[3], token, sizeof token);
	assert_int_equal(post(&w, w.open[3], token, token, "misschien", true, &rep), 400);
	assert_true(h_contains(rep.body, "Kies of u komt"));
	h_reply_free(&rep);
	assert_int_equal(rsvp_consents(e), 1);

	/* No code is in the server's log (the access log names routes only). */
	h_proc_stop(&server, 5000, NULL);
	char *log = h_read(h_path(e, "serve.log"), NULL);
	assert_non_null(log);
	assert_true(h_contains(log, "\"route\":\"page_rsvp_post\""));
	for (int i = 0; i < 4; i++)
		assert_false(h_contains(log, w.open[i]));
	free(log);
}

static void rsvp_decline_used_expired_cancelled(void **state)
{
	struct h_env *e = *state;
	struct world w;
	build(&w, e);
	struct h_reply rep;
	char path[96], token[64];

	assert_int_equal(answer(&w, w.open[2], "nee", false), 303);
	snprintf(path, sizeof path, "/uitnodiging/%s", w.open[2]);
	get(&w, path, &rep); /* the confirmation, and no form any more */
	assert_int_equal(rep.status, 200);
	assert_true(h_contains(rep.body, "U komt niet naar de bijeenkomst."));
	assert_false(h_contains(rep.body, "rsvp_token"));
	h_reply_free(&rep);
	assert_int_equal(events(e, "rsvp_declined"), 1);

	/* Used: declined, then "yes" with a token from another form. */
	form_token(&w, w.open[3], token, sizeof token);
	assert_int_equal(post(&w, w.open[2], token, token, "ja", true, &rep), 409);
	assert_true(h_contains(rep.body, "U heeft al laten weten dat u niet komt."));
	assert_true(h_contains(rep.body, "telefoon 088 898 92 95"));
	h_reply_free(&rep);
	assert_int_equal(events(e, "rsvp_accepted"), 0);
	assert_int_equal(rsvp_consents(e), 0);

	/* Expired (the meeting was in June 2026) and cancelled: the organiser's number. */
	snprintf(path, sizeof path, "/uitnodiging/%s", w.past);
	expect_page(&w, path, 410, "Deze bijeenkomst is al begonnen of voorbij.");
	expect_page(&w, path, 410, "UWV Purmerend");
	assert_int_equal(post(&w, w.past, token, token, "ja", true, &rep), 410);
	h_reply_free(&rep);
	snprintf(path, sizeof path, "/uitnodiging/%s", w.cancelled);
	expect_page(&w, path, 410, "Deze bijeenkomst gaat niet door.");
	expect_page(&w, path, 410, "telefoon 088 898 92 95");
	assert_int_equal(post(&w, w.cancelled, token, token, "ja", false, &rep), 410);
	h_reply_free(&rep);
	assert_int_equal(events(e, "rsvp_accepted"), 0);

	/* Unknown and malformed codes: the same page, no organiser named. */
	get(&w, "/uitnodiging/ABCDEFGHJK", &rep);
	assert_int_equal(rep.status, 404);
	assert_true(h_contains(rep.body, "Wij hebben deze code niet gevonden."));
	assert_true(h_contains(rep.body, "Bel het telefoonnummer bovenaan uw brief."));
	assert_false(h_contains(rep.body, "UWV Purmerend"));
	h_reply_free(&rep);
	expect_page(&w, "/uitnodiging?code=geen+code", 404, "Wij hebben deze code niet gevonden.");
	expect_page(&w, "/uitnodiging/x", 404, "Wij hebben deze code niet gevonden.");
	h_proc_stop(&server, 5000, NULL);
}

static void rsvp_csrf_refused(void **state)
{
	struct h_env *e = *state;
	struct world w;
	build(&w, e);
	struct h_reply rep;
	char path[96], token[64], other[64];
	snprintf(path, sizeof path, "/uitnodiging/%s", w.open[0]);
	form_token(&w, w.open[0], token, sizeof token);
	form_token(&w, w.open[0], other, sizeof other);
	assert_string_not_equal(token, other);
	/* No cookie, no field, or the two differ: refused, nothing recorded. */
	assert_int_equal(post(&w, w.open[0], NULL, token, "ja", true, &rep), 403);
	assert_true(h_contains(rep.body, "Het formulier is verlopen"));
	h_reply_free(&rep);
	assert_int_equal(post(&w, w.open[0], token, NULL, "ja", true, &rep), 403);
	h_reply_free(&rep);
	assert_int_equal(post(&w, w.open[0], token, other, "ja", true, &rep), 403);
	h_reply_free(&rep);
	h_http_req(w.port, "POST", path, NULL, NULL, &rep); /* no form at all */
	assert_int_equal(rep.status, 400);
	h_reply_free(&rep);
	assert_int_equal(events(e, "rsvp_accepted"), 0);
	assert_int_equal(rsvp_consents(e), 0);
	assert_int_equal(post(&w, w.open[0], other, other, "ja", true, &rep), 303);
	h_reply_free(&rep);
	assert_int_equal(events(e, "rsvp_accepted"), 1);
	h_proc_stop(&server, 5000, NULL);
}

static int from(const struct world *w, const char *src, const char *path)
{
	char req[256];
	struct h_reply rep;
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
		 path);
	h_http_from(w->port, src, req, strlen(req), &rep);
	int st = rep.status;
	h_reply_free(&rep);
	return st;
}

static void rsvp_throttle(void **state)
{
	struct h_env *e = *state;
	struct world w;
	build(&w, e);
	char path[96];
	snprintf(path, sizeof path, "/uitnodiging/%s", w.open[0]);
	assert_int_equal(from(&w, "127.0.0.1", path), 200); /* known codes are not counted */
	for (int i = 0; i <= RSVP_IP_FREE; i++) /* the last of these locks the address */
		assert_int_equal(from(&w, "127.0.0.1",
				      i % 2 ? "/uitnodiging/ABCDEFGHJK" : "/uitnodiging?code=nee"),
				 404);
	/* The next one is refused, and then every look-up from that address. */
	expect_page(&w, "/uitnodiging/ABCDEFGHJK", 429, "U kunt het weer proberen om");
	assert_int_equal(from(&w, "127.0.0.1", path), 429);
	/* Another address is not affected. */
	assert_int_equal(from(&w, "127.0.0.2", path), 200);
	/* The lock is in the database: it outlives a restart. */
	h_proc_stop(&server, 5000, NULL);
	w.port = h_serve(&server, e, h_path(e, "serve.log"), NULL);
	assert_int_equal(from(&w, "127.0.0.1", path), 429);
	assert_int_equal(from(&w, "127.0.0.2", path), 200);
	h_proc_stop(&server, 5000, NULL);
}

static int teardown(void **state)
{
	h_proc_stop(&server, 5000, NULL);
	return h_teardown(state);
}

#define T(name) cmocka_unit_test_setup_teardown(name, h_setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(rsvp_accept_with_consent),
		T(rsvp_decline_used_expired_cancelled),
		T(rsvp_csrf_refused),
		T(rsvp_throttle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
