/* Atw holidays as a dated rule table, and working-day arithmetic (holiday.h).
 *
 * Legal basis: Algemene termijnenwet (Atw, Wet van 25 juli 1964, Stb. 1964,
 * 314, in force 1 April 1965), art. 3(1): "de Nieuwjaarsdag, de Christelijke
 * tweede Paas- en Pinksterdag, de beide Kerstdagen, de Hemelvaartsdag, de dag
 * waarop de verjaardag van de Koning wordt gevierd en de vijfde mei"; art.
 * 3(2): Goede Vrijdag is treated the same. Text as quoted by
 * https://www.juridischwoordenboek.nl/zoek/Algemene+Termijnenwet+(ATW) and
 * https://staatsrechtpraktijk.nl/nieuwjaarsdag-en-kerstmis-in-het-staatsrecht/
 *
 * The table is checked for 1990 onward (tests/unit/test_holiday.c). Rows
 * start at the year the rule started where that was found; validity is per
 * calendar year, so the 1965 rows also cover January-March 1965, before the
 * Atw came into force. Not found, and therefore not claimed: the year Goede
 * Vrijdag (art. 3(2)) and 5 May (art. 3(1), amendment bill of 18 June 1981)
 * entered the Atw, so those rows start at 1990, the first year checked.
 *
 * Not in the table: days made equal to a holiday by royal decree under art.
 * 3(3) (e.g. the Friday after Ascension; "Besluit gelijkstelling van 2 januari
 * 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028"). They are
 * decided every few years and belong in a data file, not in this table, so
 * workday_is() counts them as working days for now.
 *
 * When two rules give the same day (Hemelvaartsdag on 5 May, as in 2016), the
 * first row in table order names it. */
#include "core/holiday.h"

#include <stddef.h>

enum rule_kind {
	RULE_FIXED,  /* the same month and day every year */
	RULE_EASTER, /* a number of days from Easter Sunday */
	RULE_ROYAL,  /* month and day, moved by sunday_shift days when that is a Sunday */
};

struct holiday_rule {
	enum rule_kind kind;
	int month, day;    /* RULE_FIXED, RULE_ROYAL */
	int easter_offset; /* RULE_EASTER: days after (+) or before (-) Easter Sunday */
	int sunday_shift;  /* RULE_ROYAL: -1 = the Saturday before, +1 = the Monday after */
	int from;          /* first year the rule applies */
	int until;         /* last year it applies, or 0 while it still does */
	const char *name;  /* Dutch name */
};

/* One row per rule, fields in struct order: kind, month, day, easter_offset,
 * sunday_shift, from, until, name. Kept as a table by hand: clang-format
 * would spread each row over seven lines. */
/* clang-format off */
static const struct holiday_rule rules[] = {
	/* kind       mo  dy east sun  from until  name */

	/* Atw art. 3(1). */
	{RULE_FIXED,   1,  1,   0,  0, 1965,    0, "Nieuwjaarsdag"},

	/* Atw art. 3(2); from-year not found, see the file comment. */
	{RULE_EASTER,  0,  0,  -2,  0, 1990,    0, "Goede Vrijdag"},

	/* Atw art. 3(1), "de Christelijke tweede Paasdag". */
	{RULE_EASTER,  0,  0,   1,  0, 1965,    0, "Tweede Paasdag"},

	/* Queen Juliana, 30 April. Custom, not a decree: moved to Monday 1 May
	 * when 30 April was a Sunday ("Tot 1980 ... op maandag 1 mei",
	 * https://overzicht-feestdagen.nl/feestdagen/Koningsdag.html). Not checked
	 * against the Atw wording of that time; outside the checked range. */
	{RULE_ROYAL,   4, 30,   0, +1, 1965, 1979, "Koninginnedag"},

	/* KB 24 april 1980, nr. 11 (BWBR0031338, in force 19-05-1980 to
	 * 31-12-2013): "Behoudens uitzonderingen in verband met zondagen, de
	 * dertigste april". The exception in practice was the Saturday before
	 * ("Sinds 1980 wordt het wanneer Koninginnedag op een zondag valt
	 * (bijvoorbeeld in 2006), de dag ervoor op zaterdag gevierd",
	 * overzicht-feestdagen.nl; 2006 was celebrated on Saturday 29 April per
	 * the RVD announcement quoted at
	 * theroyalforums.com/forums/printthread.php?t=8407). So 29 April in 1989,
	 * 1995, 2000 and 2006. 1980 (Wed 30 April) is the same under either rule. */
	{RULE_ROYAL,   4, 30,   0, -1, 1980, 2013, "Koninginnedag"},

	/* KB 30 januari 2013, nr. 13.000173 (Stcrt. 2013, 4075; BWBR0032908), in
	 * force 1-1-2014: "de zevenentwintigste april ... behoudens uitzonderingen
	 * in verband met zondagen"; on a Sunday the day before (koninklijkhuis.nl:
	 * "Als 27 april op een zondag valt, wordt Koningsdag de dag ervoor
	 * gevierd"). */
	{RULE_ROYAL,   4, 27,   0, -1, 2014,    0, "Koningsdag"},

	/* Atw art. 3(1), "de vijfde mei": every year for terms (a paid day off
	 * only in lustrum years is a CAO matter). From-year not found, see the
	 * file comment. */
	{RULE_FIXED,   5,  5,   0,  0, 1990,    0, "Bevrijdingsdag"},

	/* Atw art. 3(1). Ascension: the Thursday 39 days after Easter. */
	{RULE_EASTER,  0,  0,  39,  0, 1965,    0, "Hemelvaartsdag"},

	/* Atw art. 3(1). Whit Monday: Pentecost (Easter + 49) + 1. */
	{RULE_EASTER,  0,  0,  50,  0, 1965,    0, "Tweede Pinksterdag"},

	/* Atw art. 3(1), "de beide Kerstdagen". */
	{RULE_FIXED,  12, 25,   0,  0, 1965,    0, "Eerste Kerstdag"},
	{RULE_FIXED,  12, 26,   0,  0, 1965,    0, "Tweede Kerstdag"},
};
/* clang-format on */

#define RULE_COUNT (sizeof rules / sizeof rules[0])

static bool rule_applies(const struct holiday_rule *r, int year)
{
	return year >= r->from && (r->until == 0 || year <= r->until);
}

/* The day rule r gives in year (the rule must apply to that year); easter is
 * Easter Sunday of that year. */
static cdate rule_day(const struct holiday_rule *r, int year, cdate easter)
{
	cdate day;

	switch (r->kind) {
	case RULE_EASTER:
		return date_add_days(easter, r->easter_offset);
	case RULE_ROYAL:
		day = date_from_ymd(year, r->month, r->day);
		if (date_weekday(day) == 7)
			day = date_add_days(day, r->sunday_shift);
		return day;
	case RULE_FIXED:
	default:
		return date_from_ymd(year, r->month, r->day);
	}
}

const char *holiday_atw_name(cdate day)
{
	int year;
	cdate easter = 0;
	bool have_easter = false;

	date_to_ymd(day, &year, NULL, NULL);
	for (size_t i = 0; i < RULE_COUNT; i++) {
		const struct holiday_rule *r = &rules[i];

		if (!rule_applies(r, year))
			continue;
		if (r->kind == RULE_EASTER && !have_easter) {
			easter = date_easter(year);
			have_easter = true;
		}
		if (rule_day(r, year, easter) == day)
			return r->name;
	}
	return NULL;
}

bool workday_is(cdate day)
{
	return date_weekday(day) <= 5 && !holiday_is_atw(day);
}

cdate atw_extend(cdate term_end)
{
	/* Ends: at most a weekend plus a few adjacent holidays lie in the way. */
	while (!workday_is(term_end))
		term_end = date_add_days(term_end, 1);
	return term_end;
}

cdate workdays_add(cdate from, int n)
{
	cdate day = from;

	for (; n > 0; n--) {
		do
			day = date_add_days(day, 1);
		while (!workday_is(day));
	}
	for (; n < 0; n++) {
		do
			day = date_add_days(day, -1);
		while (!workday_is(day));
	}
	return day;
}
