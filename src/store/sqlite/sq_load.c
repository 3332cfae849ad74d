/* Bulk load of a WW file (SQLite): the rows are upserted one by one as they
 * arrive, inside the caller's transaction; SQLite is in-process, so a row
 * costs no round trip. End-date changes are kept until ww_load_end, which
 * looks up their routes and reports them. */
#include "store/sqlite/sq.h"

#include <stdlib.h>
#include <string.h>

int sq_ww_load_begin(struct store *s)
{
	struct sq *q = sq_of(s);
	memset(&q->load, 0, sizeof q->load);
	q->n_changes = 0;
	return STORE_ONE;
}

static int remember_change(struct store *s, int64_t benefit_id, cdate old_end, cdate new_end)
{
	struct sq *q = sq_of(s);
	if (q->n_changes == q->cap_changes) {
		size_t cap = q->cap_changes ? 2 * q->cap_changes : 64;
		struct store_ww_change *c = realloc(q->changes, cap * sizeof *c);
		if (!c)
			return sq_hard(s, "ww_load_add: out of memory");
		q->changes = c;
		q->cap_changes = cap;
	}
	q->changes[q->n_changes++] = (struct store_ww_change){
		.benefit_id = benefit_id,
		.old_end = old_end,
		.new_end = new_end,
	};
	return STORE_ONE;
}

int sq_ww_load_add(struct store *s, const struct store_person *p, const struct store_ww *w)
{
	struct sq *q = sq_of(s);
	struct store_ww row = *w;
	int64_t benefit_id;
	enum ww_change change;
	cdate old_end = 0;
	int ret = sq_upsert_person(s, p, &row.person_id);
	if (ret < 0)
		return ret;
	ret = sq_upsert_ww(s, &row, &benefit_id, &change, &old_end);
	if (ret < 0)
		return ret;
	switch (change) {
	case WW_INSERTED:
		q->load.inserted++;
		break;
	case WW_UNCHANGED:
		q->load.unchanged++;
		break;
	case WW_UPDATED:
		q->load.updated++;
		if (old_end != row.end)
			return remember_change(s, benefit_id, old_end, row.end);
		break;
	}
	return STORE_ONE;
}

int sq_ww_load_end(struct store *s, struct store_ww_load *out, store_change_cb on_change, void *cls)
{
	struct sq *q = sq_of(s);
	int ret = STORE_ONE;
	*out = q->load;
	for (size_t i = 0; i < q->n_changes; i++) {
		struct store_ww_change *c = &q->changes[i];
		int rc = sq_get_route_by_benefit(s, c->benefit_id, &c->route_id);
		if (rc < 0) {
			ret = rc;
			break;
		}
		if (rc == STORE_NONE)
			c->route_id = 0;
		rc = on_change(cls, c);
		if (rc < 0) {
			ret = rc;
			break;
		}
	}
	q->n_changes = 0;
	return ret;
}
