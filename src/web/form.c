/* HTML form bodies through libmicrohttpd's post processor (form.h). */
#include "web/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PP_BUFFER 8192

struct field {
	char name[FORM_NAME_MAX + 1];
	char *value; /* FORM_VALUE_MAX + 1 bytes */
	size_t len;
};

struct form {
	struct MHD_PostProcessor *pp;
	struct field fields[FORM_MAX_FIELDS];
	size_t n;
	struct field *cur; /* the field whose value is arriving */
	size_t cur_bytes;  /* bytes of cur's current occurrence */
	bool bad;
	bool finished;
	/* the one file */
	char file_field[FORM_NAME_MAX + 1];
	char file_name[256];
	char path[512];
	FILE *file;
	size_t file_size;
	bool has_file;
};

/* The field a piece of a value belongs to, with f->cur_bytes the bytes its
 * current occurrence has so far. The post processor may hand one value over
 * as several calls at offset 0 (an empty piece, then the bytes, when the
 * body arrives in pieces), so offset 0 alone does not start a new
 * occurrence: one starts at another name, or at offset 0 once the current
 * occurrence has bytes. An empty occurrence is therefore indistinguishable
 * from none, and a repeated name joins its non-empty values. */
static struct field *field_for(struct form *f, const char *key, uint64_t off)
{
	if (f->cur && strcmp(f->cur->name, key) == 0) {
		if (off == 0 && f->cur_bytes > 0)
			f->cur_bytes = 0; /* the same name again (checkboxes) */
		return f->cur;
	}
	f->cur_bytes = 0;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, key) == 0)
			return f->cur = &f->fields[i];
	if (f->n == FORM_MAX_FIELDS || strlen(key) > FORM_NAME_MAX)
		return NULL;
	struct field *x = &f->fields[f->n];
	x->value = malloc(FORM_VALUE_MAX + 1);
	if (!x->value)
		return NULL;
	snprintf(x->name, sizeof x->name, "%s", key);
	x->len = 0;
	x->value[0] = '\0';
	f->n++;
	return f->cur = x;
}

/* A piece of the file. A second file part (another name or file name, or
 * offset 0 again once bytes have arrived: the post processor may start a
 * part with an empty piece at offset 0) makes the form bad rather than being
 * appended to the first file. */
static int file_chunk(struct form *f, const char *key, const char *filename, uint64_t off,
		      const char *data, size_t size)
{
	if (!f->has_file) {
		if (strlen(key) > FORM_NAME_MAX)
			return -1; /* as for any field name */
		const char *tmp = getenv("TMPDIR");
		snprintf(f->path, sizeof f->path, "%s/overstap-upload-XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
		int fd = mkstemp(f->path); /* mode 0600 */
		if (fd < 0)
			return -1;
		f->file = fdopen(fd, "wb");
		if (!f->file) {
			close(fd);
			unlink(f->path);
			return -1;
		}
		f->has_file = true;
		snprintf(f->file_field, sizeof f->file_field, "%s", key);
		snprintf(f->file_name, sizeof f->file_name, "%s", filename);
	} else if (strcmp(f->file_field, key) != 0 ||
		   strncmp(f->file_name, filename, sizeof f->file_name - 1) != 0 ||
		   (off == 0 && f->file_size > 0)) {
		return -1; /* a second file */
	}
	if (size > 0 && fwrite(data, 1, size, f->file) != size)
		return -1;
	f->file_size += size;
	return 0;
}

static enum MHD_Result iterate(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *filename, const char *content_type,
			       const char *transfer_encoding, const char *data, uint64_t off,
			       size_t size)
{
	struct form *f = cls;
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (f->bad || !key)
		return MHD_NO;
	if (filename) {
		f->cur = NULL; /* a field after the file starts a new value */
		if (file_chunk(f, key, filename, off, data, size) < 0)
			f->bad = true;
		return f->bad ? MHD_NO : MHD_YES;
	}
	struct field *x = field_for(f, key, off);
	if (!x) {
		f->bad = true;
		return MHD_NO;
	}
	if (size == 0)
		return MHD_YES;
	/* The ',' before a further value goes in with its first byte. */
	size_t sep = f->cur_bytes == 0 && x->len > 0;
	if (size + sep > FORM_VALUE_MAX - x->len) {
		f->bad = true;
		return MHD_NO;
	}
	if (sep)
		x->value[x->len++] = ',';
	memcpy(x->value + x->len, data, size);
	x->len += size;
	x->value[x->len] = '\0';
	f->cur_bytes += size;
	return MHD_YES;
}

struct form *form_open(struct MHD_Connection *conn)
{
	const char *ct =
		MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!ct || (strncasecmp(ct, MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
				strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) != 0 &&
		    strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
				strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) != 0))
		return NULL;
	struct form *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->pp = MHD_create_post_processor(conn, PP_BUFFER, iterate, f);
	if (!f->pp)
		f->bad = true; /* e.g. multipart without a boundary */
	return f;
}

int form_feed(struct form *f, const char *data, size_t n)
{
	if (!f->bad && MHD_post_process(f->pp, data, n) != MHD_YES)
		f->bad = true;
	return f->bad ? -1 : 0;
}

bool form_finish(struct form *f)
{
	if (!f->finished) {
		f->finished = true;
		if (f->pp && MHD_destroy_post_processor(f->pp) != MHD_YES)
			f->bad = true;
		f->pp = NULL;
		if (f->file && fclose(f->file) != 0)
			f->bad = true;
		f->file = NULL;
	}
	return !f->bad;
}

void form_free(struct form *f)
{
	if (!f)
		return;
	if (f->pp)
		MHD_destroy_post_processor(f->pp);
	if (f->file)
		fclose(f->file);
	if (f->has_file)
		unlink(f->path);
	for (size_t i = 0; i < f->n; i++) {
		explicit_bzero(f->fields[i].value, f->fields[i].len); /* passwords */
		free(f->fields[i].value);
	}
	free(f);
}

const char *form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}

const char *form_file(const struct form *f, const char **client_name, size_t *size)
{
	if (!f || !f->has_file)
		return NULL;
	if (client_name)
		*client_name = f->file_name;
	if (size)
		*size = f->file_size;
	return f->path;
}
