/* Opening and closing a store: the one place that picks a backend.
 *
 * A spec that names a PostgreSQL database goes to the PostgreSQL backend: a
 * postgresql:// or postgres:// URI, or a libpq "key=value ..." string (one
 * that contains '=' and that libpq parses as a connection string). Anything
 * else is the path of an SQLite database file; a file name with '=' in it
 * stays a file unless it also reads as a valid connection string (give it as
 * ./name to be sure). */
#include "store/store.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

static bool is_postgres_spec(const char *spec)
{
	if (strncmp(spec, "postgres://", 11) == 0 || strncmp(spec, "postgresql://", 13) == 0)
		return true;
	if (!strchr(spec, '='))
		return false;
	PQconninfoOption *opts = PQconninfoParse(spec, NULL);
	if (!opts)
		return false;
	PQconninfoFree(opts);
	return true;
}

bool store_spec_is_file(const char *spec)
{
	return spec && *spec && !is_postgres_spec(spec);
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
	if (is_postgres_spec(spec))
		return store_pg_open(spec, err, errcap);
	return store_sqlite_open(spec, err, errcap);
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}
