/* Information meetings, invitations and meeting events (SQLite). */
#include "store/sqlite/sq.h"

#include <stdio.h>
#include <string.h>

static const char SQL_MEETING_INSERT[] =
	"INSERT INTO meeting (org, at, location, capacity, target, ww_end_from, ww_end_to, "
	"variants, seed, expect_low, expect_high, status, created_at, created_by) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

static const char SQL_PRESENTER_INSERT[] =
	"INSERT INTO meeting_presenter (meeting_id, org) VALUES (?1, ?2)";

#define MEETING_COLUMNS                                                                            \
	"id, org, at, location, capacity, target, ww_end_from, ww_end_to, variants, seed, "        \
	"coalesce(expect_low, 0), coalesce(expect_high, 0), status, created_at, created_by, "      \
	"revision "

static const char SQL_MEETING_GET[] = "SELECT " MEETING_COLUMNS "FROM meeting WHERE id = ?1";

static const char SQL_PRESENTERS[] =
	"SELECT org FROM meeting_presenter WHERE meeting_id = ?1 ORDER BY org";

static const char SQL_MEETING_UPDATE[] =
	"UPDATE meeting SET at = ?2, location = ?3, capacity = ?4, status = ?5, revision = ?6 "
	"WHERE id = ?1";

static const char SQL_MEETING_ITERATE[] =
	"SELECT " MEETING_COLUMNS "FROM meeting WHERE (?1 IS NULL OR org = ?1 OR target = ?1) "
	"AND at BETWEEN ?2 AND ?3 ORDER BY at, id";

static const char SQL_MEETING_TARGETS[] =
	"SELECT r.id, p.gemeente FROM meeting m "
	"JOIN route r ON r.gemeente = m.target "
	"JOIN ww_benefit b ON b.id = r.benefit_id "
	"JOIN person p ON p.id = r.person_id "
	"WHERE m.id = ?1 AND b.end_date BETWEEN m.ww_end_from AND m.ww_end_to "
	"AND NOT EXISTS (SELECT 1 FROM invitation i WHERE i.meeting_id = m.id "
	"AND i.route_id = r.id) ORDER BY r.id";

static const char SQL_INVITATION_INSERT[] =
	"INSERT INTO invitation (meeting_id, route_id, gemeente, variant, code_index, created_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (meeting_id, route_id) DO NOTHING";

static const char SQL_INVITATION_UPDATE[] =
	"UPDATE invitation SET response = ?2, responded_at = ?3, attended_at = ?4 WHERE id = ?1";

#define INVITEE_SELECT                                                                             \
	"SELECT i.id, i.meeting_id, i.route_id, i.gemeente, i.variant, i.code_index, i.response, " \
	"i.responded_at, i.attended_at, i.created_at, p.given_names, p.family_name, "              \
	"p.postcode, p.house_number, p.language, r.org, p.bsn_index, r.person_id "                 \
	"FROM invitation i JOIN route r ON r.id = i.route_id JOIN person p ON p.id = r.person_id "

static const char SQL_INVITATION_ITERATE[] = INVITEE_SELECT "WHERE i.meeting_id = ?1 ORDER BY i.id";

static const char SQL_INVITATION_BY_CODE[] = INVITEE_SELECT "WHERE i.code_index = ?1";

static const char SQL_INVITATION_COUNT[] =
	"SELECT count(*) FROM invitation WHERE meeting_id = ?1 AND response = ?2";

static const char SQL_MEETING_EVENT_INSERT[] =
	"INSERT INTO route_event (route_id, at, kind, actor, data, meeting_id) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static const char SQL_MEETING_EVENT_ITERATE[] =
	"SELECT i.id, e.route_id, e.at, e.kind, i.variant, i.gemeente FROM route_event e "
	"JOIN invitation i ON i.meeting_id = e.meeting_id AND i.route_id = e.route_id "
	"WHERE e.meeting_id = ?1 ORDER BY e.id";

/* Binds an expected-turnout bound: NULL when the range is not set. */
static int bind_expect(sqlite3_stmt *st, int i, const struct store_meeting *m, int v)
{
	return m->expect_low == 0 && m->expect_high == 0 ? sqlite3_bind_null(st, i)
							 : sqlite3_bind_int(st, i, v);
}

int sq_insert_meeting(struct store *s, struct store_meeting *m)
{
	sqlite3_stmt *st;
	const char *why = store_meeting_problem(m);
	if (why)
		return sq_hard(s, why);
	int ret = sq_stmt(s, SQ_MEETING_INSERT, SQL_MEETING_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sq_bind_text(st, 1, m->org) | sqlite3_bind_int64(st, 2, m->at) |
	     sq_bind_text(st, 3, m->location) | sqlite3_bind_int(st, 4, m->capacity) |
	     sq_bind_text(st, 5, m->target) | sq_bind_date(st, 6, m->ww_end_from) |
	     sq_bind_date(st, 7, m->ww_end_to) | sqlite3_bind_int(st, 8, m->variants) |
	     sqlite3_bind_int64(st, 9, m->seed) | bind_expect(st, 10, m, m->expect_low) |
	     bind_expect(st, 11, m, m->expect_high) |
	     sq_bind_text(st, 12, m->cancelled ? "cancelled" : "planned") |
	     sqlite3_bind_int64(st, 13, m->created_at) | sq_bind_text(st, 14, m->created_by)) !=
	    SQLITE_OK) {
		ret = sq_bind_fail(s, "insert_meeting");
		sq_done(st);
		return ret;
	}
	ret = sq_step_insert(s, st, "insert_meeting", &m->id);
	sq_done(st);
	if (ret == STORE_NONE)
		ret = sq_hard(s, "insert_meeting: no row inserted");
	for (int i = 0; ret == STORE_ONE && i < m->n_presenters; i++) {
		ret = sq_stmt(s, SQ_MEETING_PRESENTER_INSERT, SQL_PRESENTER_INSERT, &st);
		if (ret < 0)
			return ret;
		if ((sqlite3_bind_int64(st, 1, m->id) | sq_bind_text(st, 2, m->presenters[i])) !=
		    SQLITE_OK)
			ret = sq_bind_fail(s, "insert_meeting");
		else
			ret = sq_step_done(s, st, "insert_meeting: presenter");
		sq_done(st);
	}
	return ret;
}

static int read_meeting(struct store *s, sqlite3_stmt *st, struct store_meeting *m)
{
	memset(m, 0, sizeof *m);
	const char *status = sq_column_text(st, 12);
	m->id = sqlite3_column_int64(st, 0);
	m->at = sqlite3_column_int64(st, 2);
	m->capacity = sqlite3_column_int(st, 4);
	m->variants = sqlite3_column_int(st, 8);
	m->seed = sqlite3_column_int64(st, 9);
	m->expect_low = sqlite3_column_int(st, 10);
	m->expect_high = sqlite3_column_int(st, 11);
	m->cancelled = strcmp(status, "cancelled") == 0;
	m->created_at = sqlite3_column_int64(st, 13);
	m->revision = sqlite3_column_int(st, 15);
	if (sq_column_copy(st, 1, m->org, sizeof m->org) < 0 ||
	    sq_column_copy(st, 3, m->location, sizeof m->location) < 0 ||
	    sq_column_copy(st, 5, m->target, sizeof m->target) < 0 ||
	    sq_column_date(st, 6, &m->ww_end_from) < 0 ||
	    sq_column_date(st, 7, &m->ww_end_to) < 0 ||
	    sq_column_copy(st, 14, m->created_by, sizeof m->created_by) < 0)
		return sq_hard(s, "meeting: stored row is malformed");
	return STORE_ONE;
}

/* Adds the presenter of the row to the meeting cls. */
static int presenter_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_meeting *m = cls;
	if (m->n_presenters == STORE_MEETING_PRESENTERS_MAX ||
	    sq_column_copy(st, 0, m->presenters[m->n_presenters], sizeof m->presenters[0]) < 0)
		return sq_hard(s, "meeting_presenter: stored rows are malformed");
	m->n_presenters++;
	return 0;
}

static int read_presenters(struct store *s, struct store_meeting *m)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_MEETING_PRESENTERS, SQL_PRESENTERS, &st);
	if (ret < 0)
		return ret;
	if (sqlite3_bind_int64(st, 1, m->id) != SQLITE_OK) {
		ret = sq_bind_fail(s, "get_meeting");
		goto cleanup;
	}
	ret = sq_each_row(s, st, "get_meeting", presenter_row, m);
	if (ret == STORE_NONE)
		ret = STORE_ONE; /* a meeting without presenters */
cleanup:
	sq_done(st);
	return ret;
}

int sq_get_meeting(struct store *s, int64_t id, struct store_meeting *out)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_MEETING_GET, SQL_MEETING_GET, &st);
	if (ret < 0)
		return ret;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK) {
		ret = sq_bind_fail(s, "get_meeting");
		sq_done(st);
		return ret;
	}
	ret = sq_step_row(s, st, "get_meeting");
	if (ret == STORE_ONE)
		ret = read_meeting(s, st, out);
	sq_done(st);
	return ret == STORE_ONE ? read_presenters(s, out) : ret;
}

int sq_update_meeting(struct store *s, const struct store_meeting *m)
{
	sqlite3_stmt *st;
	const char *why = store_meeting_problem(m);
	if (why)
		return sq_hard(s, why);
	int ret = sq_stmt(s, SQ_MEETING_UPDATE, SQL_MEETING_UPDATE, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, m->id) | sqlite3_bind_int64(st, 2, m->at) |
	     sq_bind_text(st, 3, m->location) | sqlite3_bind_int(st, 4, m->capacity) |
	     sq_bind_text(st, 5, m->cancelled ? "cancelled" : "planned") |
	     sqlite3_bind_int(st, 6, m->revision)) != SQLITE_OK)
		ret = sq_bind_fail(s, "update_meeting");
	else if ((ret = sq_step_done(s, st, "update_meeting")) == STORE_ONE &&
		 sqlite3_changes(sq_of(s)->db) != 1)
		ret = STORE_NONE;
	sq_done(st);
	return ret;
}

static int meeting_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_each *each = cls;
	struct store_meeting m;
	int r = read_meeting(s, st, &m);
	return r < 0 ? r : each->cb.meeting(each->cls, &m);
}

int sq_iterate_meetings(struct store *s, const char *org, int64_t from_at, int64_t to_at,
			store_meeting_cb cb, void *cb_cls)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_MEETING_ITERATE, SQL_MEETING_ITERATE, &st);
	if (ret < 0)
		return ret;
	if ((sq_bind_text(st, 1, org) | sqlite3_bind_int64(st, 2, from_at) |
	     sqlite3_bind_int64(st, 3, to_at)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "iterate_meetings");
		goto cleanup;
	}
	struct store_each each = {.cb.meeting = cb, .cls = cb_cls};
	ret = sq_each_row(s, st, "iterate_meetings", meeting_row, &each);
cleanup:
	sq_done(st);
	return ret;
}

static int target_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_each *each = cls;
	struct store_target t = {
		.route_id = sqlite3_column_int64(st, 0),
		.gemeente = sq_column_text(st, 1),
	};
	(void)s;
	return each->cb.target(each->cls, &t);
}

int sq_iterate_meeting_targets(struct store *s, int64_t meeting_id, store_target_cb cb,
			       void *cb_cls)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_MEETING_TARGETS, SQL_MEETING_TARGETS, &st);
	if (ret < 0)
		return ret;
	if (sqlite3_bind_int64(st, 1, meeting_id) != SQLITE_OK) {
		ret = sq_bind_fail(s, "iterate_meeting_targets");
		goto cleanup;
	}
	struct store_each each = {.cb.target = cb, .cls = cb_cls};
	ret = sq_each_row(s, st, "iterate_meeting_targets", target_row, &each);
cleanup:
	sq_done(st);
	return ret;
}

int sq_insert_invitation(struct store *s, struct store_invitation *iv)
{
	sqlite3_stmt *st;
	char variant[2] = {iv->variant, '\0'};
	if (strnlen(iv->gemeente, sizeof iv->gemeente) == sizeof iv->gemeente)
		return sq_hard(s, "insert_invitation: gemeente is not terminated");
	int ret = sq_stmt(s, SQ_INVITATION_INSERT, SQL_INVITATION_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, iv->meeting_id) | sqlite3_bind_int64(st, 2, iv->route_id) |
	     sq_bind_text(st, 3, iv->gemeente) | sq_bind_text(st, 4, variant) |
	     sqlite3_bind_blob(st, 5, iv->code_index, STORE_CODE_INDEX_SIZE, SQLITE_STATIC) |
	     sqlite3_bind_int64(st, 6, iv->created_at)) != SQLITE_OK)
		ret = sq_bind_fail(s, "insert_invitation");
	else
		ret = sq_step_insert(s, st, "insert_invitation", &iv->id);
	sq_done(st);
	return ret;
}

/* Binds a moment that is NULL when 0. */
static int bind_opt_moment(sqlite3_stmt *st, int i, int64_t v)
{
	return v ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

int sq_update_invitation(struct store *s, const struct store_invitation *iv)
{
	sqlite3_stmt *st;
	const char *resp = store_response_name((int)iv->response);
	if (!resp)
		return sq_hard(s, "update_invitation: unknown response");
	int ret = sq_stmt(s, SQ_INVITATION_UPDATE, SQL_INVITATION_UPDATE, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, iv->id) | sq_bind_text(st, 2, resp) |
	     bind_opt_moment(st, 3, iv->responded_at) | bind_opt_moment(st, 4, iv->attended_at)) !=
	    SQLITE_OK)
		ret = sq_bind_fail(s, "update_invitation");
	else if ((ret = sq_step_done(s, st, "update_invitation")) == STORE_ONE &&
		 sqlite3_changes(sq_of(s)->db) != 1)
		ret = STORE_NONE;
	sq_done(st);
	return ret;
}

static int read_invitee(struct store *s, sqlite3_stmt *st, struct store_invitee *iv)
{
	struct store_invitation *inv = &iv->inv;
	memset(iv, 0, sizeof *iv);
	inv->id = sqlite3_column_int64(st, 0);
	inv->meeting_id = sqlite3_column_int64(st, 1);
	inv->route_id = sqlite3_column_int64(st, 2);
	inv->variant = sq_column_text(st, 4)[0];
	inv->responded_at = sqlite3_column_int64(st, 7);
	inv->attended_at = sqlite3_column_int64(st, 8);
	inv->created_at = sqlite3_column_int64(st, 9);
	iv->given_names = sq_column_text(st, 10);
	iv->family_name = sq_column_text(st, 11);
	iv->postcode = sq_column_text(st, 12);
	iv->house_number = sq_column_text(st, 13);
	iv->language = sq_column_text(st, 14);
	iv->route_org = sq_column_text(st, 15);
	iv->person_id = sqlite3_column_int64(st, 17);
	if (sq_column_copy(st, 3, inv->gemeente, sizeof inv->gemeente) < 0 ||
	    sqlite3_column_bytes(st, 5) != STORE_CODE_INDEX_SIZE ||
	    sqlite3_column_bytes(st, 16) != STORE_BSN_INDEX_SIZE ||
	    store_response_parse(sq_column_text(st, 6), &inv->response) < 0)
		return sq_hard(s, "invitation: stored row is malformed");
	memcpy(inv->code_index, sqlite3_column_blob(st, 5), STORE_CODE_INDEX_SIZE);
	memcpy(iv->bsn_index, sqlite3_column_blob(st, 16), STORE_BSN_INDEX_SIZE);
	return STORE_ONE;
}

static int invitee_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_each *each = cls;
	struct store_invitee iv;
	int r = read_invitee(s, st, &iv);
	return r < 0 ? r : each->cb.invitee(each->cls, &iv);
}

int sq_iterate_invitations(struct store *s, int64_t meeting_id, const unsigned char *code_index,
			   store_invitee_cb cb, void *cb_cls)
{
	sqlite3_stmt *st;
	int ret = code_index ? sq_stmt(s, SQ_INVITATION_BY_CODE, SQL_INVITATION_BY_CODE, &st)
			     : sq_stmt(s, SQ_INVITATION_ITERATE, SQL_INVITATION_ITERATE, &st);
	if (ret < 0)
		return ret;
	if ((code_index ? sqlite3_bind_blob(st, 1, code_index, STORE_CODE_INDEX_SIZE, SQLITE_STATIC)
			: sqlite3_bind_int64(st, 1, meeting_id)) != SQLITE_OK) {
		ret = sq_bind_fail(s, "iterate_invitations");
		goto cleanup;
	}
	struct store_each each = {.cb.invitee = cb, .cls = cb_cls};
	ret = sq_each_row(s, st, "iterate_invitations", invitee_row, &each);
cleanup:
	sq_done(st);
	return ret;
}

int sq_count_responses(struct store *s, int64_t meeting_id, enum store_response r, int64_t *count)
{
	sqlite3_stmt *st;
	const char *resp = store_response_name((int)r);
	if (!resp)
		return sq_hard(s, "count_responses: unknown response");
	int ret = sq_stmt(s, SQ_INVITATION_COUNT, SQL_INVITATION_COUNT, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, meeting_id) | sq_bind_text(st, 2, resp)) != SQLITE_OK)
		ret = sq_bind_fail(s, "count_responses");
	else
		ret = sq_step_int(s, st, "count_responses", count);
	sq_done(st);
	return ret;
}

int sq_insert_meeting_event(struct store *s, const struct store_event *e, int64_t meeting_id)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_MEETING_EVENT_INSERT, SQL_MEETING_EVENT_INSERT, &st);
	if (ret < 0)
		return ret;
	if ((sqlite3_bind_int64(st, 1, e->route_id) | sqlite3_bind_int64(st, 2, e->at) |
	     sq_bind_text(st, 3, e->kind) | sq_bind_text(st, 4, e->actor) |
	     sq_bind_text(st, 5, e->data ? e->data : "{}") |
	     sqlite3_bind_int64(st, 6, meeting_id)) != SQLITE_OK)
		ret = sq_bind_fail(s, "insert_meeting_event");
	else
		ret = sq_step_done(s, st, "insert_meeting_event");
	sq_done(st);
	return ret;
}

static int meeting_event_row(struct store *s, sqlite3_stmt *st, void *cls)
{
	struct store_each *each = cls;
	struct store_meeting_event e = {
		.invitation_id = sqlite3_column_int64(st, 0),
		.route_id = sqlite3_column_int64(st, 1),
		.at = sqlite3_column_int64(st, 2),
		.kind = sq_column_text(st, 3),
		.variant = sq_column_text(st, 4)[0],
		.gemeente = sq_column_text(st, 5),
	};
	(void)s;
	return each->cb.meeting_event(each->cls, &e);
}

int sq_iterate_meeting_events(struct store *s, int64_t meeting_id, store_meeting_event_cb cb,
			      void *cb_cls)
{
	sqlite3_stmt *st;
	int ret = sq_stmt(s, SQ_MEETING_EVENT_ITERATE, SQL_MEETING_EVENT_ITERATE, &st);
	if (ret < 0)
		return ret;
	if (sqlite3_bind_int64(st, 1, meeting_id) != SQLITE_OK) {
		ret = sq_bind_fail(s, "iterate_meeting_events");
		goto cleanup;
	}
	struct store_each each = {.cb.meeting_event = cb, .cls = cb_cls};
	ret = sq_each_row(s, st, "iterate_meeting_events", meeting_event_row, &each);
cleanup:
	sq_done(st);
	return ret;
}
