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

static const char *const response_names[] = {
	[RESPONSE_NONE] = "none",
	[RESPONSE_ACCEPTED] = "accepted",
	[RESPONSE_DECLINED] = "declined",
	[RESPONSE_WAITLISTED] = "waitlisted",
};

#define RESPONSE_COUNT ((int)(sizeof response_names / sizeof response_names[0]))

const char *store_response_name(int r)
{
	return r >= 0 && r < RESPONSE_COUNT ? response_names[r] : NULL;
}

int store_response_parse(const char *s, enum store_response *out)
{
	for (int r = 0; s && r < RESPONSE_COUNT; r++) {
		if (strcmp(s, response_names[r]) == 0) {
			*out = (enum store_response)r;
			return 0;
		}
	}
	return -1;
}

static bool date_storable(cdate d)
{
	int y, mo, da;
	date_to_ymd(d, &y, &mo, &da);
	return y >= DATE_PARSE_YEAR_MIN && y <= DATE_PARSE_YEAR_MAX;
}

static bool terminated(const char *buf, size_t cap)
{
	return strnlen(buf, cap) < cap;
}

const char *store_meeting_problem(const struct store_meeting *m)
{
	if (!terminated(m->org, sizeof m->org) || !terminated(m->location, sizeof m->location) ||
	    !terminated(m->target, sizeof m->target) ||
	    !terminated(m->created_by, sizeof m->created_by))
		return "meeting: a text field is not terminated";
	if (m->n_presenters < 0 || m->n_presenters > STORE_MEETING_PRESENTERS_MAX)
		return "meeting: too many presenters";
	for (int i = 0; i < m->n_presenters; i++)
		if (!terminated(m->presenters[i], sizeof m->presenters[i]))
			return "meeting: a presenter is not terminated";
	if (!date_storable(m->ww_end_from) || !date_storable(m->ww_end_to))
		return "meeting: a date is out of range";
	return NULL;
}
