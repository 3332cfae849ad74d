/* libFuzzer target: what a resident or staff member types for meetings. The
 * input bytes are, as text, an RSVP code (rsvp_code_normalise), a meeting
 * time (nltime_parse) and every text field of a calendar file (ics_render).
 * Beyond the sanitizers: a normalised code has exactly MEETING_CODE_LEN
 * characters of the alphabet; a parsed time converts back to the same
 * local time; the calendar has only CRLF line ends, no physical line over
 * 75 octets, and no line that starts inside a UTF-8 sequence. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/rsvp_code.h"
#include "core/nltime.h"
#include "render/ics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static void check_code(const char *s)
{
	char out[MEETING_CODE_LEN + 1];
	if (rsvp_code_normalise(s, out) != 0)
		return;
	CHECK(strlen(out) == MEETING_CODE_LEN);
	for (size_t i = 0; i < MEETING_CODE_LEN; i++)
		CHECK(strchr(RSVP_CODE_ALPHABET, out[i]) != NULL);
}

static void check_time(const char *s)
{
	int64_t t;
	if (nltime_parse(s, &t) != 0)
		return;
	char back[NLTIME_TEXT_SIZE];
	nltime_format(t, back);
	/* the autumn overlap's first hour reads back the same; nothing else differs */
	CHECK(strcmp(back, s) == 0);
}

static void check_ics(const char *s)
{
	struct ics_event e = {.uid = s,
			      .stamp = 0,
			      .start = 1,
			      .end = 2,
			      .summary = s,
			      .location = s,
			      .description = s};
	size_t n;
	char *t = ics_render(&e, &n);
	CHECK(t != NULL);
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '\r') {
			CHECK(i + 1 < n && t[i + 1] == '\n');
			CHECK(col <= 75);
			col = 0;
			i++;
			if (i + 2 < n && t[i + 1] == ' ')
				CHECK(((unsigned char)t[i + 2] & 0xC0) != 0x80);
			continue;
		}
		CHECK(t[i] != '\n');
		col++;
	}
	CHECK(n >= 2 && t[n - 1] == '\n');
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_code(s);
	check_time(s);
	check_ics(s);
	free(s);
	return 0;
}
