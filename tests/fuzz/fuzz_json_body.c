/* libFuzzer target: the JSON API's body parsing (web/input.h) against a
 * spec with every field type. Beyond the sanitizers, its promises are
 * checked and abort when broken: a document comes back exactly when no
 * problem was found, every present value obeys its field, and the
 * reported names and reasons are bounded, valid UTF-8 (jansson can put
 * them into a problem reply). */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kinds[] = {"note", "phase", NULL};

static bool not_x(const char *s)
{
	return strchr(s, 'x') == NULL;
}

static const struct input_field fields[] = {
	{.name = "text", .type = IN_STRING, .required = true, .max_len = 16},
	{.name = "n", .type = IN_INT, .min = -5, .max = 500},
	{.name = "kind", .type = IN_STRING, .enum_values = kinds},
	{.name = "on", .type = IN_DATE},
	{.name = "at", .type = IN_DATETIME},
	{.name = "ok", .type = IN_BOOL},
	{.name = "code", .type = IN_STRING, .max_len = 8, .check = not_x, .check_reason = "x"},
	INPUT_CURSOR_FIELD,
	{.name = "ids", .type = IN_ARRAY, .item = IN_INT, .min = 1, .max = 99, .max_items = 4},
	{.name = "tags",
	 .type = IN_ARRAY,
	 .item = IN_STRING,
	 .max_len = 4,
	 .check = not_x,
	 .check_reason = "x",
	 .max_items = 3},
};
static const struct input_spec spec = {fields, sizeof fields / sizeof fields[0]};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input_value v[sizeof fields / sizeof fields[0]];
	struct input_problems pr;
	json_t *doc = input_json((const char *)data, size, &spec, v, &pr);
	if ((doc != NULL) != (pr.total == 0) || pr.n > pr.total || pr.n > INPUT_MAX_INVALID)
		abort();
	for (size_t i = 0; i < pr.n; i++) {
		json_t *s = json_string(pr.p[i].name);
		json_t *r = json_string(pr.p[i].reason);
		if (!s || !r || strlen(pr.p[i].name) > INPUT_NAME_MAX)
			abort();
		json_decref(s);
		json_decref(r);
	}
	if (doc) {
		if (!v[0].present || strlen(v[0].s) == 0 || strlen(v[0].s) > 16)
			abort();
		if (v[1].present && (v[1].i < -5 || v[1].i > 500))
			abort();
		if (v[2].present && strcmp(v[2].s, "note") != 0 && strcmp(v[2].s, "phase") != 0)
			abort();
		if (v[6].present && (strchr(v[6].s, 'x') || strlen(v[6].s) > 8))
			abort();
		if (v[7].present && input_cursor_decode(v[7].s) < 0)
			abort();
		if (v[8].present && (json_array_size(v[8].a) < 1 || json_array_size(v[8].a) > 4))
			abort();
		for (size_t i = 0; v[8].present && i < json_array_size(v[8].a); i++) {
			json_t *it = json_array_get(v[8].a, i);
			if (!json_is_integer(it) || json_integer_value(it) < 1 ||
			    json_integer_value(it) > 99)
				abort();
		}
		if (v[9].present && (json_array_size(v[9].a) < 1 || json_array_size(v[9].a) > 3))
			abort();
		for (size_t i = 0; v[9].present && i < json_array_size(v[9].a); i++) {
			const char *t = json_string_value(json_array_get(v[9].a, i));
			if (!t || !*t || strlen(t) > 4 || strchr(t, 'x'))
				abort();
		}
		json_decref(doc);
	}
	return 0;
}
