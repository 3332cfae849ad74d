/* Tests for the werkvoorraad use case (app/worklist.h): who sees which
 * routes, the filters and their checks, keyset pages, and the one audit
 * event per page that shows routes (on a fresh SQLite database with an
 * imported and signalled WW file; the query itself runs on both backends in
 * test_store). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/generate.h"
#include "app/route.h"
#include "app/worklist.h"
#include "app_fixture.h"

struct fx {
	struct app_fx x;
	char csv[300];
	cdate today;
	int64_t routes;
};

static int64_t sql_int(const struct fx *f, const char *sql)
{
	return app_fx_int(&f->x, sql);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char err[256];
	if (!f || app_fx_open(&f->x, "worklist", "cli:test") != 0)
		return -1;
	snprintf(f->csv, sizeof f->csv, "%s/ww.csv", f->x.dir);
	struct store_org uwv = {
		.code = "UWV-NH", .name = "UWV NH", .kind = ORG_UWV, .window_months = 3};
	struct store_org uwv2 = {
		.code = "UWV-ZH", .name = "UWV ZH", .kind = ORG_UWV, .window_months = 3};
	if (app_org_add(&f->x.a, &uwv, err, sizeof err) != APP_OK ||
	    app_org_add(&f->x.a, &uwv2, err, sizeof err) != APP_OK)
		return -1;
	f->today = date_from_ymd(2026, 11, 30);
	struct gen_ww_opts g = {.count = 600, .seed = 3, .date = f->today};
	struct import_report rep;
	struct signal_result res;
	struct import_opts io = {.path = f->csv, .org = "UWV-NH", .problems = stderr};
	struct signal_opts so = {.date = f->today};
	FILE *out = fopen(f->csv, "w");
	if (!out)
		return -1;
	int gr = gen_ww_csv(out, &g, &f->x.a.gemeenten, err, sizeof err);
	if (fclose(out) != 0 || gr != 0 ||
	    app_import_ww(&f->x.a, &io, &rep, err, sizeof err) != APP_OK ||
	    app_signal(&f->x.a, &so, &res, err, sizeof err) != APP_OK) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	signal_result_free(&res);
	f->routes = sql_int(f, "SELECT count(*) FROM route");
	*state = f;
	return f->routes > 60 ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_fx_close(&f->x);
	free(f);
	return 0;
}

static struct principal staff(const char *org, enum org_kind kind, const char *role)
{
	struct principal p = {.via = PRINCIPAL_SESSION, .user_id = 7, .org_kind = kind};
	snprintf(p.org, sizeof p.org, "%s", org);
	snprintf(p.role, sizeof p.role, "%s", role);
	snprintf(p.email, sizeof p.email, "x@example.nl");
	return p;
}

struct seen {
	size_t n;
	int64_t ids[WORKLIST_LIMIT_MAX];
	cdate last_end;
	bool ordered;
	bool other_owner;
	bool bad_days;
	cdate today;
};

static int collect(void *cls, const struct worklist_item *it)
{
	struct seen *s = cls;
	if (s->n > 0 && it->ww_end < s->last_end)
		s->ordered = false;
	s->last_end = it->ww_end;
	if (strcmp(it->org, "UWV-NH") != 0)
		s->other_owner = true;
	if (it->days_left != it->ww_end - s->today || !it->gemeente_name[0])
		s->bad_days = true;
	s->ids[s->n++] = it->route_id;
	return 0;
}

static int run(struct fx *f, const struct principal *who, const struct worklist_filter *wf,
	       struct seen *s, struct worklist_result *res)
{
	char err[256];
	memset(s, 0, sizeof *s);
	s->ordered = true;
	s->today = f->today;
	return app_worklist(&f->x.a, who, wf, f->today, collect, s, res, err, sizeof err);
}

static int64_t audits(struct fx *f, const char *outcome)
{
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_event WHERE action = 'worklist_read' AND outcome = "
		 "'%s'",
		 outcome);
	return sql_int(f, sql);
}

static void test_uwv_sees_own_routes_in_pages(void **state)
{
	struct fx *f = *state;
	struct principal who = staff("UWV-NH", ORG_UWV, "uwv-adviseur");
	struct worklist_filter wf = {.limit = 25};
	struct seen s;
	struct worklist_result res;
	int64_t total = 0, pages = 0, before = audits(f, "allowed");
	do {
		assert_int_equal(run(f, &who, &wf, &s, &res), APP_OK);
		assert_false(res.denied);
		assert_true(s.ordered);
		assert_false(s.other_owner);
		assert_false(s.bad_days);
		total += (int64_t)s.n;
		pages++;
		wf.after = res.next_after;
		if (res.next_after)
			assert_int_equal(res.next_after, s.ids[s.n - 1]);
	} while (res.next_after && pages < 100);
	assert_int_equal(total, f->routes);
	/* One audit event per page, listing the routes shown. */
	assert_int_equal(audits(f, "allowed"), before + pages);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_event WHERE action = 'worklist_read' AND "
		 "object_id LIKE '%%,%" PRId64 "' AND org = 'UWV-NH' AND role = 'uwv-adviseur'",
		 s.ids[s.n - 1]);
	assert_int_equal(sql_int(f, sql), 1);

	/* Another UWV team sees none of them (and nothing is recorded). */
	struct principal other = staff("UWV-ZH", ORG_UWV, "beheer");
	wf.after = 0;
	before = audits(f, "allowed");
	assert_int_equal(run(f, &other, &wf, &s, &res), APP_OK);
	assert_int_equal(s.n, 0);
	assert_int_equal(audits(f, "allowed"), before);
}

static void test_filters(void **state)
{
	struct fx *f = *state;
	struct principal cli = {.via = PRINCIPAL_CLI};
	struct seen s;
	struct worklist_result res;
	struct worklist_filter wf = {
		.limit = WORKLIST_LIMIT_MAX, .end_from = f->today + 10, .end_to = f->today + 40};
	assert_int_equal(run(f, &cli, &wf, &s, &res), APP_OK);
	assert_true(s.n > 0);
	int64_t in_range = sql_int(f, "SELECT count(*) FROM route r JOIN ww_benefit w ON w.id = "
				      "r.benefit_id WHERE w.end_date BETWEEN '2026-12-10' AND "
				      "'2027-01-09'");
	assert_int_equal((int64_t)s.n,
			 in_range < WORKLIST_LIMIT_MAX ? in_range : WORKLIST_LIMIT_MAX);
	struct worklist_filter ph = {.limit = 10, .phase = "invited"};
	assert_int_equal(run(f, &cli, &ph, &s, &res), APP_OK);
	assert_int_equal(s.n, 0);
	struct worklist_filter gm = {
		.limit = 100, .gemeente = "GM0363", .desc = true, .sort = WORKLIST_SORT_WW_END};
	assert_int_equal(run(f, &cli, &gm, &s, &res), APP_OK);
	assert_int_equal(
		(int64_t)s.n,
		sql_int(f, "SELECT min(100, count(*)) FROM route WHERE gemeente = 'GM0363'"));

	/* Checked before anything is read. */
	struct worklist_filter bad[] = {
		{.limit = 0},
		{.limit = WORKLIST_LIMIT_MAX + 1},
		{.limit = 10, .phase = "Robert'); DROP TABLE route;--"},
		{.limit = 10, .phase = ""},
		{.limit = 10, .gemeente = "GM03"},
		{.limit = 10, .end_from = f->today + 5, .end_to = f->today},
		{.limit = 10, .sort = WORKLIST_SORT_COUNT},
		{.limit = 10, .after = -1},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(run(f, &cli, &bad[i], &s, &res), APP_INVALID);
}

static void test_who_may_not(void **state)
{
	struct fx *f = *state;
	struct worklist_filter wf = {.limit = 10};
	struct seen s;
	struct worklist_result res;
	/* Municipal staff without any consent: nobody; nothing read. */
	struct principal km = staff("GM9999", ORG_GEMEENTE, "klantmanager");
	int64_t allowed = audits(f, "allowed"), denied = audits(f, "denied");
	assert_int_equal(run(f, &km, &wf, &s, &res), APP_OK);
	assert_false(res.denied);
	assert_int_equal(s.n, 0);
	/* Policy staff, auditors, partners, a UWV adviser's role at a gemeente:
	 * refused, and each refusal recorded. */
	struct principal no[] = {
		staff("GM0363", ORG_GEMEENTE, "beleid"),
		staff("UWV-NH", ORG_UWV, "auditor"),
		staff("UWV-NH", ORG_UWV, "klantmanager"),
		staff("GM0363", ORG_GEMEENTE, "beheer"),
	};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		assert_int_equal(run(f, &no[i], &wf, &s, &res), APP_OK);
		assert_true(res.denied);
		assert_int_equal(s.n, 0);
	}
	assert_int_equal(audits(f, "denied"), denied + 4);
	assert_int_equal(audits(f, "allowed"), allowed);
}

/* Municipal staff see exactly the routes in their municipality whose
 * person consented to it, while the consent holds. */
static void test_consent_opens_a_route(void **state)
{
	struct fx *f = *state;
	char err[256], sql[200], gm[16];
	struct worklist_filter wf = {.limit = 100};
	struct seen s;
	struct worklist_result res;
	/* The municipality with the most routes, and two of its routes. */
	snprintf(gm, sizeof gm, "GM%04" PRId64,
		 sql_int(f, "SELECT CAST(substr(gemeente, 3) AS INTEGER) FROM route GROUP BY "
			    "gemeente ORDER BY count(*) DESC, gemeente LIMIT 1"));
	snprintf(sql, sizeof sql, "SELECT min(id) FROM route WHERE gemeente = '%s'", gm);
	int64_t r1 = sql_int(f, sql);
	snprintf(sql, sizeof sql, "SELECT max(id) FROM route WHERE gemeente = '%s'", gm);
	int64_t r2 = sql_int(f, sql);
	assert_true(r1 > 0 && r2 > r1);
	struct principal km = staff(gm, ORG_GEMEENTE, "klantmanager");
	assert_int_equal(run(f, &km, &wf, &s, &res), APP_OK);
	assert_int_equal(s.n, 0);
	/* One consent that holds, one that expired already. */
	int64_t id, now = app_now();
	struct consent_in ok = {.route_id = r1, .purpose = "warme overdracht", .source = "api"};
	struct consent_in old = {.route_id = r2,
				 .purpose = "warme overdracht",
				 .source = "api",
				 .given_at = now - 7200,
				 .expires_at = now - 3600};
	assert_int_equal(app_consent_add(&f->x.a, &ok, &id, err, sizeof err), APP_OK);
	assert_int_equal(app_consent_add(&f->x.a, &old, &id, err, sizeof err), APP_OK);
	assert_int_equal(run(f, &km, &wf, &s, &res), APP_OK);
	assert_false(res.denied);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], r1);
	/* The same consent opens nothing for another municipality's staff. */
	struct principal other = staff("GM9999", ORG_GEMEENTE, "intake");
	assert_int_equal(run(f, &other, &wf, &s, &res), APP_OK);
	assert_int_equal(s.n, 0);
}

static void test_sort_names(void **state)
{
	enum store_worklist_sort s;
	(void)state;
	for (int i = 0; i < WORKLIST_SORT_COUNT; i++) {
		assert_int_equal(
			worklist_sort_parse(worklist_sort_name((enum store_worklist_sort)i), &s),
			0);
		assert_int_equal(s, i);
	}
	assert_int_equal(worklist_sort_parse("bsn", &s), -1);
	assert_int_equal(worklist_sort_parse(NULL, &s), -1);
	assert_null(worklist_sort_name(WORKLIST_SORT_COUNT));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_names),
		T(test_uwv_sees_own_routes_in_pages),
		T(test_filters),
		T(test_who_may_not),
		T(test_consent_opens_a_route),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
