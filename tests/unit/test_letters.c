/* Tests for the pure parts of app/letters.c and app/templates.c: dates in
 * words, template kinds and the shipped defaults. (Rendering whole letters
 * is tested through the binary in tests/integration/test_cli_letters.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "app/letters.h"
#include "app/templates.h"
#include "render/tmpl.h"

static void test_long_date(void **state)
{
	(void)state;
	char buf[64];
	struct {
		int y, m, d;
		const char *nl, *en;
	} cases[] = {
		{2026, 12, 10, "donderdag 10 december 2026", "Thursday 10 December 2026"},
		{2027, 2, 14, "zondag 14 februari 2027", "Sunday 14 February 2027"},
		{2027, 1, 4, "maandag 4 januari 2027", "Monday 4 January 2027"},
		{2024, 2, 29, "donderdag 29 februari 2024", "Thursday 29 February 2024"},
		{2026, 5, 2, "zaterdag 2 mei 2026", "Saturday 2 May 2026"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cdate d = date_from_ymd(cases[i].y, cases[i].m, cases[i].d);
		letters_long_date(d, "nl", true, buf, sizeof buf);
		assert_string_equal(buf, cases[i].nl);
		letters_long_date(d, "en", true, buf, sizeof buf);
		assert_string_equal(buf, cases[i].en);
		letters_long_date(d, "xx", false, buf, sizeof buf); /* other locales: Dutch */
		assert_string_equal(buf, strchr(cases[i].nl, ' ') + 1);
	}
	/* a small buffer is cut, never overrun */
	char tiny[8];
	letters_long_date(date_from_ymd(2026, 12, 10), "nl", true, tiny, sizeof tiny);
	assert_string_equal(tiny, "donderd");
}

static void test_kinds(void **state)
{
	(void)state;
	assert_true(template_kind_valid("invitation"));
	assert_true(template_kind_valid("agreement"));
	assert_false(template_kind_valid("letterhead")); /* not a template one adds */
	assert_false(template_kind_valid(""));
	assert_false(template_kind_valid(NULL));
	assert_true(template_kind_is_letter("ww_ends"));
	assert_false(template_kind_is_letter("outline"));
	assert_true(template_locale_valid("en"));
	assert_false(template_locale_valid("de"));
	assert_true(template_variant_valid(""));
	assert_true(template_variant_valid("B"));
	assert_false(template_variant_valid("C"));
	assert_false(template_variant_valid("AB"));
}

/* Every kind ships in both locales, parses, and (for letters) uses the
 * person's name and ends with a closing line. */
static void test_defaults(void **state)
{
	(void)state;
	for (size_t i = 0; i < TEMPLATE_N_KINDS; i++)
		for (size_t l = 0; l < 2; l++) {
			size_t n = 0;
			const char *t =
				template_default(template_kinds[i], template_locales[l], &n);
			assert_non_null(t);
			assert_true(n > 100);
			struct tmpl *p = NULL;
			char err[256];
			if (tmpl_parse(t, n, &p, err, sizeof err) != 0)
				fail_msg("%s.%s: %s", template_kinds[i], template_locales[l], err);
			tmpl_free(p);
			if (template_kind_is_letter(template_kinds[i])) {
				assert_non_null(strstr(t, "{{person.name}}"));
				assert_non_null(strstr(t, l == 0 ? "Met vriendelijke groet,"
								 : "Kind regards,"));
			}
		}
	size_t n;
	assert_null(template_default("poster", "nl", &n));
	assert_null(template_default("invitation", "de", &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_date),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
