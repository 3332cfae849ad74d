/* Tests for the Mustache engine: every case of the Mustache spec files in
 * ../shared/testdata/mustache-spec (OVERSTAP_SPEC_DIR, else
 * $OVERSTAP_SRC/../shared/testdata/mustache-spec, else the path relative to
 * the repository root), then parse errors, limits and escaping.
 *
 * The spec escapes & " < > only; we also escape ' as &#39;. No spec case
 * interpolates a value holding ', so every spec case runs with exactly its
 * own expectation; test_escape_quote covers '. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/tmpl.h"

static const char *spec_dir(char *buf, size_t cap)
{
	const char *d = getenv("OVERSTAP_SPEC_DIR");
	if (d && d[0])
		return d;
	const char *src = getenv("OVERSTAP_SRC");
	if (src && src[0]) {
		snprintf(buf, cap, "%s/../shared/testdata/mustache-spec", src);
		return buf;
	}
	return "../shared/testdata/mustache-spec";
}

/* Partials come from a JSON object of name → text. */
static int load_json(void *cls, const char *name, char **text, size_t *n, char *err, size_t errlen)
{
	json_t *v = json_object_get(cls, name);
	if (!json_is_string(v))
		return 0;
	*n = json_string_length(v);
	*text = malloc(*n + 1);
	if (!*text) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(*text, json_string_value(v), *n + 1);
	return 1;
}

/* Runs every case of one spec file; returns how many failed, *total the count. */
static int run_spec(const char *file, int *total)
{
	char dirbuf[4096], path[4200];
	snprintf(path, sizeof path, "%s/%s", spec_dir(dirbuf, sizeof dirbuf), file);
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	if (!root)
		fail_msg("%s: %s", path, je.text);
	json_t *tests = json_object_get(root, "tests");
	assert_true(json_is_array(tests));
	int failed = 0;
	*total = (int)json_array_size(tests);
	for (size_t i = 0; i < json_array_size(tests); i++) {
		json_t *c = json_array_get(tests, i);
		const char *name = json_string_value(json_object_get(c, "name"));
		json_t *tv = json_object_get(c, "template"), *ev = json_object_get(c, "expected");
		struct tmpl_opts o = {.load = load_json, .cls = json_object_get(c, "partials")};
		struct tmpl *t = NULL;
		char err[256], *out = NULL;
		size_t n = 0;
		if (tmpl_parse(json_string_value(tv), json_string_length(tv), &t, err,
			       sizeof err) != 0 ||
		    tmpl_render(t, json_object_get(c, "data"), &o, &out, &n, err, sizeof err) !=
			    0) {
			printf("%s: %s: error %s\n", file, name, err);
			failed++;
		} else if (n != json_string_length(ev) || memcmp(out, json_string_value(ev), n)) {
			printf("%s: %s:\n  want [%s]\n  got  [%s]\n", file, name,
			       json_string_value(ev), out);
			failed++;
		}
		free(out);
		tmpl_free(t);
	}
	printf("%s: %d/%d passed\n", file, *total - failed, *total);
	json_decref(root);
	return failed;
}

#define SPEC_TEST(fn, file)                                                                        \
	static void fn(void **state)                                                               \
	{                                                                                          \
		int total;                                                                         \
		(void)state;                                                                       \
		assert_int_equal(run_spec(file, &total), 0);                                       \
		assert_true(total > 0);                                                            \
	}

SPEC_TEST(test_spec_comments, "comments.json")
SPEC_TEST(test_spec_delimiters, "delimiters.json")
SPEC_TEST(test_spec_interpolation, "interpolation.json")
SPEC_TEST(test_spec_inverted, "inverted.json")
SPEC_TEST(test_spec_partials, "partials.json")
SPEC_TEST(test_spec_sections, "sections.json")
SPEC_TEST(test_spec_inheritance, "~inheritance.json")
SPEC_TEST(test_spec_dynamic_names, "~dynamic-names.json")

/* Renders src against the JSON text data; returns the output (caller frees)
 * or NULL with the reason in err. */
static char *render(const char *src, const char *data, const struct tmpl_opts *o, char *err,
		    size_t errlen)
{
	struct tmpl *t;
	if (tmpl_parse(src, strlen(src), &t, err, errlen) != 0)
		return NULL;
	json_t *ctx = json_loads(data, 0, NULL);
	assert_non_null(ctx);
	char *out;
	size_t n;
	int rc = tmpl_render(t, ctx, o, &out, &n, err, errlen);
	json_decref(ctx);
	tmpl_free(t);
	return rc == 0 ? out : NULL;
}

static void parse_fails(const char *src, const char *want)
{
	struct tmpl *t = (struct tmpl *)1;
	char err[256] = "";
	assert_int_equal(tmpl_parse(src, strlen(src), &t, err, sizeof err), -1);
	assert_null(t);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("for [%s] want \"%s…\", got \"%s\"", src, want, err);
}

static void test_parse_errors(void **state)
{
	(void)state;
	parse_fails("Hello {{name", "line 1, column 7: unclosed tag");
	parse_fails("a\nb\n  {{#list}}\n{{x}}", "line 3, column 3: unclosed section 'list'");
	parse_fails("{{#a}}\n {{#b}}x{{/a}}{{/b}}",
		    "line 2, column 9: closing tag 'a' does not match 'b' opened on line 2");
	parse_fails("x\n{{/a}}", "line 2, column 1: closing tag 'a' without an open section");
	parse_fails("{{}}", "line 1, column 1: empty tag name");
	parse_fails("{{a b}}", "line 1, column 1: blank inside tag name");
	parse_fails("{{=<% %>=}}\n<%x", "line 2, column 1: unclosed tag");
	parse_fails("{{= a =}}", "line 1, column 1: bad delimiters");
	parse_fails("{{{x}}", "line 1, column 1: unclosed tag");
}

static void test_nesting_limit(void **state)
{
	(void)state;
	char src[2048] = "", err[256];
	size_t n = 0;
	for (int i = 0; i < TMPL_MAX_DEPTH; i++)
		n += (size_t)snprintf(src + n, sizeof src - n, "{{#a}}");
	for (int i = 0; i < TMPL_MAX_DEPTH; i++)
		n += (size_t)snprintf(src + n, sizeof src - n, "{{/a}}");
	struct tmpl *t;
	assert_int_equal(tmpl_parse(src, n, &t, err, sizeof err), 0);
	tmpl_free(t);
	/* one more level is refused */
	char deeper[2048];
	int m = snprintf(deeper, sizeof deeper, "{{#a}}%s{{/a}}", src);
	assert_int_equal(tmpl_parse(deeper, (size_t)m, &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "nested deeper than 64"));
	assert_non_null(strstr(err, "line 1, column "));
}

static void test_size_limits(void **state)
{
	(void)state;
	size_t big = TMPL_MAX_SIZE + 1;
	char *src = malloc(big), err[256];
	assert_non_null(src);
	memset(src, 'x', big);
	struct tmpl *t;
	assert_int_equal(tmpl_parse(src, big, &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "larger than"));
	assert_int_equal(tmpl_parse(src, big - 1, &t, err, sizeof err), 0);
	tmpl_free(t);
	free(src);

	/* the output limit */
	struct tmpl_opts o = {.max_output = 10};
	char *out = render("{{#l}}abc{{/l}}", "{\"l\":[1,2,3]}", &o, err, sizeof err);
	assert_non_null(out);
	assert_string_equal(out, "abcabcabc");
	free(out);
	assert_null(render("{{#l}}abc{{/l}}", "{\"l\":[1,2,3,4]}", &o, err, sizeof err));
	assert_non_null(strstr(err, "output longer than 10 bytes"));
}

static int load_self(void *cls, const char *name, char **text, size_t *n, char *err, size_t errlen)
{
	const char *s = cls;
	(void)err;
	(void)errlen;
	if (strcmp(name, "me") != 0)
		return 0;
	*n = strlen(s);
	*text = malloc(*n + 1);
	if (!*text)
		return -1;
	memcpy(*text, s, *n + 1);
	return 1;
}

static void test_partial_recursion(void **state)
{
	(void)state;
	char err[256];
	struct tmpl_opts o = {.load = load_self, .cls = "x{{>me}}"};
	assert_null(render("{{>me}}", "{}", &o, err, sizeof err));
	assert_non_null(strstr(err, "partials nested deeper than 16"));
	/* bounded recursion through data is fine */
	o.cls = "({{#n}}{{>me}}{{/n}})";
	char *out = render("{{>me}}", "{\"n\":{\"n\":{\"n\":false}}}", &o, err, sizeof err);
	assert_non_null(out);
	assert_string_equal(out, "((()))");
	free(out);
	/* a partial that does not parse names itself */
	o.cls = "ok\n{{#x}}";
	assert_null(render("{{>me}}", "{}", &o, err, sizeof err));
	assert_string_equal(err, "partial me: line 2, column 1: unclosed section 'x'");
	/* a block overriding itself does not loop forever */
	o.cls = "{{$a}}d{{/a}}";
	assert_null(render("{{<me}}{{$a}}{{$a}}{{/a}}{{/a}}{{/me}}", "{}", &o, err, sizeof err));
	assert_non_null(strstr(err, "deeper"));
}

static void test_escape_quote(void **state)
{
	(void)state;
	char err[256];
	char *out = render("{{a}}|{{{a}}}|{{& a}}", "{\"a\":\"<'&\\\">\"}", NULL, err, sizeof err);
	assert_non_null(out);
	assert_string_equal(out, "&lt;&#39;&amp;&quot;&gt;|<'&\">|<'&\">");
	free(out);
	out = render("{{#l}}{{.}}{{/l}}", "{\"l\":[\"it's\",1,2.5,true]}", NULL, err, sizeof err);
	assert_non_null(out);
	assert_string_equal(out, "it&#39;s12.5true");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_comments),
		cmocka_unit_test(test_spec_delimiters),
		cmocka_unit_test(test_spec_interpolation),
		cmocka_unit_test(test_spec_inverted),
		cmocka_unit_test(test_spec_partials),
		cmocka_unit_test(test_spec_sections),
		cmocka_unit_test(test_spec_inheritance),
		cmocka_unit_test(test_spec_dynamic_names),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_partial_recursion),
		cmocka_unit_test(test_escape_quote),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
