/* Whole small files in and out (file.h). */
#include "io/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int io_read_file(const char *path, size_t max, char **text, size_t *n, char *err, size_t errlen)
{
	int rc = -1;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	*text = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto cleanup;
	}
	/* grow as the file comes in: a limit is not an allocation */
	for (;;) {
		if (len == cap) {
			size_t nc = cap ? cap * 2 : 64u << 10;
			if (nc > max + 2)
				nc = max + 2;
			char *nb = nc > cap ? realloc(buf, nc) : NULL;
			if (!nb) {
				snprintf(err, errlen,
					 nc > cap ? "out of memory" : "larger than %zu bytes", max);
				goto cleanup;
			}
			buf = nb;
			cap = nc;
		}
		size_t k = fread(buf + len, 1, cap - len, f);
		len += k;
		if (len > max) {
			snprintf(err, errlen, "larger than %zu bytes", max);
			goto cleanup;
		}
		if (k == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto cleanup;
	}
	if (len == cap) {
		char *nb = realloc(buf, cap + 1);
		if (!nb) {
			snprintf(err, errlen, "out of memory");
			goto cleanup;
		}
		buf = nb;
	}
	buf[len] = '\0';
	*text = buf;
	*n = len;
	buf = NULL;
	rc = 0;
cleanup:
	free(buf);
	if (f)
		fclose(f);
	return rc;
}

int io_write_file(const char *path, const void *data, size_t n, char *err, size_t errlen)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
		snprintf(err, errlen, "path too long");
		return -1;
	}
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	int ok = fwrite(data, 1, n, f) == n;
	ok &= fflush(f) == 0;
	ok &= fsync(fileno(f)) == 0;
	ok &= fclose(f) == 0;
	if (!ok || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

json_t *io_load_json(const char *path, size_t max, char *err, size_t errlen)
{
	char *text, why[256];
	size_t n;
	json_error_t je;
	if (io_read_file(path, max, &text, &n, why, sizeof why) != 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		return NULL;
	}
	json_t *j = json_loadb(text, n, 0, &je);
	free(text);
	if (!j)
		snprintf(err, errlen, "%s:%d: column %d: %s", path, je.line, je.column, je.text);
	return j;
}
