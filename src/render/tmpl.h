/* Mustache templates: parse once into a tree, render against a jansson value.
 *
 * Supported: {{name}} (HTML-escaped: & < > " and ' as &#39;), {{{name}}} and
 * {{& name}} (raw), sections {{#x}}…{{/x}}, inverted sections {{^x}}…{{/x}},
 * comments {{! … }}, delimiter changes {{=<% %>=}}, partials {{> name}} and
 * {{>* dynamic}}, blocks {{$name}}…{{/name}} and parents {{< name}}…{{/name}}
 * (the spec's optional inheritance), standalone lines, dotted names, the
 * implicit iterator {{.}} and lookup up the context stack. Lambdas are not.
 *
 * Falsey: missing, null, false and the empty array. A section over an array
 * renders once per element; any other truthy value is pushed once.
 *
 * Limits: a template is at most TMPL_MAX_SIZE bytes and nests sections at
 * most TMPL_MAX_DEPTH deep; partials and parents nest at most
 * TMPL_MAX_PARTIAL_DEPTH deep while rendering; a render visits at most
 * TMPL_MAX_STEPS nodes; the output is bounded by the caller. */
#ifndef OVERSTAP_RENDER_TMPL_H
#define OVERSTAP_RENDER_TMPL_H

#include <jansson.h>
#include <stddef.h>

#define TMPL_MAX_SIZE (1u << 20)
#define TMPL_MAX_DEPTH 64
#define TMPL_MAX_PARTIAL_DEPTH 16
#define TMPL_MAX_STEPS (1ul << 20)

struct tmpl;

/* Parses src (n bytes, NUL not needed) into *out; the caller frees with
 * tmpl_free(). On a template that does not parse, returns -1 with
 * "line L, column C: reason" in err (L and C count from 1; C in bytes). */
int tmpl_parse(const char *src, size_t n, struct tmpl **out, char *err, size_t errlen);
void tmpl_free(struct tmpl *t);

/* Finds the partial called name (NUL-terminated). Returns 1 with the text in
 * *text (malloc'd; the engine takes ownership) and its length in *n; 0 when
 * there is no such partial (it renders as nothing, as the spec says); -1 on
 * an error, with a reason in err. */
typedef int (*tmpl_loader)(void *cls, const char *name, char **text, size_t *n, char *err,
			   size_t errlen);

struct tmpl_opts {
	tmpl_loader load;  /* NULL: every partial is missing */
	void *cls;         /* passed to load */
	size_t max_output; /* bytes; 0 means TMPL_MAX_SIZE */
};

/* Renders t against ctx (borrowed). On success returns 0 with the output in
 * *out (NUL-terminated, length in *out_n; the caller frees with free()).
 * On failure returns -1, *out is NULL, and err holds the reason (a partial
 * that does not parse: "partial NAME: line L, column C: reason"). */
int tmpl_render(const struct tmpl *t, const json_t *ctx, const struct tmpl_opts *o, char **out,
		size_t *out_n, char *err, size_t errlen);

#endif
