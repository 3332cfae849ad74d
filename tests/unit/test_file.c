/* Tests for io/file.c: whole files in and out, with limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/file.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_file.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *path(const char *name)
{
	static char buf[128];
	snprintf(buf, sizeof buf, "%s/%s", dir, name);
	return buf;
}

static void test_round_trip(void **state)
{
	(void)state;
	char err[128], *text;
	size_t n;
	/* sizes around the first buffer (64 KiB) and its doublings */
	size_t sizes[] = {0, 1, 65535, 65536, 65537, 200000};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char *data = malloc(sizes[i] + 1);
		for (size_t k = 0; k < sizes[i]; k++)
			data[k] = (char)('a' + (k * 7 + i) % 26);
		assert_int_equal(io_write_file(path("f"), data, sizes[i], err, sizeof err), 0);
		assert_int_equal(io_read_file(path("f"), sizes[i], &text, &n, err, sizeof err), 0);
		assert_int_equal(n, sizes[i]);
		assert_memory_equal(text, data, n);
		assert_int_equal(text[n], '\0');
		free(text);
		if (sizes[i] > 0) {
			/* one byte over the limit is refused */
			assert_int_equal(
				io_read_file(path("f"), sizes[i] - 1, &text, &n, err, sizeof err),
				-1);
			assert_null(text);
			assert_non_null(strstr(err, "larger than"));
		}
		free(data);
	}
	assert_int_equal(access(path("f.tmp"), F_OK), -1); /* the temporary file is gone */
}

static void test_errors(void **state)
{
	(void)state;
	char err[128], *text = (char *)1;
	size_t n;
	assert_int_equal(io_read_file(path("missing"), 10, &text, &n, err, sizeof err), -1);
	assert_null(text);
	assert_non_null(strstr(err, "No such file"));
	assert_int_equal(io_write_file("/nonexistent-dir/x", "a", 1, err, sizeof err), -1);
	assert_null(io_load_json(path("missing"), 10, err, sizeof err));
	assert_non_null(strstr(err, "missing"));
}

static void test_json(void **state)
{
	(void)state;
	char err[256];
	const char good[] = "{\"a\": [1, 2]}";
	assert_int_equal(io_write_file(path("j"), good, strlen(good), err, sizeof err), 0);
	json_t *j = io_load_json(path("j"), 100, err, sizeof err);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "a")), 2);
	json_decref(j);
	assert_null(io_load_json(path("j"), 5, err, sizeof err));
	assert_non_null(strstr(err, "larger than 5"));
	const char bad[] = "{\"a\":\n  [1, }";
	assert_int_equal(io_write_file(path("j"), bad, strlen(bad), err, sizeof err), 0);
	assert_null(io_load_json(path("j"), 100, err, sizeof err));
	assert_non_null(strstr(err, "j:2: column"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
