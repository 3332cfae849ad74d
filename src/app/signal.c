/* overstap signal: open a route for everyone whose WW ends inside their
 * municipality's Max-WW window.
 *
 * The store hands over every benefit ending within the widest window any
 * municipality uses; each municipality's own window (3 to 6 months) is then
 * applied here, so the rule lives in core/window.c and nowhere else. Routes
 * are opened in one transaction; the result is built only after the commit,
 * so what is reported is what was kept. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/window.h"

struct win {
	char code[STORE_ORG_CODE_MAX + 1];
	int months;
	cdate last;
	size_t count_ix; /* index in counts, or SIZE_MAX before the first route */
};

struct candidate {
	int64_t benefit_id, person_id, route_id;
	char org[STORE_ORG_CODE_MAX + 1];
	char gemeente[GEMEENTE_CODE_SIZE];
	cdate end;
	unsigned char bsn_enc[STORE_BSN_ENC_MAX];
	size_t bsn_enc_len;
};

struct run {
	const struct signal_opts *o;
	struct win *wins;
	size_t n_wins;
	cdate first, last;
	bool filter_gemeente; /* o->org is a municipality */
	struct candidate *cands;
	size_t n_cands, cap_cands;
	bool nomem;
	int64_t now;
};

static int collect_win(void *cls, const struct store_org *org)
{
	struct run *r = cls;
	struct win *w = realloc(r->wins, (r->n_wins + 1) * sizeof *w);
	if (!w)
		return STORE_HARD;
	r->wins = w;
	w += r->n_wins++;
	snprintf(w->code, sizeof w->code, "%s", org->code);
	w->months = org->window_months;
	w->count_ix = SIZE_MAX;
	return 0;
}

static int win_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct win *)elem)->code);
}

static struct win *win_find(struct run *r, const char *code)
{
	return bsearch(code, r->wins, r->n_wins, sizeof *r->wins, win_cmp);
}

static int collect_candidate(void *cls, const struct store_ww_row *row)
{
	struct run *r = cls;
	if (r->filter_gemeente && strcmp(row->gemeente, r->o->org) != 0)
		return 0;
	struct win *w = win_find(r, row->gemeente);
	if (!w || row->end > w->last || row->bsn_enc_len > STORE_BSN_ENC_MAX)
		return 0;
	if (r->n_cands == r->cap_cands) {
		size_t cap = r->cap_cands ? 2 * r->cap_cands : 1024;
		struct candidate *c = realloc(r->cands, cap * sizeof *c);
		if (!c) {
			r->nomem = true;
			return STORE_HARD;
		}
		r->cands = c;
		r->cap_cands = cap;
	}
	struct candidate *c = &r->cands[r->n_cands++];
	c->benefit_id = row->benefit_id;
	c->person_id = row->person_id;
	c->route_id = row->route_id;
	snprintf(c->org, sizeof c->org, "%s", row->org);
	snprintf(c->gemeente, sizeof c->gemeente, "%s", row->gemeente);
	c->end = row->end;
	memcpy(c->bsn_enc, row->bsn_enc, row->bsn_enc_len);
	c->bsn_enc_len = row->bsn_enc_len;
	return 0;
}

static int open_route(struct app *a, struct run *r, struct candidate *c)
{
	struct store *s = a->store;
	struct win *w = win_find(r, c->gemeente);
	struct store_route route = {
		.benefit_id = c->benefit_id,
		.person_id = c->person_id,
		.org = c->org,
		.gemeente = c->gemeente,
		.phase = "signalled",
		.opened_on = r->o->date,
		.opened_at = r->now,
	};
	int rc = s->ops->insert_route(s, &route, &c->route_id);
	if (rc < 0)
		return rc;
	char d[DATE_ISO_SIZE], e[DATE_ISO_SIZE], l[DATE_ISO_SIZE], data[200];
	date_format_iso(r->o->date, d);
	date_format_iso(c->end, e);
	date_format_iso(w->last, l);
	snprintf(data, sizeof data,
		 "{\"date\":\"%s\",\"window_months\":%d,\"window_last\":\"%s\",\"ww_end\":\"%s\"}",
		 d, w->months, l, e);
	struct store_event ev = {
		.route_id = c->route_id,
		.at = r->now,
		.kind = "signalled",
		.actor = a->actor,
		.data = data,
	};
	return s->ops->insert_event(s, &ev);
}

/* The transaction body; safe to run again after a transient failure. */
static int signal_tx(struct app *a, void *cls)
{
	struct run *r = cls;
	struct store *s = a->store;
	r->n_cands = 0;
	const char *owner = r->filter_gemeente ? NULL : r->o->org;
	int rc = s->ops->iterate_ww_ending(s, r->first, r->last, owner, collect_candidate, r);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < r->n_cands; i++) {
		struct candidate *c = &r->cands[i];
		if (c->route_id != 0)
			continue;
		rc = open_route(a, r, c);
		if (rc < 0)
			return rc;
		c->route_id = -c->route_id; /* negative: opened by this run */
	}
	if (!r->o->show_bsn)
		return STORE_ONE;
	for (size_t i = 0; i < r->n_cands; i++) {
		char id[24];
		int64_t route_id = r->cands[i].route_id;
		snprintf(id, sizeof id, "%lld", (long long)(route_id < 0 ? -route_id : route_id));
		rc = app_audit(a, "read_bsn", "route", id, "max-ww signalling: --show-bsn");
		if (rc < 0)
			return rc;
	}
	return STORE_ONE;
}

static int build_result(struct app *a, struct run *r, struct signal_result *res)
{
	res->routes = calloc(r->n_cands ? r->n_cands : 1, sizeof *res->routes);
	res->counts = calloc(r->n_wins ? r->n_wins : 1, sizeof *res->counts);
	if (!res->routes || !res->counts)
		return -1;
	for (size_t i = 0; i < r->n_cands; i++) {
		const struct candidate *c = &r->cands[i];
		struct signal_route *out = &res->routes[res->n_routes++];
		struct win *w = win_find(r, c->gemeente);
		out->is_new = c->route_id < 0;
		out->route_id = out->is_new ? -c->route_id : c->route_id;
		snprintf(out->gemeente, sizeof out->gemeente, "%s", c->gemeente);
		snprintf(out->org, sizeof out->org, "%s", c->org);
		out->ww_end = c->end;
		char bsn[BSN_SIZE];
		if (pii_bsn_decrypt(&a->keys, c->bsn_enc, c->bsn_enc_len, bsn) != 0)
			return -1;
		if (r->o->show_bsn)
			memcpy(out->bsn, bsn, BSN_SIZE);
		else
			bsn_mask(bsn, out->bsn);
		if (w->count_ix == SIZE_MAX) {
			w->count_ix = res->n_counts++;
			struct signal_count *sc = &res->counts[w->count_ix];
			const struct gemeente *g = gemeenten_find(&a->gemeenten, w->code);
			snprintf(sc->gemeente, sizeof sc->gemeente, "%s", c->gemeente);
			sc->name = g ? g->name : w->code;
			sc->window_months = w->months;
			sc->first = r->first;
			sc->last = w->last;
		}
		if (out->is_new)
			res->counts[w->count_ix].new_routes++;
		else
			res->counts[w->count_ix].existing++;
	}
	return 0;
}

int app_signal(struct app *a, const struct signal_opts *o, struct signal_result *res, char *err,
	       size_t errcap)
{
	struct store *s = a->store;
	struct run r = {.o = o, .now = app_now()};
	int status = APP_FAIL;
	memset(res, 0, sizeof *res);

	if (o->org) {
		struct store_org org;
		int rc = s->ops->get_org(s, o->org, &org);
		if (rc < 0) {
			snprintf(err, errcap, "database: %s", s->errmsg);
			return APP_FAIL;
		}
		if (rc == STORE_NONE || org.kind == ORG_PARTNER) {
			snprintf(err, errcap, "%s is not a municipality or UWV team", o->org);
			return APP_INVALID;
		}
		r.filter_gemeente = org.kind == ORG_GEMEENTE;
	}
	if (s->ops->iterate_orgs(s, ORG_GEMEENTE, collect_win, &r) < 0) {
		snprintf(err, errcap, "database: %s", s->errmsg);
		goto cleanup;
	}
	int widest = WINDOW_MONTHS_MIN;
	for (size_t i = 0; i < r.n_wins; i++) {
		cdate first;
		window_bounds(o->date, r.wins[i].months, &first, &r.wins[i].last);
		if (r.wins[i].months > widest)
			widest = r.wins[i].months;
	}
	window_bounds(o->date, widest, &r.first, &r.last);

	if (app_tx(a, signal_tx, &r) < 0) {
		if (r.nomem)
			snprintf(err, errcap, "out of memory");
		else
			snprintf(err, errcap, "database: %s", s->errmsg);
		goto cleanup;
	}
	if (build_result(a, &r, res) != 0) {
		snprintf(err, errcap, "a stored BSN could not be decrypted with this key file");
		signal_result_free(res);
		goto cleanup;
	}
	status = APP_OK;
cleanup:
	free(r.wins);
	if (r.cands)
		memset(r.cands, 0, r.cap_cands * sizeof *r.cands);
	free(r.cands);
	return status;
}

void signal_result_free(struct signal_result *res)
{
	if (res->routes)
		memset(res->routes, 0, res->n_routes * sizeof *res->routes);
	free(res->routes);
	free(res->counts);
	memset(res, 0, sizeof *res);
}
