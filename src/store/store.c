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

static const char *const kind_names[] = {
	[ORG_GEMEENTE] = "gemeente",
	[ORG_UWV] = "uwv",
	[ORG_PARTNER] = "partner",
};

#define KIND_COUNT ((int)(sizeof kind_names / sizeof kind_names[0]))

const char *org_kind_name(int kind)
{
	return kind >= 0 && kind < KIND_COUNT ? kind_names[kind] : NULL;
}

int org_kind_parse(const char *s, enum org_kind *out)
{
	for (int k = 0; s && k < KIND_COUNT; k++) {
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (enum org_kind)k;
			return 0;
		}
	}
	return -1;
}

const char *store_org_problem(const struct store_org *o)
{
	if (strnlen(o->code, sizeof o->code) == sizeof o->code)
		return "code is not terminated";
	if (strnlen(o->name, sizeof o->name) == sizeof o->name)
		return "name is not terminated";
	if (!org_kind_name((int)o->kind))
		return "unknown kind";
	return NULL;
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
