/* Tests for the JSON API's input layer: bodies against a spec (every
 * problem at once), limits, query strings, date-times and cursors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/auth.h"
#include "web/input.h"

static const char *const colours[] = {"rood", "groen", NULL};

static bool even_length(const char *s)
{
	return strlen(s) % 2 == 0;
}

static const struct input_field fields[] = {
	{.name = "name", .type = IN_STRING, .required = true, .max_len = 8},
	{.name = "count", .type = IN_INT, .min = 1, .max = 10},
	{.name = "colour", .type = IN_STRING, .enum_values = colours},
	{.name = "on", .type = IN_DATE},
	{.name = "at", .type = IN_DATETIME},
	{.name = "flag", .type = IN_BOOL},
	{.name = "pair",
	 .type = IN_STRING,
	 .max_len = 10,
	 .check = even_length,
	 .check_reason = "Even lengte."},
};
static const struct input_spec spec = {fields, sizeof fields / sizeof fields[0]};

static json_t *parse(const char *body, struct input_value *v, struct input_problems *pr)
{
	return input_json(body, strlen(body), &spec, v, pr);
}

static bool has_problem(const struct input_problems *pr, const char *name, const char *code)
{
	for (size_t i = 0; i < pr->n; i++)
		if (strcmp(pr->p[i].name, name) == 0 && strcmp(pr->p[i].code, code) == 0)
			return true;
	return false;
}

static void valid_body(void **state)
{
	struct input_value v[7];
	struct input_problems pr;
	json_t *doc = parse("{\"name\":\"Ada\",\"count\":3,\"colour\":\"groen\",\"on\":\"2026-"
			    "02-28\",\"at\":\"2026-11-30T10:00:00+01:00\",\"flag\":true,"
			    "\"pair\":\"ab\"}",
			    v, &pr);
	assert_non_null(doc);
	assert_int_equal(pr.total, 0);
	assert_string_equal(v[0].s, "Ada");
	assert_int_equal(v[1].i, 3);
	assert_string_equal(v[2].s, "groen");
	assert_int_equal(v[3].d, date_from_ymd(2026, 2, 28));
	assert_int_equal(v[4].i, 1796029200); /* 2026-11-30T09:00:00Z */
	assert_true(v[5].present && v[5].b);
	json_decref(doc);
	/* Optional members may be absent or null. */
	doc = parse("{\"name\":\"B\",\"count\":null}", v, &pr);
	assert_non_null(doc);
	assert_false(v[1].present);
	json_decref(doc);
}

static void every_problem_at_once(void **state)
{
	struct input_value v[7];
	struct input_problems pr;
	json_t *doc = parse("{\"count\":11,\"colour\":\"blauw\",\"on\":\"2026-02-30\","
			    "\"at\":\"2026-11-30 10:00\",\"flag\":\"ja\",\"pair\":\"abc\","
			    "\"extra\":1}",
			    v, &pr);
	assert_null(doc);
	assert_int_equal(pr.total, 8);
	assert_true(has_problem(&pr, "name", "required"));
	assert_true(has_problem(&pr, "count", "range"));
	assert_true(has_problem(&pr, "colour", "enum"));
	assert_true(has_problem(&pr, "on", "date"));
	assert_true(has_problem(&pr, "at", "dateTime"));
	assert_true(has_problem(&pr, "flag", "type"));
	assert_true(has_problem(&pr, "pair", "pattern"));
	assert_true(has_problem(&pr, "extra", "unknown"));
	for (size_t i = 0; i < 7; i++)
		assert_false(v[i].present);
}

static void strings(void **state)
{
	struct input_value v[7];
	struct input_problems pr;
	assert_null(parse("{\"name\":\"123456789\"}", v, &pr));
	assert_true(has_problem(&pr, "name", "maxLength"));
	assert_null(parse("{\"name\":\"\"}", v, &pr));
	assert_true(has_problem(&pr, "name", "minLength"));
	assert_null(parse("{\"name\":\"a\\tb\"}", v, &pr));
	assert_true(has_problem(&pr, "name", "pattern"));
	assert_null(parse("{\"name\":\"a\\u0000b\"}", v, &pr)); /* jansson refuses NUL */
	assert_true(has_problem(&pr, "body", "syntax"));
	assert_null(parse("{\"name\":5}", v, &pr));
	assert_true(has_problem(&pr, "name", "type"));
	/* Multi-byte UTF-8 counts bytes: 4 x 2 bytes fits 8. */
	json_t *doc = parse("{\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}", v, &pr);
	assert_non_null(doc);
	json_decref(doc);
}

static void shape_and_limits(void **state)
{
	struct input_value v[7];
	struct input_problems pr;
	assert_null(input_json(NULL, 0, &spec, v, &pr));
	assert_true(has_problem(&pr, "body", "required"));
	assert_null(parse("[1,2]", v, &pr));
	assert_true(has_problem(&pr, "body", "type"));
	assert_null(parse("{\"name\":", v, &pr));
	assert_true(has_problem(&pr, "body", "syntax"));
	assert_null(parse("{\"name\":\"a\",\"name\":\"b\"}", v, &pr));
	assert_true(has_problem(&pr, "body", "syntax"));
	/* Nesting: 8 levels pass the pre-scan, 9 do not. */
	assert_null(parse("{\"x\":[[[[[[[1]]]]]]]}", v, &pr));
	assert_true(has_problem(&pr, "x", "unknown"));
	assert_null(parse("{\"x\":[[[[[[[[1]]]]]]]]}", v, &pr));
	assert_true(has_problem(&pr, "body", "depth"));
	/* Brackets inside strings do not count. */
	json_t *doc = parse("{\"name\":\"[[[[\",\"pair\":\"{{{{{{{{{{\"}", v, &pr);
	assert_non_null(doc);
	json_decref(doc);
	/* Too many members. */
	char big[2048] = "{";
	size_t used;
	for (int i = 0; i <= INPUT_MAX_FIELDS; i++) {
		used = strlen(big);
		snprintf(big + used, sizeof big - used, "%s\"f%d\":1", i ? "," : "", i);
	}
	used = strlen(big);
	snprintf(big + used, sizeof big - used, "}");
	assert_null(parse(big, v, &pr));
	assert_true(has_problem(&pr, "body", "maxProperties"));
	/* Many unknown members: all counted, INPUT_MAX_INVALID listed. */
	char many[2048] = "{\"name\":\"a\"";
	for (int i = 0; i < 20; i++) {
		used = strlen(many);
		snprintf(many + used, sizeof many - used, ",\"u%d\":1", i);
	}
	used = strlen(many);
	snprintf(many + used, sizeof many - used, "}");
	assert_null(parse(many, v, &pr));
	assert_int_equal(pr.total, 20);
	assert_int_equal(pr.n, INPUT_MAX_INVALID);
}

static void long_names_are_cut_on_characters(void **state)
{
	struct input_problems pr = {0};
	char name[80];
	memset(name, 'a', 47);
	memcpy(name + 47, "\xc3\xa9xyz", 6); /* é straddles the 48-byte limit */
	input_problem_add(&pr, name, "unknown", "x");
	assert_int_equal(strlen(pr.p[0].name), 47);
}

static void query(void **state)
{
	struct input_value v[7];
	struct input_problems pr;
	struct input_pair ok[] = {
		{"name", "x"}, {"count", "10"}, {"flag", "false"}, {"on", "2024-02-29"}};
	assert_int_equal(input_query(ok, 4, &spec, v, &pr), 0);
	assert_int_equal(v[1].i, 10);
	assert_true(v[2].present == false && v[5].present && !v[5].b);
	struct input_pair bad[] = {{"count", "1e3"},     {"count", "2"}, {"nope", "1"},
				   {"on", "29-02-2024"}, {"flag", "1"},  {"name", ""}};
	assert_int_equal(input_query(bad, 6, &spec, v, &pr), -1);
	assert_true(has_problem(&pr, "count", "type"));
	assert_true(has_problem(&pr, "count", "duplicate"));
	assert_true(has_problem(&pr, "nope", "unknown"));
	assert_true(has_problem(&pr, "on", "date"));
	assert_true(has_problem(&pr, "flag", "type"));
	assert_true(has_problem(&pr, "name", "minLength"));
	struct input_pair neg[] = {{"name", "x"}, {"count", "-5"}};
	assert_int_equal(input_query(neg, 2, &spec, v, &pr), -1);
	assert_true(has_problem(&pr, "count", "range"));
	struct input_pair none[] = {{"count", "5"}};
	assert_int_equal(input_query(none, 1, &spec, v, &pr), -1);
	assert_true(has_problem(&pr, "name", "required"));
	struct input_pair lots[INPUT_QUERY_MAX + 1];
	for (size_t i = 0; i < INPUT_QUERY_MAX + 1; i++)
		lots[i] = (struct input_pair){"name", "x"};
	assert_int_equal(input_query(lots, INPUT_QUERY_MAX + 1, &spec, v, &pr), -1);
	assert_true(has_problem(&pr, "query", "maxItems"));
}

static void query_decoding(void **state)
{
	struct input_pair p[4];
	char a[] = "name=J%C3%A9+de+V&count=3&&flag";
	assert_int_equal(input_query_decode(a, p, 4), 3);
	assert_string_equal(p[0].name, "name");
	assert_string_equal(p[0].value, "J\xc3\xa9 de V");
	assert_string_equal(p[1].value, "3");
	assert_string_equal(p[2].name, "flag");
	assert_string_equal(p[2].value, "");
	char b[] = "a=%zz";
	assert_int_equal(input_query_decode(b, p, 4), -1);
	char c[] = "a=%00";
	assert_int_equal(input_query_decode(c, p, 4), -1);
	char d[] = "a=1&b=2&c=3";
	assert_int_equal(input_query_decode(d, p, 2), -1);
	char e[] = "";
	assert_int_equal(input_query_decode(e, p, 4), 0);
	char f[] = "a=%4";
	assert_int_equal(input_query_decode(f, p, 4), -1);
}

static void datetimes(void **state)
{
	int64_t t;
	assert_int_equal(input_parse_datetime("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(input_parse_datetime("2026-11-30T09:00:00.123Z", &t), 0);
	assert_int_equal(t, 1796029200);
	assert_int_equal(input_parse_datetime("2026-11-30T04:00:00-05:00", &t), 0);
	assert_int_equal(t, 1796029200);
	const char *bad[] = {"2026-11-30",
			     "2026-11-30T09:00:00",
			     "2026-11-30t09:00:00Z",
			     "2026-11-30T24:00:00Z",
			     "2026-02-29T09:00:00Z",
			     "2026-11-30T09:00:00-00:00",
			     "2026-11-30T09:00:00.Z",
			     "2026-11-30T09:00:00+1:00",
			     "2026-11-30T09:00:60Z"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (input_parse_datetime(bad[i], &t) == 0)
			fail_msg("accepted %s", bad[i]);
}

static void cursors(void **state)
{
	char buf[24];
	input_cursor_encode(12345, buf, sizeof buf);
	assert_string_equal(buf, "c12345");
	assert_int_equal(input_cursor_decode(buf), 12345);
	assert_int_equal(input_cursor_decode(NULL), 0);
	assert_int_equal(input_cursor_decode("c0"), 0);
	const char *bad[] = {"", "c", "12", "c-1", "c01", "cx", "c99999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(input_cursor_decode(bad[i]), -1);
	assert_false(input_cursor_ok("c01"));
	assert_true(input_cursor_ok("c1"));
}

static void bearer_header(void **state)
{
	char t[64];
	assert_int_equal(auth_bearer_token("Bearer ovs_abc", t, sizeof t), 0);
	assert_string_equal(t, "ovs_abc");
	assert_int_equal(auth_bearer_token("bearer   ovs_abc", t, sizeof t), 0);
	assert_string_equal(t, "ovs_abc");
	assert_int_equal(auth_bearer_token("Basic dXNlcjpwdw==", t, sizeof t), -1);
	assert_int_equal(auth_bearer_token("Bearer ", t, sizeof t), -1);
	assert_int_equal(auth_bearer_token("Bearer a b", t, sizeof t), -1);
	assert_int_equal(auth_bearer_token("Bearer ovs_abc ", t, sizeof t), -1);
	assert_int_equal(auth_bearer_token(NULL, t, sizeof t), -1);
	assert_int_equal(auth_bearer_token("Bearer 0123456789", t, 10), -1);
}

/* Arrays: size limits, each item checked and named by its index. */
static const struct input_field array_fields[] = {
	{.name = "ids", .type = IN_ARRAY, .item = IN_INT, .min = 1, .max = 99, .max_items = 3},
	{.name = "codes", .type = IN_ARRAY, .item = IN_STRING, .max_len = 4, .max_items = 2},
};
static const struct input_spec array_spec = {array_fields, 2};

static void arrays(void **state)
{
	struct input_value v[2];
	struct input_problems pr;
	const char *ok = "{\"ids\":[1,99],\"codes\":[\"ab\"]}";
	json_t *doc = input_json(ok, strlen(ok), &array_spec, v, &pr);
	assert_non_null(doc);
	assert_true(v[0].present && v[1].present);
	assert_int_equal(json_array_size(v[0].a), 2);
	assert_int_equal(json_integer_value(json_array_get(v[0].a, 1)), 99);
	json_decref(doc);
	const char *bad = "{\"ids\":[1,\"x\",100],\"codes\":[\"abcde\",\"\"]}";
	assert_null(input_json(bad, strlen(bad), &array_spec, v, &pr));
	assert_int_equal(pr.total, 4);
	assert_true(has_problem(&pr, "ids[1]", "type"));
	assert_true(has_problem(&pr, "ids[2]", "range"));
	assert_true(has_problem(&pr, "codes[0]", "maxLength"));
	assert_true(has_problem(&pr, "codes[1]", "minLength"));
	assert_false(v[0].present);
	const char *sizes = "{\"ids\":[],\"codes\":[\"a\",\"b\",\"c\"]}";
	assert_null(input_json(sizes, strlen(sizes), &array_spec, v, &pr));
	assert_true(has_problem(&pr, "ids", "minItems"));
	assert_true(has_problem(&pr, "codes", "maxItems"));
	const char *notlist = "{\"ids\":1}";
	assert_null(input_json(notlist, strlen(notlist), &array_spec, v, &pr));
	assert_true(has_problem(&pr, "ids", "type"));
	/* Not in a query. */
	struct input_pair q[] = {{"ids", "1"}};
	assert_int_equal(input_query(q, 1, &array_spec, v, &pr), -1);
	assert_true(has_problem(&pr, "ids", "type"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arrays),
		cmocka_unit_test(valid_body),
		cmocka_unit_test(every_problem_at_once),
		cmocka_unit_test(strings),
		cmocka_unit_test(shape_and_limits),
		cmocka_unit_test(long_names_are_cut_on_characters),
		cmocka_unit_test(query),
		cmocka_unit_test(query_decoding),
		cmocka_unit_test(datetimes),
		cmocka_unit_test(cursors),
		cmocka_unit_test(bearer_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
