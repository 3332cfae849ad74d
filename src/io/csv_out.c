#include "io/csv_out.h"

#include <string.h>

#include "core/text.h"

int csv_out_cell(FILE *f, const char *s, size_t n, bool first)
{
	if (!first && fputc(',', f) == EOF)
		return -1;
	bool formula = text_is_formula(s, n);
	bool quote = formula;
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote)
		return fwrite(s, 1, n, f) == n ? 0 : -1;
	if (fputc('"', f) == EOF || (formula && fputc('\'', f) == EOF))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' && fputc('"', f) == EOF)
			return -1;
		if (fputc(s[i], f) == EOF)
			return -1;
	}
	return fputc('"', f) == EOF ? -1 : 0;
}

int csv_out_end(FILE *f)
{
	return fputs("\r\n", f) == EOF ? -1 : 0;
}
