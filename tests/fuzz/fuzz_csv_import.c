/* libFuzzer target: the WW import's reading and validation without a
 * database. The input bytes go through csv_in_read (via fmemopen) with the
 * import's limits; the first record is mapped to columns with wwcol_lookup
 * and checked with wwcol_check_required, every later record is validated
 * with wwrow_validate, as src/app/import_ww.c does. Beyond the sanitizers,
 * the invariants the import relies on are checked and abort when broken. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bsn.h"
#include "core/figures.h"
#include "core/text.h"
#include "core/wwrow.h"
#include "io/csv_in.h"

/* The import's limits (src/app/import_ww.c). */
#define MAX_FIELDS WW_HEADER_MAX
#define MAX_RECORD (4u << 20)
#define MAX_PROBLEMS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char figures_text[] = "ww.duration.min_months,2006-10-01,3,test\n"
				   "ww.duration.max_months,2006-10-01,38,test\n"
				   "ww.duration.max_months,2019-04-01,24,test\n";

static struct figures figs;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* A few municipalities exist: GM0363, GM0599 and every code ending in 0. */
static bool fake_gemeente_known(const char *code, void *cls)
{
	(void)cls;
	CHECK(strlen(code) == 6 && code[0] == 'G' && code[1] == 'M');
	return strcmp(code, "GM0363") == 0 || strcmp(code, "GM0599") == 0 || code[5] == '0';
}

struct state {
	bool header_seen, header_bad;
	struct ww_header hdr;
	long last_line;
	long records;
	uint64_t bytes_seen;
};

static void on_bytes(void *cls, const void *buf, size_t n)
{
	(void)buf;
	((struct state *)cls)->bytes_seen += n;
}

static void read_header(struct state *st, const struct csv_row *row)
{
	struct ww_header_problem probs[MAX_FIELDS + 2];
	st->header_seen = true;
	int np = wwhdr_map(row->v, row->n, row->too_long, row->count + row->too_many, &st->hdr,
			   probs, MAX_FIELDS + 2);
	CHECK(np >= 0 && st->hdr.n == row->count);
	for (int i = 0; i < np && i < MAX_FIELDS + 2; i++) {
		CHECK(probs[i].cell < row->count || probs[i].issue == WWH_MISSING ||
		      probs[i].issue == WWH_BOTH || probs[i].issue == WWH_TOO_MANY);
		CHECK((int)probs[i].col >= 0 && probs[i].col < WWC_COUNT);
	}
	for (size_t i = 0; i < st->hdr.n; i++)
		CHECK(st->hdr.col[i] >= -1 && st->hdr.col[i] < WWC_COUNT);
	st->header_bad = np != 0;
}

static bool text_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	return n <= max && text_utf8_valid(s, n) && !text_has_control(s, n);
}

static void check_record(const struct ww_record *r)
{
	CHECK(bsn_valid(r->bsn));
	CHECK(r->family_name[0] && text_ok(r->family_name, WW_NAME_MAX));
	CHECK(r->given_names[0] && text_ok(r->given_names, WW_NAME_MAX));
	CHECK(r->house_number[0] >= '0' && r->house_number[0] <= '9');
	CHECK(text_ok(r->house_number, WW_HOUSE_NUMBER_MAX));
	CHECK(text_ok(r->email, WW_EMAIL_MAX));
	CHECK(text_ok(r->phone, WW_PHONE_MAX));
	CHECK(text_ok(r->language, WW_LANGUAGE_MAX));
	CHECK(strlen(r->postcode) == 7);
	CHECK(fake_gemeente_known(r->gemeente, NULL));
	CHECK(r->birth_date < r->ww_start);
	CHECK(r->ww_start < r->ww_end);
	CHECK(r->daily_wage_cents >= -1);
}

static int on_row(void *cls, const struct csv_row *row)
{
	struct state *st = cls;
	/* Records may share a line: libcsv also ends a record at a bare CR. */
	CHECK(row->line >= 1 && row->line >= st->last_line);
	CHECK(row->count <= MAX_FIELDS);
	CHECK(row->too_many || row->count >= 1);
	for (size_t i = 0; i < row->count; i++) {
		CHECK(row->v[i][row->n[i]] == '\0');
		CHECK(row->n[i] <= WW_CELL_MAX);
		CHECK(!row->too_long[i] || row->n[i] == 0);
		CHECK(text_utf8_valid(row->v[i], row->n[i]));
	}
	st->last_line = row->line;
	st->records++;
	if (!st->header_seen) {
		read_header(st, row);
		return 0;
	}
	if (st->header_bad || row->too_many || row->count != st->hdr.n)
		return 0;
	for (size_t i = 0; i < row->count; i++)
		if (row->too_long[i])
			return 0; /* the import refuses the row before validation */
	struct ww_cells cells;
	wwhdr_cells(&st->hdr, row->v, row->n, &cells);
	struct ww_rules rules = {
		.gemeente_known = fake_gemeente_known,
		.figures = &figs,
	};
	struct ww_record rec;
	struct ww_problem probs[MAX_PROBLEMS];
	int np = wwrow_validate(&cells, &rules, &rec, probs, MAX_PROBLEMS);
	CHECK(np >= 0);
	for (int i = 0; i < np && i < MAX_PROBLEMS; i++) {
		CHECK((int)probs[i].col >= 0 && probs[i].col < WWC_COUNT);
		CHECK(probs[i].reason && probs[i].reason[0]);
		CHECK(strchr(probs[i].reason, '\n') == NULL);
	}
	if (np == 0)
		check_record(&rec);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		char err[160];
		if (figures_parse(figures_text, strlen(figures_text), &figs, err, sizeof err) !=
		    0) {
			fprintf(stderr, "figures: %s\n", err);
			abort();
		}
		ready = true;
	}
	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer */
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	struct state st = {0};
	struct csv_in_opts o = {
		.max_field = WW_CELL_MAX,
		.max_fields = MAX_FIELDS,
		.max_record = MAX_RECORD,
		.on_row = on_row,
		.on_bytes = on_bytes,
		.cls = &st,
	};
	struct csv_in_result res;
	enum csv_in_status s = csv_in_read(f, &o, &res);
	fclose(f);
	CHECK(s == res.status);
	CHECK(s != CSV_IN_STOPPED && s != CSV_IN_IO && s != CSV_IN_NOMEM);
	CHECK(res.records == st.records);
	CHECK(st.bytes_seen == res.bytes && res.bytes <= size);
	CHECK(s != CSV_IN_OK || res.bytes == size);
	CHECK(res.delim == ',' || res.delim == ';');
	if (s != CSV_IN_OK)
		CHECK(res.message[0] != '\0' && res.line >= 1);
	return 0;
}
