/* Attendance of a meeting from a CSV list, or from a list of invitation
 * ids and RSVP codes (the API) (app/meeting.h). Both become rows that are
 * matched and written the same way; only where problems go differs.
 *
 * The file is read and checked first (a bsn or code column; every row must
 * name someone); then, in one transaction, every row is matched to an
 * invitation of the meeting: by the BSN's blind index or the RSVP code's
 * index, so no BSN or code is ever compared in clear. One row that matches
 * nobody and nothing is written. Otherwise each newly matched invitation
 * gets an attended event, and every invitee who neither declined nor was
 * waitlisted and is not marked attended gets one no_show event: after the
 * list is in, they stayed away. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/meeting_int.h"
#include "app/rsvp_code.h"
#include "io/csv_in.h"

#define ATT_MAX_ROWS 100000
#define ATT_MAX_FIELD 256
#define ATT_MAX_FIELDS 64
#define ATT_MAX_RECORD 65536

enum by { BY_BSN, BY_CODE, BY_ID };
static const char *const by_name[] = {"bsn", "code", "invitation"};

struct row {
	long line; /* the CSV line, or the list entry's index */
	enum by by;
	unsigned char idx[STORE_CODE_INDEX_SIZE]; /* BSN or code index (both 16 bytes) */
	int64_t want;                             /* BY_ID: the invitation id */
	int64_t inv;                              /* matched invitation, 0 when none */
};

struct problem {
	long line;
	char field[12];
	char reason[96];
};

struct invitee_ix {
	struct store_invitation inv;
	unsigned char bsn_index[STORE_BSN_INDEX_SIZE];
	bool no_show; /* has a no_show event already */
};

struct att {
	struct app *a;
	const struct attendance_opts *o; /* the CSV; NULL for a list */
	attendance_problem_cb cb;        /* a list's problems */
	void *cb_cls;
	struct attendance_report *rep;
	int64_t meeting_id;
	int col_bsn, col_code; /* -1 when absent */
	bool header_seen;
	struct row *rows;
	size_t n_rows, cap_rows;
	struct problem *probs;
	size_t n_probs, cap_probs;
	struct invitee_ix *ivs;
	size_t n_ivs, cap_ivs;
	bool nomem;
};

_Static_assert(STORE_BSN_INDEX_SIZE == STORE_CODE_INDEX_SIZE, "one index buffer for both");

static void problem(struct att *t, long line, const char *field, const char *reason)
{
	if (t->n_probs == t->cap_probs) {
		size_t cap = t->cap_probs ? 2 * t->cap_probs : 32;
		struct problem *np = realloc(t->probs, cap * sizeof *np);
		if (!np) {
			t->nomem = true;
			return;
		}
		t->probs = np;
		t->cap_probs = cap;
	}
	struct problem *p = &t->probs[t->n_probs++];
	p->line = line;
	snprintf(p->field, sizeof p->field, "%s", field);
	snprintf(p->reason, sizeof p->reason, "%s", reason);
}

static bool is_column(const char *cell, const char *name)
{
	while (*cell == ' ')
		cell++;
	size_t n = strlen(name);
	if (strncasecmp(cell, name, n) != 0)
		return false;
	for (cell += n; *cell == ' '; cell++)
		;
	return *cell == '\0';
}

static int add_row(struct att *t, const struct row *row);

static int read_row(struct att *t, const struct csv_row *r)
{
	if (!t->header_seen) {
		t->header_seen = true;
		for (size_t i = 0; i < r->count; i++) {
			if (is_column(r->v[i], "bsn") && t->col_bsn < 0)
				t->col_bsn = (int)i;
			else if (is_column(r->v[i], "code") && t->col_code < 0)
				t->col_code = (int)i;
		}
		if (t->col_bsn < 0 && t->col_code < 0) {
			problem(t, r->line, "header", "a bsn or code column is required");
			return 1;
		}
		return 0;
	}
	t->rep->rows++;
	if (t->n_rows == ATT_MAX_ROWS) {
		problem(t, r->line, "file", "more than 100000 rows");
		return 1;
	}
	const char *bsn = t->col_bsn >= 0 && (size_t)t->col_bsn < r->count ? r->v[t->col_bsn] : "";
	const char *code =
		t->col_code >= 0 && (size_t)t->col_code < r->count ? r->v[t->col_code] : "";
	struct row row = {.line = r->line, .by = BY_BSN};
	if (*bsn) {
		char norm[BSN_SIZE];
		enum bsn_status st = bsn_normalise(bsn, strlen(bsn), norm);
		if (st != BSN_OK) {
			problem(t, r->line, "bsn", bsn_status_reason(st));
			return 0;
		}
		pii_bsn_index(&t->a->keys, norm, row.idx);
		sodium_memzero(norm, sizeof norm);
	} else if (*code) {
		char norm[MEETING_CODE_LEN + 1];
		if (rsvp_code_normalise(code, norm) != 0) {
			problem(t, r->line, "code", "not an RSVP code");
			return 0;
		}
		rsvp_code_index(&t->a->keys, norm, row.idx);
		row.by = BY_CODE;
	} else {
		problem(t, r->line, "row", "neither a bsn nor a code");
		return 0;
	}
	return add_row(t, &row);
}

static int add_row(struct att *t, const struct row *row)
{
	if (t->n_rows == t->cap_rows) {
		size_t cap = t->cap_rows ? 2 * t->cap_rows : 128;
		struct row *nr = realloc(t->rows, cap * sizeof *nr);
		if (!nr) {
			t->nomem = true;
			return 1;
		}
		t->rows = nr;
		t->cap_rows = cap;
	}
	t->rows[t->n_rows++] = *row;
	return 0;
}

static int on_row(void *cls, const struct csv_row *r)
{
	return read_row(cls, r);
}

static int load_invitee(void *cls, const struct store_invitee *iv)
{
	struct att *t = cls;
	if (t->n_ivs == t->cap_ivs) {
		size_t cap = t->cap_ivs ? 2 * t->cap_ivs : 256;
		struct invitee_ix *nv = realloc(t->ivs, cap * sizeof *nv);
		if (!nv)
			return STORE_HARD;
		t->ivs = nv;
		t->cap_ivs = cap;
	}
	struct invitee_ix *x = &t->ivs[t->n_ivs++];
	memset(x, 0, sizeof *x);
	x->inv = iv->inv;
	memcpy(x->bsn_index, iv->bsn_index, sizeof x->bsn_index);
	return 0;
}

static struct invitee_ix *find_invitation(struct att *t, int64_t id)
{
	for (size_t i = 0; i < t->n_ivs; i++)
		if (t->ivs[i].inv.id == id)
			return &t->ivs[i];
	return NULL;
}

static int mark_no_show(void *cls, const struct store_meeting_event *e)
{
	struct att *t = cls;
	if (strcmp(e->kind, "no_show") == 0) {
		struct invitee_ix *x = find_invitation(t, e->invitation_id);
		if (x)
			x->no_show = true;
	}
	return 0;
}

static int write_tx(struct app *a, void *cls)
{
	struct att *t = cls;
	struct store *s = a->store;
	t->n_ivs = 0;
	t->rep->registered = t->rep->already = t->rep->no_shows = 0;
	int rc = s->ops->iterate_invitations(s, t->meeting_id, NULL, load_invitee, t);
	if (rc < 0)
		return rc;
	size_t unmatched = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		struct row *r = &t->rows[i];
		r->inv = 0;
		for (size_t j = 0; j < t->n_ivs && !r->inv; j++) {
			const unsigned char *ix =
				r->by == BY_CODE ? t->ivs[j].inv.code_index : t->ivs[j].bsn_index;
			if (r->by == BY_ID ? t->ivs[j].inv.id == r->want
					   : sodium_memcmp(ix, r->idx, STORE_CODE_INDEX_SIZE) == 0)
				r->inv = t->ivs[j].inv.id;
		}
		unmatched += r->inv == 0;
	}
	if (unmatched > 0 || t->n_probs > 0)
		return STORE_NONE; /* nothing written; the caller reports the rows */
	if ((rc = s->ops->iterate_meeting_events(s, t->meeting_id, mark_no_show, t)) < 0)
		return rc;
	int64_t now = app_now();
	for (size_t i = 0; i < t->n_rows; i++) {
		struct invitee_ix *x = find_invitation(t, t->rows[i].inv);
		if (x->inv.attended_at) {
			t->rep->already++;
			continue;
		}
		char data[128], oid[24];
		x->inv.attended_at = now;
		snprintf(data, sizeof data, "{\"meeting\":%lld,\"invitation\":%lld,\"by\":\"%s\"}",
			 (long long)t->meeting_id, (long long)x->inv.id, by_name[t->rows[i].by]);
		snprintf(oid, sizeof oid, "%lld", (long long)x->inv.id);
		if ((rc = s->ops->update_invitation(s, &x->inv)) < 0 ||
		    (rc = meeting_event(a, t->meeting_id, x->inv.route_id, now, "attended", data)) <
			    0 ||
		    (rc = app_audit(a, "register_attendance", "invitation", oid,
				    "attendance of an information meeting")) < 0)
			return rc;
		t->rep->registered++;
	}
	for (size_t j = 0; j < t->n_ivs; j++) {
		struct invitee_ix *x = &t->ivs[j];
		if (x->inv.attended_at || x->no_show || x->inv.response == RESPONSE_DECLINED ||
		    x->inv.response == RESPONSE_WAITLISTED)
			continue;
		char data[96];
		snprintf(data, sizeof data, "{\"meeting\":%lld,\"invitation\":%lld}",
			 (long long)t->meeting_id, (long long)x->inv.id);
		if ((rc = meeting_event(a, t->meeting_id, x->inv.route_id, now, "no_show", data)) <
		    0)
			return rc;
		t->rep->no_shows++;
	}
	return STORE_ONE;
}

static int line_cmp(const void *a, const void *b)
{
	long la = ((const struct problem *)a)->line, lb = ((const struct problem *)b)->line;
	return (la > lb) - (la < lb);
}

static int report_problems(struct att *t)
{
	if (t->n_probs > 1)
		qsort(t->probs, t->n_probs, sizeof *t->probs, line_cmp);
	for (size_t i = 0; i < t->n_probs; i++) {
		if (t->o)
			fprintf(t->o->problems, "%s:%ld: %s: %s\n", t->o->path, t->probs[i].line,
				t->probs[i].field, t->probs[i].reason);
		else
			t->cb(t->cb_cls, t->probs[i].line, t->probs[i].reason);
	}
	t->rep->problems = (long)t->n_probs;
	return t->n_probs ? APP_INVALID : APP_OK;
}

/* The meeting may take attendance: the caller manages it, it has started
 * and is not cancelled. */
static int check_meeting(struct app *a, int64_t id, char *err, size_t errcap)
{
	struct store_meeting sm;
	int rc = meeting_gate(a, id, ACCESS_MANAGE_MEETING, err, errcap);
	if (rc == APP_OK)
		rc = meeting_load(a, id, &sm, err, errcap);
	if (rc != APP_OK)
		return rc;
	if (sm.cancelled || app_now() < sm.at) {
		snprintf(err, errcap, "meeting %lld %s", (long long)id,
			 sm.cancelled ? "is cancelled" : "has not started yet");
		return APP_INVALID;
	}
	return APP_OK;
}

/* Matches the rows read and writes them, all or nothing; what names the
 * list in messages. */
static int match_and_write(struct att *t, const char *what, char *err, size_t errcap)
{
	int rc = app_tx(t->a, write_tx, t);
	if (rc < 0) {
		snprintf(err, errcap, "database: %s", t->a->store->errmsg);
		return APP_FAIL;
	}
	for (size_t i = 0; i < t->n_rows; i++) {
		if (t->rows[i].inv == 0) {
			char why[96];
			snprintf(why, sizeof why, "not invited to meeting %lld",
				 (long long)t->meeting_id);
			problem(t, t->rows[i].line, by_name[t->rows[i].by], why);
		}
	}
	if (t->nomem) {
		snprintf(err, errcap, "out of memory");
		return APP_FAIL;
	}
	int status = report_problems(t);
	if (status != APP_OK)
		snprintf(err, errcap, "%zu problems in %s: nothing registered", t->n_probs, what);
	return status;
}

static void att_free(struct att *t)
{
	if (t->rows)
		sodium_memzero(t->rows, t->cap_rows * sizeof *t->rows);
	free(t->rows);
	free(t->probs);
	free(t->ivs);
}

int app_meeting_attendance(struct app *a, int64_t id, const struct attendance_opts *o,
			   struct attendance_report *rep, char *err, size_t errcap)
{
	struct att t = {
		.a = a, .o = o, .rep = rep, .meeting_id = id, .col_bsn = -1, .col_code = -1};
	int status = APP_FAIL;
	memset(rep, 0, sizeof *rep);
	int rc = check_meeting(a, id, err, errcap);
	if (rc != APP_OK)
		return rc;
	FILE *f = fopen(o->path, "rb");
	if (!f) {
		snprintf(err, errcap, "cannot open %s", o->path);
		return APP_FAIL;
	}
	struct csv_in_opts copts = {
		.max_field = ATT_MAX_FIELD,
		.max_fields = ATT_MAX_FIELDS,
		.max_record = ATT_MAX_RECORD,
		.on_row = on_row,
		.cls = &t,
	};
	struct csv_in_result res;
	enum csv_in_status st = csv_in_read(f, &copts, &res);
	fclose(f);
	if (t.nomem) {
		snprintf(err, errcap, "out of memory");
		goto cleanup;
	}
	if (st != CSV_IN_OK && st != CSV_IN_STOPPED)
		problem(&t, res.line, "file",
			res.message[0] ? res.message : "cannot read the file");
	else if (!t.header_seen)
		problem(&t, 1, "file", "empty file: a header row is required");
	else if (t.rep->rows == 0)
		problem(&t, 1, "file", "no rows: an empty list would mark everyone absent");
	/* A file that could not be read to its end, or without its columns, is
	 * not matched; otherwise rows that name nobody are reported along with
	 * malformed ones. */
	if (st != CSV_IN_OK || t.col_bsn + t.col_code == -2) {
		status = report_problems(&t);
		snprintf(err, errcap, "%zu problems in %s: nothing registered", t.n_probs, o->path);
		goto cleanup;
	}
	status = match_and_write(&t, o->path, err, errcap);
cleanup:
	att_free(&t);
	return status;
}

int app_meeting_attendance_list(struct app *a, int64_t id, const struct attendance_entry *e,
				size_t n, attendance_problem_cb cb, void *cls,
				struct attendance_report *rep, char *err, size_t errcap)
{
	struct att t = {.a = a, .cb = cb, .cb_cls = cls, .rep = rep, .meeting_id = id};
	memset(rep, 0, sizeof *rep);
	if (n == 0 || n > ATTENDANCE_LIST_MAX) {
		snprintf(err, errcap, "1 to %d entries", ATTENDANCE_LIST_MAX);
		return APP_INVALID;
	}
	int rc = check_meeting(a, id, err, errcap);
	if (rc != APP_OK)
		return rc;
	for (size_t i = 0; i < n && !t.nomem; i++) {
		struct row row = {.line = (long)i, .by = BY_ID, .want = e[i].invitation_id};
		rep->rows++;
		if (e[i].code) {
			char norm[MEETING_CODE_LEN + 1];
			row.by = BY_CODE;
			if (rsvp_code_normalise(e[i].code, norm) != 0) {
				problem(&t, (long)i, "code", "not an RSVP code");
				continue;
			}
			rsvp_code_index(&a->keys, norm, row.idx);
		} else if (row.want <= 0) {
			problem(&t, (long)i, "invitation", "not an invitation id");
			continue;
		}
		add_row(&t, &row);
	}
	int status = APP_FAIL;
	if (t.nomem)
		snprintf(err, errcap, "out of memory");
	else
		status = match_and_write(&t, "the list", err, errcap);
	att_free(&t);
	return status;
}
