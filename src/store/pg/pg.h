/* The PostgreSQL backend of the store, private to src/store/pg/.
 *
 * One struct pg per connection; a connection is used by one thread at a time
 * (the pool, store/pool.h, hands whole connections to threads). Each
 * operation file (pg_org.c, pg_person.c, pg_route.c, pg_import.c, pg_load.c)
 * fills in part of struct store_ops; pg_conn.c connects, sets the session up,
 * keeps the prepared statements and runs transactions and the meta table;
 * pg_value.c converts parameters and results; pg_migrate.c applies the
 * migrations; pg_pool.c is the connection pool (store/pool.h), which serves
 * either backend.
 *
 * Statements are prepared lazily (PQprepare) the first time an operation
 * runs on a connection, under a name derived from their id, and kept until
 * the store is closed. After a reconnect the connection's generation counter
 * is bumped and every statement is prepared again on first use. The SQL text
 * lives next to the code that binds it; each statement id is used with
 * exactly one SQL text. Values are always bound, never written into SQL.
 *
 * Isolation: begin_write starts a SERIALIZABLE transaction. The app's write
 * transactions were written against SQLite, where BEGIN IMMEDIATE lets one
 * writer in at a time, so they read and then write on what they read (the
 * signal run reads the benefits without a route and opens routes; a counter
 * in meta is read and set). Under READ COMMITTED two such transactions can
 * both act on the same stale read (a lost update, or a route opened twice
 * that then fails on its unique key); under SERIALIZABLE one of them fails
 * with SQLSTATE 40001, which is STORE_SOFT, and app_tx() runs it again on
 * the new state. So the PostgreSQL backend gives the same outcome as SQLite
 * while letting writers that touch different rows run side by side (SQLite
 * makes them wait). The price: a transaction that is not retried (the WW
 * import) fails with a soft error, "retry", when another transaction writes
 * the same rows meanwhile. Statements outside a transaction run in the
 * server's default isolation (READ COMMITTED) and are retried here, a few
 * times, on a deadlock or serialization failure.
 *
 * Status mapping: SQLSTATE 40001 (serialization failure), 40P01 (deadlock)
 * and 55P03 (lock_timeout expired: the counterpart of SQLite's busy timeout)
 * are STORE_SOFT; everything else, lost connections included, is
 * STORE_HARD. Messages carry the server's primary
 * message and the SQLSTATE only, never DETAIL or CONTEXT (which may quote
 * row values, i.e. personal data).
 *
 * Unlike SQLite, PostgreSQL aborts the whole transaction when a statement in
 * it fails: after an error inside a transaction only rollback is useful.
 * (The app always rolls back after an error.)
 *
 * Iterations return STORE_ONE when they visited at least one row, STORE_NONE
 * when none matched, a status < 0 on error, or the first non-zero callback
 * result. The rows are fetched before the first callback, so a callback may
 * run other store operations on the same connection (not the iteration it
 * is called from).
 *
 * Environment: OVERSTAP_PG_LOCK_MS (0..600000, default 5000) sets how long a
 * statement waits for a row lock before it fails with STORE_SOFT (the
 * counterpart of OVERSTAP_SQLITE_BUSY_MS). */
#ifndef OVERSTAP_STORE_PG_H
#define OVERSTAP_STORE_PG_H

#include <libpq-fe.h>
#include "store/each.h"
#include "store/store.h"

/* One id per statement text. */
enum pg_stmt {
	PG_META_GET,
	PG_META_SET,
	PG_ORG_INSERT,
	PG_ORG_UPDATE,
	PG_ORG_GET,
	PG_ORG_ITERATE,
	PG_PERSON_UPSERT,
	PG_PERSON_FIND,
	PG_WW_FIND,
	PG_WW_INSERT,
	PG_WW_UPDATE,
	PG_WW_ENDING,
	PG_ROUTE_BY_BENEFIT,
	PG_ROUTE_INSERT,
	PG_EVENT_INSERT,
	PG_EVENT_COUNT,
	PG_IMPORT_FIND,
	PG_IMPORT_INSERT,
	PG_IMPORT_UPDATE,
	PG_AUDIT_INSERT,
	PG_AUDIT_TAIL,
	PG_AUDIT_ITER_LEGACY,
	PG_AUDIT_ITER_CHAIN,
	PG_USER_INSERT,
	PG_USER_BY_EMAIL,
	PG_TOKEN_INSERT,
	PG_TOKEN_BY_HASH,
	PG_SESSION_INSERT,
	PG_SESSION_BY_HASH,
	PG_SESSION_TOUCH,
	PG_SESSION_DELETE,
	PG_SESSION_DELETE_USER,
	PG_SESSION_PURGE,
	PG_THROTTLE_GET,
	PG_THROTTLE_PUT,
	PG_THROTTLE_DELETE,
	PG_USER_SET_PASSWORD,
	PG_WORKLIST, /* one statement per sort column and direction: */
	PG_WORKLIST_LAST = PG_WORKLIST + 2 * WORKLIST_SORT_COUNT - 1,
	PG_LOAD_CHECK_GEMEENTE,
	PG_LOAD_HAS_DUPLICATES,
	PG_LOAD_PERSONS,
	PG_LOAD_COUNTS,
	PG_LOAD_UPDATE,
	PG_LOAD_INSERT,
	PG_MEETING_INSERT,
	PG_MEETING_PRESENTER_INSERT,
	PG_MEETING_GET,
	PG_MEETING_PRESENTERS,
	PG_MEETING_UPDATE,
	PG_MEETING_ITERATE,
	PG_MEETING_TARGETS,
	PG_INVITATION_INSERT,
	PG_INVITATION_UPDATE,
	PG_INVITATION_ITERATE,
	PG_INVITATION_BY_CODE,
	PG_INVITATION_COUNT,
	PG_MEETING_EVENT_INSERT,
	PG_MEETING_EVENT_ITERATE,
	PG_TOKEN_USER,
	PG_ROUTE_VIEW,
	PG_ROUTE_EVENTS,
	PG_ROUTE_PHASE,
	PG_CONSENT_INSERT,
	PG_CONSENT_HAS,
	PG_PERSON_BY_INDEX,
	PG_USER_ITERATE,
	PG_BENEFIT_VIEW,
	PG_TEMPLATE_INSERT,
	PG_TEMPLATE_GET,
	PG_TEMPLATE_ITERATE,
	PG_STMT_COUNT
};

#define PG_MAX_PARAMS 16

/* Parameters of one statement. Text values are borrowed; numbers and dates
 * are formatted into buf. Byte strings go in binary format. */
struct pg_params {
	int n;
	const char *v[PG_MAX_PARAMS];
	int len[PG_MAX_PARAMS];
	int fmt[PG_MAX_PARAMS];
	char buf[PG_MAX_PARAMS][24];
};

struct pg_change; /* pg_load.c */

struct pg {
	struct store base; /* base.cls points back to this struct */
	PGconn *conn;
	char where[160];                  /* "HOST:PORT" for messages; never the password */
	int lock_ms;                      /* lock_timeout of the session */
	unsigned gen;                     /* bumped on every (re)connect */
	unsigned prepared[PG_STMT_COUNT]; /* generation it was prepared in; 0 never */
	const char *sql[PG_STMT_COUNT];   /* the text each id was first used with */
	bool tx_open;                     /* begin_write succeeded, no commit/rollback yet */
	bool ww_new;                      /* the last upsert_ww inserted: try INSERT first */

	/* Bulk load under way (pg_load.c). */
	bool copy_active; /* COPY ... FROM STDIN is open */
	bool load_open;   /* between ww_load_begin and ww_load_end */
	int64_t load_rows;
	char *copy_buf;
	size_t copy_len, copy_cap;
	struct pg_change *changes; /* the row-by-row path's end-date changes */
	size_t n_changes, cap_changes;
};

static inline struct pg *pg_of(struct store *s)
{
	return s->cls;
}

/* Parameter helpers: each appends one parameter. */
void pg_p_text(struct pg_params *pp, const char *v);     /* NULL -> NULL */
void pg_p_opt_text(struct pg_params *pp, const char *v); /* NULL, "" -> NULL */
void pg_p_int(struct pg_params *pp, int64_t v);
void pg_p_null(struct pg_params *pp);
void pg_p_date(struct pg_params *pp, cdate d); /* "YYYY-MM-DD" */
void pg_p_bytes(struct pg_params *pp, const void *v, size_t n);

/* Runs the prepared statement id (preparing sql on first use in this
 * connection generation) with pp (may be NULL). On success sets *out (caller
 * frees with PQclear()) and returns STORE_ONE; on failure returns an error
 * status with the message "what: ..." in s->errmsg and *out NULL. */
int pg_exec(struct store *s, enum pg_stmt id, const char *sql, const struct pg_params *pp,
	    const char *what, PGresult **out);

/* pg_exec for a statement whose result is not needed; *affected (may be
 * NULL) gets the number of rows it changed or returned. */
int pg_exec_done(struct store *s, enum pg_stmt id, const char *sql, const struct pg_params *pp,
		 const char *what, int64_t *affected);

/* pg_exec for a statement that returns at most one row: STORE_ONE with
 * column 0 in *out, STORE_NONE when no row, or an error status. */
int pg_exec_int(struct store *s, enum pg_stmt id, const char *sql, const struct pg_params *pp,
		const char *what, int64_t *out);

/* Runs constant SQL without parameters (DDL, cursors, transaction control)
 * through the simple protocol. Same result convention as pg_exec; out may be
 * NULL when the result is not needed. */
int pg_exec_simple(struct store *s, const char *sql, const char *what, PGresult **out);

/* Records "what: <server message> (SQLSTATE)" from a failed result (or the
 * connection when res is NULL) and maps it to STORE_SOFT or STORE_HARD. */
int pg_fail(struct store *s, const PGresult *res, const char *what);

/* Formats s->errmsg (truncated to fit). */
void pg_msg(struct store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Record a message of our own; return STORE_HARD or STORE_SOFT. */
int pg_hard(struct store *s, const char *what);
int pg_soft(struct store *s, const char *what);

/* Whether a date can be stored and read back: years DATE_PARSE_YEAR_MIN..MAX. */
bool pg_date_ok(cdate d);

/* Reads result values: 0, or -1 when NULL or malformed. */
int pg_get_int(const PGresult *res, int row, int col, int64_t *out);
int pg_get_date(const PGresult *res, int row, int col, cdate *out);
/* A bytea in hex output format into buf of cap bytes; sets *n. */
int pg_get_bytes(const PGresult *res, int row, int col, unsigned char *buf, size_t cap, size_t *n);

/* Reads row of res and hands it on; returns 0 to go on, anything else to
 * stop the iteration with that result. */
typedef int (*pg_row_fn)(struct store *s, const PGresult *res, int row, void *cls);

/* Hands each row of res, in order, to fn; stops at fn's first non-zero
 * result and returns it; STORE_NONE when there was no row, STORE_ONE
 * otherwise. The caller still clears res. In pg_value.c. */
int pg_each_row(struct store *s, const PGresult *res, pg_row_fn fn, void *cls);

/* Operations, by aggregate. */
int pg_begin_write(struct store *s);
int pg_commit(struct store *s);
int pg_rollback(struct store *s);
int pg_get_meta(struct store *s, const char *key, char *buf, size_t cap);
int pg_set_meta(struct store *s, const char *key, const char *value);

int pg_insert_org(struct store *s, const struct store_org *o);
int pg_update_org(struct store *s, const struct store_org *o);
int pg_get_org(struct store *s, const char *code, struct store_org *out);
int pg_iterate_orgs(struct store *s, int kind, store_org_cb cb, void *cb_cls);

int pg_upsert_person(struct store *s, const struct store_person *p, int64_t *person_id);
int pg_upsert_ww(struct store *s, const struct store_ww *w, int64_t *benefit_id,
		 enum ww_change *change, cdate *old_end);
int pg_iterate_ww_ending(struct store *s, cdate first, cdate last, const char *org, store_ww_cb cb,
			 void *cb_cls);
/* Checks a person or benefit the way the upserts do before writing. */
int pg_check_person(struct store *s, const struct store_person *p, const char *what);
int pg_check_ww(struct store *s, const struct store_ww *w, const char *what);

int pg_ww_load_begin(struct store *s);
int pg_ww_load_add(struct store *s, const struct store_person *p, const struct store_ww *w);
int pg_ww_load_end(struct store *s, struct store_ww_load *out, store_change_cb on_change,
		   void *cls);
/* Ends an open COPY without keeping its rows (rollback, close). */
void pg_load_abandon(struct store *s);
void pg_load_free(struct pg *q);

int pg_get_route_by_benefit(struct store *s, int64_t benefit_id, int64_t *route_id);
int pg_insert_route(struct store *s, const struct store_route *r, int64_t *route_id);
int pg_insert_event(struct store *s, const struct store_event *e);
int pg_count_events(struct store *s, int64_t route_id, const char *kind, int64_t *count);

int pg_find_import(struct store *s, const char *kind, const char *org, const char *sha256,
		   struct store_import *out);
int pg_insert_import(struct store *s, struct store_import *imp);
int pg_update_import(struct store *s, const struct store_import *imp);
int pg_insert_audit(struct store *s, const struct store_audit *a);
int pg_audit_tail(struct store *s, int64_t *seq, unsigned char row_hash[STORE_HASH_SIZE]);
int pg_iterate_audit(struct store *s, bool legacy, int64_t after, int64_t from_at, int64_t to_at,
		     int64_t limit, store_audit_cb cb, void *cb_cls);

int pg_insert_user(struct store *s, struct store_user *u);
int pg_get_user_by_email(struct store *s, const char *email, struct store_user *out);
int pg_insert_token(struct store *s, struct store_token *t);
int pg_get_token_by_hash(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
			 struct store_token *out);

int pg_insert_meeting(struct store *s, struct store_meeting *m);
int pg_get_meeting(struct store *s, int64_t id, struct store_meeting *out);
int pg_update_meeting(struct store *s, const struct store_meeting *m);
int pg_iterate_meetings(struct store *s, const char *org, int64_t from_at, int64_t to_at,
			store_meeting_cb cb, void *cb_cls);
int pg_iterate_meeting_targets(struct store *s, int64_t meeting_id, store_target_cb cb,
			       void *cb_cls);
int pg_insert_invitation(struct store *s, struct store_invitation *iv);
int pg_update_invitation(struct store *s, const struct store_invitation *iv);
int pg_iterate_invitations(struct store *s, int64_t meeting_id, const unsigned char *code_index,
			   store_invitee_cb cb, void *cb_cls);
int pg_count_responses(struct store *s, int64_t meeting_id, enum store_response r, int64_t *count);
int pg_insert_meeting_event(struct store *s, const struct store_event *e, int64_t meeting_id);
int pg_iterate_meeting_events(struct store *s, int64_t meeting_id, store_meeting_event_cb cb,
			      void *cb_cls);
/* The text of a value, or NULL when it is NULL; valid as long as res. */
const char *pg_get_opt_text(const PGresult *res, int row, int col);
/* A text value into a fixed buffer of cap bytes (-1 when NULL or it does
 * not fit); an optional moment (0 when NULL). In pg_value.c. */
int pg_value_copy(const PGresult *res, int row, int col, char *buf, size_t cap);
int pg_get_opt_int(const PGresult *res, int row, int col, int64_t *out);

/* The JSON API's reads and writes (pg_api.c). */
int pg_get_token_user(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
		      struct store_token *t, struct store_user *u, enum org_kind *kind);
int pg_get_route_view(struct store *s, int64_t route_id, const char *viewer_org, int64_t at,
		      store_route_view_cb cb, void *cb_cls);
int pg_iterate_route_events(struct store *s, int64_t route_id, int64_t after_id, int64_t limit,
			    store_event_cb cb, void *cb_cls);
int pg_update_route_phase(struct store *s, int64_t route_id, const char *phase);
int pg_insert_consent(struct store *s, struct store_consent *c);
int pg_has_consent(struct store *s, int64_t person_id, const char *to_org, int64_t at);
int pg_find_person(struct store *s, const unsigned char index[STORE_BSN_INDEX_SIZE],
		   int64_t *person_id, int64_t *route_id, char *org, char *gemeente);
int pg_iterate_users(struct store *s, const char *org, int64_t after_id, int64_t limit,
		     store_user_cb cb, void *cb_cls);
int pg_get_benefit_view(struct store *s, int64_t benefit_id, const char *viewer_org, int64_t at,
			store_benefit_view_cb cb, void *cb_cls);
/* Reads the columns id, org, role, email, password_hash,
 * must_change_password, created_at, disabled_at of user_account, starting
 * at column c of row, into *out. STORE_ONE, or STORE_HARD for a malformed
 * row. */
int pg_read_user(struct store *s, const PGresult *res, int row, int c, struct store_user *out);

int pg_insert_session(struct store *s, struct store_session *ss);
int pg_get_session_by_hash(struct store *s, const unsigned char hash[STORE_HASH_SIZE],
			   struct store_session *out, struct store_user *user);
int pg_touch_session(struct store *s, int64_t id, int64_t last_seen_at);
int pg_delete_session(struct store *s, int64_t id);
int pg_delete_user_sessions(struct store *s, int64_t user_id, int64_t keep_id);
int pg_purge_sessions(struct store *s, int64_t idle_before, int64_t created_before, int64_t *n);
int pg_get_throttle(struct store *s, const unsigned char key[STORE_HASH_SIZE],
		    struct store_throttle *out);
int pg_put_throttle(struct store *s, const struct store_throttle *t);
int pg_delete_throttle(struct store *s, const unsigned char key[STORE_HASH_SIZE]);
int pg_set_user_password(struct store *s, int64_t user_id, const char *password_hash,
			 bool must_change);
int pg_iterate_worklist(struct store *s, const struct store_worklist_q *q, store_worklist_cb cb,
			void *cb_cls);
int pg_insert_template(struct store *s, struct store_template *t);
int pg_get_template(struct store *s, const char *org, const char *kind, const char *locale,
		    const char *variant, int64_t version, store_template_cb cb, void *cb_cls);
int pg_iterate_templates(struct store *s, const char *org, const char *kind, store_template_cb cb,
			 void *cb_cls);

/* Applies the embedded migrations that the database lacks (pg_migrate.c),
 * under a transaction-scoped advisory lock so that processes starting at
 * once apply each migration once. Returns 0, or -1 with a message in err. */
int pg_migrate(PGconn *conn, char *err, size_t errcap);

#endif
