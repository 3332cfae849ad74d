/* libFuzzer target: the letter text parser and layout (render/letter.c).
 * The input is a letter's markup (subject line, paragraphs, list items,
 * Pango markup) laid out on A4 into a PDF written to /dev/null. Beyond the
 * sanitizers: an error always says why, and a letter that is accepted has
 * at least one page and at most LETTER_MAX_PAGES. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/letter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct letter_kit *kit;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	if (!kit) {
		struct letterhead lh = {.name = "Gemeente Fuzz", .signatory = "A. Tester"};
		if (letter_kit_new(&lh, &kit, err, sizeof err) != 0)
			abort();
		/* fontconfig's caches look like leaks at exit unless released */
		atexit(letter_shutdown);
	}
	if (size > (64u << 10))
		return 0;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct letter_pdf *p;
	if (letter_pdf_open(kit, "/dev/null", NULL, &p, err, sizeof err) != 0)
		abort();
	struct letter l = {
		.recipient = "Jan Jansen\n1441 AB 1", .dateline = "1 januari 2027", .markup = text};
	int pages = -1;
	err[0] = '\0';
	int rc = letter_pdf_add(p, &l, &pages, err, sizeof err);
	if (rc != 0 && err[0] == '\0')
		abort();
	if (rc == 0 && (pages < 1 || pages > LETTER_MAX_PAGES))
		abort();
	letter_pdf_close(p, NULL, err, sizeof err);
	free(text);
	return 0;
}
