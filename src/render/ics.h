/* iCalendar (RFC 5545) for one event: the meeting.ics a resident adds to a
 * calendar, and the notice when the meeting moves or is cancelled.
 *
 * Output follows RFC 5545: CRLF line ends (3.1), content lines folded at 75
 * octets with a leading space, never inside a UTF-8 sequence (3.1), TEXT
 * values escaped (backslash, semicolon, comma, newline as \n; 3.3.11; other
 * control characters dropped; broken UTF-8 replaced by U+FFFD), times in UTC
 * ("19700101T000000Z", 3.3.5).
 * A cancelled event is METHOD:CANCEL with STATUS:CANCELLED (RFC 5546 3.2.5);
 * otherwise METHOD:PUBLISH. A moved event keeps its UID and raises SEQUENCE. */
#ifndef OVERSTAP_RENDER_ICS_H
#define OVERSTAP_RENDER_ICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ics_event {
	const char *uid;         /* globally unique, e.g. "meeting-12@host" */
	int64_t stamp;           /* DTSTAMP: when this was made, UTC seconds */
	int64_t start, end;      /* UTC seconds */
	int sequence;            /* revision: 0 first, raised on every change */
	bool cancelled;          /* METHOD:CANCEL, STATUS:CANCELLED */
	const char *summary;     /* NULL or text */
	const char *location;    /* NULL or text */
	const char *description; /* NULL or text, may hold newlines */
};

/* Each text value is cut at this many bytes (at a character boundary). */
#define ICS_TEXT_MAX 4096

/* The calendar as text: NUL-terminated, length in *len (may be NULL); the
 * caller frees it with free(). NULL when out of memory or a time is outside
 * the years 1970..9999. */
char *ics_render(const struct ics_event *e, size_t *len);

#endif
