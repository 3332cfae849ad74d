/* Input of the JSON API: bodies, query strings, cursors (input.h). */
#include "web/input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies at most cap - 1 bytes of s into out without cutting a UTF-8
 * sequence in two. */
static void copy_utf8(char *out, size_t cap, const char *s)
{
	size_t n = strnlen(s, cap);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

void input_problem_add(struct input_problems *pr, const char *name, const char *code,
		       const char *fmt, ...)
{
	pr->total++;
	if (pr->n == INPUT_MAX_INVALID)
		return;
	struct input_problem *p = &pr->p[pr->n++];
	copy_utf8(p->name, sizeof p->name, name);
	snprintf(p->code, sizeof p->code, "%s", code);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof p->reason, fmt, ap);
	va_end(ap);
}

/* ---- values ---- */

static bool is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int parse_iso_date(const char *s, cdate *out)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	return date_parse(s, 10, out);
}

int input_parse_datetime(const char *s, int64_t *out)
{
	cdate d;
	size_t n = strlen(s);
	if (n < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || !is_digits(s + 11, 2) ||
	    !is_digits(s + 14, 2) || !is_digits(s + 17, 2))
		return -1;
	char day[11];
	memcpy(day, s, 10);
	day[10] = '\0';
	if (parse_iso_date(day, &d) != 0)
		return -1;
	int h = num(s + 11, 2), mi = num(s + 14, 2), se = num(s + 17, 2);
	if (h > 23 || mi > 59 || se > 59)
		return -1;
	const char *p = s + 19;
	if (*p == '.') { /* a fraction of a second, dropped */
		size_t k = 1;
		while (p[k] >= '0' && p[k] <= '9' && k < 10)
			k++;
		if (k == 1)
			return -1;
		p += k;
	}
	int64_t off = 0;
	if (strcmp(p, "Z") == 0) {
		off = 0;
	} else if ((p[0] == '+' || p[0] == '-') && strlen(p) == 6 && p[3] == ':' &&
		   is_digits(p + 1, 2) && is_digits(p + 4, 2) && num(p + 1, 2) <= 23 &&
		   num(p + 4, 2) <= 59) {
		off = (int64_t)num(p + 1, 2) * 3600 + num(p + 4, 2) * 60;
		if (p[0] == '-')
			off = -off;
		if (off == 0 && p[0] == '-')
			return -1; /* -00:00 means "unknown offset" (RFC 3339); ADR refuses it */
	} else {
		return -1;
	}
	int64_t days = (int64_t)d - date_from_ymd(1970, 1, 1);
	*out = days * 86400 + h * 3600 + mi * 60 + se - off;
	return 0;
}

/* The allowed values of an enumeration, "a, b, c" (truncated). */
static void enum_list(const char *const *v, char *buf, size_t cap)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; v[i] && used < cap; i++) {
		int w = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", v[i]);
		if (w < 0)
			return;
		used += (size_t)w;
	}
}

/* Checks a string value s (n bytes) for field f. */
static bool check_string(const struct input_field *f, const char *s, size_t n,
			 struct input_problems *pr)
{
	size_t max = f->max_len ? f->max_len : INPUT_QUERY_VALUE_MAX;
	if (n == 0) {
		input_problem_add(pr, f->name, "minLength", "Mag niet leeg zijn.");
		return false;
	}
	if (n > max) {
		input_problem_add(pr, f->name, "maxLength", "Ten hoogste %zu bytes.", max);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			input_problem_add(pr, f->name, "pattern", "Bevat een stuurteken.");
			return false;
		}
	if (f->enum_values) {
		for (size_t i = 0; f->enum_values[i]; i++)
			if (strcmp(s, f->enum_values[i]) == 0)
				return true;
		char list[INPUT_REASON_MAX];
		enum_list(f->enum_values, list, sizeof list - 24);
		input_problem_add(pr, f->name, "enum", "Moet een van deze zijn: %s.", list);
		return false;
	}
	if (f->check && !f->check(s)) {
		input_problem_add(pr, f->name, "pattern", "%s",
				  f->check_reason ? f->check_reason : "Heeft niet de goede vorm.");
		return false;
	}
	return true;
}

static bool check_int(const struct input_field *f, int64_t v, struct input_problems *pr)
{
	if (v < f->min || v > f->max) {
		input_problem_add(pr, f->name, "range", "Moet tussen %lld en %lld liggen.",
				  (long long)f->min, (long long)f->max);
		return false;
	}
	return true;
}

/* A value given as text (a query parameter, or a JSON string for dates). */
static void check_text(const struct input_field *f, const char *s, struct input_value *v,
		       struct input_problems *pr)
{
	size_t n = strnlen(s, INPUT_QUERY_VALUE_MAX + 1);
	switch (f->type) {
	case IN_STRING:
		if (check_string(f, s, n, pr)) {
			v->present = true;
			v->s = s;
		}
		return;
	case IN_INT: {
		char *end;
		long long x = 0;
		bool ok = n > 0 && n <= 19 && is_digits(s + (s[0] == '-'), n - (s[0] == '-'));
		if (ok)
			x = strtoll(s, &end, 10);
		if (!ok) {
			input_problem_add(pr, f->name, "type", "Moet een geheel getal zijn.");
		} else if (check_int(f, x, pr)) {
			v->present = true;
			v->i = x;
		}
		return;
	}
	case IN_BOOL:
		if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
			v->present = true;
			v->b = s[0] == 't';
		} else {
			input_problem_add(pr, f->name, "type", "Moet true of false zijn.");
		}
		return;
	case IN_DATE:
		if (parse_iso_date(s, &v->d) == 0)
			v->present = true;
		else
			input_problem_add(pr, f->name, "date",
					  "Moet een bestaande datum zijn als JJJJ-MM-DD.");
		return;
	case IN_DATETIME:
		if (input_parse_datetime(s, &v->i) == 0)
			v->present = true;
		else
			input_problem_add(pr, f->name, "dateTime",
					  "Moet een tijdstip zijn als 2026-11-30T09:00:00Z.");
		return;
	case IN_ARRAY:
		input_problem_add(pr, f->name, "type", "Kan niet in een query.");
		return;
	}
}

static const struct input_field *find(const struct input_spec *spec, const char *name, size_t *idx)
{
	for (size_t i = 0; i < spec->n; i++)
		if (strcmp(spec->fields[i].name, name) == 0) {
			*idx = i;
			return &spec->fields[i];
		}
	return NULL;
}

static void check_required(const struct input_spec *spec, const struct input_value *vals,
			   const bool *seen, struct input_problems *pr)
{
	for (size_t i = 0; i < spec->n; i++)
		if (spec->fields[i].required && !vals[i].present && !seen[i])
			input_problem_add(pr, spec->fields[i].name, "required", "Is verplicht.");
}

/* ---- bodies ---- */

/* Depth and shape before parsing: one object, nested at most
 * INPUT_MAX_DEPTH deep. Returns 0 or -1 with a problem. */
static int prescan(const char *body, size_t len, struct input_problems *pr)
{
	size_t i = 0;
	while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
		i++;
	if (i == len || body[i] != '{') {
		input_problem_add(pr, "body", "type", "Moet een JSON-object zijn.");
		return -1;
	}
	int depth = 0;
	bool in_str = false, esc = false;
	for (; i < len; i++) {
		char c = body[i];
		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > INPUT_MAX_DEPTH) {
				input_problem_add(pr, "body", "depth",
						  "Is dieper genest dan %d niveaus.",
						  INPUT_MAX_DEPTH);
				return -1;
			}
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return 0;
}

static void check_member(const struct input_field *f, json_t *j, struct input_value *v,
			 struct input_problems *pr);

/* An array member: its size, then each item as a field of type f->item
 * named "name[index]". */
static void check_array(const struct input_field *f, json_t *j, struct input_value *v,
			struct input_problems *pr)
{
	if (!json_is_array(j)) {
		input_problem_add(pr, f->name, "type", "Moet een lijst zijn.");
		return;
	}
	size_t n = json_array_size(j);
	if (n == 0 || n > f->max_items) {
		input_problem_add(pr, f->name, n ? "maxItems" : "minItems",
				  "Moet 1 tot %zu waarden hebben.", f->max_items);
		return;
	}
	size_t before = pr->total;
	for (size_t i = 0; i < n; i++) {
		char name[INPUT_NAME_MAX + 1];
		snprintf(name, sizeof name, "%.24s[%zu]", f->name, i);
		struct input_field item = *f;
		struct input_value iv = {0};
		item.name = name;
		item.type = f->item == IN_INT ? IN_INT : IN_STRING;
		check_member(&item, json_array_get(j, i), &iv, pr);
	}
	if (pr->total == before) {
		v->present = true;
		v->a = j;
	}
}

static void check_member(const struct input_field *f, json_t *j, struct input_value *v,
			 struct input_problems *pr)
{
	switch (f->type) {
	case IN_ARRAY:
		check_array(f, j, v, pr);
		return;
	case IN_STRING:
	case IN_DATE:
	case IN_DATETIME:
		if (!json_is_string(j)) {
			input_problem_add(pr, f->name, "type", "Moet tekst zijn.");
		} else if (f->type != IN_STRING) {
			if (json_string_length(j) > 64)
				input_problem_add(pr, f->name, "maxLength", "Is te lang.");
			else
				check_text(f, json_string_value(j), v, pr);
		} else if (strlen(json_string_value(j)) != json_string_length(j)) {
			input_problem_add(pr, f->name, "pattern", "Bevat een NUL-teken.");
		} else if (check_string(f, json_string_value(j), json_string_length(j), pr)) {
			v->present = true;
			v->s = json_string_value(j);
		}
		return;
	case IN_INT:
		if (!json_is_integer(j)) {
			input_problem_add(pr, f->name, "type", "Moet een geheel getal zijn.");
		} else if (check_int(f, json_integer_value(j), pr)) {
			v->present = true;
			v->i = json_integer_value(j);
		}
		return;
	case IN_BOOL:
		if (!json_is_boolean(j)) {
			input_problem_add(pr, f->name, "type", "Moet true of false zijn.");
		} else {
			v->present = true;
			v->b = json_is_true(j);
		}
		return;
	}
}

json_t *input_json(const char *body, size_t len, const struct input_spec *spec,
		   struct input_value *vals, struct input_problems *pr)
{
	json_error_t err;
	bool seen[INPUT_MAX_FIELDS] = {false};
	memset(vals, 0, spec->n * sizeof *vals);
	memset(pr, 0, sizeof *pr);
	if (spec->n > INPUT_MAX_FIELDS) { /* a spec of ours that is too large */
		input_problem_add(pr, "body", "spec", "Kan niet worden gecontroleerd.");
		return NULL;
	}
	if (!body || len == 0) {
		input_problem_add(pr, "body", "required", "Er is geen JSON-object meegestuurd.");
		return NULL;
	}
	if (prescan(body, len, pr) != 0)
		return NULL;
	json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
	if (!doc) {
		input_problem_add(pr, "body", "syntax", "Geen geldige JSON (regel %d, kolom %d).",
				  err.line, err.column);
		return NULL;
	}
	if (!json_is_object(doc)) { /* the pre-scan saw '{'; kept for safety */
		input_problem_add(pr, "body", "type", "Moet een JSON-object zijn.");
		goto fail;
	}
	if (json_object_size(doc) > INPUT_MAX_FIELDS) {
		input_problem_add(pr, "body", "maxProperties", "Heeft meer dan %d velden.",
				  INPUT_MAX_FIELDS);
		goto fail;
	}
	const char *key;
	json_t *val;
	json_object_foreach(doc, key, val)
	{
		size_t idx;
		const struct input_field *f = find(spec, key, &idx);
		if (!f) {
			input_problem_add(pr, key, "unknown", "Is geen veld van dit verzoek.");
			continue;
		}
		if (json_is_null(val)) { /* null is "not given" */
			continue;
		}
		seen[idx] = true;
		check_member(f, val, &vals[idx], pr);
	}
	check_required(spec, vals, seen, pr);
	if (pr->total == 0)
		return doc;
fail:
	json_decref(doc);
	memset(vals, 0, spec->n * sizeof *vals);
	return NULL;
}

/* ---- query strings ---- */

int input_query(const struct input_pair *pairs, size_t n, const struct input_spec *spec,
		struct input_value *vals, struct input_problems *pr)
{
	bool seen[INPUT_MAX_FIELDS] = {false};
	memset(vals, 0, spec->n * sizeof *vals);
	memset(pr, 0, sizeof *pr);
	if (spec->n > INPUT_MAX_FIELDS) {
		input_problem_add(pr, "query", "spec", "Kan niet worden gecontroleerd.");
		return -1;
	}
	if (n > INPUT_QUERY_MAX) {
		input_problem_add(pr, "query", "maxItems", "Meer dan %d parameters.",
				  INPUT_QUERY_MAX);
		return -1;
	}
	for (size_t k = 0; k < n; k++) {
		size_t idx;
		const char *name = pairs[k].name ? pairs[k].name : "";
		const struct input_field *f = find(spec, name, &idx);
		if (!f) {
			input_problem_add(pr, name, "unknown",
					  "Is geen parameter van dit verzoek.");
			continue;
		}
		if (seen[idx]) {
			input_problem_add(pr, name, "duplicate", "Komt meer dan eens voor.");
			continue;
		}
		seen[idx] = true;
		check_text(f, pairs[k].value ? pairs[k].value : "", &vals[idx], pr);
	}
	check_required(spec, vals, seen, pr);
	if (pr->total == 0)
		return 0;
	memset(vals, 0, spec->n * sizeof *vals);
	return -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s in place up to its NUL; -1 on a bad escape or a NUL byte. */
static int unescape(char *s)
{
	char *w = s;
	for (char *p = s; *p; p++) {
		if (*p == '+') {
			*w++ = ' ';
		} else if (*p == '%') {
			int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -1;
			*w++ = (char)(hi << 4 | lo);
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return 0;
}

int input_query_decode(char *buf, struct input_pair *pairs, size_t cap)
{
	size_t n = 0;
	char *p = buf;
	if (*p == '\0')
		return 0;
	for (;;) {
		char *amp = strchr(p, '&');
		if (amp)
			*amp = '\0';
		if (*p != '\0') {
			if (n == cap)
				return -1;
			char *eq = strchr(p, '=');
			if (eq)
				*eq = '\0';
			if (unescape(p) != 0 || (eq && unescape(eq + 1) != 0))
				return -1;
			pairs[n].name = p;
			pairs[n].value = eq ? eq + 1 : "";
			n++;
		}
		if (!amp)
			return (int)n;
		p = amp + 1;
	}
}

/* ---- cursors ---- */

int64_t input_cursor_decode(const char *cursor)
{
	if (!cursor)
		return 0;
	size_t n = strlen(cursor);
	if (n < 2 || n > 20 || cursor[0] != 'c' || !is_digits(cursor + 1, n - 1) ||
	    (cursor[1] == '0' && n > 2))
		return -1;
	return strtoll(cursor + 1, NULL, 10);
}

bool input_cursor_ok(const char *s)
{
	return input_cursor_decode(s) >= 0;
}

void input_cursor_encode(int64_t last_id, char *buf, size_t cap)
{
	snprintf(buf, cap, "c%lld", (long long)last_id);
}
