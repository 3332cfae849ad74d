/* The store pool (store/pool.h): a stack of free stores under a mutex, and a
 * condition variable for threads waiting for one. It uses only the public
 * store interface, so it serves both backends; it lives here because the
 * server needs it for PostgreSQL first. */
#include "store/pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct store_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int size;
	int n_free;
	struct store *all[STORE_POOL_MAX];
	struct store *free[STORE_POOL_MAX]; /* a stack: the last put is the next get */
};

struct store_pool *store_pool_open(const char *spec, int size, char *err, size_t errcap)
{
	char scratch[1];
	struct store_pool *p = NULL;
	if (!err || errcap == 0) {
		err = scratch;
		errcap = sizeof scratch;
	}
	if (size < 1 || size > STORE_POOL_MAX) {
		snprintf(err, errcap, "pool size must be 1..%d", STORE_POOL_MAX);
		return NULL;
	}
	p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errcap, "out of memory");
		return NULL;
	}
	if (pthread_mutex_init(&p->lock, NULL) != 0) {
		snprintf(err, errcap, "cannot create the pool's mutex");
		free(p);
		return NULL;
	}
	if (pthread_cond_init(&p->freed, NULL) != 0) {
		snprintf(err, errcap, "cannot create the pool's condition variable");
		pthread_mutex_destroy(&p->lock);
		free(p);
		return NULL;
	}
	for (int i = 0; i < size; i++) {
		struct store *s = store_open(spec, err, errcap);
		if (!s) {
			store_pool_close(p);
			return NULL;
		}
		p->all[p->size++] = s;
		p->free[p->n_free++] = s;
	}
	return p;
}

struct store *store_pool_get(struct store_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->n_free == 0)
		pthread_cond_wait(&p->freed, &p->lock);
	struct store *s = p->free[--p->n_free];
	pthread_mutex_unlock(&p->lock);
	return s;
}

void store_pool_put(struct store_pool *p, struct store *s)
{
	/* Outside the lock: a rollback is a round trip to the server. */
	s->ops->rollback(s);
	pthread_mutex_lock(&p->lock);
	p->free[p->n_free++] = s;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

void store_pool_close(struct store_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	while (p->n_free < p->size)
		pthread_cond_wait(&p->freed, &p->lock);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->size; i++)
		store_close(p->all[i]);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
