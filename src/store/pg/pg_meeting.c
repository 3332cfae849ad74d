/* Information meetings, invitations and meeting events (PostgreSQL). */
#include "store/pg/pg.h"

#include <string.h>

static const char SQL_MEETING_INSERT[] =
	"INSERT INTO meeting (org, at, location, capacity, target, ww_end_from, ww_end_to, "
	"variants, seed, expect_low, expect_high, status, created_at, created_by) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";

static const char SQL_PRESENTER_INSERT[] =
	"INSERT INTO meeting_presenter (meeting_id, org) VALUES ($1, $2)";

#define MEETING_COLUMNS                                                                            \
	"id, org, at, location, capacity, target, ww_end_from, ww_end_to, variants, seed, "        \
	"coalesce(expect_low, 0), coalesce(expect_high, 0), status, created_at, created_by, "      \
	"revision "

static const char SQL_MEETING_GET[] = "SELECT " MEETING_COLUMNS "FROM meeting WHERE id = $1";

static const char SQL_PRESENTERS[] =
	"SELECT org FROM meeting_presenter WHERE meeting_id = $1 ORDER BY org";

static const char SQL_MEETING_UPDATE[] =
	"UPDATE meeting SET at = $2, location = $3, capacity = $4, status = $5, revision = $6 "
	"WHERE id = $1";

static const char SQL_MEETING_ITERATE[] =
	"SELECT " MEETING_COLUMNS
	"FROM meeting WHERE ($1::text IS NULL OR org = $1 OR target = $1) "
	"AND at BETWEEN $2 AND $3 ORDER BY at, id";

static const char SQL_MEETING_TARGETS[] =
	"SELECT r.id, p.gemeente FROM meeting m "
	"JOIN route r ON r.gemeente = m.target "
	"JOIN ww_benefit b ON b.id = r.benefit_id "
	"JOIN person p ON p.id = r.person_id "
	"WHERE m.id = $1 AND b.end_date BETWEEN m.ww_end_from AND m.ww_end_to "
	"AND NOT EXISTS (SELECT 1 FROM invitation i WHERE i.meeting_id = m.id "
	"AND i.route_id = r.id) ORDER BY r.id";

static const char SQL_INVITATION_INSERT[] =
	"INSERT INTO invitation (meeting_id, route_id, gemeente, variant, code_index, created_at) "
	"VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (meeting_id, route_id) DO NOTHING "
	"RETURNING id";

static const char SQL_INVITATION_UPDATE[] =
	"UPDATE invitation SET response = $2, responded_at = $3, attended_at = $4 WHERE id = $1";

#define INVITEE_SELECT                                                                             \
	"SELECT i.id, i.meeting_id, i.route_id, i.gemeente, i.variant, i.code_index, i.response, " \
	"coalesce(i.responded_at, 0), coalesce(i.attended_at, 0), i.created_at, "                  \
	"coalesce(p.given_names, ''), p.family_name, coalesce(p.postcode, ''), "                   \
	"coalesce(p.house_number, ''), coalesce(p.language, ''), r.org, p.bsn_index, "             \
	"r.person_id "                                                                             \
	"FROM invitation i JOIN route r ON r.id = i.route_id JOIN person p ON p.id = r.person_id "

static const char SQL_INVITATION_ITERATE[] = INVITEE_SELECT "WHERE i.meeting_id = $1 ORDER BY i.id";

static const char SQL_INVITATION_BY_CODE[] = INVITEE_SELECT "WHERE i.code_index = $1";

static const char SQL_INVITATION_COUNT[] =
	"SELECT count(*) FROM invitation WHERE meeting_id = $1 AND response = $2";

static const char SQL_MEETING_EVENT_INSERT[] =
	"INSERT INTO route_event (route_id, at, kind, actor, data, meeting_id) "
	"VALUES ($1, $2, $3, $4, $5::jsonb, $6)";

static const char SQL_MEETING_EVENT_ITERATE[] =
	"SELECT i.id, e.route_id, e.at, e.kind, i.variant, i.gemeente FROM route_event e "
	"JOIN invitation i ON i.meeting_id = e.meeting_id AND i.route_id = e.route_id "
	"WHERE e.meeting_id = $1 ORDER BY e.id";

static int get_small(const PGresult *res, int row, int col, int *out)
{
	int64_t v;
	if (pg_get_int(res, row, col, &v) < 0 || v < INT32_MIN || v > INT32_MAX)
		return -1;
	*out = (int)v;
	return 0;
}

static void p_expect(struct pg_params *pp, const struct store_meeting *m, int v)
{
	if (m->expect_low == 0 && m->expect_high == 0)
		pg_p_null(pp);
	else
		pg_p_int(pp, v);
}

int pg_insert_meeting(struct store *s, struct store_meeting *m)
{
	struct pg_params pp = {0};
	const char *why = store_meeting_problem(m);
	if (why)
		return pg_hard(s, why);
	pg_p_text(&pp, m->org);
	pg_p_int(&pp, m->at);
	pg_p_text(&pp, m->location);
	pg_p_int(&pp, m->capacity);
	pg_p_text(&pp, m->target);
	pg_p_date(&pp, m->ww_end_from);
	pg_p_date(&pp, m->ww_end_to);
	pg_p_int(&pp, m->variants);
	pg_p_int(&pp, m->seed);
	p_expect(&pp, m, m->expect_low);
	p_expect(&pp, m, m->expect_high);
	pg_p_text(&pp, m->cancelled ? "cancelled" : "planned");
	pg_p_int(&pp, m->created_at);
	pg_p_text(&pp, m->created_by);
	int ret = pg_exec_int(s, PG_MEETING_INSERT, SQL_MEETING_INSERT, &pp, "insert_meeting",
			      &m->id);
	if (ret == STORE_NONE)
		ret = pg_hard(s, "insert_meeting: no row inserted");
	for (int i = 0; ret == STORE_ONE && i < m->n_presenters; i++) {
		struct pg_params pr = {0};
		pg_p_int(&pr, m->id);
		pg_p_text(&pr, m->presenters[i]);
		ret = pg_exec_done(s, PG_MEETING_PRESENTER_INSERT, SQL_PRESENTER_INSERT, &pr,
				   "insert_meeting: presenter", NULL);
	}
	return ret;
}

static int read_meeting(struct store *s, const PGresult *res, int row, struct store_meeting *m)
{
	memset(m, 0, sizeof *m);
	char status[16];
	if (pg_get_int(res, row, 0, &m->id) < 0 ||
	    pg_value_copy(res, row, 1, m->org, sizeof m->org) < 0 ||
	    pg_get_int(res, row, 2, &m->at) < 0 ||
	    pg_value_copy(res, row, 3, m->location, sizeof m->location) < 0 ||
	    get_small(res, row, 4, &m->capacity) < 0 ||
	    pg_value_copy(res, row, 5, m->target, sizeof m->target) < 0 ||
	    pg_get_date(res, row, 6, &m->ww_end_from) < 0 ||
	    pg_get_date(res, row, 7, &m->ww_end_to) < 0 ||
	    get_small(res, row, 8, &m->variants) < 0 || pg_get_int(res, row, 9, &m->seed) < 0 ||
	    get_small(res, row, 10, &m->expect_low) < 0 ||
	    get_small(res, row, 11, &m->expect_high) < 0 ||
	    pg_value_copy(res, row, 12, status, sizeof status) < 0 ||
	    pg_get_int(res, row, 13, &m->created_at) < 0 ||
	    pg_value_copy(res, row, 14, m->created_by, sizeof m->created_by) < 0 ||
	    get_small(res, row, 15, &m->revision) < 0)
		return pg_hard(s, "meeting: stored row is malformed");
	m->cancelled = strcmp(status, "cancelled") == 0;
	return STORE_ONE;
}

/* Adds the presenter of the row to the meeting cls. */
static int presenter_row(struct store *s, const PGresult *res, int i, void *cls)
{
	struct store_meeting *m = cls;
	if (m->n_presenters == STORE_MEETING_PRESENTERS_MAX ||
	    pg_value_copy(res, i, 0, m->presenters[m->n_presenters], sizeof m->presenters[0]) < 0)
		return pg_hard(s, "meeting_presenter: stored rows are malformed");
	m->n_presenters++;
	return 0;
}

static int read_presenters(struct store *s, struct store_meeting *m)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_int(&pp, m->id);
	int ret = pg_exec(s, PG_MEETING_PRESENTERS, SQL_PRESENTERS, &pp, "get_meeting", &res);
	if (ret < 0)
		return ret;
	ret = pg_each_row(s, res, presenter_row, m);
	if (ret == STORE_NONE)
		ret = STORE_ONE; /* a meeting without presenters */
	PQclear(res);
	return ret;
}

int pg_get_meeting(struct store *s, int64_t id, struct store_meeting *out)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_int(&pp, id);
	int ret = pg_exec(s, PG_MEETING_GET, SQL_MEETING_GET, &pp, "get_meeting", &res);
	if (ret < 0)
		return ret;
	ret = PQntuples(res) == 0 ? STORE_NONE : read_meeting(s, res, 0, out);
	PQclear(res);
	return ret == STORE_ONE ? read_presenters(s, out) : ret;
}

int pg_update_meeting(struct store *s, const struct store_meeting *m)
{
	struct pg_params pp = {0};
	int64_t n = 0;
	const char *why = store_meeting_problem(m);
	if (why)
		return pg_hard(s, why);
	pg_p_int(&pp, m->id);
	pg_p_int(&pp, m->at);
	pg_p_text(&pp, m->location);
	pg_p_int(&pp, m->capacity);
	pg_p_text(&pp, m->cancelled ? "cancelled" : "planned");
	pg_p_int(&pp, m->revision);
	int ret = pg_exec_done(s, PG_MEETING_UPDATE, SQL_MEETING_UPDATE, &pp, "update_meeting", &n);
	return ret < 0 ? ret : n == 1 ? STORE_ONE : STORE_NONE;
}

static int meeting_row(struct store *s, const PGresult *res, int i, void *cls)
{
	struct store_each *each = cls;
	struct store_meeting m;
	int r = read_meeting(s, res, i, &m);
	return r < 0 ? r : each->cb.meeting(each->cls, &m);
}

int pg_iterate_meetings(struct store *s, const char *org, int64_t from_at, int64_t to_at,
			store_meeting_cb cb, void *cb_cls)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_text(&pp, org);
	pg_p_int(&pp, from_at);
	pg_p_int(&pp, to_at);
	int ret =
		pg_exec(s, PG_MEETING_ITERATE, SQL_MEETING_ITERATE, &pp, "iterate_meetings", &res);
	if (ret < 0)
		return ret;
	struct store_each each = {.cb.meeting = cb, .cls = cb_cls};
	ret = pg_each_row(s, res, meeting_row, &each);
	PQclear(res);
	return ret;
}

static int target_row(struct store *s, const PGresult *res, int i, void *cls)
{
	struct store_each *each = cls;
	struct store_target t = {.gemeente = PQgetvalue(res, i, 1)};
	if (pg_get_int(res, i, 0, &t.route_id) < 0)
		return pg_hard(s, "iterate_meeting_targets: malformed row");
	return each->cb.target(each->cls, &t);
}

int pg_iterate_meeting_targets(struct store *s, int64_t meeting_id, store_target_cb cb,
			       void *cb_cls)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_int(&pp, meeting_id);
	int ret = pg_exec(s, PG_MEETING_TARGETS, SQL_MEETING_TARGETS, &pp,
			  "iterate_meeting_targets", &res);
	if (ret < 0)
		return ret;
	struct store_each each = {.cb.target = cb, .cls = cb_cls};
	ret = pg_each_row(s, res, target_row, &each);
	PQclear(res);
	return ret;
}

int pg_insert_invitation(struct store *s, struct store_invitation *iv)
{
	struct pg_params pp = {0};
	char variant[2] = {iv->variant, '\0'};
	if (strnlen(iv->gemeente, sizeof iv->gemeente) == sizeof iv->gemeente)
		return pg_hard(s, "insert_invitation: gemeente is not terminated");
	pg_p_int(&pp, iv->meeting_id);
	pg_p_int(&pp, iv->route_id);
	pg_p_text(&pp, iv->gemeente);
	pg_p_text(&pp, variant);
	pg_p_bytes(&pp, iv->code_index, STORE_CODE_INDEX_SIZE);
	pg_p_int(&pp, iv->created_at);
	return pg_exec_int(s, PG_INVITATION_INSERT, SQL_INVITATION_INSERT, &pp, "insert_invitation",
			   &iv->id);
}

static void p_opt_moment(struct pg_params *pp, int64_t v)
{
	if (v)
		pg_p_int(pp, v);
	else
		pg_p_null(pp);
}

int pg_update_invitation(struct store *s, const struct store_invitation *iv)
{
	struct pg_params pp = {0};
	int64_t n = 0;
	const char *resp = store_response_name((int)iv->response);
	if (!resp)
		return pg_hard(s, "update_invitation: unknown response");
	pg_p_int(&pp, iv->id);
	pg_p_text(&pp, resp);
	p_opt_moment(&pp, iv->responded_at);
	p_opt_moment(&pp, iv->attended_at);
	int ret = pg_exec_done(s, PG_INVITATION_UPDATE, SQL_INVITATION_UPDATE, &pp,
			       "update_invitation", &n);
	return ret < 0 ? ret : n == 1 ? STORE_ONE : STORE_NONE;
}

static int read_invitee(struct store *s, const PGresult *res, int row, struct store_invitee *iv)
{
	struct store_invitation *inv = &iv->inv;
	char response[16];
	size_t n1 = 0, n2 = 0;
	memset(iv, 0, sizeof *iv);
	if (pg_get_int(res, row, 0, &inv->id) < 0 ||
	    pg_get_int(res, row, 1, &inv->meeting_id) < 0 ||
	    pg_get_int(res, row, 2, &inv->route_id) < 0 ||
	    pg_value_copy(res, row, 3, inv->gemeente, sizeof inv->gemeente) < 0 ||
	    PQgetlength(res, row, 4) != 1 ||
	    pg_get_bytes(res, row, 5, inv->code_index, STORE_CODE_INDEX_SIZE, &n1) < 0 ||
	    n1 != STORE_CODE_INDEX_SIZE ||
	    pg_value_copy(res, row, 6, response, sizeof response) < 0 ||
	    store_response_parse(response, &inv->response) < 0 ||
	    pg_get_int(res, row, 7, &inv->responded_at) < 0 ||
	    pg_get_int(res, row, 8, &inv->attended_at) < 0 ||
	    pg_get_int(res, row, 9, &inv->created_at) < 0 ||
	    pg_get_bytes(res, row, 16, iv->bsn_index, STORE_BSN_INDEX_SIZE, &n2) < 0 ||
	    n2 != STORE_BSN_INDEX_SIZE || pg_get_int(res, row, 17, &iv->person_id) < 0)
		return pg_hard(s, "invitation: stored row is malformed");
	inv->variant = PQgetvalue(res, row, 4)[0];
	iv->given_names = PQgetvalue(res, row, 10);
	iv->family_name = PQgetvalue(res, row, 11);
	iv->postcode = PQgetvalue(res, row, 12);
	iv->house_number = PQgetvalue(res, row, 13);
	iv->language = PQgetvalue(res, row, 14);
	iv->route_org = PQgetvalue(res, row, 15);
	return STORE_ONE;
}

static int invitee_row(struct store *s, const PGresult *res, int i, void *cls)
{
	struct store_each *each = cls;
	struct store_invitee iv;
	int r = read_invitee(s, res, i, &iv);
	return r < 0 ? r : each->cb.invitee(each->cls, &iv);
}

int pg_iterate_invitations(struct store *s, int64_t meeting_id, const unsigned char *code_index,
			   store_invitee_cb cb, void *cb_cls)
{
	struct pg_params pp = {0};
	PGresult *res;
	int ret;
	if (code_index) {
		pg_p_bytes(&pp, code_index, STORE_CODE_INDEX_SIZE);
		ret = pg_exec(s, PG_INVITATION_BY_CODE, SQL_INVITATION_BY_CODE, &pp,
			      "iterate_invitations", &res);
	} else {
		pg_p_int(&pp, meeting_id);
		ret = pg_exec(s, PG_INVITATION_ITERATE, SQL_INVITATION_ITERATE, &pp,
			      "iterate_invitations", &res);
	}
	if (ret < 0)
		return ret;
	struct store_each each = {.cb.invitee = cb, .cls = cb_cls};
	ret = pg_each_row(s, res, invitee_row, &each);
	PQclear(res);
	return ret;
}

int pg_count_responses(struct store *s, int64_t meeting_id, enum store_response r, int64_t *count)
{
	struct pg_params pp = {0};
	const char *resp = store_response_name((int)r);
	if (!resp)
		return pg_hard(s, "count_responses: unknown response");
	pg_p_int(&pp, meeting_id);
	pg_p_text(&pp, resp);
	return pg_exec_int(s, PG_INVITATION_COUNT, SQL_INVITATION_COUNT, &pp, "count_responses",
			   count);
}

int pg_insert_meeting_event(struct store *s, const struct store_event *e, int64_t meeting_id)
{
	struct pg_params pp = {0};
	pg_p_int(&pp, e->route_id);
	pg_p_int(&pp, e->at);
	pg_p_text(&pp, e->kind);
	pg_p_text(&pp, e->actor);
	pg_p_text(&pp, e->data ? e->data : "{}");
	pg_p_int(&pp, meeting_id);
	return pg_exec_done(s, PG_MEETING_EVENT_INSERT, SQL_MEETING_EVENT_INSERT, &pp,
			    "insert_meeting_event", NULL);
}

static int meeting_event_row(struct store *s, const PGresult *res, int i, void *cls)
{
	struct store_each *each = cls;
	struct store_meeting_event e = {
		.kind = PQgetvalue(res, i, 3),
		.variant = PQgetvalue(res, i, 4)[0],
		.gemeente = PQgetvalue(res, i, 5),
	};
	if (pg_get_int(res, i, 0, &e.invitation_id) < 0 || pg_get_int(res, i, 1, &e.route_id) < 0 ||
	    pg_get_int(res, i, 2, &e.at) < 0)
		return pg_hard(s, "iterate_meeting_events: malformed row");
	return each->cb.meeting_event(each->cls, &e);
}

int pg_iterate_meeting_events(struct store *s, int64_t meeting_id, store_meeting_event_cb cb,
			      void *cb_cls)
{
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_int(&pp, meeting_id);
	int ret = pg_exec(s, PG_MEETING_EVENT_ITERATE, SQL_MEETING_EVENT_ITERATE, &pp,
			  "iterate_meeting_events", &res);
	if (ret < 0)
		return ret;
	struct store_each each = {.cb.meeting_event = cb, .cls = cb_cls};
	ret = pg_each_row(s, res, meeting_event_row, &each);
	PQclear(res);
	return ret;
}
