/* The store: every read and write overstap makes, as typed operations.
 *
 * A backend fills in a struct store_ops; the app never sees SQL. SQLite is
 * the first backend (src/store/sqlite/); PostgreSQL is the second
 * (src/store/pg/). Both give the same results for the same calls; where they
 * differ (locking, what an error inside a transaction leaves usable) the
 * backend's private header says so.
 *
 * Status values (enum store_status) follow one convention for every
 * operation: < 0 is an error (STORE_SOFT may succeed when the whole
 * transaction is retried: busy, serialization failure, deadlock), 0 means no
 * row, 1 means one row or success.
 *
 * Dates are cdate (civil days), moments are int64 UTC seconds. Text passed in
 * is borrowed for the call; text handed to a callback is borrowed until the
 * callback returns. */
#ifndef OVERSTAP_STORE_H
#define OVERSTAP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/date.h"

enum store_status {
	STORE_HARD = -2, /* error that a retry will not fix */
	STORE_SOFT = -1, /* transient: retry the transaction */
	STORE_NONE = 0,  /* no row / nothing to do */
	STORE_ONE = 1,   /* one row / done */
};

#define STORE_ORG_CODE_MAX 32
#define STORE_ORG_NAME_MAX 128
#define STORE_BSN_INDEX_SIZE 16 /* keyed BLAKE2b-128 of the BSN */
#define STORE_BSN_ENC_MAX 64    /* nonce + ciphertext + tag */

enum org_kind { ORG_GEMEENTE, ORG_UWV, ORG_PARTNER };

struct store_org {
	char code[STORE_ORG_CODE_MAX + 1];
	char name[STORE_ORG_NAME_MAX + 1];
	enum org_kind kind;
	int window_months; /* Max-WW window (3..6); meaningful for gemeenten */
};

/* "gemeente", "uwv", "partner"; NULL for a value outside enum org_kind. */
const char *org_kind_name(int kind);
/* Sets *out and returns 0, or -1 for an unknown name (NULL included). */
int org_kind_parse(const char *s, enum org_kind *out);
/* Why o cannot be stored (text not terminated, unknown kind), or NULL. Both
 * backends check it before writing. */
const char *store_org_problem(const struct store_org *o);

struct store_person {
	unsigned char bsn_index[STORE_BSN_INDEX_SIZE];
	unsigned char bsn_enc[STORE_BSN_ENC_MAX];
	size_t bsn_enc_len;
	const char *family_name;
	const char *given_names;
	cdate birth_date;
	const char *postcode;
	const char *house_number;
	const char *gemeente;
	const char *email;    /* NULL or "" when unknown */
	const char *phone;    /* NULL or "" when unknown */
	const char *language; /* NULL or "" when unknown */
};

struct store_ww {
	int64_t person_id;
	const char *org; /* owning UWV team */
	cdate start;
	cdate end;
	int64_t daily_wage_cents; /* -1 when unknown */
	int64_t import_id;        /* 0 when not from an import */
};

enum ww_change { WW_INSERTED, WW_UNCHANGED, WW_UPDATED };

/* A WW benefit with its person and route, as the signal run sees it. */
struct store_ww_row {
	int64_t benefit_id;
	int64_t person_id;
	const char *org;      /* owner */
	const char *gemeente; /* person's municipality of residence */
	cdate end;
	const unsigned char *bsn_enc;
	size_t bsn_enc_len;
	int64_t route_id; /* 0 when no route yet */
};

struct store_route {
	int64_t benefit_id;
	int64_t person_id;
	const char *org;      /* owning organisation */
	const char *gemeente; /* municipality at opening */
	const char *phase;    /* "signalled" */
	cdate opened_on;
	int64_t opened_at;
};

struct store_event {
	int64_t route_id;
	int64_t at;        /* UTC seconds */
	const char *kind;  /* "signalled", "ww_end_changed", ... */
	const char *actor; /* "cli:alice" */
	const char *data;  /* JSON object text, "{}" when none */
};

struct store_import {
	int64_t id;       /* set by insert_import */
	const char *kind; /* "ww" */
	const char *file_name;
	const char *sha256; /* 64 lowercase hex digits */
	const char *org;
	const char *actor;
	int64_t started_at;
	int64_t finished_at;
	int64_t rows_total, rows_inserted, rows_updated, rows_unchanged, rows_rejected;
};

#define STORE_HASH_SIZE 32 /* SHA-256 of the audit chain */

/* One audit event. The chain fields (seq, prev_hash, row_hash) are made by
 * the app (app/audit.h says how); the store keeps and returns them. */
struct store_audit {
	int64_t id;  /* set by iterate_audit; ignored by insert_audit */
	int64_t seq; /* place in the chain from 1; 0: a legacy event (before the chain) */
	int64_t at;
	const char *actor;
	const char *org;    /* NULL when none */
	const char *role;   /* NULL when none */
	const char *action; /* "read_bsn", ... */
	const char *object_type;
	const char *object_id;
	const char *purpose;
	const char *outcome;                      /* "allowed" / "denied" */
	const char *request_id;                   /* NULL when none (the command line) */
	unsigned char prev_hash[STORE_HASH_SIZE]; /* row_hash of event seq-1; zeros for seq 1 */
	unsigned char row_hash[STORE_HASH_SIZE];
	/* iterate_audit: both hashes were stored with 32 bytes. Always true for
	 * a chained event unless the table was altered around the store. */
	bool hashes_ok;
};

#define STORE_ROLE_MAX 32
#define STORE_EMAIL_MAX 254
#define STORE_PWHASH_MAX 127 /* crypto_pwhash_STRBYTES - 1 */

/* A staff account (migration 0003). email is lower-cased; password_hash is
 * crypto_pwhash_str() output (argon2id). */
struct store_user {
	int64_t id; /* set by insert_user */
	char org[STORE_ORG_CODE_MAX + 1];
	char role[STORE_ROLE_MAX + 1];
	char email[STORE_EMAIL_MAX + 1];
	char password_hash[STORE_PWHASH_MAX + 1];
	bool must_change_password;
	int64_t created_at;
	int64_t disabled_at; /* 0 while the account is active */
};

/* A bearer token of a system; only the SHA-256 of its text is stored. */
struct store_token {
	int64_t id; /* set by insert_token */
	int64_t user_id;
	unsigned char token_hash[STORE_HASH_SIZE];
	int64_t created_at;
	int64_t last_used_at; /* 0 when never used */
	int64_t revoked_at;   /* 0 while valid */
};

/* A benefit whose end date an import changed (route_id 0: no route yet). */
struct store_ww_change {
	int64_t benefit_id;
	int64_t route_id;
	cdate old_end, new_end;
};

/* What a bulk load did, counted per row in file order. */
struct store_ww_load {
	int64_t inserted, updated, unchanged;
};

/* A staff session (migration 0006). Only the SHA-256 of the session id is
 * stored; csrf is the session's synchronizer token. */
struct store_session {
	int64_t id; /* set by insert_session */
	unsigned char id_hash[STORE_HASH_SIZE];
	int64_t user_id;
	unsigned char csrf[STORE_HASH_SIZE];
	int64_t created_at;
	int64_t last_seen_at;
};

/* Failed sign-ins for one key (SHA-256 of "account\0EMAIL" or "ip\0ADDR"). */
struct store_throttle {
	unsigned char key[STORE_HASH_SIZE];
	int64_t failures;
	int64_t last_failure_at;
	int64_t locked_until;
};

/* The werkvoorraad: a page of routes with their person and benefit.
 * Filters that are NULL (or 0 for dates) do not filter. Rows come ordered by
 * the sort column, then by route id, in the direction asked; after_id > 0
 * continues after that route (keyset pagination: the next page starts after
 * the last route of this one, in the same order). */
enum store_worklist_sort {
	WORKLIST_SORT_WW_END = 0,
	WORKLIST_SORT_NAME, /* family name, then the person (id), then the route */
	WORKLIST_SORT_GEMEENTE,
	WORKLIST_SORT_PHASE,
	WORKLIST_SORT_COUNT
};

struct store_worklist_q {
	const char *org; /* owning organisation, or NULL for every owner */
	/* When not NULL: only routes in this municipality whose person has a
	 * consent to it that holds at moment consent_at (given, not withdrawn,
	 * not expired; migration 0005). */
	const char *consent_to;
	int64_t consent_at;
	const char *phase;    /* or NULL */
	const char *gemeente; /* or NULL */
	cdate end_from;       /* WW end >= this; 0 for no bound */
	cdate end_to;         /* WW end <= this; 0 for no bound */
	enum store_worklist_sort sort;
	bool desc;
	int64_t after_id; /* 0: the first page */
	int64_t limit;    /* rows, >= 1 */
};

struct store_worklist_row {
	int64_t route_id;
	const char *family_name;
	const char *given_names; /* "" when unknown */
	const char *gemeente;
	const char *org;
	const char *phase;
	cdate ww_end;
};

typedef int (*store_worklist_cb)(void *cls, const struct store_worklist_row *r);
/* One version of a text template of an organisation (migration 0007): a
 * letter, a presentation outline, a cooperation agreement, or the
 * letterhead (kind "letterhead", body JSON). Versions are never changed:
 * a change is a new version, one more than the latest of the same org,
 * kind, locale and variant. origin_* say where an imported version came
 * from (the exporting organisation, its version number and export time);
 * NULL / 0 for a version made here. */
#define STORE_TEMPLATE_KIND_MAX 32
#define STORE_TEMPLATE_BODY_MAX (1u << 20) /* bytes */

struct store_template {
	int64_t id; /* set by insert_template */
	const char *org;
	const char *kind;    /* "invitation", "reminder", ..., "letterhead" */
	const char *locale;  /* "nl" or "en" */
	const char *variant; /* "", "A" or "B" */
	int64_t version;     /* set by insert_template */
	const char *body;    /* UTF-8 text of body_len bytes, then a NUL */
	size_t body_len;
	int64_t created_at;
	const char *actor;
	const char *origin_org; /* NULL when made here */
	int64_t origin_version;
	int64_t origin_at;
};

typedef int (*store_template_cb)(void *cls, const struct store_template *t);

typedef int (*store_org_cb)(void *cls, const struct store_org *o);
typedef int (*store_change_cb)(void *cls, const struct store_ww_change *c);
typedef int (*store_ww_cb)(void *cls, const struct store_ww_row *r);
typedef int (*store_audit_cb)(void *cls, const struct store_audit *a);

/* ---- information meetings (migration 0004) ---- */

#define STORE_MEETING_LOCATION_MAX 200 /* bytes */
#define STORE_MEETING_PRESENTERS_MAX 4
#define STORE_CODE_INDEX_SIZE 16 /* keyed BLAKE2b-128 of an RSVP code */
#define STORE_ACTOR_MAX 63

/* A meeting. expect_low/expect_high are the expected turnout in percent,
 * both 0 when not set. iterate_meetings leaves the presenters empty. */
struct store_meeting {
	int64_t id; /* set by insert_meeting */
	char org[STORE_ORG_CODE_MAX + 1];
	int64_t at; /* start, UTC seconds */
	char location[STORE_MEETING_LOCATION_MAX + 1];
	int capacity;
	char target[STORE_ORG_CODE_MAX + 1];
	cdate ww_end_from, ww_end_to;
	int variants; /* 1 or 2 */
	int64_t seed; /* of the variant assignment */
	int expect_low, expect_high;
	bool cancelled;
	int revision; /* changes so far (moved, cancelled): the ICS SEQUENCE */
	char presenters[STORE_MEETING_PRESENTERS_MAX][STORE_ORG_CODE_MAX + 1];
	int n_presenters;
	int64_t created_at;
	char created_by[STORE_ACTOR_MAX + 1];
};

/* Why m cannot be stored (text not terminated, too many presenters, a date
 * outside DATE_PARSE_YEAR_MIN..MAX), or NULL. Both backends check it first. */
const char *store_meeting_problem(const struct store_meeting *m);

/* The answer an invitee gave, as stored ("none", "accepted", ...). */
enum store_response { RESPONSE_NONE, RESPONSE_ACCEPTED, RESPONSE_DECLINED, RESPONSE_WAITLISTED };

/* "none", "accepted", "declined", "waitlisted"; NULL outside the enum. */
const char *store_response_name(int r);
/* Sets *out and returns 0, or -1 for an unknown name. */
int store_response_parse(const char *s, enum store_response *out);

/* One invitation of a route to a meeting. */
struct store_invitation {
	int64_t id; /* set by insert_invitation */
	int64_t meeting_id;
	int64_t route_id;
	char gemeente[STORE_ORG_CODE_MAX + 1]; /* the person's municipality when invited */
	char variant;                          /* 'A' or 'B' */
	unsigned char code_index[STORE_CODE_INDEX_SIZE];
	enum store_response response;
	int64_t responded_at; /* 0 when not answered */
	int64_t attended_at;  /* 0 when no attendance registered */
	int64_t created_at;
};

/* An invitation with its person, for letters, the RSVP page and attendance. */
struct store_invitee {
	struct store_invitation inv;
	const char *given_names;
	const char *family_name;
	const char *postcode;
	const char *house_number;
	const char *language;  /* "" when unknown */
	const char *route_org; /* the UWV team owning the route */
	unsigned char bsn_index[STORE_BSN_INDEX_SIZE];
	int64_t person_id;
};

/* A targeted route not yet invited to a meeting. */
struct store_target {
	int64_t route_id;
	const char *gemeente; /* the person's municipality of residence */
};

/* One event of a meeting, with its invitation's variant and municipality. */
struct store_meeting_event {
	int64_t invitation_id;
	int64_t route_id;
	int64_t at;
	const char *kind;
	char variant;
	const char *gemeente;
};

typedef int (*store_meeting_cb)(void *cls, const struct store_meeting *m);
typedef int (*store_invitee_cb)(void *cls, const struct store_invitee *iv);
typedef int (*store_target_cb)(void *cls, const struct store_target *t);
typedef int (*store_meeting_event_cb)(void *cls, const struct store_meeting_event *e);
/* A consent record (migration 0005): the person agreed that from_org (the
 * UWV team that owns the data) hands their data to to_org (a municipality)
 * for purpose. expires_at and withdrawn_at are 0 when not set. */
#define STORE_PURPOSE_MAX 200
#define STORE_SOURCE_MAX 32
struct store_consent {
	int64_t id; /* set by insert_consent */
	int64_t person_id;
	const char *from_org;
	const char *to_org;
	const char *purpose;
	int64_t given_at;
	int64_t expires_at;   /* 0: no expiry */
	int64_t withdrawn_at; /* 0: not withdrawn */
	const char *source;   /* "api", "rsvp", "cli", ... */
	const char *actor;    /* who recorded it */
};

/* A route with its person and benefit, as the route detail shows it. Text
 * is borrowed until the callback returns. consent: a consent for the
 * viewer's organisation holds at the moment asked for. */
struct store_route_view {
	int64_t id, person_id, benefit_id;
	const char *org;      /* owning UWV team */
	const char *gemeente; /* municipality of the route */
	const char *phase;
	cdate opened_on;
	const char *family_name, *given_names;
	cdate birth_date;
	cdate ww_start, ww_end;
	bool consent;
};

/* One event of a route, borrowed until the callback returns. */
struct store_event_row {
	int64_t id;
	int64_t at;
	const char *kind, *actor, *data;
};

/* A WW benefit with its person's municipality, as the API shows it. */
struct store_benefit_view {
	int64_t id, person_id, route_id; /* route_id 0: no route yet */
	const char *org;                 /* owning UWV team */
	const char *gemeente;            /* the person's municipality */
	cdate start, end;
	int64_t daily_wage_cents; /* -1 when unknown */
	bool consent;             /* as in store_route_view */
};

typedef int (*store_benefit_view_cb)(void *cls, const struct store_benefit_view *v);
typedef int (*store_route_view_cb)(void *cls, const struct store_route_view *v);
typedef int (*store_event_cb)(void *cls, const struct store_event_row *e);
typedef int (*store_user_cb)(void *cls, const struct store_user *u);

struct store;

struct store_ops {
	void (*close)(struct store *s);

	/* Transactions. begin_write takes the write lock at once (SQLite BEGIN
	 * IMMEDIATE) so a transaction never has to upgrade later. */
	int (*begin_write)(struct store *s);
	int (*commit)(struct store *s);
	int (*rollback)(struct store *s);

	/* Key/value settings of this database (key fingerprint, ...). */
	int (*get_meta)(struct store *s, const char *key, char *buf, size_t cap);
	int (*set_meta)(struct store *s, const char *key, const char *value);

	/* Organisations. insert_org returns STORE_NONE when the code exists. */
	int (*insert_org)(struct store *s, const struct store_org *o);
	int (*update_org)(struct store *s, const struct store_org *o);
	int (*get_org)(struct store *s, const char *code, struct store_org *out);
	/* kind < 0: all kinds. Sorted by code. A callback result other than 0
	 * stops the iteration and is returned. */
	int (*iterate_orgs)(struct store *s, int kind, store_org_cb cb, void *cb_cls);

	/* Inserts the person or updates the stored one with the same bsn_index;
	 * sets *person_id. */
	int (*upsert_person)(struct store *s, const struct store_person *p, int64_t *person_id);

	/* Inserts the benefit, or updates the one of the same person, org and
	 * start. Sets *benefit_id, *change, and *old_end when WW_UPDATED. */
	int (*upsert_ww)(struct store *s, const struct store_ww *w, int64_t *benefit_id,
			 enum ww_change *change, cdate *old_end);

	/* Bulk load of a WW file, inside the caller's write transaction: begin,
	 * add every valid row in file order, end. The result is as if each row
	 * were upserted in turn (upsert_person, then upsert_ww with its person):
	 * a later row for the same benefit wins and every row is counted. A
	 * backend may stage the rows and merge them at the end (PostgreSQL COPY),
	 * so errors may surface only at ww_load_end. ww_load_end reports each
	 * benefit whose end date changed through on_change, after the merge; the
	 * callback may use the store. w->person_id is ignored by ww_load_add.
	 *
	 * Between ww_load_begin and ww_load_end the caller runs no other
	 * operation on this store except ww_load_add and rollback (PostgreSQL's
	 * connection is busy with the COPY; other operations fail). After an
	 * error from any of the three, the caller rolls the transaction back. */
	int (*ww_load_begin)(struct store *s);
	int (*ww_load_add)(struct store *s, const struct store_person *p, const struct store_ww *w);
	int (*ww_load_end)(struct store *s, struct store_ww_load *out, store_change_cb on_change,
			   void *cls);

	/* Benefits ending in [first, last], ordered by gemeente then end date;
	 * org NULL for every owner. */
	int (*iterate_ww_ending)(struct store *s, cdate first, cdate last, const char *org,
				 store_ww_cb cb, void *cb_cls);

	/* Route of a benefit: STORE_ONE with *route_id, or STORE_NONE. */
	int (*get_route_by_benefit)(struct store *s, int64_t benefit_id, int64_t *route_id);
	int (*insert_route)(struct store *s, const struct store_route *r, int64_t *route_id);
	int (*insert_event)(struct store *s, const struct store_event *e);
	/* Number of events of a route (all kinds when kind is NULL). */
	int (*count_events)(struct store *s, int64_t route_id, const char *kind, int64_t *count);

	/* A completed import of the same kind, org and file hash: STORE_ONE and
	 * *out filled (text fields NULL), or STORE_NONE. */
	int (*find_import)(struct store *s, const char *kind, const char *org, const char *sha256,
			   struct store_import *out);
	int (*insert_import)(struct store *s, struct store_import *imp);
	int (*update_import)(struct store *s, const struct store_import *imp);

	/* The audit log, an append-only hash chain. The chain is extended
	 * inside the caller's write transaction: audit_tail, compute the new
	 * event's hashes (app/audit.c), insert_audit with seq = tail + 1. Write
	 * transactions are serialized (SQLite) or SERIALIZABLE (PostgreSQL) and
	 * seq is unique, so two appenders from the same tail cannot both commit:
	 * the loser gets STORE_SOFT and app_tx() runs it again on the new tail.
	 *
	 * insert_audit stores a chained event (seq >= 1, both hashes); an event
	 * without them is refused. A seq already taken is STORE_SOFT. */
	int (*insert_audit)(struct store *s, const struct store_audit *a);
	/* The chained event with the highest seq: STORE_ONE with *seq and its
	 * row_hash, or STORE_NONE when no event is chained yet. */
	int (*audit_tail)(struct store *s, int64_t *seq, unsigned char row_hash[STORE_HASH_SIZE]);
	/* Audit events with at in [from_at, to_at], at most limit of them (no
	 * limit when <= 0). legacy: the events from before the chain (seq NULL,
	 * reported as 0) with id > after, ordered by id; otherwise the chained
	 * events with seq > after, ordered by seq. A long log is read in pages
	 * by passing the last id or seq seen as after. */
	int (*iterate_audit)(struct store *s, bool legacy, int64_t after, int64_t from_at,
			     int64_t to_at, int64_t limit, store_audit_cb cb, void *cb_cls);

	/* Staff accounts. insert_user sets u->id; STORE_NONE when the email
	 * exists already. The organisation must exist (the app checks). */
	int (*insert_user)(struct store *s, struct store_user *u);
	int (*get_user_by_email)(struct store *s, const char *email, struct store_user *out);
	/* Bearer tokens. insert_token sets t->id. get_token_by_hash: STORE_ONE
	 * with *out, or STORE_NONE (revoked tokens are returned too). */
	int (*insert_token)(struct store *s, struct store_token *t);
	int (*get_token_by_hash)(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
				 struct store_token *out);

	/* Information meetings (migration 0004). insert_meeting sets m->id and
	 * stores the presenters; get_meeting reads them back. update_meeting
	 * changes at, location, capacity, revision and the cancelled state;
	 * STORE_NONE when there is no such meeting. */
	int (*insert_meeting)(struct store *s, struct store_meeting *m);
	int (*get_meeting)(struct store *s, int64_t id, struct store_meeting *out);
	int (*update_meeting)(struct store *s, const struct store_meeting *m);
	/* Meetings with at in [from_at, to_at] organised by or targeting org
	 * (NULL: all), ordered by at then id; presenters are not read. */
	int (*iterate_meetings)(struct store *s, const char *org, int64_t from_at, int64_t to_at,
				store_meeting_cb cb, void *cb_cls);
	/* The routes a meeting targets (route gemeente = target, WW end in the
	 * meeting's range) that have no invitation to it yet, ordered by id. */
	int (*iterate_meeting_targets)(struct store *s, int64_t meeting_id, store_target_cb cb,
				       void *cb_cls);
	/* Sets iv->id; STORE_NONE when the route is invited to the meeting
	 * already. A code_index taken by another invitation is STORE_HARD. */
	int (*insert_invitation)(struct store *s, struct store_invitation *iv);
	/* Changes response, responded_at and attended_at. */
	int (*update_invitation)(struct store *s, const struct store_invitation *iv);
	/* The invitations of a meeting with their persons, ordered by id; or,
	 * when code_index is not NULL, the one invitation with that code
	 * (meeting_id is then ignored). */
	int (*iterate_invitations)(struct store *s, int64_t meeting_id,
				   const unsigned char *code_index, store_invitee_cb cb,
				   void *cb_cls);
	/* Number of a meeting's invitations whose response is r. */
	int (*count_responses)(struct store *s, int64_t meeting_id, enum store_response r,
			       int64_t *count);
	/* insert_event for an event that belongs to a meeting. */
	int (*insert_meeting_event)(struct store *s, const struct store_event *e,
				    int64_t meeting_id);
	/* The events of a meeting on its invitations' routes, in the order
	 * they were recorded. */
	int (*iterate_meeting_events)(struct store *s, int64_t meeting_id,
				      store_meeting_event_cb cb, void *cb_cls);
	/* The token with this hash, its user and the kind of the user's
	 * organisation, in one read: STORE_ONE, or STORE_NONE. Revoked tokens
	 * and disabled users are returned too (the app refuses them);
	 * u->password_hash is left empty. */
	int (*get_token_user)(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
			      struct store_token *t, struct store_user *u, enum org_kind *kind);
	/* The route with its person and benefit, and whether a consent of the
	 * person for viewer_org (NULL: none) holds at moment at, handed to cb:
	 * cb's result, or STORE_NONE when there is no such route. */
	int (*get_route_view)(struct store *s, int64_t route_id, const char *viewer_org, int64_t at,
			      store_route_view_cb cb, void *cb_cls);
	/* Events of a route with id > after_id, ordered by id, at most limit. */
	int (*iterate_route_events)(struct store *s, int64_t route_id, int64_t after_id,
				    int64_t limit, store_event_cb cb, void *cb_cls);
	/* Sets the phase of a route: STORE_ONE, or STORE_NONE when no such route. */
	int (*update_route_phase)(struct store *s, int64_t route_id, const char *phase);
	/* Consent records. insert_consent sets c->id. has_consent: STORE_ONE
	 * when a consent of the person for to_org holds at moment at (given,
	 * not withdrawn, not expired), else STORE_NONE. */
	int (*insert_consent)(struct store *s, struct store_consent *c);
	int (*has_consent)(struct store *s, int64_t person_id, const char *to_org, int64_t at);
	/* A person by the keyed hash of the BSN: STORE_ONE with the id, their
	 * newest route (0 when none), the owning UWV team of their newest
	 * benefit (org, STORE_ORG_CODE_MAX + 1 bytes; "" when none) and their
	 * municipality (gemeente, STORE_ORG_CODE_MAX + 1 bytes), or STORE_NONE. */
	int (*find_person)(struct store *s, const unsigned char index[STORE_BSN_INDEX_SIZE],
			   int64_t *person_id, int64_t *route_id, char *org, char *gemeente);
	/* Users of an organisation with id > after_id, ordered by id, at most
	 * limit; password_hash is left empty. */
	int (*iterate_users)(struct store *s, const char *org, int64_t after_id, int64_t limit,
			     store_user_cb cb, void *cb_cls);
	/* A WW benefit as get_route_view does a route: cb's result, or
	 * STORE_NONE when there is no such benefit. */
	int (*get_benefit_view)(struct store *s, int64_t benefit_id, const char *viewer_org,
				int64_t at, store_benefit_view_cb cb, void *cb_cls);
	/* Staff sessions (migration 0006). insert_session sets ss->id.
	 * get_session_by_hash: STORE_ONE with the session in *out and its
	 * (possibly disabled) account in *user (password_hash left empty), or
	 * STORE_NONE. touch_session sets last_seen_at. delete_session removes one
	 * session; delete_user_sessions every session of a user except keep_id
	 * (0: all); purge_sessions those idle since before idle_before or
	 * created before created_before (expired ones), *n set to the count. */
	int (*insert_session)(struct store *s, struct store_session *ss);
	int (*get_session_by_hash)(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
				   struct store_session *out, struct store_user *user);
	int (*touch_session)(struct store *s, int64_t id, int64_t last_seen_at);
	int (*delete_session)(struct store *s, int64_t id);
	int (*delete_user_sessions)(struct store *s, int64_t user_id, int64_t keep_id);
	int (*purge_sessions)(struct store *s, int64_t idle_before, int64_t created_before,
			      int64_t *n);
	/* Sign-in throttling. get_throttle: STORE_ONE with *out, or STORE_NONE.
	 * put_throttle inserts or replaces the row of t->key; delete_throttle
	 * removes it (STORE_NONE when there was none). */
	int (*get_throttle)(struct store *s, const unsigned char key[STORE_HASH_SIZE],
			    struct store_throttle *out);
	int (*put_throttle)(struct store *s, const struct store_throttle *t);
	int (*delete_throttle)(struct store *s, const unsigned char key[STORE_HASH_SIZE]);
	/* Replaces a user's password hash and must_change_password flag;
	 * STORE_NONE when there is no such user. */
	int (*set_user_password)(struct store *s, int64_t user_id, const char *password_hash,
				 bool must_change);
	/* The werkvoorraad (struct store_worklist_q): at most q->limit rows to
	 * cb, in order. */
	int (*iterate_worklist)(struct store *s, const struct store_worklist_q *q,
				store_worklist_cb cb, void *cb_cls);
	/* Templates (migration 0007). insert_template adds a version and sets
	 * t->id and t->version (latest + 1; two writers adding at once: one
	 * gets STORE_SOFT). get_template hands version (0: the latest) of
	 * (org, kind, locale, variant) to cb: STORE_ONE, STORE_NONE when there
	 * is none, an error, or cb's non-zero result. iterate_templates hands
	 * every version of org's templates (kind NULL: all kinds) to cb,
	 * ordered by kind, locale, variant and version. */
	int (*insert_template)(struct store *s, struct store_template *t);
	int (*get_template)(struct store *s, const char *org, const char *kind, const char *locale,
			    const char *variant, int64_t version, store_template_cb cb,
			    void *cb_cls);
	int (*iterate_templates)(struct store *s, const char *org, const char *kind,
				 store_template_cb cb, void *cb_cls);
};

struct store {
	const struct store_ops *ops;
	void *cls;
	char errmsg[256]; /* last error, English, for logs and the CLI */
};

/* Opens the database named by spec, creating it (SQLite) and applying
 * migrations when needed. spec is a postgresql:// or postgres:// URI or a
 * libpq "key=value ..." connection string for PostgreSQL, anything else the
 * path of an SQLite file. Returns NULL with a message in err; a message never
 * contains a password from spec. The caller closes with store_close(). */
struct store *store_open(const char *spec, char *err, size_t errcap);
void store_close(struct store *s);

/* Whether store_open() would take spec as the path of an SQLite file (and
 * not as a PostgreSQL connection string). */
bool store_spec_is_file(const char *spec);

/* Backend constructors (used by store_open). */
struct store *store_sqlite_open(const char *path, char *err, size_t errcap);
/* Connects to PostgreSQL (spec: URI or key=value string). An unreachable
 * server gives "cannot connect to PostgreSQL at HOST[:PORT]: <reason>". */
struct store *store_pg_open(const char *spec, char *err, size_t errcap);

#endif
