/* Tests for the route use cases (app/route.h) on a fresh SQLite database:
 * every read and write decided by access_decide() and audited, denials
 * audited as "denied", consent records and their checks, the person search
 * that never tells "unknown" from "not yours". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app_fixture.h"
#include "app/route.h"

#define BSN "111222333"

struct fx {
	struct app_fx x;
	int64_t route;
};

static int seed(struct app *a, void *cls)
{
	struct fx *f = cls;
	struct store *s = a->store;
	struct store_org uwv = {
		.code = "UWV-A", .name = "UWV A", .kind = ORG_UWV, .window_months = 3};
	struct store_person p = {.family_name = "Visser",
				 .given_names = "Eva",
				 .birth_date = date_from_ymd(1985, 3, 2),
				 .postcode = "2011 AB",
				 .house_number = "3",
				 .gemeente = "GM0363"};
	int64_t person = 0, benefit = 0;
	enum ww_change ch;
	cdate old;
	pii_bsn_index(&a->keys, BSN, p.bsn_index);
	pii_bsn_encrypt(&a->keys, BSN, p.bsn_enc, &p.bsn_enc_len);
	if (s->ops->insert_org(s, &uwv) < 0 || s->ops->upsert_person(s, &p, &person) < 0)
		return STORE_HARD;
	struct store_ww w = {person, "UWV-A", date_from_ymd(2025, 6, 1), date_from_ymd(2027, 1, 15),
			     -1,     0};
	if (s->ops->upsert_ww(s, &w, &benefit, &ch, &old) < 0)
		return STORE_HARD;
	struct store_route r = {benefit,   person,      "UWV-A",
				"GM0363",  "signalled", date_from_ymd(2026, 11, 30),
				1795000000};
	return s->ops->insert_route(s, &r, &f->route);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f || app_fx_open(&f->x, "route", "cli:test") != 0 || app_tx(&f->x.a, seed, f) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_fx_close(&f->x);
	free(f);
	return 0;
}

static struct principal as(const char *role, const char *org, enum org_kind kind)
{
	struct principal p = {.via = PRINCIPAL_TOKEN, .user_id = 9, .org_kind = kind};
	snprintf(p.role, sizeof p.role, "%s", role);
	snprintf(p.org, sizeof p.org, "%s", org);
	return p;
}

/* The newest audit event. */
struct last_event {
	char action[32], outcome[16], object_id[24], org[40];
	int n;
};

static int keep_last(void *cls, const struct store_audit *ev)
{
	struct last_event *l = cls;
	snprintf(l->action, sizeof l->action, "%s", ev->action);
	snprintf(l->outcome, sizeof l->outcome, "%s", ev->outcome);
	snprintf(l->object_id, sizeof l->object_id, "%s", ev->object_id);
	snprintf(l->org, sizeof l->org, "%s", ev->org ? ev->org : "");
	l->n++;
	return 0;
}

static struct last_event last_audit(struct app *a)
{
	struct last_event l = {0};
	char err[128];
	assert_int_equal(app_audit_export(a, NULL, NULL, keep_last, &l, err, sizeof err), APP_OK);
	return l;
}

struct seen {
	int routes, events;
	char phase[32];
};

static int on_route(void *cls, const struct store_route_view *v)
{
	struct seen *s = cls;
	s->routes++;
	s->events = 0;
	snprintf(s->phase, sizeof s->phase, "%s", v->phase);
	return 0;
}

static int on_event(void *cls, const struct store_event_row *e)
{
	(void)e;
	((struct seen *)cls)->events++;
	return 0;
}

static int get(struct fx *f, struct seen *s)
{
	char err[128];
	memset(s, 0, sizeof *s);
	struct route_read rd = {on_route, on_event, s, 0, 50};
	return app_route_get(&f->x.a, f->route, &rd, err, sizeof err);
}

static void route_read_decided_and_audited(void **state)
{
	struct fx *f = *state;
	struct seen s;
	char err[128];
	struct principal adv = as("uwv-adviseur", "UWV-A", ORG_UWV);
	f->x.a.who = &adv;
	assert_int_equal(get(f, &s), APP_OK);
	assert_int_equal(s.routes, 1);
	assert_string_equal(s.phase, "signalled");
	struct last_event l = last_audit(&f->x.a);
	assert_string_equal(l.action, "read_route");
	assert_string_equal(l.outcome, "allowed");
	assert_string_equal(l.org, "UWV-A");

	/* The municipality: denied, audited, and nothing handed out. */
	struct principal km = as("klantmanager", "GM0363", ORG_GEMEENTE);
	f->x.a.who = &km;
	assert_int_equal(get(f, &s), APP_DENIED);
	assert_int_equal(s.routes, 0);
	l = last_audit(&f->x.a);
	assert_string_equal(l.action, "read_person");
	assert_string_equal(l.outcome, "denied");
	assert_string_equal(l.org, "GM0363");

	/* After the person's consent (recorded on the command line). */
	f->x.a.who = NULL;
	struct consent_in in = {
		.route_id = f->route, .purpose = "warme overdracht", .source = "rsvp"};
	int64_t cid = 0;
	assert_int_equal(app_consent_add(&f->x.a, &in, &cid, err, sizeof err), APP_OK);
	assert_true(cid > 0);
	f->x.a.who = &km;
	assert_int_equal(get(f, &s), APP_OK);
	/* Another municipality still may not. */
	struct principal other = as("klantmanager", "GM0599", ORG_GEMEENTE);
	f->x.a.who = &other;
	assert_int_equal(get(f, &s), APP_DENIED);

	/* No such route; a limit out of range. */
	f->x.a.who = &adv;
	struct route_read rd = {on_route, on_event, &s, 0, 50};
	assert_int_equal(app_route_get(&f->x.a, f->route + 100, &rd, err, sizeof err),
			 APP_NOT_FOUND);
	rd.limit = 0;
	assert_int_equal(app_route_get(&f->x.a, f->route, &rd, err, sizeof err), APP_INVALID);
	rd.limit = ROUTE_EVENTS_MAX + 1;
	assert_int_equal(app_route_get(&f->x.a, f->route, &rd, err, sizeof err), APP_INVALID);
	f->x.a.who = NULL;
}

static void consent_checks(void **state)
{
	struct fx *f = *state;
	char err[128];
	int64_t id;
	struct consent_in ok = {.route_id = f->route, .purpose = "doel", .source = "api"};
	struct consent_in c = ok;
	c.purpose = "";
	assert_int_equal(app_consent_add(&f->x.a, &c, &id, err, sizeof err), APP_INVALID);
	c = ok;
	c.source = "0123456789012345678901234567890123";
	assert_int_equal(app_consent_add(&f->x.a, &c, &id, err, sizeof err), APP_INVALID);
	c = ok;
	c.given_at = 1800000000;
	c.expires_at = 1800000000;
	assert_int_equal(app_consent_add(&f->x.a, &c, &id, err, sizeof err), APP_INVALID);
	c = ok;
	c.to_org = "UWV-A"; /* the owner itself, and not a municipality */
	assert_int_equal(app_consent_add(&f->x.a, &c, &id, err, sizeof err), APP_INVALID);
	c.to_org = "GM9999";
	assert_int_equal(app_consent_add(&f->x.a, &c, &id, err, sizeof err), APP_INVALID);
	c = ok;
	c.route_id = f->route + 100;
	assert_int_equal(app_consent_add(&f->x.a, &c, &id, err, sizeof err), APP_NOT_FOUND);
	/* Only the owning team's advisers record consent. */
	struct principal km = as("klantmanager", "GM0363", ORG_GEMEENTE);
	struct principal adv_b = as("uwv-adviseur", "UWV-B", ORG_UWV);
	struct principal adv = as("uwv-adviseur", "UWV-A", ORG_UWV);
	f->x.a.who = &km;
	assert_int_equal(app_consent_add(&f->x.a, &ok, &id, err, sizeof err), APP_DENIED);
	f->x.a.who = &adv_b;
	assert_int_equal(app_consent_add(&f->x.a, &ok, &id, err, sizeof err), APP_DENIED);
	assert_string_equal(last_audit(&f->x.a).outcome, "denied");
	f->x.a.who = &adv;
	c = ok;
	c.to_org = "GM0599";
	assert_int_equal(app_consent_add(&f->x.a, &c, &id, err, sizeof err), APP_OK);
	struct last_event l = last_audit(&f->x.a);
	assert_string_equal(l.action, "add_consent");
	assert_string_equal(l.outcome, "allowed");
	f->x.a.who = NULL;
}

static void route_changes(void **state)
{
	struct fx *f = *state;
	char err[128], long_note[ROUTE_NOTE_MAX + 2];
	const char *kind = NULL;
	struct route_change both = {.note = "x", .phase = "invited"}, none = {0};
	assert_int_equal(app_route_change(&f->x.a, f->route, &both, &kind, err, sizeof err),
			 APP_INVALID);
	assert_int_equal(app_route_change(&f->x.a, f->route, &none, &kind, err, sizeof err),
			 APP_INVALID);
	struct route_change bad = {.phase = "done"};
	assert_int_equal(app_route_change(&f->x.a, f->route, &bad, &kind, err, sizeof err),
			 APP_INVALID);
	memset(long_note, 'a', sizeof long_note - 1);
	long_note[sizeof long_note - 1] = '\0';
	struct route_change big = {.note = long_note};
	assert_int_equal(app_route_change(&f->x.a, f->route, &big, &kind, err, sizeof err),
			 APP_INVALID);
	struct route_change ph = {.phase = "invited"};
	assert_int_equal(app_route_change(&f->x.a, f->route, &ph, &kind, err, sizeof err), APP_OK);
	assert_string_equal(kind, "phase_changed");
	struct route_change note = {.note = "gebeld, komt naar de bijeenkomst"};
	assert_int_equal(app_route_change(&f->x.a, f->route, &note, &kind, err, sizeof err),
			 APP_OK);
	assert_string_equal(kind, "note");
	struct seen s;
	assert_int_equal(get(f, &s), APP_OK);
	assert_string_equal(s.phase, "invited");
	assert_int_equal(s.events, 2);
	/* beheer reads but does not write. */
	struct principal beheer = as("beheer", "UWV-A", ORG_UWV);
	f->x.a.who = &beheer;
	assert_int_equal(app_route_change(&f->x.a, f->route, &note, &kind, err, sizeof err),
			 APP_DENIED);
	assert_int_equal(get(f, &s), APP_OK);
	assert_int_equal(s.events, 2);
	f->x.a.who = NULL;
}

static void person_search(void **state)
{
	struct fx *f = *state;
	char err[128];
	int64_t person = 0, route = 0;
	struct principal adv = as("uwv-adviseur", "UWV-A", ORG_UWV);
	struct principal km = as("klantmanager", "GM0363", ORG_GEMEENTE);
	struct principal beleid = as("beleid", "GM0363", ORG_GEMEENTE);
	f->x.a.who = &adv;
	assert_int_equal(app_person_find(&f->x.a, "123456789", &person, &route, err, sizeof err),
			 APP_INVALID);
	assert_int_equal(app_person_find(&f->x.a, "123456782", &person, &route, err, sizeof err),
			 APP_NOT_FOUND);
	assert_int_equal(app_person_find(&f->x.a, BSN, &person, &route, err, sizeof err), APP_OK);
	assert_int_equal(route, f->route);
	struct last_event l = last_audit(&f->x.a);
	assert_string_equal(l.action, "search_person");
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)person);
	assert_string_equal(l.object_id, id);
	/* Known but not visible: answered as unknown, audited as a denial. */
	f->x.a.who = &km;
	int before = last_audit(&f->x.a).n;
	assert_int_equal(app_person_find(&f->x.a, BSN, &person, &route, err, sizeof err),
			 APP_NOT_FOUND);
	l = last_audit(&f->x.a);
	assert_int_equal(l.n, before + 1);
	assert_string_equal(l.outcome, "denied");
	/* An unknown BSN leaves no denial. */
	assert_int_equal(app_person_find(&f->x.a, "123456782", &person, &route, err, sizeof err),
			 APP_NOT_FOUND);
	assert_int_equal(last_audit(&f->x.a).n, before + 1);
	/* A role that searches no one. */
	f->x.a.who = &beleid;
	assert_int_equal(app_person_find(&f->x.a, BSN, &person, &route, err, sizeof err),
			 APP_DENIED);
	f->x.a.who = NULL;
}

static void token_principal(void **state)
{
	struct fx *f = *state;
	char err[128], token[ACCOUNT_TOKEN_LEN + 1];
	struct principal p;
	assert_int_equal(app_user_add(&f->x.a, "UWV-A", "uwv-adviseur", "A.Smit@uwv.nl",
				      "een-lang-wachtwoord", NULL, err, sizeof err),
			 APP_OK);
	assert_int_equal(app_token_add(&f->x.a, "a.smit@uwv.nl", token, err, sizeof err), APP_OK);
	assert_int_equal(app_token_principal(&f->x.a, token, &p), APP_OK);
	assert_int_equal(p.via, PRINCIPAL_TOKEN);
	assert_string_equal(p.org, "UWV-A");
	assert_int_equal(p.org_kind, ORG_UWV);
	assert_string_equal(p.role, "uwv-adviseur");
	assert_string_equal(p.email, "a.smit@uwv.nl");
	assert_true(p.user_id > 0);
	char other[ACCOUNT_TOKEN_LEN + 1];
	memcpy(other, token, sizeof other);
	other[20] = other[20] == 'a' ? 'b' : 'a';
	assert_int_equal(app_token_principal(&f->x.a, other, &p), APP_INVALID);
	assert_string_equal(p.role, ""); /* nothing left behind */
	assert_int_equal(app_token_principal(&f->x.a, "ovs_short", &p), APP_INVALID);
	token[10] = '!';
	assert_int_equal(app_token_principal(&f->x.a, token, &p), APP_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(route_read_decided_and_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(consent_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(route_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(person_search, setup, teardown),
		cmocka_unit_test_setup_teardown(token_principal, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
