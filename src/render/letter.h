/* Letters as PDF: A4 pages laid out with Pango and drawn with cairo, with a
 * letterhead and an address block that shows through a window envelope.
 *
 * Page geometry (millimetres from the top-left corner of an A4 sheet,
 * 210 x 297): the recipient's address block starts 22 mm from the left and
 * 47 mm from the top, is 85 mm wide and at most 22 mm (five lines) high, so
 * that it stays inside the window of the common envelopes for an A4 folded
 * in three (windows start 15 mm from the left and 39 to 44 mm from the top,
 * are 30 to 40 mm high and 95 to 105 mm wide: E6/5, C6/5, C5, EC4; see
 * docs/LETTERS.md for the sources) with a few millimetres of play for the
 * sheet sliding in the envelope. Nothing else is printed in that area. The
 * body has margins of 22 mm left, 20 mm right and 20 mm bottom; pages after
 * the first start 20 mm from the top.
 *
 * Text: a letter's text is Pango markup. Its first line is the subject; the
 * rest are paragraphs separated by blank lines; a paragraph whose lines
 * start with "- " is a list, one item per line. Markup (<b>, <i>) must open
 * and close within one paragraph. Text from Mustache's {{name}} is already
 * escaped for markup (& < > " ' become entities), so data never becomes
 * markup. Fonts: DejaVu Sans (fonts-dejavu-core), 10.5 pt body.
 *
 * Logo: PNG or SVG bytes, drawn top left, scaled to fit 60 x 22 mm keeping
 * its proportions; without a logo the organisation's name is printed there.
 *
 * Use: letter_kit_new() once (it decodes the logo), letter_pdf_open() per
 * output file, letter_pdf_add() per letter, letter_pdf_close(). A kit may be
 * shared by the PDFs of one thread; give each thread its own kit. */
#ifndef OVERSTAP_RENDER_LETTER_H
#define OVERSTAP_RENDER_LETTER_H

#include <stddef.h>

#define LETTER_LOGO_MAX (512u << 10) /* bytes of a logo file */
#define LETTER_TEXT_MAX (256u << 10) /* bytes of one letter's markup */
#define LETTER_PARA_MAX (16u << 10)  /* bytes of one paragraph (bounds the layout time) */
#define LETTER_FIELD_MAX 2048u       /* bytes of one letterhead or address field */
#define LETTER_MAX_PAGES 50          /* pages of one letter */

/* Borrowed for the call of letter_kit_new (the kit copies what it needs). */
struct letterhead {
	const char *name;           /* organisation, required */
	const char *address;        /* lines separated by '\n'; NULL or "" when none */
	const char *contact;        /* lines: phone, web, e-mail */
	const char *signatory;      /* who signs; NULL: no signature block */
	const char *signatory_role; /* under the name */
	const unsigned char *logo;  /* PNG or SVG bytes; NULL: no logo */
	size_t logo_len;
};

/* One letter; borrowed for the call of letter_pdf_add. */
struct letter {
	const char *recipient; /* address block, lines separated by '\n' (at most 5) */
	const char *dateline;  /* "Purmerend, 23 november 2026" */
	const char *markup;    /* subject line, then paragraphs (see above) */
	const char *page_word; /* "pagina" / "page" in the footer "pagina 1 van 2" */
	const char *of_word;   /* "van" / "of" */
};

struct letter_kit;
struct letter_pdf;

/* Returns 0 with *out (free with letter_kit_free), or -1 with a reason in
 * err: no name, a field too long, a logo that is not a readable PNG or SVG,
 * or over LETTER_LOGO_MAX. */
int letter_kit_new(const struct letterhead *lh, struct letter_kit **out, char *err, size_t errlen);
void letter_kit_free(struct letter_kit *k);

/* Starts the PDF file path, writing with kit k (borrowed until close).
 * title is the PDF's title metadata (may be NULL). */
int letter_pdf_open(struct letter_kit *k, const char *path, const char *title,
		    struct letter_pdf **out, char *err, size_t errlen);

/* Adds one letter on new pages; *pages (may be NULL) gets how many. On -1
 * (markup that does not parse, naming the paragraph; text over the limits;
 * a letter over LETTER_MAX_PAGES) nothing of this letter is drawn and the
 * PDF stays usable. */
int letter_pdf_add(struct letter_pdf *p, const struct letter *l, int *pages, char *err,
		   size_t errlen);

/* Finishes and closes the file; *pages (may be NULL) gets the total. Frees
 * p even when it fails (-1: the file could not be written). */
int letter_pdf_close(struct letter_pdf *p, int *pages, char *err, size_t errlen);

/* Releases the font map Pango keeps for the process. Call once, after the
 * last PDF is closed, from the thread that made them; nothing of this
 * module may be used afterwards. fontconfig's own process-wide cache stays:
 * FcFini() asserts (aborts) when Pango's font-loading thread still holds a
 * reference, which happened now and then at exit, so the leak checker is
 * told about that cache instead (tests/lsan.supp). */
void letter_shutdown(void);

#endif
