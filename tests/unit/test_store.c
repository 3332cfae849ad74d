/* The store test suite, the same for every backend.
 *
 * The database comes from OVERSTAP_TEST_DB when set (any spec store_open
 * takes; the suite only adds rows, tagged per run, so a shared database works);
 * otherwise each test gets a fresh SQLite file under $TMPDIR that is deleted
 * afterwards. Checks that need to go around the store (append-only triggers,
 * migration bookkeeping) open the database directly: the SQLite file, or a
 * libpq connection. A test that needs a database of its own gets one from
 * fresh_db(): the temporary SQLite file, or on PostgreSQL a database it
 * creates (overstap_t_...) and drops at teardown; with a shared SQLite file
 * such a test is skipped. The tests after "PostgreSQL only" need a server;
 * they are skipped for SQLite. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/embedded.h"
#include "store/store.h"
#include "store_fixture.h"

struct fx {
	char spec[512];
	char base_spec[512]; /* PostgreSQL: the spec own_db was created through */
	char own_db[64];     /* PostgreSQL: a database of this test, dropped at teardown */
	bool temp;           /* spec is a temporary SQLite file of ours */
	bool sqlite;         /* spec names an SQLite file */
	char tag[24];
	struct store *s;
};

static unsigned run_id;
static unsigned test_no;

static bool is_sqlite_spec(const char *spec)
{
	return store_spec_is_file(spec);
}

static void drop_own_db(struct fx *f);

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char err[256] = "";
	if (!f)
		return -1;
	if (store_fx_spec(f->spec, sizeof f->spec, "store", &f->temp) != 0) {
		free(f);
		return -1;
	}
	f->sqlite = is_sqlite_spec(f->spec);
	snprintf(f->tag, sizeof f->tag, "T%08x%02u", run_id, ++test_no % 100);
	f->s = store_open(f->spec, err, sizeof err);
	if (!f->s) {
		fprintf(stderr, "store_open: %s\n", err);
		if (f->temp)
			unlink(f->spec);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	if (f->temp)
		store_fx_remove(f->spec);
	if (f->own_db[0])
		drop_own_db(f);
	free(f);
	return 0;
}

/* ---- helpers ---- */

static void pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static struct store *reopen(struct fx *f)
{
	char err[256] = "";
	store_close(f->s);
	f->s = store_open(f->spec, err, sizeof err);
	if (!f->s)
		fprintf(stderr, "reopen: %s\n", err);
	assert_non_null(f->s);
	return f->s;
}

/* An organisation code unique to this test run: "<tag>-<suffix>". */
static const char *code(const struct fx *f, const char *suffix, char out[STORE_ORG_CODE_MAX + 1])
{
	snprintf(out, STORE_ORG_CODE_MAX + 1, "%s-%s", f->tag, suffix);
	return out;
}

static void add_org(struct fx *f, const char *suffix, enum org_kind kind, int window)
{
	struct store_org o = {.kind = kind, .window_months = window};
	code(f, suffix, o.code);
	snprintf(o.name, sizeof o.name, "Organisatie %s", suffix);
	assert_int_equal(f->s->ops->insert_org(f->s, &o), STORE_ONE);
}

static struct store_person person_n(const struct fx *f, int n, const char *gemeente)
{
	struct store_person p = {
		.family_name = "Jansen",
		.given_names = "Anna Maria",
		.birth_date = date_from_ymd(1980, 5, 17),
		.postcode = "1234 AB",
		.house_number = "12a",
		.gemeente = gemeente,
		.email = "",
		.phone = NULL,
		.language = "nl",
	};
	size_t t = strlen(f->tag);
	/* The tag fills the front, n the last four bytes. */
	const size_t last = STORE_BSN_INDEX_SIZE - 4;
	memcpy(p.bsn_index, f->tag, t < last ? t : last);
	p.bsn_index[last] = (unsigned char)(n >> 24);
	p.bsn_index[last + 1] = (unsigned char)(n >> 16);
	p.bsn_index[last + 2] = (unsigned char)(n >> 8);
	p.bsn_index[last + 3] = (unsigned char)n;
	p.bsn_enc_len = 40;
	for (size_t i = 0; i < p.bsn_enc_len; i++)
		p.bsn_enc[i] = (unsigned char)(n * 7 + (int)i);
	return p;
}

static int64_t add_person(struct fx *f, int n, const char *gemeente)
{
	struct store_person p = person_n(f, n, gemeente);
	int64_t id = 0;
	assert_int_equal(f->s->ops->upsert_person(f->s, &p, &id), STORE_ONE);
	assert_true(id > 0);
	return id;
}

static int64_t add_ww(struct fx *f, int64_t person, const char *org, cdate start, cdate end)
{
	struct store_ww w = {person, org, start, end, 5000, 0};
	int64_t id = 0;
	enum ww_change ch;
	cdate old;
	assert_int_equal(f->s->ops->upsert_ww(f->s, &w, &id, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_INSERTED);
	return id;
}

/* Runs SQL on the database directly, around the store (SQLite file or
 * libpq); the error message goes to raw_msg. Returns 0 or -1. */
static char raw_msg[256];

static PGconn *pg_connect(const char *spec)
{
	PGconn *c = PQconnectdb(spec);
	if (PQstatus(c) != CONNECTION_OK) {
		snprintf(raw_msg, sizeof raw_msg, "%s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, pg_quiet, NULL);
	return c;
}

static int raw_exec(const struct fx *f, const char *sql)
{
	if (!f->sqlite) {
		PGconn *c = pg_connect(f->spec);
		if (!c)
			return -1;
		PGresult *res = PQexec(c, sql);
		ExecStatusType st = PQresultStatus(res);
		int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : -1;
		snprintf(raw_msg, sizeof raw_msg, "%s", PQresultErrorMessage(res));
		PQclear(res);
		PQfinish(c);
		return rc;
	}
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(f->spec, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 2000);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	snprintf(raw_msg, sizeof raw_msg, "%s", db ? sqlite3_errmsg(db) : "no database");
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Whether SQL run around the store is refused by an append-only trigger. */
static bool raw_refused_append_only(const struct fx *f, const char *sql)
{
	return raw_exec(f, sql) != 0 && strstr(raw_msg, "append-only") != NULL;
}

static int64_t raw_int(const struct fx *f, const char *sql)
{
	int64_t v = -1;
	if (!f->sqlite) {
		PGconn *c = pg_connect(f->spec);
		if (!c)
			return -1;
		PGresult *res = PQexec(c, sql);
		if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 &&
		    !PQgetisnull(res, 0, 0))
			v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		PQfinish(c);
		return v;
	}
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_open_v2(f->spec, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* A libpq key=value string: spec with its dbname replaced by db. */
static void spec_with_db(const char *spec, const char *db, char *out, size_t cap)
{
	PQconninfoOption *opts = PQconninfoParse(spec, NULL);
	size_t n = 0;
	out[0] = '\0';
	assert_non_null(opts);
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		const char *v = strcmp(o->keyword, "dbname") == 0 ? db : o->val;
		if (!v)
			continue;
		n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s%s='", n ? " " : "",
				      o->keyword);
		for (const char *c = v; *c; c++) {
			if (*c == '\'' || *c == '\\')
				n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "\\");
			n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%c", *c);
		}
		n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "'");
	}
	PQconninfoFree(opts);
	assert_true(n < cap);
}

/* Creates an empty PostgreSQL database of this test (dropped at teardown)
 * and sets f->spec to it, without opening it. */
static void create_own_db(struct fx *f)
{
	static unsigned n;
	char sql[128];
	assert_false(f->sqlite);
	snprintf(f->own_db, sizeof f->own_db, "overstap_t_%08x_%u", run_id, ++n);
	snprintf(f->base_spec, sizeof f->base_spec, "%s", f->spec);
	PGconn *c = pg_connect(f->base_spec);
	if (!c)
		fprintf(stderr, "create_own_db: %s\n", raw_msg);
	assert_non_null(c);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->own_db);
	PGresult *res = PQexec(c, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fprintf(stderr, "create_own_db: %s\n", PQresultErrorMessage(res));
	assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	PQfinish(c);
	spec_with_db(f->base_spec, f->own_db, f->spec, sizeof f->spec);
}

static void drop_own_db(struct fx *f)
{
	char sql[128];
	PGconn *c = pg_connect(f->base_spec);
	if (!c)
		return;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->own_db);
	PQclear(PQexec(c, sql));
	PQfinish(c);
	f->own_db[0] = '\0';
}

/* A database of this test's own, opened in f->s: the temporary SQLite file,
 * or a new PostgreSQL database. false with a shared SQLite file. */
static bool fresh_db(struct fx *f)
{
	if (f->temp || f->own_db[0])
		return true;
	if (f->sqlite)
		return false;
	store_close(f->s);
	f->s = NULL;
	create_own_db(f);
	reopen(f);
	return true;
}

/* ---- opening ---- */

static void test_open_rejects_specs(void **state)
{
	(void)state;
	static const char *const pg[] = {"postgresql://localhost/overstap", "postgres://u@h/db",
					 "host=localhost dbname=overstap", "dbname=overstap",
					 "user=u host=/tmp"};
	static const char *const files[] = {"overstap.db", "/tmp/a=b.db", "./x", "dbname"};
	char err[256];
	for (size_t i = 0; i < sizeof pg / sizeof pg[0]; i++)
		assert_false(store_spec_is_file(pg[i]));
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		assert_true(store_spec_is_file(files[i]));

	/* An unreachable server: NULL, the host named, never the password. */
	static const struct {
		const char *spec, *where;
	} down[] = {
		{"postgresql://u:SECRET@127.0.0.1:1/x", "at 127.0.0.1:1: "},
		{"host=/nonexistent-overstap port=5432 user=u password=SECRET dbname=x",
		 "at /nonexistent-overstap:5432: "},
		{"postgres://u:SECRET@[::1", "not a valid PostgreSQL connection string"},
	};
	for (size_t i = 0; i < sizeof down / sizeof down[0]; i++) {
		err[0] = '\0';
		assert_null(store_open(down[i].spec, err, sizeof err));
		if (!strstr(err, down[i].where))
			fprintf(stderr, "store_open(%zu): %s\n", i, err);
		assert_non_null(strstr(err, down[i].where));
		assert_null(strstr(err, "SECRET"));
	}
	err[0] = '\0';
	assert_null(store_open("", err, sizeof err));
	assert_true(err[0] != '\0');
	assert_null(store_open(NULL, NULL, 0));
	err[0] = '\0';
	assert_null(store_open("/nonexistent-overstap-dir/x.db", err, sizeof err));
	assert_true(err[0] != '\0');
	store_close(NULL);
}

static void test_reopen_keeps_data(void **state)
{
	struct fx *f = *state;
	char c[STORE_ORG_CODE_MAX + 1], key[64], buf[64];
	struct store_org o;

	add_org(f, "G1", ORG_GEMEENTE, 6);
	snprintf(key, sizeof key, "%s.key", f->tag);
	assert_int_equal(f->s->ops->set_meta(f->s, key, "v1"), STORE_ONE);
	for (int i = 0; i < 2; i++) {
		struct store *s = reopen(f);
		assert_int_equal(s->ops->get_org(s, code(f, "G1", c), &o), STORE_ONE);
		assert_int_equal(o.window_months, 6);
		assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_ONE);
		assert_string_equal(buf, "v1");
	}
	const char *dir = f->sqlite ? "src/store/migrations/sqlite/" : "src/store/migrations/pg/";
	int64_t files = 0;
	for (const struct embedded_file *e = embedded_files; e->name; e++)
		files += strncmp(e->name, dir, strlen(dir)) == 0;
	assert_true(files >= 1);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM schema_version"), files);
	assert_int_equal(raw_int(f, "SELECT count(DISTINCT version) FROM schema_version"), files);
}

static void test_open_settings(void **state)
{
	struct fx *f = *state;
	if (!f->sqlite) {
		/* The session names itself. */
		assert_true(raw_int(f, "SELECT count(*) FROM pg_stat_activity "
				       "WHERE application_name = 'overstap' "
				       "AND datname = current_database()") >= 1);
		return;
	}
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open_v2(f->spec, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_refuses_newer_schema(void **state)
{
	struct fx *f = *state;
	char err[256] = "";
	if (!fresh_db(f))
		skip(); /* changes the schema bookkeeping: only on a database of our own */
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(raw_exec(f, "INSERT INTO schema_version VALUES (999999, 'x', 0)"), 0);
	assert_null(store_open(f->spec, err, sizeof err));
	assert_non_null(strstr(err, "newer"));
	assert_int_equal(raw_exec(f, "DELETE FROM schema_version WHERE version = 999999"), 0);
	reopen(f);
}

/* ---- meta ---- */

static void test_meta(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char key[64], buf[16];

	snprintf(key, sizeof key, "%s.fingerprint", f->tag);
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_NONE);
	assert_int_equal(s->ops->set_meta(s, key, "abc"), STORE_ONE);
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "abc");
	assert_int_equal(s->ops->set_meta(s, key, ""), STORE_ONE);
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "");
	assert_int_equal(s->ops->set_meta(s, key, "0123456789abcdef"), STORE_ONE);
	assert_true(s->ops->get_meta(s, key, buf, sizeof buf) < 0); /* 16 + NUL > 16 */
	assert_int_equal(s->ops->set_meta(s, key, "0123456789abcde"), STORE_ONE);
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "0123456789abcde");
}

/* ---- organisations ---- */

static void test_org_crud(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	struct store_org o = {.kind = ORG_GEMEENTE, .window_months = 3}, got;

	code(f, "GM0363", o.code);
	snprintf(o.name, sizeof o.name, "Amsterdam");
	assert_int_equal(s->ops->get_org(s, o.code, &got), STORE_NONE);
	assert_int_equal(s->ops->insert_org(s, &o), STORE_ONE);
	assert_int_equal(s->ops->insert_org(s, &o), STORE_NONE);
	assert_int_equal(s->ops->get_org(s, o.code, &got), STORE_ONE);
	assert_string_equal(got.code, o.code);
	assert_string_equal(got.name, "Amsterdam");
	assert_int_equal(got.kind, ORG_GEMEENTE);
	assert_int_equal(got.window_months, 3);

	snprintf(o.name, sizeof o.name, "Gemeente Amsterdam");
	o.window_months = 6;
	assert_int_equal(s->ops->update_org(s, &o), STORE_ONE);
	assert_int_equal(s->ops->get_org(s, o.code, &got), STORE_ONE);
	assert_string_equal(got.name, "Gemeente Amsterdam");
	assert_int_equal(got.window_months, 6);

	struct store_org missing = o;
	code(f, "GM9999", missing.code);
	assert_int_equal(s->ops->update_org(s, &missing), STORE_NONE);
	assert_int_equal(s->ops->get_org(s, missing.code, &got), STORE_NONE);

	/* window_months 0 is "not set": the default of 3. */
	struct store_org uwv = {.kind = ORG_UWV};
	code(f, "UWV-A", uwv.code);
	snprintf(uwv.name, sizeof uwv.name, "UWV team A");
	assert_int_equal(s->ops->insert_org(s, &uwv), STORE_ONE);
	assert_int_equal(s->ops->get_org(s, uwv.code, &got), STORE_ONE);
	assert_int_equal(got.kind, ORG_UWV);
	assert_int_equal(got.window_months, 3);

	/* A name of the full maximum length round-trips. */
	struct store_org big = {.kind = ORG_PARTNER, .window_months = 4};
	code(f, "P", big.code);
	memset(big.name, 'x', STORE_ORG_NAME_MAX);
	big.name[STORE_ORG_NAME_MAX] = '\0';
	assert_int_equal(s->ops->insert_org(s, &big), STORE_ONE);
	assert_int_equal(s->ops->get_org(s, big.code, &got), STORE_ONE);
	assert_int_equal(strlen(got.name), STORE_ORG_NAME_MAX);
	assert_int_equal(got.kind, ORG_PARTNER);
}

static void test_org_invalid(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	struct store_org o = {.kind = ORG_GEMEENTE, .window_months = 7}, got;

	code(f, "GBAD", o.code);
	snprintf(o.name, sizeof o.name, "Te lang venster");
	assert_true(s->ops->insert_org(s, &o) < 0);
	assert_true(s->errmsg[0] != '\0');
	o.window_months = 2;
	assert_true(s->ops->insert_org(s, &o) < 0);
	o.window_months = 3;
	o.kind = (enum org_kind)9;
	assert_true(s->ops->insert_org(s, &o) < 0);
	assert_int_equal(s->ops->get_org(s, o.code, &got), STORE_NONE);
	o.kind = ORG_GEMEENTE;
	assert_int_equal(s->ops->insert_org(s, &o), STORE_ONE);
	o.window_months = 9;
	assert_true(s->ops->update_org(s, &o) < 0);
	assert_int_equal(s->ops->get_org(s, o.code, &got), STORE_ONE);
	assert_int_equal(got.window_months, 3);
}

struct org_seen {
	const char *prefix;
	char codes[8][STORE_ORG_CODE_MAX + 1];
	enum org_kind kinds[8];
	int n;
	int stop_at; /* return 42 at this many of ours; 0: never */
};

static int collect_org(void *cls, const struct store_org *o)
{
	struct org_seen *seen = cls;
	if (strncmp(o->code, seen->prefix, strlen(seen->prefix)) != 0)
		return 0;
	if (seen->n < 8) {
		snprintf(seen->codes[seen->n], sizeof seen->codes[0], "%s", o->code);
		seen->kinds[seen->n] = o->kind;
	}
	seen->n++;
	return seen->stop_at && seen->n == seen->stop_at ? 42 : 0;
}

static void test_iterate_orgs(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char c[STORE_ORG_CODE_MAX + 1];

	add_org(f, "GM0599", ORG_GEMEENTE, 3);
	add_org(f, "UWV-B", ORG_UWV, 3);
	add_org(f, "GM0014", ORG_GEMEENTE, 6);
	add_org(f, "P-REINT", ORG_PARTNER, 3);

	struct org_seen all = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_orgs(s, -1, collect_org, &all), STORE_ONE);
	assert_int_equal(all.n, 4);
	assert_string_equal(all.codes[0], code(f, "GM0014", c));
	assert_string_equal(all.codes[1], code(f, "GM0599", c));
	assert_string_equal(all.codes[2], code(f, "P-REINT", c));
	assert_string_equal(all.codes[3], code(f, "UWV-B", c));

	struct org_seen gem = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_orgs(s, ORG_GEMEENTE, collect_org, &gem), STORE_ONE);
	assert_int_equal(gem.n, 2);
	assert_int_equal(gem.kinds[0], ORG_GEMEENTE);
	assert_int_equal(gem.kinds[1], ORG_GEMEENTE);

	struct org_seen uwv = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_orgs(s, ORG_UWV, collect_org, &uwv), STORE_ONE);
	assert_int_equal(uwv.n, 1);
	assert_string_equal(uwv.codes[0], code(f, "UWV-B", c));

	struct org_seen stop = {.prefix = f->tag, .stop_at = 2};
	assert_int_equal(s->ops->iterate_orgs(s, -1, collect_org, &stop), 42);
	assert_int_equal(stop.n, 2);

	assert_true(s->ops->iterate_orgs(s, 3, collect_org, &stop) < 0);
}

static int never_called(void *cls, const struct store_org *o)
{
	(void)cls;
	(void)o;
	fail();
	return 0;
}

static void test_iterate_orgs_empty(void **state)
{
	struct fx *f = *state;
	if (!fresh_db(f))
		skip(); /* needs a database without partners */
	assert_int_equal(f->s->ops->iterate_orgs(f->s, ORG_PARTNER, never_called, NULL),
			 STORE_NONE);
}

/* ---- persons ---- */

static void test_upsert_person(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g1[STORE_ORG_CODE_MAX + 1], g2[STORE_ORG_CODE_MAX + 1];
	int64_t id1 = 0, id2 = 0, id3 = 0;

	add_org(f, "G1", ORG_GEMEENTE, 3);
	add_org(f, "G2", ORG_GEMEENTE, 3);
	code(f, "G1", g1);
	code(f, "G2", g2);

	struct store_person p = person_n(f, 1, g1);
	assert_int_equal(s->ops->upsert_person(s, &p, &id1), STORE_ONE);
	assert_true(id1 > 0);
	/* Unchanged: same id (the store takes its second path). */
	assert_int_equal(s->ops->upsert_person(s, &p, &id2), STORE_ONE);
	assert_int_equal(id2, id1);
	/* A fresh ciphertext of the same BSN is no change either. */
	p.bsn_enc[0] ^= 0xff;
	assert_int_equal(s->ops->upsert_person(s, &p, &id2), STORE_ONE);
	assert_int_equal(id2, id1);
	/* Changed: same id, new values. */
	p.family_name = "Jansen-de Vries";
	p.gemeente = g2;
	p.email = "anna@example.nl";
	assert_int_equal(s->ops->upsert_person(s, &p, &id2), STORE_ONE);
	assert_int_equal(id2, id1);
	p.email = NULL;
	assert_int_equal(s->ops->upsert_person(s, &p, &id2), STORE_ONE);
	assert_int_equal(id2, id1);

	/* Another BSN index is another person. */
	struct store_person q = person_n(f, 2, g1);
	assert_int_equal(s->ops->upsert_person(s, &q, &id3), STORE_ONE);
	assert_true(id3 > 0 && id3 != id1);

	/* Bad input is refused, not stored. */
	struct store_person bad = person_n(f, 3, g1);
	bad.bsn_enc_len = 0;
	assert_true(s->ops->upsert_person(s, &bad, &id3) < 0);
	bad.bsn_enc_len = STORE_BSN_ENC_MAX + 1;
	assert_true(s->ops->upsert_person(s, &bad, &id3) < 0);
	bad = person_n(f, 3, g1);
	bad.birth_date = date_from_ymd(1700, 1, 1);
	assert_true(s->ops->upsert_person(s, &bad, &id3) < 0);
	bad = person_n(f, 3, g1);
	bad.family_name = NULL;
	assert_true(s->ops->upsert_person(s, &bad, &id3) < 0);
}

struct ww_seen {
	const char *prefix; /* only rows whose org starts with this */
	int n;
	int stop_at; /* return 7 at this many rows; 0: never */
	struct {
		int64_t benefit_id, person_id, route_id;
		char org[STORE_ORG_CODE_MAX + 1], gemeente[STORE_ORG_CODE_MAX + 1];
		cdate end;
		unsigned char enc[STORE_BSN_ENC_MAX];
		size_t enc_len;
	} rows[16];
};

static int collect_ww(void *cls, const struct store_ww_row *r)
{
	struct ww_seen *seen = cls;
	if (strncmp(r->org, seen->prefix, strlen(seen->prefix)) != 0)
		return 0;
	if (seen->n < 16) {
		seen->rows[seen->n].benefit_id = r->benefit_id;
		seen->rows[seen->n].person_id = r->person_id;
		seen->rows[seen->n].route_id = r->route_id;
		seen->rows[seen->n].end = r->end;
		snprintf(seen->rows[seen->n].org, sizeof seen->rows[0].org, "%s", r->org);
		snprintf(seen->rows[seen->n].gemeente, sizeof seen->rows[0].gemeente, "%s",
			 r->gemeente);
		seen->rows[seen->n].enc_len = r->bsn_enc_len;
		if (r->bsn_enc_len <= STORE_BSN_ENC_MAX)
			memcpy(seen->rows[seen->n].enc, r->bsn_enc, r->bsn_enc_len);
	}
	seen->n++;
	return seen->stop_at && seen->n == seen->stop_at ? 7 : 0;
}

static void test_upsert_person_change_visible(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g1[STORE_ORG_CODE_MAX + 1], g2[STORE_ORG_CODE_MAX + 1], u[STORE_ORG_CODE_MAX + 1];
	int64_t id = 0;

	add_org(f, "G1", ORG_GEMEENTE, 3);
	add_org(f, "G2", ORG_GEMEENTE, 3);
	add_org(f, "U", ORG_UWV, 3);
	struct store_person p = person_n(f, 1, code(f, "G1", g1));
	assert_int_equal(s->ops->upsert_person(s, &p, &id), STORE_ONE);
	cdate end = date_from_ymd(2031, 3, 1);
	add_ww(f, id, code(f, "U", u), date_from_ymd(2030, 3, 1), end);

	p.gemeente = code(f, "G2", g2);
	assert_int_equal(s->ops->upsert_person(s, &p, &id), STORE_ONE);
	struct ww_seen seen = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_ww_ending(s, end, end, u, collect_ww, &seen), STORE_ONE);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.rows[0].gemeente, g2);
	assert_int_equal(seen.rows[0].person_id, id);
	/* The first ciphertext is kept. */
	assert_int_equal(seen.rows[0].enc_len, p.bsn_enc_len);
	assert_memory_equal(seen.rows[0].enc, p.bsn_enc, p.bsn_enc_len);
}

static void test_person_unknown_gemeente(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g[STORE_ORG_CODE_MAX + 1];
	int64_t id = 0;

	struct store_person p = person_n(f, 1, code(f, "NOPE", g));
	p.family_name = "Geheimnaam";
	s->errmsg[0] = '\0';
	assert_true(s->ops->upsert_person(s, &p, &id) < 0);
	assert_true(s->errmsg[0] != '\0');
	assert_null(strstr(s->errmsg, "Geheimnaam")); /* no personal data in messages */
	/* The store is still usable. */
	add_org(f, "NOPE", ORG_GEMEENTE, 3);
	assert_int_equal(s->ops->upsert_person(s, &p, &id), STORE_ONE);
	assert_true(id > 0);
}

/* ---- WW benefits ---- */

static void test_upsert_ww(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g[STORE_ORG_CODE_MAX + 1], u[STORE_ORG_CODE_MAX + 1], x[STORE_ORG_CODE_MAX + 1];
	int64_t id = 0, id2 = 0;
	enum ww_change ch;
	cdate old = 0;

	add_org(f, "G", ORG_GEMEENTE, 3);
	add_org(f, "U", ORG_UWV, 3);
	int64_t person = add_person(f, 1, code(f, "G", g));
	cdate start = date_from_ymd(2024, 1, 15), end = date_from_ymd(2026, 1, 14);
	struct store_ww w = {person, code(f, "U", u), start, end, 12345, 0};

	assert_int_equal(s->ops->upsert_ww(s, &w, &id, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_INSERTED);
	assert_true(id > 0);

	assert_int_equal(s->ops->upsert_ww(s, &w, &id2, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UNCHANGED);
	assert_int_equal(id2, id);

	w.end = date_from_ymd(2025, 12, 1);
	assert_int_equal(s->ops->upsert_ww(s, &w, &id2, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UPDATED);
	assert_int_equal(id2, id);
	assert_int_equal(old, end);

	/* Only the daily wage changes: updated, old_end is the unchanged end. */
	w.daily_wage_cents = 12000;
	assert_int_equal(s->ops->upsert_ww(s, &w, &id2, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UPDATED);
	assert_int_equal(old, w.end);
	w.daily_wage_cents = -1; /* unknown */
	assert_int_equal(s->ops->upsert_ww(s, &w, &id2, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UPDATED);
	assert_int_equal(s->ops->upsert_ww(s, &w, &id2, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UNCHANGED);
	w.daily_wage_cents = 0;
	assert_int_equal(s->ops->upsert_ww(s, &w, &id2, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UPDATED);

	/* Another start date is another benefit. */
	struct store_ww w2 = w;
	w2.start = date_from_ymd(2026, 6, 1);
	w2.end = date_from_ymd(2027, 6, 1);
	assert_int_equal(s->ops->upsert_ww(s, &w2, &id2, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_INSERTED);
	assert_true(id2 != id);

	/* Refused: end not after start, negative wage, unknown owner or person. */
	struct store_ww bad = w;
	bad.start = date_from_ymd(2028, 1, 1);
	bad.end = bad.start;
	assert_true(s->ops->upsert_ww(s, &bad, &id2, &ch, &old) < 0);
	bad.end = date_from_ymd(2029, 1, 1);
	bad.daily_wage_cents = -5;
	assert_true(s->ops->upsert_ww(s, &bad, &id2, &ch, &old) < 0);
	bad.daily_wage_cents = 100;
	bad.org = code(f, "UNKNOWN", x);
	assert_true(s->ops->upsert_ww(s, &bad, &id2, &ch, &old) < 0);
	bad.org = u;
	bad.person_id = person + 1000000;
	assert_true(s->ops->upsert_ww(s, &bad, &id2, &ch, &old) < 0);
	bad.person_id = person;
	bad.import_id = 987654321; /* no such import */
	assert_true(s->ops->upsert_ww(s, &bad, &id2, &ch, &old) < 0);

	/* With a real import. */
	struct store_import imp = {
		.kind = "ww",
		.file_name = "ww.csv",
		.org = u,
		.actor = "cli:test",
		.started_at = 1700000000,
		.sha256 = "0000000000000000000000000000000000000000000000000000000000000000"};
	assert_int_equal(s->ops->insert_import(s, &imp), STORE_ONE);
	bad.import_id = imp.id;
	assert_int_equal(s->ops->upsert_ww(s, &bad, &id2, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_INSERTED);
}

/* The upserts switch between looking up first and inserting first depending
 * on what the previous call found; every order of new, known and changed
 * rows must give the same answers. */
static void test_upserts_mixed_order(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g[STORE_ORG_CODE_MAX + 1], u[STORE_ORG_CODE_MAX + 1], x[STORE_ORG_CODE_MAX + 1];
	int64_t id[6] = {0}, got = 0;

	add_org(f, "G", ORG_GEMEENTE, 3);
	add_org(f, "U", ORG_UWV, 3);
	code(f, "G", g);
	code(f, "U", u);
	code(f, "NOPE", x);

	/* new, new, known, new, changed, new, known, known, changed */
	static const int order[] = {0, 1, 0, 2, 1, 3, 3, 2, 0};
	static const bool change[] = {false, false, false, false, true, false, false, false, true};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		struct store_person p = person_n(f, order[i], g);
		if (change[i])
			p.postcode = "9999 ZZ";
		assert_int_equal(s->ops->upsert_person(s, &p, &got), STORE_ONE);
		if (id[order[i]] == 0)
			id[order[i]] = got;
		assert_int_equal(got, id[order[i]]);
	}
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			assert_true(id[i] != id[j]);

	/* Errors in either mode leave the next call correct. */
	struct store_person bad = person_n(f, 4, x); /* new person, unknown gemeente */
	assert_true(s->ops->upsert_person(s, &bad, &got) < 0);
	struct store_person p0 = person_n(f, 0, g);
	p0.postcode = "9999 ZZ";
	assert_int_equal(s->ops->upsert_person(s, &p0, &got), STORE_ONE);
	assert_int_equal(got, id[0]);
	struct store_person p5 = person_n(f, 5, g);
	assert_int_equal(s->ops->upsert_person(s, &p5, &id[5]), STORE_ONE);
	bad = person_n(f, 1, x); /* known person moved to an unknown gemeente */
	assert_true(s->ops->upsert_person(s, &bad, &got) < 0);
	assert_true(s->ops->upsert_person(s, &bad, &got) < 0);
	assert_int_equal(s->ops->upsert_person(s, &p5, &got), STORE_ONE);
	assert_int_equal(got, id[5]);

	/* Benefits: new, new, unchanged, end changed, new, wage changed,
	 * unchanged, new after a failed insert. */
	cdate start = date_from_ymd(2025, 1, 1), end = date_from_ymd(2026, 1, 1);
	struct store_ww a = {id[0], u, start, end, 100, 0}, b = {id[1], u, start, end, 200, 0};
	int64_t ba = 0, bb = 0, bid = 0;
	enum ww_change ch;
	cdate old = 0;
	assert_int_equal(s->ops->upsert_ww(s, &a, &ba, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_INSERTED);
	assert_int_equal(s->ops->upsert_ww(s, &b, &bb, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_INSERTED);
	assert_true(ba != bb);
	assert_int_equal(s->ops->upsert_ww(s, &a, &bid, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UNCHANGED);
	assert_int_equal(bid, ba);
	b.end = end + 10;
	assert_int_equal(s->ops->upsert_ww(s, &b, &bid, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UPDATED);
	assert_int_equal(bid, bb);
	assert_int_equal(old, end);
	struct store_ww c = {id[2], u, start, end, -1, 0};
	int64_t bc = 0;
	assert_int_equal(s->ops->upsert_ww(s, &c, &bc, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_INSERTED);
	a.daily_wage_cents = 150;
	assert_int_equal(s->ops->upsert_ww(s, &a, &bid, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UPDATED);
	assert_int_equal(bid, ba);
	assert_int_equal(old, end);
	assert_int_equal(s->ops->upsert_ww(s, &c, &bid, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UNCHANGED);
	assert_int_equal(bid, bc);
	struct store_ww d = {id[3], u, start, end, 1, 0};
	int64_t bd = 0;
	assert_int_equal(s->ops->upsert_ww(s, &d, &bd, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_INSERTED);
	struct store_ww bad_ww = {id[5], x, start, end, 1, 0}; /* unknown owner */
	assert_true(s->ops->upsert_ww(s, &bad_ww, &bid, &ch, &old) < 0);
	assert_int_equal(s->ops->upsert_ww(s, &d, &bid, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UNCHANGED);
	assert_int_equal(bid, bd);
	bad_ww.org = u;
	bad_ww.end = start; /* end not after start */
	assert_true(s->ops->upsert_ww(s, &bad_ww, &bid, &ch, &old) < 0);
	bad_ww.end = end;
	assert_int_equal(s->ops->upsert_ww(s, &bad_ww, &bid, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_INSERTED);

	/* Everything is there once. */
	struct ww_seen seen = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_ww_ending(s, end, end + 10, u, collect_ww, &seen),
			 STORE_ONE);
	assert_int_equal(seen.n, 5);
}

static void test_iterate_ww_ending(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g1[STORE_ORG_CODE_MAX + 1], g2[STORE_ORG_CODE_MAX + 1];
	char u1[STORE_ORG_CODE_MAX + 1], u2[STORE_ORG_CODE_MAX + 1];
	cdate first = date_from_ymd(2026, 3, 1), last = date_from_ymd(2026, 5, 31);

	add_org(f, "G1", ORG_GEMEENTE, 3);
	add_org(f, "G2", ORG_GEMEENTE, 3);
	add_org(f, "U1", ORG_UWV, 3);
	add_org(f, "U2", ORG_UWV, 3);
	code(f, "G1", g1);
	code(f, "G2", g2);
	code(f, "U1", u1);
	code(f, "U2", u2);
	int64_t pa = add_person(f, 1, g2), pb = add_person(f, 2, g1), pc = add_person(f, 3, g1);
	cdate st = date_from_ymd(2025, 1, 1);

	int64_t before = add_ww(f, pa, u1, st, first - 1);
	int64_t a_last = add_ww(f, pa, u1, date_from_ymd(2025, 2, 1), last);
	int64_t b_first = add_ww(f, pb, u2, st, first);
	int64_t c_mid = add_ww(f, pc, u1, st, first + 30);
	int64_t after = add_ww(f, pc, u2, date_from_ymd(2025, 2, 1), last + 1);
	(void)before;
	(void)after;

	struct store_route r = {b_first, pb, u2, g1, "signalled", first - 90, 1700000000};
	int64_t route = 0;
	assert_int_equal(s->ops->insert_route(s, &r, &route), STORE_ONE);

	/* Inclusive bounds, ordered by gemeente, then end date. */
	struct ww_seen seen = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_ww_ending(s, first, last, NULL, collect_ww, &seen),
			 STORE_ONE);
	assert_int_equal(seen.n, 3);
	assert_int_equal(seen.rows[0].benefit_id, b_first);
	assert_string_equal(seen.rows[0].gemeente, g1);
	assert_int_equal(seen.rows[0].end, first);
	assert_int_equal(seen.rows[0].route_id, route);
	assert_string_equal(seen.rows[0].org, u2);
	assert_int_equal(seen.rows[1].benefit_id, c_mid);
	assert_int_equal(seen.rows[1].route_id, 0);
	assert_int_equal(seen.rows[2].benefit_id, a_last);
	assert_string_equal(seen.rows[2].gemeente, g2);
	assert_int_equal(seen.rows[2].end, last);
	assert_int_equal(seen.rows[2].person_id, pa);
	struct store_person p1 = person_n(f, 1, g2);
	assert_int_equal(seen.rows[2].enc_len, p1.bsn_enc_len);
	assert_memory_equal(seen.rows[2].enc, p1.bsn_enc, p1.bsn_enc_len);

	/* Owner filter. */
	struct ww_seen one = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_ww_ending(s, first, last, u1, collect_ww, &one),
			 STORE_ONE);
	assert_int_equal(one.n, 2);
	assert_int_equal(one.rows[0].benefit_id, c_mid);
	assert_int_equal(one.rows[1].benefit_id, a_last);

	/* A one-day range, and a range outside every benefit. */
	struct ww_seen day = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_ww_ending(s, last + 1, last + 1, u2, collect_ww, &day),
			 STORE_ONE);
	assert_int_equal(day.n, 1);
	assert_int_equal(day.rows[0].benefit_id, after);
	struct ww_seen none = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_ww_ending(s, last + 2, last + 400, u2, collect_ww, &none),
			 STORE_NONE);
	assert_int_equal(s->ops->iterate_ww_ending(s, last, first, u1, collect_ww, &none),
			 STORE_NONE);

	/* A wide range (dates beyond what the store holds) finds everything. */
	struct ww_seen wide = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_ww_ending(s, -1000000, 1000000, u1, collect_ww, &wide),
			 STORE_ONE);
	assert_int_equal(wide.n, 3);

	/* A non-zero callback result stops and is returned. */
	struct ww_seen stop = {.prefix = f->tag, .stop_at = 1};
	assert_int_equal(s->ops->iterate_ww_ending(s, first, last, u1, collect_ww, &stop), 7);
	assert_int_equal(stop.n, 1);
	/* The statement is usable again afterwards. */
	struct ww_seen again = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_ww_ending(s, first, last, u1, collect_ww, &again),
			 STORE_ONE);
	assert_int_equal(again.n, 2);
}

/* The signal run's pattern: open routes from inside the iteration. */
struct opener {
	struct store *s;
	const char *prefix;
	int opened;
};

static int open_route(void *cls, const struct store_ww_row *r)
{
	struct opener *op = cls;
	if (strncmp(r->org, op->prefix, strlen(op->prefix)) != 0 || r->route_id != 0)
		return 0;
	struct store_route route = {r->benefit_id, r->person_id, r->org,    r->gemeente,
				    "signalled",   r->end - 90,  1700000000};
	int64_t id = 0;
	int rc = op->s->ops->insert_route(op->s, &route, &id);
	if (rc != STORE_ONE)
		return rc < 0 ? rc : -100;
	struct store_event e = {id, 1700000000, "signalled", "cli:test", "{\"window\":3}"};
	rc = op->s->ops->insert_event(op->s, &e);
	if (rc != STORE_ONE)
		return rc < 0 ? rc : -101;
	op->opened++;
	return 0;
}

static void test_routes_opened_while_iterating(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g[STORE_ORG_CODE_MAX + 1], u[STORE_ORG_CODE_MAX + 1];
	cdate first = date_from_ymd(2027, 1, 1);

	add_org(f, "G", ORG_GEMEENTE, 3);
	add_org(f, "U", ORG_UWV, 3);
	code(f, "G", g);
	code(f, "U", u);
	for (int i = 0; i < 5; i++)
		add_ww(f, add_person(f, i + 1, g), u, first - 400, first + i);

	struct opener op = {s, f->tag, 0};
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->iterate_ww_ending(s, first, first + 10, u, open_route, &op),
			 STORE_ONE);
	assert_int_equal(s->ops->commit(s), STORE_ONE);
	assert_int_equal(op.opened, 5);

	struct ww_seen seen = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_ww_ending(s, first, first + 10, u, collect_ww, &seen),
			 STORE_ONE);
	assert_int_equal(seen.n, 5);
	for (int i = 0; i < 5; i++) {
		int64_t count = -1;
		assert_true(seen.rows[i].route_id > 0);
		assert_int_equal(s->ops->count_events(s, seen.rows[i].route_id, NULL, &count),
				 STORE_ONE);
		assert_int_equal(count, 1);
	}
	/* A second run opens nothing. */
	op.opened = 0;
	assert_int_equal(s->ops->iterate_ww_ending(s, first, first + 10, u, open_route, &op),
			 STORE_ONE);
	assert_int_equal(op.opened, 0);
}

/* ---- routes and events ---- */

static void test_routes(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g[STORE_ORG_CODE_MAX + 1], u[STORE_ORG_CODE_MAX + 1], x[STORE_ORG_CODE_MAX + 1];
	int64_t route = 0, got = 0, other = 0;

	add_org(f, "G", ORG_GEMEENTE, 3);
	add_org(f, "U", ORG_UWV, 3);
	code(f, "G", g);
	code(f, "U", u);
	int64_t person = add_person(f, 1, g);
	cdate end = date_from_ymd(2026, 9, 30);
	int64_t benefit = add_ww(f, person, u, date_from_ymd(2025, 1, 1), end);

	assert_int_equal(s->ops->get_route_by_benefit(s, benefit, &got), STORE_NONE);
	struct store_route r = {benefit, person, u, g, "signalled", end - 180, 1700000000};
	assert_int_equal(s->ops->insert_route(s, &r, &route), STORE_ONE);
	assert_true(route > 0);
	assert_int_equal(s->ops->get_route_by_benefit(s, benefit, &got), STORE_ONE);
	assert_int_equal(got, route);

	/* A second route for the same benefit is refused. */
	assert_int_equal(s->ops->insert_route(s, &r, &other), STORE_NONE);
	assert_int_equal(s->ops->get_route_by_benefit(s, benefit, &got), STORE_ONE);
	assert_int_equal(got, route);

	/* Unknown benefit or gemeente: an error, not a crash. */
	struct store_route bad = r;
	bad.benefit_id = benefit + 1000000;
	assert_true(s->ops->insert_route(s, &bad, &other) < 0);
	int64_t benefit2 = add_ww(f, person, u, date_from_ymd(2024, 1, 1), end - 400);
	bad.benefit_id = benefit2;
	bad.gemeente = code(f, "NOPE", x);
	assert_true(s->ops->insert_route(s, &bad, &other) < 0);
	assert_int_equal(s->ops->get_route_by_benefit(s, benefit2, &got), STORE_NONE);
}

struct changes_seen {
	int n;
	struct store_ww_change c[4];
};

static int collect_change(void *cls, const struct store_ww_change *c)
{
	struct changes_seen *cs = cls;
	if (cs->n < 4)
		cs->c[cs->n] = *c;
	cs->n++;
	return STORE_ONE;
}

static struct store_ww_load load_rows(struct fx *f, const struct store_person *p,
				      const struct store_ww *w, int n, struct changes_seen *cs)
{
	struct store *s = f->s;
	struct store_ww_load out = {-1, -1, -1};
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->ww_load_begin(s), STORE_ONE);
	for (int i = 0; i < n; i++)
		assert_true(s->ops->ww_load_add(s, &p[i], &w[i]) >= 0);
	assert_true(s->ops->ww_load_end(s, &out, collect_change, cs) >= 0);
	assert_int_equal(s->ops->commit(s), STORE_ONE);
	return out;
}

/* The bulk load behaves as the row upserts in file order: every row counted,
 * a later row for the same benefit wins, end-date changes reported with the
 * route (or 0) after the merge. */
static void test_ww_load(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g[STORE_ORG_CODE_MAX + 1], u[STORE_ORG_CODE_MAX + 1];
	add_org(f, "G", ORG_GEMEENTE, 3);
	add_org(f, "U", ORG_UWV, 3);
	code(f, "G", g);
	code(f, "U", u);
	cdate start = date_from_ymd(2025, 3, 1), end = date_from_ymd(2026, 12, 31);
	struct store_person p[3] = {person_n(f, 1, g), person_n(f, 2, g), person_n(f, 1, g)};
	struct store_ww w[3] = {
		{0, u, start, end, 5000, 0},
		{0, u, start, end, 6000, 0},
		{0, u, start, end + 10, 5000, 0}, /* person 1 again, later end: wins */
	};
	struct changes_seen cs = {0};
	struct store_ww_load got = load_rows(f, p, w, 3, &cs);
	assert_int_equal(got.inserted, 2);
	assert_int_equal(got.updated, 1);
	assert_int_equal(got.unchanged, 0);
	assert_int_equal(cs.n, 1); /* person 1's end moved within the file; no route */
	assert_int_equal(cs.c[0].old_end, end);
	assert_int_equal(cs.c[0].new_end, end + 10);
	assert_int_equal(cs.c[0].route_id, 0);

	/* Open a route for person 1's benefit, then move its end again. */
	int64_t person1 = 0, benefit1 = 0, route = 0;
	enum ww_change ch;
	cdate old;
	assert_int_equal(s->ops->upsert_person(s, &p[0], &person1), STORE_ONE);
	struct store_ww probe = w[2];
	probe.person_id = person1;
	assert_int_equal(s->ops->upsert_ww(s, &probe, &benefit1, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_UNCHANGED);
	struct store_route r = {benefit1, person1, u, g, "signalled", end - 60, 1700000000};
	assert_int_equal(s->ops->insert_route(s, &r, &route), STORE_ONE);

	struct store_ww again[2] = {w[1], w[2]};
	again[1].end = end + 20;
	struct store_person who[2] = {p[1], p[2]};
	memset(&cs, 0, sizeof cs);
	got = load_rows(f, who, again, 2, &cs);
	assert_int_equal(got.inserted, 0);
	assert_int_equal(got.updated, 1);
	assert_int_equal(got.unchanged, 1);
	assert_int_equal(cs.n, 1);
	assert_int_equal(cs.c[0].benefit_id, benefit1);
	assert_int_equal(cs.c[0].route_id, route);
	assert_int_equal(cs.c[0].old_end, end + 10);
	assert_int_equal(cs.c[0].new_end, end + 20);

	/* A load that is rolled back leaves nothing behind. */
	struct store_person p4 = person_n(f, 4, g);
	struct store_ww w4 = {0, u, start, end, -1, 0};
	struct store_ww_load out;
	memset(&cs, 0, sizeof cs);
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->ww_load_begin(s), STORE_ONE);
	assert_true(s->ops->ww_load_add(s, &p4, &w4) >= 0);
	assert_true(s->ops->ww_load_end(s, &out, collect_change, &cs) >= 0);
	assert_int_equal(out.inserted, 1);
	assert_int_equal(s->ops->rollback(s), STORE_ONE);
	int64_t id4 = 0;
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->upsert_person(s, &p4, &id4), STORE_ONE);
	struct store_ww probe4 = w4;
	probe4.person_id = id4;
	int64_t b4 = 0;
	assert_int_equal(s->ops->upsert_ww(s, &probe4, &b4, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_INSERTED); /* it was not there */
	assert_int_equal(s->ops->rollback(s), STORE_ONE);
}

static void test_events(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g[STORE_ORG_CODE_MAX + 1], u[STORE_ORG_CODE_MAX + 1];
	int64_t route = 0, route2 = 0, count = -1;

	add_org(f, "G", ORG_GEMEENTE, 3);
	add_org(f, "U", ORG_UWV, 3);
	code(f, "G", g);
	code(f, "U", u);
	int64_t person = add_person(f, 1, g);
	int64_t b1 = add_ww(f, person, u, date_from_ymd(2025, 1, 1), date_from_ymd(2026, 1, 1));
	int64_t b2 = add_ww(f, person, u, date_from_ymd(2023, 1, 1), date_from_ymd(2024, 1, 1));
	struct store_route r = {b1, person, u, g, "signalled", date_from_ymd(2025, 9, 1), 1};
	assert_int_equal(s->ops->insert_route(s, &r, &route), STORE_ONE);
	r.benefit_id = b2;
	assert_int_equal(s->ops->insert_route(s, &r, &route2), STORE_ONE);

	assert_int_equal(s->ops->count_events(s, route, NULL, &count), STORE_ONE);
	assert_int_equal(count, 0);
	struct store_event e = {route, 1700000000, "signalled", "cli:alice", "{}"};
	assert_int_equal(s->ops->insert_event(s, &e), STORE_ONE);
	e.kind = "ww_end_changed";
	e.data = "{\"old_end\":\"2026-02-01\",\"new_end\":\"2026-01-01\"}";
	assert_int_equal(s->ops->insert_event(s, &e), STORE_ONE);
	e.data = NULL; /* stored as {} */
	assert_int_equal(s->ops->insert_event(s, &e), STORE_ONE);

	assert_int_equal(s->ops->count_events(s, route, NULL, &count), STORE_ONE);
	assert_int_equal(count, 3);
	assert_int_equal(s->ops->count_events(s, route, "ww_end_changed", &count), STORE_ONE);
	assert_int_equal(count, 2);
	assert_int_equal(s->ops->count_events(s, route, "invited", &count), STORE_ONE);
	assert_int_equal(count, 0);
	assert_int_equal(s->ops->count_events(s, route2, NULL, &count), STORE_ONE);
	assert_int_equal(count, 0);

	/* Refused: data that is not JSON, an unknown route. */
	e.data = "{not json";
	assert_true(s->ops->insert_event(s, &e) < 0);
	e.data = "{}";
	e.route_id = route + route2 + 1000;
	assert_true(s->ops->insert_event(s, &e) < 0);
	assert_int_equal(s->ops->count_events(s, route, NULL, &count), STORE_ONE);
	assert_int_equal(count, 3);

	/* Append-only, even around the store. */
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE route_event SET kind = 'x' WHERE route_id = %lld",
		 (long long)route);
	assert_true(raw_refused_append_only(f, sql));
	snprintf(sql, sizeof sql, "DELETE FROM route_event WHERE route_id = %lld",
		 (long long)route);
	assert_true(raw_refused_append_only(f, sql));
	assert_int_equal(s->ops->count_events(s, route, "signalled", &count), STORE_ONE);
	assert_int_equal(count, 1);
}

/* ---- transactions ---- */

static void test_transactions(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	struct store_org o = {.kind = ORG_GEMEENTE, .window_months = 3}, got;
	char key[64], buf[16];

	code(f, "TX", o.code);
	snprintf(o.name, sizeof o.name, "Transactie");
	snprintf(key, sizeof key, "%s.tx", f->tag);

	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->insert_org(s, &o), STORE_ONE);
	assert_int_equal(s->ops->set_meta(s, key, "x"), STORE_ONE);
	assert_int_equal(s->ops->get_org(s, o.code, &got), STORE_ONE); /* own writes seen */
	assert_int_equal(s->ops->rollback(s), STORE_ONE);
	assert_int_equal(s->ops->get_org(s, o.code, &got), STORE_NONE);
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_NONE);

	/* Still gone after reopening. */
	s = reopen(f);
	assert_int_equal(s->ops->get_org(s, o.code, &got), STORE_NONE);

	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_true(s->ops->begin_write(s) < 0); /* no nesting */
	assert_int_equal(s->ops->insert_org(s, &o), STORE_ONE);
	assert_int_equal(s->ops->commit(s), STORE_ONE);
	s = reopen(f);
	assert_int_equal(s->ops->get_org(s, o.code, &got), STORE_ONE);

	/* A rollback without a transaction is harmless; a commit is an error. */
	assert_int_equal(s->ops->rollback(s), STORE_ONE);
	assert_true(s->ops->commit(s) < 0);

	/* A failed statement inside a transaction leaves the earlier ones to the
	 * caller's commit or rollback. */
	struct store_org o2 = o;
	code(f, "TX2", o2.code);
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->insert_org(s, &o2), STORE_ONE);
	o.window_months = 99;
	assert_true(s->ops->update_org(s, &o) < 0);
	assert_int_equal(s->ops->rollback(s), STORE_ONE);
	assert_int_equal(s->ops->get_org(s, o2.code, &got), STORE_NONE);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_busy_is_soft(void **state)
{
	struct fx *f = *state;
	struct store *a = f->s, *b;
	char err[256] = "", key[64], buf[16];

	snprintf(key, sizeof key, "%s.busy", f->tag);
	assert_int_equal(a->ops->set_meta(a, key, "old"), STORE_ONE);
	assert_int_equal(a->ops->begin_write(a), STORE_ONE);
	assert_int_equal(a->ops->set_meta(a, key, "new"), STORE_ONE);

	/* Opening an up-to-date database needs no write lock. */
	setenv("OVERSTAP_SQLITE_BUSY_MS", "100", 1);
	setenv("OVERSTAP_PG_LOCK_MS", "100", 1);
	b = store_open(f->spec, err, sizeof err);
	unsetenv("OVERSTAP_SQLITE_BUSY_MS");
	unsetenv("OVERSTAP_PG_LOCK_MS");
	if (!b)
		fprintf(stderr, "second connection: %s\n", err);
	assert_non_null(b);

	/* The other connection still reads the committed value... */
	assert_int_equal(b->ops->get_meta(b, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "old");
	/* ...but cannot write: a soft error, after the (short) busy timeout. */
	double t0 = now_s();
	int rc = b->ops->begin_write(b);
	if (rc == STORE_ONE) /* a backend that locks at the first write */
		rc = b->ops->set_meta(b, key, "other");
	assert_int_equal(rc, STORE_SOFT);
	assert_true(now_s() - t0 < 3.0);
	assert_true(b->errmsg[0] != '\0');
	assert_int_equal(b->ops->rollback(b), STORE_ONE);
	/* Outside a transaction too. */
	assert_int_equal(b->ops->set_meta(b, key, "other"), STORE_SOFT);

	assert_int_equal(a->ops->commit(a), STORE_ONE);
	/* The retry succeeds. */
	assert_int_equal(b->ops->begin_write(b), STORE_ONE);
	assert_int_equal(b->ops->get_meta(b, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "new");
	assert_int_equal(b->ops->set_meta(b, key, "retried"), STORE_ONE);
	assert_int_equal(b->ops->commit(b), STORE_ONE);
	assert_int_equal(a->ops->get_meta(a, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "retried");
	store_close(b);
}

/* ---- imports and audit ---- */

static void test_imports(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char u[STORE_ORG_CODE_MAX + 1], v[STORE_ORG_CODE_MAX + 1], sha[65], sha2[65];
	struct store_import got;

	add_org(f, "U", ORG_UWV, 3);
	add_org(f, "V", ORG_UWV, 3);
	code(f, "U", u);
	code(f, "V", v);
	memset(sha, '0', 64);
	sha[64] = '\0';
	snprintf(sha, 11, "%08x%02x", run_id, test_no % 256); /* unique per run */
	sha[10] = 'e';
	memcpy(sha2, sha, sizeof sha2);
	sha2[63] = '1';

	struct store_import imp = {.kind = "ww",
				   .file_name = "ww-2026-01.csv",
				   .sha256 = sha,
				   .org = u,
				   .actor = "cli:alice",
				   .started_at = 1700000000};
	assert_int_equal(s->ops->insert_import(s, &imp), STORE_ONE);
	assert_true(imp.id > 0);
	assert_int_equal(s->ops->find_import(s, "ww", u, sha, &got), STORE_NONE);

	imp.finished_at = 1700000060;
	imp.rows_total = 10;
	imp.rows_inserted = 6;
	imp.rows_updated = 2;
	imp.rows_unchanged = 1;
	imp.rows_rejected = 1;
	assert_int_equal(s->ops->update_import(s, &imp), STORE_ONE);
	memset(&got, 0xff, sizeof got);
	assert_int_equal(s->ops->find_import(s, "ww", u, sha, &got), STORE_ONE);
	assert_int_equal(got.id, imp.id);
	assert_int_equal(got.started_at, 1700000000);
	assert_int_equal(got.finished_at, 1700000060);
	assert_int_equal(got.rows_total, 10);
	assert_int_equal(got.rows_inserted, 6);
	assert_int_equal(got.rows_updated, 2);
	assert_int_equal(got.rows_unchanged, 1);
	assert_int_equal(got.rows_rejected, 1);
	assert_null(got.kind);
	assert_null(got.file_name);
	assert_null(got.sha256);
	assert_null(got.org);
	assert_null(got.actor);

	/* Other hash, org or kind: not found. */
	assert_int_equal(s->ops->find_import(s, "ww", u, sha2, &got), STORE_NONE);
	assert_int_equal(s->ops->find_import(s, "ww", v, sha, &got), STORE_NONE);
	assert_int_equal(s->ops->find_import(s, "other", u, sha, &got), STORE_NONE);

	/* The newest completed run of the same file wins. */
	struct store_import again = imp;
	again.id = 0;
	again.started_at = 1800000000;
	again.finished_at = 1800000010;
	assert_int_equal(s->ops->insert_import(s, &again), STORE_ONE);
	assert_true(again.id > imp.id);
	assert_int_equal(s->ops->find_import(s, "ww", u, sha, &got), STORE_ONE);
	assert_int_equal(got.id, again.id);

	/* Unknown id, unknown org, bad hash, negative counts. */
	struct store_import bad = imp;
	bad.id = again.id + 1000;
	assert_int_equal(s->ops->update_import(s, &bad), STORE_NONE);
	bad = imp;
	bad.org = "no-such-org";
	assert_true(s->ops->insert_import(s, &bad) < 0);
	bad = imp;
	bad.sha256 = "abc";
	assert_true(s->ops->insert_import(s, &bad) < 0);
	bad = imp;
	bad.rows_total = -1;
	assert_true(s->ops->update_import(s, &bad) < 0);
}

/* An audit event for the store: the store keeps the chain fields as given
 * (the app computes them, app/audit.c), so any 32 bytes do here. */
static struct store_audit audit_event_n(int64_t seq, unsigned char fill)
{
	struct store_audit a = {
		.seq = seq,
		.at = 1700000000,
		.actor = "cli:alice",
		.org = "GM0363",
		.role = "klantmanager",
		.action = "read_bsn",
		.object_type = "person",
		.object_id = "42",
		.purpose = "intake",
		.outcome = "allowed",
		.request_id = "req-7",
	};
	memset(a.prev_hash, fill, sizeof a.prev_hash);
	memset(a.row_hash, fill + 1, sizeof a.row_hash);
	return a;
}

/* The chain's tail: 0 when no event is chained yet. */
static int64_t tail_seq(struct store *s)
{
	int64_t seq = 0;
	unsigned char h[STORE_HASH_SIZE];
	int rc = s->ops->audit_tail(s, &seq, h);
	assert_true(rc >= 0);
	return rc == STORE_NONE ? 0 : seq;
}

struct audit_seen {
	int n;
	struct store_audit first;
	char purpose[32], request_id[32], org[32];
	bool role_null;
};

static int audit_seen_cb(void *cls, const struct store_audit *a)
{
	struct audit_seen *w = cls;
	if (w->n++ == 0) {
		w->first = *a;
		snprintf(w->purpose, sizeof w->purpose, "%s", a->purpose);
		snprintf(w->request_id, sizeof w->request_id, "%s",
			 a->request_id ? a->request_id : "");
		snprintf(w->org, sizeof w->org, "%s", a->org ? a->org : "");
		w->role_null = a->role == NULL;
	}
	return 0;
}

static void test_audit(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	/* A shared database may hold events of earlier runs: start at its tail. */
	int64_t base = tail_seq(s);
	struct store_audit a = audit_event_n(base + 1, 0x11);
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->insert_audit(s, &a), STORE_ONE);
	a = audit_event_n(base + 2, 0x22);
	a.org = NULL;
	a.role = "";
	a.request_id = NULL;
	a.outcome = "denied";
	assert_int_equal(s->ops->insert_audit(s, &a), STORE_ONE);
	assert_int_equal(s->ops->commit(s), STORE_ONE);

	int64_t seq = 0;
	unsigned char h[STORE_HASH_SIZE], want[STORE_HASH_SIZE];
	assert_int_equal(s->ops->audit_tail(s, &seq, h), STORE_ONE);
	assert_int_equal(seq, base + 2);
	memset(want, 0x23, sizeof want);
	assert_memory_equal(h, want, sizeof h);

	/* Read back in seq order, from after a given seq, within a time range. */
	struct audit_seen w = {0};
	assert_int_equal(
		s->ops->iterate_audit(s, false, base, INT64_MIN, INT64_MAX, 0, audit_seen_cb, &w),
		STORE_ONE);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.first.seq, base + 1);
	assert_true(w.first.id > 0);
	assert_int_equal(w.first.at, 1700000000);
	assert_true(w.first.hashes_ok);
	memset(want, 0x11, sizeof want);
	assert_memory_equal(w.first.prev_hash, want, sizeof want);
	memset(want, 0x12, sizeof want);
	assert_memory_equal(w.first.row_hash, want, sizeof want);
	assert_string_equal(w.purpose, "intake");
	assert_string_equal(w.request_id, "req-7");
	assert_string_equal(w.org, "GM0363");
	memset(&w, 0, sizeof w);
	assert_int_equal(s->ops->iterate_audit(s, false, base + 1, INT64_MIN, INT64_MAX, 0,
					       audit_seen_cb, &w),
			 STORE_ONE);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.first.seq, base + 2);
	assert_string_equal(w.org, "");
	assert_true(w.role_null); /* "" is kept as NULL */
	assert_string_equal(w.request_id, "");
	memset(&w, 0, sizeof w);
	assert_int_equal(
		s->ops->iterate_audit(s, false, base, INT64_MIN, INT64_MAX, 1, audit_seen_cb, &w),
		STORE_ONE);
	assert_int_equal(w.n, 1); /* limit */
	memset(&w, 0, sizeof w);
	assert_int_equal(
		s->ops->iterate_audit(s, false, base, 1700000001, INT64_MAX, 0, audit_seen_cb, &w),
		STORE_NONE);
	assert_int_equal(
		s->ops->iterate_audit(s, false, base, 1700000000, 1700000000, 0, audit_seen_cb, &w),
		STORE_ONE);
	assert_int_equal(w.n, 2);

	/* A seq taken already: soft (a concurrent appender won). */
	a = audit_event_n(base + 2, 0x33);
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->insert_audit(s, &a), STORE_SOFT);
	assert_int_equal(s->ops->rollback(s), STORE_ONE);
	/* No place in the chain, bad outcome, no actor: refused. */
	a = audit_event_n(0, 0x33);
	assert_true(s->ops->insert_audit(s, &a) < 0);
	a = audit_event_n(base + 3, 0x33);
	a.outcome = "maybe";
	assert_true(s->ops->insert_audit(s, &a) < 0);
	a.outcome = "denied";
	a.actor = NULL;
	assert_true(s->ops->insert_audit(s, &a) < 0);
	assert_int_equal(tail_seq(s), base + 2);

	/* Around the store: no unchained event, no change, no removal. */
	assert_true(raw_exec(f, "INSERT INTO audit_event (at, actor, action, object_type, "
				"object_id, purpose, outcome) VALUES (1, 'x', 'y', 'z', '1', 'p', "
				"'allowed')") != 0 &&
		    strstr(raw_msg, "chained") != NULL);
	assert_true(raw_refused_append_only(f, "UPDATE audit_event SET outcome = 'allowed'"));
	assert_true(raw_refused_append_only(f, "DELETE FROM audit_event"));
	if (!f->sqlite)
		assert_true(raw_refused_append_only(f, "TRUNCATE audit_event"));
	if (f->temp)
		assert_int_equal(raw_int(f, "SELECT count(*) FROM audit_event"), 2);
}

/* Two transactions extend the chain from the same tail: the second cannot
 * commit (PostgreSQL: serialization failure or the unique seq; SQLite lets
 * only one writer in, test_busy_is_soft). */
static void test_pg_audit_fork_is_soft(void **state)
{
	struct fx *f = *state;
	char err[256] = "";
	if (f->sqlite)
		skip();
	struct store *a = f->s, *b = store_open(f->spec, err, sizeof err);
	assert_non_null(b);
	assert_int_equal(a->ops->begin_write(a), STORE_ONE);
	assert_int_equal(b->ops->begin_write(b), STORE_ONE);
	int64_t ta = tail_seq(a), tb = tail_seq(b);
	assert_int_equal(ta, tb);
	struct store_audit ea = audit_event_n(ta + 1, 0x44), eb = audit_event_n(tb + 1, 0x55);
	assert_int_equal(a->ops->insert_audit(a, &ea), STORE_ONE);
	assert_int_equal(a->ops->commit(a), STORE_ONE);
	int rc = b->ops->insert_audit(b, &eb);
	if (rc == STORE_ONE)
		rc = b->ops->commit(b);
	assert_int_equal(rc, STORE_SOFT);
	assert_int_equal(b->ops->rollback(b), STORE_ONE);
	/* The retry extends the new tail. */
	assert_int_equal(b->ops->begin_write(b), STORE_ONE);
	assert_int_equal(tail_seq(b), ta + 1);
	eb.seq = ta + 2;
	assert_int_equal(b->ops->insert_audit(b, &eb), STORE_ONE);
	assert_int_equal(b->ops->commit(b), STORE_ONE);
	assert_int_equal(tail_seq(a), ta + 2);
	store_close(b);
}

static int count_audit(void *cls, const struct store_audit *a)
{
	(void)a;
	(*(int *)cls)++;
	return 0;
}

/* A PostgreSQL database with audit events from schema 0001 gets the chain
 * columns from 0002; the old events are legacy (seq NULL) and the chain
 * starts empty. (SQLite: tests/unit/test_audit.c.) */
static void test_pg_audit_legacy(void **state)
{
	struct fx *f = *state;
	if (f->sqlite)
		skip();
	const struct embedded_file *m = embedded_find("src/store/migrations/pg/0001_init.sql");
	assert_non_null(m);
	store_close(f->s);
	f->s = NULL;
	create_own_db(f);
	assert_int_equal(raw_exec(f, m->data), 0);
	assert_int_equal(raw_exec(f, "CREATE TABLE schema_version (version integer PRIMARY KEY, "
				     "name text NOT NULL, applied_at bigint NOT NULL); "
				     "INSERT INTO schema_version VALUES (1, '0001_init.sql', 0); "
				     "INSERT INTO audit_event (at, actor, action, object_type, "
				     "object_id, purpose, outcome) VALUES "
				     "(1, 'cli:old', 'read_bsn', 'route', '1', 'p', 'allowed'), "
				     "(2, 'cli:old', 'read_bsn', 'route', '2', 'p', 'allowed')"),
			 0);
	struct store *s = reopen(f);
	int n = 0;
	assert_int_equal(
		s->ops->iterate_audit(s, true, 0, INT64_MIN, INT64_MAX, 0, count_audit, &n),
		STORE_ONE);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(
		s->ops->iterate_audit(s, false, 0, INT64_MIN, INT64_MAX, 0, count_audit, &n),
		STORE_NONE);
	assert_int_equal(tail_seq(s), 0);
	struct store_audit a = audit_event_n(1, 0);
	assert_int_equal(s->ops->insert_audit(s, &a), STORE_ONE);
	assert_int_equal(tail_seq(s), 1);
}

/* ---- bulk load errors ---- */

/* A bad row fails the load (at ww_load_add or, when the backend stages the
 * rows, at ww_load_end); after the rollback nothing of it is stored. */
static void test_ww_load_errors(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g[STORE_ORG_CODE_MAX + 1], u[STORE_ORG_CODE_MAX + 1], x[STORE_ORG_CODE_MAX + 1];
	add_org(f, "G", ORG_GEMEENTE, 3);
	add_org(f, "U", ORG_UWV, 3);
	code(f, "G", g);
	code(f, "U", u);
	code(f, "NOPE", x);
	cdate start = date_from_ymd(2025, 3, 1), end = date_from_ymd(2026, 12, 31);
	struct changes_seen cs = {0};
	struct store_ww_load out;

	/* Person 1 first in an unknown municipality, then in a known one: the
	 * row-by-row upserts refuse the first row, so the load fails. */
	struct store_person p[2] = {person_n(f, 1, x), person_n(f, 1, g)};
	struct store_ww w[2] = {{0, u, start, end, 5000, 0}, {0, u, start - 30, end, 5000, 0}};
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->ww_load_begin(s), STORE_ONE);
	int rc = STORE_ONE;
	for (int i = 0; i < 2 && rc >= 0; i++)
		rc = s->ops->ww_load_add(s, &p[i], &w[i]);
	if (rc >= 0)
		rc = s->ops->ww_load_end(s, &out, collect_change, &cs);
	assert_true(rc < 0);
	assert_true(s->errmsg[0] != '\0');
	assert_int_equal(s->ops->rollback(s), STORE_ONE);

	/* End not after start, found among other rows. */
	struct store_person q[3] = {person_n(f, 2, g), person_n(f, 3, g), person_n(f, 4, g)};
	struct store_ww v[3] = {
		{0, u, start, end, 1, 0}, {0, u, start, start, 1, 0}, {0, u, start, end, 1, 0}};
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->ww_load_begin(s), STORE_ONE);
	rc = STORE_ONE;
	for (int i = 0; i < 3 && rc >= 0; i++)
		rc = s->ops->ww_load_add(s, &q[i], &v[i]);
	if (rc >= 0)
		rc = s->ops->ww_load_end(s, &out, collect_change, &cs);
	assert_true(rc < 0);
	assert_int_equal(s->ops->rollback(s), STORE_ONE);

	/* A row the store checks itself: refused at once. */
	struct store_person bad = person_n(f, 5, g);
	bad.bsn_enc_len = 0;
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->ww_load_begin(s), STORE_ONE);
	assert_true(s->ops->ww_load_add(s, &bad, &w[1]) < 0);
	assert_int_equal(s->ops->rollback(s), STORE_ONE);

	/* Nothing stayed, and the store works. */
	struct ww_seen seen = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_ww_ending(s, end, end, u, collect_ww, &seen), STORE_NONE);
	int64_t id = 0;
	struct store_person p1 = person_n(f, 1, g);
	assert_int_equal(s->ops->upsert_person(s, &p1, &id), STORE_ONE);
	struct store_ww w1 = {id, u, start, end, 5000, 0};
	enum ww_change ch;
	cdate old;
	int64_t b = 0;
	assert_int_equal(s->ops->upsert_ww(s, &w1, &b, &ch, &old), STORE_ONE);
	assert_int_equal(ch, WW_INSERTED);

	/* A load needs a transaction; an empty load counts nothing. */
	assert_true(!f->sqlite ? s->ops->ww_load_begin(s) < 0 : true);
	memset(&out, 0xff, sizeof out);
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->ww_load_begin(s), STORE_ONE);
	assert_true(s->ops->ww_load_end(s, &out, collect_change, &cs) >= 0);
	assert_int_equal(out.inserted + out.updated + out.unchanged, 0);
	assert_int_equal(s->ops->commit(s), STORE_ONE);
}

/* A bigger load in which persons repeat (never a benefit), then a second
 * load of the same benefits changed in every way a file can change them. */
static void test_ww_load_many(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g1[STORE_ORG_CODE_MAX + 1], g2[STORE_ORG_CODE_MAX + 1], u[STORE_ORG_CODE_MAX + 1];
	enum { N = 300 };
	static struct store_person p[N];
	static struct store_ww w[N];
	add_org(f, "G1", ORG_GEMEENTE, 3);
	add_org(f, "G2", ORG_GEMEENTE, 3);
	add_org(f, "U", ORG_UWV, 3);
	code(f, "G1", g1);
	code(f, "G2", g2);
	code(f, "U", u);
	cdate start = date_from_ymd(2025, 3, 1), end = date_from_ymd(2026, 12, 31);
	for (int i = 0; i < N; i++) {
		/* persons 0..99, each with three benefits of other start dates */
		p[i] = person_n(f, i % 100, i / 100 == 2 ? g2 : g1);
		int k = i / 100;
		w[i] = (struct store_ww){.org = u, .start = start + 400 * k};
		w[i].end = end + 400 * k + i % 7;
		w[i].daily_wage_cents = i % 3 == 0 ? -1 : 1000 + i;
	}
	struct changes_seen cs = {0};
	struct store_ww_load got = load_rows(f, p, w, N, &cs);
	assert_int_equal(got.inserted, N);
	assert_int_equal(got.updated + got.unchanged, 0);
	assert_int_equal(cs.n, 0);

	/* The last row of each person won: gemeente G2. */
	struct ww_seen seen = {.prefix = f->tag};
	assert_int_equal(s->ops->iterate_ww_ending(s, end, end, u, collect_ww, &seen), STORE_ONE);
	assert_true(seen.n >= 1);
	for (int i = 0; i < seen.n && i < 16; i++)
		assert_string_equal(seen.rows[i].gemeente, g2);

	/* Again: rows 0..9 end later, 10..19 another wage only, 20..29 the wage
	 * unknown, the rest unchanged; in reverse order. */
	static struct store_person rp[N];
	static struct store_ww rw[N];
	int want_changed = 0, want_end = 0;
	for (int i = 0; i < N; i++) {
		rp[N - 1 - i] = p[i];
		rw[N - 1 - i] = w[i];
		if (i < 10) {
			rw[N - 1 - i].end += 5;
			want_end++;
		} else if (i < 20) {
			rw[N - 1 - i].daily_wage_cents = 77;
		} else if (i < 30) {
			rw[N - 1 - i].daily_wage_cents = w[i].daily_wage_cents < 0 ? 5 : -1;
		}
		want_changed += i < 30;
	}
	memset(&cs, 0, sizeof cs);
	got = load_rows(f, rp, rw, N, &cs);
	assert_int_equal(got.inserted, 0);
	assert_int_equal(got.updated, want_changed);
	assert_int_equal(got.unchanged, N - want_changed);
	assert_int_equal(cs.n, want_end);
	/* In file order: the reversed rows 9, 8, ... */
	assert_int_equal(cs.c[0].new_end, w[9].end + 5);
	assert_int_equal(cs.c[0].old_end, w[9].end);
	assert_int_equal(cs.c[1].new_end, w[8].end + 5);

	/* Each row's values are stored: the upserts now find them unchanged. */
	for (int i = 0; i < N; i += 7) {
		int64_t pid = 0, bid = 0;
		enum ww_change ch;
		cdate old;
		assert_int_equal(s->ops->upsert_person(s, &rp[i], &pid), STORE_ONE);
		struct store_ww probe = rw[i];
		probe.person_id = pid;
		assert_int_equal(s->ops->upsert_ww(s, &probe, &bid, &ch, &old), STORE_ONE);
		assert_int_equal(ch, WW_UNCHANGED);
	}
}

/* ---- opening at once ---- */

struct opener_thread {
	const char *spec;
	int ok;
	char err[256];
};

static void *open_in_thread(void *cls)
{
	struct opener_thread *t = cls;
	struct store *s = store_open(t->spec, t->err, sizeof t->err);
	t->ok = s != NULL;
	store_close(s);
	return NULL;
}

/* Several processes starting at once on a new database: each opens it, and
 * every migration is applied once. */
static void test_concurrent_first_open(void **state)
{
	struct fx *f = *state;
	enum { THREADS = 6 };
	char spec[512];
	if (f->sqlite && !f->temp)
		skip();
	store_close(f->s);
	f->s = NULL;
	if (f->sqlite) {
		store_fx_remove(f->spec); /* not yet created: the threads race to create it */
	} else {
		create_own_db(f);
	}
	snprintf(spec, sizeof spec, "%s", f->spec);
	pthread_t th[THREADS];
	struct opener_thread t[THREADS];
	for (int i = 0; i < THREADS; i++) {
		t[i] = (struct opener_thread){.spec = spec};
		assert_int_equal(pthread_create(&th[i], NULL, open_in_thread, &t[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < THREADS; i++) {
		if (!t[i].ok)
			fprintf(stderr, "thread %d: %s\n", i, t[i].err);
		assert_true(t[i].ok);
	}
	const char *dir = f->sqlite ? "src/store/migrations/sqlite/" : "src/store/migrations/pg/";
	int64_t files = 0;
	for (const struct embedded_file *e = embedded_files; e->name; e++)
		files += strncmp(e->name, dir, strlen(dir)) == 0;
	assert_int_equal(raw_int(f, "SELECT count(*) FROM schema_version"), files);
	reopen(f);
}

/* ---- PostgreSQL only ---- */

struct deadlock_side {
	struct store *s;
	const char *key;
	int rc;
	char msg[256];
};

static void *write_in_thread(void *cls)
{
	struct deadlock_side *d = cls;
	d->rc = d->s->ops->set_meta(d->s, d->key, "mine");
	snprintf(d->msg, sizeof d->msg, "%s", d->s->errmsg);
	if (d->rc < 0)
		d->s->ops->rollback(d->s); /* releases the locks for the other side */
	return NULL;
}

/* Two transactions that lock two rows in opposite order: the server breaks
 * the deadlock by failing one of them, which the store reports as soft. */
static void test_pg_deadlock_is_soft(void **state)
{
	struct fx *f = *state;
	char err[256] = "", k1[64], k2[64], buf[16];
	if (f->sqlite)
		skip(); /* BEGIN IMMEDIATE: SQLite transactions never deadlock */
	struct store *a = f->s, *b = store_open(f->spec, err, sizeof err);
	assert_non_null(b);
	snprintf(k1, sizeof k1, "%s.k1", f->tag);
	snprintf(k2, sizeof k2, "%s.k2", f->tag);
	assert_int_equal(a->ops->set_meta(a, k1, "0"), STORE_ONE);
	assert_int_equal(a->ops->set_meta(a, k2, "0"), STORE_ONE);

	assert_int_equal(a->ops->begin_write(a), STORE_ONE);
	assert_int_equal(b->ops->begin_write(b), STORE_ONE);
	assert_int_equal(a->ops->set_meta(a, k1, "a"), STORE_ONE);
	assert_int_equal(b->ops->set_meta(b, k2, "b"), STORE_ONE);
	struct deadlock_side da = {a, k2, 0, ""}, db = {b, k1, 0, ""};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, write_in_thread, &da), 0);
	usleep(200 * 1000); /* a waits for b's row first */
	write_in_thread(&db);
	assert_int_equal(pthread_join(th, NULL), 0);

	/* One lost (soft, retry), the other went on. */
	assert_true((da.rc == STORE_SOFT && db.rc == STORE_ONE) ||
		    (da.rc == STORE_ONE && db.rc == STORE_SOFT));
	struct deadlock_side *lost = da.rc == STORE_SOFT ? &da : &db;
	struct store *winner = da.rc == STORE_SOFT ? b : a;
	assert_non_null(strstr(lost->msg, "40P01"));
	assert_int_equal(winner->ops->commit(winner), STORE_ONE);

	/* The retry of the loser succeeds. */
	struct store *loser = lost->s;
	assert_int_equal(loser->ops->begin_write(loser), STORE_ONE);
	assert_int_equal(loser->ops->set_meta(loser, k1, "retried"), STORE_ONE);
	assert_int_equal(loser->ops->commit(loser), STORE_ONE);
	assert_int_equal(winner->ops->get_meta(winner, k1, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "retried");
	store_close(b);
}

/* Two write transactions read the same value and both write it: the one
 * that writes second fails with a serialization failure, soft, and its retry
 * sees the other's write (no lost update). */
static void test_pg_serialization_is_soft(void **state)
{
	struct fx *f = *state;
	char err[256] = "", key[64], buf[16];
	if (f->sqlite)
		skip(); /* SQLite lets one writer in at a time (test_busy_is_soft) */
	struct store *a = f->s, *b = store_open(f->spec, err, sizeof err);
	assert_non_null(b);
	snprintf(key, sizeof key, "%s.n", f->tag);
	assert_int_equal(a->ops->set_meta(a, key, "1"), STORE_ONE);

	assert_int_equal(a->ops->begin_write(a), STORE_ONE);
	assert_int_equal(a->ops->get_meta(a, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "1");
	assert_int_equal(b->ops->begin_write(b), STORE_ONE);
	assert_int_equal(b->ops->get_meta(b, key, buf, sizeof buf), STORE_ONE);
	assert_int_equal(b->ops->set_meta(b, key, "2"), STORE_ONE);
	assert_int_equal(b->ops->commit(b), STORE_ONE);
	assert_int_equal(a->ops->set_meta(a, key, "2"), STORE_SOFT);
	assert_non_null(strstr(a->errmsg, "40001"));
	assert_true(a->ops->commit(a) < 0);
	assert_int_equal(a->ops->rollback(a), STORE_ONE);

	/* The retry reads 2 and writes 3. */
	assert_int_equal(a->ops->begin_write(a), STORE_ONE);
	assert_int_equal(a->ops->get_meta(a, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "2");
	assert_int_equal(a->ops->set_meta(a, key, "3"), STORE_ONE);
	assert_int_equal(a->ops->commit(a), STORE_ONE);
	assert_int_equal(b->ops->get_meta(b, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "3");
	store_close(b);
}

/* The server drops the connection (restart, failover, terminated backend):
 * the operation under way fails hard with a clear message, the next one
 * reconnects and prepares its statements again. */
static void test_pg_reconnect(void **state)
{
	struct fx *f = *state;
	struct store *s;
	char key[64], buf[16];
	static const char kill[] = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
				   "WHERE datname = current_database() AND pid <> pg_backend_pid()";
	if (f->sqlite)
		skip();
	assert_true(fresh_db(f));
	s = f->s;
	snprintf(key, sizeof key, "%s.re", f->tag);
	assert_int_equal(s->ops->set_meta(s, key, "1"), STORE_ONE);
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_ONE);

	assert_int_equal(raw_int(f, kill), 1);
	usleep(100 * 1000);
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_HARD);
	assert_non_null(strstr(s->errmsg, "lost"));
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "1");

	/* Inside a transaction: it is gone, and says so until the rollback. */
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->set_meta(s, key, "2"), STORE_ONE);
	assert_int_equal(raw_int(f, kill), 1);
	usleep(100 * 1000);
	assert_int_equal(s->ops->set_meta(s, key, "3"), STORE_HARD);
	assert_true(s->ops->set_meta(s, key, "4") < 0);
	assert_true(s->ops->commit(s) < 0);
	assert_non_null(strstr(s->errmsg, "lost"));
	assert_int_equal(s->ops->rollback(s), STORE_ONE);
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "1");
	assert_int_equal(s->ops->set_meta(s, key, "5"), STORE_ONE);
	assert_int_equal(s->ops->commit(s), STORE_ONE);
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_ONE);
	assert_string_equal(buf, "5");
}

/* Nothing else runs on the connection while a COPY is open. */
static void test_pg_load_is_exclusive(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char key[64], buf[16];
	if (f->sqlite)
		skip();
	snprintf(key, sizeof key, "%s.x", f->tag);
	assert_int_equal(s->ops->begin_write(s), STORE_ONE);
	assert_int_equal(s->ops->ww_load_begin(s), STORE_ONE);
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_HARD);
	assert_non_null(strstr(s->errmsg, "bulk load"));
	assert_true(s->ops->ww_load_begin(s) < 0);
	assert_true(s->ops->commit(s) < 0); /* a load not ended is not committed */
	assert_int_equal(s->ops->rollback(s), STORE_ONE);
	assert_int_equal(s->ops->get_meta(s, key, buf, sizeof buf), STORE_NONE);
}

/* ---- sessions, throttling, password changes (migration 0006) ---- */

static int64_t add_user(struct fx *f, const char *org, const char *local)
{
	struct store_user u = {.must_change_password = true, .created_at = 1700000000};
	snprintf(u.org, sizeof u.org, "%s", org);
	snprintf(u.role, sizeof u.role, "uwv-adviseur");
	snprintf(u.email, sizeof u.email, "%s@%s.example.nl", local, f->tag);
	for (char *c = u.email; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	snprintf(u.password_hash, sizeof u.password_hash,
		 "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA");
	assert_int_equal(f->s->ops->insert_user(f->s, &u), STORE_ONE);
	return u.id;
}

static struct store_session session_n(const struct fx *f, int64_t user, int n, int64_t at)
{
	struct store_session ss = {.user_id = user, .created_at = at, .last_seen_at = at};
	snprintf((char *)ss.id_hash, sizeof ss.id_hash, "%s-%d", f->tag, n);
	memset(ss.csrf, n, sizeof ss.csrf);
	return ss;
}

static void test_sessions(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char u[STORE_ORG_CODE_MAX + 1];
	add_org(f, "U", ORG_UWV, 3);
	code(f, "U", u);
	int64_t alice = add_user(f, u, "alice"), bob = add_user(f, u, "bob");
	struct store_session a1 = session_n(f, alice, 1, 1000), a2 = session_n(f, alice, 2, 1000);
	struct store_session b1 = session_n(f, bob, 3, 1000), got;
	struct store_user who;
	assert_int_equal(s->ops->insert_session(s, &a1), STORE_ONE);
	assert_int_equal(s->ops->insert_session(s, &a2), STORE_ONE);
	assert_int_equal(s->ops->insert_session(s, &b1), STORE_ONE);
	assert_true(a1.id > 0 && a2.id != a1.id);
	/* The same id hash twice is refused. */
	struct store_session dup = session_n(f, bob, 1, 1000);
	assert_true(s->ops->insert_session(s, &dup) < 0);

	assert_int_equal(s->ops->get_session_by_hash(s, a1.id_hash, &got, &who), STORE_ONE);
	assert_int_equal(got.id, a1.id);
	assert_int_equal(got.user_id, alice);
	assert_memory_equal(got.csrf, a1.csrf, sizeof got.csrf);
	assert_int_equal(got.created_at, 1000);
	assert_int_equal(who.id, alice);
	assert_string_equal(who.org, u);
	assert_true(who.must_change_password);
	assert_string_equal(who.password_hash, ""); /* never read with a session */
	unsigned char none[STORE_HASH_SIZE] = {0};
	assert_int_equal(s->ops->get_session_by_hash(s, none, &got, &who), STORE_NONE);

	assert_int_equal(s->ops->touch_session(s, a1.id, 1500), STORE_ONE);
	assert_int_equal(s->ops->get_session_by_hash(s, a1.id_hash, &got, &who), STORE_ONE);
	assert_int_equal(got.last_seen_at, 1500);
	assert_int_equal(s->ops->touch_session(s, -5, 1500), STORE_NONE);

	/* Purge: idle since before 1200 (a2, b1), or created before 900 (none). */
	int64_t n = -1;
	assert_int_equal(s->ops->purge_sessions(s, 1200, 900, &n), STORE_ONE);
	assert_true(n >= 2); /* a shared database may hold other old sessions */
	assert_int_equal(s->ops->get_session_by_hash(s, a2.id_hash, &got, &who), STORE_NONE);
	assert_int_equal(s->ops->get_session_by_hash(s, a1.id_hash, &got, &who), STORE_ONE);

	/* Every session of a user but one; then that one. */
	struct store_session a3 = session_n(f, alice, 4, 1600);
	assert_int_equal(s->ops->insert_session(s, &a3), STORE_ONE);
	assert_int_equal(s->ops->delete_user_sessions(s, alice, a3.id), STORE_ONE);
	assert_int_equal(s->ops->get_session_by_hash(s, a1.id_hash, &got, &who), STORE_NONE);
	assert_int_equal(s->ops->get_session_by_hash(s, a3.id_hash, &got, &who), STORE_ONE);
	assert_int_equal(s->ops->delete_session(s, a3.id), STORE_ONE);
	assert_int_equal(s->ops->delete_session(s, a3.id), STORE_NONE);
	assert_int_equal(s->ops->delete_user_sessions(s, alice, 0), STORE_NONE);

	/* Password change. */
	assert_int_equal(
		s->ops->set_user_password(s, bob, "$argon2id$v=19$m=2,t=1,p=1$eA$eQ", false),
		STORE_ONE);
	char email[STORE_EMAIL_MAX + 1];
	snprintf(email, sizeof email, "bob@%s.example.nl", f->tag);
	for (char *c = email; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	assert_int_equal(s->ops->get_user_by_email(s, email, &who), STORE_ONE);
	assert_string_equal(who.password_hash, "$argon2id$v=19$m=2,t=1,p=1$eA$eQ");
	assert_false(who.must_change_password);
	assert_int_equal(s->ops->set_user_password(s, -1, "$argon2id$x", false), STORE_NONE);
	/* Not an argon2id hash: the schema refuses it. */
	assert_true(s->ops->set_user_password(s, bob, "plain text", false) < 0);
}

static void test_throttle(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	struct store_throttle t = {.failures = 1, .last_failure_at = 10, .locked_until = 0}, got;
	snprintf((char *)t.key, sizeof t.key, "%s-key", f->tag);
	assert_int_equal(s->ops->get_throttle(s, t.key, &got), STORE_NONE);
	assert_int_equal(s->ops->put_throttle(s, &t), STORE_ONE);
	t.failures = 7;
	t.last_failure_at = 20;
	t.locked_until = 50;
	assert_int_equal(s->ops->put_throttle(s, &t), STORE_ONE);
	assert_int_equal(s->ops->get_throttle(s, t.key, &got), STORE_ONE);
	assert_memory_equal(got.key, t.key, sizeof t.key);
	assert_int_equal(got.failures, 7);
	assert_int_equal(got.last_failure_at, 20);
	assert_int_equal(got.locked_until, 50);
	assert_int_equal(s->ops->delete_throttle(s, t.key), STORE_ONE);
	assert_int_equal(s->ops->delete_throttle(s, t.key), STORE_NONE);
	assert_int_equal(s->ops->get_throttle(s, t.key, &got), STORE_NONE);
}

/* ---- the werkvoorraad query ---- */

struct wl_seen {
	int n;
	int64_t ids[16];
	char names[16][16];
};

static int wl_collect(void *cls, const struct store_worklist_row *r)
{
	struct wl_seen *w = cls;
	if (w->n < 16) {
		w->ids[w->n] = r->route_id;
		snprintf(w->names[w->n], sizeof w->names[0], "%s", r->family_name);
	}
	w->n++;
	return 0;
}

static struct wl_seen wl(struct fx *f, struct store_worklist_q q)
{
	struct wl_seen w = {0};
	int rc = f->s->ops->iterate_worklist(f->s, &q, wl_collect, &w);
	assert_int_equal(rc, w.n ? STORE_ONE : STORE_NONE);
	return w;
}

static void test_worklist(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char u[STORE_ORG_CODE_MAX + 1], u2[STORE_ORG_CODE_MAX + 1], g1[STORE_ORG_CODE_MAX + 1],
		g2[STORE_ORG_CODE_MAX + 1];
	add_org(f, "U", ORG_UWV, 3);
	add_org(f, "U2", ORG_UWV, 3);
	add_org(f, "G1", ORG_GEMEENTE, 3);
	add_org(f, "G2", ORG_GEMEENTE, 3);
	code(f, "U", u);
	code(f, "U2", u2);
	code(f, "G1", g1);
	code(f, "G2", g2);
	static const char *const names[] = {"Eeks", "Dekker", "Claes", "Bos", "Aalst", "Zwart"};
	int64_t route[6];
	cdate base = date_from_ymd(2026, 12, 1);
	for (int i = 0; i < 6; i++) {
		struct store_person p = person_n(f, 100 + i, i < 3 ? g1 : g2);
		p.family_name = names[i];
		int64_t pid = 0;
		assert_int_equal(s->ops->upsert_person(s, &p, &pid), STORE_ONE);
		const char *owner = i == 5 ? u2 : u;
		int64_t b = add_ww(f, pid, owner, date_from_ymd(2026, 1, 1), base + 10 * i);
		struct store_route r = {b,
					pid,
					owner,
					i < 3 ? g1 : g2,
					i == 4 ? "invited" : "signalled",
					base - 90,
					1700000000};
		assert_int_equal(s->ops->insert_route(s, &r, &route[i]), STORE_ONE);
	}
	struct store_worklist_q q = {.org = u, .limit = 10};
	struct wl_seen w = wl(f, q);
	assert_int_equal(w.n, 5); /* not the route of U2 */
	for (int i = 0; i < 5; i++)
		assert_int_equal(w.ids[i], route[i]);
	q.desc = true;
	w = wl(f, q);
	assert_int_equal(w.ids[0], route[4]);
	q.desc = false;
	q.sort = WORKLIST_SORT_NAME;
	w = wl(f, q);
	assert_string_equal(w.names[0], "Aalst");
	assert_string_equal(w.names[4], "Eeks");

	/* Filters. */
	struct store_worklist_q fq = {.org = u, .phase = "invited", .limit = 10};
	w = wl(f, fq);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.ids[0], route[4]);
	fq = (struct store_worklist_q){.org = u, .gemeente = g2, .limit = 10};
	assert_int_equal(wl(f, fq).n, 2);
	fq = (struct store_worklist_q){
		.org = u, .end_from = base + 10, .end_to = base + 30, .limit = 10};
	w = wl(f, fq);
	assert_int_equal(w.n, 3);
	assert_int_equal(w.ids[0], route[1]);
	fq = (struct store_worklist_q){.org = u, .phase = "closed", .limit = 10};
	assert_int_equal(wl(f, fq).n, 0);
	/* Consent: routes in G1 whose person has a consent to G1 that holds. */
	int64_t pids[2];
	for (int i = 0; i < 2; i++) {
		struct store_person p = person_n(f, 100 + i, g1);
		p.family_name = names[i];
		assert_int_equal(s->ops->upsert_person(s, &p, &pids[i]), STORE_ONE);
	}
	struct store_consent holds = {.person_id = pids[0],
				      .from_org = u,
				      .to_org = g1,
				      .purpose = "p",
				      .given_at = 1000,
				      .expires_at = 5000,
				      .source = "api",
				      .actor = "t"};
	struct store_consent elsewhere = holds;
	elsewhere.person_id = pids[1];
	elsewhere.to_org = g2;
	assert_int_equal(s->ops->insert_consent(s, &holds), STORE_ONE);
	assert_int_equal(s->ops->insert_consent(s, &elsewhere), STORE_ONE);
	fq = (struct store_worklist_q){.consent_to = g1, .consent_at = 2000, .limit = 10};
	w = wl(f, fq);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.ids[0], route[0]);
	fq.consent_at = 5000; /* expired */
	assert_int_equal(wl(f, fq).n, 0);
	fq = (struct store_worklist_q){.consent_to = g2, .consent_at = 2000, .limit = 10};
	assert_int_equal(wl(f, fq).n, 0); /* the person lives in G1: not G2's route */

	/* Keyset pages of 2 for every sort and direction give the whole list once. */
	for (int sort = 0; sort < WORKLIST_SORT_COUNT; sort++)
		for (int desc = 0; desc < 2; desc++) {
			struct store_worklist_q all = {.org = u,
						       .sort = (enum store_worklist_sort)sort,
						       .desc = desc,
						       .limit = 10};
			struct wl_seen full = wl(f, all);
			assert_int_equal(full.n, 5);
			int seen = 0;
			struct store_worklist_q pq = all;
			pq.limit = 2;
			for (int page = 0; page < 4; page++) {
				struct wl_seen part = wl(f, pq);
				for (int i = 0; i < part.n; i++)
					assert_int_equal(part.ids[i], full.ids[seen + i]);
				seen += part.n;
				if (part.n < 2)
					break;
				pq.after_id = part.ids[part.n - 1];
			}
			assert_int_equal(seen, 5);
		}
	/* A limit below 1 or an unknown sort is an error. */
	struct store_worklist_q bad = {.org = u, .limit = 0};
	assert_true(s->ops->iterate_worklist(s, &bad, wl_collect, &w) < 0);
	bad.limit = 1;
	bad.sort = WORKLIST_SORT_COUNT;
	assert_true(s->ops->iterate_worklist(s, &bad, wl_collect, &w) < 0);
}

/* Templates (migration 0007): versions count per (org, kind, locale,
 * variant), the latest or an exact one is read back with its provenance,
 * rows are append-only, and a bad template is refused. */
struct tpl_seen {
	int n;
	int64_t last_version;
	char body[64];
	char origin[40];
	int64_t origin_version, origin_at;
};

static int tpl_cb(void *cls, const struct store_template *t)
{
	struct tpl_seen *w = cls;
	w->n++;
	w->last_version = t->version;
	snprintf(w->body, sizeof w->body, "%.*s", (int)t->body_len, t->body);
	snprintf(w->origin, sizeof w->origin, "%s", t->origin_org ? t->origin_org : "");
	w->origin_version = t->origin_version;
	w->origin_at = t->origin_at;
	return 0;
}

static void test_templates(void **state)
{
	struct fx *f = *state;
	char org[STORE_ORG_CODE_MAX + 1], other[STORE_ORG_CODE_MAX + 1];
	add_org(f, "T", ORG_GEMEENTE, 3);
	add_org(f, "U", ORG_GEMEENTE, 3);
	code(f, "T", org);
	code(f, "U", other);
	const char *bodies[] = {"een", "twee", "drie"};
	for (int i = 0; i < 3; i++) {
		struct store_template t = {.org = org,
					   .kind = "invitation",
					   .locale = "nl",
					   .variant = "",
					   .body = bodies[i],
					   .body_len = strlen(bodies[i]),
					   .created_at = 100 + i,
					   .actor = "test"};
		assert_int_equal(f->s->ops->insert_template(f->s, &t), STORE_ONE);
		assert_int_equal(t.version, i + 1);
		assert_true(t.id > 0);
	}
	/* another variant, locale and organisation count on their own */
	struct store_template b = {.org = org,
				   .kind = "invitation",
				   .locale = "nl",
				   .variant = "B",
				   .body = "bee",
				   .body_len = 3,
				   .created_at = 1,
				   .actor = "test",
				   .origin_org = "GM0439",
				   .origin_version = 7,
				   .origin_at = 1764000000};
	assert_int_equal(f->s->ops->insert_template(f->s, &b), STORE_ONE);
	assert_int_equal(b.version, 1);
	b.org = other;
	assert_int_equal(f->s->ops->insert_template(f->s, &b), STORE_ONE);
	assert_int_equal(b.version, 1);

	struct tpl_seen w = {0};
	assert_int_equal(f->s->ops->get_template(f->s, org, "invitation", "nl", "", 0, tpl_cb, &w),
			 STORE_ONE);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.last_version, 3);
	assert_string_equal(w.body, "drie");
	assert_string_equal(w.origin, "");
	memset(&w, 0, sizeof w);
	assert_int_equal(f->s->ops->get_template(f->s, org, "invitation", "nl", "", 2, tpl_cb, &w),
			 STORE_ONE);
	assert_string_equal(w.body, "twee");
	memset(&w, 0, sizeof w);
	assert_int_equal(f->s->ops->get_template(f->s, org, "invitation", "nl", "B", 0, tpl_cb, &w),
			 STORE_ONE);
	assert_string_equal(w.origin, "GM0439");
	assert_int_equal(w.origin_version, 7);
	assert_int_equal(w.origin_at, 1764000000);
	assert_int_equal(f->s->ops->get_template(f->s, org, "invitation", "en", "", 0, tpl_cb, &w),
			 STORE_NONE);
	assert_int_equal(f->s->ops->get_template(f->s, org, "invitation", "nl", "", 9, tpl_cb, &w),
			 STORE_NONE);
	memset(&w, 0, sizeof w);
	assert_int_equal(f->s->ops->iterate_templates(f->s, org, NULL, tpl_cb, &w), STORE_ONE);
	assert_int_equal(w.n, 4);
	assert_string_equal(w.body, "bee"); /* ordered: variant "" before "B" */
	memset(&w, 0, sizeof w);
	assert_int_equal(f->s->ops->iterate_templates(f->s, org, "reminder", tpl_cb, &w),
			 STORE_NONE);

	/* refused: unknown organisation, bad locale, a NUL inside the body */
	struct store_template bad = {.org = "NOPE",
				     .kind = "invitation",
				     .locale = "nl",
				     .variant = "",
				     .body = "x",
				     .body_len = 1,
				     .actor = "t"};
	assert_true(f->s->ops->insert_template(f->s, &bad) < 0);
	bad.org = org;
	bad.locale = "de";
	assert_true(f->s->ops->insert_template(f->s, &bad) < 0);
	bad.locale = "nl";
	bad.body = "a\0b";
	bad.body_len = 3;
	assert_true(f->s->ops->insert_template(f->s, &bad) < 0);
}

/* A test with a fresh store from setup(). */
/* ---- the JSON API's reads and writes ---- */

struct view_seen {
	int n;
	bool consent;
	char phase[32], org[STORE_ORG_CODE_MAX + 1], family[32];
	cdate ww_end;
	int64_t person;
};

static int on_view(void *cls, const struct store_route_view *v)
{
	struct view_seen *vs = cls;
	vs->n++;
	vs->consent = v->consent;
	vs->ww_end = v->ww_end;
	vs->person = v->person_id;
	snprintf(vs->phase, sizeof vs->phase, "%s", v->phase);
	snprintf(vs->org, sizeof vs->org, "%s", v->org);
	snprintf(vs->family, sizeof vs->family, "%s", v->family_name);
	return STORE_ONE;
}

static bool consent_for(struct fx *f, int64_t route, const char *viewer, int64_t at)
{
	struct view_seen vs = {0};
	assert_int_equal(f->s->ops->get_route_view(f->s, route, viewer, at, on_view, &vs),
			 STORE_ONE);
	assert_int_equal(vs.n, 1);
	return vs.consent;
}

static int on_benefit_view(void *cls, const struct store_benefit_view *v)
{
	struct store_benefit_view *out = cls;
	*out = *v;
	out->org = out->gemeente = NULL; /* borrowed: checked inside the callback's caller */
	return v->consent ? STORE_ONE : 2;
}

static int on_event_row(void *cls, const struct store_event_row *e)
{
	int64_t *ids = cls;
	ids[++ids[0]] = e->id;
	return 0;
}

static int on_user_row(void *cls, const struct store_user *u)
{
	int64_t *n = cls;
	(*n)++;
	assert_string_equal(u->password_hash, "");
	return 0;
}

static void test_api_reads(void **state)
{
	struct fx *f = *state;
	struct store *s = f->s;
	char g[STORE_ORG_CODE_MAX + 1], g2[STORE_ORG_CODE_MAX + 1], u[STORE_ORG_CODE_MAX + 1];
	add_org(f, "G", ORG_GEMEENTE, 3);
	add_org(f, "G2", ORG_GEMEENTE, 3);
	add_org(f, "U", ORG_UWV, 3);
	code(f, "G", g);
	code(f, "G2", g2);
	code(f, "U", u);
	int64_t person = add_person(f, 1, g);
	cdate end = date_from_ymd(2026, 9, 30);
	int64_t benefit = add_ww(f, person, u, date_from_ymd(2025, 1, 1), end);
	struct store_route r = {benefit, person, u, g, "signalled", end - 180, 1700000000};
	int64_t route = 0;
	assert_int_equal(s->ops->insert_route(s, &r, &route), STORE_ONE);

	/* The view: route, person, benefit; no consent yet. */
	struct view_seen vs = {0};
	assert_int_equal(s->ops->get_route_view(s, route, g, 1800000000, on_view, &vs), STORE_ONE);
	assert_string_equal(vs.phase, "signalled");
	assert_string_equal(vs.org, u);
	assert_string_equal(vs.family, "Jansen");
	assert_int_equal(vs.ww_end, end);
	assert_int_equal(vs.person, person);
	assert_false(vs.consent);
	assert_int_equal(s->ops->get_route_view(s, route + 1000, g, 0, on_view, &vs), STORE_NONE);
	assert_false(consent_for(f, route, NULL, 1800000000));

	/* Consent for g from 1.8e9 until 1.9e9; a withdrawn one for g2. */
	struct store_consent c = {.person_id = person,
				  .from_org = u,
				  .to_org = g,
				  .purpose = "warme overdracht",
				  .given_at = 1800000000,
				  .expires_at = 1900000000,
				  .source = "api",
				  .actor = "user:1"};
	assert_int_equal(s->ops->insert_consent(s, &c), STORE_ONE);
	assert_true(c.id > 0);
	struct store_consent w = c;
	w.to_org = g2;
	w.withdrawn_at = 1800000100;
	assert_int_equal(s->ops->insert_consent(s, &w), STORE_ONE);
	assert_true(consent_for(f, route, g, 1800000000));
	assert_true(consent_for(f, route, g, 1899999999));
	assert_false(consent_for(f, route, g, 1799999999));  /* before it was given */
	assert_false(consent_for(f, route, g, 1900000000));  /* expired */
	assert_false(consent_for(f, route, g2, 1800000050)); /* withdrawn */
	assert_int_equal(s->ops->has_consent(s, person, g, 1850000000), STORE_ONE);
	assert_int_equal(s->ops->has_consent(s, person, g2, 1850000000), STORE_NONE);
	assert_int_equal(s->ops->has_consent(s, person, g, 1950000000), STORE_NONE);
	/* The benefit view: the same consent flag, the route, the wage. */
	struct store_benefit_view bv;
	assert_int_equal(s->ops->get_benefit_view(s, benefit, g, 1850000000, on_benefit_view, &bv),
			 STORE_ONE);
	assert_int_equal(bv.id, benefit);
	assert_int_equal(bv.person_id, person);
	assert_int_equal(bv.route_id, route);
	assert_int_equal(bv.daily_wage_cents, 5000);
	assert_int_equal(bv.end, end);
	assert_int_equal(s->ops->get_benefit_view(s, benefit, g2, 1850000000, on_benefit_view, &bv),
			 2);
	assert_int_equal(s->ops->get_benefit_view(s, benefit + 1000, g, 0, on_benefit_view, &bv),
			 STORE_NONE);
	/* A consent to the owner itself is refused by the schema. */
	struct store_consent self = c;
	self.to_org = u;
	assert_true(s->ops->insert_consent(s, &self) < 0);

	/* Events in pages; phase changes. */
	for (int i = 0; i < 3; i++) {
		struct store_event e = {route, 1700000000 + i, "note", "user:1",
					"{\"text\":\"x\"}"};
		assert_int_equal(s->ops->insert_event(s, &e), STORE_ONE);
	}
	int64_t ids[8] = {0};
	assert_int_equal(s->ops->iterate_route_events(s, route, 0, 2, on_event_row, ids),
			 STORE_ONE);
	assert_int_equal(ids[0], 2);
	int64_t after = ids[2];
	memset(ids, 0, sizeof ids);
	assert_int_equal(s->ops->iterate_route_events(s, route, after, 2, on_event_row, ids),
			 STORE_ONE);
	assert_int_equal(ids[0], 1);
	assert_true(ids[1] > after);
	memset(ids, 0, sizeof ids);
	assert_int_equal(
		s->ops->iterate_route_events(s, route, ids[1] + 1000000, 2, on_event_row, ids),
		STORE_NONE);
	assert_int_equal(s->ops->update_route_phase(s, route, "invited"), STORE_ONE);
	assert_int_equal(s->ops->update_route_phase(s, route + 1000, "invited"), STORE_NONE);
	memset(&vs, 0, sizeof vs);
	assert_int_equal(s->ops->get_route_view(s, route, NULL, 0, on_view, &vs), STORE_ONE);
	assert_string_equal(vs.phase, "invited");

	/* A person by blind index, with their route, owner and municipality. */
	struct store_person p = person_n(f, 1, g);
	int64_t pid = 0, rid = 0;
	char org[STORE_ORG_CODE_MAX + 1], gem[STORE_ORG_CODE_MAX + 1];
	assert_int_equal(s->ops->find_person(s, p.bsn_index, &pid, &rid, org, gem), STORE_ONE);
	assert_int_equal(pid, person);
	assert_int_equal(rid, route);
	assert_string_equal(org, u);
	assert_string_equal(gem, g);
	struct store_person q = person_n(f, 2, g);
	assert_int_equal(s->ops->find_person(s, q.bsn_index, &pid, &rid, org, gem), STORE_NONE);

	/* A token with its user and the kind of the user's organisation. */
	struct store_user usr = {.must_change_password = true, .created_at = 1700000000};
	snprintf(usr.org, sizeof usr.org, "%s", u);
	snprintf(usr.role, sizeof usr.role, "uwv-adviseur");
	snprintf(usr.email, sizeof usr.email, "a.%s@example.nl", f->tag);
	for (char *e = usr.email; *e; e++)
		*e = (char)tolower((unsigned char)*e);
	snprintf(usr.password_hash, sizeof usr.password_hash,
		 "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA");
	assert_int_equal(s->ops->insert_user(s, &usr), STORE_ONE);
	struct store_token tok = {.user_id = usr.id, .created_at = 1700000001};
	memset(tok.token_hash, 0x5a, sizeof tok.token_hash);
	tok.token_hash[0] = (unsigned char)(run_id + test_no);
	assert_int_equal(s->ops->insert_token(s, &tok), STORE_ONE);
	struct store_token t2;
	struct store_user u2;
	enum org_kind kind = ORG_GEMEENTE;
	assert_int_equal(s->ops->get_token_user(s, tok.token_hash, &t2, &u2, &kind), STORE_ONE);
	assert_int_equal(t2.id, tok.id);
	assert_int_equal(t2.revoked_at, 0);
	assert_int_equal(u2.id, usr.id);
	assert_string_equal(u2.role, "uwv-adviseur");
	assert_string_equal(u2.org, u);
	assert_string_equal(u2.email, usr.email);
	assert_true(u2.must_change_password);
	assert_int_equal(u2.disabled_at, 0);
	assert_int_equal(kind, ORG_UWV);
	assert_string_equal(u2.password_hash, "");
	unsigned char other[STORE_HASH_SIZE];
	memcpy(other, tok.token_hash, sizeof other);
	other[1] ^= 1;
	assert_int_equal(s->ops->get_token_user(s, other, &t2, &u2, &kind), STORE_NONE);
	int64_t n_users = 0;
	assert_int_equal(s->ops->iterate_users(s, u, 0, 10, on_user_row, &n_users), STORE_ONE);
	assert_int_equal(n_users, 1);
	assert_int_equal(s->ops->iterate_users(s, u, usr.id, 10, on_user_row, &n_users),
			 STORE_NONE);
	assert_int_equal(s->ops->iterate_users(s, g, 0, 10, on_user_row, &n_users), STORE_NONE);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	run_id = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_rejects_specs),
		T(test_reopen_keeps_data),
		T(test_open_settings),
		T(test_refuses_newer_schema),
		T(test_meta),
		T(test_org_crud),
		T(test_org_invalid),
		T(test_iterate_orgs),
		T(test_iterate_orgs_empty),
		T(test_upsert_person),
		T(test_upsert_person_change_visible),
		T(test_person_unknown_gemeente),
		T(test_upsert_ww),
		T(test_upserts_mixed_order),
		T(test_iterate_ww_ending),
		T(test_routes_opened_while_iterating),
		T(test_routes),
		T(test_ww_load),
		T(test_ww_load_errors),
		T(test_ww_load_many),
		T(test_events),
		T(test_transactions),
		T(test_busy_is_soft),
		T(test_imports),
		T(test_audit),
		T(test_pg_audit_fork_is_soft),
		T(test_pg_audit_legacy),
		T(test_concurrent_first_open),
		T(test_pg_deadlock_is_soft),
		T(test_pg_serialization_is_soft),
		T(test_pg_reconnect),
		T(test_pg_load_is_exclusive),
		T(test_api_reads),
		T(test_sessions),
		T(test_throttle),
		T(test_worklist),
		T(test_templates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
