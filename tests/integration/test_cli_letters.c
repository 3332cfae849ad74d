/* overstap letters, template add|list|show, org set --letterhead and
 * toolkit export|import, through the real binary on either backend. PDFs
 * are checked with poppler-utils: pdftotext for what the letters say,
 * pdfinfo for the paper size and the page count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/templates.h"
#include "harness.h"

/* Every kind in both locales: what a toolkit export holds. */
#define N_KIT (2 * TEMPLATE_N_KINDS)

static const char sender[] =
	"\"sender\": {\"name\": \"Gemeente Purmerend\", \"address\": [\"Postbus 15\", "
	"\"1440 AA Purmerend\"], \"contact\": \"telefoon 14 0299\", \"signatory\": "
	"\"A. de Vries\", \"signatory_role\": \"teamleider\"},";

/* A data file with n recipients (every third one English); names and codes
 * are numbered: "Jan1 Jansen", "CODE000001". */
static const char *write_data(struct h_env *e, const char *name, int n, bool with_sender)
{
	size_t cap = 4096 + (size_t)n * 256, len = 0;
	char *t = malloc(cap);
	len += (size_t)snprintf(t + len, cap - len,
				"{%s \"meeting\": {\"at\": \"2026-12-10 19:30\", \"location\": "
				"\"Stadhuis, Purmersteenweg 42\"}, \"rsvp_link\": "
				"\"https://overstap.example/rsvp\", \"place\": \"Purmerend\", "
				"\"date\": \"2026-11-23\", \"recipients\": [",
				with_sender ? sender : "");
	for (int i = 1; i <= n; i++)
		len += (size_t)snprintf(
			t + len, cap - len,
			"%s{\"given_names\": \"Jan%d\", \"family_name\": \"Jansen\", \"address\": "
			"[\"Dorpsstraat %d\", \"1441 AB  PURMEREND\"], \"gemeente\": \"GM0439\", "
			"\"language\": \"%s\", \"code\": \"CODE%06d\", \"ww_end\": \"2027-02-14\"}",
			i > 1 ? "," : "", i, i, i % 3 == 0 ? "en" : "nl", i);
	snprintf(t + len, cap - len, "]}");
	const char *path = h_path(e, name);
	h_writes(path, t);
	free(t);
	return path;
}

/* One PDF holding every letter: each name, the meeting date and each RSVP
 * code are in it, in Dutch or English; A4; one page per letter. */
static void letters_one_pdf(void **state)
{
	struct h_env *e = *state;
	const char *data = write_data(e, "d.json", 6, true);
	const char *out = h_path(e, "all.pdf");
	struct h_run r;
	h_expect(&r, 0, NULL, "letters", "--template", "invitation", "--data", data, "--out", out,
		 "--db", e->db, NULL);
	assert_true(h_contains(r.out, "6 letters, 6 pages: "));
	h_run_free(&r);
	assert_int_equal(h_pdf_pages(out), 6);
	char *text = h_pdf_text(out);
	for (int i = 1; i <= 6; i++) {
		char name[64], code[32];
		snprintf(name, sizeof name, "Jan%d Jansen", i);
		snprintf(code, sizeof code, "CODE%06d", i);
		assert_true(h_contains(text, name));
		assert_true(h_contains(text, code));
	}
	assert_true(h_contains(text, "donderdag 10 december 2026"));
	assert_true(h_contains(text, "Thursday 10 December 2026"));
	assert_true(h_contains(text, "https://overstap.example/rsvp"));
	assert_true(h_contains(text, "https://overstap.example/rsvp/CODE000001")); /* the link */
	assert_true(h_contains(text, "Gemeente Purmerend"));
	assert_true(h_contains(text, "A. de Vries"));
	assert_true(h_contains(text, "Purmerend, 23 november 2026"));
	free(text);
}

/* A directory gets one PDF per person. */
static void letters_per_person(void **state)
{
	struct h_env *e = *state;
	const char *data = write_data(e, "d.json", 3, true);
	const char *dir = h_path(e, "out");
	struct h_run r;
	h_expect(&r, 0, NULL, "letters", "--template", "reminder", "--data", data, "--out", dir,
		 "--db", e->db, NULL);
	h_run_free(&r);
	for (int i = 1; i <= 3; i++) {
		char file[64], name[32];
		snprintf(file, sizeof file, "out/reminder-%05d.pdf", i);
		const char *path = h_path(e, file);
		assert_int_equal(h_pdf_pages(path), 1);
		char *text = h_pdf_text(path);
		snprintf(name, sizeof name, "Jan%d Jansen", i);
		assert_true(h_contains(text, name));
		for (int j = 1; j <= 3; j++)
			if (j != i) {
				snprintf(name, sizeof name, "Jan%d Jansen", j);
				assert_false(h_contains(text, name));
			}
		free(text);
	}
	int files = 0;
	DIR *d = opendir(dir);
	for (struct dirent *de; (de = readdir(d)) != NULL;)
		files += de->d_name[0] != '.';
	closedir(d);
	assert_int_equal(files, 3);
}

/* "What changes when your WW ends" states the bijstand figures in force on
 * the letter's date (data/figures.csv); the follow-up offers a conversation. */
static void letters_other_kinds(void **state)
{
	struct h_env *e = *state;
	const char *data = write_data(e, "d.json", 3, true);
	const char *out = h_path(e, "ww.pdf");
	struct h_run r;
	h_expect(&r, 0, NULL, "letters", "--template", "ww_ends", "--data", data, "--out", out,
		 "--db", e->db, NULL);
	h_run_free(&r);
	char *text = h_pdf_text(out);
	assert_true(h_contains(text, "1.401,50"));
	assert_true(h_contains(text, "2.002,13"));
	assert_true(h_contains(text, "8.000"));
	assert_true(h_contains(text, "14 februari 2027"));
	assert_true(h_contains(text, "14 February 2027"));
	free(text);
	h_expect(&r, 0, NULL, "letters", "--template", "follow_up", "--variant", "B", "--data",
		 data, "--out", out, "--db", e->db, NULL);
	h_run_free(&r);
	text = h_pdf_text(out);
	assert_true(h_contains(text, "persoonlijk gesprek"));
	assert_true(h_contains(text, "CODE000002"));
	free(text);
}

static void letters_bad_input(void **state)
{
	struct h_env *e = *state;
	const char *data = write_data(e, "d.json", 1, true);
	const char *out = h_path(e, "x.pdf");
	struct h_run r;
	h_expect(&r, 2, NULL, "letters", "--template", "nonsense", "--data", data, "--out", out,
		 "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "letters", "--template", "invitation", "--variant", "C", "--data",
		 data, "--out", out, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "letters", "--template", "invitation", "--out", out, "--db", e->db,
		 NULL);
	h_run_free(&r);
	const char *empty = h_path(e, "empty.json");
	h_writes(empty, "{\"recipients\": []}");
	h_expect(&r, 2, NULL, "letters", "--template", "invitation", "--data", empty, "--out", out,
		 "--db", e->db, NULL);
	assert_true(h_contains(r.err, "recipients"));
	h_run_free(&r);
	/* without a sender and without --org there is no letterhead */
	const char *nosender = write_data(e, "ns.json", 1, false);
	h_expect(&r, 2, NULL, "letters", "--template", "invitation", "--data", nosender, "--out",
		 out, "--db", e->db, NULL);
	assert_true(h_contains(r.err, "sender"));
	h_run_free(&r);
	/* a recipient without a name is named by its index */
	const char *noname = h_path(e, "nn.json");
	h_writes(noname, "{\"sender\": {\"name\": \"X\"}, \"recipients\": [{\"given_names\": "
			 "\"A\", \"family_name\": \"B\"}, {\"given_names\": \"C\"}]}");
	h_expect(&r, 2, NULL, "letters", "--template", "invitation", "--data", noname, "--out", out,
		 "--db", e->db, NULL);
	assert_true(h_contains(r.err, "recipients[1]"));
	h_run_free(&r);
}

static const char svg_logo[] = "<svg xmlns='http://www.w3.org/2000/svg' width='120' height='40'>"
			       "<rect width='120' height='40' fill='#0b5394'/></svg>";

/* org set --letterhead stores the letterhead (logo included) in the
 * database; letters --org use it, and the organisation's own template. */
static void letters_org_letterhead_and_template(void **state)
{
	struct h_env *e = *state;
	h_writes(h_path(e, "logo.svg"), svg_logo);
	const char *lh = h_path(e, "lh.json");
	h_writes(lh,
		 "{\"name\": \"Gemeente Purmerend\", \"address\": [\"Postbus 15\", \"1440 AA "
		 "Purmerend\"], \"contact\": [\"www.purmerend.nl\"], \"signatory\": \"B. Bakker\", "
		 "\"signatory_role\": \"wethouder\", \"logo\": \"logo.svg\"}");
	struct h_run r;
	h_expect(&r, 0, NULL, "org", "set", "GM0439", "--letterhead", lh, "--db", e->db, NULL);
	assert_true(h_contains(r.out, "letterhead of GM0439: version 1"));
	h_run_free(&r);
	/* a broken logo is refused and nothing is stored */
	h_writes(h_path(e, "logo.svg"), "not an image");
	h_expect(&r, 2, NULL, "org", "set", "GM0439", "--letterhead", lh, "--db", e->db, NULL);
	assert_true(h_contains(r.err, "logo"));
	h_run_free(&r);

	const char *tpl = h_path(e, "inv.mustache");
	h_writes(tpl, "Eigen uitnodiging\n\nBeste {{person.name}}, kom op {{meeting.date}}. "
		      "Code: {{rsvp.code}}.\n\nGroet,");
	h_expect(&r, 0, NULL, "template", "add", "--org", "GM0439", "--kind", "invitation",
		 "--locale", "nl", tpl, "--db", e->db, NULL);
	assert_string_equal(r.out, "1\n");
	h_run_free(&r);
	const char *data = write_data(e, "d.json", 2, false);
	const char *out = h_path(e, "org.pdf");
	h_expect(&r, 0, NULL, "letters", "--org", "GM0439", "--template", "invitation", "--data",
		 data, "--out", out, "--db", e->db, NULL);
	h_run_free(&r);
	char *text = h_pdf_text(out);
	assert_true(h_contains(text, "Eigen uitnodiging"));
	assert_true(h_contains(text, "B. Bakker"));
	assert_true(h_contains(text, "www.purmerend.nl"));
	assert_true(h_contains(text, "CODE000001"));
	assert_true(h_contains(text, "donderdag 10 december 2026"));
	free(text);
	assert_int_equal(h_pdf_pages(out), 2);
}

/* template add makes versions; list shows them; show prints one. */
static void template_versions(void **state)
{
	struct h_env *e = *state;
	const char *tpl = h_path(e, "t.mustache");
	struct h_run r;
	for (int v = 1; v <= 3; v++) {
		char body[64], want[16];
		snprintf(body, sizeof body, "Versie %d\n\nTekst {{person.name}}.", v);
		h_writes(tpl, body);
		h_expect(&r, 0, NULL, "template", "add", "--org", "GM0363", "--kind", "reminder",
			 "--locale", "en", tpl, "--db", e->db, NULL);
		snprintf(want, sizeof want, "%d\n", v);
		assert_string_equal(r.out, want);
		h_run_free(&r);
	}
	h_expect(&r, 0, NULL, "template", "list", "--org", "GM0363", "--format", "json", "--db",
		 e->db, NULL);
	json_t *j = json_loads(r.out, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_array_size(j), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 2), "version")), 3);
	json_decref(j);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "template", "show", "--org", "GM0363", "--kind", "reminder",
		 "--locale", "en", "--version", "2", "--db", e->db, NULL);
	assert_string_equal(r.out, "Versie 2\n\nTekst {{person.name}}.");
	h_run_free(&r);
	h_expect(&r, 0, NULL, "template", "show", "--org", "GM0363", "--kind", "reminder",
		 "--locale", "en", "--db", e->db, NULL);
	assert_true(h_contains(r.out, "Versie 3"));
	h_run_free(&r);
	/* no version of its own: the shipped default */
	h_expect(&r, 0, NULL, "template", "show", "--org", "GM0363", "--kind", "agreement",
		 "--locale", "nl", "--db", e->db, NULL);
	assert_true(h_contains(r.out, "Samenwerkingsafspraken"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "template", "show", "--org", "GM0363", "--kind", "reminder",
		 "--locale", "en", "--version", "9", "--db", e->db, NULL);
	h_run_free(&r);
	/* a template that does not parse names line and column; nothing is added */
	h_writes(tpl, "Onderwerp\n\n{{#open}} niet gesloten");
	h_expect(&r, 2, NULL, "template", "add", "--org", "GM0363", "--kind", "reminder",
		 "--locale", "en", tpl, "--db", e->db, NULL);
	assert_true(h_contains(r.err, "line 3"));
	h_run_free(&r);
	h_expect(&r, 2, NULL, "template", "add", "--org", "GM0363", "--kind", "poster", "--locale",
		 "en", tpl, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 2, NULL, "template", "add", "--org", "NOPE-X", "--kind", "reminder",
		 "--locale", "en", tpl, "--db", e->db, NULL);
	h_run_free(&r);
	assert_int_equal(h_db_count(e->db, "letter_template"), 3);
}

static long template_count(struct h_env *e, const char *org)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM letter_template WHERE org = '%s'", org);
	return (long)h_db_int(e->db, sql);
}

/* The toolkit moves templates with provenance; an import never replaces a
 * version: it adds new ones and reports same, updated and conflicts. */
static void toolkit_round_trip(void **state)
{
	struct h_env *e = *state;
	const char *tpl = h_path(e, "t.mustache");
	const char *kit = h_path(e, "kit.json");
	struct h_run r;
	h_writes(tpl, "Eigen versie\n\nTekst.");
	h_expect(&r, 0, NULL, "template", "add", "--org", "GM0439", "--kind", "outline", "--locale",
		 "nl", tpl, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "toolkit", "export", kit, "--org", "GM0439", "--db", e->db, NULL);
	char line[96];
	snprintf(line, sizeof line, "exported %d templates of GM0439", N_KIT);
	assert_true(h_contains(r.out, line));
	h_run_free(&r);
	json_t *doc = json_load_file(kit, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "org")), "GM0439");
	assert_non_null(json_object_get(doc, "exported_at"));
	assert_int_equal(json_array_size(json_object_get(doc, "templates")), N_KIT);
	json_decref(doc);

	/* into another organisation: all new */
	h_expect(&r, 0, NULL, "toolkit", "import", kit, "--org", "GM0363", "--db", e->db, NULL);
	snprintf(line, sizeof line, "%d added, 0 updated, 0 same, 0 conflicts", N_KIT);
	assert_true(h_has_line(r.out, line));
	assert_true(h_contains(r.out, "outline nl: added as version 1 (from GM0439 version 1)"));
	h_run_free(&r);
	assert_int_equal(template_count(e, "GM0363"), N_KIT);
	h_expect(&r, 0, NULL, "template", "list", "--org", "GM0363", "--kind", "outline",
		 "--format", "json", "--db", e->db, NULL);
	json_t *j = json_loads(r.out, 0, NULL);
	json_t *origin = json_object_get(json_array_get(j, 0), "origin");
	assert_string_equal(json_string_value(json_object_get(origin, "org")), "GM0439");
	json_decref(j);
	h_run_free(&r);

	/* the same file again: nothing added */
	h_expect(&r, 0, NULL, "toolkit", "import", kit, "--org", "GM0363", "--db", e->db, NULL);
	snprintf(line, sizeof line, "0 added, 0 updated, %d same, 0 conflicts", N_KIT);
	assert_true(h_has_line(r.out, line));
	h_run_free(&r);
	assert_int_equal(template_count(e, "GM0363"), N_KIT);

	/* a local change in GM0363, then a newer export from GM0439 */
	h_writes(tpl, "Lokaal aangepast\n\nTekst.");
	h_expect(&r, 0, NULL, "template", "add", "--org", "GM0363", "--kind", "outline", "--locale",
		 "nl", tpl, "--db", e->db, NULL);
	h_run_free(&r);
	h_writes(tpl, "Nieuwe versie uit Purmerend\n\nTekst.");
	h_expect(&r, 0, NULL, "template", "add", "--org", "GM0439", "--kind", "outline", "--locale",
		 "nl", tpl, "--db", e->db, NULL);
	h_run_free(&r);
	h_writes(tpl, "Nieuwe herinnering\n\nTekst.");
	h_expect(&r, 0, NULL, "template", "add", "--org", "GM0439", "--kind", "reminder",
		 "--locale", "en", tpl, "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "toolkit", "export", kit, "--org", "GM0439", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "toolkit", "import", kit, "--org", "GM0363", "--db", e->db, NULL);
	snprintf(line, sizeof line, "0 added, 1 updated, %d same, 1 conflicts", N_KIT - 2);
	assert_true(h_has_line(r.out, line));
	assert_true(h_contains(r.out, "outline nl: conflict"));
	assert_true(h_contains(r.out, "reminder en: updated as version 2"));
	h_run_free(&r);
	/* the kit, the local change, the update and the conflict's import */
	assert_int_equal(template_count(e, "GM0363"), N_KIT + 3);
	/* the local version is kept, the import is the newest */
	h_expect(&r, 0, NULL, "template", "show", "--org", "GM0363", "--kind", "outline",
		 "--locale", "nl", "--version", "2", "--db", e->db, NULL);
	assert_true(h_contains(r.out, "Lokaal aangepast"));
	h_run_free(&r);

	/* a broken file adds nothing */
	h_writes(kit,
		 "{\"format\": \"overstap-toolkit\", \"format_version\": 1, \"org\": "
		 "\"GM0439\", \"exported_at\": \"2026-11-23T10:00:00Z\", \"templates\": ["
		 "{\"kind\": \"outline\", \"locale\": \"nl\", \"version\": 4, \"body\": \"ok\"},"
		 "{\"kind\": \"outline\", \"locale\": \"en\", \"version\": 4, \"body\": "
		 "\"{{#x}}\"}]}");
	h_expect(&r, 2, NULL, "toolkit", "import", kit, "--org", "GM0363", "--db", e->db, NULL);
	assert_true(h_contains(r.err, "templates[1]"));
	h_run_free(&r);
	/* the kit, the local change, the update and the conflict's import */
	assert_int_equal(template_count(e, "GM0363"), N_KIT + 3);
	h_writes(kit, "{\"format\": \"something else\"}");
	h_expect(&r, 2, NULL, "toolkit", "import", kit, "--org", "GM0363", "--db", e->db, NULL);
	h_run_free(&r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(letters_one_pdf),
		T(letters_per_person),
		T(letters_other_kinds),
		T(letters_bad_input),
		T(letters_org_letterhead_and_template),
		T(template_versions),
		T(toolkit_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
