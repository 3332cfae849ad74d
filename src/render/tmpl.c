/* Mustache templates: a parser that builds a tree of nodes once, and a
 * renderer that walks it against a jansson context stack. See tmpl.h. */
#include "render/tmpl.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DELIM_MAX 16          /* a delimiter is at most 15 bytes */
#define NAME_MAX_LEN 255      /* bytes in a tag name */
#define RENDER_MAX_DEPTH 1024 /* nested sections, blocks and partials while rendering */
#define PARTIALS_MAX 64       /* distinct partials (name, indentation) in one render */
#define NPOS ((size_t)-1)

enum nkind { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL, N_BLOCK, N_PARENT };

struct node;
struct list {
	struct node *v;
	size_t n, cap;
};

struct node {
	enum nkind kind;
	bool escape;        /* N_VAR */
	bool dynamic;       /* N_PARTIAL, N_PARENT: the name is looked up ({{>*x}}) */
	const char *s;      /* N_TEXT: the text; otherwise the tag name */
	size_t n;           /* its length */
	const char *indent; /* N_PARTIAL, N_PARENT on a standalone line: the blanks before */
	size_t indent_n;    /* its length, 0 when none; N_BLOCK: blanks before the tag */
	const char *first;  /* N_BLOCK on a standalone line: blanks starting its content */
	size_t first_n;     /* their length */
	bool alone;         /* N_BLOCK: its opening tag is standalone */
	struct list kids;   /* N_SECTION, N_INVERTED, N_BLOCK, N_PARENT */
};

struct tmpl {
	char *src; /* owned; nodes point into it */
	size_t n;
	struct list root;
};

/* ---- parsing ---- */

struct parser {
	const char *s;
	size_t n, pos;
	char od[DELIM_MAX], cd[DELIM_MAX]; /* open and close delimiters */
	size_t odn, cdn;
	char *err;
	size_t errlen;
};

struct tag {
	char kind; /* one of # ^ / ! > = & { $ < or 'v' for a plain variable */
	size_t start, end;
	const char *name;
	size_t name_n;
	bool dynamic;
	size_t ls; /* the start of its line when only blanks precede it there, else NPOS */
};

static void where(const char *s, size_t off, long *line, long *col)
{
	long l = 1;
	size_t ls = 0;
	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n') {
			l++;
			ls = i + 1;
		}
	*line = l;
	*col = (long)(off - ls) + 1;
}

static int perr(struct parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int perr(struct parser *p, size_t off, const char *fmt, ...)
{
	long line, col;
	where(p->s, off, &line, &col);
	int k = snprintf(p->err, p->errlen, "line %ld, column %ld: ", line, col);
	if (k >= 0 && (size_t)k < p->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(p->err + k, p->errlen - (size_t)k, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static size_t find(const char *s, size_t n, size_t from, const char *needle, size_t nn)
{
	for (size_t i = from; i < n && n - i >= nn; i++) {
		const char *h = memchr(s + i, needle[0], n - i - nn + 1);
		if (!h)
			return NPOS;
		i = (size_t)(h - s);
		if (memcmp(h, needle, nn) == 0)
			return i;
	}
	return NPOS;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool space(char c)
{
	return blank(c) || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The start of the line holding off when only blanks precede off on it.
 * Text between a parent's tags is ignored, so the tags before off at the top
 * level of a parent, ending at he, count as blanks back to hs. */
static size_t blank_before(const char *s, size_t off, size_t hs, size_t he)
{
	size_t i = off;
	while (i > 0 && blank(s[i - 1]))
		i--;
	if (he != NPOS && i == he)
		return hs;
	return i == 0 || s[i - 1] == '\n' ? i : NPOS;
}

/* Just past the end of the line (its newline included) when only blanks
 * follow off on it. */
static size_t blank_after(const char *s, size_t n, size_t off)
{
	size_t i = off;
	while (i < n && blank(s[i]))
		i++;
	if (i == n)
		return n;
	if (s[i] == '\n')
		return i + 1;
	if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
		return i + 2;
	return NPOS;
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && space((*s)[*n - 1]))
		(*n)--;
}

static int push(struct list *l, const struct node *nd)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct node *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *nd;
	return 0;
}

static void list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		list_free(&l->v[i].kids);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int add_text(struct parser *p, struct list *l, size_t from, size_t to)
{
	if (to <= from)
		return 0;
	struct node nd = {.kind = N_TEXT, .s = p->s + from, .n = to - from};
	return push(l, &nd) == 0 ? 0 : perr(p, from, "out of memory");
}

static int set_delims(struct parser *p, const struct tag *t)
{
	const char *s = t->name, *end = t->name + t->name_n;
	while (s < end && space(*s))
		s++;
	while (end > s && space(end[-1]))
		end--;
	const char *a = s, *b;
	while (s < end && !space(*s))
		s++;
	size_t an = (size_t)(s - a);
	while (s < end && space(*s))
		s++;
	b = s;
	while (s < end && !space(*s))
		s++;
	size_t bn = (size_t)(s - b);
	if (an == 0 || bn == 0 || s != end || an >= DELIM_MAX || bn >= DELIM_MAX ||
	    memchr(a, '=', an) || memchr(b, '=', bn))
		return perr(p, t->start,
			    "bad delimiters: want two words without '=' of at most %d bytes",
			    DELIM_MAX - 1);
	memcpy(p->od, a, an);
	p->odn = an;
	memcpy(p->cd, b, bn);
	p->cdn = bn;
	return 0;
}

static int read_tag(struct parser *p, size_t at, struct tag *t)
{
	size_t i = at + p->odn;
	char k = i < p->n ? p->s[i] : '\0';
	if (k != '\0' && strchr("#^/!>=&{$<", k))
		i++;
	else
		k = 'v';
	char closer[DELIM_MAX + 1];
	size_t cn = 0;
	if (k == '{' || k == '=')
		closer[cn++] = k == '{' ? '}' : '=';
	memcpy(closer + cn, p->cd, p->cdn);
	cn += p->cdn;
	size_t c = find(p->s, p->n, i, closer, cn);
	if (c == NPOS)
		return perr(p, at, "unclosed tag: no '%.*s'", (int)cn, closer);
	t->kind = k;
	t->start = at;
	t->end = c + cn;
	t->name = p->s + i;
	t->name_n = c - i;
	t->dynamic = false;
	if (k == '!' || k == '=')
		return 0;
	trim(&t->name, &t->name_n);
	if ((k == '>' || k == '<') && t->name_n > 0 && t->name[0] == '*') {
		t->dynamic = true;
		t->name++;
		t->name_n--;
		trim(&t->name, &t->name_n);
	}
	if (t->name_n == 0)
		return perr(p, at, "empty tag name");
	if (t->name_n > NAME_MAX_LEN)
		return perr(p, at, "tag name longer than %d bytes", NAME_MAX_LEN);
	for (size_t j = 0; j < t->name_n; j++)
		if (space(t->name[j]) || t->name[j] == '\0')
			return perr(p, at, "blank inside tag name '%.*s'", (int)t->name_n, t->name);
	return 0;
}

/* Parses nodes into l until the end (opener NULL) or the tag closing
 * opener; *closer receives that closing tag. */
static int parse_list(struct parser *p, struct list *l, int depth, const struct tag *opener,
		      struct tag *closer)
{
	size_t hs = NPOS, he = NPOS; /* see blank_before */
	if (opener && opener->kind == '<' && opener->ls != NPOS) {
		hs = opener->ls;
		he = opener->end;
	}
	for (;;) {
		size_t q = find(p->s, p->n, p->pos, p->od, p->odn);
		if (q == NPOS) {
			if (add_text(p, l, p->pos, p->n) != 0)
				return -1;
			p->pos = p->n;
			if (opener)
				return perr(p, opener->start, "unclosed section '%.*s'",
					    (int)opener->name_n, opener->name);
			return 0;
		}
		struct tag t;
		if (read_tag(p, q, &t) != 0)
			return -1;
		size_t ls = NPOS, le = NPOS;
		if (strchr("#^/!>=$<", t.kind)) {
			ls = blank_before(p->s, q, hs, he);
			if (ls != NPOS)
				le = blank_after(p->s, p->n, t.end);
		}
		bool alone = ls != NPOS && le != NPOS;
		t.ls = ls;
		if (add_text(p, l, p->pos, alone ? ls : q) != 0)
			return -1;
		p->pos = alone ? le : t.end;
		struct node nd = {.s = t.name, .n = t.name_n, .dynamic = t.dynamic};
		switch (t.kind) {
		case '!':
			continue;
		case '=':
			if (set_delims(p, &t) != 0)
				return -1;
			continue;
		case '/':
			if (!opener)
				return perr(p, q, "closing tag '%.*s' without an open section",
					    (int)t.name_n, t.name);
			if (t.name_n != opener->name_n || memcmp(t.name, opener->name, t.name_n)) {
				long line, col;
				where(p->s, opener->start, &line, &col);
				return perr(p, q,
					    "closing tag '%.*s' does not match '%.*s' opened on "
					    "line %ld",
					    (int)t.name_n, t.name, (int)opener->name_n,
					    opener->name, line);
			}
			*closer = t;
			return 0;
		case 'v':
		case '&':
		case '{':
			nd.kind = N_VAR;
			nd.escape = t.kind == 'v';
			break;
		case '>':
			nd.kind = N_PARTIAL;
			if (alone) {
				nd.indent = p->s + ls;
				nd.indent_n = q - ls;
			}
			break;
		default: {
			nd.kind = t.kind == '#'   ? N_SECTION
				  : t.kind == '^' ? N_INVERTED
				  : t.kind == '$' ? N_BLOCK
						  : N_PARENT;
			if (depth >= TMPL_MAX_DEPTH)
				return perr(p, q, "sections nested deeper than %d", TMPL_MAX_DEPTH);
			struct tag end;
			if (parse_list(p, &nd.kids, depth + 1, &t, &end) != 0) {
				list_free(&nd.kids);
				return -1;
			}
			if (opener && opener->kind == '<' && nd.kind == N_BLOCK) {
				hs = end.ls;
				he = end.end;
			}
			if (nd.kind == N_BLOCK) {
				size_t b = q, c = alone ? le : end.start;
				while (b > 0 && blank(p->s[b - 1]))
					b--;
				if (ls != NPOS) {
					nd.indent = p->s + b;
					nd.indent_n = q - b;
				}
				nd.alone = alone;
				nd.first = p->s + c;
				while (alone && c < end.start && blank(p->s[c]))
					c++;
				nd.first_n = (size_t)(p->s + c - nd.first);
			} else if (nd.kind == N_PARENT && alone) {
				nd.indent = p->s + ls;
				nd.indent_n = q - ls;
			} else if (nd.kind == N_PARENT && ls != NPOS && end.ls == ls &&
				   (le = blank_after(p->s, p->n, end.end)) != NPOS) {
				/* {{<x}}…{{/x}} on one line of its own is standalone */
				size_t cut = q - ls;
				if (l->n > 0 && l->v[l->n - 1].kind == N_TEXT &&
				    l->v[l->n - 1].s + l->v[l->n - 1].n == p->s + q &&
				    l->v[l->n - 1].n >= cut)
					l->v[l->n - 1].n -= cut;
				nd.indent = p->s + ls;
				nd.indent_n = cut;
				p->pos = le;
			}
			break;
		}
		}
		if (push(l, &nd) != 0) {
			list_free(&nd.kids);
			return perr(p, q, "out of memory");
		}
	}
}

/* Parses src (n bytes, taking ownership of it). */
static int parse_owned(char *src, size_t n, struct tmpl **out, char *err, size_t errlen)
{
	*out = NULL;
	struct tmpl *t = calloc(1, sizeof *t);
	if (!t) {
		free(src);
		snprintf(err, errlen, "line 1, column 1: out of memory");
		return -1;
	}
	t->src = src;
	t->n = n;
	if (n > TMPL_MAX_SIZE) {
		snprintf(err, errlen, "line 1, column 1: template larger than %u bytes",
			 TMPL_MAX_SIZE);
		tmpl_free(t);
		return -1;
	}
	struct parser p = {.s = src, .n = n, .odn = 2, .cdn = 2, .err = err, .errlen = errlen};
	memcpy(p.od, "{{", 2);
	memcpy(p.cd, "}}", 2);
	if (parse_list(&p, &t->root, 0, NULL, NULL) != 0) {
		tmpl_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

int tmpl_parse(const char *src, size_t n, struct tmpl **out, char *err, size_t errlen)
{
	*out = NULL;
	if (n > TMPL_MAX_SIZE) {
		snprintf(err, errlen, "line 1, column 1: template larger than %u bytes",
			 TMPL_MAX_SIZE);
		return -1;
	}
	char *copy = malloc(n + 1);
	if (!copy) {
		snprintf(err, errlen, "line 1, column 1: out of memory");
		return -1;
	}
	memcpy(copy, src, n);
	copy[n] = '\0';
	return parse_owned(copy, n, out, err, errlen);
}

void tmpl_free(struct tmpl *t)
{
	if (!t)
		return;
	list_free(&t->root);
	free(t->src);
	free(t);
}

/* ---- rendering ---- */

struct pcache {
	struct pcache *next;
	char name[NAME_MAX_LEN + 1];
	const char *indent; /* borrowed from the including template */
	size_t indent_n;
	struct tmpl *t; /* NULL: no such partial */
};

struct rstate {
	const struct tmpl_opts *o;
	char *out;
	size_t n, cap, max;
	const json_t **stack;
	size_t sn, scap;
	const struct list **blocks; /* parents' block lists, outermost first */
	size_t bn, bcap;
	struct pcache *cache;
	size_t ncache;
	int depth, pdepth;
	unsigned long steps;
	char *err;
	size_t errlen;
};

static int rfail(struct rstate *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int rfail(struct rstate *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int put(struct rstate *r, const char *s, size_t n)
{
	if (n > r->max - r->n)
		return rfail(r, "output longer than %zu bytes", r->max);
	if (r->n + n + 1 > r->cap) {
		size_t cap = r->cap ? r->cap : 256;
		while (cap < r->n + n + 1)
			cap *= 2;
		char *p = realloc(r->out, cap);
		if (!p)
			return rfail(r, "out of memory");
		r->out = p;
		r->cap = cap;
	}
	if (n > 0)
		memcpy(r->out + r->n, s, n);
	r->n += n;
	return 0;
}

static int put_escaped(struct rstate *r, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *e;
		switch (s[i]) {
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&#39;";
			break;
		default:
			continue;
		}
		if (put(r, s + from, i - from) != 0 || put(r, e, strlen(e)) != 0)
			return -1;
		from = i + 1;
	}
	return put(r, s + from, n - from);
}

static int push_ctx(struct rstate *r, const json_t *v)
{
	if (r->sn == r->scap) {
		size_t cap = r->scap ? r->scap * 2 : 16;
		const json_t **s = realloc(r->stack, cap * sizeof *s);
		if (!s)
			return rfail(r, "out of memory");
		r->stack = s;
		r->scap = cap;
	}
	r->stack[r->sn++] = v;
	return 0;
}

/* The value of a (dotted) name, or NULL when it is missing. */
static const json_t *lookup(const struct rstate *r, const char *name, size_t n)
{
	if (n == 1 && name[0] == '.')
		return r->sn ? r->stack[r->sn - 1] : NULL;
	const char *dot = memchr(name, '.', n);
	size_t seg = dot ? (size_t)(dot - name) : n;
	const json_t *v = NULL;
	for (size_t i = r->sn; i-- > 0;)
		if (json_is_object(r->stack[i]) &&
		    (v = json_object_getn(r->stack[i], name, seg)) != NULL)
			break;
	while (v && dot) {
		name = dot + 1;
		n -= seg + 1;
		dot = memchr(name, '.', n);
		seg = dot ? (size_t)(dot - name) : n;
		v = json_is_object(v) ? json_object_getn(v, name, seg) : NULL;
	}
	return v;
}

static bool truthy(const json_t *v)
{
	return v && !json_is_null(v) && !json_is_false(v) &&
	       !(json_is_array(v) && json_array_size(v) == 0);
}

static int put_value(struct rstate *r, const json_t *v, bool escape)
{
	char b[64];
	const char *s = b;
	size_t n;
	if (json_is_string(v)) {
		s = json_string_value(v);
		n = json_string_length(v);
	} else if (json_is_integer(v)) {
		n = (size_t)snprintf(b, sizeof b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else if (json_is_real(v)) {
		double d = json_real_value(v);
		/* the shortest form that reads back as the same number */
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(b, sizeof b, "%.*g", prec, d);
			if (strtod(b, NULL) == d)
				break;
		}
		n = strlen(b);
	} else if (json_is_true(v)) {
		s = "true";
		n = 4;
	} else if (json_is_false(v)) {
		s = "false";
		n = 5;
	} else {
		return 0; /* missing, null, objects and arrays render as nothing */
	}
	return escape ? put_escaped(r, s, n) : put(r, s, n);
}

static int render_list(struct rstate *r, const struct list *l);

/* The partial's text with indent before every line that has text. */
static char *indented(const char *s, size_t n, const char *ind, size_t in, size_t *out_n)
{
	size_t lines = 1;
	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	if (n > TMPL_MAX_SIZE || lines * in > TMPL_MAX_SIZE)
		return NULL;
	char *o = malloc(n + lines * in + 1), *w = o;
	if (!o)
		return NULL;
	bool at_start = true;
	for (size_t i = 0; i < n; i++) {
		if (at_start) {
			memcpy(w, ind, in);
			w += in;
		}
		*w++ = s[i];
		at_start = s[i] == '\n';
	}
	*w = '\0';
	*out_n = (size_t)(w - o);
	return o;
}

/* The partial called name, parsed with indentation; *t NULL when missing. */
static int get_partial(struct rstate *r, const char *name, const char *ind, size_t in,
		       struct tmpl **t)
{
	for (struct pcache *c = r->cache; c; c = c->next)
		if (strcmp(c->name, name) == 0 && c->indent_n == in &&
		    (in == 0 || memcmp(c->indent, ind, in) == 0)) {
			*t = c->t;
			return 0;
		}
	if (r->ncache >= PARTIALS_MAX)
		return rfail(r, "more than %d different partials", PARTIALS_MAX);
	struct pcache *c = calloc(1, sizeof *c);
	if (!c)
		return rfail(r, "out of memory");
	snprintf(c->name, sizeof c->name, "%s", name);
	c->indent = ind;
	c->indent_n = in;
	c->next = r->cache;
	r->cache = c;
	r->ncache++;
	char *text = NULL;
	size_t n = 0;
	char e[256] = "";
	int rc = r->o && r->o->load ? r->o->load(r->o->cls, name, &text, &n, e, sizeof e) : 0;
	if (rc < 0) {
		free(text);
		return rfail(r, "partial %s: %s", name, e[0] ? e : "cannot be loaded");
	}
	if (rc > 0 && in > 0) {
		size_t m = 0;
		char *t2 = indented(text, n, ind, in, &m);
		free(text);
		if (!t2)
			return rfail(r, "partial %s: too large or out of memory", name);
		text = t2;
		n = m;
	}
	if (rc > 0 && parse_owned(text, n, &c->t, e, sizeof e) != 0)
		return rfail(r, "partial %s: %s", name, e);
	*t = c->t;
	return 0;
}

/* Copies a partial's name, looking it up for {{>*name}}; "" when missing. */
static void partial_name(const struct rstate *r, const struct node *nd, char name[NAME_MAX_LEN + 1])
{
	name[0] = '\0';
	const char *s = nd->s;
	size_t n = nd->n;
	if (nd->dynamic) {
		const json_t *v = lookup(r, nd->s, nd->n);
		if (!json_is_string(v))
			return;
		s = json_string_value(v);
		n = json_string_length(v);
		if (n > NAME_MAX_LEN || memchr(s, '\0', n))
			return;
	}
	memcpy(name, s, n);
	name[n] = '\0';
}

static int render_partial(struct rstate *r, const struct node *nd)
{
	char name[NAME_MAX_LEN + 1];
	partial_name(r, nd, name);
	if (!name[0])
		return 0;
	if (r->pdepth >= TMPL_MAX_PARTIAL_DEPTH)
		return rfail(r, "partials nested deeper than %d (at '%s')", TMPL_MAX_PARTIAL_DEPTH,
			     name);
	struct tmpl *t = NULL;
	if (get_partial(r, name, nd->indent, nd->indent_n, &t) != 0)
		return -1;
	if (!t)
		return 0;
	if (nd->kind == N_PARENT) {
		if (r->bn == r->bcap) {
			size_t cap = r->bcap ? r->bcap * 2 : 8;
			const struct list **b = realloc(r->blocks, cap * sizeof *b);
			if (!b)
				return rfail(r, "out of memory");
			r->blocks = b;
			r->bcap = cap;
		}
		r->blocks[r->bn++] = &nd->kids;
	}
	r->pdepth++;
	int rc = render_list(r, &t->root);
	r->pdepth--;
	if (nd->kind == N_PARENT)
		r->bn--;
	return rc;
}

/* The block that renders for nd: the outermost override, else nd. */
static const struct node *block_for(const struct rstate *r, const struct node *nd)
{
	for (size_t i = 0; i < r->bn; i++)
		for (size_t j = 0; j < r->blocks[i]->n; j++) {
			const struct node *b = &r->blocks[i]->v[j];
			if (b->kind == N_BLOCK && b->n == nd->n && memcmp(b->s, nd->s, nd->n) == 0)
				return b;
		}
	return nd;
}

/* Renders the override b at the site nd: the indentation b's content had
 * where it was written is taken off each line, and nd's is put on (on every
 * line when nd stands alone, else after each newline). */
static int render_override(struct rstate *r, const struct node *nd, const struct node *b)
{
	size_t start = r->n;
	if (render_list(r, &b->kids) != 0)
		return -1;
	const char *site = nd->alone && nd->first_n ? nd->first : nd->indent;
	size_t sn = nd->alone && nd->first_n ? nd->first_n : nd->indent_n;
	size_t dn = b->alone ? b->first_n : 0, len = r->n - start;
	if (sn == 0 && dn == 0)
		return 0;
	char *copy = malloc(len + 1);
	if (!copy)
		return rfail(r, "out of memory");
	memcpy(copy, r->out + start, len);
	r->n = start;
	int rc = 0;
	for (size_t i = 0; i < len && rc == 0;) {
		size_t k = 0;
		while (k < dn && i + k < len && copy[i + k] == b->first[k])
			k++;
		i += k;
		const char *nl = memchr(copy + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - copy) + 1 : len;
		if (nd->alone || start != r->n)
			rc = put(r, site, sn);
		if (rc == 0)
			rc = put(r, copy + i, e - i);
		i = e;
	}
	free(copy);
	return rc;
}

static int render_node(struct rstate *r, const struct node *nd)
{
	const json_t *v;
	switch (nd->kind) {
	case N_TEXT:
		return put(r, nd->s, nd->n);
	case N_VAR:
		return put_value(r, lookup(r, nd->s, nd->n), nd->escape);
	case N_INVERTED:
		return truthy(lookup(r, nd->s, nd->n)) ? 0 : render_list(r, &nd->kids);
	case N_SECTION:
		v = lookup(r, nd->s, nd->n);
		if (!truthy(v))
			return 0;
		if (!json_is_array(v)) {
			if (push_ctx(r, v) != 0)
				return -1;
			int rc = render_list(r, &nd->kids);
			r->sn--;
			return rc;
		}
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (++r->steps > TMPL_MAX_STEPS)
				return rfail(r, "template needs more than %lu steps",
					     TMPL_MAX_STEPS);
			if (push_ctx(r, json_array_get(v, i)) != 0)
				return -1;
			int rc = render_list(r, &nd->kids);
			r->sn--;
			if (rc != 0)
				return -1;
		}
		return 0;
	case N_BLOCK: {
		const struct node *b = block_for(r, nd);
		return b == nd ? render_list(r, &nd->kids) : render_override(r, nd, b);
	}
	case N_PARTIAL:
	case N_PARENT:
		return render_partial(r, nd);
	}
	return 0;
}

static int render_list(struct rstate *r, const struct list *l)
{
	if (r->depth >= RENDER_MAX_DEPTH)
		return rfail(r, "nested deeper than %d while rendering", RENDER_MAX_DEPTH);
	r->depth++;
	int rc = 0;
	for (size_t i = 0; i < l->n && rc == 0; i++) {
		if (++r->steps > TMPL_MAX_STEPS)
			rc = rfail(r, "template needs more than %lu steps", TMPL_MAX_STEPS);
		else
			rc = render_node(r, &l->v[i]);
	}
	r->depth--;
	return rc;
}

int tmpl_render(const struct tmpl *t, const json_t *ctx, const struct tmpl_opts *o, char **out,
		size_t *out_n, char *err, size_t errlen)
{
	struct rstate r = {
		.o = o,
		.max = o && o->max_output ? o->max_output : TMPL_MAX_SIZE,
		.err = err,
		.errlen = errlen,
	};
	*out = NULL;
	*out_n = 0;
	int rc = push_ctx(&r, ctx);
	if (rc == 0)
		rc = render_list(&r, &t->root);
	if (rc == 0 && !r.out)
		rc = put(&r, "", 0); /* allocates the buffer for the NUL */
	if (rc == 0) {
		r.out[r.n] = '\0';
		*out = r.out;
		*out_n = r.n;
		r.out = NULL;
	}
	free(r.out);
	free(r.stack);
	free(r.blocks);
	while (r.cache) {
		struct pcache *c = r.cache;
		r.cache = c->next;
		tmpl_free(c->t);
		free(c);
	}
	return rc;
}
