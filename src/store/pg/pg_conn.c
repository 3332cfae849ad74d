/* The PostgreSQL connection: connect, session settings, prepared statements,
 * transactions, meta.
 *
 * Session settings (anchors-ecosystem-reliability B3): application_name
 * overstap (unless the connection string names another), statement_timeout
 * 5 minutes (a bulk load lifts it for its own transaction),
 * idle_in_transaction_session_timeout 1 minute (a client that hangs inside a
 * transaction does not hold its locks for ever), lock_timeout
 * OVERSTAP_PG_LOCK_MS (default 5 s; expiry is STORE_SOFT, like SQLite's busy
 * timeout), connect_timeout 10 s unless the string sets one. Client encoding
 * UTF8, DateStyle ISO and bytea_output hex are fixed because the code reads
 * those formats. TLS (sslmode=verify-full) is the connection string's
 * business. The database must be UTF8. */
#include "store/pg/pg.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_MIN_VERSION 110000 /* EXECUTE FUNCTION in triggers */
#define PG_LOCK_MS_DEFAULT 5000
#define PG_LOCK_MS_MAX 600000
#define PG_STATEMENT_TIMEOUT "300000"
#define PG_IDLE_TX_TIMEOUT "60000"
#define PG_AUTOCOMMIT_TRIES 3

/* Copies a message into buf as one line: newlines and tabs become spaces,
 * trailing blanks go. */
static void one_line(char *buf, size_t cap, const char *msg)
{
	size_t n = 0;
	if (cap == 0)
		return;
	for (const char *p = msg ? msg : ""; *p && n + 1 < cap; p++) {
		char c = *p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p;
		if (c == ' ' && (n == 0 || buf[n - 1] == ' '))
			continue;
		buf[n++] = c;
	}
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
}

/* snprintf into a caller's buffer; truncates silently. */
static void __attribute__((format(printf, 3, 4)))
fmt_err(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
}

void pg_msg(struct store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
	va_end(ap);
}

/* The connection is gone (server closed it, network, terminated backend). */
static bool conn_lost(PGconn *conn, const PGresult *res)
{
	if (PQstatus(conn) == CONNECTION_BAD)
		return true;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	/* Class 08: connection exception; 57P01..57P03: server shutting down. */
	return state && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0);
}

int pg_fail(struct store *s, const PGresult *res, const char *what)
{
	struct pg *q = pg_of(s);
	char msg[200];
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	/* Only the primary message: DETAIL and CONTEXT can quote row values. */
	one_line(msg, sizeof msg, primary ? primary : PQerrorMessage(q->conn));
	if (conn_lost(q->conn, res)) {
		pg_msg(s, "%s: connection to PostgreSQL at %s lost: %s", what, q->where,
		       msg[0] ? msg : "no reason given");
		return STORE_HARD;
	}
	if (state)
		pg_msg(s, "%s: %s (SQLSTATE %s)", what, msg, state);
	else
		pg_msg(s, "%s: %s", what, msg);
	if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		      strcmp(state, "55P03") == 0))
		return STORE_SOFT;
	return STORE_HARD;
}

/* A deadlock or serialization failure (not a lock timeout: waiting again
 * would only make the caller wait longer). */
static bool retryable(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	return state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0);
}

int pg_hard(struct store *s, const char *what)
{
	pg_msg(s, "%s", what);
	return STORE_HARD;
}

int pg_soft(struct store *s, const char *what)
{
	pg_msg(s, "%s", what);
	return STORE_SOFT;
}

/* ---- session ---- */

static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* OVERSTAP_PG_LOCK_MS, or the default when unset or not a number in range. */
static int lock_ms(void)
{
	const char *v = getenv("OVERSTAP_PG_LOCK_MS");
	if (!v || !*v)
		return PG_LOCK_MS_DEFAULT;
	char *end;
	long ms = strtol(v, &end, 10);
	if (*end != '\0' || ms < 0 || ms > PG_LOCK_MS_MAX)
		return PG_LOCK_MS_DEFAULT;
	return (int)ms;
}

/* Settings of a fresh (or reset) connection. Returns 0 or -1 with err. */
static int configure(PGconn *conn, int lock_timeout_ms, char *err, size_t errcap)
{
	static const char sql[] = "SELECT set_config('statement_timeout', $1, false), "
				  "set_config('idle_in_transaction_session_timeout', $2, false), "
				  "set_config('lock_timeout', $3, false), "
				  "set_config('DateStyle', 'ISO, YMD', false), "
				  "set_config('bytea_output', 'hex', false), "
				  "set_config('IntervalStyle', 'postgres', false)";
	char lock[24], msg[200];
	PQsetNoticeProcessor(conn, ignore_notice, NULL);
	if (PQserverVersion(conn) < PG_MIN_VERSION) {
		fmt_err(err, errcap, "PostgreSQL %d is too old (11 or newer needed)",
			PQserverVersion(conn) / 10000);
		return -1;
	}
	const char *enc = PQparameterStatus(conn, "server_encoding");
	if (!enc || strcmp(enc, "UTF8") != 0) {
		fmt_err(err, errcap, "the database must use the UTF8 encoding (it uses %s)",
			enc ? enc : "an unknown one");
		return -1;
	}
	snprintf(lock, sizeof lock, "%d", lock_timeout_ms);
	const char *values[3] = {PG_STATEMENT_TIMEOUT, PG_IDLE_TX_TIMEOUT, lock};
	PGresult *res = PQexecParams(conn, sql, 3, NULL, values, NULL, NULL, 0);
	int rc = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		one_line(msg, sizeof msg, primary ? primary : PQerrorMessage(conn));
		fmt_err(err, errcap, "session settings: %s", msg);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

/* Makes the connection usable before a statement: refuses statements during
 * a bulk load and reconnects a lost connection outside a transaction. */
static int ready(struct store *s, const char *what)
{
	struct pg *q = pg_of(s);
	char msg[200], err[200];
	if (q->copy_active) {
		pg_msg(s, "%s: not allowed while a bulk load is under way", what);
		return STORE_HARD;
	}
	if (PQstatus(q->conn) == CONNECTION_OK)
		return STORE_ONE;
	if (q->tx_open) {
		pg_msg(s,
		       "%s: connection to PostgreSQL at %s lost; the transaction was rolled "
		       "back",
		       what, q->where);
		return STORE_HARD;
	}
	PQreset(q->conn);
	if (PQstatus(q->conn) != CONNECTION_OK) {
		one_line(msg, sizeof msg, PQerrorMessage(q->conn));
		pg_msg(s, "%s: cannot reconnect to PostgreSQL at %s: %s", what, q->where, msg);
		return STORE_HARD;
	}
	if (configure(q->conn, q->lock_ms, err, sizeof err) != 0) {
		pg_msg(s, "%s: %s", what, err);
		return STORE_HARD;
	}
	q->gen++; /* every statement must be prepared again */
	return STORE_ONE;
}

/* Prepares statement id on this connection generation when needed. */
static int prepare(struct store *s, enum pg_stmt id, const char *sql, int nparams, const char *name,
		   const char *what)
{
	struct pg *q = pg_of(s);
	assert(!q->sql[id] || strcmp(q->sql[id], sql) == 0);
	if (q->prepared[id] == q->gen)
		return STORE_ONE;
	PGresult *res = PQprepare(q->conn, name, sql, nparams, NULL);
	int ret = STORE_ONE;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		ret = pg_fail(s, res, what);
	} else {
		q->prepared[id] = q->gen;
		q->sql[id] = sql;
	}
	PQclear(res);
	return ret;
}

int pg_exec(struct store *s, enum pg_stmt id, const char *sql, const struct pg_params *pp,
	    const char *what, PGresult **out)
{
	struct pg *q = pg_of(s);
	char name[16];
	int n = pp ? pp->n : 0;
	*out = NULL;
	int ret = ready(s, what);
	if (ret < 0)
		return ret;
	snprintf(name, sizeof name, "ov%d", (int)id);
	ret = prepare(s, id, sql, n, name, what);
	if (ret < 0)
		return ret;
	/* Outside a transaction the statement is a transaction of its own, so
	 * it may run again after a deadlock or serialization failure. */
	for (int attempt = 1;; attempt++) {
		PGresult *res = PQexecPrepared(q->conn, name, n, pp ? pp->v : NULL,
					       pp ? pp->len : NULL, pp ? pp->fmt : NULL, 0);
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
			*out = res;
			return STORE_ONE;
		}
		ret = pg_fail(s, res, what);
		bool again = ret == STORE_SOFT && attempt < PG_AUTOCOMMIT_TRIES && !q->tx_open &&
			     retryable(res);
		PQclear(res);
		if (!again)
			return ret;
	}
}

static int64_t affected_rows(PGresult *res)
{
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		return PQntuples(res);
	const char *t = PQcmdTuples(res);
	return t && *t ? strtoll(t, NULL, 10) : 0;
}

int pg_exec_done(struct store *s, enum pg_stmt id, const char *sql, const struct pg_params *pp,
		 const char *what, int64_t *affected)
{
	PGresult *res;
	int ret = pg_exec(s, id, sql, pp, what, &res);
	if (ret == STORE_ONE && affected)
		*affected = affected_rows(res);
	PQclear(res);
	return ret;
}

int pg_exec_int(struct store *s, enum pg_stmt id, const char *sql, const struct pg_params *pp,
		const char *what, int64_t *out)
{
	PGresult *res;
	int ret = pg_exec(s, id, sql, pp, what, &res);
	if (ret < 0)
		return ret;
	if (PQntuples(res) == 0) {
		ret = STORE_NONE;
	} else if (pg_get_int(res, 0, 0, out) < 0) {
		char msg[96];
		snprintf(msg, sizeof msg, "%s: unexpected result", what);
		ret = pg_hard(s, msg);
	}
	PQclear(res);
	return ret;
}

int pg_exec_simple(struct store *s, const char *sql, const char *what, PGresult **out)
{
	struct pg *q = pg_of(s);
	if (out)
		*out = NULL;
	int ret = ready(s, what);
	if (ret < 0)
		return ret;
	PGresult *res = PQexec(q->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		ret = pg_fail(s, res, what);
		PQclear(res);
		return ret;
	}
	if (out)
		*out = res;
	else
		PQclear(res);
	return STORE_ONE;
}

/* ---- transactions ---- */

int pg_begin_write(struct store *s)
{
	struct pg *q = pg_of(s);
	if (q->tx_open ||
	    (PQstatus(q->conn) == CONNECTION_OK && PQtransactionStatus(q->conn) != PQTRANS_IDLE))
		return pg_hard(s, "begin_write: a transaction is already open");
	int ret =
		pg_exec_simple(s, "BEGIN ISOLATION LEVEL SERIALIZABLE, READ WRITE", "begin", NULL);
	if (ret == STORE_ONE)
		q->tx_open = true;
	return ret;
}

/* Rolls back whatever the server still has open, ignoring errors. */
static void rollback_quietly(struct pg *q)
{
	if (PQstatus(q->conn) == CONNECTION_OK && PQtransactionStatus(q->conn) != PQTRANS_IDLE)
		PQclear(PQexec(q->conn, "ROLLBACK"));
}

int pg_commit(struct store *s)
{
	struct pg *q = pg_of(s);
	bool open = q->tx_open;
	int ret;
	q->tx_open = false;
	if (q->copy_active || q->load_open) {
		pg_load_abandon(s);
		rollback_quietly(q);
		return pg_hard(s, "commit: a bulk load was not ended; the transaction was "
				  "rolled back");
	}
	if (PQstatus(q->conn) != CONNECTION_OK) {
		if (!open)
			return pg_hard(s, "commit: no transaction is open");
		pg_msg(s,
		       "commit: connection to PostgreSQL at %s lost; the transaction was not "
		       "committed",
		       q->where);
		return STORE_HARD;
	}
	switch (PQtransactionStatus(q->conn)) {
	case PQTRANS_IDLE:
		return pg_hard(s, "commit: no transaction is open");
	case PQTRANS_INERROR:
		rollback_quietly(q);
		return pg_hard(s, "commit: a statement of the transaction failed; it was rolled "
				  "back");
	default:
		break;
	}
	PGresult *res = NULL;
	ret = pg_exec_simple(s, "COMMIT", "commit", &res);
	if (ret == STORE_ONE && strcmp(PQcmdStatus(res), "COMMIT") != 0)
		ret = pg_hard(s, "commit: the server rolled the transaction back");
	PQclear(res);
	/* A failed commit leaves nothing half-open: the caller retries the whole
	 * transaction (soft) or gives up (hard). */
	if (ret < 0)
		rollback_quietly(q);
	return ret;
}

int pg_rollback(struct store *s)
{
	struct pg *q = pg_of(s);
	q->tx_open = false;
	if (q->copy_active || q->load_open)
		pg_load_abandon(s);
	if (PQstatus(q->conn) != CONNECTION_OK || PQtransactionStatus(q->conn) == PQTRANS_IDLE)
		return STORE_ONE; /* nothing open (a lost connection rolled it back) */
	return pg_exec_simple(s, "ROLLBACK", "rollback", NULL);
}

/* ---- meta ---- */

int pg_get_meta(struct store *s, const char *key, char *buf, size_t cap)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = $1";
	struct pg_params pp = {0};
	PGresult *res;
	pg_p_text(&pp, key);
	int ret = pg_exec(s, PG_META_GET, sql, &pp, "get_meta", &res);
	if (ret < 0)
		return ret;
	if (PQntuples(res) == 0) {
		ret = STORE_NONE;
	} else {
		size_t n = (size_t)PQgetlength(res, 0, 0);
		if (PQgetisnull(res, 0, 0) || n >= cap) {
			ret = pg_hard(s, "get_meta: value does not fit the buffer");
		} else {
			memcpy(buf, PQgetvalue(res, 0, 0), n);
			buf[n] = '\0';
		}
	}
	PQclear(res);
	return ret;
}

int pg_set_meta(struct store *s, const char *key, const char *value)
{
	static const char sql[] = "INSERT INTO meta (key, value) VALUES ($1, $2) "
				  "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	struct pg_params pp = {0};
	pg_p_text(&pp, key);
	pg_p_text(&pp, value);
	return pg_exec_done(s, PG_META_SET, sql, &pp, "set_meta", NULL);
}

/* ---- open and close ---- */

static void pg_close(struct store *s)
{
	struct pg *q = pg_of(s);
	pg_load_abandon(s);
	PQfinish(q->conn); /* the server rolls back an open transaction */
	pg_load_free(q);
	free(q);
}

static const struct store_ops pg_ops = {
	.close = pg_close,
	.begin_write = pg_begin_write,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.get_meta = pg_get_meta,
	.set_meta = pg_set_meta,
	.insert_org = pg_insert_org,
	.update_org = pg_update_org,
	.get_org = pg_get_org,
	.iterate_orgs = pg_iterate_orgs,
	.upsert_person = pg_upsert_person,
	.upsert_ww = pg_upsert_ww,
	.ww_load_begin = pg_ww_load_begin,
	.ww_load_add = pg_ww_load_add,
	.ww_load_end = pg_ww_load_end,
	.iterate_ww_ending = pg_iterate_ww_ending,
	.get_route_by_benefit = pg_get_route_by_benefit,
	.insert_route = pg_insert_route,
	.insert_event = pg_insert_event,
	.count_events = pg_count_events,
	.find_import = pg_find_import,
	.insert_import = pg_insert_import,
	.update_import = pg_update_import,
	.insert_audit = pg_insert_audit,
	.audit_tail = pg_audit_tail,
	.iterate_audit = pg_iterate_audit,
	.insert_user = pg_insert_user,
	.get_user_by_email = pg_get_user_by_email,
	.insert_token = pg_insert_token,
	.get_token_by_hash = pg_get_token_by_hash,
	.insert_meeting = pg_insert_meeting,
	.get_meeting = pg_get_meeting,
	.update_meeting = pg_update_meeting,
	.iterate_meetings = pg_iterate_meetings,
	.iterate_meeting_targets = pg_iterate_meeting_targets,
	.insert_invitation = pg_insert_invitation,
	.update_invitation = pg_update_invitation,
	.iterate_invitations = pg_iterate_invitations,
	.count_responses = pg_count_responses,
	.insert_meeting_event = pg_insert_meeting_event,
	.iterate_meeting_events = pg_iterate_meeting_events,
	.get_token_user = pg_get_token_user,
	.get_route_view = pg_get_route_view,
	.iterate_route_events = pg_iterate_route_events,
	.update_route_phase = pg_update_route_phase,
	.insert_consent = pg_insert_consent,
	.has_consent = pg_has_consent,
	.find_person = pg_find_person,
	.iterate_users = pg_iterate_users,
	.get_benefit_view = pg_get_benefit_view,
	.insert_session = pg_insert_session,
	.get_session_by_hash = pg_get_session_by_hash,
	.touch_session = pg_touch_session,
	.delete_session = pg_delete_session,
	.delete_user_sessions = pg_delete_user_sessions,
	.purge_sessions = pg_purge_sessions,
	.get_throttle = pg_get_throttle,
	.put_throttle = pg_put_throttle,
	.delete_throttle = pg_delete_throttle,
	.set_user_password = pg_set_user_password,
	.iterate_worklist = pg_iterate_worklist,
	.insert_template = pg_insert_template,
	.get_template = pg_get_template,
	.iterate_templates = pg_iterate_templates,
};

/* "HOST:PORT" of a connection (attempt) for messages. Built from what libpq
 * reports, never from the connection string, so no password can slip in. */
static void describe_server(PGconn *conn, char *buf, size_t cap)
{
	const char *host = conn ? PQhost(conn) : NULL;
	const char *port = conn ? PQport(conn) : NULL;
	if (!host || !*host)
		host = "the default server";
	if (port && *port)
		snprintf(buf, cap, "%s:%s", host, port);
	else
		snprintf(buf, cap, "%s", host);
}

/* Overwrites and frees a copy of the password. */
static void free_secret(char *p)
{
	if (!p)
		return;
	for (volatile char *v = p; *v; v++)
		*v = '\0';
	free(p);
}

/* The password the connection string carries, or NULL. Caller frees with
 * free_secret(). */
static char *spec_password(const char *spec)
{
	char *pw = NULL;
	PQconninfoOption *opts = PQconninfoParse(spec, NULL);
	if (!opts)
		return NULL;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val && *o->val)
			pw = strdup(o->val);
	PQconninfoFree(opts);
	return pw;
}

struct store *store_pg_open(const char *spec, char *err, size_t errcap)
{
	char scratch[1], where[160], why[200];
	struct pg *q = NULL;
	PGconn *conn = NULL;
	char *password = NULL;

	if (!err || errcap == 0) {
		err = scratch;
		errcap = sizeof scratch;
	}
	PQconninfoOption *opts = spec ? PQconninfoParse(spec, NULL) : NULL;
	if (!opts) {
		/* libpq's reason could quote the string, password included. */
		fmt_err(err, errcap, "not a valid PostgreSQL connection string or URI");
		goto fail;
	}
	PQconninfoFree(opts);
	password = spec_password(spec);

	/* Entries before dbname are defaults the string may override; entries
	 * after it win. */
	const char *const keys[] = {"connect_timeout", "application_name", "dbname",
				    "client_encoding", NULL};
	const char *const values[] = {"10", "overstap", spec, "UTF8", NULL};
	conn = PQconnectdbParams(keys, values, 1);
	describe_server(conn, where, sizeof where);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		one_line(why, sizeof why, conn ? PQerrorMessage(conn) : "out of memory");
		if (password && strstr(why, password))
			snprintf(why, sizeof why, "(reason withheld: it contains the password)");
		fmt_err(err, errcap, "cannot connect to PostgreSQL at %s: %s", where,
			why[0] ? why : "no reason given");
		goto fail;
	}
	int ms = lock_ms();
	if (configure(conn, ms, why, sizeof why) != 0 || pg_migrate(conn, why, sizeof why) != 0) {
		fmt_err(err, errcap, "PostgreSQL at %s: %s", where, why);
		goto fail;
	}
	q = calloc(1, sizeof *q);
	if (!q) {
		fmt_err(err, errcap, "out of memory");
		goto fail;
	}
	q->conn = conn;
	q->lock_ms = ms;
	q->gen = 1;
	snprintf(q->where, sizeof q->where, "%s", where);
	q->base.ops = &pg_ops;
	q->base.cls = q;
	free_secret(password);
	return &q->base;
fail:
	PQfinish(conn);
	free_secret(password);
	return NULL;
}
