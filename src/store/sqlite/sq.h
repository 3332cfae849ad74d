/* The SQLite backend of the store, private to src/store/sqlite/.
 *
 * One struct sq per connection; a connection is used by one thread at a time
 * (opened without SQLite's full mutex). Each operation file (sq_org.c,
 * sq_person.c, sq_route.c, sq_import.c) fills in part of struct store_ops;
 * sq_conn.c opens the database, applies the migrations, caches the prepared
 * statements and runs transactions and the meta table.
 *
 * Statements are prepared lazily, the first time an operation runs, and kept
 * until the store is closed. The SQL text lives next to the code that binds
 * it; each statement id is used with exactly one SQL text. Values are always
 * bound, never written into SQL.
 *
 * Iterations return STORE_ONE when they visited at least one row, STORE_NONE
 * when none matched, a status < 0 on error, or the first non-zero callback
 * result. A callback may run other store operations on the same connection,
 * but not the iteration it is called from.
 *
 * Environment: OVERSTAP_SQLITE_BUSY_MS (0..600000, default 5000) sets how long
 * a connection waits for a lock before an operation fails with STORE_SOFT.
 * Tests use it to keep lock-contention cases fast. */
#ifndef OVERSTAP_STORE_SQ_H
#define OVERSTAP_STORE_SQ_H

#include <sqlite3.h>
#include "store/each.h"
#include "store/store.h"

/* One id per statement text. */
enum sq_stmt {
	SQ_BEGIN,
	SQ_COMMIT,
	SQ_ROLLBACK,
	SQ_META_GET,
	SQ_META_SET,
	SQ_ORG_INSERT,
	SQ_ORG_UPDATE,
	SQ_ORG_GET,
	SQ_ORG_ITERATE,
	SQ_PERSON_FIND,
	SQ_PERSON_INSERT,
	SQ_PERSON_UPDATE,
	SQ_WW_FIND,
	SQ_WW_INSERT,
	SQ_WW_UPDATE,
	SQ_WW_ENDING,
	SQ_ROUTE_BY_BENEFIT,
	SQ_ROUTE_INSERT,
	SQ_EVENT_INSERT,
	SQ_EVENT_COUNT,
	SQ_IMPORT_FIND,
	SQ_IMPORT_INSERT,
	SQ_IMPORT_UPDATE,
	SQ_AUDIT_INSERT,
	SQ_AUDIT_TAIL,
	SQ_AUDIT_ITER_LEGACY,
	SQ_AUDIT_ITER_CHAIN,
	SQ_USER_INSERT,
	SQ_USER_BY_EMAIL,
	SQ_TOKEN_INSERT,
	SQ_TOKEN_BY_HASH,
	SQ_MEETING_INSERT,
	SQ_MEETING_PRESENTER_INSERT,
	SQ_MEETING_GET,
	SQ_MEETING_PRESENTERS,
	SQ_MEETING_UPDATE,
	SQ_MEETING_ITERATE,
	SQ_MEETING_TARGETS,
	SQ_INVITATION_INSERT,
	SQ_INVITATION_UPDATE,
	SQ_INVITATION_ITERATE,
	SQ_INVITATION_BY_CODE,
	SQ_INVITATION_COUNT,
	SQ_MEETING_EVENT_INSERT,
	SQ_MEETING_EVENT_ITERATE,
	SQ_TOKEN_USER,
	SQ_ROUTE_VIEW,
	SQ_ROUTE_EVENTS,
	SQ_ROUTE_PHASE,
	SQ_CONSENT_INSERT,
	SQ_CONSENT_HAS,
	SQ_PERSON_BY_INDEX,
	SQ_USER_ITERATE,
	SQ_BENEFIT_VIEW,
	SQ_SESSION_INSERT,
	SQ_SESSION_BY_HASH,
	SQ_SESSION_TOUCH,
	SQ_SESSION_DELETE,
	SQ_SESSION_DELETE_USER,
	SQ_SESSION_PURGE,
	SQ_THROTTLE_GET,
	SQ_THROTTLE_PUT,
	SQ_THROTTLE_DELETE,
	SQ_USER_SET_PASSWORD,
	SQ_WORKLIST, /* one statement per sort column, first page or not, direction: */
	SQ_WORKLIST_LAST = SQ_WORKLIST + 4 * WORKLIST_SORT_COUNT - 1,
	SQ_TEMPLATE_INSERT,
	SQ_TEMPLATE_GET,
	SQ_TEMPLATE_ITERATE,
	SQ_STMT_COUNT
};

struct sq {
	struct store base; /* base.cls points back to this struct */
	sqlite3 *db;
	sqlite3_stmt *stmt[SQ_STMT_COUNT]; /* NULL until first used */
	bool person_new;                   /* the last upsert_person inserted: try INSERT first */
	bool ww_new;                       /* the same for upsert_ww */
	struct store_ww_load load;         /* counts of the bulk load under way */
	struct store_ww_change *changes;   /* its end-date changes (sq_load.c) */
	size_t n_changes, cap_changes;
};

static inline struct sq *sq_of(struct store *s)
{
	return s->cls;
}

/* Sets *out to the cached statement id, preparing sql on first use. The
 * statement is reset and has no bindings; hand it back with sq_done().
 * Returns STORE_ONE or an error status (message in s->errmsg). */
int sq_stmt(struct store *s, enum sq_stmt id, const char *sql, sqlite3_stmt **out);

/* Resets the statement and clears its bindings; st may be NULL. */
void sq_done(sqlite3_stmt *st);

/* Records "what: <SQLite message>" in s->errmsg and maps the result code:
 * busy or locked -> STORE_SOFT, everything else -> STORE_HARD. SQLite's
 * messages never contain bound values, so no personal data reaches the log. */
int sq_fail(struct store *s, int rc, const char *what);

/* Record a message of our own; return STORE_HARD or STORE_SOFT. */
int sq_hard(struct store *s, const char *what);
int sq_soft(struct store *s, const char *what);

/* Steps a statement that returns no rows (or whose rows are not needed) to
 * the end. Returns STORE_ONE or an error status. Does not reset. */
int sq_step_done(struct store *s, sqlite3_stmt *st, const char *what);

/* Reads the current row of st and hands it on; returns 0 to go on, anything
 * else to stop the iteration with that result. */
typedef int (*sq_row_fn)(struct store *s, sqlite3_stmt *st, void *cls);

/* Steps st to its end, handing each row to fn; stops at fn's first non-zero
 * result and returns it; STORE_NONE when there was no row, STORE_ONE
 * otherwise; an SQLite error is reported (sq_fail) with what. The caller
 * still finishes st (sq_done). */
int sq_each_row(struct store *s, sqlite3_stmt *st, const char *what, sq_row_fn fn, void *cls);

/* Steps an INSERT .. ON CONFLICT DO NOTHING: STORE_ONE with the new rowid
 * in *id, STORE_NONE when the conflict left the table as it was, or an error. */
int sq_step_insert(struct store *s, sqlite3_stmt *st, const char *what, int64_t *id);
/* Steps st once: STORE_ONE when it stands on a row (read it with the column
 * functions), STORE_NONE when there is none, or an error status. Does not
 * reset. */
int sq_step_row(struct store *s, sqlite3_stmt *st, const char *what);
/* Steps a statement that returns at most one row to the end (so that a write
 * with RETURNING completes): STORE_ONE with column 0 in *out, STORE_NONE when
 * no row, or an error status. Does not reset. */
int sq_step_int(struct store *s, sqlite3_stmt *st, const char *what, int64_t *out);

/* Binding helpers; they return SQLite result codes, so that several binds can
 * be combined with `|` and checked once (any failure gives a non-zero value;
 * sq_bind_fail() then reports the connection's error). Text is bound without
 * a copy: it must stay valid until sq_done(). */
int sq_bind_text(sqlite3_stmt *st, int i, const char *v);     /* NULL -> NULL */
int sq_bind_opt_text(sqlite3_stmt *st, int i, const char *v); /* NULL, "" -> NULL */
int sq_bind_date(sqlite3_stmt *st, int i, cdate d);           /* "YYYY-MM-DD" */
int sq_bind_fail(struct store *s, const char *what);

/* Whether a date can be stored and read back: years DATE_PARSE_YEAR_MIN..MAX.
 * Operations check their dates with it before binding them. */
bool sq_date_ok(cdate d);

/* Reads an ISO date column into *out: 0, or -1 when the text is not a date. */
int sq_column_date(sqlite3_stmt *st, int i, cdate *out);
/* Copies a text column into a fixed buffer of cap bytes; -1 when it is
 * NULL or does not fit. */
int sq_column_copy(sqlite3_stmt *st, int i, char *buf, size_t cap);
/* A text column, "" for NULL (borrowed until the next step). */
const char *sq_column_text(sqlite3_stmt *st, int i);

/* Operations, by aggregate. */
int sq_begin_write(struct store *s);
int sq_commit(struct store *s);
int sq_rollback(struct store *s);
int sq_get_meta(struct store *s, const char *key, char *buf, size_t cap);
int sq_set_meta(struct store *s, const char *key, const char *value);

int sq_insert_org(struct store *s, const struct store_org *o);
int sq_update_org(struct store *s, const struct store_org *o);
int sq_get_org(struct store *s, const char *code, struct store_org *out);
int sq_iterate_orgs(struct store *s, int kind, store_org_cb cb, void *cb_cls);

int sq_upsert_person(struct store *s, const struct store_person *p, int64_t *person_id);
int sq_upsert_ww(struct store *s, const struct store_ww *w, int64_t *benefit_id,
		 enum ww_change *change, cdate *old_end);
int sq_iterate_ww_ending(struct store *s, cdate first, cdate last, const char *org, store_ww_cb cb,
			 void *cb_cls);

int sq_get_route_by_benefit(struct store *s, int64_t benefit_id, int64_t *route_id);
int sq_ww_load_begin(struct store *s);
int sq_ww_load_add(struct store *s, const struct store_person *p, const struct store_ww *w);
int sq_ww_load_end(struct store *s, struct store_ww_load *out, store_change_cb on_change,
		   void *cls);
int sq_insert_route(struct store *s, const struct store_route *r, int64_t *route_id);
int sq_insert_event(struct store *s, const struct store_event *e);
int sq_count_events(struct store *s, int64_t route_id, const char *kind, int64_t *count);

int sq_find_import(struct store *s, const char *kind, const char *org, const char *sha256,
		   struct store_import *out);
int sq_insert_import(struct store *s, struct store_import *imp);
int sq_update_import(struct store *s, const struct store_import *imp);
int sq_insert_audit(struct store *s, const struct store_audit *a);
int sq_audit_tail(struct store *s, int64_t *seq, unsigned char row_hash[STORE_HASH_SIZE]);
int sq_iterate_audit(struct store *s, bool legacy, int64_t after, int64_t from_at, int64_t to_at,
		     int64_t limit, store_audit_cb cb, void *cb_cls);

int sq_insert_user(struct store *s, struct store_user *u);
int sq_get_user_by_email(struct store *s, const char *email, struct store_user *out);
int sq_insert_token(struct store *s, struct store_token *t);
int sq_get_token_by_hash(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
			 struct store_token *out);

int sq_insert_meeting(struct store *s, struct store_meeting *m);
int sq_get_meeting(struct store *s, int64_t id, struct store_meeting *out);
int sq_update_meeting(struct store *s, const struct store_meeting *m);
int sq_iterate_meetings(struct store *s, const char *org, int64_t from_at, int64_t to_at,
			store_meeting_cb cb, void *cb_cls);
int sq_iterate_meeting_targets(struct store *s, int64_t meeting_id, store_target_cb cb,
			       void *cb_cls);
int sq_insert_invitation(struct store *s, struct store_invitation *iv);
int sq_update_invitation(struct store *s, const struct store_invitation *iv);
int sq_iterate_invitations(struct store *s, int64_t meeting_id, const unsigned char *code_index,
			   store_invitee_cb cb, void *cb_cls);
int sq_count_responses(struct store *s, int64_t meeting_id, enum store_response r, int64_t *count);
int sq_insert_meeting_event(struct store *s, const struct store_event *e, int64_t meeting_id);
int sq_iterate_meeting_events(struct store *s, int64_t meeting_id, store_meeting_event_cb cb,
			      void *cb_cls);

/* The JSON API's reads and writes (sq_api.c). */
int sq_get_token_user(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
		      struct store_token *t, struct store_user *u, enum org_kind *kind);
int sq_get_route_view(struct store *s, int64_t route_id, const char *viewer_org, int64_t at,
		      store_route_view_cb cb, void *cb_cls);
int sq_iterate_route_events(struct store *s, int64_t route_id, int64_t after_id, int64_t limit,
			    store_event_cb cb, void *cb_cls);
int sq_update_route_phase(struct store *s, int64_t route_id, const char *phase);
int sq_insert_consent(struct store *s, struct store_consent *c);
int sq_has_consent(struct store *s, int64_t person_id, const char *to_org, int64_t at);
int sq_find_person(struct store *s, const unsigned char index[STORE_BSN_INDEX_SIZE],
		   int64_t *person_id, int64_t *route_id, char *org, char *gemeente);
int sq_iterate_users(struct store *s, const char *org, int64_t after_id, int64_t limit,
		     store_user_cb cb, void *cb_cls);
int sq_get_benefit_view(struct store *s, int64_t benefit_id, const char *viewer_org, int64_t at,
			store_benefit_view_cb cb, void *cb_cls);
/* Reads the columns id, org, role, email, password_hash,
 * must_change_password, created_at, disabled_at of user_account, starting
 * at column c, into *out. STORE_ONE, or STORE_HARD for a malformed row. */
int sq_read_user(struct store *s, sqlite3_stmt *st, int c, struct store_user *out);

int sq_insert_session(struct store *s, struct store_session *ss);
int sq_get_session_by_hash(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
			   struct store_session *out, struct store_user *user);
int sq_touch_session(struct store *s, int64_t id, int64_t last_seen_at);
int sq_delete_session(struct store *s, int64_t id);
int sq_delete_user_sessions(struct store *s, int64_t user_id, int64_t keep_id);
int sq_purge_sessions(struct store *s, int64_t idle_before, int64_t created_before, int64_t *n);
int sq_get_throttle(struct store *s, const unsigned char key[STORE_HASH_SIZE],
		    struct store_throttle *out);
int sq_put_throttle(struct store *s, const struct store_throttle *t);
int sq_delete_throttle(struct store *s, const unsigned char key[STORE_HASH_SIZE]);
int sq_set_user_password(struct store *s, int64_t user_id, const char *password_hash,
			 bool must_change);
int sq_iterate_worklist(struct store *s, const struct store_worklist_q *q, store_worklist_cb cb,
			void *cb_cls);
int sq_insert_template(struct store *s, struct store_template *t);
int sq_get_template(struct store *s, const char *org, const char *kind, const char *locale,
		    const char *variant, int64_t version, store_template_cb cb, void *cb_cls);
int sq_iterate_templates(struct store *s, const char *org, const char *kind, store_template_cb cb,
			 void *cb_cls);

/* Applies the embedded migrations that the database lacks (sq_migrate.c).
 * Returns 0, or -1 with a message in err. */
int sq_migrate(sqlite3 *db, char *err, size_t errcap);

#endif
