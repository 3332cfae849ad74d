/* Requests in flight per client address (web/iplimit.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/iplimit.h"

static struct clientip_addr addr(const char *s)
{
	struct clientip_addr a;
	assert_true(clientip_parse_addr(s, strlen(s), &a));
	return a;
}

static void per_address(void **state)
{
	struct iplimit *l = malloc(sizeof *l);
	assert_non_null(l);
	assert_int_equal(iplimit_init(l, 2), 0);
	struct clientip_addr a = addr("203.0.113.9"), b = addr("2001:db8::1");
	assert_true(iplimit_enter(l, &a));
	assert_true(iplimit_enter(l, &a));
	assert_false(iplimit_enter(l, &a)); /* the third at once */
	assert_true(iplimit_enter(l, &b));  /* another address is not affected */
	iplimit_leave(l, &a);
	assert_true(iplimit_enter(l, &a)); /* room again */
	assert_false(iplimit_enter(l, &a));
	iplimit_leave(l, &a);
	iplimit_leave(l, &a);
	iplimit_leave(l, &b);
	for (size_t i = 0; i < IPLIMIT_SLOTS; i++)
		assert_int_equal(l->slot[i].n, 0);
	iplimit_destroy(l);
	free(l);
}

/* Every slot taken: a new address is refused, a known one still counts;
 * a freed slot is used again. */
static void full_table(void **state)
{
	struct iplimit *l = malloc(sizeof *l);
	assert_non_null(l);
	assert_int_equal(iplimit_init(l, 1), 0);
	struct clientip_addr a[IPLIMIT_SLOTS];
	for (int i = 0; i < IPLIMIT_SLOTS; i++) {
		char s[32];
		snprintf(s, sizeof s, "10.0.%d.%d", i / 256, i % 256);
		a[i] = addr(s);
		assert_true(iplimit_enter(l, &a[i]));
	}
	struct clientip_addr extra = addr("192.0.2.1");
	assert_false(iplimit_enter(l, &extra));
	assert_false(iplimit_enter(l, &a[7])); /* limit 1 */
	iplimit_leave(l, &a[7]);
	assert_true(iplimit_enter(l, &extra));
	assert_false(iplimit_enter(l, &a[7])); /* its slot went to extra */
	iplimit_destroy(l);
	free(l);
}

/* A limit of 0 lets nothing in. */
static void zero_limit(void **state)
{
	struct iplimit *l = malloc(sizeof *l);
	assert_non_null(l);
	assert_int_equal(iplimit_init(l, 0), 0);
	struct clientip_addr a = addr("127.0.0.1");
	assert_false(iplimit_enter(l, &a));
	iplimit_destroy(l);
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(per_address),
		cmocka_unit_test(full_table),
		cmocka_unit_test(zero_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
