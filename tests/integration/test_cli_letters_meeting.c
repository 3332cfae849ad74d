/* overstap letters --meeting ID: one PDF with every invitation letter of a
 * meeting, and one route event "letter_made" per letter, recorded as an
 * event of that meeting. Relies on the command-line contract of issue 5
 * (meeting add, meeting invite). */
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

static void letters_for_meeting(void **state)
{
	struct h_env *e = *state;
	/* The binary inherits this: meeting times must not depend on it. */
	assert_int_equal(setenv("TZ", "America/New_York", 1), 0);
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
	h_expect(&r, 0, NULL, "meeting", "add", "--org", "GM0439", "--at", "2026-12-10 19:30",
		 "--location", "Stadhuis Purmerend", "--capacity", "50", "--target", "GM0439",
		 "--ww-end-from", "2027-01-01", "--ww-end-to", "2027-02-28", "--db", e->db, NULL);
	char id[32];
	snprintf(id, sizeof id, "%.*s", (int)strcspn(r.out, "\n"), r.out);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "meeting", "invite", id, "--db", e->db, NULL);
	h_run_free(&r);

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
	h_expect(&r, 0, NULL, "meeting", "invitees", id, "--purpose", "test", "--format", "json",
		 "--db", e->db, NULL);
	json_t *inv = json_loads(r.out, 0, NULL);
	h_run_free(&r);
	assert_int_equal(json_array_size(inv), N);
	for (size_t i = 0; i < json_array_size(inv); i++) {
		const char *code =
			json_string_value(json_object_get(json_array_get(inv, i), "code"));
		assert_non_null(code);
		assert_int_equal(count(text, code), 1);
	}
	json_decref(inv);
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

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(letters_for_meeting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
