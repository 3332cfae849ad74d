/* Integration test harness: runs the real overstap binary and looks at what
 * it left behind.
 *
 * The binary is $OVERSTAP_BIN (absolute path), the repository root is
 * $OVERSTAP_SRC; tests/run.sh sets both. Each test gets its own temporary
 * directory (h_setup / h_teardown as cmocka fixtures) holding the test
 * database DIR/t.db and its key file DIR/t.db.key.
 *
 * With OVERSTAP_TEST_BACKEND=pg every test gets a fresh PostgreSQL database
 * on the server of $OVERSTAP_TEST_PG instead (dropped afterwards), e->db is
 * its libpq connection string, the binary finds the key file DIR/t.key
 * through OVERSTAP_KEY_FILE, and the h_db_* helpers query it with libpq.
 *
 * Helpers that fail for reasons outside the product (no temp dir, cannot
 * spawn) fail the running test through cmocka. */
#ifndef OVERSTAP_TEST_HARNESS_H
#define OVERSTAP_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

/* What one run of the binary did. */
struct h_run {
	int status;    /* exit status; 128 + signal number when killed */
	bool signaled; /* killed by a signal (crash, or the harness timeout) */
	char *out;     /* everything written to stdout, NUL-terminated */
	char *err;     /* everything written to stderr, NUL-terminated */
	size_t out_len, err_len;
};

/* Per-test state: the temporary directory and paths inside it. */
struct h_env {
	char dir[4096];
	const char *db;   /* DIR/t.db */
	char **paths;     /* strings returned by h_path, freed by h_teardown */
	char pg_name[64]; /* the test's PostgreSQL database, "" on SQLite */
	size_t n_paths;
};

/* cmocka fixtures: *state becomes a struct h_env with a fresh directory
 * (mkdtemp under $TMPDIR or /tmp), removed recursively afterwards. */
int h_setup(void **state);
int h_teardown(void **state);

/* "DIR/name"; owned by e until h_teardown. */
const char *h_path(struct h_env *e, const char *name);

/* Runs $OVERSTAP_BIN with the arguments (NULL-terminated, without the
 * program name), feeding stdin_text (NULL: empty stdin) and capturing both
 * output streams completely. A run that takes longer than 120 s is killed.
 * Returns r->status. The caller frees with h_run_free(). */
int h_runv(struct h_run *r, const char *stdin_text, const char *const *argv);
/* The same with the arguments inline: h_run(&r, NULL, "calc", "bsn", x, NULL). */
int h_run(struct h_run *r, const char *stdin_text, ...) __attribute__((sentinel));
void h_run_free(struct h_run *r);

/* Runs and checks the exit status; on a mismatch prints the command's
 * output and fails the test. Returns r->status. */
#define h_expect(r, want, ...) h_expect_at(__FILE__, __LINE__, (r), (want), __VA_ARGS__)
int h_expect_at(const char *file, int line, struct h_run *r, int want, const char *stdin_text, ...)
	__attribute__((sentinel));

/* Files. h_write writes exactly n bytes; h_read returns the whole file
 * (NUL-terminated, length in *n when n is not NULL; NULL when it cannot be
 * read); the caller frees it. */
void h_write(const char *path, const void *data, size_t n);
void h_writes(const char *path, const char *text);
char *h_read(const char *path, size_t *n);
bool h_exists(const char *path);

/* True when the tests run against PostgreSQL (OVERSTAP_TEST_BACKEND=pg). */
bool h_pg(void);
/* A fresh database on the server of $OVERSTAP_TEST_PG for this test
 * (dropped by h_teardown), as a libpq connection string owned by e. */
const char *h_pg_database(struct h_env *e);

/* The SQL for the backend under test. */
#define H_SQL(sqlite, pg) (h_pg() ? (pg) : (sqlite))

/* Database. Opens the SQLite file db (without creating it) and runs sql,
 * which must return one integer (or text) in its first row. h_db_int returns
 * -1 when the database or table is missing. h_db_count counts the rows of a
 * table. h_db_text returns NULL when there is no row; the caller frees it. */
long long h_db_int(const char *db, const char *sql);
long long h_db_count(const char *db, const char *table);
char *h_db_text(const char *db, const char *sql);
/* Runs sql (one or more statements, no result needed) on the database of
 * either backend, around the product: for tests that tamper with it. Fails
 * the test when the SQL fails. */
void h_db_exec(const char *db, const char *sql);

/* Text. h_has_line: some line of text (without its "\n" or "\r\n") equals
 * line exactly. h_count_lines: lines that start with prefix. */
bool h_has_line(const char *text, const char *line);
int h_count_lines(const char *text, const char *prefix);
bool h_contains(const char *text, const char *needle);

/* WW files: the header of the minimal file (required columns and ww_end,
 * LF line end), and h_ww_row appends one row of it to buf (NUL-terminated,
 * cap bytes): person "Jansen, Jan", born 1980-05-17, 1012 AB 12. */
#define H_WW_HEADER                                                                                \
	"bsn,family_name,given_names,birth_date,gemeente_code,postcode,house_number,ww_start,"     \
	"ww_end\n"
void h_ww_row(char *buf, size_t cap, const char *bsn, const char *gemeente, const char *start,
	      const char *end);

/* The i-th valid BSN (11-proef, sum > 0) above 100000000, as 9 digits and a NUL. */
void h_bsn(int i, char out[10]);

/* $OVERSTAP_SRC, or "." */
const char *h_src(void);

/* A background run of the binary (a server). */
struct h_proc {
	int pid;    /* 0 when not running */
	int out_fd; /* read end of its stdout */
};

/* Starts $OVERSTAP_BIN with argv (NULL-terminated, without the program
 * name) in the background: empty stdin, stdout a pipe for h_proc_line,
 * stderr appended to err_path (NULL: inherited). Stop it with h_proc_stop. */
void h_spawn(struct h_proc *p, const char *err_path, const char *const *argv);
/* Reads one line of its stdout (without "\n") into buf within timeout_ms.
 * Returns false on end of file, timeout or a line longer than cap. */
bool h_proc_line(struct h_proc *p, char *buf, size_t cap, int timeout_ms);
/* Sends SIGTERM and waits up to timeout_ms, then SIGKILL. Returns the exit
 * status (128 + signal number when killed); *waited_ms (may be NULL) is how
 * long it took. Does nothing and returns -1 when p is not running. */
int h_proc_stop(struct h_proc *p, int timeout_ms, long *waited_ms);

/* HTTP to a server on 127.0.0.1 (plain sockets, HTTP/1.1, one request per
 * connection): a request is sent whole (with its blank line; "Connection:
 * close") and the reply read until the server closes (at most H_HTTP_MAX
 * bytes, H_HTTP_TIMEOUT_MS); a malformed reply fails the test. */
#define H_HTTP_MAX (4 * 1024 * 1024)
#define H_HTTP_TIMEOUT_MS 10000
struct h_reply {
	int status;
	char *head; /* status line and headers */
	char *body;
	char *raw;
};

/* Initialises e->db and starts `overstap serve` on a free port of
 * 127.0.0.1 with 2 threads and the extra arguments (NULL-terminated, may be
 * NULL), stderr appended to err_path. Returns the port. */
int h_serve(struct h_proc *p, struct h_env *e, const char *err_path, const char *const *extra);
/* request is a C string. */
void h_http(int port, const char *request, struct h_reply *r);
/* request is len bytes (a binary body), sent from the loopback address src
 * (NULL: the system's choice). */
void h_http_from(int port, const char *src, const char *request, size_t len, struct h_reply *r);
/* METHOD PATH with extra header lines (each ending "\r\n"; may be NULL) and
 * a body (NULL: none; sent with Content-Length). */
void h_http_req(int port, const char *method, const char *path, const char *headers,
		const char *body, struct h_reply *r);
void h_reply_free(struct h_reply *r);
/* Has the reply this exact header line (name case-insensitive)? */
bool h_reply_header(const struct h_reply *r, const char *name, const char *value);
/* The value of the first header called name (case-insensitive) whose value
 * starts with prefix (may be ""), copied into buf; false when none. */
bool h_header(const struct h_reply *r, const char *name, const char *prefix, char *buf, size_t cap);
/* PDFs, through poppler-utils: h_pdf_text is what pdftotext finds in the
 * file (the caller frees it); h_pdf_pages checks that every page is A4
 * (595 x 842 pt, as pdfinfo says) and returns the page count. Fail the test
 * when the tool fails. */
char *h_pdf_text(const char *path);
int h_pdf_pages(const char *path);

#endif
