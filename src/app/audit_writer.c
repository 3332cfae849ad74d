/* Group commit of audit events (audit_writer.h). */
#include "app/audit_writer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"

/* One event waiting for its batch; it lives on the waiting caller's stack. */
struct entry {
	struct store_audit *ev;
	struct entry *next;
	pthread_cond_t wake; /* signalled when done is set: only this caller wakes */
	int status;
	bool done;
	char err[256];
};

struct audit_writer {
	pthread_mutex_t mu;
	pthread_cond_t wake; /* the writer: events queued, or stop */
	struct entry *head, *tail;
	bool stopping;
	struct audit_writer_stats st;
	pthread_t thread;
	struct store *store;
	struct app view; /* on store; appends within its transaction */
};

struct batch {
	struct entry *first;
	size_t n;
};

/* The batch transaction's body (app_tx): the chain tail is read once and
 * kept by the view while the events are appended in queue order. */
static int append_batch(struct app *a, void *cls)
{
	const struct batch *b = cls;
	struct entry *e = b->first;
	for (size_t i = 0; i < b->n; i++, e = e->next) {
		int rc = app_audit_event(a, e->ev);
		if (rc < 0)
			return rc;
	}
	return STORE_ONE;
}

static void *writer_main(void *cls)
{
	struct audit_writer *w = cls;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->wake, &w->mu);
		if (!w->head)
			break;
		struct batch b = {.first = w->head};
		struct entry *e = w->head;
		while (e && b.n < AUDIT_BATCH_MAX) {
			b.n++;
			e = e->next;
		}
		w->head = e;
		if (!e)
			w->tail = NULL;
		pthread_mutex_unlock(&w->mu);

		int rc = app_tx(&w->view, append_batch, &b);

		pthread_mutex_lock(&w->mu);
		e = b.first;
		for (size_t i = 0; i < b.n; i++) {
			struct entry *next = e->next; /* e may be gone once done is seen */
			e->status = rc < 0 ? rc : STORE_ONE;
			if (rc < 0)
				snprintf(e->err, sizeof e->err, "%s", w->store->errmsg);
			e->done = true;
			pthread_cond_signal(&e->wake);
			e = next;
		}
		w->st.queued -= (int64_t)b.n;
		if (rc < 0) {
			w->st.failed++;
		} else {
			w->st.batches++;
			w->st.events += (int64_t)b.n;
		}
		w->st.last_batch = (int64_t)b.n;
		if ((int64_t)b.n > w->st.max_batch)
			w->st.max_batch = (int64_t)b.n;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct audit_writer *audit_writer_start(const struct app *base, const char *db, char *err,
					size_t errcap)
{
	struct audit_writer *w = calloc(1, sizeof *w);
	if (!w) {
		snprintf(err, errcap, "out of memory");
		return NULL;
	}
	w->store = store_open(db, err, errcap);
	if (!w->store) {
		free(w);
		return NULL;
	}
	app_view(&w->view, base, w->store);
	w->view.audit_writer = NULL; /* this view appends itself */
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		snprintf(err, errcap, "cannot start the audit writer thread");
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->mu);
		app_view_end(&w->view);
		store_close(w->store);
		free(w);
		return NULL;
	}
	return w;
}

void audit_writer_stop(struct audit_writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->mu);
	app_view_end(&w->view);
	store_close(w->store);
	free(w);
}

int audit_writer_append(struct audit_writer *w, struct store_audit *ev, char *err, size_t errcap)
{
	struct entry e = {.ev = ev};
	pthread_mutex_lock(&w->mu);
	if (w->stopping) {
		pthread_mutex_unlock(&w->mu);
		snprintf(err, errcap, "audit: the writer is stopping");
		return STORE_HARD;
	}
	pthread_cond_init(&e.wake, NULL);
	if (w->tail)
		w->tail->next = &e;
	else
		w->head = &e;
	w->tail = &e;
	w->st.queued++;
	pthread_cond_signal(&w->wake);
	while (!e.done)
		pthread_cond_wait(&e.wake, &w->mu);
	pthread_mutex_unlock(&w->mu);
	pthread_cond_destroy(&e.wake);
	if (e.status < 0)
		snprintf(err, errcap, "%s", e.err);
	return e.status;
}

void audit_writer_stats(struct audit_writer *w, struct audit_writer_stats *out)
{
	pthread_mutex_lock(&w->mu);
	*out = w->st;
	pthread_mutex_unlock(&w->mu);
}
