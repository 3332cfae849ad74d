/* One row of a WW benefits file (wwrow.h).
 *
 * Every cell is trimmed of spaces, then checked for length, UTF-8 and control
 * characters before its column's own rules run. All problems of a row are
 * collected, in column order, then the checks that combine columns (age at
 * the WW start, end after start, duration within the legal bounds).
 *
 * The rules are required: without rules->gemeente_known every municipality
 * code is unknown, and without duration figures in force on ww_start the row
 * gets a problem on ww_start, so a caller cannot skip these checks by
 * accident. */
#include "core/wwrow.h"

#include <string.h>

#include "core/money.h"
#include "core/window.h"

/* The reasons below spell out the limits; keep them in step. */
_Static_assert(WW_CELL_MAX == 1024, "update the reason text for WW_CELL_MAX");
_Static_assert(WW_NAME_MAX == 200, "update the reason text for WW_NAME_MAX");
_Static_assert(WW_HOUSE_NUMBER_MAX == 16, "update the reason text for WW_HOUSE_NUMBER_MAX");
_Static_assert(WW_EMAIL_MAX == 254, "update the reason text for WW_EMAIL_MAX");
_Static_assert(WW_PHONE_MAX == 32, "update the reason text for WW_PHONE_MAX");
_Static_assert(WW_LANGUAGE_MAX == 3, "update the reason text for WW_LANGUAGE_MAX");

#define AGE_MIN 15
#define AGE_MAX 80
/* More months than any WW duration ever had; keeps date arithmetic sane. */
#define MONTHS_MAX 9999

#define R_REQUIRED "is required"
#define R_CELL_LONG "cell longer than 1024 bytes"
#define R_UTF8 "not valid UTF-8"
#define R_CONTROL "contains a control character (tab, line break ...)"
#define R_NAME_LONG "longer than 200 bytes"
#define R_DATE "not a date (use YYYY-MM-DD or DD-MM-YYYY)"
#define R_GEMEENTE "not a municipality code (GM and 4 digits, e.g. GM0363)"
#define R_GEMEENTE_UNKNOWN "unknown municipality code"
#define R_POSTCODE "not a Dutch postcode (e.g. 1234 AB)"
#define R_HOUSE_LONG "longer than 16 bytes"
#define R_HOUSE_DIGIT "must start with a digit"
#define R_MONTHS "not a whole number of months (at least 1)"
#define R_END_AND_MONTHS "give ww_end or ww_months, not both"
#define R_END_OR_MONTHS "is required (or give ww_months)"
#define R_WAGE "not an amount (e.g. 123,45)"
#define R_WAGE_NEGATIVE "must not be negative"
#define R_EMAIL_LONG "longer than 254 bytes"
#define R_EMAIL "not an e-mail address"
#define R_PHONE_LONG "longer than 32 bytes"
#define R_PHONE "not a phone number (digits, spaces and + - ( ) only)"
#define R_LANGUAGE "not a language code (2 or 3 letters, e.g. nl)"
#define R_BIRTH_AFTER_START "birth_date must be before ww_start"
#define R_AGE_LOW "age at ww_start is under 15"
#define R_AGE_HIGH "age at ww_start is over 80"
#define R_END_BEFORE_START "ww_end must be after ww_start"
#define R_NO_FIGURES "no WW duration figures in force on ww_start"
#define R_TOO_SHORT "duration is below the legal minimum (ww.duration.min_months)"
#define R_TOO_LONG "duration is above the legal maximum (ww.duration.max_months)"

static const char *const names[WWC_COUNT] = {
	[WWC_BSN] = "bsn",
	[WWC_FAMILY_NAME] = "family_name",
	[WWC_GIVEN_NAMES] = "given_names",
	[WWC_BIRTH_DATE] = "birth_date",
	[WWC_GEMEENTE_CODE] = "gemeente_code",
	[WWC_POSTCODE] = "postcode",
	[WWC_HOUSE_NUMBER] = "house_number",
	[WWC_WW_START] = "ww_start",
	[WWC_WW_END] = "ww_end",
	[WWC_WW_MONTHS] = "ww_months",
	[WWC_DAILY_WAGE] = "daily_wage",
	[WWC_EMAIL] = "email",
	[WWC_PHONE] = "phone",
	[WWC_LANGUAGE] = "language",
};

static const struct {
	const char *name;
	enum wwcol col;
} dutch[] = {
	{"achternaam", WWC_FAMILY_NAME},
	{"voornamen", WWC_GIVEN_NAMES},
	{"geboortedatum", WWC_BIRTH_DATE},
	{"gemeentecode", WWC_GEMEENTE_CODE},
	{"huisnummer", WWC_HOUSE_NUMBER},
	{"ingangsdatum", WWC_WW_START},
	{"einddatum", WWC_WW_END},
	{"duur_maanden", WWC_WW_MONTHS},
	{"dagloon", WWC_DAILY_WAGE},
	{"telefoon", WWC_PHONE},
	{"taal", WWC_LANGUAGE},
};

/* Columns a file must have besides ww_end / ww_months. */
static const enum wwcol required[] = {
	WWC_BSN,           WWC_FAMILY_NAME, WWC_GIVEN_NAMES,  WWC_BIRTH_DATE,
	WWC_GEMEENTE_CODE, WWC_POSTCODE,    WWC_HOUSE_NUMBER, WWC_WW_START,
};

const char *wwcol_name(enum wwcol c)
{
	if ((int)c < 0 || c >= WWC_COUNT)
		return "unknown";
	return names[c];
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static char upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* s[0..n) equals the lower-case word w, ignoring ASCII case. */
static bool same_word(const char *s, size_t n, const char *w)
{
	if (strlen(w) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(s[i]) != w[i])
			return false;
	return true;
}

int wwcol_lookup(const char *s, size_t n)
{
	if (!s)
		return -1;
	text_trim(&s, &n);
	for (int c = 0; c < WWC_COUNT; c++)
		if (same_word(s, n, names[c]))
			return c;
	for (size_t i = 0; i < sizeof dutch / sizeof dutch[0]; i++)
		if (same_word(s, n, dutch[i].name))
			return (int)dutch[i].col;
	return -1;
}

int wwcol_check_required(const bool present[WWC_COUNT], enum wwcol *missing, bool *both)
{
	*both = false;
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (!present[required[i]]) {
			*missing = required[i];
			return -1;
		}
	}
	if (present[WWC_WW_END] && present[WWC_WW_MONTHS]) {
		*missing = WWC_WW_END;
		*both = true;
		return -1;
	}
	if (!present[WWC_WW_END] && !present[WWC_WW_MONTHS]) {
		*missing = WWC_WW_END;
		return -1;
	}
	return 0;
}

struct problems {
	struct ww_problem *v;
	int max;
	int count;
};

static void add(struct problems *p, enum wwcol col, const char *reason)
{
	if (p->count < p->max) {
		p->v[p->count].col = col;
		p->v[p->count].reason = reason;
	}
	p->count++;
}

enum cell_state {
	CELL_EMPTY, /* absent, or only spaces */
	CELL_BAD,   /* refused before its column's rules (problem recorded) */
	CELL_TEXT,  /* trimmed text ready for its column's rules */
};

static enum cell_state cell_prepare(const struct ww_cells *in, enum wwcol c, const char **s,
				    size_t *n, struct problems *p)
{
	*s = in->v[c];
	*n = in->n[c];
	if (!*s) {
		*n = 0;
		return CELL_EMPTY;
	}
	if (*n > WW_CELL_MAX) {
		add(p, c, R_CELL_LONG);
		return CELL_BAD;
	}
	if (!text_utf8_valid(*s, *n)) {
		add(p, c, R_UTF8);
		return CELL_BAD;
	}
	if (text_has_control(*s, *n)) {
		add(p, c, R_CONTROL);
		return CELL_BAD;
	}
	text_trim(s, n);
	return *n ? CELL_TEXT : CELL_EMPTY;
}

/* Copies s[0..n) and a NUL into dst, which has room for n + 1 bytes. */
static void copy_text(char *dst, const char *s, size_t n)
{
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static bool gemeente_parse(const char *s, size_t n, char out[WW_GEMEENTE_SIZE])
{
	if (n != WW_GEMEENTE_SIZE - 1 || upper(s[0]) != 'G' || upper(s[1]) != 'M')
		return false;
	for (size_t i = 2; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	out[0] = 'G';
	out[1] = 'M';
	memcpy(out + 2, s + 2, n - 2);
	out[n] = '\0';
	return true;
}

/* Basic shape: one '@' with text on both sides, no spaces. */
static bool email_shape(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);

	if (!at || at == s || at == s + n - 1)
		return false;
	if (memchr(at + 1, '@', (size_t)(s + n - at - 1)))
		return false;
	return memchr(s, ' ', n) == NULL;
}

static bool phone_shape(const char *s, size_t n)
{
	bool digit = false;

	for (size_t i = 0; i < n; i++) {
		if (is_digit(s[i]))
			digit = true;
		else if (!strchr(" +-()", s[i]) || s[i] == '\0')
			return false;
	}
	return digit;
}

static bool language_parse(const char *s, size_t n, char out[WW_LANGUAGE_MAX + 1])
{
	if (n < 2 || n > WW_LANGUAGE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = lower(s[i]);

		if (c < 'a' || c > 'z')
			return false;
		out[i] = c;
	}
	out[n] = '\0';
	return true;
}

/* A whole number of months: 1..MONTHS_MAX, digits only. */
static bool months_parse(const char *s, size_t n, int *out)
{
	int v = 0;

	if (n == 0 || n > 4)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > MONTHS_MAX)
		return false;
	*out = v;
	return true;
}

/* Full years between birth and on (on after birth). */
static int age_on(cdate birth, cdate on)
{
	int by, bm, bd, y, m, d;

	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(on, &y, &m, &d);
	return y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
}

/* The duration bounds in force on start; false when the figures lack them or
 * they make no sense. */
static bool duration_bounds(const struct ww_rules *rules, cdate start, int *min, int *max)
{
	int64_t lo, hi;

	if (!rules || !rules->figures)
		return false;
	if (figures_at(rules->figures, "ww.duration.min_months", start, &lo) < 0 ||
	    figures_at(rules->figures, "ww.duration.max_months", start, &hi) < 0)
		return false;
	if (lo < 0 || hi < lo || hi > MONTHS_MAX)
		return false;
	*min = (int)lo;
	*max = (int)hi;
	return true;
}

/* A text column kept as given: names, house number, e-mail, phone. */
static void note_formula(struct ww_record *out, const char *s, size_t n)
{
	if (text_is_formula(s, n))
		out->has_formula = true;
}

int wwrow_validate(const struct ww_cells *in, const struct ww_rules *rules, struct ww_record *out,
		   struct ww_problem *problems, int max)
{
	struct problems p = {problems, (problems && max > 0) ? max : 0, 0};
	enum cell_state st[WWC_COUNT];
	const char *s[WWC_COUNT];
	size_t n[WWC_COUNT];
	bool birth_ok = false, start_ok = false, end_ok = false, months_ok = false;
	int months = 0;

	memset(out, 0, sizeof *out);
	out->daily_wage_cents = -1;

	for (int c = 0; c < WWC_COUNT; c++)
		st[c] = cell_prepare(in, (enum wwcol)c, &s[c], &n[c], &p);
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (st[required[i]] == CELL_EMPTY)
			add(&p, required[i], R_REQUIRED);

	if (st[WWC_BSN] == CELL_TEXT) {
		enum bsn_status bs = bsn_normalise(s[WWC_BSN], n[WWC_BSN], out->bsn);

		if (bs != BSN_OK)
			add(&p, WWC_BSN, bsn_status_reason(bs));
	}

	if (st[WWC_FAMILY_NAME] == CELL_TEXT) {
		note_formula(out, s[WWC_FAMILY_NAME], n[WWC_FAMILY_NAME]);
		if (n[WWC_FAMILY_NAME] > WW_NAME_MAX)
			add(&p, WWC_FAMILY_NAME, R_NAME_LONG);
		else
			copy_text(out->family_name, s[WWC_FAMILY_NAME], n[WWC_FAMILY_NAME]);
	}

	if (st[WWC_GIVEN_NAMES] == CELL_TEXT) {
		note_formula(out, s[WWC_GIVEN_NAMES], n[WWC_GIVEN_NAMES]);
		if (n[WWC_GIVEN_NAMES] > WW_NAME_MAX)
			add(&p, WWC_GIVEN_NAMES, R_NAME_LONG);
		else
			copy_text(out->given_names, s[WWC_GIVEN_NAMES], n[WWC_GIVEN_NAMES]);
	}

	if (st[WWC_BIRTH_DATE] == CELL_TEXT) {
		birth_ok = date_parse(s[WWC_BIRTH_DATE], n[WWC_BIRTH_DATE], &out->birth_date) == 0;
		if (!birth_ok)
			add(&p, WWC_BIRTH_DATE, R_DATE);
	}

	if (st[WWC_GEMEENTE_CODE] == CELL_TEXT) {
		if (!gemeente_parse(s[WWC_GEMEENTE_CODE], n[WWC_GEMEENTE_CODE], out->gemeente))
			add(&p, WWC_GEMEENTE_CODE, R_GEMEENTE);
		else if (!rules || !rules->gemeente_known ||
			 !rules->gemeente_known(out->gemeente, rules->cls))
			add(&p, WWC_GEMEENTE_CODE, R_GEMEENTE_UNKNOWN);
	}

	if (st[WWC_POSTCODE] == CELL_TEXT &&
	    postcode_normalise(s[WWC_POSTCODE], n[WWC_POSTCODE], out->postcode) < 0)
		add(&p, WWC_POSTCODE, R_POSTCODE);

	if (st[WWC_HOUSE_NUMBER] == CELL_TEXT) {
		note_formula(out, s[WWC_HOUSE_NUMBER], n[WWC_HOUSE_NUMBER]);
		if (n[WWC_HOUSE_NUMBER] > WW_HOUSE_NUMBER_MAX)
			add(&p, WWC_HOUSE_NUMBER, R_HOUSE_LONG);
		else if (!is_digit(s[WWC_HOUSE_NUMBER][0]))
			add(&p, WWC_HOUSE_NUMBER, R_HOUSE_DIGIT);
		else
			copy_text(out->house_number, s[WWC_HOUSE_NUMBER], n[WWC_HOUSE_NUMBER]);
	}

	if (st[WWC_WW_START] == CELL_TEXT) {
		start_ok = date_parse(s[WWC_WW_START], n[WWC_WW_START], &out->ww_start) == 0;
		if (!start_ok)
			add(&p, WWC_WW_START, R_DATE);
	}

	if (st[WWC_WW_END] == CELL_TEXT && st[WWC_WW_MONTHS] == CELL_TEXT) {
		add(&p, WWC_WW_MONTHS, R_END_AND_MONTHS);
	} else if (st[WWC_WW_END] == CELL_TEXT) {
		end_ok = date_parse(s[WWC_WW_END], n[WWC_WW_END], &out->ww_end) == 0;
		if (!end_ok)
			add(&p, WWC_WW_END, R_DATE);
	} else if (st[WWC_WW_MONTHS] == CELL_TEXT) {
		months_ok = months_parse(s[WWC_WW_MONTHS], n[WWC_WW_MONTHS], &months);
		if (!months_ok)
			add(&p, WWC_WW_MONTHS, R_MONTHS);
	} else if (st[WWC_WW_END] == CELL_EMPTY && st[WWC_WW_MONTHS] == CELL_EMPTY) {
		add(&p, WWC_WW_END, R_END_OR_MONTHS);
	}

	if (st[WWC_DAILY_WAGE] == CELL_TEXT) {
		int64_t cents;

		if (money_parse(s[WWC_DAILY_WAGE], n[WWC_DAILY_WAGE], &cents) < 0)
			add(&p, WWC_DAILY_WAGE, R_WAGE);
		else if (cents < 0)
			add(&p, WWC_DAILY_WAGE, R_WAGE_NEGATIVE);
		else
			out->daily_wage_cents = cents;
	}

	if (st[WWC_EMAIL] == CELL_TEXT) {
		note_formula(out, s[WWC_EMAIL], n[WWC_EMAIL]);
		if (n[WWC_EMAIL] > WW_EMAIL_MAX)
			add(&p, WWC_EMAIL, R_EMAIL_LONG);
		else if (!email_shape(s[WWC_EMAIL], n[WWC_EMAIL]))
			add(&p, WWC_EMAIL, R_EMAIL);
		else
			copy_text(out->email, s[WWC_EMAIL], n[WWC_EMAIL]);
	}

	if (st[WWC_PHONE] == CELL_TEXT) {
		note_formula(out, s[WWC_PHONE], n[WWC_PHONE]);
		if (n[WWC_PHONE] > WW_PHONE_MAX)
			add(&p, WWC_PHONE, R_PHONE_LONG);
		else if (!phone_shape(s[WWC_PHONE], n[WWC_PHONE]))
			add(&p, WWC_PHONE, R_PHONE);
		else
			copy_text(out->phone, s[WWC_PHONE], n[WWC_PHONE]);
	}

	if (st[WWC_LANGUAGE] == CELL_TEXT &&
	    !language_parse(s[WWC_LANGUAGE], n[WWC_LANGUAGE], out->language))
		add(&p, WWC_LANGUAGE, R_LANGUAGE);

	/* Checks across columns. */
	if (birth_ok && start_ok) {
		if (out->birth_date >= out->ww_start) {
			add(&p, WWC_BIRTH_DATE, R_BIRTH_AFTER_START);
		} else {
			int age = age_on(out->birth_date, out->ww_start);

			if (age < AGE_MIN)
				add(&p, WWC_BIRTH_DATE, R_AGE_LOW);
			else if (age > AGE_MAX)
				add(&p, WWC_BIRTH_DATE, R_AGE_HIGH);
		}
	}
	if (start_ok && (end_ok || months_ok)) {
		int min = 0, maxm = 0;
		bool bounds = duration_bounds(rules, out->ww_start, &min, &maxm);

		if (months_ok)
			out->ww_end = ww_end_from_months(out->ww_start, months);
		if (end_ok && out->ww_end <= out->ww_start) {
			add(&p, WWC_WW_END, R_END_BEFORE_START);
		} else if (!bounds) {
			add(&p, WWC_WW_START, R_NO_FIGURES);
		} else if (months_ok) {
			if (months < min)
				add(&p, WWC_WW_MONTHS, R_TOO_SHORT);
			else if (months > maxm)
				add(&p, WWC_WW_MONTHS, R_TOO_LONG);
		} else {
			/* An end date from UWV: it must lie between the last days of
			 * the shortest and of the longest benefit from this start. */
			if (out->ww_end < ww_end_from_months(out->ww_start, min))
				add(&p, WWC_WW_END, R_TOO_SHORT);
			else if (out->ww_end > ww_end_from_months(out->ww_start, maxm))
				add(&p, WWC_WW_END, R_TOO_LONG);
		}
	}
	return p.count;
}

static void add_header_problem(struct ww_header_problem *problems, int max, int *np,
			       enum ww_header_issue issue, size_t cell, enum wwcol col)
{
	if (*np < max)
		problems[*np] =
			(struct ww_header_problem){.issue = issue, .cell = cell, .col = col};
	(*np)++;
}

int wwhdr_map(const char *const *v, const size_t *n, const bool *too_long, size_t count,
	      struct ww_header *h, struct ww_header_problem *problems, int max)
{
	bool present[WWC_COUNT] = {false};
	int np = 0;
	h->n = count < WW_HEADER_MAX ? count : WW_HEADER_MAX;
	if (count > WW_HEADER_MAX)
		add_header_problem(problems, max, &np, WWH_TOO_MANY, 0, WWC_BSN);
	for (size_t i = 0; i < h->n; i++) {
		int c = too_long[i] ? -1 : wwcol_lookup(v[i], n[i]);
		h->col[i] = -1;
		if (c < 0) {
			add_header_problem(problems, max, &np, WWH_UNKNOWN, i, WWC_BSN);
		} else if (present[c]) {
			add_header_problem(problems, max, &np, WWH_DUPLICATE, i, (enum wwcol)c);
		} else {
			present[c] = true;
			h->col[i] = c;
		}
	}
	enum wwcol missing;
	bool both;
	if (np == 0 && wwcol_check_required(present, &missing, &both) != 0)
		add_header_problem(problems, max, &np, both ? WWH_BOTH : WWH_MISSING, 0, missing);
	return np;
}

void wwhdr_cells(const struct ww_header *h, const char *const *v, const size_t *n,
		 struct ww_cells *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < h->n; i++) {
		if (h->col[i] < 0)
			continue;
		out->v[h->col[i]] = v[i];
		out->n[h->col[i]] = n[i];
	}
}
