/* Tests for the BSN 11-proef, normalisation and masking (RULES.md §5.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/bsn.h"

static enum bsn_status norm(const char *s, char out[BSN_SIZE])
{
	return bsn_normalise(s, strlen(s), out);
}

/* RULES.md §5.1 example: S = 66 = 6 x 11. */
static void test_rules_valid_example(void **state)
{
	char out[BSN_SIZE];
	(void)state;

	assert_int_equal(norm("111222333", out), BSN_OK);
	assert_string_equal(out, "111222333");
	assert_true(bsn_valid("111222333"));
}

/* RULES.md §5.1: 111222334 gives S = 65. */
static void test_rules_invalid_example(void **state)
{
	char out[BSN_SIZE] = "untouched";
	(void)state;

	assert_int_equal(norm("111222334", out), BSN_BAD_CHECK);
	assert_string_equal(out, "untouched"); /* out is written only on success */
	assert_false(bsn_valid("111222334"));
}

/* RULES.md §5.1: 319072356 gives S = 154 = 14 x 11. */
static void test_second_valid_example(void **state)
{
	char out[BSN_SIZE];
	(void)state;

	assert_int_equal(norm("319072356", out), BSN_OK);
	assert_true(bsn_valid("319072356"));
}

/* Every last digit but the right one fails. */
static void test_only_one_check_digit(void **state)
{
	char s[BSN_SIZE] = "11122233x";
	char out[BSN_SIZE];
	int ok = 0;
	(void)state;

	for (char d = '0'; d <= '9'; d++) {
		s[8] = d;
		if (norm(s, out) == BSN_OK) {
			ok++;
			assert_int_equal(d, '3');
		}
	}
	assert_int_equal(ok, 1);
}

/* A one-digit change anywhere breaks the check: weights 9..2 and -1 are all
 * non-zero mod 11 and a digit changes by at most 9. */
static void test_single_digit_errors_caught(void **state)
{
	const char *good = "319072356";
	char s[BSN_SIZE];
	char out[BSN_SIZE];
	(void)state;

	for (int i = 0; i < BSN_DIGITS; i++) {
		for (char d = '0'; d <= '9'; d++) {
			if (d == good[i])
				continue;
			memcpy(s, good, BSN_SIZE);
			s[i] = d;
			assert_int_not_equal(norm(s, out), BSN_OK);
		}
	}
}

/* Computed: 0·9 + 1·8 + 2·7 + 3·6 + 4·5 + 5·4 + 6·3 + 7·2 − 2 = 110 = 10 x 11. */
static void test_leading_zero_valid(void **state)
{
	char out[BSN_SIZE];
	(void)state;

	assert_int_equal(norm("012345672", out), BSN_OK);
	assert_string_equal(out, "012345672");
	assert_true(bsn_valid("012345672"));
	/* 8·9 + 7·8 + 6·7 + 5·6 + 4·5 + 3·4 + 2·3 − 7 = 231 = 21 x 11 */
	assert_true(bsn_valid("098765437"));
	/* S = 33 */
	assert_true(bsn_valid("011111112"));
	assert_false(bsn_valid("012345673"));
}

/* A spreadsheet dropped the leading zero: 8 digits get it back. */
static void test_eight_digits_padded(void **state)
{
	char out[BSN_SIZE];
	(void)state;

	assert_int_equal(norm("12345672", out), BSN_OK);
	assert_string_equal(out, "012345672");
	assert_int_equal(norm("98765437", out), BSN_OK);
	assert_string_equal(out, "098765437");
	assert_int_equal(norm("12345673", out), BSN_BAD_CHECK);
	/* 8 digits only with the zero put back in front, never at the end */
	assert_int_equal(norm("11122233", out), BSN_BAD_CHECK);
	/* bsn_valid wants the 9-digit form */
	assert_false(bsn_valid("12345672"));
}

static void test_all_zeros(void **state)
{
	char out[BSN_SIZE];
	(void)state;

	assert_int_equal(norm("000000000", out), BSN_BAD_CHECK);
	assert_int_equal(norm("00000000", out), BSN_BAD_CHECK);
	assert_false(bsn_valid("000000000"));
}

/* S = 0 is "divisible by 11" but refused (RULES.md §5.1: S > 0). */
static void test_zero_sum_refused(void **state)
{
	char out[BSN_SIZE];
	(void)state;

	assert_int_equal(norm("010000008", out), BSN_BAD_CHECK); /* 8 - 8 = 0 */
	assert_int_equal(norm("100000009", out), BSN_BAD_CHECK); /* 9 - 9 = 0 */
	assert_int_equal(norm("10000008", out), BSN_BAD_CHECK);  /* padded: 010000008 */
}

/* RULES.md §5.1: numbers starting with "00" are refused even when S is a
 * positive multiple of 11: 001100002 gives S = 7 + 6 - 2 = 11. */
static void test_double_leading_zero_refused(void **state)
{
	char out[BSN_SIZE];
	(void)state;

	assert_int_equal(norm("001100002", out), BSN_BAD_CHECK);
	assert_int_equal(norm("01100002", out), BSN_BAD_CHECK); /* 8 digits, padded to 00... */
}

static void test_non_digits(void **state)
{
	char out[BSN_SIZE];
	(void)state;

	assert_int_equal(norm("11122233a", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("a11222333", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("111-222-333", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("111.222.33", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("+11222333", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("-11222333", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("１１１２２２３３３", out), BSN_BAD_FORMAT); /* full-width */
	assert_false(bsn_valid("11122233a"));
}

static void test_spaces(void **state)
{
	char out[BSN_SIZE];
	(void)state;

	assert_int_equal(norm(" 111222333", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("111222333 ", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("111 222 333", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("1112 2333", out), BSN_BAD_FORMAT);
	assert_false(bsn_valid(" 11222333"));
}

static void test_wrong_lengths(void **state)
{
	char out[BSN_SIZE];
	(void)state;

	assert_int_equal(norm("", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("1", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("1112223", out), BSN_BAD_FORMAT);
	assert_int_equal(norm("1112223330", out), BSN_BAD_FORMAT); /* 10 digits */
	assert_int_equal(norm("0111222333", out), BSN_BAD_FORMAT); /* 10 with a zero */
	assert_false(bsn_valid(""));
	assert_false(bsn_valid("1112223330"));
	assert_false(bsn_valid(NULL));
	assert_int_equal(bsn_normalise(NULL, 9, out), BSN_BAD_FORMAT);
}

/* Exactly n bytes are read: a longer buffer does not matter, an embedded NUL
 * is not a digit. */
static void test_exact_length(void **state)
{
	char out[BSN_SIZE];
	(void)state;

	assert_int_equal(bsn_normalise("111222333999", 9, out), BSN_OK);
	assert_string_equal(out, "111222333");
	assert_int_equal(bsn_normalise("11122233\0", 9, out), BSN_BAD_FORMAT);
}

static void test_mask(void **state)
{
	char out[BSN_SIZE];
	char same[BSN_SIZE] = "319072356";
	char short_value[BSN_SIZE] = "1234";
	char empty[BSN_SIZE] = "";
	(void)state;

	bsn_mask("111222333", out);
	assert_string_equal(out, "*****2333");
	bsn_mask("012345672", out);
	assert_string_equal(out, "*****5672");
	bsn_mask(same, same); /* in place */
	assert_string_equal(same, "*****2356");
	/* Not a 9-character value: nothing is shown. */
	bsn_mask(short_value, out);
	assert_string_equal(out, "*********");
	bsn_mask(empty, out);
	assert_string_equal(out, "*********");
}

static void test_reasons(void **state)
{
	(void)state;

	assert_string_equal(bsn_status_reason(BSN_BAD_CHECK), "fails the 11-proef");
	assert_non_null(strstr(bsn_status_reason(BSN_BAD_FORMAT), "9 digits"));
	assert_non_null(bsn_status_reason(BSN_OK));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_valid_example),
		cmocka_unit_test(test_rules_invalid_example),
		cmocka_unit_test(test_second_valid_example),
		cmocka_unit_test(test_only_one_check_digit),
		cmocka_unit_test(test_single_digit_errors_caught),
		cmocka_unit_test(test_leading_zero_valid),
		cmocka_unit_test(test_eight_digits_padded),
		cmocka_unit_test(test_all_zeros),
		cmocka_unit_test(test_zero_sum_refused),
		cmocka_unit_test(test_double_leading_zero_refused),
		cmocka_unit_test(test_non_digits),
		cmocka_unit_test(test_spaces),
		cmocka_unit_test(test_wrong_lengths),
		cmocka_unit_test(test_exact_length),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
