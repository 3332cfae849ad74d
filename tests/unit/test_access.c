/* Tests for access_decide(): every role x own/other organisation (UWV team
 * and municipality) x with/without consent, for each action, against a
 * table written out by hand from the rules in app/access.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/access.h"
#include "app/account.h"

/* Where the principal works. The object is always owned by UWV-A and lives
 * in GM0001. */
enum place { UWV_OWN, UWV_OTHER, GM_OWN, GM_OTHER, N_PLACES };
static const char *const place_org[N_PLACES] = {"UWV-A", "UWV-B", "GM0001", "GM0002"};
static const enum org_kind place_kind[N_PLACES] = {ORG_UWV, ORG_UWV, ORG_GEMEENTE, ORG_GEMEENTE};

static struct principal who(const char *role, enum place pl)
{
	struct principal p = {.via = PRINCIPAL_TOKEN, .user_id = 7, .org_kind = place_kind[pl]};
	snprintf(p.org, sizeof p.org, "%s", place_org[pl]);
	snprintf(p.role, sizeof p.role, "%s", role);
	return p;
}

/* Expected: for each role, the places (with consent c / without n) where
 * the action on the person is allowed, as "UO" (UWV own), "GOc" (gemeente
 * own, with consent), ... written from the rules, not from the code. */
struct expect {
	const char *role;
	const char *read;  /* ACCESS_READ_PERSON */
	const char *write; /* ACCESS_WRITE_ROUTE */
};

static const struct expect person_rules[] = {
	{"uwv-adviseur", "UOc UOn", "UOc UOn"},
	{"klantmanager", "GOc", "GOc"},
	{"intake", "GOc", "GOc"},
	{"werkgeversdienstverlener", "GOc", ""},
	{"partner", "", ""},
	{"beleid", "", ""},
	{"beheer", "UOc UOn", ""},
	{"auditor", "", ""},
};

static bool listed(const char *list, enum place pl, bool consent)
{
	static const char *const code[N_PLACES] = {"UO", "UX", "GO", "GX"};
	char want[8];
	snprintf(want, sizeof want, "%s%c", code[pl], consent ? 'c' : 'n');
	for (const char *p = list; (p = strstr(p, want)) != NULL; p++)
		if ((p == list || p[-1] == ' ') && (p[3] == '\0' || p[3] == ' '))
			return true;
	return false;
}

static void person_matrix(void **state)
{
	size_t n_roles = 0;
	for (; account_roles[n_roles]; n_roles++)
		;
	assert_int_equal(n_roles, sizeof person_rules / sizeof person_rules[0]);
	int checked = 0;
	for (size_t r = 0; r < n_roles; r++) {
		assert_string_equal(person_rules[r].role, account_roles[r]);
		for (int pl = 0; pl < N_PLACES; pl++)
			for (int c = 0; c <= 1; c++) {
				struct principal p = who(account_roles[r], (enum place)pl);
				struct access_object o = {.owner_org = "UWV-A",
							  .gemeente = "GM0001",
							  .consent = c,
							  .org = "UWV-A"};
				bool want_r = listed(person_rules[r].read, (enum place)pl, c);
				bool want_w = listed(person_rules[r].write, (enum place)pl, c);
				if ((access_decide(&p, ACCESS_READ_PERSON, &o) == ACCESS_ALLOW) !=
				    want_r)
					fail_msg("read: %s at %s consent %d", p.role, p.org, c);
				if ((access_decide(&p, ACCESS_WRITE_ROUTE, &o) == ACCESS_ALLOW) !=
				    want_w)
					fail_msg("write: %s at %s consent %d", p.role, p.org, c);
				checked += 2;
			}
	}
	assert_int_equal(checked, 8 * 4 * 2 * 2);
}

/* The actions on organisations: allowed places per role for each. */
struct org_expect {
	enum access_action act;
	const char *role;
	const char *places; /* "UO GO ..." where allowed (the object's org: UWV-A / GM0001) */
};

static const struct org_expect org_rules[] = {
	{ACCESS_ADD_CONSENT, "uwv-adviseur", "UO"}, {ACCESS_RUN_SIGNAL, "uwv-adviseur", "UO"},
	{ACCESS_RUN_SIGNAL, "beheer", "UO"},        {ACCESS_IMPORT, "uwv-adviseur", "UO"},
	{ACCESS_READ_USERS, "beheer", "UO GO"},     {ACCESS_READ_AUDIT, "auditor", "UO UX GO GX"},
};

static bool org_allowed(enum access_action act, const char *role, enum place pl)
{
	static const char *const code[N_PLACES] = {"UO", "UX", "GO", "GX"};
	for (size_t i = 0; i < sizeof org_rules / sizeof org_rules[0]; i++)
		if (org_rules[i].act == act && strcmp(org_rules[i].role, role) == 0)
			return strstr(org_rules[i].places, code[pl]) != NULL;
	return false;
}

static void org_actions(void **state)
{
	const enum access_action acts[] = {ACCESS_ADD_CONSENT, ACCESS_RUN_SIGNAL, ACCESS_IMPORT,
					   ACCESS_READ_USERS, ACCESS_READ_AUDIT};
	for (size_t a = 0; a < sizeof acts / sizeof acts[0]; a++)
		for (size_t r = 0; account_roles[r]; r++)
			for (int pl = 0; pl < N_PLACES; pl++) {
				struct principal p = who(account_roles[r], (enum place)pl);
				/* The object is the principal's "own" org of its kind. */
				struct access_object o = {
					.org = place_kind[pl] == ORG_UWV ? "UWV-A" : "GM0001"};
				bool want = org_allowed(acts[a], p.role, (enum place)pl);
				if ((access_decide(&p, acts[a], &o) == ACCESS_ALLOW) != want)
					fail_msg("%s: %s at %s", access_action_name(acts[a]),
						 p.role, p.org);
			}
}

static void everyone_reads_organisations(void **state)
{
	for (size_t r = 0; account_roles[r]; r++)
		for (int pl = 0; pl < N_PLACES; pl++) {
			struct principal p = who(account_roles[r], (enum place)pl);
			assert_int_equal(access_decide(&p, ACCESS_READ_ORGS, NULL), ACCESS_ALLOW);
		}
	struct principal nobody = {.via = PRINCIPAL_TOKEN};
	assert_int_equal(access_decide(&nobody, ACCESS_READ_ORGS, NULL), ACCESS_DENY);
}

static void search_needs_a_case_role(void **state)
{
	const char *yes[] = {"uwv-adviseur@0", "beheer@0", "klantmanager@2", "intake@2",
			     "werkgeversdienstverlener@2"};
	for (size_t r = 0; account_roles[r]; r++)
		for (int pl = 0; pl < N_PLACES; pl++) {
			struct principal p = who(account_roles[r], (enum place)pl);
			char key[64];
			/* own and other behave alike for a search */
			snprintf(key, sizeof key, "%s@%d", p.role, pl & ~1);
			bool want = false;
			for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
				want = want || strcmp(yes[i], key) == 0;
			if ((access_decide(&p, ACCESS_SEARCH_PERSON, NULL) == ACCESS_ALLOW) != want)
				fail_msg("search: %s at %s", p.role, p.org);
		}
}

static void cli_and_nobody(void **state)
{
	struct principal cli = {.via = PRINCIPAL_CLI};
	struct access_object o = {.owner_org = "UWV-A"};
	for (int a = 0; a < ACCESS_N_ACTIONS; a++)
		assert_int_equal(access_decide(&cli, (enum access_action)a, &o), ACCESS_ALLOW);
	for (int a = 0; a < ACCESS_N_ACTIONS; a++)
		assert_int_equal(access_decide(NULL, (enum access_action)a, &o), ACCESS_DENY);
	/* A role that is not a staff role is denied everything. */
	struct principal odd = who("inwoner", UWV_OWN);
	for (int a = 0; a < ACCESS_N_ACTIONS; a++)
		assert_int_equal(access_decide(&odd, (enum access_action)a, &o), ACCESS_DENY);
	/* An object without an owner is nobody's own. */
	struct principal adv = who("uwv-adviseur", UWV_OWN);
	struct access_object empty = {0};
	assert_int_equal(access_decide(&adv, ACCESS_READ_PERSON, &empty), ACCESS_DENY);
	assert_int_equal(access_decide(&adv, ACCESS_READ_PERSON, NULL), ACCESS_DENY);
}

static void small_counts_and_names(void **state)
{
	char b[8];
	assert_string_equal(access_small_count(0, b, sizeof b), "0");
	assert_string_equal(access_small_count(1, b, sizeof b), "<5");
	assert_string_equal(access_small_count(4, b, sizeof b), "<5");
	assert_string_equal(access_small_count(5, b, sizeof b), "5");
	assert_string_equal(access_small_count(12345, b, sizeof b), "12345");
	for (int a = 0; a < ACCESS_N_ACTIONS; a++)
		assert_string_not_equal(access_action_name((enum access_action)a), "unknown");
	assert_string_equal(access_action_name(ACCESS_N_ACTIONS), "unknown");
	struct principal p = who("beheer", GM_OWN);
	access_actor(&p, b, sizeof b);
	assert_string_equal(b, "user:7");
}

/* Meetings: organised by UWV-A for GM0001, presented with PARTNER-A. For
 * each role, the organisations (of the matching kind) where it may manage,
 * read and read the funnel of the meeting; written from the rules. */
static const struct {
	const char *role;
	const char *manage, *read, *funnel;
} meeting_rules[] = {
	{"uwv-adviseur", "UWV-A", "UWV-A", "UWV-A"},
	{"klantmanager", "", "GM0001", "GM0001"},
	{"intake", "", "GM0001", "GM0001"},
	{"werkgeversdienstverlener", "", "GM0001", "GM0001"},
	{"partner", "", "PARTNER-A", "PARTNER-A"},
	{"beleid", "", "", "UWV-A GM0001 PARTNER-A"},
	{"beheer", "UWV-A", "UWV-A GM0001 PARTNER-A", "UWV-A GM0001 PARTNER-A"},
	{"auditor", "", "", ""},
};

static bool in_list(const char *list, const char *org)
{
	size_t n = strlen(org);
	for (const char *p = list; (p = strstr(p, org)) != NULL; p++)
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

static void meeting_matrix(void **state)
{
	static const char *const orgs[] = {"UWV-A",  "UWV-B",     "GM0001",
					   "GM0002", "PARTNER-A", "PARTNER-B"};
	static const enum org_kind kinds[] = {ORG_UWV,      ORG_UWV,     ORG_GEMEENTE,
					      ORG_GEMEENTE, ORG_PARTNER, ORG_PARTNER};
	static const char *const presenters[] = {"PARTNER-A"};
	struct access_object o = {
		.org = "UWV-A", .gemeente = "GM0001", .presenters = presenters, .n_presenters = 1};
	int allowed = 0;
	for (size_t r = 0; r < sizeof meeting_rules / sizeof meeting_rules[0]; r++)
		for (size_t k = 0; k < sizeof orgs / sizeof orgs[0]; k++) {
			struct principal p = {.via = PRINCIPAL_TOKEN, .org_kind = kinds[k]};
			snprintf(p.org, sizeof p.org, "%s", orgs[k]);
			snprintf(p.role, sizeof p.role, "%s", meeting_rules[r].role);
			const struct {
				enum access_action act;
				const char *list;
			} cases[] = {
				{ACCESS_MANAGE_MEETING, meeting_rules[r].manage},
				{ACCESS_READ_MEETING, meeting_rules[r].read},
				{ACCESS_READ_FUNNEL, meeting_rules[r].funnel},
			};
			for (size_t c = 0; c < 3; c++) {
				bool want = in_list(cases[c].list, orgs[k]);
				allowed += want;
				if ((access_decide(&p, cases[c].act, &o) == ACCESS_ALLOW) != want)
					fail_msg("%s at %s: %s should be %s", p.role, p.org,
						 access_action_name(cases[c].act),
						 want ? "allowed" : "denied");
			}
		}
	assert_int_equal(allowed, 21);
	/* Without presenters only the organiser and the target count. */
	struct access_object bare = {.org = "UWV-A", .gemeente = "GM0001"};
	struct principal p = {.via = PRINCIPAL_TOKEN, .org_kind = ORG_PARTNER};
	snprintf(p.org, sizeof p.org, "PARTNER-A");
	snprintf(p.role, sizeof p.role, "partner");
	assert_int_equal(access_decide(&p, ACCESS_READ_MEETING, &bare), ACCESS_DENY);
	/* Only policy staff see aggregates only; the command line sees all. */
	snprintf(p.role, sizeof p.role, "beleid");
	assert_true(access_aggregates_only(&p));
	snprintf(p.role, sizeof p.role, "beheer");
	assert_false(access_aggregates_only(&p));
	struct principal cli = {.via = PRINCIPAL_CLI};
	snprintf(cli.role, sizeof cli.role, "beleid");
	assert_false(access_aggregates_only(&cli));
	assert_false(access_aggregates_only(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(person_matrix),
		cmocka_unit_test(org_actions),
		cmocka_unit_test(everyone_reads_organisations),
		cmocka_unit_test(search_needs_a_case_role),
		cmocka_unit_test(cli_and_nobody),
		cmocka_unit_test(small_counts_and_names),
		cmocka_unit_test(meeting_matrix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
