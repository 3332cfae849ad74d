/* libFuzzer target: query-string decoding and checking (web/input.h): the
 * input is decoded in place into name/value pairs, which are checked
 * against a spec with every field type. Abort when a promise breaks: no
 * more pairs than asked for, every pair's text inside the buffer, success
 * exactly without problems, present values within their fields. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const phases[] = {"signalled", "invited", NULL};

static const struct input_field fields[] = {
	{.name = "phase", .type = IN_STRING, .enum_values = phases},
	{.name = "from", .type = IN_DATE},
	{.name = "to", .type = IN_DATE},
	{.name = "at", .type = IN_DATETIME},
	{.name = "own", .type = IN_BOOL},
	{.name = "q", .type = IN_STRING, .max_len = 12},
	INPUT_CURSOR_FIELD,
	INPUT_LIMIT_FIELD(INPUT_LIMIT_MAX),
};
static const struct input_spec spec = {fields, sizeof fields / sizeof fields[0]};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	struct input_pair pairs[INPUT_QUERY_MAX + 2];
	int n = input_query_decode(buf, pairs, INPUT_QUERY_MAX + 2);
	if (n > INPUT_QUERY_MAX + 2)
		abort();
	for (int i = 0; i < n; i++)
		if (pairs[i].name < buf || pairs[i].name > buf + size || !pairs[i].value)
			abort();
	if (n >= 0) {
		struct input_value v[sizeof fields / sizeof fields[0]];
		struct input_problems pr;
		int rc = input_query(pairs, (size_t)n, &spec, v, &pr);
		if ((rc == 0) != (pr.total == 0) || pr.n > INPUT_MAX_INVALID)
			abort();
		if (rc == 0) {
			if (v[5].present && (strlen(v[5].s) == 0 || strlen(v[5].s) > 12))
				abort();
			if (v[7].present && (v[7].i < 1 || v[7].i > INPUT_LIMIT_MAX))
				abort();
			if (v[6].present && input_cursor_decode(v[6].s) < 0)
				abort();
		}
	}
	free(buf);
	return 0;
}
