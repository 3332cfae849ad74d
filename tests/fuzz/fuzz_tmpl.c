/* libFuzzer target: the Mustache engine. The input is parsed as a template
 * and rendered against a small fixed context; the partial "x" is the input
 * itself (so recursion is exercised), "list" a fixed template, and every other
 * partial is missing. Beyond the sanitizers, the engine's promises are
 * checked: errors say where, output is NUL-terminated and within the limit. */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/tmpl.h"

#define MAX_OUTPUT (64u << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static const char context_text[] =
	"{\"name\": \"Zoë <'&\\\">\", \"n\": 42, \"r\": 2.5, \"t\": true, \"f\": false,"
	" \"z\": null, \"e\": [], \"list\": [1, \"two\", {\"name\": \"inner\"}, [3]],"
	" \"a\": {\"b\": {\"c\": \"deep\"}, \"list\": [{\"n\": 1}, {\"n\": 2}]},"
	" \"dyn\": \"list\", \"self\": \"x\"}";

struct input {
	const uint8_t *data;
	size_t size;
};

static int load(void *cls, const char *name, char **text, size_t *n, char *err, size_t errlen)
{
	const struct input *in = cls;
	const char *s;
	size_t len;
	CHECK(name[0] != '\0' && strlen(name) <= 255);
	if (strcmp(name, "x") == 0) {
		s = (const char *)in->data;
		len = in->size;
	} else if (strcmp(name, "list") == 0) {
		s = "{{#list}}<{{.}}>{{/list}}\n";
		len = strlen(s);
	} else if (strcmp(name, "bad") == 0) {
		snprintf(err, errlen, "refused");
		return -1;
	} else {
		return 0;
	}
	*text = malloc(len + 1);
	if (!*text)
		return -1;
	if (len > 0)
		memcpy(*text, s, len);
	(*text)[len] = '\0';
	*n = len;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *ctx;
	if (!ctx) {
		ctx = json_loads(context_text, 0, NULL);
		CHECK(ctx != NULL);
	}
	struct tmpl *t = NULL;
	char err[512] = "";
	if (tmpl_parse((const char *)data, size, &t, err, sizeof err) != 0) {
		CHECK(t == NULL);
		CHECK(strncmp(err, "line ", 5) == 0 && strstr(err, ", column ") != NULL);
		return 0;
	}
	CHECK(t != NULL);
	struct input in = {data, size};
	struct tmpl_opts o = {.load = load, .cls = &in, .max_output = MAX_OUTPUT};
	char *out = NULL;
	size_t n = 0;
	if (tmpl_render(t, ctx, &o, &out, &n, err, sizeof err) == 0) {
		CHECK(out != NULL && n <= MAX_OUTPUT && out[n] == '\0');
	} else {
		CHECK(out == NULL && err[0] != '\0');
	}
	free(out);
	tmpl_free(t);
	return 0;
}
