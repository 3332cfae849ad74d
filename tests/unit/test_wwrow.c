/* Tests for WW file rows: column names, required columns, and validation of
 * each cell and of the checks across cells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/window.h"
#include "core/wwrow.h"

/* Reasons as wwrow.c writes them (checked here so a change is deliberate). */
#define R_REQUIRED "is required"
#define R_DATE "not a date (use YYYY-MM-DD or DD-MM-YYYY)"
#define R_TOO_SHORT "duration is below the legal minimum (ww.duration.min_months)"
#define R_TOO_LONG "duration is above the legal maximum (ww.duration.max_months)"

static const char figures_text[] = "ww.duration.min_months,2006-10-01,3,test\n"
				   "ww.duration.max_months,2006-10-01,38,test\n"
				   "ww.duration.max_months,2019-04-01,24,test\n";

/* A tiny municipality table; counts the questions asked. */
struct known {
	int calls;
	char last[WW_GEMEENTE_SIZE];
};

static bool gemeente_known(const char *code, void *cls)
{
	struct known *k = cls;

	k->calls++;
	snprintf(k->last, sizeof k->last, "%s", code);
	return strcmp(code, "GM0363") == 0 || strcmp(code, "GM0599") == 0 ||
	       strcmp(code, "GM0384") == 0;
}

struct fixture {
	struct figures figures;
	struct known known;
	struct ww_rules rules;
	struct ww_cells cells;
	struct ww_record rec;
	struct ww_problem problems[WWC_COUNT * 2];
};

static void set(struct fixture *f, enum wwcol c, const char *v)
{
	f->cells.v[c] = v;
	f->cells.n[c] = v ? strlen(v) : 0;
}

static int setup(void **state)
{
	static struct fixture f;
	char err[100];

	memset(&f, 0, sizeof f);
	if (figures_parse(figures_text, strlen(figures_text), &f.figures, err, sizeof err) != 0)
		return -1;
	f.rules.gemeente_known = gemeente_known;
	f.rules.cls = &f.known;
	f.rules.figures = &f.figures;
	/* A valid row: 12 months from 1 March 2025. */
	set(&f, WWC_BSN, "111222333");
	set(&f, WWC_FAMILY_NAME, "de Vries");
	set(&f, WWC_GIVEN_NAMES, "Anna Maria");
	set(&f, WWC_BIRTH_DATE, "1970-05-15");
	set(&f, WWC_GEMEENTE_CODE, "GM0363");
	set(&f, WWC_POSTCODE, "1011 AB");
	set(&f, WWC_HOUSE_NUMBER, "12a");
	set(&f, WWC_WW_START, "2025-03-01");
	set(&f, WWC_WW_END, "2026-02-28");
	set(&f, WWC_DAILY_WAGE, "123,45");
	set(&f, WWC_EMAIL, "anna@example.nl");
	set(&f, WWC_PHONE, "020-1234567");
	set(&f, WWC_LANGUAGE, "nl");
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	figures_free(&f->figures);
	return 0;
}

static int validate(struct fixture *f)
{
	return wwrow_validate(&f->cells, &f->rules, &f->rec, f->problems,
			      (int)(sizeof f->problems / sizeof f->problems[0]));
}

/* Validation gives exactly one problem: col with reason. */
static void one_problem(struct fixture *f, enum wwcol col, const char *reason)
{
	int n = validate(f);

	if (n != 1) {
		for (int i = 0; i < n && i < WWC_COUNT * 2; i++)
			print_message("problem %d: %s: %s\n", i, wwcol_name(f->problems[i].col),
				      f->problems[i].reason);
		fail_msg("want 1 problem (%s: %s), got %d", wwcol_name(col), reason, n);
	}
	assert_int_equal(f->problems[0].col, col);
	assert_string_equal(f->problems[0].reason, reason);
}

static void no_problem(struct fixture *f)
{
	int n = validate(f);

	for (int i = 0; i < n && i < WWC_COUNT * 2; i++)
		print_message("problem: %s: %s\n", wwcol_name(f->problems[i].col),
			      f->problems[i].reason);
	assert_int_equal(n, 0);
}

static cdate ymd(int y, int m, int d)
{
	assert_true(date_valid_ymd(y, m, d));
	return date_from_ymd(y, m, d);
}

static void test_column_names(void **state)
{
	(void)state;
	assert_string_equal(wwcol_name(WWC_BSN), "bsn");
	assert_string_equal(wwcol_name(WWC_FAMILY_NAME), "family_name");
	assert_string_equal(wwcol_name(WWC_GIVEN_NAMES), "given_names");
	assert_string_equal(wwcol_name(WWC_BIRTH_DATE), "birth_date");
	assert_string_equal(wwcol_name(WWC_GEMEENTE_CODE), "gemeente_code");
	assert_string_equal(wwcol_name(WWC_POSTCODE), "postcode");
	assert_string_equal(wwcol_name(WWC_HOUSE_NUMBER), "house_number");
	assert_string_equal(wwcol_name(WWC_WW_START), "ww_start");
	assert_string_equal(wwcol_name(WWC_WW_END), "ww_end");
	assert_string_equal(wwcol_name(WWC_WW_MONTHS), "ww_months");
	assert_string_equal(wwcol_name(WWC_DAILY_WAGE), "daily_wage");
	assert_string_equal(wwcol_name(WWC_EMAIL), "email");
	assert_string_equal(wwcol_name(WWC_PHONE), "phone");
	assert_string_equal(wwcol_name(WWC_LANGUAGE), "language");
	assert_non_null(wwcol_name(WWC_COUNT));
	/* every canonical name looks itself up */
	for (int c = 0; c < WWC_COUNT; c++) {
		const char *name = wwcol_name((enum wwcol)c);

		assert_int_equal(wwcol_lookup(name, strlen(name)), c);
	}
}

static int lookup(const char *s)
{
	return wwcol_lookup(s, strlen(s));
}

static void test_column_lookup(void **state)
{
	(void)state;
	assert_int_equal(lookup("achternaam"), WWC_FAMILY_NAME);
	assert_int_equal(lookup("voornamen"), WWC_GIVEN_NAMES);
	assert_int_equal(lookup("geboortedatum"), WWC_BIRTH_DATE);
	assert_int_equal(lookup("gemeentecode"), WWC_GEMEENTE_CODE);
	assert_int_equal(lookup("huisnummer"), WWC_HOUSE_NUMBER);
	assert_int_equal(lookup("ingangsdatum"), WWC_WW_START);
	assert_int_equal(lookup("einddatum"), WWC_WW_END);
	assert_int_equal(lookup("duur_maanden"), WWC_WW_MONTHS);
	assert_int_equal(lookup("dagloon"), WWC_DAILY_WAGE);
	assert_int_equal(lookup("telefoon"), WWC_PHONE);
	assert_int_equal(lookup("taal"), WWC_LANGUAGE);
	/* case and surrounding spaces */
	assert_int_equal(lookup("BSN"), WWC_BSN);
	assert_int_equal(lookup("  Family_Name "), WWC_FAMILY_NAME);
	assert_int_equal(lookup("AchterNaam"), WWC_FAMILY_NAME);
	assert_int_equal(lookup(" EMAIL"), WWC_EMAIL);
	/* unknown */
	assert_int_equal(lookup(""), -1);
	assert_int_equal(lookup("   "), -1);
	assert_int_equal(lookup("bs"), -1);
	assert_int_equal(lookup("bsnr"), -1);
	assert_int_equal(lookup("family name"), -1);
	assert_int_equal(lookup("\tbsn"), -1); /* only spaces are ignored */
	assert_int_equal(lookup("naam"), -1);
	assert_int_equal(lookup("b\xc3\xa9sn"), -1);
	assert_int_equal(wwcol_lookup("bsnxyz", 3), WWC_BSN); /* exactly n bytes */
	assert_int_equal(wwcol_lookup(NULL, 0), -1);
}

static void all_present(bool present[WWC_COUNT])
{
	for (int c = 0; c < WWC_COUNT; c++)
		present[c] = true;
	present[WWC_WW_MONTHS] = false;
}

static void test_check_required(void **state)
{
	bool present[WWC_COUNT];
	enum wwcol missing = WWC_COUNT;
	bool both = true;
	(void)state;

	all_present(present);
	assert_int_equal(wwcol_check_required(present, &missing, &both), 0);
	assert_false(both);

	/* months instead of end */
	present[WWC_WW_END] = false;
	present[WWC_WW_MONTHS] = true;
	assert_int_equal(wwcol_check_required(present, &missing, &both), 0);

	/* optional columns may be absent */
	all_present(present);
	present[WWC_DAILY_WAGE] = present[WWC_EMAIL] = false;
	present[WWC_PHONE] = present[WWC_LANGUAGE] = false;
	assert_int_equal(wwcol_check_required(present, &missing, &both), 0);

	/* each required column on its own */
	const enum wwcol req[] = {WWC_BSN,          WWC_FAMILY_NAME,   WWC_GIVEN_NAMES,
				  WWC_BIRTH_DATE,   WWC_GEMEENTE_CODE, WWC_POSTCODE,
				  WWC_HOUSE_NUMBER, WWC_WW_START};
	for (size_t i = 0; i < sizeof req / sizeof req[0]; i++) {
		all_present(present);
		present[req[i]] = false;
		both = true;
		assert_int_equal(wwcol_check_required(present, &missing, &both), -1);
		assert_int_equal(missing, req[i]);
		assert_false(both);
	}

	/* the first missing column is named */
	all_present(present);
	present[WWC_POSTCODE] = present[WWC_GIVEN_NAMES] = false;
	assert_int_equal(wwcol_check_required(present, &missing, &both), -1);
	assert_int_equal(missing, WWC_GIVEN_NAMES);

	/* neither end nor months */
	all_present(present);
	present[WWC_WW_END] = false;
	both = true;
	assert_int_equal(wwcol_check_required(present, &missing, &both), -1);
	assert_int_equal(missing, WWC_WW_END);
	assert_false(both);

	/* both end and months */
	all_present(present);
	present[WWC_WW_MONTHS] = true;
	assert_int_equal(wwcol_check_required(present, &missing, &both), -1);
	assert_int_equal(missing, WWC_WW_END);
	assert_true(both);
}

static void test_valid_row(void **state)
{
	struct fixture *f = *state;

	no_problem(f);
	assert_string_equal(f->rec.bsn, "111222333");
	assert_string_equal(f->rec.family_name, "de Vries");
	assert_string_equal(f->rec.given_names, "Anna Maria");
	assert_int_equal(f->rec.birth_date, ymd(1970, 5, 15));
	assert_string_equal(f->rec.gemeente, "GM0363");
	assert_string_equal(f->rec.postcode, "1011 AB");
	assert_string_equal(f->rec.house_number, "12a");
	assert_int_equal(f->rec.ww_start, ymd(2025, 3, 1));
	assert_int_equal(f->rec.ww_end, ymd(2026, 2, 28));
	assert_int_equal(f->rec.daily_wage_cents, 12345);
	assert_string_equal(f->rec.email, "anna@example.nl");
	assert_string_equal(f->rec.phone, "020-1234567");
	assert_string_equal(f->rec.language, "nl");
	assert_false(f->rec.has_formula);
	assert_int_equal(f->known.calls, 1);
	assert_string_equal(f->known.last, "GM0363");
}

/* Cells are trimmed and normalised. */
static void test_normalisation(void **state)
{
	struct fixture *f = *state;

	set(f, WWC_BSN, " 12345672 "); /* leading zero dropped by a spreadsheet */
	set(f, WWC_FAMILY_NAME, "  Öztürk  ");
	set(f, WWC_GIVEN_NAMES, "Zoë");
	set(f, WWC_BIRTH_DATE, "15-05-1970");
	set(f, WWC_GEMEENTE_CODE, " gm0599");
	set(f, WWC_POSTCODE, "3011ab ");
	set(f, WWC_HOUSE_NUMBER, " 7 ");
	set(f, WWC_WW_START, "01/03/2025");
	set(f, WWC_WW_END, "28.02.2026");
	set(f, WWC_DAILY_WAGE, "€ 1.234,56");
	set(f, WWC_EMAIL, " Anna@Example.NL ");
	set(f, WWC_LANGUAGE, "TUR");
	no_problem(f);
	assert_string_equal(f->rec.bsn, "012345672");
	assert_string_equal(f->rec.family_name, "Öztürk");
	assert_string_equal(f->rec.given_names, "Zoë");
	assert_int_equal(f->rec.birth_date, ymd(1970, 5, 15));
	assert_string_equal(f->rec.gemeente, "GM0599");
	assert_string_equal(f->known.last, "GM0599"); /* asked with the normal form */
	assert_string_equal(f->rec.postcode, "3011 AB");
	assert_string_equal(f->rec.house_number, "7");
	assert_int_equal(f->rec.ww_start, ymd(2025, 3, 1));
	assert_int_equal(f->rec.ww_end, ymd(2026, 2, 28));
	assert_int_equal(f->rec.daily_wage_cents, 123456);
	assert_string_equal(f->rec.email, "Anna@Example.NL");
	assert_string_equal(f->rec.language, "tur");
}

static void test_optional_absent(void **state)
{
	struct fixture *f = *state;

	set(f, WWC_DAILY_WAGE, NULL);
	set(f, WWC_EMAIL, "");
	set(f, WWC_PHONE, "   ");
	set(f, WWC_LANGUAGE, NULL);
	no_problem(f);
	assert_int_equal(f->rec.daily_wage_cents, -1);
	assert_string_equal(f->rec.email, "");
	assert_string_equal(f->rec.phone, "");
	assert_string_equal(f->rec.language, "");
}

static void test_months_instead_of_end(void **state)
{
	struct fixture *f = *state;

	set(f, WWC_WW_END, NULL);
	set(f, WWC_WW_MONTHS, "12");
	no_problem(f);
	assert_int_equal(f->rec.ww_end, ww_end_from_months(ymd(2025, 3, 1), 12));
	assert_int_equal(f->rec.ww_end, ymd(2026, 2, 28));

	/* an empty ww_end cell next to months is fine */
	set(f, WWC_WW_END, "");
	set(f, WWC_WW_MONTHS, " 3 ");
	no_problem(f);
	assert_int_equal(f->rec.ww_end, ymd(2025, 5, 31));
	set(f, WWC_WW_MONTHS, "24");
	no_problem(f);
	assert_int_equal(f->rec.ww_end, ymd(2027, 2, 28));
}

static void test_months_bad(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {"0", "-3", "3.5", "3,0", "twelve", "12m", "+12", "00012", "1e1"};

	set(f, WWC_WW_END, NULL);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		set(f, WWC_WW_MONTHS, bad[i]);
		one_problem(f, WWC_WW_MONTHS, "not a whole number of months (at least 1)");
	}
	set(f, WWC_WW_MONTHS, "2");
	one_problem(f, WWC_WW_MONTHS, R_TOO_SHORT);
	set(f, WWC_WW_MONTHS, "25");
	one_problem(f, WWC_WW_MONTHS, R_TOO_LONG);
	set(f, WWC_WW_MONTHS, "9999");
	one_problem(f, WWC_WW_MONTHS, R_TOO_LONG);
	/* before 1 April 2019 the 38-month maximum applies */
	set(f, WWC_WW_START, "2015-06-01");
	set(f, WWC_WW_MONTHS, "38");
	no_problem(f);
	set(f, WWC_WW_MONTHS, "39");
	one_problem(f, WWC_WW_MONTHS, R_TOO_LONG);
}

static void test_end_and_months_both(void **state)
{
	struct fixture *f = *state;

	set(f, WWC_WW_MONTHS, "12");
	one_problem(f, WWC_WW_MONTHS, "give ww_end or ww_months, not both");
}

static void test_end_missing(void **state)
{
	struct fixture *f = *state;

	set(f, WWC_WW_END, NULL);
	one_problem(f, WWC_WW_END, "is required (or give ww_months)");
	set(f, WWC_WW_END, " ");
	set(f, WWC_WW_MONTHS, "");
	one_problem(f, WWC_WW_END, "is required (or give ww_months)");
}

/* The end date must lie between the last days of a 3- and a 24-month benefit. */
static void test_end_date_bounds(void **state)
{
	struct fixture *f = *state;
	char buf[DATE_ISO_SIZE];
	cdate start = ymd(2025, 3, 1);

	date_format_iso(ww_end_from_months(start, 3), buf); /* 2025-05-31 */
	assert_string_equal(buf, "2025-05-31");
	set(f, WWC_WW_END, buf);
	no_problem(f);

	date_format_iso(ww_end_from_months(start, 3) - 1, buf);
	set(f, WWC_WW_END, buf);
	one_problem(f, WWC_WW_END, R_TOO_SHORT);

	date_format_iso(ww_end_from_months(start, 24), buf); /* 2027-02-28 */
	assert_string_equal(buf, "2027-02-28");
	set(f, WWC_WW_END, buf);
	no_problem(f);

	date_format_iso(ww_end_from_months(start, 24) + 1, buf);
	set(f, WWC_WW_END, buf);
	one_problem(f, WWC_WW_END, R_TOO_LONG);

	set(f, WWC_WW_END, "2027-08-31"); /* 30 months */
	one_problem(f, WWC_WW_END, R_TOO_LONG);
}

static void test_end_not_after_start(void **state)
{
	struct fixture *f = *state;

	set(f, WWC_WW_END, "2025-03-01");
	one_problem(f, WWC_WW_END, "ww_end must be after ww_start");
	set(f, WWC_WW_END, "2024-12-31");
	one_problem(f, WWC_WW_END, "ww_end must be after ww_start");
	set(f, WWC_WW_END, "2025-03-02"); /* after, but far too short */
	one_problem(f, WWC_WW_END, R_TOO_SHORT);
}

static void test_no_figures_in_force(void **state)
{
	struct fixture *f = *state;

	set(f, WWC_BIRTH_DATE, "1950-01-01");
	set(f, WWC_WW_START, "2006-09-30"); /* before the first figures */
	set(f, WWC_WW_END, "2007-09-29");
	one_problem(f, WWC_WW_START, "no WW duration figures in force on ww_start");

	set(f, WWC_WW_START, "2006-10-01");
	no_problem(f);

	/* no figures at all: refused, not skipped */
	f->rules.figures = NULL;
	one_problem(f, WWC_WW_START, "no WW duration figures in force on ww_start");
}

static void test_bsn(void **state)
{
	struct fixture *f = *state;

	set(f, WWC_BSN, "111222334");
	one_problem(f, WWC_BSN, "fails the 11-proef");
	set(f, WWC_BSN, "000000000");
	one_problem(f, WWC_BSN, "fails the 11-proef");
	set(f, WWC_BSN, "111 222 333");
	one_problem(f, WWC_BSN, bsn_status_reason(BSN_BAD_FORMAT));
	set(f, WWC_BSN, "1112223330");
	one_problem(f, WWC_BSN, bsn_status_reason(BSN_BAD_FORMAT));
	set(f, WWC_BSN, "  ");
	one_problem(f, WWC_BSN, R_REQUIRED);
	set(f, WWC_BSN, NULL);
	one_problem(f, WWC_BSN, R_REQUIRED);
}

static void test_names(void **state)
{
	struct fixture *f = *state;
	char name[WW_NAME_MAX + 2];

	memset(name, 'a', WW_NAME_MAX);
	name[WW_NAME_MAX] = '\0';
	set(f, WWC_FAMILY_NAME, name);
	no_problem(f);
	assert_int_equal(strlen(f->rec.family_name), WW_NAME_MAX);

	name[WW_NAME_MAX] = 'a';
	name[WW_NAME_MAX + 1] = '\0';
	set(f, WWC_FAMILY_NAME, name);
	one_problem(f, WWC_FAMILY_NAME, "longer than 200 bytes");

	/* 100 two-byte letters are 200 bytes; one more is too long */
	char wide[2 * 101 + 1] = "";
	for (int i = 0; i < 101; i++)
		memcpy(wide + 2 * i, "\xc3\xab", 3);
	wide[200] = '\0';
	set(f, WWC_FAMILY_NAME, "x");
	set(f, WWC_GIVEN_NAMES, wide);
	no_problem(f);
	wide[200] = '\xc3';
	set(f, WWC_GIVEN_NAMES, wide);
	one_problem(f, WWC_GIVEN_NAMES, "longer than 200 bytes");

	set(f, WWC_GIVEN_NAMES, "");
	one_problem(f, WWC_GIVEN_NAMES, R_REQUIRED);
}

static void test_cell_checks(void **state)
{
	struct fixture *f = *state;
	char big[WW_CELL_MAX + 2];

	set(f, WWC_FAMILY_NAME, "Jan\tsen");
	one_problem(f, WWC_FAMILY_NAME, "contains a control character (tab, line break ...)");
	set(f, WWC_FAMILY_NAME, "Jansen\n");
	one_problem(f, WWC_FAMILY_NAME, "contains a control character (tab, line break ...)");
	set(f, WWC_FAMILY_NAME, "Jan\xc2\x85sen"); /* C1 NEL */
	one_problem(f, WWC_FAMILY_NAME, "contains a control character (tab, line break ...)");
	set(f, WWC_FAMILY_NAME, "Jans\xe9n"); /* Latin-1 */
	one_problem(f, WWC_FAMILY_NAME, "not valid UTF-8");
	set(f, WWC_FAMILY_NAME, "Jansen");

	/* every cell is checked, optional ones too */
	set(f, WWC_LANGUAGE, "n\x01");
	one_problem(f, WWC_LANGUAGE, "contains a control character (tab, line break ...)");
	set(f, WWC_LANGUAGE, "nl");

	/* an embedded NUL is a control character, not the end of the cell */
	f->cells.v[WWC_POSTCODE] = "1011\0AB";
	f->cells.n[WWC_POSTCODE] = 7;
	one_problem(f, WWC_POSTCODE, "contains a control character (tab, line break ...)");
	set(f, WWC_POSTCODE, "1011AB");

	memset(big, ' ', sizeof big);
	big[0] = '7';
	big[WW_CELL_MAX] = '\0';
	set(f, WWC_HOUSE_NUMBER, big); /* 1024 bytes, trims to "7" */
	no_problem(f);
	assert_string_equal(f->rec.house_number, "7");
	big[WW_CELL_MAX] = ' ';
	big[WW_CELL_MAX + 1] = '\0';
	set(f, WWC_HOUSE_NUMBER, big); /* 1025 bytes: refused before trimming */
	one_problem(f, WWC_HOUSE_NUMBER, "cell longer than 1024 bytes");
}

static void test_dates(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {"1970-02-30",  "15-5-1970", "1970/05/15",
			     "15 mei 1970", "19700515",  "1899-12-31"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		set(f, WWC_BIRTH_DATE, bad[i]);
		one_problem(f, WWC_BIRTH_DATE, R_DATE);
	}
	set(f, WWC_BIRTH_DATE, "1970-05-15");
	set(f, WWC_WW_START, "2025-02-29");
	one_problem(f, WWC_WW_START, R_DATE);
	set(f, WWC_WW_START, "2025-03-01");
	set(f, WWC_WW_END, "2026-13-01");
	one_problem(f, WWC_WW_END, R_DATE);
}

static void test_age(void **state)
{
	struct fixture *f = *state;

	/* ww_start is 2025-03-01 */
	set(f, WWC_BIRTH_DATE, "2010-03-01"); /* 15 on the day */
	no_problem(f);
	set(f, WWC_BIRTH_DATE, "2010-03-02"); /* one day short of 15 */
	one_problem(f, WWC_BIRTH_DATE, "age at ww_start is under 15");
	set(f, WWC_BIRTH_DATE, "1944-03-02"); /* 80, 81 tomorrow */
	no_problem(f);
	set(f, WWC_BIRTH_DATE, "1944-03-01"); /* 81 on the day */
	one_problem(f, WWC_BIRTH_DATE, "age at ww_start is over 80");
	set(f, WWC_BIRTH_DATE, "2025-03-01");
	one_problem(f, WWC_BIRTH_DATE, "birth_date must be before ww_start");
	set(f, WWC_BIRTH_DATE, "2030-01-01");
	one_problem(f, WWC_BIRTH_DATE, "birth_date must be before ww_start");
}

static void test_gemeente(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {"GM363",   "GM03630", "0363",     "GX0363",
			     "G M0363", "GM03a3",  "Amsterdam"};

	set(f, WWC_GEMEENTE_CODE, "GM9999");
	one_problem(f, WWC_GEMEENTE_CODE, "unknown municipality code");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		set(f, WWC_GEMEENTE_CODE, bad[i]);
		one_problem(f, WWC_GEMEENTE_CODE,
			    "not a municipality code (GM and 4 digits, e.g. GM0363)");
	}
	set(f, WWC_GEMEENTE_CODE, "Gm0384");
	no_problem(f);
	assert_string_equal(f->rec.gemeente, "GM0384");

	/* without a way to know municipalities, none is known */
	f->rules.gemeente_known = NULL;
	one_problem(f, WWC_GEMEENTE_CODE, "unknown municipality code");
}

static void test_postcode(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {"0123AB", "1234SA", "1234 SS", "1234  AB", "1234", "B-1000", "1234A"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		set(f, WWC_POSTCODE, bad[i]);
		one_problem(f, WWC_POSTCODE, "not a Dutch postcode (e.g. 1234 AB)");
	}
}

static void test_house_number(void **state)
{
	struct fixture *f = *state;

	set(f, WWC_HOUSE_NUMBER, "12-3 bis");
	no_problem(f);
	assert_string_equal(f->rec.house_number, "12-3 bis");
	set(f, WWC_HOUSE_NUMBER, "1234567890123456"); /* 16 bytes */
	no_problem(f);
	set(f, WWC_HOUSE_NUMBER, "12345678901234567");
	one_problem(f, WWC_HOUSE_NUMBER, "longer than 16 bytes");
	set(f, WWC_HOUSE_NUMBER, "a12");
	one_problem(f, WWC_HOUSE_NUMBER, "must start with a digit");
	set(f, WWC_HOUSE_NUMBER, "");
	one_problem(f, WWC_HOUSE_NUMBER, R_REQUIRED);
}

static void test_daily_wage(void **state)
{
	struct fixture *f = *state;

	set(f, WWC_DAILY_WAGE, "0");
	no_problem(f);
	assert_int_equal(f->rec.daily_wage_cents, 0);
	set(f, WWC_DAILY_WAGE, "304.25");
	no_problem(f);
	assert_int_equal(f->rec.daily_wage_cents, 30425);
	set(f, WWC_DAILY_WAGE, "-3,50");
	one_problem(f, WWC_DAILY_WAGE, "must not be negative");
	set(f, WWC_DAILY_WAGE, "1.234"); /* ambiguous */
	one_problem(f, WWC_DAILY_WAGE, "not an amount (e.g. 123,45)");
	set(f, WWC_DAILY_WAGE, "veel");
	one_problem(f, WWC_DAILY_WAGE, "not an amount (e.g. 123,45)");
}

static void test_email(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {"anna",
			     "anna@",
			     "@example.nl",
			     "an@na@example.nl",
			     "anna @example.nl",
			     "anna@exa mple.nl"};
	char longest[WW_EMAIL_MAX + 2];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		set(f, WWC_EMAIL, bad[i]);
		one_problem(f, WWC_EMAIL, "not an e-mail address");
	}
	memset(longest, 'a', sizeof longest);
	memcpy(longest + WW_EMAIL_MAX - 8, "@mail.nl", 9); /* 254 bytes */
	set(f, WWC_EMAIL, longest);
	no_problem(f);
	memset(longest, 'a', sizeof longest);
	memcpy(longest + WW_EMAIL_MAX - 7, "@mail.nl", 9); /* 255 bytes */
	set(f, WWC_EMAIL, longest);
	one_problem(f, WWC_EMAIL, "longer than 254 bytes");
}

static void test_phone(void **state)
{
	struct fixture *f = *state;
	const char *good[] = {"06-12345678", "(020) 123 4567", "0031 20 1234567"};
	const char *bad[] = {"06.12345678", "bel me", "+", "()", "06/12345678", "06-1234567x"};

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		set(f, WWC_PHONE, good[i]);
		no_problem(f);
		assert_string_equal(f->rec.phone, good[i]);
		assert_false(f->rec.has_formula);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		set(f, WWC_PHONE, bad[i]);
		one_problem(f, WWC_PHONE, "not a phone number (digits, spaces and + - ( ) only)");
	}
	set(f, WWC_PHONE, "06 1234 5678 9012 3456 7890 12345"); /* 33 bytes */
	one_problem(f, WWC_PHONE, "longer than 32 bytes");
}

static void test_language(void **state)
{
	struct fixture *f = *state;
	const char *bad[] = {"n", "dutch", "n1", "\xc3\xa9n", "n-l", "nl nl"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		set(f, WWC_LANGUAGE, bad[i]);
		one_problem(f, WWC_LANGUAGE, "not a language code (2 or 3 letters, e.g. nl)");
	}
	set(f, WWC_LANGUAGE, "En");
	no_problem(f);
	assert_string_equal(f->rec.language, "en");
}

/* A text cell that a spreadsheet would run is kept as text and flagged. */
static void test_formula_kept(void **state)
{
	struct fixture *f = *state;

	set(f, WWC_FAMILY_NAME, "=HYPERLINK(\"http://x\",\"y\")");
	no_problem(f);
	assert_true(f->rec.has_formula);
	assert_string_equal(f->rec.family_name, "=HYPERLINK(\"http://x\",\"y\")");

	set(f, WWC_FAMILY_NAME, "de Vries");
	set(f, WWC_GIVEN_NAMES, "@Anna");
	no_problem(f);
	assert_true(f->rec.has_formula);

	set(f, WWC_GIVEN_NAMES, "Anna");
	set(f, WWC_PHONE, "+31 20 1234567"); /* starts with '+': flagged, still valid */
	no_problem(f);
	assert_true(f->rec.has_formula);
	assert_string_equal(f->rec.phone, "+31 20 1234567");

	set(f, WWC_PHONE, NULL);
	set(f, WWC_EMAIL, "-x@example.nl");
	no_problem(f);
	assert_true(f->rec.has_formula);

	/* after trimming: " =1+1" starts with '=' */
	set(f, WWC_EMAIL, NULL);
	set(f, WWC_FAMILY_NAME, "  =1+1");
	no_problem(f);
	assert_true(f->rec.has_formula);
	assert_string_equal(f->rec.family_name, "=1+1");

	/* a negative amount is not a text cell */
	set(f, WWC_FAMILY_NAME, "de Vries");
	set(f, WWC_DAILY_WAGE, "-1");
	one_problem(f, WWC_DAILY_WAGE, "must not be negative");
	assert_false(f->rec.has_formula);
}

/* Every problem of a row is reported, in column order, then the checks across
 * columns; max limits what is written, not what is counted. */
static void test_all_problems_collected(void **state)
{
	struct fixture *f = *state;
	struct ww_problem few[3];
	struct ww_problem guard[4];
	int n;

	set(f, WWC_BSN, "111222334");
	set(f, WWC_FAMILY_NAME, NULL);
	set(f, WWC_BIRTH_DATE, "2020-01-01"); /* too young at ww_start */
	set(f, WWC_GEMEENTE_CODE, "GM0001");
	set(f, WWC_POSTCODE, "1234SD");
	set(f, WWC_WW_END, "2028-01-01");
	set(f, WWC_EMAIL, "nope");
	set(f, WWC_LANGUAGE, "x");
	n = validate(f);
	assert_int_equal(n, 8);
	assert_int_equal(f->problems[0].col, WWC_FAMILY_NAME); /* required first */
	assert_string_equal(f->problems[0].reason, R_REQUIRED);
	assert_int_equal(f->problems[1].col, WWC_BSN);
	assert_int_equal(f->problems[2].col, WWC_GEMEENTE_CODE);
	assert_int_equal(f->problems[3].col, WWC_POSTCODE);
	assert_int_equal(f->problems[4].col, WWC_EMAIL);
	assert_int_equal(f->problems[5].col, WWC_LANGUAGE);
	assert_int_equal(f->problems[6].col, WWC_BIRTH_DATE);
	assert_string_equal(f->problems[6].reason, "age at ww_start is under 15");
	assert_int_equal(f->problems[7].col, WWC_WW_END);
	assert_string_equal(f->problems[7].reason, R_TOO_LONG);

	/* only max are written; the count is complete */
	memset(guard, 0x5a, sizeof guard);
	memcpy(few, guard, sizeof few);
	assert_int_equal(wwrow_validate(&f->cells, &f->rules, &f->rec, guard, 3), 8);
	assert_int_equal(guard[2].col, WWC_GEMEENTE_CODE);
	assert_memory_equal(&guard[3], &few[0], sizeof guard[3]); /* untouched */
	assert_int_equal(wwrow_validate(&f->cells, &f->rules, &f->rec, NULL, 0), 8);
	assert_int_equal(wwrow_validate(&f->cells, &f->rules, &f->rec, few, -1), 8);
}

static void test_empty_row(void **state)
{
	struct fixture *f = *state;
	int n;

	memset(&f->cells, 0, sizeof f->cells);
	n = validate(f);
	assert_int_equal(n, 9); /* 8 required columns and ww_end */
	for (int i = 0; i < 8; i++)
		assert_string_equal(f->problems[i].reason, R_REQUIRED);
	assert_int_equal(f->problems[8].col, WWC_WW_END);
	assert_int_equal(f->known.calls, 0);

	/* no rules at all */
	assert_int_equal(wwrow_validate(&f->cells, NULL, &f->rec, f->problems, 20), 9);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* ---- header mapping ---- */

static int map_header(const char *const *cells, size_t count, struct ww_header *h,
		      struct ww_header_problem *probs)
{
	size_t n[WW_HEADER_MAX + 4];
	bool too_long[WW_HEADER_MAX + 4] = {false};
	for (size_t i = 0; i < count && i < WW_HEADER_MAX + 4; i++)
		n[i] = strlen(cells[i]);
	return wwhdr_map(cells, n, too_long, count, h, probs, 8);
}

static void test_header_maps_aliases_in_any_order(void **state)
{
	(void)state;
	const char *cells[] = {" Einddatum",    "BSN",          "achternaam", "VOORNAMEN",
			       "geboortedatum", "gemeentecode", "Postcode ",  "huisnummer",
			       "ingangsdatum",  "taal"};
	struct ww_header h;
	struct ww_header_problem probs[8];
	assert_int_equal(map_header(cells, 10, &h, probs), 0);
	assert_int_equal(h.n, 10);
	assert_int_equal(h.col[0], WWC_WW_END);
	assert_int_equal(h.col[1], WWC_BSN);
	assert_int_equal(h.col[9], WWC_LANGUAGE);

	const char *row[] = {"2027-01-31", "111222333", "Vries", "Jan",        "1970-01-01",
			     "GM0363",     "1234 AB",   "1",     "2026-01-01", "nl"};
	size_t n[10];
	for (int i = 0; i < 10; i++)
		n[i] = strlen(row[i]);
	struct ww_cells c;
	wwhdr_cells(&h, row, n, &c);
	assert_string_equal(c.v[WWC_BSN], "111222333");
	assert_int_equal(c.n[WWC_WW_END], 10);
	assert_null(c.v[WWC_WW_MONTHS]);
	assert_null(c.v[WWC_EMAIL]);
}

static void test_header_problems(void **state)
{
	(void)state;
	struct ww_header h;
	struct ww_header_problem p[8];
	/* Unknown and duplicate (an alias of a column already named). */
	const char *dup[] = {"bsn", "family_name", "achternaam", "shoe_size"};
	assert_int_equal(map_header(dup, 4, &h, p), 2);
	assert_int_equal(p[0].issue, WWH_DUPLICATE);
	assert_int_equal(p[0].cell, 2);
	assert_int_equal(p[0].col, WWC_FAMILY_NAME);
	assert_int_equal(p[1].issue, WWH_UNKNOWN);
	assert_int_equal(p[1].cell, 3);
	assert_int_equal(h.col[2], -1);

	/* Known cells only, but a required one missing. */
	const char *missing[] = {"bsn", "family_name"};
	assert_int_equal(map_header(missing, 2, &h, p), 1);
	assert_int_equal(p[0].issue, WWH_MISSING);
	assert_int_equal(p[0].col, WWC_GIVEN_NAMES);

	/* Both the end date and the months. */
	const char *both[] = {"bsn",           "family_name", "given_names",  "birth_date",
			      "gemeente_code", "postcode",    "house_number", "ww_start",
			      "ww_end",        "ww_months"};
	assert_int_equal(map_header(both, 10, &h, p), 1);
	assert_int_equal(p[0].issue, WWH_BOTH);

	/* A too-long cell counts as unknown; more cells than fit are flagged. */
	const char *many[WW_HEADER_MAX + 1];
	for (int i = 0; i <= WW_HEADER_MAX; i++)
		many[i] = "bsn";
	assert_true(map_header(many, WW_HEADER_MAX + 1, &h, p) > 1);
	assert_int_equal(p[0].issue, WWH_TOO_MANY);
	assert_int_equal(h.n, WW_HEADER_MAX);
	const char *cell[] = {"bsn"};
	size_t n1 = 3;
	bool tl = true;
	assert_int_equal(wwhdr_map(cell, &n1, &tl, 1, &h, p, 8), 1);
	assert_int_equal(p[0].issue, WWH_UNKNOWN);
	/* More problems than room: all counted, max written. */
	assert_int_equal(wwhdr_map(many, (size_t[WW_HEADER_MAX]){3, 3, 3, 3},
				   (bool[WW_HEADER_MAX]){0}, 4, &h, p, 1),
			 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_column_names),
		cmocka_unit_test(test_column_lookup),
		cmocka_unit_test(test_check_required),
		T(test_valid_row),
		T(test_normalisation),
		T(test_optional_absent),
		T(test_months_instead_of_end),
		T(test_months_bad),
		T(test_end_and_months_both),
		T(test_end_missing),
		T(test_end_date_bounds),
		T(test_end_not_after_start),
		T(test_no_figures_in_force),
		T(test_bsn),
		T(test_names),
		T(test_cell_checks),
		T(test_dates),
		T(test_age),
		T(test_gemeente),
		T(test_postcode),
		T(test_house_number),
		T(test_daily_wage),
		T(test_email),
		T(test_phone),
		T(test_language),
		T(test_formula_kept),
		T(test_all_problems_collected),
		T(test_empty_row),
		cmocka_unit_test(test_header_maps_aliases_in_any_order),
		cmocka_unit_test(test_header_problems),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
