/* Tests for the PDF letter renderer (render/letter.c): letterheads with and
 * without logos (PNG, SVG, broken), empty and very long texts, page breaks,
 * limits and markup errors. Page counts come from the renderer and are
 * checked against the PDF itself (its /Type /Page objects). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/letter.h"

static const char svg_logo[] =
	"<svg xmlns='http://www.w3.org/2000/svg' width='120' height='40' viewBox='0 0 120 40'>"
	"<rect width='120' height='40' fill='#0b5394'/>"
	"<text x='10' y='28' font-family='DejaVu Sans' font-size='20' fill='white'>Logo</text>"
	"</svg>";

struct fx {
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_letter.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/out.pdf", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Pages in the PDF file: the number of "/Type /Page" objects (cairo writes
 * one per page and "/Type /Pages" for the tree, which is not counted). */
static int pdf_pages(const char *path)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	size_t cap = 64u << 20, n;
	char *buf = malloc(cap + 1);
	assert_non_null(buf);
	n = fread(buf, 1, cap, fp);
	fclose(fp);
	buf[n] = '\0';
	assert_true(n > 8 && memcmp(buf, "%PDF-", 5) == 0);
	int pages = 0;
	for (size_t i = 0; i + 11 < n; i++)
		if (memcmp(buf + i, "/Type /Page", 11) == 0 && buf[i + 11] != 's')
			pages++;
	free(buf);
	return pages;
}

static struct letter_kit *kit(const unsigned char *logo, size_t len)
{
	struct letterhead lh = {
		.name = "Gemeente Purmerend",
		.address = "Postbus 15\n1440 AA Purmerend",
		.contact = "telefoon 14 0299",
		.signatory = "A. de Vries",
		.signatory_role = "teamleider",
		.logo = logo,
		.logo_len = len,
	};
	struct letter_kit *k = NULL;
	char err[256];
	if (letter_kit_new(&lh, &k, err, sizeof err) != 0)
		fail_msg("kit: %s", err);
	return k;
}

static struct letter one(const char *markup)
{
	struct letter l = {
		.recipient = "Jan Jansen\nDorpsstraat 1\n1441 AB  PURMEREND",
		.dateline = "Purmerend, 23 november 2026",
		.markup = markup,
		.page_word = "pagina",
		.of_word = "van",
	};
	return l;
}

/* Renders the letters into f->path with kit k; returns the total pages. */
static int render(struct fx *f, struct letter_kit *k, const char *const *texts, size_t n)
{
	struct letter_pdf *p;
	char err[256];
	int total = 0, pages;
	assert_int_equal(letter_pdf_open(k, f->path, "test", &p, err, sizeof err), 0);
	for (size_t i = 0; i < n; i++) {
		struct letter l = one(texts[i]);
		if (letter_pdf_add(p, &l, &pages, err, sizeof err) != 0)
			fail_msg("letter %zu: %s", i, err);
		assert_true(pages >= 1);
		total += pages;
	}
	int closed;
	assert_int_equal(letter_pdf_close(p, &closed, err, sizeof err), 0);
	assert_int_equal(closed, total);
	assert_int_equal(pdf_pages(f->path), total);
	return total;
}

static void test_no_name(void **state)
{
	(void)state;
	struct letterhead lh = {.name = ""};
	struct letter_kit *k = (struct letter_kit *)1;
	char err[256];
	assert_int_equal(letter_kit_new(&lh, &k, err, sizeof err), -1);
	assert_null(k);
	assert_non_null(strstr(err, "name"));
}

static void test_field_too_long(void **state)
{
	(void)state;
	char *big = malloc(LETTER_FIELD_MAX + 2);
	memset(big, 'x', LETTER_FIELD_MAX + 1);
	big[LETTER_FIELD_MAX + 1] = '\0';
	struct letterhead lh = {.name = "X", .address = big};
	struct letter_kit *k;
	char err[256];
	assert_int_equal(letter_kit_new(&lh, &k, err, sizeof err), -1);
	assert_non_null(strstr(err, "address"));
	free(big);
}

static void test_no_logo(void **state)
{
	struct letter_kit *k = kit(NULL, 0);
	const char *t[] = {"Onderwerp\n\nBeste Jan,\n\nTekst."};
	assert_int_equal(render(*state, k, t, 1), 1);
	letter_kit_free(k);
}

static cairo_status_t collect_png(void *cls, const unsigned char *data, unsigned int len)
{
	FILE *mem = cls;
	return fwrite(data, 1, len, mem) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void test_png_logo(void **state)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 60);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 0.1, 0.3, 0.6);
	cairo_paint(cr);
	cairo_destroy(cr);
	char *png = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&png, &len);
	assert_int_equal(cairo_surface_write_to_png_stream(img, collect_png, mem),
			 CAIRO_STATUS_SUCCESS);
	fclose(mem);
	cairo_surface_destroy(img);
	struct letter_kit *k = kit((const unsigned char *)png, len);
	const char *t[] = {"Onderwerp\n\nTekst.", "Onderwerp\n\nTekst."};
	assert_int_equal(render(*state, k, t, 2), 2);
	letter_kit_free(k);

	/* the same PNG cut short is refused */
	struct letterhead lh = {.name = "X", .logo = (const unsigned char *)png, .logo_len = 40};
	char err[256];
	assert_int_equal(letter_kit_new(&lh, &k, err, sizeof err), -1);
	assert_non_null(strstr(err, "PNG"));
	free(png);
}

static void test_svg_logo(void **state)
{
	struct letter_kit *k = kit((const unsigned char *)svg_logo, strlen(svg_logo));
	const char *t[] = {"Onderwerp\n\nTekst."};
	assert_int_equal(render(*state, k, t, 1), 1);
	letter_kit_free(k);
}

static void test_bad_logo(void **state)
{
	(void)state;
	static const char junk[] = "this is neither a PNG nor an SVG";
	struct letterhead lh = {
		.name = "X", .logo = (const unsigned char *)junk, .logo_len = sizeof junk - 1};
	struct letter_kit *k;
	char err[256];
	assert_int_equal(letter_kit_new(&lh, &k, err, sizeof err), -1);
	assert_non_null(strstr(err, "logo"));
	/* an SVG without any size */
	static const char nosize[] = "<svg xmlns='http://www.w3.org/2000/svg'></svg>";
	lh.logo = (const unsigned char *)nosize;
	lh.logo_len = sizeof nosize - 1;
	assert_int_equal(letter_kit_new(&lh, &k, err, sizeof err), -1);
	/* too large */
	unsigned char *big = calloc(1, LETTER_LOGO_MAX + 1);
	lh.logo = big;
	lh.logo_len = LETTER_LOGO_MAX + 1;
	assert_int_equal(letter_kit_new(&lh, &k, err, sizeof err), -1);
	assert_non_null(strstr(err, "larger"));
	free(big);
}

static void test_empty_text(void **state)
{
	struct letter_kit *k = kit(NULL, 0);
	const char *t[] = {"", "\n\n\n", "Alleen een onderwerp"};
	assert_int_equal(render(*state, k, t, 3), 3);
	letter_kit_free(k);
}

static void test_long_word(void **state)
{
	struct letter_kit *k = kit(NULL, 0);
	size_t n = LETTER_PARA_MAX - 16;
	char *text = malloc(n + 32);
	memcpy(text, "Onderwerp\n\n", 11);
	memset(text + 11, 'W', n);
	text[11 + n] = '\0';
	const char *t[] = {text};
	/* 16,000 letters without a break wrap character by character: more
	 * than one page, none wider than the text column */
	assert_true(render(*state, k, t, 1) > 1);
	letter_kit_free(k);
	free(text);
}

/* Many paragraphs break over pages; a list and markup survive the break. */
static void test_many_pages(void **state)
{
	struct letter_kit *k = kit(NULL, 0);
	size_t cap = 200000, len = 0;
	char *text = malloc(cap);
	len += (size_t)snprintf(text + len, cap - len, "Een lange brief\n\n");
	for (int i = 0; i < 150; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"Alinea %d met <b>vet</b> en tekst die doorloopt over "
					"meer dan een regel, zodat het afbreken echt iets doet "
					"op elke pagina van deze brief.\n\n- punt een\n- punt "
					"twee\n\n",
					i);
	const char *t[] = {text, "Kort\n\nEen korte brief."};
	int pages = render(*state, k, t, 2);
	assert_true(pages >= 10);
	letter_kit_free(k);
	free(text);
}

static void test_limits(void **state)
{
	struct fx *f = *state;
	struct letter_kit *k = kit(NULL, 0);
	struct letter_pdf *p;
	char err[256];
	int pages = -1;
	assert_int_equal(letter_pdf_open(k, f->path, NULL, &p, err, sizeof err), 0);

	/* markup that does not parse names its paragraph; nothing is drawn */
	struct letter l = one("Onderwerp\n\nGoed.\n\nFout <b>open\n\nNog een.");
	assert_int_equal(letter_pdf_add(p, &l, &pages, err, sizeof err), -1);
	assert_non_null(strstr(err, "paragraph 2"));
	l = one("<i>Onderwerp\n\nTekst.");
	assert_int_equal(letter_pdf_add(p, &l, &pages, err, sizeof err), -1);
	assert_non_null(strstr(err, "subject"));

	/* six address lines do not fit the window */
	l = one("Onderwerp\n\nTekst.");
	l.recipient = "1\n2\n3\n4\n5\n6";
	assert_int_equal(letter_pdf_add(p, &l, &pages, err, sizeof err), -1);
	assert_non_null(strstr(err, "address"));

	/* over LETTER_MAX_PAGES */
	size_t cap = LETTER_TEXT_MAX, len = 0;
	char *text = malloc(cap + 2);
	len += (size_t)snprintf(text, cap, "Te lang\n\n");
	while (len + 420 < cap) {
		for (int w = 0; w < 60; w++)
			len += (size_t)snprintf(text + len, cap - len, "woorden ");
		len += (size_t)snprintf(text + len, cap - len, "\n\n");
	}
	l = one(text);
	assert_int_equal(letter_pdf_add(p, &l, &pages, err, sizeof err), -1);
	assert_non_null(strstr(err, "pages"));
	/* over LETTER_TEXT_MAX */
	memset(text, 'x', cap + 1);
	text[cap + 1] = '\0';
	l = one(text);
	assert_int_equal(letter_pdf_add(p, &l, &pages, err, sizeof err), -1);
	assert_non_null(strstr(err, "longer"));
	/* one paragraph over LETTER_PARA_MAX */
	memcpy(text, "Onderwerp\n\n", 11);
	text[11 + LETTER_PARA_MAX + 1] = '\0';
	l = one(text);
	assert_int_equal(letter_pdf_add(p, &l, &pages, err, sizeof err), -1);
	assert_non_null(strstr(err, "paragraph 1"));
	free(text);
	/* invalid UTF-8 */
	l = one("Onderwerp\n\n\xff\xfe");
	assert_int_equal(letter_pdf_add(p, &l, &pages, err, sizeof err), -1);

	/* the PDF is still usable: one good letter, one page */
	l = one("Onderwerp\n\nTekst.");
	assert_int_equal(letter_pdf_add(p, &l, &pages, err, sizeof err), 0);
	assert_int_equal(pages, 1);
	int total;
	assert_int_equal(letter_pdf_close(p, &total, err, sizeof err), 0);
	assert_int_equal(total, 1);
	assert_int_equal(pdf_pages(f->path), 1);
	letter_kit_free(k);
}

static void test_unwritable(void **state)
{
	(void)state;
	struct letter_kit *k = kit(NULL, 0);
	struct letter_pdf *p = NULL;
	char err[256];
	assert_int_equal(
		letter_pdf_open(k, "/nonexistent-dir/x/out.pdf", NULL, &p, err, sizeof err), -1);
	assert_null(p);
	assert_non_null(strstr(err, "/nonexistent-dir"));
	letter_kit_free(k);
}

/* The same paragraphs in many letters are shared: the file grows by much
 * less per letter than the first letter took. */
static void test_shared_paragraphs(void **state)
{
	struct fx *f = *state;
	struct letter_kit *k = kit((const unsigned char *)svg_logo, strlen(svg_logo));
	const char *body = "Onderwerp\n\nEen vaste alinea die in elke brief staat, lang genoeg "
			   "om te tellen in de grootte van het bestand.\n\n- een\n- twee";
	const char *t1[] = {body};
	render(f, k, t1, 1);
	FILE *fp = fopen(f->path, "rb");
	fseek(fp, 0, SEEK_END);
	long one_size = ftell(fp);
	fclose(fp);
	const char *t50[50];
	for (int i = 0; i < 50; i++)
		t50[i] = body;
	assert_int_equal(render(f, k, t50, 50), 50);
	fp = fopen(f->path, "rb");
	fseek(fp, 0, SEEK_END);
	long fifty = ftell(fp);
	fclose(fp);
	assert_true(fifty < one_size * 25);
	letter_kit_free(k);
}

/* Once the table of shared paragraphs is full, paragraphs used once make
 * room: a common paragraph that first appears late is still shared, so 200
 * letters of it cost clearly less than 200 letters whose paragraph differs. */
static void test_shared_after_full(void **state)
{
	struct fx *f = *state;
	struct letter_kit *k = kit(NULL, 0);
	struct letter_pdf *p;
	char err[256], text[1024];
	static const char late[] =
		"Een alinea die pas laat in de reeks verschijnt en dan in elke brief staat. Zij is "
		"lang genoeg om mee te tellen in de grootte van het bestand: een paar zinnen over "
		"de bijeenkomst, over werk zoeken, over bijstand en over wie u kan helpen. Daarna "
		"volgt nog een zin, en nog een, zodat de alinea over vier regels loopt.";
	long sizes[3];
	for (int round = 0; round < 3; round++) {
		assert_int_equal(letter_pdf_open(k, f->path, NULL, &p, err, sizeof err), 0);
		/* 1,100 letters of unique paragraphs fill the table */
		for (int i = 0; i < 1100; i++) {
			snprintf(text, sizeof text, "Brief %d\n\nAlinea %d alleen hier.", i, i);
			struct letter l = one(text);
			assert_int_equal(letter_pdf_add(p, &l, NULL, err, sizeof err), 0);
		}
		/* then 1 letter with the late paragraph, 201 of them, or 201 whose
		 * paragraph differs by a number */
		for (int i = 0; i < (round == 0 ? 1 : 201); i++) {
			snprintf(text, sizeof text, "Onderwerp\n\n%s %d", late, round == 2 ? i : 0);
			struct letter l = one(text);
			assert_int_equal(letter_pdf_add(p, &l, NULL, err, sizeof err), 0);
		}
		assert_int_equal(letter_pdf_close(p, NULL, err, sizeof err), 0);
		FILE *fp = fopen(f->path, "rb");
		fseek(fp, 0, SEEK_END);
		sizes[round] = ftell(fp);
		fclose(fp);
	}
	long shared = sizes[1] - sizes[0], unique = sizes[2] - sizes[0];
	if (!(shared * 10 < unique * 7))
		fail_msg("200 shared letters took %ld bytes, 200 unique ones %ld", shared, unique);
	letter_kit_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_name),
		cmocka_unit_test(test_field_too_long),
		cmocka_unit_test_setup_teardown(test_no_logo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_png_logo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svg_logo, setup, teardown),
		cmocka_unit_test(test_bad_logo),
		cmocka_unit_test_setup_teardown(test_empty_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test(test_unwritable),
		cmocka_unit_test_setup_teardown(test_shared_paragraphs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_after_full, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	letter_shutdown();
	return rc;
}
