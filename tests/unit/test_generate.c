/* Tests for the synthetic WW file generator (app/generate.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/generate.h"
#include "core/bsn.h"
#include "core/date.h"
#include "core/embedded.h"
#include "core/gemeenten.h"
#include "core/window.h"

#define NCOLS 13

static const char *const columns[NCOLS] = {
	"bsn",      "family_name",  "given_names", "birth_date", "gemeente_code",
	"postcode", "house_number", "ww_start",    "ww_end",     "daily_wage",
	"email",    "phone",        "language"};

enum {
	C_BSN,
	C_FAMILY,
	C_GIVEN,
	C_BIRTH,
	C_GM,
	C_POSTCODE,
	C_HOUSE,
	C_START,
	C_END,
	C_WAGE,
	C_EMAIL,
	C_PHONE,
	C_LANG
};

static struct gemeenten table;

static int setup(void **state)
{
	const struct embedded_file *f = embedded_find("data/gemeenten.csv");
	char err[128];
	(void)state;

	if (!f || gemeenten_parse(f->data, f->len, &table, err, sizeof err) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gemeenten_free(&table);
	return 0;
}

static cdate ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* Runs the generator into memory. The caller frees the text. */
static char *generate(const struct gen_ww_opts *o, size_t *len, int *rc, char *err, size_t errcap)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	*rc = gen_ww_csv(f, o, &table, err, errcap);
	assert_int_equal(fclose(f), 0);
	*len = n;
	return buf;
}

static char *generate_ok(const struct gen_ww_opts *o, size_t *len)
{
	char err[160] = "";
	int rc;
	char *text = generate(o, len, &rc, err, sizeof err);

	if (rc != 0)
		fail_msg("gen_ww_csv: %s", err);
	return text;
}

/* Splits one CSV line (RFC 4180 quoting) in place. Returns the cell count. */
static int split(char *line, char *cells[], int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *w;
		if (n == max)
			return max + 1;
		if (*p == '"') {
			w = ++p;
			cells[n++] = w;
			for (;;) {
				if (*p == '\0')
					return -1;
				if (*p == '"' && p[1] == '"') {
					*w++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*w++ = *p++;
				}
			}
			*w = '\0';
		} else {
			cells[n++] = p;
			while (*p && *p != ',')
				p++;
		}
		if (*p == '\0')
			return n;
		*p++ = '\0';
	}
}

/* Calls fn for every data row after checking the header. Returns the row count. */
static long each_row(char *text, void (*fn)(char *cells[], void *ctx), void *ctx)
{
	char *save = NULL;
	char *line = strtok_r(text, "\n", &save);
	long rows = 0;
	char *cells[NCOLS + 1];

	assert_non_null(line);
	assert_int_equal(split(line, cells, NCOLS), NCOLS);
	for (int i = 0; i < NCOLS; i++)
		assert_string_equal(cells[i], columns[i]);
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		if (split(line, cells, NCOLS) != NCOLS)
			fail_msg("row %ld: not %d cells", rows + 1, NCOLS);
		fn(cells, ctx);
		rows++;
	}
	return rows;
}

static cdate parse_date(const char *s)
{
	cdate d;

	if (date_parse(s, strlen(s), &d) != 0)
		fail_msg("not a date: \"%s\"", s);
	return d;
}

/* ---- determinism --------------------------------------------------------- */

static void test_same_seed_same_bytes(void **state)
{
	struct gen_ww_opts o = {.seed = 42, .count = 2000, .date = ymd(2026, 3, 1)};
	size_t na, nb, nc;
	(void)state;

	char *a = generate_ok(&o, &na);
	char *b = generate_ok(&o, &nb);
	o.seed = 43;
	char *c = generate_ok(&o, &nc);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	assert_true(na != nc || memcmp(a, c, na) != 0);
	free(a);
	free(b);
	free(c);
}

/* A longer file starts with the rows of a shorter one. */
static void test_prefix_stable(void **state)
{
	struct gen_ww_opts o = {.seed = 7, .count = 100, .date = ymd(2026, 3, 1)};
	size_t ns, nl;
	(void)state;

	char *s = generate_ok(&o, &ns);
	o.count = 300;
	char *l = generate_ok(&o, &nl);
	assert_true(nl > ns);
	assert_memory_equal(s, l, ns);
	free(s);
	free(l);
}

static void test_zero_rows_is_header_only(void **state)
{
	struct gen_ww_opts o = {.seed = 1, .count = 0, .date = ymd(2026, 3, 1)};
	size_t n;
	(void)state;

	char *t = generate_ok(&o, &n);
	assert_int_equal(n, strlen(t));
	assert_string_equal(t, "bsn,family_name,given_names,birth_date,gemeente_code,postcode,"
			       "house_number,ww_start,ww_end,daily_wage,email,phone,language\n");
	free(t);
}

/* ---- every row ------------------------------------------------------------ */

struct row_check {
	cdate d;
	long in_window3, in_window6, ended;
	long rows;
	long email, phone, nl;
};

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void check_row(char *c[], void *ctx)
{
	struct row_check *rc = ctx;
	cdate birth = parse_date(c[C_BIRTH]);
	cdate start = parse_date(c[C_START]);
	cdate end = parse_date(c[C_END]);
	int months = 0;
	long euros, cents;
	char *e;

	rc->rows++;
	if (!bsn_valid(c[C_BSN]))
		fail_msg("invalid BSN %s", c[C_BSN]);
	assert_true(strlen(c[C_FAMILY]) > 0);
	assert_true(strlen(c[C_GIVEN]) > 0);
	assert_non_null(gemeenten_find(&table, c[C_GM]));

	/* Postcode "1234 AB", first digit 1-9, not SA, SD or SS. */
	assert_int_equal(strlen(c[C_POSTCODE]), 7);
	assert_true(c[C_POSTCODE][0] >= '1' && c[C_POSTCODE][0] <= '9');
	for (int i = 1; i < 4; i++)
		assert_true(c[C_POSTCODE][i] >= '0' && c[C_POSTCODE][i] <= '9');
	assert_true(c[C_POSTCODE][4] == ' ');
	assert_true(c[C_POSTCODE][5] >= 'A' && c[C_POSTCODE][5] <= 'Z');
	assert_true(c[C_POSTCODE][6] >= 'A' && c[C_POSTCODE][6] <= 'Z');
	assert_false(strcmp(c[C_POSTCODE] + 5, "SA") == 0 || strcmp(c[C_POSTCODE] + 5, "SD") == 0 ||
		     strcmp(c[C_POSTCODE] + 5, "SS") == 0);

	/* House number 1-300, maybe one letter A-D. */
	long hn = strtol(c[C_HOUSE], &e, 10);
	assert_true(hn >= 1 && hn <= 300);
	assert_true(*e == '\0' || (e[0] >= 'A' && e[0] <= 'D' && e[1] == '\0'));

	/* ww_end = ww_start + months - 1 day, with 3 <= months <= 24. */
	for (int m = 3; m <= 24; m++)
		if (ww_end_from_months(start, m) == end)
			months = m;
	if (months == 0)
		fail_msg("%s .. %s is not 3..24 months", c[C_START], c[C_END]);
	/* Running benefits started by D; age at start 18..64; end before AOW at 67. */
	assert_true(start <= rc->d);
	assert_true(date_add_months(birth, 18 * 12) <= start);
	assert_true(date_add_months(birth, 65 * 12) > start);
	assert_true(end < date_add_months(birth, 67 * 12));

	/* Daily wage "123.45" in 60.00 .. 304.25. */
	char *dot = strchr(c[C_WAGE], '.');
	assert_non_null(dot);
	assert_int_equal(strlen(dot + 1), 2);
	euros = strtol(c[C_WAGE], NULL, 10);
	cents = strtol(dot + 1, NULL, 10);
	assert_true(euros * 100 + cents >= 6000 && euros * 100 + cents <= 30425);

	if (c[C_EMAIL][0]) {
		rc->email++;
		assert_non_null(strchr(c[C_EMAIL], '@'));
		assert_true(strstr(c[C_EMAIL], "@example.") != NULL);
	}
	if (c[C_PHONE][0]) {
		const char *p = c[C_PHONE];
		rc->phone++;
		assert_true(all_digits(p, 10) || strncmp(p, "06-", 3) == 0 ||
			    strncmp(p, "+31 6 ", 6) == 0);
	}
	assert_true(strcmp(c[C_LANG], "nl") == 0 || strcmp(c[C_LANG], "en") == 0 ||
		    strcmp(c[C_LANG], "tr") == 0 || strcmp(c[C_LANG], "ar") == 0 ||
		    strcmp(c[C_LANG], "pl") == 0);
	rc->nl += strcmp(c[C_LANG], "nl") == 0;

	if (window_contains(rc->d, WINDOW_MONTHS_DEFAULT, end))
		rc->in_window3++;
	if (window_contains(rc->d, WINDOW_MONTHS_MAX, end))
		rc->in_window6++;
	if (end <= rc->d)
		rc->ended++;
}

static void test_rows_are_valid(void **state)
{
	struct gen_ww_opts o = {.seed = 2026, .count = 5000, .date = ymd(2026, 3, 1)};
	struct row_check rc = {.d = o.date};
	size_t n;
	(void)state;

	char *t = generate_ok(&o, &n);
	assert_int_equal(each_row(t, check_row, &rc), 5000);
	free(t);
	/* ≥ 5% of the file inside the default 3-month window (the generator aims at
	 * 15%), more inside 6 months, some already ended. */
	assert_true(rc.in_window3 * 100 >= 5 * rc.rows);
	assert_true(rc.in_window6 > rc.in_window3);
	assert_true(rc.ended > 0);
	/* E-mail and phone are sometimes empty; language mostly Dutch. */
	assert_true(rc.email > 0 && rc.email < rc.rows);
	assert_true(rc.phone > 0 && rc.phone < rc.rows);
	assert_true(rc.nl * 100 > 75 * rc.rows && rc.nl < rc.rows);
}

/* Other reference dates: month ends and a leap day. */
static void test_rows_valid_around_month_ends(void **state)
{
	const cdate dates[] = {ymd(2024, 2, 29), ymd(2025, 11, 30), ymd(2026, 1, 31),
			       ymd(2027, 12, 31)};
	(void)state;

	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		struct gen_ww_opts o = {.seed = i, .count = 1500, .date = dates[i]};
		struct row_check rc = {.d = o.date};
		size_t n;
		char *t = generate_ok(&o, &n);
		assert_int_equal(each_row(t, check_row, &rc), 1500);
		assert_true(rc.in_window3 * 100 >= 5 * rc.rows);
		free(t);
	}
}

/* ---- unique BSNs ---------------------------------------------------------- */

struct bsn_set {
	uint32_t *v;
	size_t n;
};

static void collect_bsn(char *c[], void *ctx)
{
	struct bsn_set *s = ctx;

	s->v[s->n++] = (uint32_t)strtoul(c[C_BSN], NULL, 10);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static void test_unique_bsns(void **state)
{
	struct gen_ww_opts o = {.seed = 99, .count = 20000, .date = ymd(2026, 3, 1)};
	struct bsn_set s = {.v = calloc(20000, sizeof(uint32_t)), .n = 0};
	size_t n;
	(void)state;

	assert_non_null(s.v);
	char *t = generate_ok(&o, &n);
	assert_int_equal(each_row(t, collect_bsn, &s), 20000);
	free(t);
	qsort(s.v, s.n, sizeof s.v[0], cmp_u32);
	for (size_t i = 1; i < s.n; i++)
		if (s.v[i] == s.v[i - 1])
			fail_msg("BSN %09u repeats", (unsigned)s.v[i]);
	/* Spread over the whole range, not a run of neighbours. */
	assert_true(s.v[0] < 110000000u);
	assert_true(s.v[s.n - 1] > 990000000u);
	free(s.v);
}

/* ---- municipalities ------------------------------------------------------- */

struct gm_count {
	long a, b, other;
};

static void count_gm(char *c[], void *ctx)
{
	struct gm_count *g = ctx;

	if (strcmp(c[C_GM], "GM0363") == 0)
		g->a++;
	else if (strcmp(c[C_GM], "GM0088") == 0)
		g->b++;
	else
		g->other++;
}

static void test_restricted_gemeenten(void **state)
{
	static const char *const only[] = {"GM0363", "GM0088"}; /* Amsterdam, Schiermonnikoog */
	struct gen_ww_opts o = {.seed = 5,
				.count = 3000,
				.date = ymd(2026, 3, 1),
				.gemeenten = only,
				.n_gemeenten = 2};
	struct gm_count g = {0, 0, 0};
	size_t n;
	(void)state;

	char *t = generate_ok(&o, &n);
	assert_int_equal(each_row(t, count_gm, &g), 3000);
	free(t);
	assert_int_equal(g.other, 0);
	assert_true(g.a > 0);
	/* Weighted by inhabitants: Amsterdam is about 900 times larger. */
	assert_true(g.a > 50 * g.b);
}

static void test_single_gemeente(void **state)
{
	static const char *const only[] = {"GM0088"};
	struct gen_ww_opts o = {.seed = 6,
				.count = 200,
				.date = ymd(2026, 3, 1),
				.gemeenten = only,
				.n_gemeenten = 1};
	struct gm_count g = {0, 0, 0};
	size_t n;
	(void)state;

	char *t = generate_ok(&o, &n);
	assert_int_equal(each_row(t, count_gm, &g), 200);
	free(t);
	assert_int_equal(g.b, 200);
}

/* All municipalities are drawn by weight: the big four lead a large file. */
static void test_all_gemeenten_weighted(void **state)
{
	struct gen_ww_opts o = {.seed = 8, .count = 20000, .date = ymd(2026, 3, 1)};
	struct gm_count g = {0, 0, 0};
	size_t n;
	(void)state;

	char *t = generate_ok(&o, &n);
	assert_int_equal(each_row(t, count_gm, &g), 20000);
	free(t);
	/* Amsterdam holds about 5% of the inhabitants. */
	assert_true(g.a > 600 && g.a < 1500);
	assert_true(g.other > 18000);
}

static void test_errors(void **state)
{
	static const char *const bad[] = {"GM0363", "GM9999"};
	static const char *const malformed[] = {"0363"};
	struct gen_ww_opts o = {.seed = 1, .count = 10, .date = ymd(2026, 3, 1)};
	char err[160];
	size_t n;
	int rc;
	char *t;
	(void)state;

	o.gemeenten = bad;
	o.n_gemeenten = 2;
	t = generate(&o, &n, &rc, err, sizeof err);
	assert_int_equal(rc, -1);
	assert_string_equal(err, "unknown municipality code \"GM9999\"");
	free(t);

	o.gemeenten = malformed;
	o.n_gemeenten = 1;
	t = generate(&o, &n, &rc, err, sizeof err);
	assert_int_equal(rc, -1);
	assert_string_equal(err, "unknown municipality code \"0363\"");
	free(t);

	o.gemeenten = NULL;
	o.n_gemeenten = 0;
	o.count = -1;
	t = generate(&o, &n, &rc, err, sizeof err);
	assert_int_equal(rc, -1);
	assert_int_equal(n, 0);
	free(t);

	o.count = GEN_WW_COUNT_MAX + 1;
	t = generate(&o, &n, &rc, err, sizeof err);
	assert_int_equal(rc, -1);
	free(t);

	o.count = 10;
	o.date = ymd(1950, 1, 1);
	t = generate(&o, &n, &rc, err, sizeof err);
	assert_int_equal(rc, -1);
	assert_string_equal(err, "reference date out of range");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_bytes),
		cmocka_unit_test(test_prefix_stable),
		cmocka_unit_test(test_zero_rows_is_header_only),
		cmocka_unit_test(test_rows_are_valid),
		cmocka_unit_test(test_rows_valid_around_month_ends),
		cmocka_unit_test(test_unique_bsns),
		cmocka_unit_test(test_restricted_gemeenten),
		cmocka_unit_test(test_single_gemeente),
		cmocka_unit_test(test_all_gemeenten_weighted),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
