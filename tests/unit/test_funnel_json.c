/* Tests for the funnel as JSON (app/funnel_json.h): the names of both
 * spellings, the expected range, the groups, and small counts hidden for
 * policy staff together with the rates that would reveal them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/funnel_json.h"

static void fmt(int64_t t, char *out)
{
	snprintf(out, FUNNEL_JSON_AT_SIZE, "t%lld", (long long)t);
}

/* 12 invited, 3 attended, 9 stayed away, 5 accepted; two municipalities
 * (GM0001 with 10 invited, GM0002 with 2) and two variants. */
static void sample(struct meeting_funnel *f, struct funnel_group g[2])
{
	memset(f, 0, sizeof *f);
	f->m.id = 7;
	snprintf(f->m.org, sizeof f->m.org, "UWV-A");
	snprintf(f->m.target, sizeof f->m.target, "GM0001");
	snprintf(f->m.location, sizeof f->m.location, "Zaal");
	f->m.at = 100;
	f->m.variants = 2;
	f->m.expect_low = 25;
	f->m.expect_high = 50;
	f->total = (struct funnel_counts){
		.invited = 12, .accepted = 5, .answered = 5, .attended = 3, .no_show = 9};
	f->total.attendance = (struct funnel_rate){0.25, 0.089, 0.532};
	memset(g, 0, 2 * sizeof *g);
	snprintf(g[0].key, sizeof g[0].key, "GM0001");
	g[0].c = (struct funnel_counts){.invited = 10, .attended = 3};
	snprintf(g[1].key, sizeof g[1].key, "GM0002");
	g[1].c = (struct funnel_counts){.invited = 2};
	f->by_gemeente = g;
	f->n_gemeente = 2;
	snprintf(f->by_variant[0].key, sizeof f->by_variant[0].key, "A");
	snprintf(f->by_variant[1].key, sizeof f->by_variant[1].key, "B");
	f->by_variant[0].c.invited = 6;
	f->by_variant[1].c.invited = 6;
}

static void both_spellings(void **state)
{
	struct meeting_funnel f;
	struct funnel_group g[2];
	sample(&f, g);
	struct funnel_json_opts snake = {.format_at = fmt},
				camel = {.camel = true, .format_at = fmt};
	json_t *s = funnel_json(&f, &snake), *c = funnel_json(&f, &camel);
	assert_non_null(s);
	assert_non_null(c);
	assert_int_equal(json_integer_value(json_object_get(s, "meeting_id")), 7);
	assert_int_equal(json_integer_value(json_object_get(c, "meetingId")), 7);
	assert_string_equal(json_string_value(json_object_get(s, "org")), "UWV-A");
	assert_string_equal(json_string_value(json_object_get(c, "organisation")), "UWV-A");
	assert_string_equal(json_string_value(json_object_get(c, "at")), "t100");
	assert_int_equal(json_integer_value(json_object_get(s, "no_show")), 9);
	assert_int_equal(json_integer_value(json_object_get(c, "noShow")), 9);
	assert_true(fabs(json_real_value(json_object_get(c, "attendanceRate")) - 0.25) < 1e-12);
	assert_true(json_equal(json_object_get(c, "attendanceCi"),
			       json_object_get(s, "attendance_ci")));
	assert_true(
		fabs(json_real_value(json_array_get(json_object_get(c, "expectedAttendance"), 1)) -
		     0.5) < 1e-12);
	assert_int_equal(json_array_size(json_object_get(c, "byGemeente")), 2);
	assert_int_equal(json_array_size(json_object_get(s, "by_variant")), 2);
	assert_null(json_object_get(c, "by_gemeente"));
	/* Full counts for everyone but policy staff. */
	json_t *g2 = json_array_get(json_object_get(c, "byGemeente"), 1);
	assert_int_equal(json_integer_value(json_object_get(g2, "invited")), 2);
	json_decref(s);
	json_decref(c);
	/* One variant: no variant groups; no expected range: null. */
	f.m.variants = 1;
	f.m.expect_low = f.m.expect_high = 0;
	c = funnel_json(&f, &camel);
	assert_int_equal(json_array_size(json_object_get(c, "byVariant")), 0);
	assert_true(json_is_null(json_object_get(c, "expectedAttendance")));
	json_decref(c);
}

static void small_counts_hidden(void **state)
{
	struct meeting_funnel f;
	struct funnel_group g[2];
	sample(&f, g);
	struct funnel_json_opts o = {.camel = true, .small_counts = true, .format_at = fmt};
	json_t *j = funnel_json(&f, &o);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "invited")), 12);
	assert_string_equal(json_string_value(json_object_get(j, "attended")), "<5");
	assert_int_equal(json_integer_value(json_object_get(j, "accepted")), 5);
	assert_int_equal(json_integer_value(json_object_get(j, "consents")), 0); /* 0 is shown */
	/* The rate from a hidden count is hidden; one from a shown count is not. */
	assert_true(json_is_null(json_object_get(j, "attendanceRate")));
	assert_true(json_is_null(json_object_get(j, "attendanceCi")));
	assert_true(json_is_real(json_object_get(j, "acceptanceRate")));
	assert_true(json_is_real(json_object_get(j, "consentRate")));
	/* A group of 2 invited: the count and every rate hidden. */
	json_t *g2 = json_array_get(json_object_get(j, "byGemeente"), 1);
	assert_string_equal(json_string_value(json_object_get(g2, "invited")), "<5");
	assert_true(json_is_null(json_object_get(g2, "consentRate")));
	assert_true(json_is_null(json_object_get(g2, "responseRate")));
	json_decref(j);
	json_t *arr = funnel_json_array(&f, 1, &o);
	assert_int_equal(json_array_size(arr), 1);
	json_decref(arr);
	arr = funnel_json_array(NULL, 0, &o);
	assert_int_equal(json_array_size(arr), 0);
	json_decref(arr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(both_spellings),
		cmocka_unit_test(small_counts_hidden),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
