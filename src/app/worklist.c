/* The werkvoorraad (worklist.h says who sees what and how it is audited). */
#include "app/worklist.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sort_names[WORKLIST_SORT_COUNT] = {
	[WORKLIST_SORT_WW_END] = "ww_end",
	[WORKLIST_SORT_NAME] = "name",
	[WORKLIST_SORT_GEMEENTE] = "gemeente",
	[WORKLIST_SORT_PHASE] = "phase",
};

int worklist_sort_parse(const char *s, enum store_worklist_sort *out)
{
	for (int i = 0; i < WORKLIST_SORT_COUNT; i++)
		if (s && strcmp(s, sort_names[i]) == 0) {
			*out = (enum store_worklist_sort)i;
			return 0;
		}
	return -1;
}

const char *worklist_sort_name(enum store_worklist_sort s)
{
	return (unsigned)s < WORKLIST_SORT_COUNT ? sort_names[s] : NULL;
}

enum scope { SCOPE_ALL, SCOPE_OWNER, SCOPE_CONSENT, SCOPE_DENIED };

/* Which routes who may list (worklist.h), as access_decide() rules for one
 * route: the routes of who's own team, or the routes in who's municipality
 * whose person consented to it. */
static enum scope worklist_scope(const struct principal *who)
{
	if (who->via == PRINCIPAL_CLI)
		return SCOPE_ALL;
	struct access_object own = {.owner_org = who->org};
	if (access_decide(who, ACCESS_READ_PERSON, &own) == ACCESS_ALLOW)
		return SCOPE_OWNER;
	struct access_object consented = {.gemeente = who->org, .consent = true};
	if (access_decide(who, ACCESS_READ_PERSON, &consented) == ACCESS_ALLOW)
		return SCOPE_CONSENT;
	return SCOPE_DENIED;
}

struct row {
	int64_t route_id;
	char *family_name, *given_names, *gemeente, *org, *phase;
	cdate ww_end;
};

struct wl_tx {
	const struct principal *who;
	struct store_worklist_q q;
	struct row *rows; /* q.limit of them */
	size_t n;
	bool more; /* the store had a row past the page */
	bool denied;
};

static void rows_clear(struct wl_tx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->rows[i].family_name);
		free(c->rows[i].given_names);
		free(c->rows[i].gemeente);
		free(c->rows[i].org);
		free(c->rows[i].phase);
	}
	c->n = 0;
}

static int collect(void *cls, const struct store_worklist_row *r)
{
	struct wl_tx *c = cls;
	if (c->n == (size_t)c->q.limit) {
		c->more = true; /* the one row past the page: there is a next page */
		return 0;
	}
	struct row *o = &c->rows[c->n++];
	memset(o, 0, sizeof *o);
	o->route_id = r->route_id;
	o->ww_end = r->ww_end;
	o->family_name = strdup(r->family_name);
	o->given_names = strdup(r->given_names);
	o->gemeente = strdup(r->gemeente);
	o->org = strdup(r->org);
	o->phase = strdup(r->phase);
	if (!o->family_name || !o->given_names || !o->gemeente || !o->org || !o->phase)
		return STORE_HARD;
	return 0;
}

static int audit_event(struct app *a, const struct principal *who, const char *ids, bool allowed)
{
	struct store_audit ev = {
		.at = app_now(),
		.actor = a->actor,
		.org = who->via == PRINCIPAL_CLI ? NULL : who->org,
		.role = who->via == PRINCIPAL_CLI ? NULL : who->role,
		.action = "worklist_read",
		.object_type = "route",
		.object_id = ids,
		.purpose = "werkvoorraad",
		.outcome = allowed ? "allowed" : "denied",
		.request_id = a->request_id,
	};
	return app_audit_event(a, &ev);
}

static int do_worklist(struct app *a, void *cls)
{
	struct wl_tx *c = cls;
	rows_clear(c); /* a retried transaction starts again */
	c->more = false;
	if (c->denied)
		return audit_event(a, c->who, "", false);
	/* One more than the page, to know whether a next page exists. */
	struct store_worklist_q q = c->q;
	q.limit = c->q.limit + 1;
	int rc = a->store->ops->iterate_worklist(a->store, &q, collect, c);
	if (rc < 0 || c->n == 0)
		return rc;
	char ids[WORKLIST_LIMIT_MAX * 21 + 1];
	size_t used = 0;
	for (size_t i = 0; i < c->n; i++)
		used += (size_t)snprintf(ids + used, sizeof ids - used, "%s%" PRId64, i ? "," : "",
					 c->rows[i].route_id);
	return audit_event(a, c->who, ids, true);
}

static bool phase_ok(const char *p)
{
	size_t n = strnlen(p, WORKLIST_PHASE_MAX + 1);
	if (n == 0 || n > WORKLIST_PHASE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || p[i] == '_' || p[i] == '-'))
			return false;
	return true;
}

int app_worklist(struct app *a, const struct principal *who, const struct worklist_filter *f,
		 cdate today, worklist_cb cb, void *cls, struct worklist_result *res, char *err,
		 size_t errcap)
{
	struct wl_tx c = {.who = who};
	int ret = APP_INVALID;
	memset(res, 0, sizeof *res);
	if (f->limit < 1 || f->limit > WORKLIST_LIMIT_MAX) {
		snprintf(err, errcap, "limit must be 1..%d", WORKLIST_LIMIT_MAX);
		return APP_INVALID;
	}
	if (f->phase && !phase_ok(f->phase)) {
		snprintf(err, errcap, "phase: not a phase");
		return APP_INVALID;
	}
	if (f->gemeente && !gemeente_code_valid(f->gemeente, strlen(f->gemeente))) {
		snprintf(err, errcap, "gemeente: not a municipality code");
		return APP_INVALID;
	}
	if (f->end_from && f->end_to && f->end_from > f->end_to) {
		snprintf(err, errcap, "the WW end range is empty (from after to)");
		return APP_INVALID;
	}
	if ((unsigned)f->sort >= WORKLIST_SORT_COUNT || f->after < 0) {
		snprintf(err, errcap, "sort or cursor out of range");
		return APP_INVALID;
	}
	enum scope scope = worklist_scope(who);
	c.denied = scope == SCOPE_DENIED;
	c.q = (struct store_worklist_q){
		.org = scope == SCOPE_OWNER ? who->org : NULL,
		.consent_to = scope == SCOPE_CONSENT ? who->org : NULL,
		.consent_at = app_now(),
		.phase = f->phase,
		.gemeente = f->gemeente,
		.end_from = f->end_from,
		.end_to = f->end_to,
		.sort = f->sort,
		.desc = f->desc,
		.after_id = f->after,
		.limit = f->limit,
	};
	c.rows = calloc((size_t)f->limit, sizeof *c.rows);
	if (!c.rows) {
		snprintf(err, errcap, "out of memory");
		return APP_FAIL;
	}
	c.n = 0;
	if (app_read_tx(a, do_worklist, &c) < 0) {
		snprintf(err, errcap, "%s", a->store->errmsg);
		ret = APP_FAIL;
		goto cleanup;
	}
	res->denied = c.denied;
	ret = APP_OK;
	for (size_t i = 0; i < c.n; i++) {
		const struct row *r = &c.rows[i];
		const struct gemeente *g = gemeenten_find(&a->gemeenten, r->gemeente);
		struct worklist_item it = {
			.route_id = r->route_id,
			.family_name = r->family_name,
			.given_names = r->given_names,
			.gemeente = r->gemeente,
			.gemeente_name = g ? g->name : "",
			.org = r->org,
			.phase = r->phase,
			.ww_end = r->ww_end,
			.days_left = date_diff_days(today, r->ww_end),
		};
		if (cb(cls, &it) != 0)
			break;
		res->n++;
	}
	if (c.more)
		res->next_after = c.rows[c.n - 1].route_id;
cleanup:
	rows_clear(&c);
	free(c.rows);
	return ret;
}
