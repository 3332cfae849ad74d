/* Legal figures as data: each value has a name, a date it applies from and a
 * source, read from data/figures.csv (embedded in the binary at build time).
 *
 * Text format, one figure per line, '#' starts a comment line:
 *   name,valid_from,value,source
 *   ww.duration.min_months,2006-10-01,3,https://...
 * value is an integer (months, days, cents ...); the unit is in the name. */
#ifndef OVERSTAP_CORE_FIGURES_H
#define OVERSTAP_CORE_FIGURES_H

#include <stddef.h>
#include <stdint.h>
#include "core/date.h"

#define FIGURE_NAME_MAX 63

struct figure {
	char name[FIGURE_NAME_MAX + 1];
	cdate valid_from;
	int64_t value;
};

struct figures {
	struct figure *rows; /* owned; sorted by name, then valid_from */
	size_t n;
};

/* Parses the text. Returns 0, or -1 with a message "line N: reason" in err.
 * On success the caller frees with figures_free(). */
int figures_parse(const char *text, size_t n, struct figures *out, char *err, size_t errcap);
void figures_free(struct figures *f);

/* The value of name in force on date on: the row with the latest valid_from
 * not after on. Returns 0 and sets *value, or -1 when none applies. */
int figures_at(const struct figures *f, const char *name, cdate on, int64_t *value);

#endif
