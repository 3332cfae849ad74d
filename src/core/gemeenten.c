/* The municipality table: parsing data/gemeenten.csv, lookup by CBS code. */
#include "core/gemeenten.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More people than live in the Netherlands: anything above is a typo. */
#define INHABITANTS_MAX 100000000LL

#define FIELDS 3

/* A row while parsing: the line it came from, for error messages. */
struct pending {
	struct gemeente g;
	size_t line;
};

/* A field of one line: either a slice of the input, or (when it was quoted
 * with doubled quotes inside) a copy with the quotes removed. */
struct field {
	char buf[GEMEENTE_NAME_MAX + 2]; /* one extra byte to detect "too long" */
	size_t n;
	int truncated;
};

static void set_err(char *err, size_t errcap, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set_err(char *err, size_t errcap, size_t line, const char *fmt, ...)
{
	char reason[160];
	va_list ap;

	if (!err || errcap == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	snprintf(err, errcap, "line %zu: %s", line, reason);
}

bool gemeente_code_valid(const char *s, size_t n)
{
	if (!s || n != GEMEENTE_CODE_SIZE - 1)
		return false;
	if (s[0] != 'G' || s[1] != 'M')
		return false;
	for (size_t i = 2; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void field_put(struct field *f, char c)
{
	if (f->n < sizeof f->buf)
		f->buf[f->n++] = c;
	else
		f->truncated = 1;
}

/* Splits one line (without its line end) into FIELDS fields. Returns the
 * number of fields found, or -1 with *why set on a quoting error. Fields past
 * FIELDS are counted but not stored. */
static int split_line(const char *s, size_t n, struct field f[FIELDS], const char **why)
{
	size_t i = 0;
	int nf = 0;

	for (;;) {
		struct field scratch;
		struct field *cur = nf < FIELDS ? &f[nf] : &scratch;

		cur->n = 0;
		cur->truncated = 0;
		if (i < n && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= n) {
					*why = "unterminated quoted field";
					return -1;
				}
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						field_put(cur, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				field_put(cur, s[i++]);
			}
			if (i < n && s[i] != ',') {
				*why = "text after a closing quote";
				return -1;
			}
		} else {
			while (i < n && s[i] != ',') {
				if (s[i] == '"') {
					*why = "quote inside an unquoted field";
					return -1;
				}
				field_put(cur, s[i++]);
			}
		}
		nf++;
		if (i >= n)
			return nf;
		i++; /* the comma */
	}
}

static int parse_inhabitants(const struct field *f, int64_t *out)
{
	int64_t v = 0;

	if (f->n == 0) {
		*out = 0;
		return 0;
	}
	if (f->truncated || f->n > 9)
		return -1;
	for (size_t i = 0; i < f->n; i++) {
		if (f->buf[i] < '0' || f->buf[i] > '9')
			return -1;
		v = v * 10 + (f->buf[i] - '0');
	}
	if (v > INHABITANTS_MAX)
		return -1;
	*out = v;
	return 0;
}

static bool has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

/* Checks one data line and fills *p. Returns 0 or -1 with err set. */
static int parse_row(const char *s, size_t n, size_t line, struct pending *p, char *err,
		     size_t errcap)
{
	struct field f[FIELDS];
	const char *why = NULL;
	int nf = split_line(s, n, f, &why);

	if (nf < 0) {
		set_err(err, errcap, line, "%s", why);
		return -1;
	}
	if (nf != FIELDS) {
		set_err(err, errcap, line, "expected 3 fields (code,name,inhabitants), found %d",
			nf);
		return -1;
	}
	if (f[0].truncated || !gemeente_code_valid(f[0].buf, f[0].n)) {
		set_err(err, errcap, line, "code: not \"GM\" followed by four digits");
		return -1;
	}
	if (f[1].n == 0) {
		set_err(err, errcap, line, "name: empty");
		return -1;
	}
	if (f[1].truncated || f[1].n > GEMEENTE_NAME_MAX) {
		set_err(err, errcap, line, "name: longer than %d bytes", GEMEENTE_NAME_MAX);
		return -1;
	}
	if (has_control(f[1].buf, f[1].n)) {
		set_err(err, errcap, line, "name: control character");
		return -1;
	}
	if (parse_inhabitants(&f[2], &p->g.inhabitants) != 0) {
		set_err(err, errcap, line, "inhabitants: not a whole number from 0 to %lld",
			(long long)INHABITANTS_MAX);
		return -1;
	}
	memcpy(p->g.code, f[0].buf, GEMEENTE_CODE_SIZE - 1);
	p->g.code[GEMEENTE_CODE_SIZE - 1] = '\0';
	memcpy(p->g.name, f[1].buf, f[1].n);
	p->g.name[f[1].n] = '\0';
	p->line = line;
	return 0;
}

static int cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a;
	const struct pending *y = b;
	int c = strcmp(x->g.code, y->g.code);

	if (c != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

static bool is_header(const char *s, size_t n)
{
	static const char want[] = "code,name,inhabitants";

	return n == sizeof want - 1 && memcmp(s, want, n) == 0;
}

int gemeenten_parse(const char *text, size_t n, struct gemeenten *out, char *err, size_t errcap)
{
	struct pending *rows = NULL;
	size_t nrows = 0, cap = 0, line = 0, pos = 0;
	bool header = false;
	int rc = -1;

	out->rows = NULL;
	out->n = 0;
	if (!text && n > 0) {
		set_err(err, errcap, 0, "no text");
		goto cleanup;
	}
	while (pos < n) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - s) : n - pos;

		pos += len + (nl ? 1 : 0);
		line++;
		if (len > 0 && s[len - 1] == '\r')
			len--;
		if (len == 0 || s[0] == '#')
			continue;
		if (!header) {
			if (!is_header(s, len)) {
				set_err(err, errcap, line,
					"expected the header \"code,name,inhabitants\"");
				goto cleanup;
			}
			header = true;
			continue;
		}
		if (nrows == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct pending *r = realloc(rows, ncap * sizeof *r);
			if (!r) {
				set_err(err, errcap, line, "out of memory");
				goto cleanup;
			}
			rows = r;
			cap = ncap;
		}
		if (parse_row(s, len, line, &rows[nrows], err, errcap) != 0)
			goto cleanup;
		nrows++;
	}
	if (!header) {
		set_err(err, errcap, line + 1, "missing the header \"code,name,inhabitants\"");
		goto cleanup;
	}
	if (nrows == 0) {
		set_err(err, errcap, line + 1, "no municipalities after the header");
		goto cleanup;
	}
	qsort(rows, nrows, sizeof *rows, cmp_pending);
	for (size_t i = 1; i < nrows; i++) {
		if (strcmp(rows[i].g.code, rows[i - 1].g.code) == 0) {
			set_err(err, errcap, rows[i].line, "duplicate code %s (first on line %zu)",
				rows[i].g.code, rows[i - 1].line);
			goto cleanup;
		}
	}
	out->rows = malloc(nrows * sizeof *out->rows);
	if (!out->rows) {
		set_err(err, errcap, line, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < nrows; i++)
		out->rows[i] = rows[i].g;
	out->n = nrows;
	rc = 0;
cleanup:
	free(rows);
	return rc;
}

void gemeenten_free(struct gemeenten *g)
{
	if (!g)
		return;
	free(g->rows);
	g->rows = NULL;
	g->n = 0;
}

static int cmp_key(const void *key, const void *elem)
{
	const struct gemeente *e = elem;

	return strcmp(key, e->code);
}

const struct gemeente *gemeenten_find(const struct gemeenten *g, const char *code)
{
	if (!g || !g->rows || !code)
		return NULL;
	return bsearch(code, g->rows, g->n, sizeof *g->rows, cmp_key);
}
