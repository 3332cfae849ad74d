/* render/ics: RFC 5545 output for one event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "render/ics.h"

/* Every line ends in CRLF, no bare CR or LF, no physical line over 75
 * octets; returns the unfolded text (lines joined, "\r\n " removed), which
 * the caller frees. */
static char *check_and_unfold(const char *t, size_t n)
{
	char *u = malloc(n + 1);
	size_t k = 0, col = 0;
	assert_non_null(u);
	assert_true(n >= 2 && t[n - 2] == '\r' && t[n - 1] == '\n');
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '\r') {
			assert_true(i + 1 < n && t[i + 1] == '\n');
			if (col > 75)
				fail_msg("line of %zu octets", col);
			col = 0;
			i++;
			if (i + 1 < n && t[i + 1] == ' ') {
				i++; /* folded: drop CRLF and the space */
				col = 1;
				continue;
			}
			u[k++] = '\n';
			continue;
		}
		assert_true(t[i] != '\n');
		u[k++] = t[i];
		col++;
	}
	u[k] = '\0';
	return u;
}

static void test_basic(void **state)
{
	(void)state;
	/* 1796927400 = 2026-12-10 18:30:00 UTC (python3: datetime.fromtimestamp(
	 * 1796927400, timezone.utc)) */
	struct ics_event e = {
		.uid = "meeting-7@overstap.example",
		.stamp = 1796000000,
		.start = 1796927400,
		.end = 1796927400 + 7200,
		.summary = "Informatiebijeenkomst: uw WW stopt",
		.location = "Stadhuis, Purmerend",
	};
	size_t n;
	char *t = ics_render(&e, &n);
	assert_non_null(t);
	assert_int_equal(strlen(t), n);
	char *u = check_and_unfold(t, n);
	assert_non_null(strstr(u, "BEGIN:VCALENDAR\nVERSION:2.0\n"));
	assert_non_null(strstr(u, "\nMETHOD:PUBLISH\n"));
	assert_non_null(strstr(u, "\nDTSTART:20261210T183000Z\n"));
	assert_non_null(strstr(u, "\nDTEND:20261210T203000Z\n"));
	assert_non_null(strstr(u, "\nSTATUS:CONFIRMED\n"));
	assert_non_null(strstr(u, "\nSUMMARY:Informatiebijeenkomst: uw WW stopt\n"));
	assert_non_null(strstr(u, "\nLOCATION:Stadhuis\\, Purmerend\n"));
	assert_null(strstr(u, "DESCRIPTION")); /* not given, not written */
	assert_non_null(strstr(u, "\nEND:VEVENT\nEND:VCALENDAR\n"));
	free(u);
	free(t);
}

static void test_cancel(void **state)
{
	(void)state;
	struct ics_event e = {.uid = "m-1",
			      .stamp = 0,
			      .start = 0,
			      .end = 3600,
			      .sequence = 2,
			      .cancelled = true};
	char *t = ics_render(&e, NULL);
	assert_non_null(t);
	char *u = check_and_unfold(t, strlen(t));
	assert_non_null(strstr(u, "\nMETHOD:CANCEL\n"));
	assert_non_null(strstr(u, "\nSTATUS:CANCELLED\n"));
	assert_non_null(strstr(u, "\nSEQUENCE:2\n"));
	assert_non_null(strstr(u, "\nDTSTART:19700101T000000Z\n"));
	free(u);
	free(t);
}

static void test_escaping_and_folding(void **state)
{
	(void)state;
	/* 60 times "é" (2 octets each) after a backslash, semicolon, comma,
	 * newline, CR and a control character. */
	char desc[400] = "a\\b;c,d\ne\rf\x01g ";
	size_t dn = strlen(desc);
	for (int i = 0; i < 60; i++, dn += 2)
		memcpy(desc + dn, "\xc3\xa9", 3);
	struct ics_event e = {.uid = "x", .start = 1, .end = 2, .stamp = 3, .description = desc};
	char *t = ics_render(&e, NULL);
	assert_non_null(t);
	/* no physical line starts with a UTF-8 continuation byte: never split */
	for (const char *p = strstr(t, "\r\n "); p; p = strstr(p + 1, "\r\n "))
		assert_true(((unsigned char)p[3] & 0xC0) != 0x80);
	char *u = check_and_unfold(t, strlen(t));
	char want[500] = "\nDESCRIPTION:a\\\\b\\;c\\,d\\nefg ";
	size_t wn = strlen(want);
	for (int i = 0; i < 60; i++, wn += 2)
		memcpy(want + wn, "\xc3\xa9", 3);
	memcpy(want + wn, "\n", 2);
	if (!strstr(u, want))
		fail_msg("unfolded:\n%s", u);
	free(u);
	free(t);
}

static void test_broken_utf8(void **state)
{
	(void)state;
	/* 100 lone continuation bytes, an overlong form, a cut-off sequence:
	 * each becomes U+FFFD and no folded line starts inside a character */
	char bad[128];
	memset(bad, 0xA2, 100);
	memcpy(bad + 100, "\xC0\xAF x \xE2\x82", 8);
	bad[108] = '\0';
	struct ics_event e = {.uid = "x", .start = 1, .end = 2, .stamp = 3, .summary = bad};
	char *t = ics_render(&e, NULL);
	assert_non_null(t);
	for (const char *p = strstr(t, "\r\n "); p; p = strstr(p + 1, "\r\n "))
		assert_true(((unsigned char)p[3] & 0xC0) != 0x80);
	char *u = check_and_unfold(t, strlen(t));
	const char *s = strstr(u, "\nSUMMARY:");
	assert_non_null(s);
	size_t fffd = 0;
	for (const char *p = strstr(s, "\xEF\xBF\xBD"); p && p < s + strcspn(s + 1, "\n") + 1;
	     p = strstr(p + 3, "\xEF\xBF\xBD"))
		fffd++;
	assert_int_equal(fffd, 100 + 2 + 2); /* 100, C0 AF, E2 82 */
	assert_non_null(strstr(s, "\xEF\xBF\xBD x \xEF\xBF\xBD"));
	free(u);
	free(t);
}

static void test_limits(void **state)
{
	(void)state;
	struct ics_event e = {.uid = "x", .start = -1, .end = 2, .stamp = 3};
	assert_null(ics_render(&e, NULL));
	e.start = 253402300800LL; /* 10000-01-01 */
	assert_null(ics_render(&e, NULL));
	/* a text over ICS_TEXT_MAX is cut, not refused */
	char *big = malloc(ICS_TEXT_MAX * 2);
	assert_non_null(big);
	memset(big, 'x', ICS_TEXT_MAX * 2 - 1);
	big[ICS_TEXT_MAX * 2 - 1] = '\0';
	e.start = 1;
	e.summary = big;
	char *t = ics_render(&e, NULL);
	assert_non_null(t);
	char *u = check_and_unfold(t, strlen(t));
	const char *s = strstr(u, "\nSUMMARY:");
	assert_non_null(s);
	assert_int_equal(strcspn(s + 9, "\n"), ICS_TEXT_MAX);
	free(u);
	free(t);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_escaping_and_folding),
		cmocka_unit_test(test_broken_utf8),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
