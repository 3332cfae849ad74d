/* Streaming CSV reader on libcsv; see csv_in.h.
 *
 * libcsv does the quoting; this file adds what it lacks: line numbers,
 * encoding checks, delimiter detection and memory bounds. Each chunk read is
 * fed to libcsv one physical line at a time, so the reader knows on which line
 * every record starts without a second pass. */
#include "io/csv_in.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define CHUNK_SIZE 65536

struct reader {
	struct csv_parser p;
	const struct csv_in_opts *o;
	struct csv_in_result *res;

	/* The record being assembled: field texts back to back, NUL-separated. */
	char *buf;
	size_t buf_len, buf_cap;
	size_t *off;
	size_t *len;
	bool *too_long;
	const char **v;
	size_t count;
	bool too_many;

	long line;        /* physical line being fed */
	long rec_line;    /* line where the current record started */
	bool in_record;   /* bytes of a record have been fed */
	bool cr_pending;  /* the last byte fed was a CR: an LF next completes it */
	size_t rec_bytes; /* bytes fed for the current record */
	bool stopped;     /* stop reading: res->status says why */
};

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void fail(struct reader *r, enum csv_in_status st, long line, const char *msg)
{
	if (r->stopped)
		return;
	r->stopped = true;
	r->res->status = st;
	r->res->line = line;
	snprintf(r->res->message, sizeof r->res->message, "%s", msg);
}

static bool buf_reserve(struct reader *r, size_t extra)
{
	if (r->buf_cap - r->buf_len >= extra)
		return true;
	size_t cap = r->buf_cap ? r->buf_cap : 4096;
	while (cap - r->buf_len < extra)
		cap *= 2;
	char *nb = realloc(r->buf, cap);
	if (!nb)
		return false;
	r->buf = nb;
	r->buf_cap = cap;
	return true;
}

static void on_field(void *s, size_t n, void *data)
{
	struct reader *r = data;
	if (r->stopped)
		return;
	if (!text_utf8_valid(s, n)) {
		fail(r, CSV_IN_ENCODING, r->rec_line,
		     "the file is not UTF-8: save it as UTF-8 (CSV UTF-8) and try again");
		return;
	}
	if (r->count >= r->o->max_fields) {
		r->too_many = true;
		return;
	}
	bool long_field = n > r->o->max_field;
	size_t keep = long_field ? 0 : n;
	if (!buf_reserve(r, keep + 1)) {
		fail(r, CSV_IN_NOMEM, r->rec_line, "out of memory");
		return;
	}
	r->off[r->count] = r->buf_len;
	r->len[r->count] = keep;
	r->too_long[r->count] = long_field;
	if (keep)
		memcpy(r->buf + r->buf_len, s, keep);
	r->buf_len += keep;
	r->buf[r->buf_len++] = '\0';
	r->count++;
}

static void on_record(int c, void *data)
{
	struct reader *r = data;
	(void)c;
	if (!r->stopped) {
		for (size_t i = 0; i < r->count; i++)
			r->v[i] = r->buf + r->off[i];
		struct csv_row row = {
			.count = r->count,
			.v = r->v,
			.n = r->len,
			.too_long = r->too_long,
			.too_many = r->too_many,
			.line = r->rec_line,
		};
		r->res->records++;
		int rc = r->o->on_row(r->o->cls, &row);
		if (rc != 0) {
			r->stopped = true;
			r->res->status = CSV_IN_STOPPED;
			r->res->stop_value = rc;
			r->res->line = r->rec_line;
		}
	}
	r->count = 0;
	r->buf_len = 0;
	r->too_many = false;
	r->in_record = false;
	r->rec_bytes = 0;
}

/* ',' or ';', whichever occurs more often outside quotes on the first line. */
static char detect_delim(const char *s, size_t n)
{
	size_t commas = 0, semis = 0;
	bool quoted = false;
	for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == ',')
			commas++;
		else if (!quoted && s[i] == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

static bool has_content(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\r' && s[i] != '\n')
			return true;
	return false;
}

/* Length of the next physical line in s, with its end: LF, CRLF, or a lone
 * CR (old Macintosh files). *eol says whether a line end was found. */
static size_t next_line(const char *s, size_t n, bool *eol)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			*eol = true;
			return i + 1;
		}
		if (s[i] == '\r') {
			*eol = true;
			return i + 1 < n && s[i + 1] == '\n' ? i + 2 : i + 1;
		}
	}
	*eol = false;
	return n;
}

/* Feeds one chunk, a physical line at a time. */
static void feed(struct reader *r, const char *s, size_t n)
{
	while (n > 0 && !r->stopped) {
		bool eol;
		size_t seg;
		if (r->cr_pending && s[0] == '\n') {
			seg = 1; /* the LF of a CRLF split between two chunks */
			eol = false;
		} else {
			seg = next_line(s, n, &eol);
		}
		if (!r->in_record && has_content(s, seg)) {
			r->in_record = true;
			r->rec_line = r->line;
		}
		if (csv_parse(&r->p, s, seg, on_field, on_record, r) != seg) {
			fail(r, CSV_IN_SYNTAX, r->line,
			     "malformed quoting: a quote must open and close a whole field, "
			     "and a quote inside a field is written twice");
			return;
		}
		if (r->in_record) {
			r->rec_bytes += seg;
			if (r->rec_bytes > r->o->max_record)
				fail(r, CSV_IN_TOO_LONG, r->rec_line,
				     "record is too long (a quote may be missing)");
		}
		if (eol)
			r->line++;
		r->cr_pending = s[seg - 1] == '\r';
		s += seg;
		n -= seg;
	}
}

enum csv_in_status csv_in_read(FILE *f, const struct csv_in_opts *o, struct csv_in_result *res)
{
	struct reader r = {.o = o, .res = res, .line = 1};
	char *chunk = NULL;
	memset(res, 0, sizeof *res);
	res->status = CSV_IN_OK;

	if (csv_init(&r.p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fail(&r, CSV_IN_NOMEM, 0, "out of memory");
		goto cleanup;
	}
	csv_set_space_func(&r.p, no_space);
	csv_set_blk_size(&r.p, 65536); /* libcsv grows fields by 128 bytes otherwise */
	chunk = malloc(CHUNK_SIZE);
	r.off = calloc(o->max_fields, sizeof *r.off);
	r.len = calloc(o->max_fields, sizeof *r.len);
	r.too_long = calloc(o->max_fields, sizeof *r.too_long);
	r.v = calloc(o->max_fields, sizeof *r.v);
	if (!chunk || !r.off || !r.len || !r.too_long || !r.v) {
		fail(&r, CSV_IN_NOMEM, 0, "out of memory");
		goto cleanup;
	}

	bool first = true;
	size_t got;
	while (!r.stopped && (got = fread(chunk, 1, CHUNK_SIZE, f)) > 0) {
		const char *s = chunk;
		size_t n = got;
		res->bytes += got;
		if (o->on_bytes)
			o->on_bytes(o->cls, chunk, got);
		if (first) {
			first = false;
			if (n >= 2 &&
			    (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0)) {
				fail(&r, CSV_IN_ENCODING, 1,
				     "the file is UTF-16: save it as UTF-8 (CSV UTF-8) and try "
				     "again");
				break;
			}
			if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
				res->bom = true;
				s += 3;
				n -= 3;
			}
			res->delim = o->delim ? o->delim : detect_delim(s, n);
			csv_set_delim(&r.p, (unsigned char)res->delim);
		}
		feed(&r, s, n);
	}
	if (!r.stopped && ferror(f))
		fail(&r, CSV_IN_IO, r.line, "read error");
	if (!r.stopped && csv_fini(&r.p, on_field, on_record, &r) != 0)
		fail(&r, CSV_IN_SYNTAX, r.rec_line,
		     "a quoted field is not closed at the end of the file");
	if (!res->delim)
		res->delim = o->delim ? o->delim : ',';

cleanup:
	csv_free(&r.p);
	free(chunk);
	free(r.buf);
	free(r.off);
	free(r.len);
	free(r.too_long);
	free(r.v);
	return res->status;
}
