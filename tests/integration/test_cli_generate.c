/* overstap generate ww: deterministic synthetic WW files that import cleanly
 * and feed the signal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define GEN_HEADER                                                                                 \
	"bsn,family_name,given_names,birth_date,gemeente_code,postcode,house_number,ww_start,"     \
	"ww_end,daily_wage,email,phone,language\n"

static char *generate(struct h_env *e, const char *name, const char *seed, const char *gemeente)
{
	const char *f = h_path(e, name);
	struct h_run r;
	if (gemeente)
		h_expect(&r, 0, NULL, "generate", "ww", "--count", "1000", "--seed", seed, "--date",
			 "2026-11-30", "--gemeente", gemeente, "--out", f, NULL);
	else
		h_expect(&r, 0, NULL, "generate", "ww", "--count", "1000", "--seed", seed, "--date",
			 "2026-11-30", "--out", f, NULL);
	assert_string_equal(r.out, "");
	h_run_free(&r);
	char *text = h_read(f, NULL);
	assert_non_null(text);
	return text;
}

static void generate_is_deterministic(void **state)
{
	struct h_env *e = *state;
	size_t n1, n2;
	char *a = generate(e, "a.csv", "7", NULL);
	char *b = generate(e, "b.csv", "7", NULL);
	free(h_read(h_path(e, "a.csv"), &n1));
	free(h_read(h_path(e, "b.csv"), &n2));
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	assert_int_equal(strncmp(a, GEN_HEADER, strlen(GEN_HEADER)), 0);
	assert_int_equal(h_count_lines(a, ""), 1001);
	assert_int_equal(a[n1 - 1], '\n');

	/* Another seed, another file. */
	char *c = generate(e, "c.csv", "8", NULL);
	assert_true(strcmp(a, c) != 0);

	/* Without --out the same bytes go to stdout. */
	struct h_run r;
	h_expect(&r, 0, NULL, "generate", "ww", "--count", "1000", "--seed", "7", "--date",
		 "2026-11-30", NULL);
	assert_int_equal(r.out_len, n1);
	assert_memory_equal(r.out, a, n1);
	h_run_free(&r);
	free(a);
	free(b);
	free(c);
}

static void generate_imports_and_signals(void **state)
{
	struct h_env *e = *state;
	free(generate(e, "ww.csv", "7", NULL));
	const char *f = h_path(e, "ww.csv");
	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	char want[4200];
	snprintf(want, sizeof want,
		 "imported %s: 1000 rows: 1000 new, 0 updated, 0 unchanged, 0 rejected", f);
	if (!h_has_line(r.out, want))
		fail_msg("expected\n%s\ngot\n%s%s", want, r.out, r.err);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "ww_benefit"), 1000);
	assert_int_equal(h_db_count(e->db, "person"), 1000);
	/* Municipalities are spread by inhabitants: more than a few. */
	assert_true(h_db_int(e->db, "SELECT count(DISTINCT gemeente) FROM person") > 20);

	h_expect(&r, 0, NULL, "signal", "--date", "2026-11-30", "--format", "json", "--db", e->db,
		 NULL);
	json_error_t err;
	json_t *j = json_loads(r.out, 0, &err);
	h_run_free(&r);
	assert_non_null(j);
	size_t n = json_array_size(j);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(j, i);
		const char *end = json_string_value(json_object_get(o, "ww_end"));
		assert_non_null(end);
		assert_true(strcmp(end, "2026-12-01") >= 0 && strcmp(end, "2027-02-28") <= 0);
		assert_true(json_is_true(json_object_get(o, "new")));
	}
	json_decref(j);
	/* Exactly the benefits that end inside the window got a route. */
	assert_int_equal(h_db_count(e->db, "route"), (long long)n);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM ww_benefit WHERE end_date BETWEEN"
					 " '2026-12-01' AND '2027-02-28'"),
			 (long long)n);
}

static void generate_one_municipality(void **state)
{
	struct h_env *e = *state;
	char *text = generate(e, "ams.csv", "7", "GM0363");
	assert_true(h_contains(text, ",GM0363,"));
	free(text);
	struct h_run r;
	h_expect(&r, 0, NULL, "import", "ww", h_path(e, "ams.csv"), "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "person"), 1000);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM person WHERE gemeente = 'GM0363'"),
			 1000);

	/* Two municipalities, as a list and as words. */
	const char *f = h_path(e, "two.csv");
	h_expect(&r, 0, NULL, "generate", "ww", "--count", "200", "--seed", "3", "--date",
		 "2026-11-30", "--gemeente", "GM0599,GM0484", "--out", f, NULL);
	h_run_free(&r);
	const char *g = h_path(e, "two_words.csv");
	h_expect(&r, 0, NULL, "generate", "--count", "200", "--seed", "3", "--date", "2026-11-30",
		 "--out", g, "ww", "GM0599", "GM0484", NULL);
	h_run_free(&r);
	char *t1 = h_read(f, NULL), *t2 = h_read(g, NULL);
	assert_non_null(t1);
	assert_non_null(t2);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	h_expect(&r, 0, NULL, "import", "ww", f, "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM person WHERE gemeente NOT IN"
					 " ('GM0363', 'GM0599', 'GM0484')"),
			 0);
	assert_true(h_db_int(e->db, "SELECT count(*) FROM person WHERE gemeente = 'GM0599'") > 0);
	assert_true(h_db_int(e->db, "SELECT count(*) FROM person WHERE gemeente = 'GM0484'") > 0);
}

static void generate_bad_arguments(void **state)
{
	struct h_env *e = *state;
	const char *f = h_path(e, "x.csv");
	struct h_run r;
	h_expect(&r, 2, NULL, "generate", "ww", "--count", "0", "--out", f, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "generate", "ww", "--count", "ten", "--out", f, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "generate", "ww", "--seed", "1", "--out", f, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "generate", "ww", "--count", "5", "--seed", "-1", "--out", f, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "generate", "ww", "--count", "5", "--date", "2026-02-30", "--out", f,
		 NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "generate", "ww", "--count", "5", "--gemeente", "GM9999", "--out", f,
		 NULL);
	assert_true(h_contains(r.err, "GM9999"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "generate", "ww", "--count", "5", "--out", f, "GM0363", "XX", NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "generate", "--count", "5", "--out", f, NULL);
	h_run_free(&r);
	assert_false(h_exists(f));
	h_expect(&r, 1, NULL, "generate", "ww", "--count", "5", "--out",
		 h_path(e, "no/such/dir.csv"), NULL);
	h_run_free(&r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(generate_is_deterministic),
		T(generate_imports_and_signals),
		T(generate_one_municipality),
		T(generate_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
