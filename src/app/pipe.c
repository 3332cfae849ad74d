#include "app/pipe.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct pipe {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t can_fill, can_drain;
	size_t item_size, per_batch, batches;
	unsigned char *mem;
	size_t *count; /* items in each batch */
	size_t head;   /* oldest full batch */
	size_t full;   /* full batches, from head on; the next one is the producer's */
	bool done;
	int failed; /* consumer's first failure, written under mu */
	pipe_consume_cb cb;
	void *cls;
};

static unsigned char *batch_mem(struct pipe *p, size_t b)
{
	return p->mem + b * p->per_batch * p->item_size;
}

static void *worker(void *arg)
{
	struct pipe *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->full == 0 && !p->done)
			pthread_cond_wait(&p->can_drain, &p->mu);
		if (p->full == 0)
			break;
		size_t b = p->head;
		int failed = p->failed;
		pthread_mutex_unlock(&p->mu);
		for (size_t i = 0; i < p->count[b] && failed == 0; i++) {
			int rc = p->cb(p->cls, batch_mem(p, b) + i * p->item_size);
			if (rc < 0)
				failed = rc;
		}
		pthread_mutex_lock(&p->mu);
		if (p->failed == 0)
			p->failed = failed;
		p->count[b] = 0;
		p->head = (p->head + 1) % p->batches;
		p->full--;
		pthread_cond_signal(&p->can_fill);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct pipe *pipe_start(size_t item_size, size_t per_batch, size_t batches, pipe_consume_cb cb,
			void *cls)
{
	struct pipe *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->item_size = item_size;
	p->per_batch = per_batch;
	p->batches = batches;
	p->cb = cb;
	p->cls = cls;
	p->mem = malloc(batches * per_batch * item_size);
	p->count = calloc(batches, sizeof *p->count);
	if (!p->mem || !p->count)
		goto fail;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->can_fill, NULL);
	pthread_cond_init(&p->can_drain, NULL);
	if (pthread_create(&p->thread, NULL, worker, p) != 0) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->can_fill);
		pthread_cond_destroy(&p->can_drain);
		goto fail;
	}
	return p;
fail:
	free(p->mem);
	free(p->count);
	free(p);
	return NULL;
}

int pipe_push(struct pipe *p, const void *item)
{
	pthread_mutex_lock(&p->mu);
	/* The batch after the full ones is the producer's alone. */
	size_t tail = (p->head + p->full) % p->batches;
	int failed = p->failed;
	pthread_mutex_unlock(&p->mu);
	if (failed)
		return failed;
	memcpy(batch_mem(p, tail) + p->count[tail] * p->item_size, item, p->item_size);
	if (++p->count[tail] < p->per_batch)
		return 0;
	pthread_mutex_lock(&p->mu);
	p->full++;
	pthread_cond_signal(&p->can_drain);
	while (p->full == p->batches)
		pthread_cond_wait(&p->can_fill, &p->mu);
	failed = p->failed;
	pthread_mutex_unlock(&p->mu);
	return failed;
}

int pipe_finish(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	size_t tail = (p->head + p->full) % p->batches;
	if (p->count[tail] > 0)
		p->full++;
	p->done = true;
	pthread_cond_signal(&p->can_drain);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	int failed = p->failed;
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->can_fill);
	pthread_cond_destroy(&p->can_drain);
	/* The items held personal data. */
	memset(p->mem, 0, p->batches * p->per_batch * p->item_size);
	free(p->mem);
	free(p->count);
	free(p);
	return failed;
}
