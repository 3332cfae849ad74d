/* Integration test harness (harness.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <strings.h>
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

extern char **environ;

#define RUN_TIMEOUT_MS 120000
#define MAX_ARGS 64

/* Output buffers of runs not yet freed: a failing test jumps past its
 * h_run_free, so h_teardown frees what is left (no leak reports). */
static char *live[64];

static void live_add(char *p)
{
	for (size_t i = 0; i < sizeof live / sizeof live[0]; i++)
		if (!live[i]) {
			live[i] = p;
			return;
		}
}

static void live_free(char *p)
{
	for (size_t i = 0; p && i < sizeof live / sizeof live[0]; i++)
		if (live[i] == p)
			live[i] = NULL;
	free(p);
}

/* ---- temporary directories ---- */

/* ---- backend ---- */

bool h_pg(void)
{
	const char *b = getenv("OVERSTAP_TEST_BACKEND");
	return b && strcmp(b, "pg") == 0;
}

static bool is_pg_spec(const char *db)
{
	return strncmp(db, "postgres", 8) == 0 || strchr(db, '=') != NULL;
}

/* The key file of the current test, handed to the binary through
 * OVERSTAP_KEY_FILE when the database is not a file. */
static char key_env[4200];

/* Runs one statement on the server named by $OVERSTAP_TEST_PG. */
static void pg_admin(const char *sql)
{
	const char *base = getenv("OVERSTAP_TEST_PG");
	if (!base || !*base)
		fail_msg("OVERSTAP_TEST_BACKEND=pg needs OVERSTAP_TEST_PG (scripts/pg-test.sh)");
	PGconn *c = PQconnectdb(base);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("harness: cannot connect to %s: %s", base, PQerrorMessage(c));
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("harness: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

const char *h_pg_database(struct h_env *e)
{
	static int n;
	char sql[128];
	if (e->pg_name[0])
		fail_msg("harness: one PostgreSQL database per test");
	snprintf(e->pg_name, sizeof e->pg_name, "ot_%ld_%d", (long)getpid(), ++n);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", e->pg_name);
	pg_admin(sql);
	char spec[1024];
	/* In a libpq key=value string the last dbname wins. */
	snprintf(spec, sizeof spec, "%s dbname=%s", getenv("OVERSTAP_TEST_PG"), e->pg_name);
	e->paths = realloc(e->paths, (e->n_paths + 1) * sizeof *e->paths);
	assert_non_null(e->paths);
	e->paths[e->n_paths] = strdup(spec);
	assert_non_null(e->paths[e->n_paths]);
	return e->paths[e->n_paths++];
}

int h_setup(void **state)
{
	struct h_env *e = calloc(1, sizeof *e);
	if (!e)
		return -1;
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(e->dir, sizeof e->dir, "%s/overstap-test-XXXXXX", tmp);
	if (!mkdtemp(e->dir)) {
		fprintf(stderr, "harness: mkdtemp %s: %s\n", e->dir, strerror(errno));
		free(e);
		return -1;
	}
	e->db = h_path(e, "t.db");
	key_env[0] = '\0';
	if (h_pg()) {
		e->db = h_pg_database(e);
		snprintf(key_env, sizeof key_env, "OVERSTAP_KEY_FILE=%s/t.key", e->dir);
	}
	*state = e;
	return 0;
}

/* Removes path and, for a directory, everything below it (links not followed). */
static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			size_t n = strlen(path) + 1 + strlen(de->d_name) + 1;
			char *child = malloc(n);
			if (!child)
				break;
			snprintf(child, n, "%s/%s", path, de->d_name);
			remove_tree(child);
			free(child);
		}
		if (d)
			closedir(d);
	}
	if (remove(path) != 0)
		fprintf(stderr, "harness: remove %s: %s\n", path, strerror(errno));
}

int h_teardown(void **state)
{
	struct h_env *e = *state;
	if (!e)
		return 0;
	if (e->pg_name[0]) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", e->pg_name);
		pg_admin(sql);
	}
	if (e->dir[0])
		remove_tree(e->dir);
	for (size_t i = 0; i < e->n_paths; i++)
		free(e->paths[i]);
	for (size_t i = 0; i < sizeof live / sizeof live[0]; i++)
		live_free(live[i]);
	free(e->paths);
	free(e);
	*state = NULL;
	return 0;
}

const char *h_path(struct h_env *e, const char *name)
{
	char **grown = realloc(e->paths, (e->n_paths + 1) * sizeof *grown);
	assert_non_null(grown);
	e->paths = grown;
	size_t n = strlen(e->dir) + 1 + strlen(name) + 1;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", e->dir, name);
	e->paths[e->n_paths++] = p;
	return p;
}

/* ---- running the binary ---- */

struct sink {
	char *buf;
	size_t len, cap;
};

static void sink_add(struct sink *s, const char *data, size_t n)
{
	if (s->cap - s->len < n + 1) {
		size_t cap = s->cap ? s->cap : 4096;
		while (cap - s->len < n + 1)
			cap *= 2;
		char *nb = realloc(s->buf, cap);
		assert_non_null(nb);
		s->buf = nb;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

static void pipe_cloexec(int fd[2])
{
	assert_int_equal(pipe(fd), 0);
	assert_int_not_equal(fcntl(fd[0], F_SETFD, FD_CLOEXEC), -1);
	assert_int_not_equal(fcntl(fd[1], F_SETFD, FD_CLOEXEC), -1);
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* The environment without the variables that would choose another database. */
static char **child_env(void)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 2, sizeof *env);
	assert_non_null(env);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "OVERSTAP_DB=", 12) != 0 &&
		    strncmp(environ[i], "OVERSTAP_KEY_FILE=", 18) != 0)
			env[k++] = environ[i];
	if (key_env[0])
		env[k++] = key_env;
	return env;
}

int h_runv(struct h_run *r, const char *stdin_text, const char *const *argv)
{
	const char *bin = getenv("OVERSTAP_BIN");
	if (!bin || !*bin)
		fail_msg("OVERSTAP_BIN is not set (tests/run.sh sets it)");
	memset(r, 0, sizeof *r);
	signal(SIGPIPE, SIG_IGN); /* a child that does not read stdin */

	const char *args[MAX_ARGS + 2];
	size_t argc = 0;
	args[argc++] = bin;
	for (size_t i = 0; argv[i]; i++) {
		assert_true(argc <= MAX_ARGS);
		args[argc++] = argv[i];
	}
	args[argc] = NULL;

	int in[2], out[2], err[2];
	pipe_cloexec(in);
	pipe_cloexec(out);
	pipe_cloexec(err);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, err[1], STDERR_FILENO);
	char **env = child_env();
	pid_t pid;
	int rc = posix_spawn(&pid, bin, &fa, NULL, (char *const *)args, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (rc != 0)
		fail_msg("cannot run %s: %s", bin, strerror(rc));

	/* Feed stdin and drain both outputs at once, so no pipe fills up. */
	const char *feed = stdin_text ? stdin_text : "";
	size_t feed_len = strlen(feed), fed = 0;
	int wfd = in[1];
	fcntl(wfd, F_SETFL, fcntl(wfd, F_GETFL) | O_NONBLOCK);
	if (feed_len == 0) {
		close(wfd);
		wfd = -1;
	}
	struct sink so = {0}, se = {0};
	sink_add(&so, "", 0);
	sink_add(&se, "", 0);
	int rfd[2] = {out[0], err[0]};
	struct sink *sinks[2] = {&so, &se};
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bool killed = false;
	while (rfd[0] >= 0 || rfd[1] >= 0 || wfd >= 0) {
		struct pollfd p[3];
		int np = 0, map[3];
		for (int i = 0; i < 2; i++)
			if (rfd[i] >= 0) {
				p[np] = (struct pollfd){.fd = rfd[i], .events = POLLIN};
				map[np++] = i;
			}
		if (wfd >= 0) {
			p[np] = (struct pollfd){.fd = wfd, .events = POLLOUT};
			map[np++] = 2;
		}
		long left = RUN_TIMEOUT_MS - elapsed_ms(&t0);
		if (left <= 0 && !killed) {
			kill(pid, SIGKILL);
			killed = true;
		}
		int k = poll(p, (nfds_t)np, left > 0 ? (int)left : 1000);
		if (k < 0 && errno == EINTR)
			continue;
		assert_true(k >= 0);
		for (int j = 0; j < np; j++) {
			if (!p[j].revents)
				continue;
			if (map[j] == 2) {
				ssize_t w = write(wfd, feed + fed, feed_len - fed);
				if (w > 0)
					fed += (size_t)w;
				if ((w < 0 && errno != EAGAIN && errno != EINTR) ||
				    fed == feed_len) {
					close(wfd); /* done, or the child closed its stdin */
					wfd = -1;
				}
				continue;
			}
			int i = map[j];
			char buf[65536];
			ssize_t got = read(rfd[i], buf, sizeof buf);
			if (got > 0) {
				sink_add(sinks[i], buf, (size_t)got);
			} else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
				close(rfd[i]);
				rfd[i] = -1;
			}
		}
	}
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		assert_int_equal(errno, EINTR);
	if (WIFEXITED(ws)) {
		r->status = WEXITSTATUS(ws);
	} else {
		r->signaled = true;
		r->status = 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
	}
	if (killed)
		fprintf(stderr, "harness: killed %s after %d ms\n", args[1] ? args[1] : bin,
			RUN_TIMEOUT_MS);
	live_add(so.buf);
	live_add(se.buf);
	r->out = so.buf;
	r->out_len = so.len;
	r->err = se.buf;
	r->err_len = se.len;
	return r->status;
}

static void collect_args(const char **argv, va_list ap)
{
	size_t n = 0;
	const char *a;
	while ((a = va_arg(ap, const char *)) != NULL) {
		assert_true(n < MAX_ARGS);
		argv[n++] = a;
	}
	argv[n] = NULL;
}

int h_run(struct h_run *r, const char *stdin_text, ...)
{
	const char *argv[MAX_ARGS + 1];
	va_list ap;
	va_start(ap, stdin_text);
	collect_args(argv, ap);
	va_end(ap);
	return h_runv(r, stdin_text, argv);
}

int h_expect_at(const char *file, int line, struct h_run *r, int want, const char *stdin_text, ...)
{
	const char *argv[MAX_ARGS + 1];
	va_list ap;
	va_start(ap, stdin_text);
	collect_args(argv, ap);
	va_end(ap);
	h_runv(r, stdin_text, argv);
	if (r->status != want || r->signaled) {
		fprintf(stderr, "%s:%d: overstap", file, line);
		for (size_t i = 0; argv[i]; i++)
			fprintf(stderr, " %s", argv[i]);
		fprintf(stderr,
			"\n  exit %d%s, expected %d\n--- stdout:\n%.4000s--- stderr:\n%.4000s---\n",
			r->status, r->signaled ? " (signal)" : "", want, r->out, r->err);
		_fail(file, line);
	}
	return r->status;
}

void h_run_free(struct h_run *r)
{
	live_free(r->out);
	live_free(r->err);
	memset(r, 0, sizeof *r);
}

/* ---- files ---- */

void h_write(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

void h_writes(const char *path, const char *text)
{
	h_write(path, text, strlen(text));
}

char *h_read(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct sink s = {0};
	sink_add(&s, "", 0);
	char buf[65536];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0)
		sink_add(&s, buf, got);
	fclose(f);
	if (n)
		*n = s.len;
	return s.buf;
}

bool h_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* ---- database ---- */

static sqlite3_stmt *db_query(const char *db, const char *sql, sqlite3 **conn)
{
	sqlite3_stmt *st = NULL;
	*conn = NULL;
	if (sqlite3_open_v2(db, conn, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_busy_timeout(*conn, 5000);
	if (sqlite3_prepare_v2(*conn, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "harness: %s: %s\n", sql, sqlite3_errmsg(*conn));
		return NULL;
	}
	return st;
}

/* First column of the first row on PostgreSQL, or NULL; caller frees. */
static char *pg_value(const char *db, const char *sql, bool *ok)
{
	char *v = NULL;
	*ok = false;
	PGconn *c = PQconnectdb(db);
	if (PQstatus(c) == CONNECTION_OK) {
		PGresult *r = PQexec(c, sql);
		if (PQresultStatus(r) == PGRES_TUPLES_OK) {
			*ok = true;
			if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
				v = strdup(PQgetvalue(r, 0, 0));
		} else {
			fprintf(stderr, "harness: %s: %s\n", sql, PQerrorMessage(c));
		}
		PQclear(r);
	}
	PQfinish(c);
	return v;
}

long long h_db_int(const char *db, const char *sql)
{
	long long v = -1;
	if (is_pg_spec(db)) {
		bool ok;
		char *t = pg_value(db, sql, &ok);
		if (t)
			v = strcmp(t, "t") == 0   ? 1
			    : strcmp(t, "f") == 0 ? 0
						  : strtoll(t, NULL, 10);
		free(t);
		return v;
	}
	sqlite3 *conn;
	sqlite3_stmt *st = db_query(db, sql, &conn);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(conn);
	return v;
}

long long h_db_count(const char *db, const char *table)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
	return h_db_int(db, sql);
}

char *h_db_text(const char *db, const char *sql)
{
	if (is_pg_spec(db)) {
		bool ok;
		return pg_value(db, sql, &ok);
	}
	sqlite3 *conn;
	sqlite3_stmt *st = db_query(db, sql, &conn);
	char *v = NULL;
	if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(conn);
	return v;
}

void h_db_exec(const char *db, const char *sql)
{
	if (is_pg_spec(db)) {
		PGconn *c = PQconnectdb(db);
		if (PQstatus(c) != CONNECTION_OK)
			fail_msg("harness: cannot connect to %s: %s", db, PQerrorMessage(c));
		PGresult *r = PQexec(c, sql);
		ExecStatusType st = PQresultStatus(r);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
			fail_msg("harness: %s: %s", sql, PQerrorMessage(c));
		PQclear(r);
		PQfinish(c);
		return;
	}
	sqlite3 *conn = NULL;
	if (sqlite3_open_v2(db, &conn, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fail_msg("harness: cannot open %s", db);
	sqlite3_busy_timeout(conn, 5000);
	if (sqlite3_exec(conn, sql, NULL, NULL, NULL) != SQLITE_OK) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(conn));
		sqlite3_close(conn);
		fail_msg("harness: %s: %s", sql, msg);
	}
	sqlite3_close(conn);
}

/* ---- text ---- */

bool h_has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == n && memcmp(p, line, n) == 0)
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

int h_count_lines(const char *text, const char *prefix)
{
	int count = 0;
	size_t n = strlen(prefix);
	for (const char *p = text; p && *p;) {
		if (strncmp(p, prefix, n) == 0)
			count++;
		const char *nl = strchr(p, '\n');
		p = nl ? nl + 1 : NULL;
	}
	return count;
}

bool h_contains(const char *text, const char *needle)
{
	return text && strstr(text, needle) != NULL;
}

/* ---- data ---- */

static bool bsn_ok(long v)
{
	int sum = 0;
	for (int w = 1; w <= 9; w++, v /= 10)
		sum += (w == 1 ? -1 : w) * (int)(v % 10);
	return sum > 0 && sum % 11 == 0; /* 0 passes mod 11 but is refused */
}

void h_bsn(int i, char out[10])
{
	long v = 100000000;
	for (int found = -1; found < i; v++)
		if (bsn_ok(v) && ++found == i)
			break;
	snprintf(out, 10, "%09lu", (unsigned long)v % 1000000000UL); /* nine digits */
}

void h_ww_row(char *buf, size_t cap, const char *bsn, const char *gemeente, const char *start,
	      const char *end)
{
	size_t len = strlen(buf);
	int k = snprintf(buf + len, cap - len, "%s,Jansen,Jan,1980-05-17,%s,1012 AB,12,%s,%s\n",
			 bsn, gemeente, start, end);
	assert_true(k > 0 && (size_t)k < cap - len);
}

const char *h_src(void)
{
	const char *s = getenv("OVERSTAP_SRC");
	return s && *s ? s : ".";
}

void h_spawn(struct h_proc *p, const char *err_path, const char *const *argv)
{
	const char *bin = getenv("OVERSTAP_BIN");
	if (!bin || !*bin)
		fail_msg("OVERSTAP_BIN is not set (tests/run.sh sets it)");
	const char *args[MAX_ARGS + 2];
	size_t argc = 0;
	args[argc++] = bin;
	for (size_t i = 0; argv[i]; i++) {
		assert_true(argc <= MAX_ARGS);
		args[argc++] = argv[i];
	}
	args[argc] = NULL;
	int out[2];
	pipe_cloexec(out);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
	if (err_path)
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err_path,
						 O_WRONLY | O_CREAT | O_APPEND, 0600);
	char **env = child_env();
	pid_t pid;
	int rc = posix_spawn(&pid, bin, &fa, NULL, (char *const *)args, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(out[1]);
	if (rc != 0) {
		close(out[0]);
		fail_msg("cannot run %s: %s", bin, strerror(rc));
	}
	p->pid = (int)pid;
	p->out_fd = out[0];
}

bool h_proc_line(struct h_proc *p, char *buf, size_t cap, int timeout_ms)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	size_t n = 0;
	while (n + 1 < cap) {
		long left = timeout_ms - elapsed_ms(&t0);
		if (left <= 0)
			return false;
		struct pollfd pf = {.fd = p->out_fd, .events = POLLIN};
		int k = poll(&pf, 1, (int)left);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		char c;
		ssize_t got = read(p->out_fd, &c, 1); /* one byte: nothing past the line is lost */
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		if (c == '\n') {
			buf[n] = '\0';
			return true;
		}
		buf[n++] = c;
	}
	return false;
}

int h_proc_stop(struct h_proc *p, int timeout_ms, long *waited_ms)
{
	if (p->pid <= 0)
		return -1;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	kill((pid_t)p->pid, SIGTERM);
	int ws = 0;
	bool killed = false;
	for (;;) {
		pid_t w = waitpid((pid_t)p->pid, &ws, WNOHANG);
		if (w == (pid_t)p->pid)
			break;
		if (w < 0 && errno != EINTR)
			break;
		if (!killed && elapsed_ms(&t0) > timeout_ms) {
			kill((pid_t)p->pid, SIGKILL);
			killed = true;
		}
		struct timespec step = {0, 10 * 1000 * 1000};
		nanosleep(&step, NULL);
	}
	if (waited_ms)
		*waited_ms = elapsed_ms(&t0);
	close(p->out_fd);
	p->pid = 0;
	p->out_fd = -1;
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	return 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
}

/* ---- HTTP ---- */

void h_reply_free(struct h_reply *r)
{
	free(r->raw);
	memset(r, 0, sizeof *r);
}

/* Sends request (complete, with its blank line) to 127.0.0.1:port and reads
 * the reply until the server closes the connection. */
void h_http(int port, const char *request, struct h_reply *r)
{
	h_http_from(port, NULL, request, strlen(request), r);
}

void h_http_from(int port, const char *src, const char *request, size_t len, struct h_reply *r)
{
	memset(r, 0, sizeof *r);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	if (src) {
		struct sockaddr_in s = {.sin_family = AF_INET};
		assert_int_equal(inet_pton(AF_INET, src, &s.sin_addr), 1);
		if (bind(fd, (struct sockaddr *)&s, sizeof s) != 0)
			fail_msg("bind to %s: %s", src, strerror(errno));
	}
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
		fail_msg("connect to port %d: %s", port, strerror(errno));
	size_t sent = 0;
	while (sent < len) {
		ssize_t w = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* the server may answer (413) and close before all is sent */
		sent += (size_t)w;
	}
	char *buf = malloc(H_HTTP_MAX + 1);
	assert_non_null(buf);
	size_t n = 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		long left = H_HTTP_TIMEOUT_MS - elapsed_ms(&t0);
		if (left <= 0)
			fail_msg("no complete reply within %d ms", H_HTTP_TIMEOUT_MS);
		struct pollfd pf = {.fd = fd, .events = POLLIN};
		int k = poll(&pf, 1, (int)left);
		if (k < 0 && errno == EINTR)
			continue;
		assert_true(k >= 0);
		if (k == 0)
			continue;
		ssize_t got = recv(fd, buf + n, H_HTTP_MAX - n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
		assert_true(n < H_HTTP_MAX);
	}
	close(fd);
	buf[n] = '\0';
	r->raw = buf;
	char *sep = strstr(buf, "\r\n\r\n");
	if (!sep)
		fail_msg("no header end in reply:\n%s", buf);
	*sep = '\0';
	r->head = buf;
	r->body = sep + 4;
	if (sscanf(buf, "HTTP/1.1 %d", &r->status) != 1)
		fail_msg("no status line:\n%s", buf);
}

void h_http_req(int port, const char *method, const char *path, const char *headers,
		const char *body, struct h_reply *r)
{
	size_t blen = body ? strlen(body) : 0;
	size_t cap = strlen(path) + (headers ? strlen(headers) : 0) + blen + 256;
	char *req = malloc(cap);
	assert_non_null(req);
	int n = snprintf(req, cap, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s",
			 method, path, headers ? headers : "");
	if (body)
		n += snprintf(req + n, cap - (size_t)n, "Content-Length: %zu\r\n", blen);
	snprintf(req + n, cap - (size_t)n, "\r\n%s", body ? body : "");
	h_http(port, req, r);
	free(req);
}

bool h_reply_header(const struct h_reply *r, const char *name, const char *value)
{
	char buf[1024];
	return h_header(r, name, value, buf, sizeof buf) && strcmp(buf, value) == 0;
}

int h_serve(struct h_proc *p, struct h_env *e, const char *err_path, const char *const *extra)
{
	struct h_run r;
	h_expect(&r, 0, NULL, "init", "--db", e->db, NULL);
	h_run_free(&r);
	const char *argv[32] = {"serve", "--listen", "127.0.0.1:0", "--threads",
				"2",     "--db",     e->db};
	size_t k = 7;
	for (size_t i = 0; extra && extra[i] && k < 31; i++)
		argv[k++] = extra[i];
	argv[k] = NULL;
	h_spawn(p, err_path, argv);
	char line[256];
	if (!h_proc_line(p, line, sizeof line, 30000))
		fail_msg("the server did not say it was listening");
	int port = 0;
	if (sscanf(line, "overstap listening on http://127.0.0.1:%d", &port) != 1 || port <= 0 ||
	    port > 65535)
		fail_msg("unexpected first line: %s", line);
	return port;
}

bool h_header(const struct h_reply *r, const char *name, const char *prefix, char *buf, size_t cap)
{
	size_t nl = strlen(name), pl = strlen(prefix);
	for (const char *p = strstr(r->head, "\r\n"); p; p = strstr(p, "\r\n")) {
		p += 2;
		if (strncasecmp(p, name, nl) != 0 || p[nl] != ':')
			continue;
		const char *v = p + nl + 1;
		while (*v == ' ')
			v++;
		const char *end = strstr(v, "\r\n");
		size_t vl = end ? (size_t)(end - v) : strlen(v);
		if (vl < pl || strncmp(v, prefix, pl) != 0 || vl >= cap)
			continue;
		memcpy(buf, v, vl);
		buf[vl] = '\0';
		return true;
	}
	return false;
}

/* The output of a poppler tool run on path (the caller frees it). */
static char *poppler(const char *tool, const char *args, const char *path)
{
	char cmd[8192];
	if ((size_t)snprintf(cmd, sizeof cmd, "%s %s '%s' %s 2>&1", tool, args, path,
			     strcmp(tool, "pdftotext") == 0 ? "-" : "") >= sizeof cmd ||
	    strchr(path, '\''))
		fail_msg("%s: path unusable in a command", path);
	FILE *p = popen(cmd, "r");
	if (!p)
		fail_msg("%s: %s", tool, strerror(errno));
	size_t cap = 1 << 16, n = 0, k;
	char *buf = malloc(cap);
	while (buf && (k = fread(buf + n, 1, cap - n - 1, p)) > 0) {
		n += k;
		if (n + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (!buf)
		fail_msg("out of memory");
	buf[n] = '\0';
	if (pclose(p) != 0)
		fail_msg("%s %s failed:\n%s", tool, path, buf);
	return buf;
}

char *h_pdf_text(const char *path)
{
	return poppler("pdftotext", "", path);
}

int h_pdf_pages(const char *path)
{
	char *info = poppler("pdfinfo", "-l -1", path);
	int pages = 0, a4 = 0;
	for (const char *line = info; line && *line; line = strchr(line, '\n'), line += !!line) {
		if (strncmp(line, "Pages:", 6) == 0)
			pages = (int)strtol(line + 6, NULL, 10);
		if (strncmp(line, "Page ", 5) == 0 && strstr(line, " size:") &&
		    strstr(line, " size:") < strchr(line, '\n')) {
			if (!strstr(line, "595.276 x 841.89 pts (A4)") ||
			    strstr(line, "595.276 x 841.89 pts (A4)") > strchr(line, '\n'))
				fail_msg("%s: a page is not A4:\n%s", path, info);
			a4++;
		}
	}
	free(info);
	if (pages < 1 || a4 != pages)
		fail_msg("%s: %d pages, %d of them A4", path, pages, a4);
	return pages;
}
