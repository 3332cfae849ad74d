/* Opening and closing a store: the one place that picks a backend.
 *
 * A spec that names a PostgreSQL database (a postgres:// or postgresql://
 * URI, or a libpq "key=value" string with host= or dbname=) will go to the
 * PostgreSQL backend; until that exists it is refused. Anything else is the
 * path of an SQLite database file. */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static bool is_postgres_spec(const char *spec)
{
	return strncmp(spec, "postgres://", 11) == 0 || strncmp(spec, "postgresql://", 13) == 0 ||
	       strstr(spec, "host=") != NULL || strstr(spec, "dbname=") != NULL;
}

struct store *store_open(const char *spec, char *err, size_t errcap)
{
	char scratch[1];

	if (!err || errcap == 0) {
		err = scratch;
		errcap = sizeof scratch;
	}
	if (!spec || !*spec) {
		snprintf(err, errcap, "no database given");
		return NULL;
	}
	if (is_postgres_spec(spec)) {
		snprintf(err, errcap, "PostgreSQL backend not built yet; give an SQLite file path");
		return NULL;
	}
	return store_sqlite_open(spec, err, errcap);
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}
