/* The store's meeting operations (migration 0004), the same for every
 * backend: run on SQLite, and by tests/run.sh again on PostgreSQL with
 * OVERSTAP_TEST_BACKEND=pg and OVERSTAP_TEST_DB set. As in test_store.c,
 * with OVERSTAP_TEST_DB the suite only adds rows tagged per run (so a shared
 * database works); otherwise each test gets a fresh SQLite file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "store_fixture.h"

struct fx {
	char spec[512];
	bool temp;
	char tag[24];
	char g[STORE_ORG_CODE_MAX + 1], h[STORE_ORG_CODE_MAX + 1], u[STORE_ORG_CODE_MAX + 1];
	struct store *s;
	int persons;
};

static unsigned run_id;
static unsigned test_no;

static void add_org(struct fx *f, char *out, const char *suffix, enum org_kind kind)
{
	struct store_org o = {.kind = kind, .window_months = 3};
	snprintf(o.code, sizeof o.code, "%s-%s", f->tag, suffix);
	snprintf(o.name, sizeof o.name, "Organisatie %s", suffix);
	assert_int_equal(f->s->ops->insert_org(f->s, &o), STORE_ONE);
	snprintf(out, STORE_ORG_CODE_MAX + 1, "%s", o.code);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char err[256] = "";
	if (!f)
		return -1;
	if (store_fx_spec(f->spec, sizeof f->spec, "meet", &f->temp) != 0) {
		free(f);
		return -1;
	}
	snprintf(f->tag, sizeof f->tag, "M%08x%02u", run_id, ++test_no % 100);
	f->s = store_open(f->spec, err, sizeof err);
	if (!f->s) {
		fprintf(stderr, "store_open: %s\n", err);
		free(f);
		return -1;
	}
	add_org(f, f->g, "G", ORG_GEMEENTE);
	add_org(f, f->h, "H", ORG_GEMEENTE);
	add_org(f, f->u, "U", ORG_UWV);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	if (f->temp)
		store_fx_remove(f->spec);
	free(f);
	return 0;
}

/* A person in gemeente with a WW benefit ending on end and its route. */
static int64_t add_route(struct fx *f, const char *gemeente, cdate end)
{
	struct store *s = f->s;
	int n = ++f->persons;
	struct store_person p = {
		.family_name = "Jansen",
		.given_names = "Anna Maria",
		.birth_date = date_from_ymd(1980, 5, 17),
		.postcode = "1234 AB",
		.house_number = "12",
		.gemeente = gemeente,
		.language = "nl",
		.bsn_enc_len = 40,
	};
	size_t t = strlen(f->tag);
	memcpy(p.bsn_index, f->tag, t < 12 ? t : 12);
	p.bsn_index[15] = (unsigned char)n;
	memset(p.bsn_enc, n, p.bsn_enc_len);
	int64_t person = 0, benefit = 0, route = 0;
	assert_int_equal(s->ops->upsert_person(s, &p, &person), STORE_ONE);
	struct store_ww w = {person, f->u, end - 365, end, 5000, 0};
	enum ww_change ch;
	cdate old;
	assert_int_equal(s->ops->upsert_ww(s, &w, &benefit, &ch, &old), STORE_ONE);
	struct store_route r = {benefit, person, f->u, gemeente, "signalled", end - 90, 1700000000};
	assert_int_equal(s->ops->insert_route(s, &r, &route), STORE_ONE);
	return route;
}

static struct store_meeting meeting(const struct fx *f, int64_t at)
{
	struct store_meeting m = {
		.at = at,
		.capacity = 40,
		.ww_end_from = date_from_ymd(2027, 1, 1),
		.ww_end_to = date_from_ymd(2027, 3, 31),
		.variants = 2,
		.seed = -12345,
		.expect_low = 25,
		.expect_high = 50,
		.n_presenters = 2,
		.created_at = 1790000000,
	};
	snprintf(m.org, sizeof m.org, "%s", f->u);
	snprintf(m.location, sizeof m.location, "Stadhuis, zaal 1 (één)");
	snprintf(m.target, sizeof m.target, "%s", f->g);
	snprintf(m.presenters[0], sizeof m.presenters[0], "%s", f->u);
	snprintf(m.presenters[1], sizeof m.presenters[1], "%s", f->g);
	snprintf(m.created_by, sizeof m.created_by, "cli:test");
	return m;
}

static void test_meeting_crud(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	struct store_meeting m = meeting(f, 1796927400), got;
	assert_int_equal(s->ops->insert_meeting(s, &m), STORE_ONE);
	assert_true(m.id > 0);
	assert_int_equal(s->ops->get_meeting(s, m.id, &got), STORE_ONE);
	assert_int_equal(got.id, m.id);
	assert_string_equal(got.org, f->u);
	assert_string_equal(got.target, f->g);
	assert_string_equal(got.location, m.location);
	assert_int_equal(got.at, 1796927400);
	assert_int_equal(got.capacity, 40);
	assert_int_equal(got.ww_end_from, m.ww_end_from);
	assert_int_equal(got.ww_end_to, m.ww_end_to);
	assert_int_equal(got.variants, 2);
	assert_int_equal(got.seed, -12345);
	assert_int_equal(got.expect_low, 25);
	assert_int_equal(got.expect_high, 50);
	assert_false(got.cancelled);
	assert_int_equal(got.revision, 0);
	assert_string_equal(got.created_by, "cli:test");
	assert_int_equal(got.n_presenters, 2);
	/* presenters come back sorted by code: G before U */
	assert_string_equal(got.presenters[0], f->g);
	assert_string_equal(got.presenters[1], f->u);

	got.cancelled = true;
	got.revision = 1;
	got.at += 3600;
	snprintf(got.location, sizeof got.location, "Elders");
	assert_int_equal(s->ops->update_meeting(s, &got), STORE_ONE);
	struct store_meeting again;
	assert_int_equal(s->ops->get_meeting(s, m.id, &again), STORE_ONE);
	assert_true(again.cancelled);
	assert_int_equal(again.revision, 1);
	assert_int_equal(again.at, 1796927400 + 3600);
	assert_string_equal(again.location, "Elders");

	/* no expected range: both 0, stored as NULL */
	struct store_meeting plain = meeting(f, 1796927400);
	plain.expect_low = plain.expect_high = 0;
	plain.n_presenters = 0;
	assert_int_equal(s->ops->insert_meeting(s, &plain), STORE_ONE);
	assert_int_equal(s->ops->get_meeting(s, plain.id, &got), STORE_ONE);
	assert_int_equal(got.expect_low, 0);
	assert_int_equal(got.expect_high, 0);
	assert_int_equal(got.n_presenters, 0);

	/* unknown id */
	assert_int_equal(s->ops->get_meeting(s, m.id + 1000000, &got), STORE_NONE);
	again.id = m.id + 1000000;
	assert_int_equal(s->ops->update_meeting(s, &again), STORE_NONE);

	/* constraints: capacity, range, unknown organisation, unterminated text */
	struct store_meeting bad = meeting(f, 1);
	bad.capacity = 0;
	assert_true(s->ops->insert_meeting(s, &bad) < 0);
	bad = meeting(f, 1);
	bad.ww_end_to = bad.ww_end_from - 1;
	assert_true(s->ops->insert_meeting(s, &bad) < 0);
	bad = meeting(f, 1);
	snprintf(bad.target, sizeof bad.target, "%s-NOPE", f->tag);
	assert_true(s->ops->insert_meeting(s, &bad) < 0);
	bad = meeting(f, 1);
	bad.expect_low = 60;
	assert_true(s->ops->insert_meeting(s, &bad) < 0);
	bad = meeting(f, 1);
	memset(bad.location, 'x', sizeof bad.location);
	assert_true(s->ops->insert_meeting(s, &bad) < 0);
}

struct seen {
	int n;
	int64_t ids[16];
	char text[16][80];
	char variant[16];
};

static int see_meeting(void *cls, const struct store_meeting *m)
{
	struct seen *sn = cls;
	if (sn->n < 16)
		sn->ids[sn->n] = m->id;
	sn->n++;
	return 0;
}

static void test_iterate_meetings(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	struct store_meeting late = meeting(f, 2000), early = meeting(f, 1000),
			     other = meeting(f, 1500);
	snprintf(other.org, sizeof other.org, "%s", f->h); /* organised by H for G */
	assert_int_equal(s->ops->insert_meeting(s, &late), STORE_ONE);
	assert_int_equal(s->ops->insert_meeting(s, &early), STORE_ONE);
	assert_int_equal(s->ops->insert_meeting(s, &other), STORE_ONE);
	struct seen sn = {0};
	assert_int_equal(s->ops->iterate_meetings(s, f->u, INT64_MIN, INT64_MAX, see_meeting, &sn),
			 STORE_ONE);
	assert_int_equal(sn.n, 2); /* by organiser */
	assert_int_equal(sn.ids[0], early.id);
	assert_int_equal(sn.ids[1], late.id);
	memset(&sn, 0, sizeof sn);
	assert_int_equal(s->ops->iterate_meetings(s, f->g, INT64_MIN, INT64_MAX, see_meeting, &sn),
			 STORE_ONE);
	assert_int_equal(sn.n, 3); /* by target: ordered by start */
	assert_int_equal(sn.ids[1], other.id);
	memset(&sn, 0, sizeof sn);
	assert_int_equal(s->ops->iterate_meetings(s, f->g, 1001, 2000, see_meeting, &sn),
			 STORE_ONE);
	assert_int_equal(sn.n, 2); /* bounds included */
	memset(&sn, 0, sizeof sn);
	assert_int_equal(s->ops->iterate_meetings(s, f->h, 1501, 2000, see_meeting, &sn),
			 STORE_NONE);
}

static int see_target(void *cls, const struct store_target *t)
{
	struct seen *sn = cls;
	if (sn->n < 16) {
		sn->ids[sn->n] = t->route_id;
		snprintf(sn->text[sn->n], sizeof sn->text[0], "%s", t->gemeente);
	}
	sn->n++;
	return 0;
}

static int see_invitee(void *cls, const struct store_invitee *iv)
{
	struct seen *sn = cls;
	if (sn->n < 16) {
		sn->ids[sn->n] = iv->inv.id;
		snprintf(sn->text[sn->n], sizeof sn->text[0], "%s %s %s", iv->given_names,
			 store_response_name((int)iv->inv.response), iv->route_org);
		sn->variant[sn->n] = iv->inv.variant;
	}
	sn->n++;
	return 0;
}

static int stop_at_first(void *cls, const struct store_invitee *iv)
{
	(void)cls;
	(void)iv;
	return 7;
}

static void code_index(struct fx *f, int n, unsigned char out[STORE_CODE_INDEX_SIZE])
{
	memset(out, 0, STORE_CODE_INDEX_SIZE);
	memcpy(out, f->tag, strlen(f->tag) < 12 ? strlen(f->tag) : 12);
	out[15] = (unsigned char)n;
}

static void test_targets_and_invitations(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	struct store_meeting m = meeting(f, 1796927400);
	assert_int_equal(s->ops->insert_meeting(s, &m), STORE_ONE);
	int64_t r_in1 = add_route(f, f->g, date_from_ymd(2027, 1, 1));  /* first day: in */
	int64_t r_in2 = add_route(f, f->g, date_from_ymd(2027, 3, 31)); /* last day: in */
	add_route(f, f->g, date_from_ymd(2026, 12, 31));                /* before: out */
	add_route(f, f->g, date_from_ymd(2027, 4, 1));                  /* after: out */
	add_route(f, f->h, date_from_ymd(2027, 2, 1));                  /* elsewhere: out */

	struct seen sn = {0};
	assert_int_equal(s->ops->iterate_meeting_targets(s, m.id, see_target, &sn), STORE_ONE);
	assert_int_equal(sn.n, 2);
	assert_int_equal(sn.ids[0], r_in1);
	assert_int_equal(sn.ids[1], r_in2);
	assert_string_equal(sn.text[0], f->g);

	struct store_invitation iv = {
		.meeting_id = m.id, .route_id = r_in1, .variant = 'B', .created_at = 1790000001};
	snprintf(iv.gemeente, sizeof iv.gemeente, "%s", f->g);
	code_index(f, 1, iv.code_index);
	assert_int_equal(s->ops->insert_invitation(s, &iv), STORE_ONE);
	assert_true(iv.id > 0);
	/* the same route again: nothing (idempotent invite) */
	struct store_invitation dup = iv;
	code_index(f, 2, dup.code_index);
	assert_int_equal(s->ops->insert_invitation(s, &dup), STORE_NONE);
	/* another route with a code index already taken: an error */
	dup.route_id = r_in2;
	code_index(f, 1, dup.code_index);
	assert_true(s->ops->insert_invitation(s, &dup) < 0);

	memset(&sn, 0, sizeof sn);
	assert_int_equal(s->ops->iterate_meeting_targets(s, m.id, see_target, &sn), STORE_ONE);
	assert_int_equal(sn.n, 1);
	assert_int_equal(sn.ids[0], r_in2);

	memset(&sn, 0, sizeof sn);
	assert_int_equal(s->ops->iterate_invitations(s, m.id, NULL, see_invitee, &sn), STORE_ONE);
	assert_int_equal(sn.n, 1);
	assert_int_equal(sn.ids[0], iv.id);
	assert_int_equal(sn.variant[0], 'B');
	char want[80];
	snprintf(want, sizeof want, "Anna Maria none %s", f->u);
	assert_string_equal(sn.text[0], want);

	/* by code */
	unsigned char idx[STORE_CODE_INDEX_SIZE];
	code_index(f, 1, idx);
	memset(&sn, 0, sizeof sn);
	assert_int_equal(s->ops->iterate_invitations(s, 0, idx, see_invitee, &sn), STORE_ONE);
	assert_int_equal(sn.n, 1);
	code_index(f, 9, idx);
	assert_int_equal(s->ops->iterate_invitations(s, 0, idx, see_invitee, &sn), STORE_NONE);
	assert_int_equal(s->ops->iterate_invitations(s, m.id, NULL, stop_at_first, NULL), 7);

	/* answer and attendance */
	int64_t n = -1;
	assert_int_equal(s->ops->count_responses(s, m.id, RESPONSE_ACCEPTED, &n), STORE_ONE);
	assert_int_equal(n, 0);
	iv.response = RESPONSE_ACCEPTED;
	iv.responded_at = 1790000100;
	iv.attended_at = 1790000200;
	assert_int_equal(s->ops->update_invitation(s, &iv), STORE_ONE);
	assert_int_equal(s->ops->count_responses(s, m.id, RESPONSE_ACCEPTED, &n), STORE_ONE);
	assert_int_equal(n, 1);
	assert_int_equal(s->ops->count_responses(s, m.id, RESPONSE_NONE, &n), STORE_ONE);
	assert_int_equal(n, 0);
	memset(&sn, 0, sizeof sn);
	assert_int_equal(s->ops->iterate_invitations(s, m.id, NULL, see_invitee, &sn), STORE_ONE);
	snprintf(want, sizeof want, "Anna Maria accepted %s", f->u);
	assert_string_equal(sn.text[0], want);
	iv.response = (enum store_response)9;
	assert_true(s->ops->update_invitation(s, &iv) < 0);
	iv.response = RESPONSE_DECLINED;
	iv.id += 1000000;
	assert_int_equal(s->ops->update_invitation(s, &iv), STORE_NONE);
}

struct ev_seen {
	int n;
	char kinds[8][24];
	int64_t inv[8];
	char variant[8];
	char gemeente[8][40];
};

static int see_event(void *cls, const struct store_meeting_event *e)
{
	struct ev_seen *sn = cls;
	if (sn->n < 8) {
		snprintf(sn->kinds[sn->n], sizeof sn->kinds[0], "%s", e->kind);
		sn->inv[sn->n] = e->invitation_id;
		sn->variant[sn->n] = e->variant;
		snprintf(sn->gemeente[sn->n], sizeof sn->gemeente[0], "%s", e->gemeente);
	}
	sn->n++;
	return 0;
}

static void test_meeting_events(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	struct store_meeting m1 = meeting(f, 1796927400), m2 = meeting(f, 1796927400);
	assert_int_equal(s->ops->insert_meeting(s, &m1), STORE_ONE);
	assert_int_equal(s->ops->insert_meeting(s, &m2), STORE_ONE);
	int64_t route = add_route(f, f->g, date_from_ymd(2027, 2, 1));
	struct store_invitation iv = {.meeting_id = m1.id, .route_id = route, .variant = 'A'};
	snprintf(iv.gemeente, sizeof iv.gemeente, "%s", f->g);
	code_index(f, 3, iv.code_index);
	assert_int_equal(s->ops->insert_invitation(s, &iv), STORE_ONE);
	struct store_invitation iv2 = iv;
	iv2.meeting_id = m2.id;
	code_index(f, 4, iv2.code_index);
	assert_int_equal(s->ops->insert_invitation(s, &iv2), STORE_ONE);

	const char *kinds[] = {"invited", "rsvp_accepted", "attended"};
	for (int i = 0; i < 3; i++) {
		struct store_event e = {route, 1790000000 + i, kinds[i], "cli:test", "{\"x\":1}"};
		assert_int_equal(s->ops->insert_meeting_event(s, &e, m1.id), STORE_ONE);
	}
	struct store_event other = {route, 1790000009, "invited", "cli:test", NULL};
	assert_int_equal(s->ops->insert_meeting_event(s, &other, m2.id), STORE_ONE);
	struct store_event plain = {route, 1790000010, "letter_made", "cli:test", NULL};
	assert_int_equal(s->ops->insert_event(s, &plain), STORE_ONE);
	struct store_event bad = {route, 1, "x", "cli:test", "not json"};
	assert_true(s->ops->insert_meeting_event(s, &bad, m1.id) < 0);

	struct ev_seen sn = {0};
	assert_int_equal(s->ops->iterate_meeting_events(s, m1.id, see_event, &sn), STORE_ONE);
	assert_int_equal(sn.n, 3); /* not m2's, not the plain event */
	for (int i = 0; i < 3; i++) {
		assert_string_equal(sn.kinds[i], kinds[i]);
		assert_int_equal(sn.inv[i], iv.id);
		assert_int_equal(sn.variant[i], 'A');
		assert_string_equal(sn.gemeente[i], f->g);
	}
	int64_t n = 0;
	assert_int_equal(s->ops->count_events(s, route, NULL, &n), STORE_ONE);
	assert_int_equal(n, 5);
	memset(&sn, 0, sizeof sn);
	assert_int_equal(s->ops->iterate_meeting_events(s, m2.id + 1000000, see_event, &sn),
			 STORE_NONE);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	run_id = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
	const struct CMUnitTest tests[] = {
		T(test_meeting_crud),
		T(test_iterate_meetings),
		T(test_targets_and_invitations),
		T(test_meeting_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
