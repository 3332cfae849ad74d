/* app/rsvp_code: RSVP codes derived from the installation key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "app/rsvp_code.h"

static struct pii_keys keys(unsigned char fill)
{
	struct pii_keys k;
	memset(&k, 0, sizeof k);
	memset(k.idx, fill, sizeof k.idx);
	return k;
}

static void test_shape_and_determinism(void **state)
{
	(void)state;
	assert_int_equal(pii_init(), 0);
	struct pii_keys k = keys(1);
	char a[MEETING_CODE_LEN + 1], b[MEETING_CODE_LEN + 1];
	rsvp_code_make(&k, 7, 42, a);
	rsvp_code_make(&k, 7, 42, b);
	assert_string_equal(a, b); /* a letter made later shows the same code */
	assert_int_equal(strlen(a), MEETING_CODE_LEN);
	for (int i = 0; i < MEETING_CODE_LEN; i++)
		assert_non_null(strchr(RSVP_CODE_ALPHABET, a[i]));
	rsvp_code_make(&k, 7, 43, b);
	assert_string_not_equal(a, b);
	rsvp_code_make(&k, 8, 42, b);
	assert_string_not_equal(a, b);
	struct pii_keys k2 = keys(2);
	rsvp_code_make(&k2, 7, 42, b);
	assert_string_not_equal(a, b); /* another installation, another code */
}

static void test_no_lookalikes(void **state)
{
	(void)state;
	assert_int_equal(strlen(RSVP_CODE_ALPHABET), 32);
	assert_null(strpbrk(RSVP_CODE_ALPHABET, "01OI"));
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_spread(void **state)
{
	(void)state;
	/* 20000 codes: all different, and every character used at every place. */
	enum { N = 20000 };
	struct pii_keys k = keys(3);
	char(*c)[MEETING_CODE_LEN + 1] = calloc(N, sizeof *c);
	assert_non_null(c);
	int seen[MEETING_CODE_LEN][32] = {{0}};
	for (int i = 0; i < N; i++) {
		rsvp_code_make(&k, 1 + i % 7, i, c[i]);
		for (int p = 0; p < MEETING_CODE_LEN; p++)
			seen[p][strchr(RSVP_CODE_ALPHABET, c[i][p]) - RSVP_CODE_ALPHABET]++;
	}
	qsort(c, N, sizeof *c, str_cmp);
	for (int i = 1; i < N; i++)
		assert_string_not_equal(c[i - 1], c[i]);
	for (int p = 0; p < MEETING_CODE_LEN; p++)
		for (int x = 0; x < 32; x++) /* expected 625 each */
			assert_true(seen[p][x] > 450 && seen[p][x] < 800);
	free(c);
}

static void test_index(void **state)
{
	(void)state;
	struct pii_keys k = keys(4), k2 = keys(5);
	unsigned char a[STORE_CODE_INDEX_SIZE], b[STORE_CODE_INDEX_SIZE];
	rsvp_code_index(&k, "ABCDEFGHJK", a);
	rsvp_code_index(&k, "ABCDEFGHJK", b);
	assert_memory_equal(a, b, sizeof a);
	rsvp_code_index(&k, "ABCDEFGHJL", b);
	assert_memory_not_equal(a, b, sizeof a);
	rsvp_code_index(&k2, "ABCDEFGHJK", b);
	assert_memory_not_equal(a, b, sizeof a);
}

static void test_normalise(void **state)
{
	(void)state;
	char out[MEETING_CODE_LEN + 1];
	assert_int_equal(rsvp_code_normalise("ABCDE-FGHJK", out), 0);
	assert_string_equal(out, "ABCDEFGHJK");
	assert_int_equal(rsvp_code_normalise(" abcde fghjk ", out), 0);
	assert_string_equal(out, "ABCDEFGHJK");
	const char *bad[] = {
		"",
		"ABCDEFGHJ",     /* 9 */
		"ABCDEFGHJKL",   /* 11 */
		"ABCDEFGHJ0",    /* look-alike: 0 */
		"ABCDEFGHJO",    /* O */
		"ABCDEFGHJ1",    /* 1 */
		"ABCDEFGHJI",    /* I */
		"ABCDE_FGHJK",   /* other separators */
		"ABCDEFGHJ\xc3", /* not ASCII */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (rsvp_code_normalise(bad[i], out) == 0)
			fail_msg("accepted '%s'", bad[i]);
	/* spaces beyond 64 bytes are not looked at: refused */
	char longer[80];
	memset(longer, ' ', sizeof longer);
	memcpy(longer + 60, "ABCDEFGHJK", 10);
	longer[70] = '\0';
	assert_int_equal(rsvp_code_normalise(longer, out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape_and_determinism),
		cmocka_unit_test(test_no_lookalikes),
		cmocka_unit_test(test_spread),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_normalise),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
