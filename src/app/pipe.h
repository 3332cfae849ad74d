/* A bounded hand-off from one producer thread to one consumer thread.
 *
 * The producer copies fixed-size items in with pipe_push(); a worker thread
 * hands them, in batches, to the consumer callback. Memory is bounded by
 * batches * per_batch * item_size. Used by the WW import so that parsing,
 * validation and encryption (main thread) overlap with the database writes
 * (worker thread, which then owns the store connection). */
#ifndef OVERSTAP_APP_PIPE_H
#define OVERSTAP_APP_PIPE_H

#include <stddef.h>

/* Called on the worker thread for each item in order; a result < 0 fails the
 * pipe: later items are dropped and pipe_finish() returns that result. */
typedef int (*pipe_consume_cb)(void *cls, void *item);

struct pipe;

/* Starts the worker. Returns NULL when memory or a thread cannot be had. */
struct pipe *pipe_start(size_t item_size, size_t per_batch, size_t batches, pipe_consume_cb cb,
			void *cls);

/* Copies item in; blocks while every batch is full. Returns 0, or the
 * consumer's failure (< 0) once it has failed. */
int pipe_push(struct pipe *p, const void *item);

/* Hands over what is left, waits for the worker, frees the pipe. Returns 0
 * or the consumer's first failure. */
int pipe_finish(struct pipe *p);

#endif
