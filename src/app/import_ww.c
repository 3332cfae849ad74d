/* overstap import ww: load UWV's WW benefits file.
 *
 * One pass over the file in constant memory: each row is validated
 * (core/wwrow.c) and, while the file is still clean, written at once inside
 * one transaction. The first invalid row stops the writing but not the
 * validation, so every problem is listed; then the transaction is rolled back
 * (all-or-nothing) unless invalid rows are to be skipped into a rejects file.
 * A file whose SHA-256 was imported before for the same team changes nothing.
 *
 * Reading, validating and encrypting run on the calling thread; the store
 * writes run on a writer thread (app/pipe.c), so the two overlap on two
 * cores. The writer owns the store connection until the file is read. */
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/pipe.h"
#include "core/wwrow.h"
#include "io/csv_in.h"
#include "io/csv_out.h"

#define MAX_FIELDS WW_HEADER_MAX
#define TOO_LONG "longer than 1024 bytes"
_Static_assert(WW_CELL_MAX == 1024, "TOO_LONG names WW_CELL_MAX");
#define MAX_RECORD (4u << 20) /* a record longer than this ends the import */
#define MAX_PROBLEMS_PER_ROW 16
#define PROGRESS_EVERY 16384
#define PIPE_BATCH 512 /* rows handed to the writer thread at a time */
#define PIPE_BATCHES 4

struct importer {
	struct app *a;
	const struct import_opts *o;
	struct import_report *rep;
	const char *org;

	struct ww_header hdr;
	char *header[MAX_FIELDS]; /* the header's cells as written, for messages */
	bool header_seen;
	bool header_bad;

	FILE *rejects;
	bool writing;      /* rows still go to the store */
	int store_rc;      /* first store failure */
	struct pipe *pipe; /* to the writer thread */
	long last_line;    /* for messages after the read */

	struct timespec t0, t_last;
	long rows_last;
};

static double seconds_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void progress(struct importer *im, bool done)
{
	if (!im->o->progress)
		return;
	double since = seconds_since(&im->t_last);
	if (!done && since < 0.5)
		return;
	double total = seconds_since(&im->t0);
	long rows = im->rep->rows;
	fprintf(stderr, "\r%ld rows, %.0f rows/s%s", rows,
		done ? (total > 0 ? (double)rows / total : 0.0)
		     : (double)(rows - im->rows_last) / since,
		done ? "\n" : "   ");
	clock_gettime(CLOCK_MONOTONIC, &im->t_last);
	im->rows_last = rows;
}

static void problem(struct importer *im, long line, const char *field, const char *reason)
{
	im->rep->problems++;
	fprintf(im->o->problems, "%s:%ld: %s: %s\n", im->o->path, line, field, reason);
}

static int read_header(struct importer *im, const struct csv_row *row)
{
	struct ww_header_problem probs[MAX_FIELDS + 2];
	im->header_seen = true;
	int np = wwhdr_map(row->v, row->n, row->too_long, row->count + row->too_many, &im->hdr,
			   probs, MAX_FIELDS + 2);
	for (size_t i = 0; i < im->hdr.n; i++) {
		const char *s = row->v[i];
		size_t n = row->n[i];
		text_trim(&s, &n);
		im->header[i] = strndup(s, n);
		if (!im->header[i])
			return -1;
	}
	for (int i = 0; i < np && i < MAX_FIELDS + 2; i++) {
		const struct ww_header_problem *hp = &probs[i];
		char why[200];
		switch (hp->issue) {
		case WWH_TOO_MANY:
			problem(im, row->line, "header", "too many columns");
			break;
		case WWH_UNKNOWN:
			snprintf(why, sizeof why, "unknown column '%.60s'", im->header[hp->cell]);
			problem(im, row->line, "header", why);
			break;
		case WWH_DUPLICATE:
			snprintf(why, sizeof why, "duplicate column '%.60s' (same as %s)",
				 im->header[hp->cell], wwcol_name(hp->col));
			problem(im, row->line, "header", why);
			break;
		case WWH_MISSING:
			problem(im, row->line, wwcol_name(hp->col), "required column missing");
			break;
		case WWH_BOTH:
			problem(im, row->line, wwcol_name(hp->col),
				"give ww_end or ww_months, not both");
			break;
		}
	}
	im->header_bad = np != 0;
	if (im->rejects && !im->header_bad) {
		for (size_t i = 0; i < im->hdr.n; i++)
			csv_out_cell(im->rejects, im->header[i], strlen(im->header[i]), i == 0);
		csv_out_cell(im->rejects, "reason", 6, false);
		csv_out_end(im->rejects);
	}
	return 0;
}

static bool gemeente_known(const char *code, void *cls)
{
	return gemeenten_find(cls, code) != NULL;
}

/* Called by the store for each benefit whose end date the file changed. */
static int record_end_change(void *cls, const struct store_ww_change *c)
{
	struct importer *im = cls;
	im->rep->end_changes++;
	if (c->route_id == 0)
		return STORE_ONE; /* no route yet: nothing to tell */
	char o[DATE_ISO_SIZE], n[DATE_ISO_SIZE], data[160];
	date_format_iso(c->old_end, o);
	date_format_iso(c->new_end, n);
	snprintf(data, sizeof data, "{\"old_end\":\"%s\",\"new_end\":\"%s\",\"import_id\":%lld}", o,
		 n, (long long)im->rep->import_id);
	struct store_event ev = {
		.route_id = c->route_id,
		.at = app_now(),
		.kind = "ww_end_changed",
		.actor = im->a->actor,
		.data = data,
	};
	return im->a->store->ops->insert_event(im->a->store, &ev);
}

/* A validated row with its BSN already protected, on its way to the writer. */
struct pending {
	struct ww_record rec;
	unsigned char bsn_index[STORE_BSN_INDEX_SIZE];
	unsigned char bsn_enc[STORE_BSN_ENC_MAX];
	size_t bsn_enc_len;
};

/* Runs on the writer thread, which owns the store while the file is read. */
static int write_pending(void *cls, void *item)
{
	struct importer *im = cls;
	struct pending *pd = item;
	const struct ww_record *r = &pd->rec;
	struct store *s = im->a->store;
	struct store_person p = {
		.bsn_enc_len = pd->bsn_enc_len,
		.family_name = r->family_name,
		.given_names = r->given_names,
		.birth_date = r->birth_date,
		.postcode = r->postcode,
		.house_number = r->house_number,
		.gemeente = r->gemeente,
		.email = r->email,
		.phone = r->phone,
		.language = r->language,
	};
	memcpy(p.bsn_index, pd->bsn_index, sizeof p.bsn_index);
	memcpy(p.bsn_enc, pd->bsn_enc, pd->bsn_enc_len);
	struct store_ww w = {
		.org = im->org,
		.start = r->ww_start,
		.end = r->ww_end,
		.daily_wage_cents = r->daily_wage_cents,
		.import_id = im->rep->import_id,
	};
	int rc = s->ops->ww_load_add(s, &p, &w);
	return rc < 0 ? rc : 0;
}

/* Appends "field: reason" to the rejects file's reason cell. */
static void add_reason(char *buf, size_t cap, size_t *len, const char *field, const char *reason)
{
	if (*len >= cap)
		return;
	int k = snprintf(buf + *len, cap - *len, "%s%s: %s", *len ? "; " : "", field, reason);
	if (k > 0)
		*len = *len + (size_t)k < cap ? *len + (size_t)k : cap;
}

static void reject(struct importer *im, const struct csv_row *row, const char *reasons)
{
	im->rep->rejected++;
	if (!im->rejects)
		return;
	for (size_t i = 0; i < im->hdr.n; i++) {
		const char *v = i < row->count ? row->v[i] : "";
		csv_out_cell(im->rejects, v, strlen(v), i == 0);
	}
	csv_out_cell(im->rejects, reasons, strlen(reasons), false);
	csv_out_end(im->rejects);
}

static int on_row(void *cls, const struct csv_row *row)
{
	struct importer *im = cls;
	im->last_line = row->line;
	if (!im->header_seen)
		return read_header(im, row);
	if (im->header_bad)
		return 0; /* only the header's problems are worth reporting */
	im->rep->rows++;

	struct ww_cells cells = {0};
	struct ww_problem probs[MAX_PROBLEMS_PER_ROW];
	int np = 0;
	char reasons[1024] = "";
	size_t rlen = 0;
	if (row->count != im->hdr.n || row->too_many) {
		char why[96];
		snprintf(why, sizeof why, "row has %s%zu fields, the header has %zu",
			 row->too_many ? "more than " : "", row->count, im->hdr.n);
		problem(im, row->line, "row", why);
		add_reason(reasons, sizeof reasons, &rlen, "row", why);
		np = -1;
	} else {
		for (size_t i = 0; i < row->count; i++) {
			if (row->too_long[i]) {
				problem(im, row->line, im->header[i], TOO_LONG);
				add_reason(reasons, sizeof reasons, &rlen, im->header[i], TOO_LONG);
				np = -1;
			}
		}
		wwhdr_cells(&im->hdr, row->v, row->n, &cells);
	}

	struct ww_record rec;
	if (np == 0) {
		struct ww_rules rules = {
			.gemeente_known = gemeente_known,
			.cls = &im->a->gemeenten,
			.figures = &im->a->figures,
		};
		np = wwrow_validate(&cells, &rules, &rec, probs, MAX_PROBLEMS_PER_ROW);
		for (int i = 0; i < np && i < MAX_PROBLEMS_PER_ROW; i++) {
			const char *field = wwcol_name(probs[i].col);
			for (size_t h = 0; h < im->hdr.n; h++)
				if (im->hdr.col[h] == (int)probs[i].col)
					field = im->header[h];
			problem(im, row->line, field, probs[i].reason);
			add_reason(reasons, sizeof reasons, &rlen, field, probs[i].reason);
		}
	}
	if (np != 0) {
		if (!im->o->rejects_path)
			im->writing = false; /* all-or-nothing: nothing will be kept */
		reject(im, row, reasons);
	} else if (im->writing) {
		struct pending pd = {.rec = rec};
		pii_bsn_index(&im->a->keys, rec.bsn, pd.bsn_index);
		pii_bsn_encrypt(&im->a->keys, rec.bsn, pd.bsn_enc, &pd.bsn_enc_len);
		int rc = pipe_push(im->pipe, &pd);
		sodium_memzero(&pd, sizeof pd);
		if (rc < 0) {
			im->store_rc = rc;
			sodium_memzero(&rec, sizeof rec);
			return 1;
		}
	}
	sodium_memzero(&rec, sizeof rec);
	if (im->rep->rows % PROGRESS_EVERY == 0)
		progress(im, false);
	return 0;
}

static int file_sha256(FILE *f, char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char buf[65536], h[crypto_hash_sha256_BYTES];
	size_t n;
	crypto_hash_sha256_init(&st);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_hash_sha256_update(&st, buf, n);
	if (ferror(f))
		return -1;
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof h);
	return fseek(f, 0, SEEK_SET);
}

static const char *csv_status_text(const struct csv_in_result *res)
{
	return res->message[0] ? res->message : "cannot read the file";
}

/* Returns an app status; the transaction is open on entry when writing. */
static int run_import(struct importer *im, FILE *f, char *err, size_t errcap)
{
	struct csv_in_opts copts = {
		.max_field = WW_CELL_MAX,
		.max_fields = MAX_FIELDS,
		.max_record = MAX_RECORD,
		.on_row = on_row,
		.cls = im,
	};
	struct csv_in_result res;
	im->pipe = pipe_start(sizeof(struct pending), PIPE_BATCH, PIPE_BATCHES, write_pending, im);
	if (!im->pipe) {
		snprintf(err, errcap, "cannot start the writer thread");
		return APP_FAIL;
	}
	enum csv_in_status st = csv_in_read(f, &copts, &res);
	int prc = pipe_finish(im->pipe);
	im->pipe = NULL;
	if (prc < 0 && im->store_rc == 0)
		im->store_rc = prc;
	progress(im, true);
	if (im->store_rc < 0) {
		snprintf(err, errcap, "database: %s", im->a->store->errmsg);
		return APP_FAIL;
	}
	if (st != CSV_IN_OK) {
		fprintf(im->o->problems, "%s:%ld: file: %s\n", im->o->path, res.line,
			csv_status_text(&res));
		im->rep->problems++;
		return st == CSV_IN_IO || st == CSV_IN_NOMEM ? APP_FAIL : APP_INVALID;
	}
	if (!im->header_seen) {
		fprintf(im->o->problems, "%s:1: file: empty file: a header row is required\n",
			im->o->path);
		im->rep->problems++;
		return APP_INVALID;
	}
	if (im->header_bad)
		return APP_INVALID;
	if (im->rep->problems > 0 && !im->o->rejects_path)
		return APP_INVALID;
	return APP_OK;
}

static int finish_import(struct importer *im, struct store_import *run)
{
	struct store *s = im->a->store;
	struct store_ww_load load;
	int rc = s->ops->ww_load_end(s, &load, record_end_change, im);
	if (rc < 0)
		return rc;
	im->rep->inserted = load.inserted;
	im->rep->updated = load.updated;
	im->rep->unchanged = load.unchanged;
	run->finished_at = app_now();
	run->rows_total = im->rep->rows;
	run->rows_inserted = im->rep->inserted;
	run->rows_updated = im->rep->updated;
	run->rows_unchanged = im->rep->unchanged;
	run->rows_rejected = im->rep->rejected;
	rc = s->ops->update_import(s, run);
	if (rc < 0)
		return rc;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)run->id);
	return app_audit(im->a, "import_ww", "import_run", id, "max-ww signalling");
}

int app_import_ww(struct app *a, const struct import_opts *o, struct import_report *rep, char *err,
		  size_t errcap)
{
	struct store *s = a->store;
	struct importer im = {.a = a, .o = o, .rep = rep, .writing = true};
	struct store_org owner;
	bool in_tx = false;
	int status = APP_FAIL;
	memset(rep, 0, sizeof *rep);
	im.org = o->org ? o->org : APP_DEFAULT_UWV_ORG;

	FILE *f = fopen(o->path, "rb");
	if (!f) {
		snprintf(err, errcap, "%s: %s", o->path, strerror(errno));
		return errno == ENOENT ? APP_INVALID : APP_FAIL;
	}
	int rc = s->ops->get_org(s, im.org, &owner);
	if (rc < 0) {
		snprintf(err, errcap, "database: %s", s->errmsg);
		goto cleanup;
	}
	if (rc == STORE_NONE || owner.kind != ORG_UWV) {
		snprintf(err, errcap,
			 "%s is not a UWV organisation (add it with: overstap org add "
			 "--code %s --kind uwv --name NAME)",
			 im.org, im.org);
		status = APP_INVALID;
		goto cleanup;
	}
	if (file_sha256(f, rep->sha256) != 0) {
		snprintf(err, errcap, "%s: cannot read the file (it must be a regular file)",
			 o->path);
		goto cleanup;
	}
	struct store_import prev;
	rc = s->ops->find_import(s, "ww", im.org, rep->sha256, &prev);
	if (rc < 0) {
		snprintf(err, errcap, "database: %s", s->errmsg);
		goto cleanup;
	}
	if (rc == STORE_ONE) {
		rep->already = true;
		rep->import_id = prev.id;
		rep->rows = prev.rows_total;
		status = APP_OK;
		goto cleanup;
	}
	if (o->rejects_path) {
		im.rejects = fopen(o->rejects_path, "wb");
		if (!im.rejects) {
			snprintf(err, errcap, "%s: %s", o->rejects_path, strerror(errno));
			goto cleanup;
		}
	}

	const char *base = strrchr(o->path, '/');
	struct store_import run = {
		.kind = "ww",
		.file_name = base ? base + 1 : o->path,
		.sha256 = rep->sha256,
		.org = im.org,
		.actor = a->actor,
		.started_at = app_now(),
	};
	if (s->ops->begin_write(s) < 0 || (in_tx = true, s->ops->insert_import(s, &run) < 0) ||
	    s->ops->ww_load_begin(s) < 0) {
		snprintf(err, errcap, "database: %s", s->errmsg);
		goto cleanup;
	}
	rep->import_id = run.id;
	clock_gettime(CLOCK_MONOTONIC, &im.t0);
	im.t_last = im.t0;

	status = run_import(&im, f, err, errcap);
	if (status != APP_OK)
		goto cleanup;
	if (im.rejects && fflush(im.rejects) != 0) {
		snprintf(err, errcap, "%s: %s", o->rejects_path, strerror(errno));
		status = APP_FAIL;
		goto cleanup;
	}
	if (finish_import(&im, &run) < 0 || s->ops->commit(s) < 0) {
		snprintf(err, errcap, "database: %s", s->errmsg);
		status = APP_FAIL;
		goto cleanup;
	}
	in_tx = false;
	status = APP_OK;

cleanup:
	if (in_tx)
		s->ops->rollback(s);
	if (status != APP_OK) {
		/* Nothing was kept, so nothing counts as imported. */
		rep->inserted = rep->updated = rep->unchanged = rep->end_changes = 0;
	}
	if (im.rejects && fclose(im.rejects) != 0 && status == APP_OK) {
		snprintf(err, errcap, "%s: %s", o->rejects_path, strerror(errno));
		status = APP_FAIL;
	}
	if (im.rejects && status != APP_OK)
		unlink(o->rejects_path); /* no half rejects file beside a refused import */
	for (size_t i = 0; i < im.hdr.n; i++)
		free(im.header[i]);
	fclose(f);
	return status;
}
