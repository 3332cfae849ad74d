/* A fresh app on a temporary SQLite database, for the unit tests of use
 * cases: app_fx_open makes DIR (mkdtemp under $TMPDIR or /tmp) with
 * DIR/t.db and its key file DIR/t.key and opens the app on them;
 * app_fx_close closes it and removes the directory with what the test
 * left in it (files directly inside only). app_fx_int reads one integer
 * with SQL around the app (-1 when there is none). */
#ifndef OVERSTAP_TEST_APP_FIXTURE_H
#define OVERSTAP_TEST_APP_FIXTURE_H

#include <dirent.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/app.h"

struct app_fx {
	char dir[256];
	char db[300], key[300];
	struct app a;
};

static inline int app_fx_open(struct app_fx *f, const char *name, const char *actor)
{
	const char *tmp = getenv("TMPDIR");
	char err[256];
	snprintf(f->dir, sizeof f->dir, "%s/ovs-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
	snprintf(f->key, sizeof f->key, "%s/t.key", f->dir);
	struct app_open_opts o = {.db = f->db, .key_file = f->key, .actor = actor};
	if (app_open(&f->a, &o, err, sizeof err) != APP_OK) {
		fprintf(stderr, "app_open: %s\n", err);
		return -1;
	}
	return 0;
}

static inline void app_fx_close(struct app_fx *f)
{
	char path[600];
	app_close(&f->a);
	DIR *d = opendir(f->dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(f->dir);
}

static inline int64_t app_fx_int(const struct app_fx *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

#endif
