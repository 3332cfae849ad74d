/* libFuzzer target: HTML form bodies (web/form.h) decoded by libmicrohttpd's
 * post processor. form_open needs a real MHD_Connection, so one daemon
 * (internal polling thread, no listening socket) runs for the whole
 * process; each input becomes one POST request sent over a socketpair that
 * MHD_add_connection hands to it. The access handler calls the form
 * functions as src/web/router.c does (form_open on the first call,
 * form_feed with every upload chunk, form_finish/form_get/form_file in the
 * handler, form_free when the request completes).
 *
 * The first input byte picks the content type (bit 0: urlencoded or
 * multipart with the boundary "overstapfuzz") and how finely each upload
 * chunk is cut before form_feed (the rest of the byte: MHD may hand a body
 * over in any pieces); the rest of the input is the body.
 *
 * Beyond the sanitizers, abort when a promise breaks: at most
 * FORM_MAX_FIELDS fields, distinct names of at most FORM_NAME_MAX bytes,
 * every value NUL-terminated within FORM_VALUE_MAX bytes and found by
 * form_get, a bad form stays bad, form_finish is stable, the file's
 * reported size equals its bytes on disk (mode 0600, inside $TMPDIR), the
 * temporary file is gone after form_free, and the reply is 200 or 400 as
 * the handler decided. A request that does not finish in time aborts. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The form's internals are compiled in here so that the checks can see
 * every field (form.h has no way to list them); this copy replaces the one
 * in liboverstap.a, which the linker then leaves out. */
#include "web/form.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define BODY_MAX (64 * 1024)
#define WAIT_MS 10000 /* a request that takes longer is a hang */
#define BOUNDARY "overstapfuzz"

static const size_t pieces[] = {0, 1, 2, 3, 5, 7, 13, 64, 100, 511, 4095, 8193};

struct conn_state {
	struct form *form;
	bool fed_bad; /* form_feed has returned -1 */
	bool decided;
	bool ok;
};

static struct MHD_Daemon *daemon_;
static char tmpdir[64];
static size_t piece; /* 0: each chunk whole; only the fuzzing thread writes it */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static unsigned long completed;
static int decision; /* 0 none, 200 or 400 */

/* What one request decoded, to compare the whole body with the cut one. */
struct snap {
	bool ok;
	size_t n;
	char names[FORM_MAX_FIELDS][FORM_NAME_MAX + 1];
	size_t lens[FORM_MAX_FIELDS];
	char values[FORM_MAX_FIELDS][FORM_VALUE_MAX + 1];
	bool has_file;
	char client[256];
	size_t file_size;
	uint64_t file_hash;
};
static struct snap snaps[2];
static int run; /* the snapshot the handler fills */

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_form: %s\n", what);
	abort();
}

static void check_fields(const struct form *f, struct snap *sn)
{
	sn->n = f->n;
	if (f->n > FORM_MAX_FIELDS)
		fail("too many fields");
	for (size_t i = 0; i < f->n; i++) {
		const struct field *x = &f->fields[i];
		if (!x->value || x->len > FORM_VALUE_MAX || x->value[x->len] != '\0')
			fail("value not NUL-terminated within FORM_VALUE_MAX");
		if (strnlen(x->name, sizeof x->name) > FORM_NAME_MAX)
			fail("name too long");
		for (size_t j = 0; j < i; j++)
			if (strcmp(f->fields[j].name, x->name) == 0)
				fail("a name stored twice");
		const char *v = form_get(f, x->name);
		if (v != x->value || strlen(v) > FORM_VALUE_MAX)
			fail("form_get does not give the field's value");
		memcpy(sn->names[i], x->name, sizeof sn->names[i]);
		sn->lens[i] = x->len;
		memcpy(sn->values[i], x->value, x->len + 1);
	}
	const char *absent = "\x7f-absent";
	bool present = false;
	for (size_t i = 0; i < f->n; i++)
		present |= strcmp(f->fields[i].name, absent) == 0;
	if (!present && form_get(f, absent))
		fail("form_get finds an absent name");
}

static void check_file(const struct form *f, struct snap *sn)
{
	const char *client = NULL;
	size_t size = 0;
	const char *path = form_file(f, &client, &size);
	sn->has_file = path != NULL;
	if (!path)
		return;
	if (!client || strnlen(client, 256) > 255)
		fail("client file name");
	size_t dl = strlen(tmpdir);
	if (strncmp(path, tmpdir, dl) != 0 || path[dl] != '/')
		fail("file outside $TMPDIR");
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 0777) != 0600)
		fail("temporary file missing or not 0600");
	if ((uint64_t)st.st_size != (uint64_t)size)
		fail("reported file size differs from the bytes on disk");
	FILE *in = fopen(path, "rb");
	if (!in)
		fail("temporary file unreadable");
	uint64_t h = 14695981039346656037u;
	size_t total = 0;
	for (int c; (c = getc(in)) != EOF; total++)
		h = (h ^ (uint64_t)(unsigned char)c) * 1099511628211u;
	fclose(in);
	if (total != size)
		fail("reported file size differs from the bytes read back");
	snprintf(sn->client, sizeof sn->client, "%s", client);
	sn->file_size = size;
	sn->file_hash = h;
}

static void compare(const struct snap *a, const struct snap *b)
{
	if (a->ok != b->ok)
		fail("whole and cut body: one form good, the other bad");
	if (!a->ok)
		return;
	if (a->n != b->n)
		fail("whole and cut body: different numbers of fields");
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->names[i], b->names[i]) != 0 || a->lens[i] != b->lens[i] ||
		    memcmp(a->values[i], b->values[i], a->lens[i]) != 0)
			fail("whole and cut body: a field differs");
	if (a->has_file != b->has_file ||
	    (a->has_file && (strcmp(a->client, b->client) != 0 || a->file_size != b->file_size ||
			     a->file_hash != b->file_hash)))
		fail("whole and cut body: the file differs");
}

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned int status)
{
	const char *text = status == MHD_HTTP_OK ? "ok" : "bad";
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	enum MHD_Result rc = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static void feed(struct conn_state *s, const char *data, size_t n)
{
	size_t step = piece ? piece : n;
	for (size_t at = 0; at < n; at += step) {
		size_t k = n - at < step ? n - at : step;
		int rc = form_feed(s->form, data + at, k);
		if (rc != 0 && rc != -1)
			fail("form_feed result");
		if (s->fed_bad && rc == 0)
			fail("a bad form became good again");
		if (rc == -1)
			s->fed_bad = true;
	}
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version, const char *upload_data,
				 size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	struct conn_state *s = *con_cls;
	if (!s) {
		s = calloc(1, sizeof *s);
		if (!s)
			return MHD_NO;
		*con_cls = s;
		s->form = form_open(conn);
		if (!s->form)
			fail("form_open refused a form content type");
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t got = *upload_data_size;
		*upload_data_size = 0;
		feed(s, upload_data, got);
		return MHD_YES;
	}
	if (s->decided)
		return MHD_YES;
	s->decided = true;
	s->ok = form_finish(s->form);
	if (s->ok && s->fed_bad)
		fail("form_finish accepts a form form_feed called bad");
	if (form_finish(s->form) != s->ok)
		fail("form_finish changed its mind");
	struct snap *sn = &snaps[run];
	sn->ok = s->ok;
	check_fields(s->form, sn);
	check_file(s->form, sn);
	unsigned int status = s->ok ? MHD_HTTP_OK : MHD_HTTP_BAD_REQUEST;
	pthread_mutex_lock(&mu);
	decision = (int)status;
	pthread_mutex_unlock(&mu);
	return reply(conn, status);
}

static void completed_cb(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct conn_state *s = *con_cls;
	if (s) {
		*con_cls = NULL;
		char path[sizeof s->form->path] = "";
		if (s->form->has_file)
			memcpy(path, s->form->path, sizeof path);
		form_free(s->form);
		if (path[0] && (access(path, F_OK) == 0 || errno != ENOENT))
			fail("temporary file left behind by form_free");
		free(s);
	}
	pthread_mutex_lock(&mu);
	completed++;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static void remove_tmpdir(void)
{
	if (daemon_)
		MHD_stop_daemon(daemon_);
	daemon_ = NULL;
	rmdir(tmpdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/fuzz_form-XXXXXX",
		 base && *base && strlen(base) < 32 ? base : "/tmp");
	if (!mkdtemp(tmpdir) || setenv("TMPDIR", tmpdir, 1) != 0)
		fail("mkdtemp");
	daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_NO_LISTEN_SOCKET |
					   MHD_USE_ITC | MHD_USE_AUTO,
				   0, NULL, NULL, access_cb, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
				   (unsigned int)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
				   (size_t)(64 * 1024), MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
				   MHD_OPTION_SIGPIPE_HANDLED_BY_APP, (int)1,
				   MHD_OPTION_NOTIFY_COMPLETED, completed_cb, NULL, MHD_OPTION_END);
	if (!daemon_)
		fail("MHD_start_daemon");
	atexit(remove_tmpdir);
	return 0;
}

static long ms_left(const struct timespec *deadline)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

/* Sends req (n bytes) on fd while reading the reply into out; the reply
 * ends when the server closes. Returns the reply's length. */
static size_t exchange(int fd, const char *req, size_t n, char *out, size_t cap)
{
	struct timespec deadline;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += WAIT_MS / 1000;
	size_t sent = 0, got = 0;
	for (;;) {
		struct pollfd p = {fd, (short)(POLLIN | (sent < n ? POLLOUT : 0)), 0};
		long left = ms_left(&deadline);
		if (left <= 0)
			fail("no reply in time (hang)");
		int pr = poll(&p, 1, (int)left);
		if (pr < 0 && errno != EINTR)
			fail("poll");
		if (pr <= 0)
			continue;
		if ((p.revents & POLLOUT) && sent < n) {
			ssize_t w = send(fd, req + sent, n - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (w > 0)
				sent += (size_t)w;
			else if (w < 0 && errno != EAGAIN && errno != EINTR)
				sent = n; /* the server closed early; read what it said */
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			char sink[4096];
			char *to = got < cap ? out + got : sink;
			size_t room = got < cap ? cap - got : sizeof sink;
			ssize_t r = recv(fd, to, room, MSG_DONTWAIT);
			if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
				return got < cap ? got : cap;
			if (r > 0)
				got += to == sink ? 0 : (size_t)r;
		}
	}
}

/* One POST request with the body, its upload chunks cut into pieces of
 * cut bytes (0: whole) before form_feed; the result lands in snaps[slot]. */
static void send_one(bool multipart, const uint8_t *body, size_t blen, size_t cut, int slot)
{
	piece = cut;
	run = slot;
	const char *ctype = multipart ? "multipart/form-data; boundary=" BOUNDARY
				      : "application/x-www-form-urlencoded";
	char head[256];
	int hn = snprintf(head, sizeof head,
			  "POST /form HTTP/1.1\r\nHost: localhost\r\nContent-Type: %s\r\n"
			  "Content-Length: %zu\r\nConnection: close\r\n\r\n",
			  ctype, blen);
	char *req = malloc((size_t)hn + blen);
	if (!req)
		fail("out of memory");
	memcpy(req, head, (size_t)hn);
	memcpy(req + hn, body, blen);

	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		fail("socketpair");
	struct sockaddr_in peer = {.sin_family = AF_INET,
				   .sin_port = htons(40000),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	pthread_mutex_lock(&mu);
	unsigned long before = completed;
	decision = 0;
	pthread_mutex_unlock(&mu);
	if (MHD_add_connection(daemon_, sv[1], (const struct sockaddr *)&peer, sizeof peer) !=
	    MHD_YES)
		fail("MHD_add_connection");
	char resp[1024];
	size_t rn = exchange(sv[0], req, (size_t)hn + blen, resp, sizeof resp - 1);
	resp[rn] = '\0';
	close(sv[0]);
	free(req);

	/* The completion callback (form_free and its checks) before the next. */
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += WAIT_MS / 1000;
	pthread_mutex_lock(&mu);
	while (completed == before)
		if (pthread_cond_timedwait(&cv, &mu, &deadline) == ETIMEDOUT)
			fail("request never completed");
	int want = decision;
	pthread_mutex_unlock(&mu);

	int status = 0;
	if (sscanf(resp, "HTTP/1.1 %d", &status) != 1)
		fail("no HTTP reply");
	if (want == 0 || status != want)
		fail("reply status differs from the handler's decision");

	DIR *dir = opendir(tmpdir);
	if (!dir)
		fail("opendir");
	for (struct dirent *e; (e = readdir(dir));)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			fail("a file left in $TMPDIR");
	closedir(dir);
}

/* Every '%' starts a %XX escape other than %00, and no byte is NUL.
 * libmicrohttpd decodes a broken escape ("%f%9C") or a NUL differently when
 * a piece ends nearby: its behaviour, not the form's, and no browser sends
 * either, so such urlencoded bodies are left out of the comparison. */
static bool well_escaped(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\0')
			return false;
		if (s[i] == '%' && (i + 2 >= n || !isxdigit(s[i + 1]) || !isxdigit(s[i + 2]) ||
				    (s[i + 1] == '0' && s[i + 2] == '0')))
			return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size - 1 > BODY_MAX)
		return 0;
	bool multipart = data[0] & 1;
	size_t cut = pieces[(data[0] >> 1) % (sizeof pieces / sizeof pieces[0])];
	send_one(multipart, data + 1, size - 1, 0, 0);
	if (cut && (multipart || well_escaped(data + 1, size - 1))) {
		/* MHD may hand the body over in any pieces: the form must not
		 * depend on how it was cut. */
		send_one(multipart, data + 1, size - 1, cut, 1);
		compare(&snaps[0], &snaps[1]);
	}
	return 0;
}
