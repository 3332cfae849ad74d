/* Letters as PDF with cairo and Pango (letter.h says what and where). */
#include "render/letter.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4) /* points per millimetre */
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define LEFT (22.0 * MM)
#define RIGHT (20.0 * MM)
#define BOTTOM (20.0 * MM)
#define TOP_NEXT (20.0 * MM)
#define TEXT_W (PAGE_W - LEFT - RIGHT)
#define ADDR_TOP (47.0 * MM)
#define ADDR_W (85.0 * MM)
#define ADDR_MAX_LINES 5
#define LOGO_X (22.0 * MM)
#define LOGO_Y (12.0 * MM)
#define LOGO_W (60.0 * MM)
#define LOGO_H (22.0 * MM)
#define HEAD_X (130.0 * MM)
#define HEAD_Y (14.0 * MM)
#define DATE_Y (82.0 * MM)
#define BODY_GAP (4.0 * MM) /* between the subject and the body */
#define FOOTER_Y (PAGE_H - 12.0 * MM)
#define SIGN_GAP (14.0 * MM) /* room to sign above the signatory's name */
#define PARA_GAP 7.0         /* points between paragraphs */
#define ITEM_GAP 2.0         /* points between list items */
#define BULLET_INDENT (5.0 * MM)
#define FONT_BODY "DejaVu Sans 10.5"
#define FONT_BOLD "DejaVu Sans Bold 10.5"
#define FONT_SMALL "DejaVu Sans 8"
#define FONT_NAME "DejaVu Sans Bold 15"
#define LINE_SPACING 1.2f
#define MAX_PARAGRAPHS 2000
#define SHARED_MAX 1024 /* paragraphs kept for reuse per PDF */

struct letter_kit {
	char *name, *address, *contact, *signatory, *role;
	cairo_surface_t *logo; /* image (PNG) or recording (SVG) surface; NULL: none */
	double logo_w, logo_h; /* its own size, in its units */
};

/* A paragraph seen before in this PDF (the same text in the same style):
 * laid out once, and from its second use on drawn through a recording
 * surface, which cairo writes into the PDF once as a form that every later
 * page refers to. Letters of one batch share most paragraphs, so this is
 * where the time goes down (docs/PERFORMANCE.md). */
struct shared_block {
	PangoLayout *layout;
	cairo_surface_t *rec; /* NULL until the second use */
	unsigned uses;
};

struct letter_pdf {
	struct letter_kit *k;
	GHashTable *shared; /* key text -> struct shared_block */
	cairo_surface_t *surf;
	cairo_t *cr;
	PangoContext *pc;
	PangoFontDescription *body, *bold, *small, *big;
	PangoLayout *head;       /* the letterhead column, made once per file */
	cairo_surface_t *header; /* the whole letterhead, recorded on first use */
	int pages;
};

/* One block of the flowing text: a laid-out paragraph or list item. */
struct block {
	PangoLayout *layout;
	struct shared_block *shared; /* borrowed from the PDF's table, or NULL */
	double gap_before;           /* points */
	bool keep;                   /* do not split across pages (the signature) */
};

/* Entries used by one letter only (a salutation, an address) make room for
 * new ones once the table is full. */
static gboolean seen_once(gpointer key, gpointer value, gpointer cls)
{
	(void)key;
	(void)cls;
	return ((struct shared_block *)value)->uses < 2;
}

static void shared_free(gpointer v)
{
	struct shared_block *sb = v;
	g_object_unref(sb->layout);
	if (sb->rec)
		cairo_surface_destroy(sb->rec);
	g_free(sb);
}

/* The shared block of key, or NULL; counts the use. */
static struct shared_block *shared_get(struct letter_pdf *p, const char *key)
{
	struct shared_block *sb = g_hash_table_lookup(p->shared, key);
	if (sb)
		sb->uses++;
	return sb;
}

/* Keeps l for reuse under key (while the table has room). */
static struct shared_block *shared_put(struct letter_pdf *p, const char *key, PangoLayout *l)
{
	if (g_hash_table_size(p->shared) >= SHARED_MAX)
		return NULL;
	struct shared_block *sb = g_new0(struct shared_block, 1);
	sb->layout = g_object_ref(l);
	sb->uses = 1;
	g_hash_table_insert(p->shared, g_strdup(key), sb);
	return sb;
}

static char *dup_field(const char *s, const char *what, char *err, size_t errlen, bool *bad)
{
	if (!s || !s[0])
		return NULL;
	size_t n = strnlen(s, LETTER_FIELD_MAX + 1);
	if (n > LETTER_FIELD_MAX) {
		snprintf(err, errlen, "letterhead: %s longer than %u bytes", what,
			 LETTER_FIELD_MAX);
		*bad = true;
		return NULL;
	}
	char *d = malloc(n + 1);
	if (!d) {
		snprintf(err, errlen, "out of memory");
		*bad = true;
		return NULL;
	}
	memcpy(d, s, n + 1);
	return d;
}

struct png_reader {
	const unsigned char *p;
	size_t left;
};

static cairo_status_t read_png(void *cls, unsigned char *data, unsigned int length)
{
	struct png_reader *r = cls;
	if (length > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, length);
	r->p += length;
	r->left -= length;
	return CAIRO_STATUS_SUCCESS;
}

static int load_png(struct letter_kit *k, const unsigned char *b, size_t n, char *err,
		    size_t errlen)
{
	struct png_reader r = {b, n};
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_png, &r);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "logo: not a readable PNG image");
		cairo_surface_destroy(s);
		return -1;
	}
	k->logo = s;
	k->logo_w = cairo_image_surface_get_width(s);
	k->logo_h = cairo_image_surface_get_height(s);
	return 0;
}

/* Renders the SVG once into a recording surface: the PDF then holds it as
 * vectors, and cairo writes it once as a form that every page reuses. */
static int load_svg(struct letter_kit *k, const unsigned char *b, size_t n, char *err,
		    size_t errlen)
{
	int rc = -1;
	GError *ge = NULL;
	cairo_t *cr = NULL;
	RsvgHandle *h = rsvg_handle_new_from_data(b, n, &ge);
	if (!h) {
		snprintf(err, errlen, "logo: neither a PNG nor a readable SVG image (%s)",
			 ge ? ge->message : "unknown error");
		goto cleanup;
	}
	double w = 0, hh = 0;
	if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hh)) {
		gboolean has_vb;
		RsvgRectangle vb;
		rsvg_handle_get_intrinsic_dimensions(h, NULL, NULL, NULL, NULL, &has_vb, &vb);
		if (has_vb) {
			w = vb.width;
			hh = vb.height;
		}
	}
	if (!(w > 0 && hh > 0 && w < 1e5 && hh < 1e5)) {
		snprintf(err, errlen, "logo: the SVG image has no usable size");
		goto cleanup;
	}
	cairo_rectangle_t ext = {0, 0, w, hh};
	k->logo = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	cr = cairo_create(k->logo);
	RsvgRectangle vp = {0, 0, w, hh};
	if (!rsvg_handle_render_document(h, cr, &vp, &ge) ||
	    cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "logo: the SVG image cannot be drawn (%s)",
			 ge ? ge->message : "cairo error");
		goto cleanup;
	}
	k->logo_w = w;
	k->logo_h = hh;
	rc = 0;
cleanup:
	if (cr)
		cairo_destroy(cr);
	if (rc != 0 && k->logo) {
		cairo_surface_destroy(k->logo);
		k->logo = NULL;
	}
	if (ge)
		g_error_free(ge);
	if (h)
		g_object_unref(h);
	return rc;
}

int letter_kit_new(const struct letterhead *lh, struct letter_kit **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!lh->name || !lh->name[0]) {
		snprintf(err, errlen, "letterhead: the organisation's name is missing");
		return -1;
	}
	struct letter_kit *k = calloc(1, sizeof *k);
	if (!k) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	bool bad = false;
	k->name = dup_field(lh->name, "name", err, errlen, &bad);
	if (!bad)
		k->address = dup_field(lh->address, "address", err, errlen, &bad);
	if (!bad)
		k->contact = dup_field(lh->contact, "contact", err, errlen, &bad);
	if (!bad)
		k->signatory = dup_field(lh->signatory, "signatory", err, errlen, &bad);
	if (!bad)
		k->role = dup_field(lh->signatory_role, "signatory role", err, errlen, &bad);
	if (!bad && lh->logo && lh->logo_len > 0) {
		static const unsigned char png_sig[8] = {0x89, 'P',  'N',  'G',
							 '\r', '\n', 0x1a, '\n'};
		if (lh->logo_len > LETTER_LOGO_MAX) {
			snprintf(err, errlen, "logo: larger than %u bytes", LETTER_LOGO_MAX);
			bad = true;
		} else if (lh->logo_len >= 8 && memcmp(lh->logo, png_sig, 8) == 0)
			bad = load_png(k, lh->logo, lh->logo_len, err, errlen) != 0;
		else
			bad = load_svg(k, lh->logo, lh->logo_len, err, errlen) != 0;
	}
	if (bad) {
		letter_kit_free(k);
		return -1;
	}
	*out = k;
	return 0;
}

void letter_kit_free(struct letter_kit *k)
{
	if (!k)
		return;
	free(k->name);
	free(k->address);
	free(k->contact);
	free(k->signatory);
	free(k->role);
	if (k->logo)
		cairo_surface_destroy(k->logo);
	free(k);
}

static PangoLayout *new_layout(struct letter_pdf *p, const PangoFontDescription *font, double width)
{
	PangoLayout *l = pango_layout_new(p->pc);
	pango_layout_set_font_description(l, font);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_line_spacing(l, LINE_SPACING);
	return l;
}

/* A layout of plain text (no markup). */
static PangoLayout *text_layout(struct letter_pdf *p, const PangoFontDescription *font,
				double width, const char *text)
{
	PangoLayout *l = new_layout(p, font, width);
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

/* The letterhead column: name, address and contact lines. */
static PangoLayout *head_layout(struct letter_pdf *p)
{
	const struct letter_kit *k = p->k;
	GString *s = g_string_new(NULL);
	char *t = g_markup_printf_escaped("<b>%s</b>", k->name);
	g_string_append(s, t);
	g_free(t);
	const char *parts[] = {k->address, k->contact};
	for (size_t i = 0; i < 2; i++) {
		if (!parts[i])
			continue;
		t = g_markup_escape_text(parts[i], -1);
		g_string_append_printf(s, "\n\n%s", t);
		g_free(t);
	}
	PangoLayout *l = new_layout(p, p->small, PAGE_W - HEAD_X - RIGHT);
	pango_layout_set_markup(l, s->str, -1); /* escaped above: always valid */
	g_string_free(s, TRUE);
	return l;
}

int letter_pdf_open(struct letter_kit *k, const char *path, const char *title,
		    struct letter_pdf **out, char *err, size_t errlen)
{
	*out = NULL;
	struct letter_pdf *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p->k = k;
	p->surf = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "%s: %s", path,
			 cairo_status_to_string(cairo_surface_status(p->surf)));
		cairo_surface_destroy(p->surf);
		free(p);
		return -1;
	}
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR, "overstap");
	if (title)
		cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE, title);
	p->cr = cairo_create(p->surf);
	p->pc = pango_cairo_create_context(p->cr);
	pango_cairo_context_set_resolution(p->pc, 72.0); /* 1 pt = 1 unit of the page */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->pc, fo);
	cairo_font_options_destroy(fo);
	p->body = pango_font_description_from_string(FONT_BODY);
	p->bold = pango_font_description_from_string(FONT_BOLD);
	p->small = pango_font_description_from_string(FONT_SMALL);
	p->big = pango_font_description_from_string(FONT_NAME);
	p->head = head_layout(p);
	p->shared = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, shared_free);
	*out = p;
	return 0;
}

static void free_blocks(struct block *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i].layout)
			g_object_unref(b[i].layout);
	free(b);
}

/* Lays out one paragraph of markup (n bytes at s) in font as a block, or
 * takes it from the shared ones; a list item (bullet) hangs its lines
 * behind the bullet. para_no names the paragraph in errors (0: the subject). */
static int add_block(struct letter_pdf *p, struct block *b, const char *s, size_t n,
		     const PangoFontDescription *font, bool bullet, int para_no, char *err,
		     size_t errlen)
{
	char *key = g_strdup_printf("%c%c%.*s", bullet ? 'L' : 'P', font == p->bold ? 'B' : 'R',
				    (int)n, s);
	b->shared = shared_get(p, key);
	if (b->shared) {
		b->layout = g_object_ref(b->shared->layout);
		g_free(key);
		return 0;
	}
	PangoAttrList *attrs = NULL;
	char *plain = NULL;
	GError *ge = NULL;
	if (!pango_parse_markup(s, (int)n, 0, &attrs, &plain, NULL, &ge)) {
		if (para_no > 0)
			snprintf(err, errlen, "paragraph %d: %s", para_no,
				 ge ? ge->message : "bad markup");
		else
			snprintf(err, errlen, "subject: %s", ge ? ge->message : "bad markup");
		if (ge)
			g_error_free(ge);
		g_free(key);
		return -1;
	}
	PangoLayout *l = new_layout(p, font, TEXT_W);
	if (bullet) {
		/* "•\t" before the text; the attributes move with it. */
		static const char mark[] = "\xe2\x80\xa2\t";
		size_t shift = sizeof mark - 1;
		char *t = g_strconcat(mark, plain, NULL);
		PangoAttrList *moved = pango_attr_list_new();
		pango_attr_list_splice(moved, attrs, (int)shift, 0);
		pango_attr_list_unref(attrs);
		attrs = moved;
		PangoTabArray *tabs = pango_tab_array_new_with_positions(1, TRUE, PANGO_TAB_LEFT,
									 (int)BULLET_INDENT);
		pango_layout_set_tabs(l, tabs);
		pango_tab_array_free(tabs);
		pango_layout_set_indent(l, -(int)(BULLET_INDENT * PANGO_SCALE));
		pango_layout_set_text(l, t, -1);
		g_free(t);
	} else
		pango_layout_set_text(l, plain, -1);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	g_free(plain);
	b->layout = l;
	b->shared = shared_put(p, key, l);
	g_free(key);
	return 0;
}

/* Splits the body (after the subject line) into blocks: paragraphs at blank
 * lines, list items at lines starting with "- ". */
static int body_blocks(struct letter_pdf *p, const char *body, struct block **out, size_t *nout,
		       char *err, size_t errlen)
{
	struct block *b = NULL;
	size_t n = 0, cap = 0;
	int para = 0;
	const char *s = body;
	*out = NULL;
	*nout = 0;
	while (*s) {
		/* skip blank lines */
		while (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t') {
			const char *e = s;
			while (*e == ' ' || *e == '\t' || *e == '\r')
				e++;
			if (*e != '\n' && *e != '\0')
				break;
			s = *e ? e + 1 : e;
		}
		if (!*s)
			break;
		para++;
		bool first_of_para = true;
		/* the paragraph runs to the next blank line */
		const char *start = s;
		bool list = strncmp(s, "- ", 2) == 0;
		for (;;) {
			const char *nl = strchr(s, '\n');
			const char *next = nl ? nl + 1 : s + strlen(s);
			const char *q = next;
			while (*q == ' ' || *q == '\t' || *q == '\r')
				q++;
			bool end = !nl || *q == '\n' || *q == '\0';
			bool item_end = list && !end && strncmp(next, "- ", 2) == 0;
			if (end || item_end) {
				const char *stop = nl ? nl : next;
				if (n == cap) {
					size_t nc = cap ? cap * 2 : 16;
					struct block *nb = nc > MAX_PARAGRAPHS
								   ? NULL
								   : realloc(b, nc * sizeof *b);
					if (!nb) {
						snprintf(err, errlen,
							 "more than %d paragraphs in one letter",
							 MAX_PARAGRAPHS);
						goto fail;
					}
					b = nb;
					cap = nc;
				}
				struct block *blk = &b[n];
				memset(blk, 0, sizeof *blk);
				const char *txt = list ? start + 2 : start;
				size_t len = (size_t)(stop - txt);
				if (len > LETTER_PARA_MAX) {
					snprintf(err, errlen, "paragraph %d: longer than %u bytes",
						 para, LETTER_PARA_MAX);
					goto fail;
				}
				while (len > 0 && (txt[len - 1] == '\r' || txt[len - 1] == ' '))
					len--;
				/* lines inside a paragraph join with a space */
				char *joined = g_strndup(txt, len);
				for (char *c = joined; *c; c++)
					if (*c == '\n' || *c == '\r')
						*c = ' ';
				int r = add_block(p, blk, joined, strlen(joined), p->body, list,
						  para, err, errlen);
				g_free(joined);
				if (r != 0)
					goto fail;
				blk->gap_before = n == 0 ? 0 : first_of_para ? PARA_GAP : ITEM_GAP;
				n++;
				first_of_para = false;
				if (end) {
					s = next;
					break;
				}
				start = next;
			}
			s = next;
		}
	}
	*out = b;
	*nout = n;
	return 0;
fail:
	free_blocks(b, n);
	return -1;
}

static void show_at(cairo_t *cr, PangoLayout *l, double x, double y)
{
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
}

static double layout_h(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Draws a whole block at (x, y): from its second use on as the recorded form. */
static void draw_block(struct letter_pdf *p, const struct block *b, double x, double y)
{
	struct shared_block *sb = b->shared;
	if (!sb || sb->uses < 2) {
		show_at(p->cr, b->layout, x, y);
		return;
	}
	if (!sb->rec) {
		cairo_rectangle_t ext = {-x, -y, PAGE_W, PAGE_H};
		sb->rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
		cairo_t *rc = cairo_create(sb->rec);
		pango_cairo_show_layout(rc, sb->layout);
		cairo_destroy(rc);
	}
	cairo_set_source_surface(p->cr, sb->rec, x, y);
	cairo_paint(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

/* The height of a layout as the flow counts it: the sum of its lines. */
static double lines_h(PangoLayout *l)
{
	double h = 0;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle lr;
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		h += (double)lr.height / PANGO_SCALE;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return h;
}

/* The fixed parts of a letter's first page. */
/* The letterhead (logo or name, and the column beside it), drawn on cr. */
static void draw_letterhead(struct letter_pdf *p, cairo_t *cr)
{
	const struct letter_kit *k = p->k;
	if (k->logo) {
		double sc = LOGO_W / k->logo_w;
		if (k->logo_h * sc > LOGO_H)
			sc = LOGO_H / k->logo_h;
		cairo_save(cr);
		cairo_translate(cr, LOGO_X, LOGO_Y);
		cairo_scale(cr, sc, sc);
		cairo_set_source_surface(cr, k->logo, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
		cairo_rectangle(cr, 0, 0, k->logo_w, k->logo_h);
		cairo_fill(cr);
		cairo_restore(cr);
	} else {
		PangoLayout *nm = text_layout(p, p->big, LOGO_W + 40 * MM, k->name);
		show_at(cr, nm, LOGO_X, LOGO_Y);
		g_object_unref(nm);
	}
	show_at(cr, p->head, HEAD_X, HEAD_Y);
}

/* The fixed parts of a letter's first page; the letterhead is recorded once
 * per PDF and written once, as a form. */
static void draw_first_page(struct letter_pdf *p, PangoLayout *addr, const struct block *date,
			    const struct block *subject, double subject_y)
{
	if (!p->header) {
		cairo_rectangle_t page = {0, 0, PAGE_W, PAGE_H};
		p->header = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &page);
		cairo_t *rc = cairo_create(p->header);
		draw_letterhead(p, rc);
		cairo_destroy(rc);
	}
	cairo_set_source_surface(p->cr, p->header, 0, 0);
	cairo_paint(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	show_at(p->cr, addr, LEFT, ADDR_TOP);
	draw_block(p, date, LEFT, DATE_Y);
	draw_block(p, subject, LEFT, subject_y);
}

static void draw_footer(struct letter_pdf *p, const struct letter *l, int page, int total)
{
	char buf[96];
	snprintf(buf, sizeof buf, "%s %d %s %d", l->page_word ? l->page_word : "page", page,
		 l->of_word ? l->of_word : "of", total);
	PangoLayout *f = text_layout(p, p->small, TEXT_W, buf);
	pango_layout_set_alignment(f, PANGO_ALIGN_RIGHT);
	show_at(p->cr, f, LEFT, FOOTER_Y);
	g_object_unref(f);
}

/* Walks the blocks line by line from y0 on the first page, breaking pages
 * at the bottom margin. With draw false it only counts the pages; with draw
 * true it shows the lines and starts the pages (the first page is begun by
 * the caller). Returns the number of pages. */
static int flow(struct letter_pdf *p, const struct letter *l, struct block *b, size_t n, double y0,
		bool draw, int total)
{
	int page = 1;
	double y = y0;
	double bottom = PAGE_H - BOTTOM;
	for (size_t i = 0; i < n; i++) {
		y += b[i].gap_before;
		if (b[i].keep && y + layout_h(b[i].layout) > bottom && y > TOP_NEXT) {
			if (draw) {
				draw_footer(p, l, page, total);
				cairo_show_page(p->cr);
			}
			page++;
			y = TOP_NEXT;
		}
		struct shared_block *sb = b[i].shared;
		double bh = sb && sb->uses >= 2 ? lines_h(b[i].layout) : 0;
		if (draw && sb && sb->uses >= 2 && y + bh <= bottom) {
			/* the whole paragraph fits: draw it as the recorded form */
			draw_block(p, &b[i], LEFT, y);
			y += bh;
			continue;
		}
		PangoLayoutIter *it = pango_layout_get_iter(b[i].layout);
		do {
			PangoRectangle lr;
			pango_layout_iter_get_line_extents(it, NULL, &lr);
			double top = (double)lr.y / PANGO_SCALE;
			double h = (double)lr.height / PANGO_SCALE;
			double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
			if (y + h > bottom && y > TOP_NEXT) {
				if (draw) {
					draw_footer(p, l, page, total);
					cairo_show_page(p->cr);
				}
				page++;
				y = TOP_NEXT;
			}
			if (draw) {
				cairo_move_to(p->cr, LEFT + (double)lr.x / PANGO_SCALE,
					      y + (base - top));
				pango_cairo_show_layout_line(
					p->cr, pango_layout_iter_get_line_readonly(it));
			}
			y += h;
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
	}
	if (draw && total > 1)
		draw_footer(p, l, page, total);
	return page;
}

static int check_text(const char *s, size_t max, const char *what, char *err, size_t errlen)
{
	if (s && strnlen(s, max + 1) > max) {
		snprintf(err, errlen, "%s longer than %zu bytes", what, max);
		return -1;
	}
	if (s && !g_utf8_validate(s, -1, NULL)) {
		snprintf(err, errlen, "%s is not UTF-8", what);
		return -1;
	}
	return 0;
}

int letter_pdf_add(struct letter_pdf *p, const struct letter *l, int *pages, char *err,
		   size_t errlen)
{
	int rc = -1;
	struct block *b = NULL;
	size_t n = 0;
	PangoLayout *addr = NULL;
	struct block date = {0}, subject = {0};
	if (pages)
		*pages = 0;
	if (check_text(l->markup, LETTER_TEXT_MAX, "letter text", err, errlen) != 0 ||
	    check_text(l->recipient, LETTER_FIELD_MAX, "address", err, errlen) != 0 ||
	    check_text(l->dateline, LETTER_FIELD_MAX, "date line", err, errlen) != 0)
		return -1;
	/* before any block of this letter borrows an entry */
	if (g_hash_table_size(p->shared) >= SHARED_MAX)
		g_hash_table_foreach_remove(p->shared, seen_once, NULL);
	const char *r = l->recipient ? l->recipient : "";
	int lines = 1;
	for (const char *c = r; *c; c++)
		lines += *c == '\n' && c[1] != '\0';
	if (lines > ADDR_MAX_LINES) {
		snprintf(err, errlen, "address: more than %d lines", ADDR_MAX_LINES);
		return -1;
	}
	const char *text = l->markup ? l->markup : "";
	const char *nl = strchr(text, '\n');
	size_t subj_len = nl ? (size_t)(nl - text) : strlen(text);
	while (subj_len > 0 && text[subj_len - 1] == '\r')
		subj_len--;
	if (subj_len > LETTER_FIELD_MAX) {
		snprintf(err, errlen, "subject: longer than %u bytes", LETTER_FIELD_MAX);
		return -1;
	}
	if (add_block(p, &subject, text, subj_len, p->bold, false, 0, err, errlen) != 0)
		return -1;
	char *esc = g_markup_escape_text(l->dateline ? l->dateline : "", -1);
	int dr = add_block(p, &date, esc, strlen(esc), p->body, false, 0, err, errlen);
	g_free(esc);
	if (dr != 0)
		goto cleanup;

	if (body_blocks(p, nl ? nl + 1 : "", &b, &n, err, errlen) != 0)
		goto cleanup;
	if (p->k->signatory) {
		struct block *nb = realloc(b, (n + 1) * sizeof *b);
		if (!nb) {
			snprintf(err, errlen, "out of memory");
			goto cleanup;
		}
		b = nb;
		char *t = g_markup_printf_escaped("%s\n%s%s%s", p->k->signatory,
						  p->k->role ? p->k->role : "",
						  p->k->role ? "\n" : "", p->k->name);
		/* escaped: always valid markup */
		if (add_block(p, &b[n], t, strlen(t), p->body, false, -1, err, errlen) != 0) {
			g_free(t);
			goto cleanup;
		}
		g_free(t);
		b[n].gap_before = SIGN_GAP;
		b[n].keep = true;
		n++;
	}
	addr = text_layout(p, p->body, ADDR_W, r);
	pango_layout_set_wrap(addr, PANGO_WRAP_CHAR);
	pango_layout_set_ellipsize(addr, PANGO_ELLIPSIZE_END); /* never wider than the window */
	pango_layout_set_line_spacing(addr, 0.0f); /* five lines in 22 mm: inside the window */
	double subject_y = DATE_Y + layout_h(date.layout) + 3 * MM;
	double y0 = subject_y + layout_h(subject.layout) + BODY_GAP;

	int total = flow(p, l, b, n, y0, false, 0);
	if (total > LETTER_MAX_PAGES) {
		snprintf(err, errlen, "the letter needs %d pages; at most %d", total,
			 LETTER_MAX_PAGES);
		goto cleanup;
	}
	draw_first_page(p, addr, &date, &subject, subject_y);
	flow(p, l, b, n, y0, true, total);
	cairo_show_page(p->cr);
	p->pages += total;
	if (pages)
		*pages = total;
	if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "cairo: %s", cairo_status_to_string(cairo_status(p->cr)));
		goto cleanup;
	}
	rc = 0;
cleanup:
	free_blocks(b, n);
	if (addr)
		g_object_unref(addr);
	if (date.layout)
		g_object_unref(date.layout);
	if (subject.layout)
		g_object_unref(subject.layout);
	return rc;
}

int letter_pdf_close(struct letter_pdf *p, int *pages, char *err, size_t errlen)
{
	if (!p)
		return 0;
	int rc = 0;
	if (pages)
		*pages = p->pages;
	g_object_unref(p->head);
	if (p->header)
		cairo_surface_destroy(p->header);
	g_hash_table_destroy(p->shared);
	pango_font_description_free(p->body);
	pango_font_description_free(p->bold);
	pango_font_description_free(p->small);
	pango_font_description_free(p->big);
	g_object_unref(p->pc);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surf);
	cairo_status_t st = cairo_surface_status(p->surf);
	if (st != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "pdf: %s", cairo_status_to_string(st));
		rc = -1;
	}
	cairo_surface_destroy(p->surf);
	free(p);
	return rc;
}

void letter_shutdown(void)
{
	pango_cairo_font_map_set_default(NULL);
}
