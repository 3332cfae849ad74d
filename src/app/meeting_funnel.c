/* The meeting funnel (app/meeting.h), counted from the meeting's events.
 *
 * Per invitation, in the order the events were recorded: an invited event
 * makes it invited; the last of rsvp_accepted, rsvp_declined and waitlisted
 * is its answer; an attended event makes it attended; a no_show event makes
 * it a no-show unless it was also attended (a later list may correct an
 * earlier one); a consent_given event counts a consent. Totals are never
 * stored. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/meeting_int.h"
#include "core/nltime.h"
#include "core/wilson.h"

enum { K_INVITED, K_ACCEPTED, K_DECLINED, K_WAITLISTED, K_CONSENT, K_ATTENDED, K_NO_SHOW };

static const char *const kinds[] = {
	[K_INVITED] = "invited",        [K_ACCEPTED] = "rsvp_accepted",
	[K_DECLINED] = "rsvp_declined", [K_WAITLISTED] = "waitlisted",
	[K_CONSENT] = "consent_given",  [K_ATTENDED] = "attended",
	[K_NO_SHOW] = "no_show",
};

struct ev {
	int64_t inv;
	size_t seq;
	int kind;
	char variant;
	char gemeente[GEMEENTE_CODE_SIZE];
};

struct collect {
	struct ev *v;
	size_t n, cap;
};

static int collect_event(void *cls, const struct store_meeting_event *e)
{
	struct collect *c = cls;
	int kind = -1;
	for (int k = 0; k < (int)(sizeof kinds / sizeof kinds[0]); k++)
		if (strcmp(e->kind, kinds[k]) == 0)
			kind = k;
	if (kind < 0)
		return 0; /* notices and letters do not count in the funnel */
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 512;
		struct ev *nv = realloc(c->v, cap * sizeof *nv);
		if (!nv)
			return STORE_HARD;
		c->v = nv;
		c->cap = cap;
	}
	struct ev *v = &c->v[c->n];
	v->inv = e->invitation_id;
	v->seq = c->n++;
	v->kind = kind;
	v->variant = e->variant;
	snprintf(v->gemeente, sizeof v->gemeente, "%.*s", GEMEENTE_CODE_SIZE - 1, e->gemeente);
	return 0;
}

static int ev_cmp(const void *pa, const void *pb)
{
	const struct ev *a = pa, *b = pb;
	if (a->inv != b->inv)
		return a->inv < b->inv ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static struct funnel_rate rate(int64_t k, int64_t n)
{
	struct funnel_rate r = {.rate = n > 0 ? (double)k / (double)n : 0.0};
	wilson95(k, n, &r.low, &r.high);
	return r;
}

static void fill_rates(struct funnel_counts *c)
{
	c->response = rate(c->answered, c->invited);
	c->acceptance = rate(c->accepted, c->invited);
	c->attendance = rate(c->attended, c->invited);
	c->consent = rate(c->consents, c->invited);
}

/* What one invitation's events add up to. */
struct state {
	bool invited, attended, no_show, consent;
	int answer; /* -1, K_ACCEPTED, K_DECLINED or K_WAITLISTED */
};

static void add(struct funnel_counts *c, const struct state *st)
{
	if (!st->invited)
		return;
	c->invited++;
	c->answered += st->answer >= 0;
	c->accepted += st->answer == K_ACCEPTED;
	c->declined += st->answer == K_DECLINED;
	c->waitlisted += st->answer == K_WAITLISTED;
	c->attended += st->attended;
	c->no_show += st->no_show && !st->attended;
	c->consents += st->consent;
}

static struct funnel_counts *gemeente_group(struct meeting_funnel *f, const char *code)
{
	for (size_t i = 0; i < f->n_gemeente; i++)
		if (strcmp(f->by_gemeente[i].key, code) == 0)
			return &f->by_gemeente[i].c;
	struct funnel_group *g = realloc(f->by_gemeente, (f->n_gemeente + 1) * sizeof *g);
	if (!g)
		return NULL;
	f->by_gemeente = g;
	g += f->n_gemeente++;
	memset(g, 0, sizeof *g);
	snprintf(g->key, sizeof g->key, "%s", code);
	return &g->c;
}

static int group_cmp(const void *a, const void *b)
{
	return strcmp(((const struct funnel_group *)a)->key, ((const struct funnel_group *)b)->key);
}

static int tally(struct meeting_funnel *f, struct collect *c)
{
	if (c->n > 1)
		qsort(c->v, c->n, sizeof *c->v, ev_cmp);
	for (size_t i = 0; i < c->n;) {
		struct state st = {.answer = -1};
		const struct ev *first = &c->v[i];
		for (; i < c->n && c->v[i].inv == first->inv; i++) {
			int k = c->v[i].kind;
			if (k == K_INVITED)
				st.invited = true;
			else if (k == K_ATTENDED)
				st.attended = true;
			else if (k == K_NO_SHOW)
				st.no_show = true;
			else if (k == K_CONSENT)
				st.consent = true;
			else
				st.answer = k;
		}
		add(&f->total, &st);
		if (f->m.variants == 2)
			add(&f->by_variant[first->variant == 'B'].c, &st);
		struct funnel_counts *g = gemeente_group(f, first->gemeente);
		if (!g)
			return -1;
		add(g, &st);
	}
	if (f->n_gemeente > 1)
		qsort(f->by_gemeente, f->n_gemeente, sizeof *f->by_gemeente, group_cmp);
	fill_rates(&f->total);
	for (int v = 0; v < 2; v++)
		fill_rates(&f->by_variant[v].c);
	for (size_t i = 0; i < f->n_gemeente; i++)
		fill_rates(&f->by_gemeente[i].c);
	return 0;
}

/* The funnel without an access decision (app_report_meetings decides for
 * the whole report). */
static int funnel_of(struct app *a, int64_t id, struct meeting_funnel *out, char *err,
		     size_t errcap)
{
	struct store *s = a->store;
	struct store_meeting sm;
	struct collect c = {0};
	memset(out, 0, sizeof *out);
	int rc = meeting_load(a, id, &sm, err, errcap);
	if (rc != APP_OK)
		return rc;
	meeting_from_store(&sm, &out->m);
	out->past = app_now() >= sm.at;
	snprintf(out->by_variant[0].key, sizeof out->by_variant[0].key, "A");
	snprintf(out->by_variant[1].key, sizeof out->by_variant[1].key, "B");
	rc = APP_FAIL;
	if (s->ops->iterate_meeting_events(s, id, collect_event, &c) < 0)
		snprintf(err, errcap, "database: %s", s->errmsg);
	else if (tally(out, &c) != 0)
		snprintf(err, errcap, "out of memory");
	else
		rc = APP_OK;
	free(c.v);
	if (rc != APP_OK)
		meeting_funnel_free(out);
	return rc;
}

int app_meeting_funnel(struct app *a, int64_t id, struct meeting_funnel *out, char *err,
		       size_t errcap)
{
	memset(out, 0, sizeof *out);
	int rc = meeting_gate(a, id, ACCESS_READ_FUNNEL, err, errcap);
	return rc == APP_OK ? funnel_of(a, id, out, err, errcap) : rc;
}

void meeting_funnel_free(struct meeting_funnel *f)
{
	free(f->by_gemeente);
	f->by_gemeente = NULL;
	f->n_gemeente = 0;
}

struct ids {
	int64_t *v;
	size_t n, cap;
};

static int collect_id(void *cls, const struct store_meeting *m)
{
	struct ids *ids = cls;
	if (ids->n == ids->cap) {
		size_t cap = ids->cap ? 2 * ids->cap : 64;
		int64_t *nv = realloc(ids->v, cap * sizeof *nv);
		if (!nv)
			return STORE_HARD;
		ids->v = nv;
		ids->cap = cap;
	}
	ids->v[ids->n++] = m->id;
	return 0;
}

int app_report_meetings(struct app *a, const char *org, const cdate *from, const cdate *to,
			struct meeting_funnel **out, size_t *n, char *err, size_t errcap)
{
	struct store *s = a->store;
	int64_t from_at = INT64_MIN, to_at = INT64_MAX;
	struct ids ids = {0};
	int rc = APP_FAIL;
	*out = NULL;
	*n = 0;
	if ((from && nltime_to_utc(*from, 0, 0, &from_at) != 0) ||
	    (to && nltime_to_utc(date_add_days(*to, 1), 0, 0, &to_at) != 0)) {
		snprintf(err, errcap, "dates from %d on only", NLTIME_YEAR_MIN);
		return APP_INVALID;
	}
	if (to)
		to_at--;
	if ((rc = meeting_gate_org(a, ACCESS_READ_AGGREGATE, org, err, errcap)) != APP_OK)
		return rc;
	rc = APP_FAIL;
	if (s->ops->iterate_meetings(s, org, from_at, to_at, collect_id, &ids) < 0) {
		snprintf(err, errcap, "database: %s", s->errmsg);
		goto cleanup;
	}
	*out = calloc(ids.n ? ids.n : 1, sizeof **out);
	if (!*out) {
		snprintf(err, errcap, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < ids.n; i++) {
		rc = funnel_of(a, ids.v[i], &(*out)[i], err, errcap);
		if (rc != APP_OK) {
			meeting_funnels_free(*out, i);
			*out = NULL;
			goto cleanup;
		}
	}
	*n = ids.n;
	rc = APP_OK;
cleanup:
	free(ids.v);
	return rc;
}

void meeting_funnels_free(struct meeting_funnel *f, size_t n)
{
	for (size_t i = 0; f && i < n; i++)
		meeting_funnel_free(&f[i]);
	free(f);
}
