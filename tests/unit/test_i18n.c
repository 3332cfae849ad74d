/* Tests for the words of the staff pages (web/i18n.h): every word the
 * templates use exists in both languages, no key is there twice, and the
 * language choice accepts only nl and en. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/embedded.h"
#include "web/i18n.h"

static void test_lang(void **state)
{
	(void)state;
	assert_int_equal(lang_parse("nl"), LANG_NL);
	assert_int_equal(lang_parse("en"), LANG_EN);
	assert_int_equal(lang_parse("EN"), -1);
	assert_int_equal(lang_parse("de"), -1);
	assert_int_equal(lang_parse(""), -1);
	assert_int_equal(lang_parse(NULL), -1);
	assert_string_equal(lang_code(LANG_NL), "nl");
	assert_string_equal(lang_code(LANG_EN), "en");
}

/* Every {{t.KEY}} (and {{#t.KEY}}) of every page template is a word in
 * both languages. */
static void test_templates_use_known_words(void **state)
{
	(void)state;
	int templates = 0, uses = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, "templates/pages/", 16) != 0)
			continue;
		templates++;
		for (const char *p = strstr(f->data, "t."); p; p = strstr(p + 2, "t.")) {
			if (p == f->data || (p[-1] != '{' && p[-1] != '#' && p[-1] != '^'))
				continue;
			char key[64];
			size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz_0123456789");
			assert_true(n > 0 && n < sizeof key);
			snprintf(key, sizeof key, "%.*s", (int)n, p + 2);
			const char *nl = i18n_get(LANG_NL, key), *en = i18n_get(LANG_EN, key);
			if (!nl || !en || !*nl || !*en)
				fail_msg("%s uses t.%s, which is not in both languages", f->name,
					 key);
			uses++;
		}
	}
	assert_true(templates >= 7);
	assert_true(uses > 50);
}

static void test_table(void **state)
{
	(void)state;
	json_t *nl = i18n_object(LANG_NL), *en = i18n_object(LANG_EN);
	assert_non_null(nl);
	assert_non_null(en);
	assert_int_equal(json_object_size(nl), json_object_size(en));
	const char *key;
	json_t *v;
	json_object_foreach(nl, key, v)
	{
		assert_non_null(strchr(json_string_value(v), '\0'));
		assert_true(json_string_length(v) > 0);
		assert_true(json_string_length(json_object_get(en, key)) > 0);
		/* The first text found for a key is the one used: no key twice. */
		assert_string_equal(json_string_value(v), i18n_get(LANG_NL, key));
	}
	/* Values with a prefix translate, others come back as they are. */
	assert_string_equal(i18n_value(LANG_NL, "phase:", "signalled"), "Gesignaleerd");
	assert_string_equal(i18n_value(LANG_EN, "phase:", "signalled"), "Signalled");
	assert_string_equal(i18n_value(LANG_NL, "field:", "family_name"), "achternaam");
	assert_string_equal(i18n_value(LANG_NL, "reason:", "unknown municipality code"),
			    "onbekende gemeentecode");
	assert_string_equal(i18n_value(LANG_NL, "phase:", "unheard-of"), "unheard-of");
	assert_null(i18n_get(LANG_NL, "no_such_key"));
	json_decref(nl);
	json_decref(en);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_templates_use_known_words),
		cmocka_unit_test(test_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
