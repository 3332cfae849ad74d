/* The audit log: the hash chain (audit.h) and the use cases that append to,
 * verify and export it (app.h). */
#include "app/audit.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/access.h"
#include "app/app.h"
#include "app/audit_writer.h"

/* Rows read per store call while verifying or exporting. */
#define AUDIT_PAGE 1000

/* ---- canonical encoding ---- */

/* Where the encoding goes: a buffer (as much as fits) or a running hash. */
struct sink {
	unsigned char *buf;
	size_t cap, len;
	crypto_hash_sha256_state *h;
};

static void put(struct sink *k, const void *p, size_t n)
{
	if (k->h)
		crypto_hash_sha256_update(k->h, p, n);
	else if (k->buf && k->len + n <= k->cap)
		memcpy(k->buf + k->len, p, n);
	k->len += n;
}

static void put_u64(struct sink *k, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
	put(k, b, sizeof b);
}

static void put_text(struct sink *k, const char *t)
{
	size_t n = t ? strlen(t) : 0;
	unsigned char tag = n ? 1 : 0;
	put(k, &tag, 1);
	if (!n)
		return;
	unsigned char b[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
			      (unsigned char)(n >> 8), (unsigned char)n};
	put(k, b, sizeof b);
	put(k, t, n);
}

static void encode(struct sink *k, const struct store_audit *a)
{
	unsigned char version = AUDIT_ENCODING_VERSION;
	put(k, &version, 1);
	put_u64(k, (uint64_t)a->seq);
	put_u64(k, (uint64_t)a->at);
	const char *fields[] = {a->actor,     a->org,     a->role,    a->action,    a->object_type,
				a->object_id, a->purpose, a->outcome, a->request_id};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		put_text(k, fields[i]);
}

size_t audit_encode(const struct store_audit *a, unsigned char *buf, size_t cap)
{
	struct sink k = {.buf = cap ? buf : NULL, .cap = cap};
	encode(&k, a);
	return k.len;
}

void audit_row_hash(const struct store_audit *a, const unsigned char prev[STORE_HASH_SIZE],
		    unsigned char out[STORE_HASH_SIZE])
{
	crypto_hash_sha256_state h;
	struct sink k = {.h = &h};
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, prev, STORE_HASH_SIZE);
	encode(&k, a);
	crypto_hash_sha256_final(&h, out);
}

/* ---- verifier ---- */

void audit_verifier_init(struct audit_verifier *v)
{
	memset(v, 0, sizeof *v);
}

static int broken(struct audit_verifier *v, const struct store_audit *a, enum audit_break why)
{
	v->broken = why;
	v->bad_seq = a->seq;
	v->bad_id = a->id;
	return 1;
}

int audit_verifier_feed(struct audit_verifier *v, const struct store_audit *a)
{
	if (v->broken)
		return 1;
	if (a->seq != v->last_seq + 1)
		return broken(v, a, AUDIT_GAP);
	if (!a->hashes_ok)
		return broken(v, a, AUDIT_MALFORMED);
	if (sodium_memcmp(a->prev_hash, v->last_hash, STORE_HASH_SIZE) != 0)
		return broken(v, a, AUDIT_PREV_MISMATCH);
	unsigned char h[STORE_HASH_SIZE];
	audit_row_hash(a, a->prev_hash, h);
	if (sodium_memcmp(h, a->row_hash, STORE_HASH_SIZE) != 0)
		return broken(v, a, AUDIT_HASH_MISMATCH);
	v->checked++;
	v->last_seq = a->seq;
	memcpy(v->last_hash, a->row_hash, STORE_HASH_SIZE);
	return 0;
}

void audit_verifier_reason(const struct audit_verifier *v, char *buf, size_t cap)
{
	long long expected = (long long)v->last_seq + 1;
	switch (v->broken) {
	case AUDIT_INTACT:
		snprintf(buf, cap, "intact");
		break;
	case AUDIT_GAP:
		if (v->bad_seq > expected && expected + 1 == v->bad_seq)
			snprintf(buf, cap, "gap in sequence (event %lld is missing)", expected);
		else if (v->bad_seq > expected)
			snprintf(buf, cap, "gap in sequence (events %lld to %lld are missing)",
				 expected, (long long)v->bad_seq - 1);
		else
			snprintf(buf, cap, "gap in sequence (expected event %lld)", expected);
		break;
	case AUDIT_PREV_MISMATCH:
		if (v->last_seq == 0)
			snprintf(buf, cap, "prev_hash is not the genesis hash (32 zero bytes)");
		else
			snprintf(buf, cap, "prev_hash does not match event %lld",
				 (long long)v->last_seq);
		break;
	case AUDIT_HASH_MISMATCH:
		snprintf(buf, cap, "hash mismatch");
		break;
	case AUDIT_MALFORMED:
		snprintf(buf, cap, "prev_hash or row_hash is missing or not 32 bytes");
		break;
	}
}

/* ---- use cases ---- */

/* An event of app_read_tx() kept until its read is done: a copy, because
 * what the event points to may be gone by then. */
struct audit_deferred {
	struct audit_deferred *next;
	struct store_audit ev;
	char text[]; /* the copied strings */
};

static int defer(struct app *a, const struct store_audit *ev)
{
	const char *src[] = {ev->actor,   ev->org,         ev->role,
			     ev->action,  ev->object_type, ev->object_id,
			     ev->purpose, ev->outcome,     ev->request_id};
	enum { N = sizeof src / sizeof src[0] };
	size_t len[N], total = 0;
	for (size_t i = 0; i < N; i++) {
		len[i] = src[i] ? strlen(src[i]) + 1 : 0;
		total += len[i];
	}
	struct audit_deferred *d = malloc(sizeof *d + total);
	if (!d) {
		snprintf(a->store->errmsg, sizeof a->store->errmsg, "audit: out of memory");
		return STORE_HARD;
	}
	d->next = NULL;
	d->ev = *ev;
	const char **dst[] = {&d->ev.actor,   &d->ev.org,         &d->ev.role,
			      &d->ev.action,  &d->ev.object_type, &d->ev.object_id,
			      &d->ev.purpose, &d->ev.outcome,     &d->ev.request_id};
	char *p = d->text;
	for (size_t i = 0; i < N; i++) {
		if (!src[i])
			continue;
		memcpy(p, src[i], len[i]);
		*dst[i] = p;
		p += len[i];
	}
	struct audit_deferred **end = &a->audit_deferred;
	while (*end)
		end = &(*end)->next;
	*end = d;
	return STORE_ONE;
}

static void deferred_free(struct app *a)
{
	while (a->audit_deferred) {
		struct audit_deferred *d = a->audit_deferred;
		a->audit_deferred = d->next;
		free(d);
	}
}

int app_read_tx(struct app *a, int (*cb)(struct app *a, void *cls), void *cls)
{
	if (!a->audit_writer)
		return app_tx(a, cb, cls);
	a->audit_defer = true;
	int rc = cb(a, cls);
	a->audit_defer = false;
	for (struct audit_deferred *d = a->audit_deferred; rc >= 0 && d; d = d->next) {
		int w = audit_writer_append(a->audit_writer, &d->ev, a->store->errmsg,
					    sizeof a->store->errmsg);
		if (w < 0)
			rc = w;
	}
	deferred_free(a);
	return rc;
}

int app_audit_event(struct app *a, struct store_audit *ev)
{
	if (a->audit_defer)
		return defer(a, ev);
	struct store *s = a->store;
	int64_t seq = 0;
	unsigned char prev[STORE_HASH_SIZE] = {0};
	int rc;
	if (a->in_tx && a->audit_tail.valid) {
		seq = a->audit_tail.seq;
		memcpy(prev, a->audit_tail.hash, sizeof prev);
	} else {
		rc = s->ops->audit_tail(s, &seq, prev);
		if (rc < 0)
			return rc;
		if (rc == STORE_NONE) {
			seq = 0;
			memset(prev, 0, sizeof prev);
		}
	}
	/* Hash what the store keeps: an empty optional field is stored NULL
	 * (the encoding treats both alike anyway). */
	ev->seq = seq + 1;
	memcpy(ev->prev_hash, prev, sizeof prev);
	audit_row_hash(ev, prev, ev->row_hash);
	rc = s->ops->insert_audit(s, ev);
	if (rc < 0) {
		a->audit_tail.valid = false;
		return rc;
	}
	if (a->in_tx) {
		a->audit_tail.valid = true;
		a->audit_tail.seq = ev->seq;
		memcpy(a->audit_tail.hash, ev->row_hash, STORE_HASH_SIZE);
	}
	return rc;
}

int app_audit(struct app *a, const char *action, const char *object_type, const char *object_id,
	      const char *purpose)
{
	struct store_audit ev = {
		.at = app_now(),
		.actor = a->actor,
		.action = action,
		.object_type = object_type,
		.object_id = object_id,
		.purpose = purpose,
		.outcome = "allowed",
		.request_id = a->request_id,
	};
	if (a->who) {
		ev.org = a->who->org;
		ev.role = a->who->role;
	}
	return app_audit_event(a, &ev);
}

/* Reads the events of one kind (legacy or chained) in pages. */
struct pager {
	store_audit_cb cb;
	void *cls;
	int64_t last; /* id (legacy) or seq (chained) of the last event seen */
	bool legacy;
	int64_t n;
};

static int page_row(void *cls, const struct store_audit *ev)
{
	struct pager *p = cls;
	p->last = p->legacy ? ev->id : ev->seq;
	p->n++;
	return p->cb(p->cls, ev);
}

static int read_all(struct app *a, bool legacy, int64_t from_at, int64_t to_at, store_audit_cb cb,
		    void *cls)
{
	struct store *s = a->store;
	struct pager p = {.cb = cb, .cls = cls, .legacy = legacy};
	for (;;) {
		int64_t before = p.n;
		int rc = s->ops->iterate_audit(s, legacy, p.last, from_at, to_at, AUDIT_PAGE,
					       page_row, &p);
		if (rc != STORE_ONE)
			return rc;
		if (p.n - before < AUDIT_PAGE)
			return STORE_ONE;
	}
}

static int count_legacy(void *cls, const struct store_audit *ev)
{
	(void)ev;
	(*(int64_t *)cls)++;
	return 0;
}

/* A callback result that stops the reading without being an error. */
#define STOP 2

static int verify_row(void *cls, const struct store_audit *ev)
{
	/* Stop at the first break: nothing after it is reported. */
	return audit_verifier_feed(cls, ev) ? STOP : 0;
}

int app_audit_verify(struct app *a, struct audit_report *rep, char *err, size_t errcap)
{
	struct store *s = a->store;
	struct audit_verifier v;
	memset(rep, 0, sizeof *rep);
	audit_verifier_init(&v);
	int rc = read_all(a, true, INT64_MIN, INT64_MAX, count_legacy, &rep->legacy);
	if (rc >= 0)
		rc = read_all(a, false, INT64_MIN, INT64_MAX, verify_row, &v);
	if (rc < 0) {
		snprintf(err, errcap, "%s", s->errmsg);
		return APP_FAIL;
	}
	rep->chained = v.checked;
	rep->intact = v.broken == AUDIT_INTACT;
	if (!rep->intact) {
		rep->bad_seq = v.bad_seq;
		rep->bad_id = v.bad_id;
		audit_verifier_reason(&v, rep->reason, sizeof rep->reason);
	}
	return APP_OK;
}

/* UTC seconds of 00:00 in the Netherlands on day d (TZ, see app_today). */
static int64_t day_start(cdate d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = dd, .tm_isdst = -1};
	return (int64_t)mktime(&tm);
}

int app_audit_export(struct app *a, const cdate *from, const cdate *to, store_audit_cb cb,
		     void *cls, char *err, size_t errcap)
{
	struct store *s = a->store;
	int64_t from_at = from ? day_start(*from) : INT64_MIN;
	int64_t to_at = to ? day_start(date_add_days(*to, 1)) - 1 : INT64_MAX;
	int rc = read_all(a, true, from_at, to_at, cb, cls);
	if (rc >= 0)
		rc = read_all(a, false, from_at, to_at, cb, cls);
	if (rc < 0) {
		snprintf(err, errcap, "%s", s->errmsg);
		return APP_FAIL;
	}
	if (rc > STORE_ONE) {
		snprintf(err, errcap, "the export was stopped");
		return APP_FAIL;
	}
	return APP_OK;
}
