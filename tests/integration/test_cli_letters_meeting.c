/* overstap letters --meeting ID: one PDF with every invitation letter of a
 * meeting, and one route event "letter_made" per letter, recorded as an
 * event of that meeting; the reminder and the follow-up only for those they
 * speak to. Relies on the command-line contract of issue 5 (meeting add,
 * meeting invite, meeting rsvp, meeting attendance). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define N 4

static int count(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* N people in Purmerend whose WW ends on 2027-01-20, with routes. */
static void import_and_signal(struct h_env *e)
{
	char csv[4096] = H_WW_HEADER, bsn[10];
	for (int i = 0; i < N; i++) {
		h_bsn(100 + i, bsn);
		h_ww_row(csv, sizeof csv, bsn, "GM0439", "2026-01-15", "2027-01-20");
	}
	const char *f = h_path(e, "ww.csv");
	h_writes(f, csv);
	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--db", e->db, NULL);
	h_run_free(&r);
}

/* A meeting in Purmerend at `at` for them, invited; its id into id. */
static void invited_meeting(struct h_env *e, const char *at, char *id, size_t cap)
{
	struct h_run r;
	h_expect(&r, 0, NULL, "meeting", "add", "--org", "GM0439", "--at", at, "--location",
		 "Stadhuis Purmerend", "--capacity", "50", "--target", "GM0439", "--ww-end-from",
		 "2027-01-01", "--ww-end-to", "2027-02-28", "--db", e->db, NULL);
	snprintf(id, cap, "%.*s", (int)strcspn(r.out, "\n"), r.out);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "meeting", "invite", id, "--db", e->db, NULL);
	h_run_free(&r);
}

#define CODE_SIZE 16

/* The RSVP codes of the meeting's invitees, in invitation order. */
static void codes_of(struct h_env *e, const char *id, char code[N][CODE_SIZE])
{
	struct h_run r;
	h_expect(&r, 0, NULL, "meeting", "invitees", id, "--purpose", "test", "--format", "json",
		 "--db", e->db, NULL);
	json_t *inv = json_loads(r.out, 0, NULL);
	h_run_free(&r);
	assert_int_equal(json_array_size(inv), N);
	for (size_t i = 0; i < N; i++) {
		const char *c = json_string_value(json_object_get(json_array_get(inv, i), "code"));
		assert_non_null(c);
		assert_true(strlen(c) < CODE_SIZE);
		snprintf(code[i], CODE_SIZE, "%s", c);
	}
	json_decref(inv);
}

static void letters_for_meeting(void **state)
{
	struct h_env *e = *state;
	/* The binary inherits this: meeting times must not depend on it. */
	assert_int_equal(setenv("TZ", "America/New_York", 1), 0);
	import_and_signal(e);
	char id[32];
	invited_meeting(e, "2026-12-10 19:30", id, sizeof id);
	struct h_run r;

	const char *out = h_path(e, "inv.pdf");
	h_expect(&r, 0, NULL, "letters", "--meeting", id, "--template", "invitation", "--out", out,
		 "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_pdf_pages(out), N);
	char *text = h_pdf_text(out);
	assert_int_equal(count(text, "Beste Jan Jansen"), N);
	assert_int_equal(count(text, "10 december 2026"), N);
	/* Dutch time, though this test runs the binary in New York's zone. */
	assert_int_equal(count(text, "19:30"), N);
	assert_int_equal(count(text, "Stadhuis Purmerend"), N);
	/* Each invitee's own RSVP code is on a letter. */
	char code[N][CODE_SIZE];
	codes_of(e, id, code);
	for (int i = 0; i < N; i++)
		assert_int_equal(count(text, code[i]), 1);
	free(text);
	char sql[160];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM route_event WHERE kind = 'letter_made' AND meeting_id = %s",
		 id);
	assert_int_equal(h_db_int(e->db, sql), N);

	/* Moved, then cancelled: the notice letter says so; the invitation
	 * is refused for a cancelled meeting. */
	const char *notice = h_path(e, "notice.pdf");
	h_expect(&r, 0, NULL, "meeting", "move", id, "--at", "2026-12-17 14:00", "--db", e->db,
		 NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "letters", "--meeting", id, "--template", "notice", "--out", notice,
		 "--db", e->db, NULL);
	h_run_free(&r);
	text = h_pdf_text(notice);
	assert_int_equal(count(text, "Dit zijn de nieuwe gegevens"), N);
	assert_int_equal(count(text, "17 december 2026"), N);
	assert_int_equal(count(text, "14:00"), N);
	free(text);
	h_expect(&r, 0, NULL, "meeting", "cancel", id, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "letters", "--meeting", id, "--template", "invitation", "--out", out,
		 "--db", e->db, NULL);
	assert_true(h_contains(r.err, "only --template notice"));
	h_run_free(&r);
	h_expect(&r, 0, NULL, "letters", "--meeting", id, "--template", "notice", "--out", notice,
		 "--db", e->db, NULL);
	h_run_free(&r);
	text = h_pdf_text(notice);
	assert_int_equal(count(text, "De bijeenkomst gaat niet door"), N);
	free(text);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM route_event WHERE kind = 'letter_made' AND meeting_id = %s",
		 id);
	assert_int_equal(h_db_int(e->db, sql), 3 * N);

	/* an unknown meeting: bad input, nothing recorded */
	h_expect(&r, 2, NULL, "letters", "--meeting", "999999", "--template", "invitation", "--out",
		 out, "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM route_event WHERE kind = "
					 "'letter_made'"),
			 3 * N);
}

/* letters --template KIND --meeting id: exit want; the PDF's text (NULL on
 * a refusal, with err holding the message). */
static char *letters(struct h_env *e, int want, const char *id, const char *kind, char *err,
		     size_t errcap)
{
	struct h_run r;
	const char *out = h_path(e, "kind.pdf");
	remove(out);
	h_expect(&r, want, NULL, "letters", "--meeting", id, "--template", kind, "--out", out,
		 "--db", e->db, NULL);
	snprintf(err, errcap, "%s", r.err);
	h_run_free(&r);
	return want == 0 ? h_pdf_text(out) : NULL;
}

static void rsvp(struct h_env *e, const char *code, const char *answer)
{
	struct h_run r;
	h_expect(&r, 0, NULL, "meeting", "rsvp", code, answer, "--db", e->db, NULL);
	h_run_free(&r);
}

/* The reminder goes to those who have not answered, before the meeting;
 * the follow-up to those who did not come, once attendance is registered;
 * a kind that leaves nobody writes nothing. */
static void letters_by_kind(void **state)
{
	struct h_env *e = *state;
	char err[1024], future[32], past[32], code[N][CODE_SIZE];
	import_and_signal(e);
	invited_meeting(e, "2030-06-13 19:30", future, sizeof future);
	codes_of(e, future, code);
	rsvp(e, code[0], "--accept");
	rsvp(e, code[1], "--decline");

	char *text = letters(e, 0, future, "reminder", err, sizeof err);
	assert_int_equal(count(text, "Herinnering"), 2);
	assert_int_equal(count(text, code[0]), 0);
	assert_int_equal(count(text, code[1]), 0);
	assert_int_equal(count(text, code[2]), 1);
	assert_int_equal(count(text, code[3]), 1);
	free(text);
	assert_null(letters(e, 2, future, "follow_up", err, sizeof err));
	assert_true(h_contains(err, "register the attendance first"));
	rsvp(e, code[2], "--accept");
	rsvp(e, code[3], "--decline");
	assert_null(letters(e, 2, future, "reminder", err, sizeof err));
	assert_true(h_contains(err, "everyone has answered"));

	invited_meeting(e, "2026-06-13 19:30", past, sizeof past);
	codes_of(e, past, code);
	assert_null(letters(e, 2, past, "reminder", err, sizeof err));
	assert_true(h_contains(err, "has started"));
	assert_null(letters(e, 2, past, "follow_up", err, sizeof err));
	assert_true(h_contains(err, "register the attendance first"));
	const char *csv = h_path(e, "att.csv");
	char line[64];
	snprintf(line, sizeof line, "code\n%s\n", code[1]);
	h_writes(csv, line);
	struct h_run r;
	h_expect(&r, 0, NULL, "meeting", "attendance", past, csv, "--db", e->db, NULL);
	h_run_free(&r);
	text = letters(e, 0, past, "follow_up", err, sizeof err);
	assert_int_equal(count(text, "Wij helpen u graag in een persoonlijk gesprek"), N - 1);
	assert_int_equal(count(text, code[1]), 0);
	assert_int_equal(count(text, code[0]), 1);
	free(text);
	char sql[160];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM route_event WHERE kind = 'letter_made' AND meeting_id IN "
		 "(%s, %s)",
		 future, past);
	assert_int_equal(h_db_int(e->db, sql), 2 + N - 1);

	/* everyone came: no follow-up, nothing written */
	snprintf(line, sizeof line, "code\n%s\n%s\n%s\n", code[0], code[2], code[3]);
	h_writes(csv, line);
	h_expect(&r, 0, NULL, "meeting", "attendance", past, csv, "--db", e->db, NULL);
	h_run_free(&r);
	assert_null(letters(e, 2, past, "follow_up", err, sizeof err));
	assert_true(h_contains(err, "everyone came"));
	assert_int_equal(h_db_int(e->db, sql), 2 + N - 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(letters_for_meeting),
		T(letters_by_kind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
