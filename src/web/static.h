/* Static files under /static/NAME: the NL Design System CSS from npm
 * (@utrecht/component-library-css, @utrecht/design-tokens) and overstap's
 * own small stylesheet and page script (templates/static/, carried in the
 * binary).
 *
 * Only the names in the allowlist (static.c) exist: the CSS is read once at
 * start-up from the node_modules directory given by --static-dir, or found
 * beside the binary (BINDIR/../../node_modules, as in a source checkout) or
 * in ./node_modules; a request never touches the file system, so no path
 * can escape. Each file has a version (the first 8 hex digits of its
 * SHA-256) that the pages put in the URL (?v=...), so the replies carry
 * long cache headers (a year, immutable). */
#ifndef OVERSTAP_WEB_STATIC_H
#define OVERSTAP_WEB_STATIC_H

#include <stdbool.h>
#include <stddef.h>

#define STATIC_FILE_MAX (4u << 20) /* bytes of one file */

struct static_file {
	const char *name;         /* "nlds.css": the NAME in /static/NAME */
	const char *content_type; /* with charset */
	const char *data;
	size_t len;
	char version[9]; /* 8 hex digits of the SHA-256 */
	bool owned;      /* data was read from disk (freed by static_free) */
};

struct static_files {
	struct static_file f[8];
	size_t n;
	char dir[512]; /* the node_modules directory used; "" when none was found */
};

/* Loads the allowlisted files. dir NULL: look for node_modules (above).
 * A missing NL Design System file is not fatal (the pages are then
 * unstyled): it is named in warn. Returns NULL with a message in err when
 * out of memory or when dir was given and holds none of the files. */
struct static_files *static_load(const char *dir, char *warn, size_t warncap, char *err,
				 size_t errcap);
void static_free(struct static_files *s);

/* The file of that name, or NULL. */
const struct static_file *static_find(const struct static_files *s, const char *name);

#endif
