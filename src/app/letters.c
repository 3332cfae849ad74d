/* Personalised letters as PDF (letters.h). */
#include "app/letters.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/money.h"
#include "core/nltime.h"
#include "render/letter.h"
#include "render/tmpl.h"

#define LOCALES 2
#define VARIANTS 3 /* "", "A", "B" */
#define OUTPUT_MAX LETTER_TEXT_MAX

static const char *const variant_names[VARIANTS] = {"", "A", "B"};

struct cached {
	bool loaded;
	struct tmpl *t;
	int64_t version;
	char variant[2];
};

struct letters_batch {
	struct app *a;
	struct letters_opts o;
	char kind[STORE_TEMPLATE_KIND_MAX + 1];
	char *out, *rsvp_link, *place;
	struct letter_kit *kit;
	struct letter_pdf *pdf; /* the one PDF, or the current person's */
	json_t *sender;         /* sender.* for the templates */
	json_t *rules;          /* rules.* */
	struct cached cache[LOCALES][VARIANTS];
	long letters, pages;
};

static const char *const nl_days[] = {"maandag", "dinsdag",  "woensdag", "donderdag",
				      "vrijdag", "zaterdag", "zondag"};
static const char *const en_days[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
				      "Friday", "Saturday", "Sunday"};
static const char *const nl_months[] = {"januari",   "februari", "maart",    "april",
					"mei",       "juni",     "juli",     "augustus",
					"september", "oktober",  "november", "december"};
static const char *const en_months[] = {"January",   "February", "March",    "April",
					"May",       "June",     "July",     "August",
					"September", "October",  "November", "December"};

void letters_long_date(cdate d, const char *locale, bool with_weekday, char *buf, size_t cap)
{
	bool en = locale && strcmp(locale, "en") == 0;
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	int wd = date_weekday(d) - 1;
	const char *day = en ? en_days[wd] : nl_days[wd];
	const char *month = en ? en_months[m - 1] : nl_months[m - 1];
	if (with_weekday)
		snprintf(buf, cap, "%s %d %s %d", day, dd, month, y);
	else
		snprintf(buf, cap, "%d %s %d", dd, month, y);
}

static int locale_index(const char *language)
{
	return language && strcmp(language, "en") == 0 ? 1 : 0;
}

static int variant_index(const char *v)
{
	if (v && strcmp(v, "A") == 0)
		return 1;
	if (v && strcmp(v, "B") == 0)
		return 2;
	return 0;
}

/* The figure name's value and the date it applies from, on day on. */
static bool figure_since(const struct figures *f, const char *name, cdate on, int64_t *value,
			 cdate *since)
{
	bool found = false;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->rows[i].name, name) == 0 && f->rows[i].valid_from <= on) {
			*value = f->rows[i].value;
			*since = f->rows[i].valid_from;
			found = true;
		}
	return found;
}

/* rules.*: bijstand figures in force on the letter's date, per locale. */
static json_t *rules_json(const struct figures *f, cdate on, const char *locale)
{
	static const char *const names[][2] = {
		{"norm_single", "bijstand.norm_single_cents"},
		{"norm_couple", "bijstand.norm_couple_cents"},
		{"assets_single", "bijstand.assets_single_cents"},
		{"assets_couple", "bijstand.assets_couple_cents"},
	};
	json_t *r = json_object();
	cdate latest = 0;
	for (size_t i = 0; r && i < sizeof names / sizeof names[0]; i++) {
		int64_t v;
		cdate since;
		if (!figure_since(f, names[i][1], on, &v, &since))
			continue;
		char money[48];
		money_format(v, money, sizeof money);
		json_object_set_new(r, names[i][0], json_string(money));
		if (since > latest)
			latest = since;
	}
	if (r && latest) {
		char d[64];
		letters_long_date(latest, locale, false, d, sizeof d);
		json_object_set_new(r, "since", json_string(d));
	}
	return r;
}

static char *dup_opt(const char *s)
{
	return s ? strdup(s) : NULL;
}

int letters_begin(struct app *a, const struct letters_opts *o, const struct app_letterhead *sender,
		  struct letters_batch **out, char *err, size_t errcap)
{
	struct app_letterhead own = {0};
	int rc = APP_INVALID;
	*out = NULL;
	if (!template_kind_is_letter(o->kind)) {
		snprintf(err, errcap,
			 "--template must be invitation, reminder, follow_up, ww_ends or notice");
		return APP_INVALID;
	}
	if (o->variant && !template_variant_valid(o->variant)) {
		snprintf(err, errcap, "--variant must be A or B");
		return APP_INVALID;
	}
	if (o->rsvp_link && strlen(o->rsvp_link) > LETTERS_LINK_MAX) {
		snprintf(err, errcap, "the RSVP link is longer than %d bytes", LETTERS_LINK_MAX);
		return APP_INVALID;
	}
	struct letters_batch *b = calloc(1, sizeof *b);
	if (!b) {
		snprintf(err, errcap, "out of memory");
		return APP_FAIL;
	}
	b->a = a;
	b->o = *o;
	snprintf(b->kind, sizeof b->kind, "%s", o->kind);
	b->o.kind = b->kind;
	b->out = strdup(o->out);
	b->rsvp_link = dup_opt(o->rsvp_link);
	const char *place = o->place;
	const struct gemeente *g = o->org ? gemeenten_find(&a->gemeenten, o->org) : NULL;
	if (!place && g)
		place = g->name;
	b->place = dup_opt(place);
	if (!b->out || (o->rsvp_link && !b->rsvp_link) || (place && !b->place)) {
		snprintf(err, errcap, "out of memory");
		rc = APP_FAIL;
		goto fail;
	}
	if (!sender) {
		if (o->org) {
			rc = app_letterhead_get(a, o->org, &own, err, errcap);
			if (rc != APP_OK)
				goto fail;
		} else {
			snprintf(err, errcap, "no sender: give --org or a \"sender\" in the data");
			rc = APP_INVALID;
			goto fail;
		}
		sender = &own;
	}
	struct letterhead lh = {
		.name = sender->name,
		.address = sender->address,
		.contact = sender->contact,
		.signatory = sender->signatory,
		.signatory_role = sender->signatory_role,
		.logo = sender->logo,
		.logo_len = sender->logo_len,
	};
	if (letter_kit_new(&lh, &b->kit, err, errcap) != 0) {
		rc = APP_INVALID;
		goto fail;
	}
	b->sender = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", sender->name ? sender->name : "",
			      "address", sender->address ? sender->address : "", "contact",
			      sender->contact ? sender->contact : "", "signatory",
			      sender->signatory ? sender->signatory : "", "signatory_role",
			      sender->signatory_role ? sender->signatory_role : "");
	if (!b->sender) {
		snprintf(err, errcap, "out of memory");
		rc = APP_FAIL;
		goto fail;
	}
	if (o->per_person) {
		if (mkdir(o->out, 0750) != 0 && errno != EEXIST) {
			snprintf(err, errcap, "%s: %s", o->out, strerror(errno));
			rc = APP_FAIL;
			goto fail;
		}
	} else if (letter_pdf_open(b->kit, o->out, o->kind, &b->pdf, err, errcap) != 0) {
		rc = APP_FAIL;
		goto fail;
	}
	app_letterhead_clear(&own);
	*out = b;
	return APP_OK;
fail:
	app_letterhead_clear(&own);
	letters_abort(b);
	return rc;
}

/* The parsed template for the locale and variant, loaded on first use. */
static int template_for(struct letters_batch *b, int li, int vi, struct cached **out, char *err,
			size_t errcap)
{
	struct cached *c = &b->cache[li][vi];
	*out = c;
	if (c->loaded)
		return APP_OK;
	struct app_template t;
	int rc = app_template_resolve(b->a, b->o.org, b->kind, template_locales[li],
				      variant_names[vi], 0, &t, err, errcap);
	if (rc != APP_OK)
		return rc;
	char why[256];
	if (tmpl_parse(t.body, t.len, &c->t, why, sizeof why) != 0) {
		snprintf(err, errcap, "template %s.%s version %lld: %s", b->kind,
			 template_locales[li], (long long)t.version, why);
		app_template_clear(&t);
		return APP_INVALID;
	}
	c->version = t.version;
	memcpy(c->variant, t.variant, sizeof c->variant);
	c->loaded = true;
	app_template_clear(&t);
	return APP_OK;
}

/* The rules for a locale are the same for every letter: made once. */
static json_t *rules_for(struct letters_batch *b, const char *locale)
{
	if (!b->rules) {
		b->rules = json_object();
		for (int i = 0; b->rules && i < LOCALES; i++)
			json_object_set_new(
				b->rules, template_locales[i],
				rules_json(&b->a->figures, b->o.date, template_locales[i]));
	}
	return b->rules ? json_object_get(b->rules, locale) : NULL;
}

static json_t *context(struct letters_batch *b, const struct letter_person *p,
		       const struct letter_meeting *m, const char *locale, const char *variant)
{
	char name[512], date[64], time_s[16] = "", ww_end[64] = "", letter_date[64], url[1024];
	snprintf(name, sizeof name, "%s %s", p->given_names, p->family_name);
	json_t *person = json_pack("{s:s, s:s, s:s}", "given_names", p->given_names, "family_name",
				   p->family_name, "name", name);
	if (person && p->ww_end) {
		letters_long_date(p->ww_end, locale, false, ww_end, sizeof ww_end);
		json_object_set_new(person, "ww_end", json_string(ww_end));
	}
	json_t *meeting = json_object();
	cdate d;
	int hh, mm, offset;
	if (meeting && m && m->at && nltime_from_utc(m->at, &d, &hh, &mm, &offset) == 0) {
		/* Dutch time, whatever the server's time zone. */
		letters_long_date(d, locale, true, date, sizeof date);
		snprintf(time_s, sizeof time_s, "%02d:%02d", hh, mm);
		json_object_set_new(meeting, "date", json_string(date));
		json_object_set_new(meeting, "time", json_string(time_s));
		json_object_set_new(meeting, "location",
				    json_string(m->location ? m->location : ""));
		json_object_set_new(meeting, "cancelled", json_boolean(m->cancelled));
	}
	json_t *rsvp = json_object();
	if (rsvp && p->code) {
		json_object_set_new(rsvp, "code", json_string(p->code));
		if (b->rsvp_link) {
			snprintf(url, sizeof url, "%s/%s", b->rsvp_link, p->code);
			json_object_set_new(rsvp, "link", json_string(b->rsvp_link));
			json_object_set_new(rsvp, "url", json_string(url));
		}
	}
	const struct gemeente *g =
		p->gemeente ? gemeenten_find(&b->a->gemeenten, p->gemeente) : NULL;
	if (!g && b->o.org)
		g = gemeenten_find(&b->a->gemeenten, b->o.org);
	json_t *muni =
		g ? json_pack("{s:s, s:s}", "code", g->code, "name", g->name) : json_object();
	letters_long_date(b->o.date, locale, false, letter_date, sizeof letter_date);
	json_t *var = json_object();
	if (var && variant[0])
		json_object_set_new(var, variant, json_true());
	json_t *rules = rules_for(b, locale);
	return json_pack("{s:o, s:o, s:o, s:O, s:o, s:O, s:o, s:{s:s, s:s}}", "person", person,
			 "meeting", meeting, "rsvp", rsvp, "sender", b->sender, "municipality",
			 muni, "rules", rules ? rules : json_null(), "variant", var, "letter",
			 "date", letter_date, "kind", b->kind);
}

/* "Jan Jansen\nDorpsstraat 1\n1441 AB  PURMEREND" */
static int address_block(const struct letter_person *p, char *buf, size_t cap)
{
	int n = snprintf(buf, cap, "%s %s%s%s", p->given_names, p->family_name,
			 p->address && p->address[0] ? "\n" : "", p->address ? p->address : "");
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int letters_add(struct letters_batch *b, const struct letter_person *p,
		const struct letter_meeting *m, struct letter_made *made, char *err, size_t errcap)
{
	int rc = APP_INVALID;
	json_t *ctx = NULL;
	char *text = NULL;
	size_t text_n;
	char addr[LETTER_FIELD_MAX], dateline[256], why[256], path[4096];
	if (!p->given_names || !p->family_name || !p->given_names[0] || !p->family_name[0]) {
		snprintf(err, errcap, "a name (given_names and family_name) is required");
		return APP_INVALID;
	}
	if (address_block(p, addr, sizeof addr) != 0) {
		snprintf(err, errcap, "the address is longer than %u bytes", LETTER_FIELD_MAX);
		return APP_INVALID;
	}
	if (p->variant && !template_variant_valid(p->variant)) {
		snprintf(err, errcap, "variant must be A or B");
		return APP_INVALID;
	}
	int li = locale_index(p->language);
	int vi = variant_index(b->o.variant && b->o.variant[0] ? b->o.variant : p->variant);
	struct cached *c;
	rc = template_for(b, li, vi, &c, err, errcap);
	if (rc != APP_OK)
		return rc;
	ctx = context(b, p, m, template_locales[li], variant_names[vi]);
	if (!ctx) {
		snprintf(err, errcap, "out of memory");
		return APP_FAIL;
	}
	struct tmpl_opts to = {.max_output = OUTPUT_MAX};
	if (tmpl_render(c->t, ctx, &to, &text, &text_n, why, sizeof why) != 0) {
		snprintf(err, errcap, "template %s.%s: %s", b->kind, template_locales[li], why);
		rc = APP_INVALID;
		goto cleanup;
	}
	char day[64];
	letters_long_date(b->o.date, template_locales[li], false, day, sizeof day);
	snprintf(dateline, sizeof dateline, "%s%s%s", b->place ? b->place : "",
		 b->place ? ", " : "", day);
	struct letter l = {
		.recipient = addr,
		.dateline = dateline,
		.markup = text,
		.page_word = li == 1 ? "page" : "pagina",
		.of_word = li == 1 ? "of" : "van",
	};
	if (b->o.per_person) {
		char num[32];
		snprintf(num, sizeof num, "%05ld", b->letters + 1);
		if ((size_t)snprintf(path, sizeof path, "%s/%s-%s.pdf", b->out, b->kind,
				     p->file_id ? p->file_id : num) >= sizeof path) {
			snprintf(err, errcap, "output path too long");
			rc = APP_INVALID;
			goto cleanup;
		}
		if (letter_pdf_open(b->kit, path, b->kind, &b->pdf, err, errcap) != 0) {
			rc = APP_FAIL;
			goto cleanup;
		}
	}
	int pages = 0;
	if (letter_pdf_add(b->pdf, &l, &pages, why, sizeof why) != 0) {
		snprintf(err, errcap, "template %s.%s: %s", b->kind, template_locales[li], why);
		rc = APP_INVALID;
		if (b->o.per_person) {
			letter_pdf_close(b->pdf, NULL, why, sizeof why);
			b->pdf = NULL;
			unlink(path);
		}
		goto cleanup;
	}
	if (b->o.per_person) {
		int r = letter_pdf_close(b->pdf, NULL, err, errcap);
		b->pdf = NULL;
		if (r != 0) {
			rc = APP_FAIL;
			goto cleanup;
		}
	}
	b->letters++;
	b->pages += pages;
	if (made) {
		made->version = c->version;
		snprintf(made->locale, sizeof made->locale, "%s", template_locales[li]);
		snprintf(made->variant, sizeof made->variant, "%s", variant_names[vi]);
		made->pages = pages;
	}
	rc = APP_OK;
cleanup:
	free(text);
	json_decref(ctx);
	return rc;
}

static void batch_free(struct letters_batch *b)
{
	for (int i = 0; i < LOCALES; i++)
		for (int j = 0; j < VARIANTS; j++)
			tmpl_free(b->cache[i][j].t);
	letter_kit_free(b->kit);
	json_decref(b->sender);
	json_decref(b->rules);
	free(b->out);
	free(b->rsvp_link);
	free(b->place);
	free(b);
}

void letters_abort(struct letters_batch *b)
{
	if (!b)
		return;
	char why[64];
	letter_pdf_close(b->pdf, NULL, why, sizeof why);
	batch_free(b);
}

int letters_end(struct letters_batch *b, long *letters, long *pages, char *err, size_t errcap)
{
	int rc = APP_OK;
	if (b->pdf && letter_pdf_close(b->pdf, NULL, err, errcap) != 0)
		rc = APP_FAIL;
	b->pdf = NULL;
	if (letters)
		*letters = b->letters;
	if (pages)
		*pages = b->pages;
	batch_free(b);
	return rc;
}

/* ---- letters from a data file ---- */

static const char *str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "YYYY-MM-DD HH:MM", Dutch time, as UTC seconds; -1 when malformed. */
/* "YYYY-MM-DD HH:MM" in Dutch time as UTC seconds, or -1. */
static int64_t parse_local(const char *s)
{
	int64_t t;
	return s && nltime_parse(s, &t) == 0 ? t : -1;
}

static int parse_date(const json_t *o, const char *key, cdate *out)
{
	const char *s = str(o, key);
	*out = 0;
	if (!s)
		return json_object_get(o, key) ? -1 : 0;
	return date_parse(s, strlen(s), out);
}

/* The recipient's address lines joined by '\n' into buf. */
static int address_of(const json_t *r, char *buf, size_t cap)
{
	const json_t *v = json_object_get(r, "address");
	buf[0] = '\0';
	if (!v)
		return 0;
	if (json_is_string(v))
		return (size_t)snprintf(buf, cap, "%s", json_string_value(v)) < cap ? 0 : -1;
	if (!json_is_array(v))
		return -1;
	size_t i, n = 0;
	const json_t *e;
	json_array_foreach(v, i, e)
	{
		if (!json_is_string(e))
			return -1;
		int k = snprintf(buf + n, cap - n, "%s%s", i ? "\n" : "", json_string_value(e));
		if (k < 0 || (size_t)k >= cap - n)
			return -1;
		n += (size_t)k;
	}
	return 0;
}

int app_letters_from_json(struct app *a, const struct letters_opts *o, const json_t *data,
			  const char *base_dir, long *letters, long *pages, char *err,
			  size_t errcap)
{
	struct letters_batch *b = NULL;
	struct app_letterhead sender = {0};
	char why[512];
	int rc = APP_INVALID;
	const json_t *recipients = json_object_get(data, "recipients");
	if (!json_is_object(data) || !json_is_array(recipients) ||
	    json_array_size(recipients) == 0) {
		snprintf(err, errcap,
			 "the data must be an object with a non-empty \"recipients\" "
			 "array");
		return APP_INVALID;
	}
	if (json_array_size(recipients) > LETTERS_MAX) {
		snprintf(err, errcap, "more than %d recipients", LETTERS_MAX);
		return APP_INVALID;
	}
	struct letters_opts opts = *o;
	if (!opts.rsvp_link)
		opts.rsvp_link = str(data, "rsvp_link");
	if (!opts.place)
		opts.place = str(data, "place");
	cdate d;
	if (parse_date(data, "date", &d) != 0) {
		snprintf(err, errcap, "date: expected YYYY-MM-DD");
		return APP_INVALID;
	}
	if (d)
		opts.date = d;
	struct letter_meeting m = {0};
	const json_t *mj = json_object_get(data, "meeting");
	if (mj) {
		m.at = parse_local(str(mj, "at"));
		m.location = str(mj, "location");
		if (m.at < 0 || !m.location) {
			snprintf(err, errcap,
				 "meeting: expected {\"at\": \"YYYY-MM-DD HH:MM\", "
				 "\"location\": TEXT}");
			return APP_INVALID;
		}
	}
	const json_t *sj = json_object_get(data, "sender");
	if (sj && app_letterhead_from_json(sj, base_dir, &sender, why, sizeof why) != APP_OK) {
		snprintf(err, errcap, "sender: %s", why);
		return APP_INVALID;
	}
	rc = letters_begin(a, &opts, sj ? &sender : NULL, &b, err, errcap);
	app_letterhead_clear(&sender);
	if (rc != APP_OK)
		return rc;
	size_t i;
	const json_t *r;
	json_array_foreach(recipients, i, r)
	{
		char addr[LETTER_FIELD_MAX];
		struct letter_person p = {
			.given_names = str(r, "given_names"),
			.family_name = str(r, "family_name"),
			.address = addr,
			.gemeente = str(r, "gemeente"),
			.language = str(r, "language"),
			.variant = str(r, "variant"),
			.code = str(r, "code"),
		};
		if (!json_is_object(r) || address_of(r, addr, sizeof addr) != 0 ||
		    parse_date(r, "ww_end", &p.ww_end) != 0) {
			snprintf(err, errcap,
				 "recipients[%zu]: an object; address a string or lines "
				 "(at most %u bytes); ww_end YYYY-MM-DD",
				 i, LETTER_FIELD_MAX);
			rc = APP_INVALID;
			goto fail;
		}
		rc = letters_add(b, &p, &m, NULL, why, sizeof why);
		if (rc != APP_OK) {
			snprintf(err, errcap, "recipients[%zu]: %s", i, why);
			goto fail;
		}
	}
	return letters_end(b, letters, pages, err, errcap);
fail:
	letters_abort(b);
	return rc;
}
