/* Static files: an allowlist, read once (static.h). */
#include "web/static.h"

#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/embedded.h"

#define CSS "text/css; charset=utf-8"
#define JS "text/javascript; charset=utf-8"

/* Every file /static/ serves. from_npm: a path below node_modules;
 * otherwise the name of an embedded file. */
static const struct {
	const char *name, *type, *path;
	bool from_npm;
} allow[] = {
	{"nlds-tokens.css", CSS, "@utrecht/design-tokens/dist/theme.css", true},
	{"nlds.css", CSS, "@utrecht/component-library-css/dist/index.css", true},
	{"overstap.css", CSS, "templates/static/overstap.css", false},
	{"session.js", JS, "templates/static/session.js", false},
};

_Static_assert(sizeof allow / sizeof allow[0] <=
		       sizeof((struct static_files *)0)->f / sizeof(struct static_file),
	       "static_files holds every allowlisted file");

static bool is_dir_with(const char *dir, const char *rel)
{
	char path[1024];
	struct stat st;
	int n = snprintf(path, sizeof path, "%s/%s", dir, rel);
	return n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* node_modules beside a source checkout's build/MODE/overstap, or here. */
static void find_dir(char *out, size_t cap)
{
	char exe[PATH_MAX];
	out[0] = '\0';
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			int w = snprintf(out, cap, "%s/../../node_modules", exe);
			if (w > 0 && (size_t)w < cap && is_dir_with(out, allow[0].path))
				return;
		}
	}
	snprintf(out, cap, "node_modules");
	if (!is_dir_with(out, allow[0].path))
		out[0] = '\0';
}

static char *read_file(const char *dir, const char *rel, size_t *len)
{
	char path[1024];
	char *buf = NULL;
	int n = snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (n < 0 || (size_t)n >= sizeof path)
		return NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
	    (size_t)st.st_size > STATIC_FILE_MAX)
		goto cleanup;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		goto cleanup;
	*len = fread(buf, 1, (size_t)st.st_size, f);
	if (*len != (size_t)st.st_size || ferror(f)) {
		free(buf);
		buf = NULL;
		goto cleanup;
	}
	buf[*len] = '\0';
cleanup:
	fclose(f);
	return buf;
}

struct static_files *static_load(const char *dir, char *warn, size_t warncap, char *err,
				 size_t errcap)
{
	struct static_files *s = calloc(1, sizeof *s);
	size_t npm = 0;
	warn[0] = '\0';
	if (!s || sodium_init() < 0) {
		snprintf(err, errcap, "out of memory");
		free(s);
		return NULL;
	}
	if (dir)
		snprintf(s->dir, sizeof s->dir, "%s", dir);
	else
		find_dir(s->dir, sizeof s->dir);
	for (size_t i = 0; i < sizeof allow / sizeof allow[0]; i++) {
		struct static_file *f = &s->f[s->n];
		f->name = allow[i].name;
		f->content_type = allow[i].type;
		if (allow[i].from_npm) {
			f->data = s->dir[0] ? read_file(s->dir, allow[i].path, &f->len) : NULL;
			f->owned = true;
			if (!f->data) {
				snprintf(warn, warncap, "%s/%s is missing: pages are unstyled",
					 s->dir[0] ? s->dir : "node_modules", allow[i].path);
				continue;
			}
			npm++;
		} else {
			const struct embedded_file *e = embedded_find(allow[i].path);
			if (!e) {
				snprintf(err, errcap, "%s is missing from the build",
					 allow[i].path);
				static_free(s);
				return NULL;
			}
			f->data = e->data;
			f->len = e->len;
			f->owned = false;
		}
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, (const unsigned char *)f->data, f->len);
		sodium_bin2hex(f->version, sizeof f->version, h, 4);
		s->n++;
	}
	if (dir && npm == 0) {
		snprintf(err, errcap, "--static-dir %s holds no NL Design System CSS (%s)", dir,
			 allow[0].path);
		static_free(s);
		return NULL;
	}
	return s;
}

void static_free(struct static_files *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (s->f[i].owned)
			free((char *)s->f[i].data);
	free(s);
}

const struct static_file *static_find(const struct static_files *s, const char *name)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (strcmp(s->f[i].name, name) == 0)
			return &s->f[i];
	return NULL;
}
