/* Checks on text fields from outside. */
#include "core/text.h"

#include <stdint.h>

bool text_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];
		size_t len;
		uint32_t cp;
		uint32_t min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) { /* 0xc0, 0xc1 only start overlongs */
			len = 2;
			cp = c & 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return false; /* a continuation byte, 0xc0, 0xc1 or 0xf5..0xff */
		}
		if (n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

bool text_has_control(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return true;
		/* U+0080..U+009F are 0xc2 0x80..0xc2 0x9f in UTF-8. */
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			return true;
	}
	return false;
}

bool text_is_formula(const char *s, size_t n)
{
	if (n == 0)
		return false;
	switch (s[0]) {
	case '=':
	case '+':
	case '-':
	case '@':
	case '\t':
	case '\r':
		return true;
	}
	return false;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char ascii_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

int postcode_normalise(const char *s, size_t n, char out[POSTCODE_SIZE])
{
	char r[POSTCODE_SIZE];
	size_t letters;

	/* "1234AB" or "1234 AB": exactly one optional space. */
	if (!s || (n != 6 && n != 7))
		return -1;
	if (n == 7 && s[4] != ' ')
		return -1;
	if (s[0] < '1' || s[0] > '9')
		return -1;
	for (int i = 1; i < 4; i++)
		if (!is_digit(s[i]))
			return -1;
	letters = n - 2;
	for (int i = 0; i < 2; i++) {
		char c = ascii_upper(s[letters + (size_t)i]);

		if (c < 'A' || c > 'Z')
			return -1;
		r[5 + i] = c;
	}
	if (r[5] == 'S' && (r[6] == 'A' || r[6] == 'D' || r[6] == 'S'))
		return -1;
	for (int i = 0; i < 4; i++)
		r[i] = s[i];
	r[4] = ' ';
	r[7] = '\0';
	for (int i = 0; i < POSTCODE_SIZE; i++)
		out[i] = r[i];
	return 0;
}

void text_trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;

	if (!p) {
		*n = 0;
		return;
	}
	while (len > 0 && p[0] == ' ') {
		p++;
		len--;
	}
	while (len > 0 && p[len - 1] == ' ')
		len--;
	*s = p;
	*n = len;
}
