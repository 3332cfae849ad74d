#include "render/ics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/text.h"

#define FOLD 75 /* octets per physical line, CRLF not counted */

/* A growing buffer of one content line before folding. */
struct line {
	char buf[2 * ICS_TEXT_MAX + 128];
	size_t n;
};

static void put(struct line *l, const char *s, size_t n)
{
	if (n > sizeof l->buf - l->n)
		n = sizeof l->buf - l->n;
	memcpy(l->buf + l->n, s, n);
	l->n += n;
}

static void puts_(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

/* Writes the content line folded at FOLD octets, never splitting a UTF-8
 * sequence, each physical line ended by CRLF. */
static void emit(FILE *f, const struct line *l)
{
	size_t i = 0;
	size_t room = FOLD;
	while (l->n - i > room) {
		size_t cut = i + room;
		while (cut > i + 1 && ((unsigned char)l->buf[cut] & 0xC0) == 0x80)
			cut--;
		fwrite(l->buf + i, 1, cut - i, f);
		fputs("\r\n ", f);
		i = cut;
		room = FOLD - 1; /* the leading space counts */
	}
	fwrite(l->buf + i, 1, l->n - i, f);
	fputs("\r\n", f);
}

/* NAME:escaped text, cut at ICS_TEXT_MAX bytes of input on a character
 * boundary. */
static void text_prop(FILE *f, const char *name, const char *v)
{
	struct line l = {.n = 0};
	if (!v)
		return;
	puts_(&l, name);
	puts_(&l, ":");
	size_t n = strnlen(v, ICS_TEXT_MAX + 1);
	if (n > ICS_TEXT_MAX) {
		n = ICS_TEXT_MAX;
		while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '\\' || c == ';' || c == ',') {
			char esc[2] = {'\\', (char)c};
			put(&l, esc, 2);
		} else if (c == '\n') {
			puts_(&l, "\\n");
		} else if (c >= 0x80) {
			/* a valid UTF-8 sequence is kept whole; a broken one becomes
			 * U+FFFD, so folding never lands inside a character */
			size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (c >= 0xC2 && i + len <= n && text_utf8_valid(v + i, len)) {
				put(&l, v + i, len);
				i += len - 1;
			} else {
				puts_(&l, "\xEF\xBF\xBD");
			}
		} else if (c >= 0x20 && c != 0x7F) {
			put(&l, (const char *)&c, 1);
		}
	}
	emit(f, &l);
}

/* "YYYYMMDDTHHMMSSZ"; -1 outside 1970..9999. */
static int utc_time(int64_t t, char out[17])
{
	if (t < 0 || t > 253402300799LL)
		return -1;
	int y, m, d;
	date_to_ymd((cdate)(t / 86400), &y, &m, &d);
	int s = (int)(t % 86400);
	snprintf(out, 17, "%04d%02d%02dT%02d%02d%02dZ", y, m, d, s / 3600, s / 60 % 60, s % 60);
	return 0;
}

static void raw_prop(FILE *f, const char *name, const char *v)
{
	struct line l = {.n = 0};
	puts_(&l, name);
	puts_(&l, ":");
	puts_(&l, v);
	emit(f, &l);
}

char *ics_render(const struct ics_event *e, size_t *len)
{
	char stamp[17], start[17], end[17], seq[16];
	char *text = NULL;
	size_t n = 0;
	if (utc_time(e->stamp, stamp) < 0 || utc_time(e->start, start) < 0 ||
	    utc_time(e->end, end) < 0)
		return NULL;
	snprintf(seq, sizeof seq, "%d", e->sequence < 0 ? 0 : e->sequence);
	FILE *f = open_memstream(&text, &n);
	if (!f)
		return NULL;
	raw_prop(f, "BEGIN", "VCALENDAR");
	raw_prop(f, "VERSION", "2.0");
	raw_prop(f, "PRODID", "-//overstap//meetings//NL");
	raw_prop(f, "CALSCALE", "GREGORIAN");
	raw_prop(f, "METHOD", e->cancelled ? "CANCEL" : "PUBLISH");
	raw_prop(f, "BEGIN", "VEVENT");
	text_prop(f, "UID", e->uid ? e->uid : "");
	raw_prop(f, "DTSTAMP", stamp);
	raw_prop(f, "DTSTART", start);
	raw_prop(f, "DTEND", end);
	raw_prop(f, "SEQUENCE", seq);
	raw_prop(f, "STATUS", e->cancelled ? "CANCELLED" : "CONFIRMED");
	text_prop(f, "SUMMARY", e->summary);
	text_prop(f, "LOCATION", e->location);
	text_prop(f, "DESCRIPTION", e->description);
	raw_prop(f, "END", "VEVENT");
	raw_prop(f, "END", "VCALENDAR");
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	if (len)
		*len = n;
	return text;
}
