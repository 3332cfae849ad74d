/* overstap org add|set|list: organisations and their Max-WW window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static json_t *list_json(struct h_env *e, const char *kind)
{
	struct h_run r;
	if (kind)
		h_expect(&r, 0, NULL, "org", "list", "--kind", kind, "--format", "json", "--db",
			 e->db, NULL);
	else
		h_expect(&r, 0, NULL, "org", "list", "--format", "json", "--db", e->db, NULL);
	json_error_t err;
	json_t *j = json_loads(r.out, 0, &err);
	if (!j)
		fail_msg("not JSON (%s):\n%s", err.text, r.out);
	h_run_free(&r);
	assert_true(json_is_array(j));
	return j;
}

static json_t *find_code(json_t *arr, const char *code)
{
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *o = json_array_get(arr, i);
		if (strcmp(json_string_value(json_object_get(o, "code")), code) == 0)
			return o;
	}
	return NULL;
}

static void assert_org(json_t *o, const char *kind, const char *name, int months)
{
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "kind")), kind);
	assert_string_equal(json_string_value(json_object_get(o, "name")), name);
	assert_int_equal(json_integer_value(json_object_get(o, "max_ww_months")), months);
}

static void org_municipalities_exist(void **state)
{
	struct h_env *e = *state;
	json_t *g = list_json(e, "gemeente");
	assert_int_equal(json_array_size(g), 342);
	assert_org(find_code(g, "GM0363"), "gemeente", "Amsterdam", 3);
	assert_org(find_code(g, "GM0599"), "gemeente", "Rotterdam", 3);
	assert_null(find_code(g, "UWV-NL"));
	for (size_t i = 0; i < json_array_size(g); i++)
		assert_string_equal(
			json_string_value(json_object_get(json_array_get(g, i), "kind")),
			"gemeente");
	json_decref(g);
	json_t *u = list_json(e, "uwv");
	assert_int_equal(json_array_size(u), 1);
	assert_org(find_code(u, "UWV-NL"), "uwv", "UWV (landelijk)", 3);
	json_decref(u);
	json_t *all = list_json(e, NULL);
	assert_int_equal(json_array_size(all), 343);
	json_decref(all);
	assert_int_equal(h_db_count(e->db, "organisation"), 343);

	/* init on an existing database keeps it. */
	struct h_run r;
	h_expect(&r, 0, NULL, "init", "--db", e->db, NULL);
	assert_true(h_contains(r.out, "342 municipalities"));
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "organisation"), 343);
}

static void org_add_and_list(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	h_expect(&r, 0, NULL, "org", "add", "--code", "UWV-NH", "--kind", "uwv", "--name",
		 "UWV Noord-Holland", "--db", e->db, NULL);
	assert_string_equal(r.out, "added uwv UWV-NH (UWV Noord-Holland)\n");
	h_run_free(&r);
	h_expect(&r, 0, NULL, "org", "add", "--code", "WERKPLEIN-ZK", "--kind", "partner", "--name",
		 "Werkplein \"Zaanstreek\", kantoor", "--max-ww-months", "4", "--db", e->db, NULL);
	h_run_free(&r);

	h_expect(&r, 0, NULL, "org", "list", "--kind", "uwv", "--format", "csv", "--db", e->db,
		 NULL);
	assert_string_equal(r.out, "code,kind,name,max_ww_months\r\n"
				   "UWV-NH,uwv,UWV Noord-Holland,3\r\n"
				   "UWV-NL,uwv,UWV (landelijk),3\r\n");
	h_run_free(&r);
	h_expect(&r, 0, NULL, "org", "list", "--kind", "partner", "--format", "csv", "--db", e->db,
		 NULL);
	assert_string_equal(r.out,
			    "code,kind,name,max_ww_months\r\n"
			    "WERKPLEIN-ZK,partner,\"Werkplein \"\"Zaanstreek\"\", kantoor\",4\r\n");
	h_run_free(&r);

	json_t *p = list_json(e, "partner");
	assert_int_equal(json_array_size(p), 1);
	assert_org(find_code(p, "WERKPLEIN-ZK"), "partner", "Werkplein \"Zaanstreek\", kantoor", 4);
	json_decref(p);

	h_expect(&r, 0, NULL, "org", "list", "--db", e->db, NULL);
	assert_true(h_contains(r.out, "code"));
	char *line = strstr(r.out, "\nUWV-NH ");
	assert_non_null(line);
	assert_true(strncmp(strchr(line + 1, '\n') - strlen("UWV Noord-Holland"),
			    "UWV Noord-Holland", 17) == 0);
	assert_true(h_contains(r.out, "\nGM0363 "));
	assert_true(h_contains(r.out, "Amsterdam\n"));
	assert_int_equal(h_count_lines(r.out, ""), 1 + 345);
	h_run_free(&r);
}

static void org_add_refused(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	h_expect(&r, 0, NULL, "org", "add", "--code", "UWV-NH", "--kind", "uwv", "--name",
		 "UWV Noord-Holland", "--db", e->db, NULL);
	h_run_free(&r);
	long long before = h_db_count(e->db, "organisation");

	/* Duplicates. */
	h_expect(&r, 2, NULL, "org", "add", "--code", "UWV-NH", "--kind", "uwv", "--name", "Again",
		 "--db", e->db, NULL);
	assert_true(h_contains(r.err, "exists"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "add", "--code", "GM0363", "--kind", "gemeente", "--name",
		 "Amsterdam", "--db", e->db, NULL);
	h_run_free(&r);

	/* Codes that do not fit their kind. */
	const char *bad[][2] = {
		{"GM12", "gemeente"},   {"GM03630", "gemeente"}, {"XX0363", "gemeente"},
		{"GM9999", "gemeente"}, {"NH", "uwv"},           {"UWV-", "uwv"},
		{"UWV-N H", "uwv"},     {"UWV-NH-", "uwv"},      {"GM0001", "partner"},
		{"UWV-X", "partner"},   {"-X", "partner"},       {"X", "partner"},
		{"A;DROP", "partner"},  {"GM0363", "uwv"},       {"", "partner"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		h_expect(&r, 2, NULL, "org", "add", "--code", bad[i][0], "--kind", bad[i][1],
			 "--name", "Name", "--db", e->db, NULL);
		h_run_free(&r);
	}
	/* Unknown kind, window outside 3..6, missing parts, too long. */
	h_expect(&r, 2, NULL, "org", "add", "--code", "UWV-ZH", "--kind", "bank", "--name", "N",
		 "--db", e->db, NULL);
	h_run_free(&r);
	const char *months[] = {"2", "7", "0", "-3", "x", "4.5"};
	for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
		h_expect(&r, 2, NULL, "org", "add", "--code", "PARTNER-A", "--kind", "partner",
			 "--name", "N", "--max-ww-months", months[i], "--db", e->db, NULL);
		h_run_free(&r);
	}
	h_expect(&r, 2, NULL, "org", "add", "--code", "UWV-ZH", "--kind", "uwv", "--db", e->db,
		 NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "add", "--code", "UWV-ZH", "--kind", "uwv", "--name", "",
		 "--db", e->db, NULL);
	h_run_free(&r);
	char longname[200];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	h_expect(&r, 2, NULL, "org", "add", "--code", "UWV-ZH", "--kind", "uwv", "--name", longname,
		 "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "add", "--code", "UWV-ABCDEFGHIJKLMNOPQRSTUVWXYZ123", "--kind",
		 "uwv", "--name", "N", "--db", e->db, NULL);
	h_run_free(&r);

	assert_int_equal(h_db_count(e->db, "organisation"), before);
}

static void org_set(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	h_expect(&r, 0, NULL, "org", "set", "GM0363", "--max-ww-months", "6", "--db", e->db, NULL);
	assert_string_equal(r.out, "updated GM0363\n");
	h_run_free(&r);
	h_expect(&r, 0, NULL, "org", "set", "GM0599", "--name", "Gemeente Rotterdam", "--db", e->db,
		 NULL);
	h_run_free(&r);
	json_t *g = list_json(e, "gemeente");
	assert_org(find_code(g, "GM0363"), "gemeente", "Amsterdam", 6);
	assert_org(find_code(g, "GM0599"), "gemeente", "Gemeente Rotterdam", 3);
	assert_org(find_code(g, "GM0484"), "gemeente", "Alphen aan den Rijn", 3);
	json_decref(g);

	/* Both at once, then back to the lower bound. */
	h_expect(&r, 0, NULL, "org", "set", "GM0599", "--name", "Rotterdam", "--max-ww-months", "4",
		 "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "org", "set", "GM0363", "--max-ww-months", "3", "--db", e->db, NULL);
	h_run_free(&r);
	g = list_json(e, "gemeente");
	assert_org(find_code(g, "GM0363"), "gemeente", "Amsterdam", 3);
	assert_org(find_code(g, "GM0599"), "gemeente", "Rotterdam", 4);
	json_decref(g);

	/* Refused, and nothing changed. */
	h_expect(&r, 2, NULL, "org", "set", "GM0363", "--max-ww-months", "7", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "set", "GM0363", "--max-ww-months", "2", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "set", "GM0363", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "set", "GM0363", "--name", "", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "set", "GM9999", "--max-ww-months", "4", "--db", e->db, NULL);
	assert_true(h_contains(r.err, "GM9999"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "set", "--max-ww-months", "4", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "set", "GM0363", "GM0599", "--max-ww-months", "4", "--db",
		 e->db, NULL);
	h_run_free(&r);
	g = list_json(e, "gemeente");
	assert_org(find_code(g, "GM0363"), "gemeente", "Amsterdam", 3);
	json_decref(g);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM organisation WHERE window_months"
					 " != 3"),
			 1);
}

static void org_usage(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	h_expect(&r, 2, NULL, "org", NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "remove", "GM0363", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "list", "--format", "xml", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "list", "--kind", "bank", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "org", "list", "extra", "--db", e->db, NULL);
	h_run_free(&r);
}

/* A database opened with another database's key file is refused before
 * anything is read or written (regression: the key id once was the same
 * for every key). */
static void wrong_key_file_refused(void **state)
{
	struct h_env *e = *state;
	const char *a = h_path(e, "a.db"), *b = h_path(e, "b.db");
	const char *ka = h_path(e, "a.key"), *kb = h_path(e, "b.key");
	struct h_run r;
	h_expect(&r, 0, NULL, "init", "--db", a, "--key", ka, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "init", "--db", b, "--key", kb, NULL);
	h_run_free(&r);
	h_expect(&r, 1, NULL, "org", "list", "--db", a, "--key", kb, NULL);
	assert_true(h_contains(r.err, "does not belong to this database"));
	assert_int_equal(r.out_len, 0);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "org", "list", "--db", a, "--key", ka, NULL);
	h_run_free(&r);
}

/* An unreachable PostgreSQL server: exit 1, the host named, never the
 * password. */
static void unreachable_server(void **state)
{
	struct h_env *e = *state;
	struct h_run r;
	h_expect(&r, 1, NULL, "org", "list", "--db", "postgresql://app:S3CRET@127.0.0.1:1/overstap",
		 "--key", h_path(e, "k.key"), NULL);
	assert_false(r.signaled);
	assert_true(h_contains(r.err, "cannot connect to PostgreSQL at 127.0.0.1:1"));
	assert_false(h_contains(r.err, "S3CRET"));
	assert_false(h_contains(r.out, "S3CRET"));
	h_run_free(&r);
	h_expect(&r, 1, NULL, "init", "--db", "host=/nonexistent dbname=x password=S3CRET", "--key",
		 h_path(e, "k.key"), NULL);
	assert_true(h_contains(r.err, "/nonexistent"));
	assert_false(h_contains(r.err, "S3CRET"));
	h_run_free(&r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(org_municipalities_exist),
		T(org_add_and_list),
		T(org_add_refused),
		T(org_set),
		T(org_usage),
		T(wrong_key_file_refused),
		T(unreachable_server),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
