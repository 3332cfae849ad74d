/* Group commit of audit events (issue 4 section 5): "a response carrying
 * personal data leaves only once its audit event is durable; group commit
 * keeps throughput high".
 *
 * An audited read done one transaction at a time is a write transaction
 * (the chain is extended) with one fsync, serialized per database: the
 * fsync, not the read, bounds the requests per second. The audit writer is
 * one thread with a store of its own. Request threads do their read without
 * the write lock (app_read_tx), hand the event to the writer and wait on a
 * condition variable; the writer takes every event queued by then (at most
 * AUDIT_BATCH_MAX), appends them to the chain in ONE write transaction
 * (app_tx: tail read inside the transaction, seq = tail + 1, + 2, ... in
 * queue order) and commits it: one fsync for the batch (SQLite WAL with
 * synchronous=FULL; PostgreSQL's commit with synchronous_commit on). Only
 * then does it wake the waiting requests, with the commit's status. So:
 *
 * - durable: a caller returns STORE_ONE only after the commit that holds its
 *   event returned, and that commit is as durable as any other of the store;
 * - all or nothing per batch: a failed commit fails every event in it, and
 *   each caller gets the error (the request answers 5xx and sends none of
 *   what it read); nothing of a failed batch is in the chain;
 * - chain order is commit order: seq is assigned inside the batch
 *   transaction, after every event committed before it, by this or any
 *   other process (write transactions are serialized, app_tx retries a lost
 *   race on the new tail);
 * - crash: events of a batch not yet committed are lost together with the
 *   responses that waited for them, which had not been sent.
 *
 * A write of personal data keeps its audit event in its own transaction
 * (app_tx): data and event commit together. */
#ifndef OVERSTAP_APP_AUDIT_WRITER_H
#define OVERSTAP_APP_AUDIT_WRITER_H

#include <stdint.h>

#include "store/store.h"

struct app;
struct audit_writer;

#define AUDIT_BATCH_MAX 256 /* events per transaction at most */

struct audit_writer_stats {
	int64_t queued;     /* events waiting for their batch's commit now */
	int64_t batches;    /* batch transactions committed */
	int64_t events;     /* events committed in them */
	int64_t failed;     /* batches that failed (their events were refused) */
	int64_t last_batch; /* events in the last batch */
	int64_t max_batch;  /* the largest batch so far */
};

/* Starts the writer on its own store opened from db, with a view of base
 * (keys and reference data; base must outlive the writer). Returns NULL
 * with a message in err when the store cannot be opened. */
struct audit_writer *audit_writer_start(const struct app *base, const char *db, char *err,
					size_t errcap);

/* Commits what is still queued, stops the thread and closes its store. */
void audit_writer_stop(struct audit_writer *w);

/* Appends ev to the chain (its strings are only read until this returns)
 * and waits until the batch holding it has committed. Returns STORE_ONE
 * with ev->seq, ev->prev_hash and ev->row_hash set, or a store status < 0
 * with the store's message in err. */
int audit_writer_append(struct audit_writer *w, struct store_audit *ev, char *err, size_t errcap);

void audit_writer_stats(struct audit_writer *w, struct audit_writer_stats *out);

#endif
