/* Synthetic WW benefit files (generate.h).
 *
 * Every row is drawn from one xoshiro256** stream seeded with o->seed, in a
 * fixed order, so the same options give the same bytes. Parameters ([E] =
 * our estimate; RULES.md = /shared/domain/RULES.md):
 *
 * Municipality   drawn from the table weighted by inhabitants (a row without
 *                a figure weighs 1); with o->gemeenten only from those codes.
 * Age at WW      18-24: 7%, 25-34: 20%, 35-44: 20%, 45-54: 24%, 55-64: 29%,
 * start          uniform within a band [E: older people stay longer in WW and
 *                flow on to bijstand more often, RULES.md §6.1-6.2; 45+ is 56%
 *                of bijstand, §6.3]. At most 64, so that even 24 months end
 *                before the AOW age of 67. (After the redraws below the file
 *                holds about 2%, 18%, 21%, 27% and 32%.)
 * Birth date     start date - age years - 0..364 days.
 * Duration       RULES.md §1.2 applied to a simulated work history, counted
 * (months)       up to the year before D's year: a year counts when the person
 *                was 18 or older in it, always before 1998 (fictitious years);
 *                from 1998 only from the year the person entered the Dutch
 *                labour market (at 18, or for 40% at an age drawn uniformly
 *                between 18 and now) and then with a chance of 0.95, or 0.55
 *                for the 45% with intermittent work. The first 10 counted
 *                years give 1 month each, later years before 2016 1 month,
 *                later years from 2016 half a month (rounded down). Without
 *                the jareneis (4 of the 5 previous calendar years counted) or
 *                for 15% "wekeneis only": 3 months. Clamped to 3..24. New
 *                rights drawn this way: about half at 3 months (young people,
 *                intermittent work, no jareneis), a broad middle, 18% at 24.
 * End date       relative to D (window_bounds of window.h), by band:
 *                  5%  already ended, in D-6 months .. D-1;
 *                 15%  in the default 3-month window D+1 .. D+3 months;
 *                 15%  in D+3 months+1 .. D+6 months;
 *                 65%  later, up to the last possible end.
 *                A running benefit started on or before D, so its end is at
 *                most ww_end_from_months(D, months): a duration too short for
 *                the band (under 4 months for the 3-6 month band, under 7 for
 *                the last) is drawn again with a new age and history. Rows of
 *                a file are benefits running on D, and long rights run longer,
 *                so the file holds fewer short rights than new ones do: about
 *                10% at 3 months, 35% at 24, median 17.
 *                ww_start = (end + 1 day) - months, and ww_end is recomputed
 *                with ww_end_from_months(ww_start, months), so the file always
 *                follows RULES.md §1.4.
 * Daily wage     log-normal around a median of EUR 95 at 18 rising by EUR 1.40
 *                a year of age (EUR 158 at 63), sigma 0.45; below EUR 60 drawn
 *                again, above EUR 304.25 (maximum dagloon 1 Jan 2026, RULES.md
 *                §1.3) set to 304.25, as the legal cap would [E]. This shapes
 *                invented data; it is not a figure the system decides with
 *                (those live in data/figures.csv).
 * BSN            RULES.md §5.1: 8 digits with a first digit 1-9, d9 chosen so
 *                the 11-proef holds, discarded when d9 would be 10 (or the sum
 *                0). The 8 digits are a keyed permutation (6-round Feistel
 *                network on 28 bits with cycle walking, keys from the seed)
 *                of a counter 0, 1, 2, ... over the 90,000,000 prefixes, so
 *                BSNs never repeat within a file without remembering any.
 *                They are valid numbers and may belong to real people: the
 *                file is synthetic, not anonymised.
 * Names          a name group first (dutch 76%, turkish, moroccan, surinamese,
 *                polish 5% each, other 4%), then a family name of that group
 *                from data/names/family.txt; given names of a sex (50/50) and,
 *                for 90%, the same group (otherwise any group) from
 *                data/names/given.txt: 1 name (55%), 2 (35%) or 3 (10%).
 * Postcode       "1234 AB": the digits from a band of 100 per municipality
 *                (1000-9999, fixed by the code), letters A-Z except the pairs
 *                SA, SD and SS.
 * House number   1-300, skewed to low numbers (1 + 300 u^2); 12% with a letter
 *                suffix A-D.
 * E-mail         72%: given.family[NN]@example.com/.net/.org (reserved
 *                domains, RFC 2606), ASCII-folded; otherwise empty.
 * Phone          68%: a Dutch mobile number as 0612345678, 06-12345678 or
 *                +31 6 12345678; otherwise empty.
 * Language       by name group: dutch nl 95 / en 5; turkish nl 70 / en 2 /
 *                tr 28; moroccan nl 70 / en 2 / ar 28; surinamese nl 96 /
 *                en 4; polish nl 30 / en 15 / pl 55; other nl 40 / en 45 /
 *                ar 15 (percent). Overall about nl 87%, en 7%, pl 3%, ar 2%,
 *                tr 1.5%. */
#include "app/generate.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/rng.h"
#include "core/window.h"

#define LINE_MAX_BYTES 2048

/* BSN prefixes: the first 8 digits, 10000000 .. 99999999. */
#define BSN_PREFIX_MIN 10000000u
#define BSN_PREFIX_COUNT 90000000u
#define FEISTEL_HALF_BITS 14
#define FEISTEL_HALF_MASK ((1u << FEISTEL_HALF_BITS) - 1)
#define FEISTEL_ROUNDS 6

#define AGE_MAX_AT_START 64
/* Work history behind the WW duration (see the top of this file). */
#define HIST_INTERMITTENT 0.45   /* share of people with intermittent work */
#define HIST_Q_INTERMITTENT 0.55 /* chance that such a person's year counts */
#define HIST_Q_STEADY 0.95       /* the same for everyone else */
#define HIST_LATE_ENTRY 0.40     /* entered the Dutch labour market after 18 */
#define HIST_WEKENEIS_ONLY 0.15  /* only the 26-of-36-weeks test: 3 months */
#define WAGE_MIN_CENTS 6000
#define WAGE_MAX_CENTS 30425
#define WAGE_MEDIAN_18_EUR 95.0
#define WAGE_MEDIAN_PER_YEAR_EUR 1.4
#define WAGE_SIGMA 0.45

static const char HEADER[] = "bsn,family_name,given_names,birth_date,gemeente_code,postcode,"
			     "house_number,ww_start,ww_end,daily_wage,email,phone,language\n";

struct name {
	const char *s; /* borrowed from the embedded file */
	size_t n;
};

struct namelist {
	struct name *v;
	size_t n, cap;
};

/* Name groups, as "## GROUP" in the files in data/names/, and their share of rows. */
enum group { G_DUTCH, G_TURKISH, G_MOROCCAN, G_SURINAMESE, G_POLISH, G_OTHER, G_COUNT };

static const char *const group_name[G_COUNT] = {"dutch",      "turkish", "moroccan",
						"surinamese", "polish",  "other"};
static const int group_pct[G_COUNT] = {76, 5, 5, 5, 5, 4};

/* Language by group, cumulative percentages over nl, en, tr, ar, pl. */
static const char *const languages[5] = {"nl", "en", "tr", "ar", "pl"};
static const int language_cum[G_COUNT][5] = {
	{95, 100, 100, 100, 100}, /* dutch */
	{70, 72, 100, 100, 100},  /* turkish */
	{70, 72, 72, 100, 100},   /* moroccan */
	{96, 100, 100, 100, 100}, /* surinamese */
	{30, 45, 45, 45, 100},    /* polish */
	{40, 85, 85, 100, 100},   /* other */
};

struct gen {
	struct rng rng;
	uint64_t feistel_key[FEISTEL_ROUNDS];
	uint32_t bsn_counter;
	const struct gemeente **gm; /* municipalities to draw from */
	int64_t *cum;               /* cumulative weights */
	size_t ngm;
	struct namelist family[G_COUNT];
	struct namelist given[G_COUNT][2]; /* [group][0 = female, 1 = male] */
	cdate d;
	int d_year;
};

static void set_err(char *err, size_t errcap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errcap, const char *fmt, ...)
{
	va_list ap;

	if (!err || errcap == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errcap, fmt, ap);
	va_end(ap);
}

static int name_push(struct namelist *nl, const char *s, size_t n)
{
	if (nl->n == nl->cap) {
		size_t ncap = nl->cap ? nl->cap * 2 : 64;
		struct name *v = realloc(nl->v, ncap * sizeof *v);
		if (!v)
			return -1;
		nl->v = v;
		nl->cap = ncap;
	}
	nl->v[nl->n].s = s;
	nl->v[nl->n].n = n;
	nl->n++;
	return 0;
}

/* Reads "## GROUP" (family names) or "## GROUP f|m" (given names). Returns
 * the list the following names go to, or NULL. */
static struct namelist *group_header(struct gen *gs, bool given, const char *s, size_t n)
{
	for (int g = 0; g < G_COUNT; g++) {
		size_t gl = strlen(group_name[g]);
		if (n < 3 + gl || memcmp(s + 3, group_name[g], gl) != 0)
			continue;
		if (!given && n == 3 + gl)
			return &gs->family[g];
		if (given && n == 5 + gl && s[3 + gl] == ' ' &&
		    (s[4 + gl] == 'f' || s[4 + gl] == 'm'))
			return &gs->given[g][s[4 + gl] == 'm'];
	}
	return NULL;
}

/* Splits an embedded name file into its groups. */
static int load_names(struct gen *gs, const char *path, bool given, char *err, size_t errcap)
{
	const struct embedded_file *f = embedded_find(path);
	struct namelist *cur = NULL;
	size_t pos = 0, line = 0;

	if (!f) {
		set_err(err, errcap, "%s is not embedded in this build", path);
		return -1;
	}
	while (pos < f->len) {
		const char *s = f->data + pos;
		const char *nl = memchr(s, '\n', f->len - pos);
		size_t len = nl ? (size_t)(nl - s) : f->len - pos;

		pos += len + (nl ? 1 : 0);
		line++;
		if (len > 0 && s[len - 1] == '\r')
			len--;
		if (len >= 3 && memcmp(s, "## ", 3) == 0) {
			cur = group_header(gs, given, s, len);
			if (!cur) {
				set_err(err, errcap, "%s:%zu: unknown group header", path, line);
				return -1;
			}
			continue;
		}
		if (len == 0 || s[0] == '#')
			continue;
		if (!cur) {
			set_err(err, errcap, "%s:%zu: name before the first \"## group\" line",
				path, line);
			return -1;
		}
		if (name_push(cur, s, len) != 0) {
			set_err(err, errcap, "out of memory");
			return -1;
		}
	}
	for (int g = 0; g < G_COUNT; g++) {
		for (int k = 0; k < (given ? 2 : 1); k++) {
			const struct namelist *l = given ? &gs->given[g][k] : &gs->family[g];
			if (l->n == 0) {
				set_err(err, errcap, "%s: no names in group %s%s", path,
					group_name[g], given ? (k ? " m" : " f") : "");
				return -1;
			}
		}
	}
	return 0;
}

static int add_gemeente(struct gen *gs, const struct gemeente *r, int64_t *total)
{
	for (size_t i = 0; i < gs->ngm; i++)
		if (gs->gm[i] == r)
			return 0; /* listed twice: once is enough */
	*total += r->inhabitants > 0 ? r->inhabitants : 1;
	gs->gm[gs->ngm] = r;
	gs->cum[gs->ngm] = *total;
	gs->ngm++;
	return 0;
}

static int setup_gemeenten(struct gen *gs, const struct gen_ww_opts *o, const struct gemeenten *g,
			   char *err, size_t errcap)
{
	size_t want = o->n_gemeenten ? o->n_gemeenten : g->n;
	int64_t total = 0;

	gs->gm = calloc(want, sizeof *gs->gm);
	gs->cum = calloc(want, sizeof *gs->cum);
	if (!gs->gm || !gs->cum) {
		set_err(err, errcap, "out of memory");
		return -1;
	}
	if (o->n_gemeenten == 0) {
		for (size_t i = 0; i < g->n; i++)
			add_gemeente(gs, &g->rows[i], &total);
		return 0;
	}
	for (size_t i = 0; i < o->n_gemeenten; i++) {
		const char *code = o->gemeenten[i];
		const struct gemeente *r = NULL;

		if (code && gemeente_code_valid(code, strlen(code)))
			r = gemeenten_find(g, code);
		if (!r) {
			set_err(err, errcap, "unknown municipality code \"%.20s\"",
				code ? code : "(null)");
			return -1;
		}
		add_gemeente(gs, r, &total);
	}
	return 0;
}

static const struct gemeente *pick_gemeente(struct gen *gs)
{
	uint64_t x = rng_below(&gs->rng, (uint64_t)gs->cum[gs->ngm - 1]);
	size_t lo = 0, hi = gs->ngm - 1;

	/* The first index whose cumulative weight exceeds x. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uint64_t)gs->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return gs->gm[lo];
}

/* ---- BSN ---------------------------------------------------------------- */

static uint32_t feistel_round(uint32_t half, uint64_t key)
{
	uint64_t x = key ^ half;

	return (uint32_t)(rng_splitmix64(&x) & FEISTEL_HALF_MASK);
}

/* A permutation of [0, 2^28). */
static uint32_t feistel(const struct gen *gs, uint32_t v)
{
	uint32_t l = v >> FEISTEL_HALF_BITS, r = v & FEISTEL_HALF_MASK;

	for (int i = 0; i < FEISTEL_ROUNDS; i++) {
		uint32_t nl = r;
		r = l ^ feistel_round(r, gs->feistel_key[i]);
		l = nl;
	}
	return (l << FEISTEL_HALF_BITS) | r;
}

/* A permutation of [0, BSN_PREFIX_COUNT): cycle walking stays inside. */
static uint32_t permute_prefix(const struct gen *gs, uint32_t i)
{
	uint32_t v = i;

	do {
		v = feistel(gs, v);
	} while (v >= BSN_PREFIX_COUNT);
	return v;
}

/* Next BSN of this file. Returns -1 when the prefixes are used up. */
static int next_bsn(struct gen *gs, char out[10])
{
	while (gs->bsn_counter < BSN_PREFIX_COUNT) {
		uint32_t p = BSN_PREFIX_MIN + permute_prefix(gs, gs->bsn_counter++);
		int sum = 0, d9;

		for (int i = 7; i >= 0; i--) {
			int digit = (int)(p % 10);
			out[i] = (char)('0' + digit);
			sum += digit * (9 - i);
			p /= 10;
		}
		d9 = sum % 11;
		if (d9 == 10 || sum - d9 == 0)
			continue; /* no check digit, or S = 0 */
		out[8] = (char)('0' + d9);
		out[9] = '\0';
		return 0;
	}
	return -1;
}

/* ---- distributions ------------------------------------------------------ */

static int draw_age(struct gen *gs)
{
	static const struct {
		int lo, hi, pct;
	} bands[] = {{18, 24, 7}, {25, 34, 20}, {35, 44, 20}, {45, 54, 24}, {55, 64, 29}};
	int x = (int)rng_below(&gs->rng, 100);

	for (size_t i = 0; i < sizeof bands / sizeof bands[0]; i++) {
		if (x < bands[i].pct)
			return (int)rng_between(&gs->rng, bands[i].lo, bands[i].hi);
		x -= bands[i].pct;
	}
	return AGE_MAX_AT_START;
}

/* WW months from a simulated work history (RULES.md §1.2). */
static int draw_months(struct gen *gs, int age)
{
	int y_end = gs->d_year - 1; /* last year that counts */
	int born = gs->d_year - age;
	int entry = born + 18;
	double q = rng_chance(&gs->rng, HIST_INTERMITTENT) ? HIST_Q_INTERMITTENT : HIST_Q_STEADY;
	bool wekeneis_only = rng_chance(&gs->rng, HIST_WEKENEIS_ONLY);
	int counted = 0, recent = 0, months2 = 0; /* months2: half months */

	if (rng_chance(&gs->rng, HIST_LATE_ENTRY))
		entry += (int)rng_between(&gs->rng, 0, age - 18);
	for (int y = born + 18; y <= y_end; y++) {
		bool counts = y <= 1997 || (y >= entry && rng_chance(&gs->rng, q));
		if (!counts)
			continue;
		counted++;
		if (y >= y_end - 4)
			recent++;
		if (counted <= 10 || y < 2016)
			months2 += 2;
		else
			months2 += 1;
	}
	if (wekeneis_only || recent < 4 || months2 / 2 < 3)
		return 3;
	return months2 / 2 > 24 ? 24 : months2 / 2;
}

static cdate draw_day(struct gen *gs, cdate lo, cdate hi)
{
	return hi <= lo ? lo : (cdate)rng_between(&gs->rng, lo, hi);
}

/* Bands of the end date relative to D, their share of rows in percent, and
 * the shortest duration that can end in them while starting on or before D. */
enum band { B_ENDED, B_WINDOW3, B_WINDOW6, B_LATER, B_COUNT };
static const int band_pct[B_COUNT] = {5, 15, 15, 65};
static const int band_min_months[B_COUNT] = {3, 3, 4, 7};

static enum band draw_band(struct gen *gs)
{
	int x = (int)rng_below(&gs->rng, 100);

	for (int b = 0; b < B_COUNT; b++) {
		if (x < band_pct[b])
			return (enum band)b;
		x -= band_pct[b];
	}
	return B_LATER;
}

/* The end date the row aims at: a day in the band, no later than the end of
 * a benefit of that many months that started on D. */
static cdate draw_end(struct gen *gs, enum band b, int months)
{
	cdate first, last3, last6, latest;

	window_bounds(gs->d, 3, &first, &last3);
	window_bounds(gs->d, 6, NULL, &last6);
	latest = ww_end_from_months(gs->d, months);
	switch (b) {
	case B_ENDED:
		return draw_day(gs, date_add_months(gs->d, -6), date_add_days(gs->d, -1));
	case B_WINDOW3:
		return draw_day(gs, first, last3 < latest ? last3 : latest);
	case B_WINDOW6:
		if (latest > last3)
			return draw_day(gs, last3 + 1, last6 < latest ? last6 : latest);
		break;
	case B_LATER:
	case B_COUNT:
		if (latest > last6)
			return draw_day(gs, last6 + 1, latest);
		break;
	}
	return draw_day(gs, first, latest); /* not reached with band_min_months */
}

static int64_t draw_wage_cents(struct gen *gs, int age)
{
	double median = WAGE_MEDIAN_18_EUR + WAGE_MEDIAN_PER_YEAR_EUR * (age - 18);

	for (int i = 0; i < 20; i++) {
		double w = exp(log(median) + WAGE_SIGMA * rng_normal(&gs->rng));
		int64_t c = (int64_t)llround(w * 100.0);
		if (c < WAGE_MIN_CENTS)
			continue;
		return c > WAGE_MAX_CENTS ? WAGE_MAX_CENTS : c;
	}
	return WAGE_MIN_CENTS;
}

/* ---- text ---------------------------------------------------------------- */

struct line {
	char b[LINE_MAX_BYTES];
	size_t n;
	bool overflow;
};

static void put(struct line *l, const char *s, size_t n)
{
	if (l->n + n >= sizeof l->b) {
		l->overflow = true;
		return;
	}
	memcpy(l->b + l->n, s, n);
	l->n += n;
}

static void putf(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(struct line *l, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof tmp) {
		l->overflow = true;
		return;
	}
	put(l, tmp, (size_t)k);
}

/* A CSV cell, quoted when it holds a comma or a quote (no name does). */
static void put_cell(struct line *l, const char *s, size_t n, bool first)
{
	bool quote = memchr(s, ',', n) || memchr(s, '"', n);

	if (!first)
		put(l, ",", 1);
	if (!quote) {
		put(l, s, n);
		return;
	}
	put(l, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			put(l, "\"", 1);
		put(l, s + i, 1);
	}
	put(l, "\"", 1);
}

static void put_date(struct line *l, cdate d)
{
	char iso[DATE_ISO_SIZE];

	date_format_iso(d, iso);
	put(l, ",", 1);
	put(l, iso, DATE_ISO_SIZE - 1);
}

/* ASCII letters for an e-mail address: lower case, other letters folded,
 * everything else dropped. */
static size_t ascii_fold(const char *s, size_t n, char *out, size_t cap)
{
	static const struct {
		const char *utf8;
		char ascii;
	} fold[] = {
		{"\xc4\xb1", 'i'}, {"\xc4\xb0", 'i'}, {"\xc5\x9f", 's'}, {"\xc5\x9e", 's'},
		{"\xc3\xa7", 'c'}, {"\xc3\x87", 'c'}, {"\xc4\x9f", 'g'}, {"\xc3\xb6", 'o'},
		{"\xc3\x96", 'o'}, {"\xc3\xbc", 'u'}, {"\xc3\x9c", 'u'}, {"\xc5\x82", 'l'},
		{"\xc5\x81", 'l'}, {"\xc5\x9b", 's'}, {"\xc5\x9a", 's'}, {"\xc5\x84", 'n'},
		{"\xc5\xbc", 'z'}, {"\xc5\xbb", 'z'}, {"\xc5\xba", 'z'}, {"\xc4\x85", 'a'},
		{"\xc4\x99", 'e'}, {"\xc3\xb3", 'o'}, {"\xc3\xa9", 'e'}, {"\xc3\xab", 'e'},
		{"\xc3\xaf", 'i'}, {"\xc4\x87", 'c'},
	};
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < cap;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				out[k++] = (char)(c - 'A' + 'a');
			else if (c >= 'a' && c <= 'z')
				out[k++] = (char)c;
			i++;
			continue;
		}
		size_t step = 1;
		for (size_t j = 0; j < sizeof fold / sizeof fold[0]; j++) {
			if (i + 2 <= n && memcmp(s + i, fold[j].utf8, 2) == 0) {
				out[k++] = fold[j].ascii;
				step = 2;
				break;
			}
		}
		if (step == 1) /* skip the rest of an unknown UTF-8 sequence */
			while (i + step < n && ((unsigned char)s[i + step] & 0xc0) == 0x80)
				step++;
		i += step;
	}
	out[k] = '\0';
	return k;
}

static void put_email(struct gen *gs, struct line *l, const struct name *given,
		      const struct name *family)
{
	static const char *const domains[] = {"example.com", "example.net", "example.org"};
	char a[64], b[64];
	const char *dom;
	size_t na, nb;

	put(l, ",", 1);
	if (!rng_chance(&gs->rng, 0.72))
		return;
	na = ascii_fold(given->s, given->n, a, sizeof a);
	nb = ascii_fold(family->s, family->n, b, sizeof b);
	if (na == 0 || nb == 0)
		return;
	put(l, a, na);
	put(l, ".", 1);
	put(l, b, nb);
	if (rng_chance(&gs->rng, 0.30))
		putf(l, "%02u", (unsigned)rng_below(&gs->rng, 100));
	put(l, "@", 1);
	dom = domains[rng_below(&gs->rng, 3)];
	put(l, dom, strlen(dom));
}

static void put_phone(struct gen *gs, struct line *l)
{
	unsigned number;
	uint64_t form;

	put(l, ",", 1);
	if (!rng_chance(&gs->rng, 0.68))
		return;
	number = (unsigned)rng_below(&gs->rng, 100000000);
	form = rng_below(&gs->rng, 4);
	if (form < 2)
		putf(l, "06%08u", number);
	else if (form == 2)
		putf(l, "06-%08u", number);
	else
		putf(l, "+31 6 %08u", number);
}

static const char *draw_language(struct gen *gs, enum group g)
{
	int x = (int)rng_below(&gs->rng, 100);

	for (int i = 0; i < 5; i++)
		if (x < language_cum[g][i])
			return languages[i];
	return languages[0];
}

static enum group draw_group(struct gen *gs)
{
	int x = (int)rng_below(&gs->rng, 100);

	for (int g = 0; g < G_COUNT; g++) {
		if (x < group_pct[g])
			return (enum group)g;
		x -= group_pct[g];
	}
	return G_DUTCH;
}

/* Digits of the municipality's postcode band: fixed by its code, not the seed. */
static unsigned postcode_base(const struct gemeente *gm)
{
	uint64_t x = (uint64_t)strtoul(gm->code + 2, NULL, 10) * UINT64_C(0x9e3779b97f4a7c15);

	return 1000u + (unsigned)(rng_splitmix64(&x) % 8900u);
}

static void put_postcode(struct gen *gs, struct line *l, const struct gemeente *gm)
{
	unsigned digits = postcode_base(gm) + (unsigned)rng_below(&gs->rng, 100);
	char a, b;

	do {
		a = (char)('A' + rng_below(&gs->rng, 26));
		b = (char)('A' + rng_below(&gs->rng, 26));
	} while (a == 'S' && (b == 'A' || b == 'D' || b == 'S'));
	putf(l, ",%04u %c%c", digits, a, b);
}

static void put_house_number(struct gen *gs, struct line *l)
{
	double u = rng_double(&gs->rng);
	unsigned n = 1 + (unsigned)(300.0 * u * u);

	putf(l, ",%u", n > 300 ? 300 : n);
	if (rng_chance(&gs->rng, 0.12))
		putf(l, "%c", (char)('A' + rng_below(&gs->rng, 4)));
}

static const struct name *pick_name(struct gen *gs, const struct namelist *nl)
{
	return &nl->v[rng_below(&gs->rng, nl->n)];
}

static void put_given_names(struct gen *gs, struct line *l, const struct namelist *list,
			    const struct name **first)
{
	const struct name *chosen[3];
	uint64_t x = rng_below(&gs->rng, 100);
	int k = x < 55 ? 1 : x < 90 ? 2 : 3;
	char buf[512];
	size_t n = 0;

	for (int i = 0; i < k; i++) {
		const struct name *nm;
		bool again;
		int tries = 0;
		do {
			nm = pick_name(gs, list);
			again = false;
			for (int j = 0; j < i; j++)
				again = again || chosen[j] == nm;
		} while (again && ++tries < 10);
		chosen[i] = nm;
		if (n + nm->n + 1 >= sizeof buf)
			break;
		if (i > 0)
			buf[n++] = ' ';
		memcpy(buf + n, nm->s, nm->n);
		n += nm->n;
	}
	*first = chosen[0];
	put_cell(l, buf, n, false);
}

/* ---- rows ---------------------------------------------------------------- */

static int write_row(struct gen *gs, FILE *out, char *err, size_t errcap)
{
	struct line l = {.n = 0, .overflow = false};
	char bsn[10];
	const struct gemeente *gm;
	const struct name *family, *given;
	enum group fam_group, given_group;
	enum band band;
	int age, months, female;
	cdate end, start, birth;
	int64_t wage;

	if (next_bsn(gs, bsn) != 0) {
		set_err(err, errcap, "ran out of synthetic BSNs");
		return -1;
	}
	gm = pick_gemeente(gs);
	band = draw_band(gs);
	/* A person whose right is too short for the band is drawn again. */
	for (int tries = 0;; tries++) {
		age = draw_age(gs);
		months = draw_months(gs, age);
		if (months >= band_min_months[band] || tries == 100)
			break;
	}
	if (months < band_min_months[band])
		months = band_min_months[band];
	end = draw_end(gs, band, months);
	start = date_add_months(date_add_days(end, 1), -months);
	end = ww_end_from_months(start, months);
	birth = date_add_days(date_add_months(start, -12 * age), -(int)rng_below(&gs->rng, 365));
	wage = draw_wage_cents(gs, age);
	fam_group = draw_group(gs);
	given_group = rng_chance(&gs->rng, 0.10) ? draw_group(gs) : fam_group;
	female = rng_chance(&gs->rng, 0.5);

	put(&l, bsn, 9);
	family = pick_name(gs, &gs->family[fam_group]);
	put_cell(&l, family->s, family->n, false);
	put_given_names(gs, &l, &gs->given[given_group][female ? 0 : 1], &given);
	put_date(&l, birth);
	put(&l, ",", 1);
	put(&l, gm->code, GEMEENTE_CODE_SIZE - 1);
	put_postcode(gs, &l, gm);
	put_house_number(gs, &l);
	put_date(&l, start);
	put_date(&l, end);
	putf(&l, ",%lld.%02lld", (long long)(wage / 100), (long long)(wage % 100));
	put_email(gs, &l, given, family);
	put_phone(gs, &l);
	put(&l, ",", 1);
	put(&l, draw_language(gs, fam_group), 2);
	put(&l, "\n", 1);
	if (l.overflow) {
		set_err(err, errcap, "row too long");
		return -1;
	}
	if (fwrite(l.b, 1, l.n, out) != l.n) {
		set_err(err, errcap, "write error");
		return -1;
	}
	return 0;
}

int gen_ww_csv(FILE *out, const struct gen_ww_opts *o, const struct gemeenten *g, char *err,
	       size_t errcap)
{
	struct gen gs;
	uint64_t kx;
	int y, m, d;
	int rc = -1;

	memset(&gs, 0, sizeof gs);
	if (!out || !o || !g) {
		set_err(err, errcap, "missing output, options or municipality table");
		goto cleanup;
	}
	if (o->count < 0 || o->count > GEN_WW_COUNT_MAX) {
		set_err(err, errcap, "count must be 0 .. %ld", GEN_WW_COUNT_MAX);
		goto cleanup;
	}
	date_to_ymd(o->date, &y, &m, &d);
	/* Birth dates reach 67 years back, end dates 24 months ahead. */
	if (y < DATE_PARSE_YEAR_MIN + 70 || y > DATE_PARSE_YEAR_MAX - 3) {
		set_err(err, errcap, "reference date out of range");
		goto cleanup;
	}
	if (g->n == 0 || !g->rows) {
		set_err(err, errcap, "the municipality table is empty");
		goto cleanup;
	}
	if (o->n_gemeenten > 0 && !o->gemeenten) {
		set_err(err, errcap, "municipality list missing");
		goto cleanup;
	}
	if (setup_gemeenten(&gs, o, g, err, errcap) != 0)
		goto cleanup;
	if (load_names(&gs, "data/names/family.txt", false, err, errcap) != 0)
		goto cleanup;
	if (load_names(&gs, "data/names/given.txt", true, err, errcap) != 0)
		goto cleanup;
	rng_seed(&gs.rng, o->seed);
	kx = o->seed ^ UINT64_C(0x42534e2d6b657973); /* a separate stream for the BSN keys */
	for (int i = 0; i < FEISTEL_ROUNDS; i++)
		gs.feistel_key[i] = rng_splitmix64(&kx);
	gs.d = o->date;
	gs.d_year = y;

	if (fputs(HEADER, out) == EOF) {
		set_err(err, errcap, "write error");
		goto cleanup;
	}
	for (long i = 0; i < o->count; i++)
		if (write_row(&gs, out, err, errcap) != 0)
			goto cleanup;
	if (fflush(out) != 0 || ferror(out)) {
		set_err(err, errcap, "write error");
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(gs.gm);
	free(gs.cum);
	for (int i = 0; i < G_COUNT; i++) {
		free(gs.family[i].v);
		free(gs.given[i][0].v);
		free(gs.given[i][1].v);
	}
	return rc;
}
