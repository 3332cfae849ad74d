/* One row of a WW benefits file: column names, and validation of the text of
 * each cell into a typed record. Pure: the caller supplies the cells and a
 * way to know which municipality codes exist. */
#ifndef OVERSTAP_CORE_WWROW_H
#define OVERSTAP_CORE_WWROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/bsn.h"
#include "core/date.h"
#include "core/figures.h"
#include "core/text.h"

enum wwcol {
	WWC_BSN,
	WWC_FAMILY_NAME,
	WWC_GIVEN_NAMES,
	WWC_BIRTH_DATE,
	WWC_GEMEENTE_CODE,
	WWC_POSTCODE,
	WWC_HOUSE_NUMBER,
	WWC_WW_START,
	WWC_WW_END,
	WWC_WW_MONTHS,
	WWC_DAILY_WAGE,
	WWC_EMAIL,
	WWC_PHONE,
	WWC_LANGUAGE,
	WWC_COUNT
};

/* Field length limits in bytes (UTF-8). */
#define WW_NAME_MAX 200
#define WW_HOUSE_NUMBER_MAX 16
#define WW_EMAIL_MAX 254
#define WW_PHONE_MAX 32
#define WW_LANGUAGE_MAX 3
#define WW_GEMEENTE_SIZE 7 /* "GM0363" + NUL */
/* Longest cell accepted at all; longer cells are refused before parsing. */
#define WW_CELL_MAX 1024

/* Canonical (English) column name, e.g. "family_name". */
const char *wwcol_name(enum wwcol c);

/* Column for a header cell: English name or Dutch alias, case-insensitive,
 * surrounding spaces ignored. Returns -1 when unknown. */
int wwcol_lookup(const char *s, size_t n);

struct ww_cells {
	const char *v[WWC_COUNT]; /* NULL when the column is absent */
	size_t n[WWC_COUNT];
};

struct ww_record {
	char bsn[BSN_SIZE];
	char family_name[WW_NAME_MAX + 1];
	char given_names[WW_NAME_MAX + 1];
	cdate birth_date;
	char gemeente[WW_GEMEENTE_SIZE];
	char postcode[POSTCODE_SIZE];
	char house_number[WW_HOUSE_NUMBER_MAX + 1];
	cdate ww_start;
	cdate ww_end;
	int64_t daily_wage_cents;           /* -1 when not given */
	char email[WW_EMAIL_MAX + 1];       /* "" when not given */
	char phone[WW_PHONE_MAX + 1];       /* "" when not given */
	char language[WW_LANGUAGE_MAX + 1]; /* "" when not given; lower case */
	bool has_formula;                   /* some text cell starts like a spreadsheet formula */
};

struct ww_problem {
	enum wwcol col;
	const char *reason; /* static English text */
};

struct ww_rules {
	/* Returns true when code ("GM0363") is a known municipality. */
	bool (*gemeente_known)(const char *code, void *cls);
	void *cls;
	/* Legal figures; durations are checked with the figures in force on the
	 * WW start date (ww.duration.min_months, ww.duration.max_months). */
	const struct figures *figures;
};

/* Validates one row. Writes at most max problems and returns how many there
 * were (0 means *out is complete and valid). */
int wwrow_validate(const struct ww_cells *in, const struct ww_rules *rules, struct ww_record *out,
		   struct ww_problem *problems, int max);

/* Checks a header: every required column present (ww_end or ww_months, not
 * both). Returns 0, or -1 and sets *missing to the first missing column, or
 * *missing = WWC_WW_END with *both = true when both end and months are given. */
int wwcol_check_required(const bool present[WWC_COUNT], enum wwcol *missing, bool *both);

/* ---- the header row ---- */

#define WW_HEADER_MAX 32 /* cells a header may have */

struct ww_header {
	int col[WW_HEADER_MAX]; /* cell index -> enum wwcol, -1 when not mapped */
	size_t n;               /* cells in the header */
};

enum ww_header_issue {
	WWH_UNKNOWN,   /* cell is no known column name */
	WWH_DUPLICATE, /* cell names a column an earlier cell named (col) */
	WWH_MISSING,   /* required column col is absent */
	WWH_BOTH,      /* both ww_end and ww_months are present */
	WWH_TOO_MANY,  /* more than WW_HEADER_MAX cells */
};

struct ww_header_problem {
	enum ww_header_issue issue;
	size_t cell;    /* the cell, for WWH_UNKNOWN and WWH_DUPLICATE */
	enum wwcol col; /* the column, for WWH_DUPLICATE and WWH_MISSING */
};

/* Maps the header's cells to columns (wwcol_lookup; a too_long cell is
 * unknown) and checks the required ones when every cell is known. Writes at
 * most max problems and returns how many there were: 0 means h can be used. */
int wwhdr_map(const char *const *v, const size_t *n, const bool *too_long, size_t count,
	      struct ww_header *h, struct ww_header_problem *problems, int max);

/* Puts the cells of a data row with h->n cells into their columns. */
void wwhdr_cells(const struct ww_header *h, const char *const *v, const size_t *n,
		 struct ww_cells *out);

#endif
