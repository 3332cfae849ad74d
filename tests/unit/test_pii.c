/* Tests for BSN protection at rest: key files, key ids, blind index,
 * encryption. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/pii.h"

struct dir {
	char path[256];
	char a[300], b[300];
};

static bool contains(const unsigned char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return true;
	return false;
}

static int setup(void **state)
{
	struct dir *d = calloc(1, sizeof *d);
	snprintf(d->path, sizeof d->path, "/tmp/overstap-pii-XXXXXX");
	if (!d || !mkdtemp(d->path) || pii_init() != 0)
		return -1;
	snprintf(d->a, sizeof d->a, "%s/a.key", d->path);
	snprintf(d->b, sizeof d->b, "%s/b.key", d->path);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	struct dir *d = *state;
	unlink(d->a);
	unlink(d->b);
	rmdir(d->path);
	free(d);
	return 0;
}

static void test_new_key_file(void **state)
{
	struct dir *d = *state;
	struct pii_keys k;
	char err[256];
	assert_int_equal(pii_keys_load(d->a, true, &k, err, sizeof err), 0);
	struct stat st;
	assert_int_equal(stat(d->a, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 65); /* 64 hex digits and a newline */
	assert_int_equal(strlen(k.key_id), PII_KEY_ID_SIZE - 1);
	pii_keys_wipe(&k);
}

/* Regression: the key id once came from a derivation libsodium refused, so
 * every key had the same id and a wrong key file was not noticed. */
static void test_key_ids_tell_keys_apart(void **state)
{
	struct dir *d = *state;
	struct pii_keys a, a2, b;
	char err[256];
	assert_int_equal(pii_keys_load(d->a, true, &a, err, sizeof err), 0);
	assert_int_equal(pii_keys_load(d->b, true, &b, err, sizeof err), 0);
	assert_int_equal(pii_keys_load(d->a, false, &a2, err, sizeof err), 0);
	assert_string_equal(a.key_id, a2.key_id);
	assert_string_not_equal(a.key_id, b.key_id);
	assert_string_not_equal(a.key_id, "00000000000000000000000000000000");
	pii_keys_wipe(&a);
	pii_keys_wipe(&a2);
	pii_keys_wipe(&b);
}

static void test_index_and_encryption(void **state)
{
	struct dir *d = *state;
	struct pii_keys a, a2, b;
	char err[256];
	assert_int_equal(pii_keys_load(d->a, true, &a, err, sizeof err), 0);
	assert_int_equal(pii_keys_load(d->a, false, &a2, err, sizeof err), 0);
	assert_int_equal(pii_keys_load(d->b, true, &b, err, sizeof err), 0);

	unsigned char i1[STORE_BSN_INDEX_SIZE], i2[STORE_BSN_INDEX_SIZE], i3[STORE_BSN_INDEX_SIZE];
	pii_bsn_index(&a, "111222333", i1);
	pii_bsn_index(&a2, "111222333", i2);
	assert_memory_equal(i1, i2, sizeof i1); /* the same key finds the same person */
	pii_bsn_index(&b, "111222333", i3);
	assert_memory_not_equal(i1, i3, sizeof i1);
	pii_bsn_index(&a, "319072356", i3);
	assert_memory_not_equal(i1, i3, sizeof i1);

	unsigned char c1[STORE_BSN_ENC_MAX], c2[STORE_BSN_ENC_MAX];
	size_t n1, n2;
	char out[BSN_SIZE];
	pii_bsn_encrypt(&a, "111222333", c1, &n1);
	pii_bsn_encrypt(&a, "111222333", c2, &n2);
	assert_int_equal(n1, n2);
	assert_memory_not_equal(c1, c2, n1); /* a fresh nonce each time */
	assert_int_equal(pii_bsn_decrypt(&a2, c1, n1, out), 0);
	assert_string_equal(out, "111222333");
	assert_false(contains(c1, n1, "111222333"));
	/* Another key, a changed byte or a wrong length: refused. */
	assert_int_equal(pii_bsn_decrypt(&b, c1, n1, out), -1);
	c2[n2 - 1] ^= 1;
	assert_int_equal(pii_bsn_decrypt(&a, c2, n2, out), -1);
	assert_int_equal(pii_bsn_decrypt(&a, c1, n1 - 1, out), -1);
	pii_keys_wipe(&a);
	pii_keys_wipe(&a2);
	pii_keys_wipe(&b);
}

static void test_bad_key_files(void **state)
{
	struct dir *d = *state;
	struct pii_keys k;
	char err[256];
	/* Missing, and not to be created. */
	assert_int_equal(pii_keys_load(d->a, false, &k, err, sizeof err), -1);
	assert_non_null(strstr(err, d->a));
	/* Not 64 hex digits. */
	FILE *f = fopen(d->a, "w");
	fputs("not a key\n", f);
	fclose(f);
	chmod(d->a, 0600);
	assert_int_equal(pii_keys_load(d->a, false, &k, err, sizeof err), -1);
	assert_non_null(strstr(err, "64-digit"));
	/* Readable by others. */
	unlink(d->a);
	assert_int_equal(pii_keys_load(d->a, true, &k, err, sizeof err), 0);
	chmod(d->a, 0644);
	assert_int_equal(pii_keys_load(d->a, false, &k, err, sizeof err), -1);
	assert_non_null(strstr(err, "chmod 600"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_key_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_ids_tell_keys_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_and_encryption, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_key_files, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
