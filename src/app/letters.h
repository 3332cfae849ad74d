/* Personalised letters as PDF (issue 5, section 2): a Mustache letter
 * template of the organisation (templates.h) rendered per person, laid out
 * on the organisation's letterhead (render/letter.h), into one PDF holding
 * every letter or one PDF per person.
 *
 * The template sees (templates/letters/README.md lists them):
 *   person.{given_names, family_name, name, ww_end}
 *   meeting.{date, time, location, cancelled}
 *                                       date in words: "donderdag 10 december 2026",
 *                                       Dutch time; cancelled: for the notice
 *   rsvp.{code, link, url}              link: the page to type (/uitnodiging); url: link/CODE
 *   sender.{name, address, contact, signatory, signatory_role}
 *   municipality.{code, name}           the person's municipality
 *   rules.{since, norm_single, norm_couple, assets_single, assets_couple}
 *                                       bijstand figures in force on the letter's
 *                                       date (data/figures.csv), absent when none
 *   variant.{A | B}, letter.{date, kind}
 * Its output is the letter's text: the subject line, then paragraphs
 * (render/letter.h). The person's language picks the locale (nl, en; any
 * other: nl).
 *
 * Return values: APP_OK, APP_INVALID, APP_FAIL; messages in err. */
#ifndef OVERSTAP_APP_LETTERS_H
#define OVERSTAP_APP_LETTERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/templates.h"

#define LETTERS_MAX (1 << 20)         /* letters in one run */
#define LETTERS_LINK_MAX 512          /* bytes of the RSVP link */
#define LETTERS_DATA_MAX (512u << 20) /* bytes of a --data file */

struct letters_opts {
	const char *kind;    /* invitation, reminder, follow_up, ww_ends, notice */
	const char *variant; /* "A" or "B" for every letter; "" or NULL: each person's own */
	const char *org;     /* whose templates and letterhead; NULL: the shipped defaults */
	const char *out;     /* the PDF file, or the directory when per_person */
	bool per_person;
	const char *rsvp_link; /* the RSVP page; NULL: none */
	const char *place;     /* in the date line; NULL: org's municipality name or none */
	cdate date;            /* the letter's date */
};

/* One person's letter. Text is borrowed for the call. */
struct letter_person {
	const char *given_names, *family_name;
	const char *address;  /* the address block without the name: lines split by '\n' */
	const char *gemeente; /* GMxxxx of residence, or NULL */
	const char *language; /* "nl", "en", other or NULL: nl */
	const char *variant;  /* "A", "B", "" or NULL */
	const char *code;     /* RSVP code, or NULL */
	cdate ww_end;         /* 0 when unknown */
	const char *file_id;  /* per person: the file is DIR/KIND-FILE_ID.pdf; NULL: a number */
};

struct letter_meeting {
	int64_t at; /* UTC seconds; 0: no meeting */
	const char *location;
	bool cancelled; /* for the notice of a cancelled meeting */
};

/* What was made for one person: for the route event "letter_made". */
struct letter_made {
	int64_t version; /* template version, 0 for the shipped default */
	char locale[3];
	char variant[2];
	int pages;
};

struct letters_batch;

/* Starts a batch. sender (may be NULL) replaces the organisation's
 * letterhead; without both, the letterhead of org, or a plain one. */
int letters_begin(struct app *a, const struct letters_opts *o, const struct app_letterhead *sender,
		  struct letters_batch **out, char *err, size_t errcap);
/* Renders and adds one letter. APP_INVALID names what was wrong with it. */
int letters_add(struct letters_batch *b, const struct letter_person *p,
		const struct letter_meeting *m, struct letter_made *made, char *err, size_t errcap);
/* Finishes the files and frees b; *letters and *pages (may be NULL) get the totals. */
int letters_end(struct letters_batch *b, long *letters, long *pages, char *err, size_t errcap);
/* Drops a batch after a failure (files written so far stay). */
void letters_abort(struct letters_batch *b);

/* The letters of a data file (a JSON object: "recipients" array of
 * {given_names, family_name, address (string or lines), gemeente,
 * language, variant, code, ww_end}; optional "meeting" {at: "YYYY-MM-DD
 * HH:MM" Dutch time, location}, "sender" (a letterhead, its logo a file
 * relative to base_dir), "rsvp_link", "place", "date"). Options in the
 * file fill what o leaves NULL. */
int app_letters_from_json(struct app *a, const struct letters_opts *o, const json_t *data,
			  const char *base_dir, long *letters, long *pages, char *err,
			  size_t errcap);

/* The letters for the invitees of meeting_id (app/meeting.h), each one
 * recorded as a route event "letter_made" (invitation, template version,
 * locale, variant, pages) in one transaction after the PDF is complete.
 * Defined in src/app/letters_meeting.c. */
int app_letters_meeting(struct app *a, const struct letters_opts *o, int64_t meeting_id,
			long *letters, long *pages, char *err, size_t errcap);

/* "donderdag 10 december 2026" / "Thursday 10 December 2026" (with_weekday),
 * or "10 december 2026". */
void letters_long_date(cdate d, const char *locale, bool with_weekday, char *buf, size_t cap);

#endif
