/* Letters for the invitees of a meeting (issue 5, section 2): one PDF with
 * every letter, or one PDF per person, and one route event "letter_made"
 * per letter (who, template version, locale, variant, pages), written in
 * one transaction once the PDFs are complete.
 *
 * Who gets which letter follows from what the letter says: the invitation,
 * "what changes when your WW ends" and the notice of a move or cancellation
 * go to every invitee; the reminder ("we have not heard from you") only to
 * those who have not answered, and only before the meeting; the follow-up
 * ("you were not there") only to those not registered as attended, and
 * only once attendance has been registered after the meeting. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/letters.h"
#include "app/meeting.h"

struct made_row {
	int64_t route_id, invitation_id;
	struct letter_made made;
};

struct meeting_run {
	struct letters_batch *b;
	enum { TO_ALL, TO_UNANSWERED, TO_ABSENT } to;
	struct letter_meeting lm;
	const struct gemeente *muni; /* the meeting's target municipality */
	struct made_row *rows;
	size_t n, cap;
	char err[512];
	int status;
};

/* One invitee's letter: the address block has what the person record holds
 * (postcode, house number, municipality); the RSVP code and the variant
 * come from the invitation. */
static int one_letter(void *cls, const struct invitee *iv)
{
	struct meeting_run *r = cls;
	if ((r->to == TO_UNANSWERED && iv->response != RESPONSE_NONE) ||
	    (r->to == TO_ABSENT && iv->attended))
		return 0;
	char addr[256], file_id[32], why[400];
	const struct gemeente *g = r->muni;
	snprintf(addr, sizeof addr, "%s %s\n%s", iv->postcode ? iv->postcode : "",
		 iv->house_number ? iv->house_number : "", g ? g->name : "");
	snprintf(file_id, sizeof file_id, "%lld", (long long)iv->invitation_id);
	char variant[2] = {iv->variant == 'B' ? 'B' : iv->variant == 'A' ? 'A' : '\0', '\0'};
	struct letter_person p = {
		.given_names = iv->given_names,
		.family_name = iv->family_name,
		.address = addr,
		.gemeente = iv->gemeente,
		.language = iv->language,
		.variant = variant,
		.code = iv->code,
		.file_id = file_id,
	};
	if (r->n == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 64;
		struct made_row *nr = nc > LETTERS_MAX ? NULL : realloc(r->rows, nc * sizeof *nr);
		if (!nr) {
			snprintf(r->err, sizeof r->err, "more than %d letters, or out of memory",
				 LETTERS_MAX);
			r->status = APP_FAIL;
			return 1;
		}
		r->rows = nr;
		r->cap = nc;
	}
	struct made_row *row = &r->rows[r->n];
	row->route_id = iv->route_id;
	row->invitation_id = iv->invitation_id;
	int rc = letters_add(r->b, &p, &r->lm, &row->made, why, sizeof why);
	if (rc != APP_OK) {
		snprintf(r->err, sizeof r->err, "invitation %lld: %s", (long long)iv->invitation_id,
			 why);
		r->status = rc;
		return 1;
	}
	r->n++;
	return 0;
}

struct record_ctx {
	const struct meeting_run *r;
	int64_t meeting_id;
	const char *kind;
};

static int record_events(struct app *a, void *cls)
{
	const struct record_ctx *c = cls;
	int64_t now = app_now();
	for (size_t i = 0; i < c->r->n; i++) {
		const struct made_row *m = &c->r->rows[i];
		json_t *d = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:i}", "meeting_id",
				      (json_int_t)c->meeting_id, "invitation_id",
				      (json_int_t)m->invitation_id, "template", c->kind, "version",
				      (json_int_t)m->made.version, "locale", m->made.locale,
				      "variant", m->made.variant, "pages", m->made.pages);
		char *text = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		json_decref(d);
		if (!text)
			return STORE_HARD;
		struct store_event e = {.route_id = m->route_id,
					.at = now,
					.kind = "letter_made",
					.actor = a->actor,
					.data = text};
		int rc = a->store->ops->insert_meeting_event(a->store, &e, c->meeting_id);
		free(text);
		if (rc < 0)
			return rc;
	}
	return STORE_ONE;
}

/* Sets r->to for kind, and refuses a reminder once the meeting has started
 * and a follow-up before its attendance is registered. */
static int recipients(struct app *a, const struct meeting *m, const char *kind,
		      struct meeting_run *r, char *err, size_t errcap)
{
	r->to = TO_ALL;
	if (!kind)
		return APP_OK;
	if (strcmp(kind, "reminder") == 0) {
		r->to = TO_UNANSWERED;
		if (app_now() >= m->at) {
			snprintf(err, errcap,
				 "meeting %lld has started: a reminder is only sent before it",
				 (long long)m->id);
			return APP_INVALID;
		}
	} else if (strcmp(kind, "follow_up") == 0) {
		r->to = TO_ABSENT;
		struct meeting_funnel f;
		int rc = app_meeting_funnel(a, m->id, &f, err, errcap);
		if (rc != APP_OK)
			return rc;
		bool registered = f.past && f.total.attended + f.total.no_show > 0;
		meeting_funnel_free(&f);
		if (!registered) {
			snprintf(err, errcap,
				 "meeting %lld: the follow-up is for those who did not come; "
				 "register "
				 "the attendance first (overstap meeting attendance %lld FILE.csv)",
				 (long long)m->id, (long long)m->id);
			return APP_INVALID;
		}
	}
	return APP_OK;
}

int app_letters_meeting(struct app *a, const struct letters_opts *o, int64_t meeting_id,
			long *letters, long *pages, char *err, size_t errcap)
{
	struct meeting m;
	struct meeting_run r = {.status = APP_OK};
	int rc = app_meeting_get(a, meeting_id, &m, err, errcap);
	if (rc != APP_OK)
		return rc;
	/* A cancelled meeting gets only its notice. */
	bool notice = o->kind && strcmp(o->kind, "notice") == 0;
	if (m.status == MEETING_CANCELLED && !notice) {
		snprintf(err, errcap, "meeting %lld is cancelled: only --template notice",
			 (long long)meeting_id);
		return APP_INVALID;
	}
	rc = recipients(a, &m, o->kind, &r, err, errcap);
	if (rc != APP_OK)
		return rc;
	struct letters_opts opts = *o;
	if (!opts.org)
		opts.org = m.org;
	r.lm.at = m.at;
	r.lm.location = m.location;
	r.lm.cancelled = m.status == MEETING_CANCELLED;
	r.muni = gemeenten_find(&a->gemeenten, m.target);
	rc = letters_begin(a, &opts, NULL, &r.b, err, errcap);
	if (rc != APP_OK)
		return rc;
	rc = app_meeting_invitees(a, meeting_id, "letters", one_letter, &r, err, errcap);
	if (r.status != APP_OK) {
		snprintf(err, errcap, "%s", r.err);
		rc = r.status;
	}
	if (rc != APP_OK) {
		letters_abort(r.b);
		goto cleanup;
	}
	if (r.n == 0) {
		letters_abort(r.b);
		if (r.to == TO_ALL)
			snprintf(err, errcap,
				 "meeting %lld has no invitations (run meeting invite first)",
				 (long long)meeting_id);
		else
			snprintf(err, errcap, "no invitee of meeting %lld needs a %s letter (%s)",
				 (long long)meeting_id, o->kind,
				 r.to == TO_UNANSWERED ? "everyone has answered" : "everyone came");
		rc = APP_INVALID;
		goto cleanup;
	}
	rc = letters_end(r.b, letters, pages, err, errcap);
	if (rc != APP_OK)
		goto cleanup;
	struct record_ctx c = {.r = &r, .meeting_id = meeting_id, .kind = opts.kind};
	if (app_tx(a, record_events, &c) < 0) {
		snprintf(err, errcap, "recording the letters: %s", a->store->errmsg);
		rc = APP_FAIL;
	}
cleanup:
	free(r.rows);
	return rc;
}
