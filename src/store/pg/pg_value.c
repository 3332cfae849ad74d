/* Statement parameters and result values (PostgreSQL): the conversions
 * between the store's C types and what libpq sends and receives. Numbers and
 * dates travel as text ("YYYY-MM-DD", read back with date_parse), byte
 * strings as binary parameters and hex-format results. */
#include "store/pg/pg.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parameters ---- */

static void p_add(struct pg_params *pp, const char *v, int len, int fmt)
{
	assert(pp->n < PG_MAX_PARAMS);
	pp->v[pp->n] = v;
	pp->len[pp->n] = len;
	pp->fmt[pp->n] = fmt;
	pp->n++;
}

void pg_p_text(struct pg_params *pp, const char *v)
{
	p_add(pp, v, 0, 0);
}

void pg_p_opt_text(struct pg_params *pp, const char *v)
{
	p_add(pp, v && *v ? v : NULL, 0, 0);
}

void pg_p_null(struct pg_params *pp)
{
	p_add(pp, NULL, 0, 0);
}

void pg_p_int(struct pg_params *pp, int64_t v)
{
	assert(pp->n < PG_MAX_PARAMS);
	char *b = pp->buf[pp->n];
	snprintf(b, sizeof pp->buf[0], "%lld", (long long)v);
	p_add(pp, b, 0, 0);
}

void pg_p_date(struct pg_params *pp, cdate d)
{
	assert(pp->n < PG_MAX_PARAMS);
	char *b = pp->buf[pp->n];
	date_format_iso(d, b);
	p_add(pp, b, 0, 0);
}

void pg_p_bytes(struct pg_params *pp, const void *v, size_t n)
{
	p_add(pp, v, (int)n, 1);
}

/* ---- results ---- */

bool pg_date_ok(cdate d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return y >= DATE_PARSE_YEAR_MIN && y <= DATE_PARSE_YEAR_MAX;
}

int pg_get_int(const PGresult *res, int row, int col, int64_t *out)
{
	if (PQgetisnull(res, row, col))
		return -1;
	const char *v = PQgetvalue(res, row, col);
	char *end;
	long long x = strtoll(v, &end, 10);
	if (end == v || *end != '\0')
		return -1;
	*out = (int64_t)x;
	return 0;
}

int pg_get_date(const PGresult *res, int row, int col, cdate *out)
{
	if (PQgetisnull(res, row, col))
		return -1;
	return date_parse(PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col), out);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int pg_get_bytes(const PGresult *res, int row, int col, unsigned char *buf, size_t cap, size_t *n)
{
	if (PQgetisnull(res, row, col))
		return -1;
	const char *v = PQgetvalue(res, row, col);
	size_t len = (size_t)PQgetlength(res, row, col);
	if (len < 2 || v[0] != '\\' || v[1] != 'x' || len % 2 != 0 || (len - 2) / 2 > cap)
		return -1;
	for (size_t i = 2; i < len; i += 2) {
		int hi = hex_digit(v[i]), lo = hex_digit(v[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		buf[(i - 2) / 2] = (unsigned char)(hi << 4 | lo);
	}
	*n = (len - 2) / 2;
	return 0;
}

int pg_value_copy(const PGresult *res, int row, int col, char *buf, size_t cap)
{
	size_t n = (size_t)PQgetlength(res, row, col);
	if (PQgetisnull(res, row, col) || n >= cap)
		return -1;
	memcpy(buf, PQgetvalue(res, row, col), n);
	buf[n] = '\0';
	return 0;
}

const char *pg_get_opt_text(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

int pg_get_opt_int(const PGresult *res, int row, int col, int64_t *out)
{
	*out = 0;
	return PQgetisnull(res, row, col) ? 0 : pg_get_int(res, row, col, out);
}

int pg_each_row(struct store *s, const PGresult *res, pg_row_fn fn, void *cls)
{
	int ret = STORE_NONE;
	for (int i = 0; i < PQntuples(res); i++) {
		int r = fn(s, res, i, cls);
		if (r != 0)
			return r;
		ret = STORE_ONE;
	}
	return ret;
}
