/* Legal figures as data (figures.h).
 *
 * Lines are "name,valid_from,value,source", exactly four fields: a fifth is
 * refused so that "3,5" (a Dutch decimal comma) cannot pass as 3 with a
 * source "5,..."; write a comma inside a URL as %2C. The source must not be
 * empty. Spaces around fields are ignored. Blank lines and lines starting
 * with '#' are skipped, as is one header line "name,valid_from,value,source"
 * before the first figure. A UTF-8 BOM at the start and a CR before each LF
 * are allowed. Names use a-z, 0-9, '.' and '_'. */
#include "core/figures.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define HEADER_LINE "name,valid_from,value,source"

/* A figure and the line it came from, while parsing. */
struct pending {
	struct figure fig;
	size_t line;
};

static void set_err(char *err, size_t errcap, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set_err(char *err, size_t errcap, size_t line, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (!err || errcap == 0)
		return;
	k = snprintf(err, errcap, "line %zu: ", line);
	if (k < 0 || (size_t)k >= errcap)
		return;
	va_start(ap, fmt);
	vsnprintf(err + k, errcap - (size_t)k, fmt, ap);
	va_end(ap);
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
}

/* An optional '-' and decimal digits that fit an int64_t. */
static int parse_int64(const char *s, size_t n, int64_t *out)
{
	char buf[24];
	char *end;
	long long v;
	size_t i = 0;

	if (n == 0 || n >= sizeof buf)
		return -1;
	if (s[0] == '-')
		i = 1;
	if (i == n)
		return -1;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno == ERANGE || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a;
	const struct pending *y = b;
	int c = strcmp(x->fig.name, y->fig.name);

	if (c)
		return c;
	if (x->fig.valid_from != y->fig.valid_from)
		return x->fig.valid_from < y->fig.valid_from ? -1 : 1;
	return x->line < y->line ? -1 : (x->line > y->line);
}

/* Parses one figure line (without its line end). Returns 0 or -1 with err. */
static int parse_line(const char *s, size_t n, size_t lineno, struct pending *p, char *err,
		      size_t errcap)
{
	const char *field[3];
	size_t len[3];
	const char *rest = s;
	size_t left = n;
	const char *src;
	size_t srcn;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f) {
			set_err(err, errcap, lineno, "control character in the line");
			return -1;
		}
	}
	for (int f = 0; f < 3; f++) {
		const char *comma = memchr(rest, ',', left);

		if (!comma) {
			set_err(err, errcap, lineno, "expected name,valid_from,value,source");
			return -1;
		}
		field[f] = rest;
		len[f] = (size_t)(comma - rest);
		text_trim(&field[f], &len[f]);
		left -= (size_t)(comma - rest) + 1;
		rest = comma + 1;
	}
	src = rest;
	srcn = left;
	text_trim(&src, &srcn);
	if (memchr(src, ',', srcn)) {
		set_err(err, errcap, lineno,
			"more than 4 fields (expected name,valid_from,value,source)");
		return -1;
	}

	if (len[0] == 0) {
		set_err(err, errcap, lineno, "empty name");
		return -1;
	}
	if (len[0] > FIGURE_NAME_MAX) {
		set_err(err, errcap, lineno, "name longer than %d characters", FIGURE_NAME_MAX);
		return -1;
	}
	for (size_t i = 0; i < len[0]; i++) {
		if (!name_char(field[0][i])) {
			set_err(err, errcap, lineno, "name may only hold a-z, 0-9, '.' and '_'");
			return -1;
		}
	}
	memcpy(p->fig.name, field[0], len[0]);
	p->fig.name[len[0]] = '\0';
	if (date_parse(field[1], len[1], &p->fig.valid_from) < 0) {
		set_err(err, errcap, lineno, "valid_from is not a date (use YYYY-MM-DD)");
		return -1;
	}
	if (parse_int64(field[2], len[2], &p->fig.value) < 0) {
		set_err(err, errcap, lineno, "value is not an integer");
		return -1;
	}
	if (srcn == 0) {
		set_err(err, errcap, lineno, "missing source");
		return -1;
	}
	p->line = lineno;
	return 0;
}

int figures_parse(const char *text, size_t n, struct figures *out, char *err, size_t errcap)
{
	struct pending *rows = NULL;
	size_t count = 0;
	size_t cap = 0;
	size_t pos = 0;
	size_t lineno = 0;
	bool seen_figure = false;
	int ret = -1;

	out->rows = NULL;
	out->n = 0;
	if (err && errcap)
		err[0] = '\0';
	if (!text)
		n = 0;
	if (n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;

	while (pos < n) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - line) : n - pos;

		pos += len + (nl ? 1 : 0);
		lineno++;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		{
			const char *t = line;
			size_t tn = len;

			text_trim(&t, &tn);
			if (tn == 0 || t[0] == '#')
				continue;
			if (!seen_figure && tn == strlen(HEADER_LINE) &&
			    memcmp(t, HEADER_LINE, tn) == 0) {
				seen_figure = true;
				continue;
			}
		}
		seen_figure = true;
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct pending *grown = realloc(rows, ncap * sizeof *rows);

			if (!grown) {
				set_err(err, errcap, lineno, "out of memory");
				goto cleanup;
			}
			rows = grown;
			cap = ncap;
		}
		if (parse_line(line, len, lineno, &rows[count], err, errcap) < 0)
			goto cleanup;
		count++;
	}

	if (count > 0) {
		qsort(rows, count, sizeof *rows, cmp_pending);
		for (size_t i = 1; i < count; i++) {
			if (strcmp(rows[i].fig.name, rows[i - 1].fig.name) == 0 &&
			    rows[i].fig.valid_from == rows[i - 1].fig.valid_from) {
				char day[DATE_ISO_SIZE];

				date_format_iso(rows[i].fig.valid_from, day);
				set_err(err, errcap, rows[i].line,
					"duplicate %s from %s (also on line %zu)", rows[i].fig.name,
					day, rows[i - 1].line);
				goto cleanup;
			}
		}
		out->rows = malloc(count * sizeof *out->rows);
		if (!out->rows) {
			set_err(err, errcap, lineno, "out of memory");
			goto cleanup;
		}
		for (size_t i = 0; i < count; i++)
			out->rows[i] = rows[i].fig;
		out->n = count;
	}
	ret = 0;
cleanup:
	free(rows);
	return ret;
}

void figures_free(struct figures *f)
{
	if (!f)
		return;
	free(f->rows);
	f->rows = NULL;
	f->n = 0;
}

int figures_at(const struct figures *f, const char *name, cdate on, int64_t *value)
{
	size_t lo = 0;
	size_t hi;

	if (!f || !name || !f->rows)
		return -1;
	/* First row ordered after (name, on); the one before it is the answer
	 * when it has the same name. */
	hi = f->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(f->rows[mid].name, name);

		if (c < 0 || (c == 0 && f->rows[mid].valid_from <= on))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || strcmp(f->rows[lo - 1].name, name) != 0)
		return -1;
	*value = f->rows[lo - 1].value;
	return 0;
}
