/* overstap template render: output byte for byte, partials beside the
 * template, and errors naming the file, line and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "harness.h"

static void render_bytes(void **state)
{
	struct h_env *e = *state;
	const char *t = h_path(e, "letter.mustache"), *d = h_path(e, "data.json");
	/* CRLF, a tab, UTF-8, no final newline, escaping and a raw value */
	h_writes(t, "Beste {{name}},\r\n\t{{#items}}- {{.}}\n{{/items}}{{{raw}}} é");
	h_writes(d, "{\"name\": \"Zoë 'O' <Brien>\", \"items\": [\"a&b\", 2], \"raw\": \"<b>\"}");
	struct h_run r;
	h_expect(&r, 0, NULL, "template", "render", t, d, NULL);
	const char want[] = "Beste Zoë &#39;O&#39; &lt;Brien&gt;,\r\n\t- a&amp;b\n- 2\n<b> é";
	assert_int_equal(r.out_len, sizeof want - 1);
	assert_memory_equal(r.out, want, sizeof want - 1);
	assert_int_equal(r.err_len, 0);
	h_run_free(&r);
}

static void render_partial(void **state)
{
	struct h_env *e = *state;
	const char *t = h_path(e, "main.mustache"), *d = h_path(e, "data.json");
	h_writes(t, "<ul>\n  {{> item}}\n</ul>\n");
	h_writes(h_path(e, "item.mustache"), "{{#people}}\n<li>{{name}}</li>\n{{/people}}\n");
	h_writes(d, "{\"people\": [{\"name\": \"An\"}, {\"name\": \"Bo\"}]}");
	struct h_run r;
	h_expect(&r, 0, NULL, "template", "render", t, d, NULL);
	assert_string_equal(r.out, "<ul>\n  <li>An</li>\n  <li>Bo</li>\n</ul>\n");
	h_run_free(&r);

	/* names with '/' or a leading '.' are refused, missing partials too */
	const char *bad[] = {"{{> ../x}}", "{{> .hidden}}", "{{> nothere}}"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		h_writes(t, bad[i]);
		h_expect(&r, 2, NULL, "template", "render", t, d, NULL);
		assert_int_equal(r.out_len, 0);
		assert_true(h_contains(r.err, "main.mustache: partial "));
		h_run_free(&r);
	}
}

static void render_errors(void **state)
{
	struct h_env *e = *state;
	const char *t = h_path(e, "bad.mustache"), *d = h_path(e, "data.json");
	h_writes(d, "{}");
	h_writes(t, "Hallo\n  {{#a}}\n{{/b}}\n");
	struct h_run r;
	h_expect(&r, 2, NULL, "template", "render", t, d, NULL);
	char want[4200];
	snprintf(want, sizeof want,
		 "%s: line 3, column 1: closing tag 'b' does not match 'a' opened on line 2", t);
	assert_true(h_contains(r.err, want));
	assert_int_equal(r.out_len, 0);
	h_run_free(&r);

	h_writes(t, "x {{name");
	h_expect(&r, 2, NULL, "template", "render", t, d, NULL);
	assert_true(h_contains(r.err, "bad.mustache: line 1, column 3: unclosed tag"));
	h_run_free(&r);

	/* bad JSON names its file */
	h_writes(t, "{{x}}");
	h_writes(d, "{\"x\": 1,\n}");
	h_expect(&r, 2, NULL, "template", "render", t, d, NULL);
	assert_true(h_contains(r.err, "data.json:2:"));
	h_run_free(&r);

	h_expect(&r, 2, NULL, "template", "render", t, h_path(e, "missing.json"), NULL);
	assert_true(h_contains(r.err, "missing.json"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "template", "render", t, NULL);
	assert_true(h_contains(r.err, "usage"));
	h_run_free(&r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(render_bytes),
		T(render_partial),
		T(render_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
