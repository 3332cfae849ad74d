/* Requests in flight per client address (see iplimit.h). */
#include "web/iplimit.h"

#include <string.h>

int iplimit_init(struct iplimit *l, unsigned limit)
{
	memset(l->slot, 0, sizeof l->slot);
	l->limit = limit;
	return pthread_mutex_init(&l->mu, NULL) == 0 ? 0 : -1;
}

void iplimit_destroy(struct iplimit *l)
{
	pthread_mutex_destroy(&l->mu);
}

/* The index of the slot counting a, or IPLIMIT_SLOTS; *free_slot the
 * first free one (or IPLIMIT_SLOTS). With the mutex held. */
static size_t find(struct iplimit *l, const struct clientip_addr *a, size_t *free_slot)
{
	*free_slot = IPLIMIT_SLOTS;
	for (size_t i = 0; i < IPLIMIT_SLOTS; i++) {
		if (l->slot[i].n == 0) {
			if (*free_slot == IPLIMIT_SLOTS)
				*free_slot = i;
		} else if (memcmp(&l->slot[i].addr, a, sizeof *a) == 0) {
			return i;
		}
	}
	return IPLIMIT_SLOTS;
}

bool iplimit_enter(struct iplimit *l, const struct clientip_addr *a)
{
	bool ok = false;
	size_t free_slot;
	pthread_mutex_lock(&l->mu);
	size_t i = find(l, a, &free_slot);
	if (i < IPLIMIT_SLOTS) {
		ok = l->slot[i].n < l->limit;
		l->slot[i].n += ok;
	} else if (free_slot < IPLIMIT_SLOTS && l->limit > 0) {
		l->slot[free_slot].addr = *a;
		l->slot[free_slot].n = 1;
		ok = true;
	}
	pthread_mutex_unlock(&l->mu);
	return ok;
}

void iplimit_leave(struct iplimit *l, const struct clientip_addr *a)
{
	size_t free_slot;
	pthread_mutex_lock(&l->mu);
	size_t i = find(l, a, &free_slot);
	if (i < IPLIMIT_SLOTS)
		l->slot[i].n--;
	pthread_mutex_unlock(&l->mu);
}
