/* The application: one function per thing a user does, on an opened
 * context. Commands (CLI, later HTTP) call these and never the store.
 *
 * Return convention for use cases: APP_OK, APP_FAIL (something broke: I/O,
 * database; nothing was written), APP_INVALID (the input was wrong; nothing
 * was written unless the caller asked to skip invalid rows). These are also
 * the CLI exit statuses. */
#ifndef OVERSTAP_APP_H
#define OVERSTAP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/pii.h"
#include "core/date.h"
#include "core/figures.h"
#include "core/gemeenten.h"
#include "store/store.h"

struct principal; /* app/access.h */

enum app_status {
	APP_OK = 0,
	APP_FAIL = 1,
	APP_INVALID = 2,
	APP_DENIED = 3,    /* access_decide() said no; the denial is audited */
	APP_NOT_FOUND = 4, /* no such object */
};

/* The UWV team that owns imported WW data when no --org is given. */
#define APP_DEFAULT_UWV_ORG "UWV-NL"

struct app {
	struct store *store;
	struct pii_keys keys;
	struct figures figures;
	struct gemeenten gemeenten;
	char actor[64];              /* who acts: "cli:alice" */
	const char *request_id;      /* the request being served, NULL on the command line;
					recorded in audit events (borrowed) */
	const struct principal *who; /* the signed-in caller of a request (borrowed), NULL
					on the command line; its org and role go into
					audit events */
	bool in_tx;                  /* inside app_tx()'s transaction body */
	struct {                     /* the audit chain's tail as this transaction left it */
		bool valid;
		int64_t seq;
		unsigned char hash[STORE_HASH_SIZE];
	} audit_tail;
	struct audit_writer *audit_writer; /* group commit (audit_writer.h), NULL: none (CLI) */
	bool audit_defer;                  /* inside app_read_tx(): events wait in audit_deferred */
	struct audit_deferred *audit_deferred; /* copies of the events, in order */
};

struct app_open_opts {
	const char *db;       /* database spec: a file path for SQLite */
	const char *key_file; /* NULL: the database path + ".key" */
	const char *actor;
};

/* Opens the database (creating it, its key file and the municipalities when
 * new). Returns APP_OK, or APP_FAIL with a message in err. */
int app_open(struct app *a, const struct app_open_opts *o, char *err, size_t errcap);
void app_close(struct app *a);

/* A view of base (from app_open) that works on store s instead, for one
 * server thread or request: it shares base's reference data (borrowed
 * until base is closed) and copies its keys. Never app_close() a view:
 * end it with app_view_end(), which wipes the keys and leaves s open. */
void app_view(struct app *v, const struct app *base, struct store *s);
void app_view_end(struct app *v);

/* Asks the store one trivial question (is it there and answering?).
 * Returns APP_OK or APP_FAIL. */
int app_ping(struct app *a);

/* UTC seconds now. */
int64_t app_now(void);
/* Today's civil date in the Netherlands (Europe/Amsterdam). */
cdate app_today(void);

/* ---- the audit log (audit.c; the chain itself is defined in audit.h) ---- */

/* Records a read or write of personal data (DESIGN.md principle 6) by the
 * app's actor, allowed, with the app's request id: appends one event to the
 * hash chain. Call it inside app_tx(), in the transaction that reads or
 * writes the data it describes, so that the event is durable when (and only
 * when) that transaction commits. Returns a store status. */
int app_audit(struct app *a, const char *action, const char *object_type, const char *object_id,
	      const char *purpose);
/* The same for a fully described event (org, role, outcome, ... set by the
 * caller); sets ev->seq, ev->prev_hash and ev->row_hash. */
int app_audit_event(struct app *a, struct store_audit *ev);

struct audit_report {
	int64_t chained; /* chained events that verified (all of them when intact) */
	int64_t legacy;  /* events from before the chain (migration 0002): not checked */
	bool intact;
	int64_t bad_seq, bad_id; /* the first broken event, when not intact */
	char reason[128];        /* why it is broken */
};

/* Checks the whole chain from seq 1 on. APP_OK with the verdict in rep (a
 * broken chain is a result, not a failure), or APP_FAIL with a message. */
int app_audit_verify(struct app *a, struct audit_report *rep, char *err, size_t errcap);

/* Hands every audit event that happened on the civil days [*from, *to]
 * (Europe/Amsterdam; NULL: no bound) to cb: the legacy events by id, then
 * the chained ones by seq. cb returns 0 to go on; anything else stops the
 * export with APP_FAIL. */
int app_audit_export(struct app *a, const cdate *from, const cdate *to, store_audit_cb cb,
		     void *cls, char *err, size_t errcap);

/* Runs cb inside one write transaction, retrying a bounded number of times
 * when the store reports a transient failure (STORE_SOFT). cb returns a
 * store status; on < 0 the transaction is rolled back. Returns the final
 * status of cb, or of the commit. */
int app_tx(struct app *a, int (*cb)(struct app *a, void *cls), void *cls);

/* Runs cb, a read of personal data whose only write is its audit events,
 * and returns only once those events are durable. With an audit writer
 * (the server) cb reads without the write lock, its app_audit calls are
 * kept, and after cb they are handed to the writer and committed in a
 * batch with other requests' events (group commit, audit_writer.h);
 * without one this is app_tx(). Returns cb's status, or the audit's
 * failure (< 0, message in a->store->errmsg): then the caller must not
 * hand out what cb read. */
int app_read_tx(struct app *a, int (*cb)(struct app *a, void *cls), void *cls);

/* ---- organisations (org.c) ---- */

/* Checks the code's form for its kind: GM + 4 digits, UWV-<name>, or a
 * partner code of letters, digits and '-'. */
bool org_code_valid(enum org_kind kind, const char *code);

int app_org_add(struct app *a, const struct store_org *o, char *err, size_t errcap);
/* Changes the fields given: name when not NULL, window when > 0. */
int app_org_set(struct app *a, const char *code, const char *name, int window_months, char *err,
		size_t errcap);
int app_org_list(struct app *a, int kind, store_org_cb cb, void *cls);
/* One organisation: APP_OK with *out, APP_NOT_FOUND, or APP_FAIL. */
int app_org_get(struct app *a, const char *code, struct store_org *out);

/* ---- WW import (import_ww.c) ---- */

struct import_opts {
	const char *path;
	const char *org;          /* owning UWV team; NULL = APP_DEFAULT_UWV_ORG */
	const char *rejects_path; /* --skip-invalid: write invalid rows here */
	FILE *problems;           /* where "FILE:LINE: field: reason" goes */
	bool progress;            /* show rows/s while importing */
};

struct import_report {
	long rows;
	long inserted, updated, unchanged, rejected;
	long problems;
	long end_changes; /* benefits whose end date changed */
	bool already;     /* this file was imported before: nothing done */
	char sha256[65];
	int64_t import_id;
};

int app_import_ww(struct app *a, const struct import_opts *o, struct import_report *rep, char *err,
		  size_t errcap);

/* ---- Max-WW signalling (signal.c) ---- */

struct signal_opts {
	cdate date;
	const char *org; /* a gemeente or UWV team code, or NULL for all */
	bool show_bsn;   /* unmasked BSNs; each one shown is audited */
};

struct signal_route {
	int64_t route_id;
	char bsn[BSN_SIZE]; /* masked unless show_bsn */
	char gemeente[GEMEENTE_CODE_SIZE];
	char org[STORE_ORG_CODE_MAX + 1];
	cdate ww_end;
	bool is_new;
};

struct signal_count {
	char gemeente[GEMEENTE_CODE_SIZE];
	const char *name; /* borrowed from the app's municipality list */
	int window_months;
	cdate first, last;
	long new_routes, existing;
};

struct signal_result {
	struct signal_route *routes; /* ordered by gemeente, then WW end */
	size_t n_routes;
	struct signal_count *counts; /* every municipality with routes */
	size_t n_counts;
};

/* Opens a route for every benefit in its municipality's window. The caller
 * frees the result with signal_result_free(). */
int app_signal(struct app *a, const struct signal_opts *o, struct signal_result *res, char *err,
	       size_t errcap);
void signal_result_free(struct signal_result *res);

#endif
