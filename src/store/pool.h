/* A small, thread-safe pool of store connections, for the server.
 *
 * Each item is a struct store from store_open(), so the pool works for both
 * backends (with SQLite every item is its own connection to the file). A
 * thread takes a store with store_pool_get(), uses it alone, and hands it
 * back with store_pool_put(); a transaction must not stay open across the
 * put (put rolls back whatever the caller left open). */
#ifndef OVERSTAP_STORE_POOL_H
#define OVERSTAP_STORE_POOL_H

#include <stddef.h>
#include "store/store.h"

struct store_pool;

#define STORE_POOL_MAX 64

/* Opens size (1..STORE_POOL_MAX) stores on spec at once, so that a bad spec
 * or an unreachable server is reported here. Returns NULL with a message in
 * err. The caller closes with store_pool_close(). */
struct store_pool *store_pool_open(const char *spec, int size, char *err, size_t errcap);

/* A store for the calling thread's exclusive use; blocks until one is free.
 * Borrowed until store_pool_put(). */
struct store *store_pool_get(struct store_pool *p);

/* Hands s (from store_pool_get on p) back; rolls back an open transaction. */
void store_pool_put(struct store_pool *p, struct store *s);

/* Waits until every store taken has been put back, then closes them all and
 * frees the pool. p may be NULL. Must not be called by a thread that still
 * holds a store of p. */
void store_pool_close(struct store_pool *p);

#endif
