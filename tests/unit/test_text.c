/* Tests for the text checks: strict UTF-8, control characters, formulas,
 * Dutch postcodes, trimming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/text.h"

/* Byte strings may hold NULs, so lengths are given with sizeof - 1. */
#define U8(lit) text_utf8_valid(lit, sizeof(lit) - 1)
#define CTRL(lit) text_has_control(lit, sizeof(lit) - 1)
#define FORMULA(lit) text_is_formula(lit, sizeof(lit) - 1)

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(U8(""));
	assert_true(U8("Jansen"));
	assert_true(U8("Zoë Çelik-Öztürk")); /* 2-byte sequences */
	assert_true(U8("€ 12"));             /* 3 bytes */
	assert_true(U8("\xf0\x9f\x98\x80")); /* U+1F600, 4 bytes */
	assert_true(U8("\xc2\x80"));         /* U+0080, smallest 2-byte */
	assert_true(U8("\xdf\xbf"));         /* U+07FF */
	assert_true(U8("\xe0\xa0\x80"));     /* U+0800, smallest 3-byte */
	assert_true(U8("\xed\x9f\xbf"));     /* U+D7FF, just below surrogates */
	assert_true(U8("\xee\x80\x80"));     /* U+E000, just above */
	assert_true(U8("\xef\xbf\xbf"));     /* U+FFFF */
	assert_true(U8("\xf0\x90\x80\x80")); /* U+10000, smallest 4-byte */
	assert_true(U8("\xf4\x8f\xbf\xbf")); /* U+10FFFF, the last code point */
	assert_true(U8("\xef\xbb\xbf"));     /* a BOM is valid UTF-8 */
	assert_true(U8("a\0b"));             /* NUL is valid UTF-8 (a control, though) */
}

static void test_utf8_overlong(void **state)
{
	(void)state;
	assert_false(U8("\xc0\xaf"));         /* '/' in 2 bytes */
	assert_false(U8("\xc0\x80"));         /* NUL in 2 bytes ("modified UTF-8") */
	assert_false(U8("\xc1\xbf"));         /* U+007F in 2 bytes */
	assert_false(U8("\xe0\x80\xaf"));     /* '/' in 3 bytes */
	assert_false(U8("\xe0\x9f\xbf"));     /* U+07FF in 3 bytes */
	assert_false(U8("\xf0\x80\x80\xaf")); /* '/' in 4 bytes */
	assert_false(U8("\xf0\x8f\xbf\xbf")); /* U+FFFF in 4 bytes */
}

static void test_utf8_surrogates(void **state)
{
	(void)state;
	assert_false(U8("\xed\xa0\x80"));             /* U+D800 */
	assert_false(U8("\xed\xad\xbf"));             /* U+DB7F */
	assert_false(U8("\xed\xb0\x80"));             /* U+DC00 */
	assert_false(U8("\xed\xbf\xbf"));             /* U+DFFF */
	assert_false(U8("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 pair for U+1F600 */
}

static void test_utf8_above_max(void **state)
{
	(void)state;
	assert_false(U8("\xf4\x90\x80\x80")); /* U+110000 */
	assert_false(U8("\xf7\xbf\xbf\xbf")); /* U+1FFFFF */
	assert_false(U8("\xf5\x80\x80\x80"));
	assert_false(U8("\xf8\x88\x80\x80\x80"));     /* old 5-byte form */
	assert_false(U8("\xfc\x84\x80\x80\x80\x80")); /* old 6-byte form */
	assert_false(U8("\xfe"));
	assert_false(U8("\xff"));
}

static void test_utf8_truncated_and_stray(void **state)
{
	(void)state;
	assert_false(U8("\xc3"));         /* 2-byte lead at the end */
	assert_false(U8("\xe2\x82"));     /* "€" without its last byte */
	assert_false(U8("\xf0\x9f\x98")); /* 4-byte lead, 2 continuations */
	assert_false(U8("\xe2\x82 12"));  /* truncated, then ASCII */
	assert_false(U8("\xc3\xc3\xab")); /* lead followed by lead */
	assert_false(U8("\x80"));         /* lone continuation */
	assert_false(U8("ab\xbf"));
	assert_false(U8("\xc3\xab\xab"));   /* one continuation too many */
	assert_false(U8("Zo\xeb"));         /* Latin-1 "Zoë" */
	assert_false(U8("\x93quoted\x94")); /* Windows-1252 quotes */
	/* Exactly n bytes: a valid sequence cut by n is refused. */
	assert_false(text_utf8_valid("\xc3\xab", 1));
	assert_true(text_utf8_valid("\xc3\xab"
				    "\xff",
				    2));
}

static void test_control(void **state)
{
	(void)state;
	assert_false(CTRL(""));
	assert_false(CTRL("Jan de Vries"));
	assert_false(CTRL("Zoë € 😀"));
	assert_false(CTRL("~ !"));      /* 0x7e and 0x20 are not controls */
	assert_false(CTRL("\xc2\xa0")); /* U+00A0 no-break space */
	assert_false(CTRL("\xc3\x80")); /* U+00C0: 0x80 as a continuation */
	assert_true(CTRL("a\tb"));
	assert_true(CTRL("a\rb"));
	assert_true(CTRL("a\nb"));
	assert_true(CTRL("\x01"));
	assert_true(CTRL("\x1f"));
	assert_true(CTRL("\x1b[31m")); /* terminal escape */
	assert_true(CTRL("a\0b"));
	assert_true(CTRL("\x7f"));      /* DEL */
	assert_true(CTRL("x\xc2\x80")); /* U+0080 */
	assert_true(CTRL("\xc2\x85"));  /* U+0085 NEL */
	assert_true(CTRL("\xc2\x9b"));  /* U+009B CSI */
	assert_true(CTRL("\xc2\x9f"));  /* U+009F */
	/* A lone 0xc2 at the end is not a C1 control (it is bad UTF-8). */
	assert_false(text_has_control("a\xc2\x85", 2));
}

static void test_formula(void **state)
{
	(void)state;
	assert_true(FORMULA("=1+1"));
	assert_true(FORMULA("=HYPERLINK(\"http://x\")"));
	assert_true(FORMULA("+31 6 12345678"));
	assert_true(FORMULA("-2+3"));
	assert_true(FORMULA("@SUM(A1)"));
	assert_true(FORMULA("\t=1"));
	assert_true(FORMULA("\r=1"));
	assert_false(FORMULA(""));
	assert_false(FORMULA("Jansen"));
	assert_false(FORMULA(" =1")); /* only the first byte counts; callers trim first */
	assert_false(FORMULA("a=1"));
	assert_false(FORMULA("12-3"));
	assert_false(FORMULA("\n=1"));
	assert_false(text_is_formula("=", 0));
}

static void pc_ok(const char *in, const char *want)
{
	char out[POSTCODE_SIZE];

	memset(out, 'x', sizeof out);
	if (postcode_normalise(in, strlen(in), out) != 0)
		fail_msg("postcode \"%s\" refused", in);
	assert_string_equal(out, want);
}

static void pc_bad(const char *in)
{
	char out[POSTCODE_SIZE] = "keep";

	if (postcode_normalise(in, strlen(in), out) != -1)
		fail_msg("postcode \"%s\" accepted", in);
	assert_string_equal(out, "keep");
}

static void test_postcode_ok(void **state)
{
	(void)state;
	pc_ok("1234AB", "1234 AB");
	pc_ok("1234ab", "1234 AB");
	pc_ok("1234 ab", "1234 AB");
	pc_ok("1234 AB", "1234 AB");
	pc_ok("1234aB", "1234 AB");
	pc_ok("1011AC", "1011 AC");
	pc_ok("9999ZZ", "9999 ZZ");
	pc_ok("1000AA", "1000 AA");
	pc_ok("3011SB", "3011 SB"); /* S with another letter is fine */
	pc_ok("3011AS", "3011 AS");
}

static void test_postcode_bad(void **state)
{
	(void)state;
	pc_bad("");
	pc_bad("0123AB"); /* first digit 1-9 */
	pc_bad("1234SA");
	pc_bad("1234 sd");
	pc_bad("1234ss");
	pc_bad("1234  AB"); /* two spaces */
	pc_bad(" 1234AB");
	pc_bad("1234AB ");
	pc_bad("1234-AB");
	pc_bad("123AB");
	pc_bad("12345AB");
	pc_bad("1234A");
	pc_bad("1234ABC");
	pc_bad("1234A1");
	pc_bad("12a4AB");
	pc_bad("1234\tAB");
	pc_bad("ABCD12");
	pc_bad("1234 Ë"); /* non-ASCII letter, 7 bytes */
	pc_bad("B-1000"); /* Belgian */
	pc_bad("10115");  /* German */
}

static void test_postcode_exact_length(void **state)
{
	char out[POSTCODE_SIZE];
	(void)state;

	assert_int_equal(postcode_normalise("1234ABCD", 6, out), 0);
	assert_string_equal(out, "1234 AB");
	assert_int_equal(postcode_normalise("1234AB", 5, out), -1);
	assert_int_equal(postcode_normalise(NULL, 6, out), -1);
}

static void trim(const char *in, const char *want)
{
	const char *s = in;
	size_t n = strlen(in);

	text_trim(&s, &n);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(s, want, n);
	assert_true(s >= in && s + n <= in + strlen(in));
}

static void test_trim(void **state)
{
	(void)state;
	trim("abc", "abc");
	trim("  abc ", "abc");
	trim("a b", "a b");
	trim("   ", "");
	trim("", "");
	trim(" x", "x");
	trim("x ", "x");
	trim("\tx\t", "\tx\t"); /* only spaces are trimmed */
	trim(" \xc2\xa0x", "\xc2\xa0x");
}

static void test_trim_counts_bytes(void **state)
{
	const char *s = "  ab  cd";
	size_t n = 5; /* "  ab " */
	(void)state;

	text_trim(&s, &n);
	assert_int_equal(n, 2);
	assert_memory_equal(s, "ab", 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_overlong),
		cmocka_unit_test(test_utf8_surrogates),
		cmocka_unit_test(test_utf8_above_max),
		cmocka_unit_test(test_utf8_truncated_and_stray),
		cmocka_unit_test(test_control),
		cmocka_unit_test(test_formula),
		cmocka_unit_test(test_postcode_ok),
		cmocka_unit_test(test_postcode_bad),
		cmocka_unit_test(test_postcode_exact_length),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_trim_counts_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
