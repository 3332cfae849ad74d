/* Finding the numbered migrations of a backend among the embedded files:
 * "src/store/migrations/<dialect>/NNNN_name.sql", applied in version order. */
#ifndef OVERSTAP_STORE_MIGRATIONS_H
#define OVERSTAP_STORE_MIGRATIONS_H

#include <stdbool.h>

#include "core/embedded.h"

/* The migration in dir (e.g. "src/store/migrations/sqlite/") with the
 * smallest version above prev, or NULL when there is none. Sets *version,
 * *name (the file name, borrowed) and *dup (two files carry that version). */
const struct embedded_file *migration_next(const char *dir, long prev, long *version,
					   const char **name, bool *dup);

#endif
