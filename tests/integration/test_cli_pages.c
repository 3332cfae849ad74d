/* The staff pages of overstap serve: sign-in with its session cookie, CSRF
 * tokens, sign-out, the one-time password change, the werkvoorraad (pages,
 * filters, the audit of every page shown), the import page and the static
 * files; on both backends, through plain HTTP (tests/browser/ drives the
 * same pages in a real browser). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PW "correct horse battery"

static struct h_proc server;

/* A tiny browser: the cookies it holds. */
struct browser {
	int port;
	char names[4][64];
	char values[4][128];
};

static void jar_put(struct browser *b, const char *line)
{
	char name[64], value[128] = "";
	const char *eq = strchr(line, '='), *semi = strchr(line, ';');
	if (!eq || (size_t)(eq - line) >= sizeof name)
		return;
	snprintf(name, sizeof name, "%.*s", (int)(eq - line), line);
	size_t vl = semi ? (size_t)(semi - eq - 1) : strlen(eq + 1);
	if (vl < sizeof value)
		snprintf(value, sizeof value, "%.*s", (int)vl, eq + 1);
	bool gone = strstr(line, "Max-Age=0") != NULL;
	for (int i = 0; i < 4; i++)
		if (strcmp(b->names[i], name) == 0) {
			if (gone)
				b->names[i][0] = '\0';
			else
				snprintf(b->values[i], sizeof b->values[i], "%s", value);
			return;
		}
	for (int i = 0; !gone && i < 4; i++)
		if (!b->names[i][0]) {
			snprintf(b->names[i], sizeof b->names[i], "%s", name);
			snprintf(b->values[i], sizeof b->values[i], "%s", value);
			return;
		}
}

static const char *jar_get(const struct browser *b, const char *name)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(b->names[i], name) == 0)
			return b->values[i];
	return NULL;
}

static void send_req(struct browser *b, const char *method, const char *path, const char *ctype,
		     const char *body, size_t blen, struct h_reply *r)
{
	size_t cap = blen + 4096;
	char *req = malloc(cap);
	assert_non_null(req);
	int n = snprintf(req, cap, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
			 method, path);
	char cookie[600] = "";
	for (int i = 0; i < 4; i++)
		if (b->names[i][0]) {
			size_t used = strlen(cookie);
			snprintf(cookie + used, sizeof cookie - used, "%s%s=%s", used ? "; " : "",
				 b->names[i], b->values[i]);
		}
	if (cookie[0])
		n += snprintf(req + n, cap - (size_t)n, "Cookie: %s\r\n", cookie);
	if (body)
		n += snprintf(req + n, cap - (size_t)n,
			      "Content-Type: %s\r\nContent-Length: %zu\r\n", ctype, blen);
	n += snprintf(req + n, cap - (size_t)n, "\r\n");
	if (body) {
		memcpy(req + n, body, blen);
		n += (int)blen;
	}
	h_http_from(b->port, NULL, req, (size_t)n, r);
	free(req);
	/* Every Set-Cookie line into the jar. */
	for (const char *p = strstr(r->head, "\r\nSet-Cookie: "); p;
	     p = strstr(p + 1, "\r\nSet-Cookie: ")) {
		char line[300];
		const char *v = p + strlen("\r\nSet-Cookie: ");
		const char *end = strstr(v, "\r\n");
		size_t len = end ? (size_t)(end - v) : strlen(v);
		if (len < sizeof line) {
			snprintf(line, sizeof line, "%.*s", (int)len, v);
			jar_put(b, line);
		}
	}
}

static void get(struct browser *b, const char *path, struct h_reply *r)
{
	send_req(b, "GET", path, NULL, NULL, 0, r);
}

static void post(struct browser *b, const char *path, const char *form, struct h_reply *r)
{
	send_req(b, "POST", path, "application/x-www-form-urlencoded", form, strlen(form), r);
}

/* The value of the hidden field called name in html (the first one). */
static void field(const char *html, const char *name, char *out, size_t cap)
{
	char pat[128];
	snprintf(pat, sizeof pat, "name=\"%s\" value=\"", name);
	const char *p = strstr(html, pat);
	if (!p)
		fail_msg("no field %s in:\n%s", name, html);
	p += strlen(pat);
	const char *end = strchr(p, '"');
	assert_non_null(end);
	assert_true((size_t)(end - p) < cap);
	snprintf(out, cap, "%.*s", (int)(end - p), p);
}

static void assert_location(const struct h_reply *r, const char *where)
{
	char loc[256];
	assert_int_equal(r->status, 303);
	if (!h_header(r, "Location", "", loc, sizeof loc))
		fail_msg("no Location in:\n%s", r->head);
	assert_string_equal(loc, where);
}

static int start(struct h_env *e, const char *extra)
{
	const char *argv[] = {"serve", "--listen", "127.0.0.1:0", "--threads", "2",
			      "--db",  e->db,      extra,         NULL};
	h_spawn(&server, h_path(e, "serve.log"), argv);
	char line[256];
	if (!h_proc_line(&server, line, sizeof line, 30000))
		fail_msg("the server did not say it was listening");
	int port = 0;
	if (sscanf(line, "overstap listening on http://127.0.0.1:%d", &port) != 1)
		fail_msg("unexpected first line: %s", line);
	return port;
}

static void setup_data(struct h_env *e, int persons)
{
	struct h_run r;
	char count[16];
	h_expect(&r, 0, NULL, "init", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, NULL, "org", "add", "--code", "UWV-NH", "--kind", "uwv", "--name",
		 "UWV Noord-Holland", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, PW "\n", "user", "add", "--org", "UWV-NH", "--role", "uwv-adviseur",
		 "--email", "ada@uwv.example.nl", "--db", e->db, NULL);
	h_run_free(&r);
	h_expect(&r, 0, PW "\n", "user", "add", "--org", "GM0363", "--role", "klantmanager",
		 "--email", "km@amsterdam.example.nl", "--db", e->db, NULL);
	h_run_free(&r);
	if (persons > 0) {
		const char *ww = h_path(e, "ww.csv");
		snprintf(count, sizeof count, "%d", persons);
		h_expect(&r, 0, NULL, "generate", "ww", "--count", count, "--seed", "5", "--out",
			 ww, NULL);
		h_run_free(&r);
		h_expect(&r, 0, NULL, "import", "ww", ww, "--org", "UWV-NH", "--quiet", "--db",
			 e->db, NULL);
		h_run_free(&r);
		h_expect(&r, 0, NULL, "signal", "--db", e->db, NULL);
		h_run_free(&r);
	}
}

/* Signs in; returns the status of the POST (303 on success). */
static int signin(struct browser *b, const char *email, const char *pw, struct h_reply *out)
{
	struct h_reply r;
	char token[128], form[512];
	get(b, "/inloggen", &r);
	assert_int_equal(r.status, 200);
	field(r.body, "signin_token", token, sizeof token);
	h_reply_free(&r);
	snprintf(form, sizeof form, "signin_token=%s&email=%s&password=%s", token, email, pw);
	for (char *c = form; *c; c++)
		if (*c == ' ')
			*c = '+';
	post(b, "/inloggen", form, out);
	return out->status;
}

static void csrf_of(struct browser *b, const char *path, char *out, size_t cap)
{
	struct h_reply r;
	get(b, path, &r);
	assert_int_equal(r.status, 200);
	field(r.body, "csrf", out, cap);
	h_reply_free(&r);
}

static void pages_signin(void **state)
{
	struct h_env *e = *state;
	struct browser b = {0};
	struct h_reply r;
	char buf[512];
	setup_data(e, 0);
	b.port = start(e, NULL);

	get(&b, "/", &r);
	assert_location(&r, "/inloggen");
	h_reply_free(&r);
	get(&b, "/inloggen", &r);
	assert_int_equal(r.status, 200);
	assert_true(h_header(&r, "Content-Type", "text/html", buf, sizeof buf));
	assert_true(h_header(&r, "Content-Security-Policy", "", buf, sizeof buf));
	assert_non_null(strstr(buf, "style-src 'self'"));
	assert_null(strstr(buf, "unsafe-inline"));
	assert_true(h_header(&r, "Set-Cookie", "overstap_signin=", buf, sizeof buf));
	assert_non_null(strstr(buf, "HttpOnly; SameSite=Strict"));
	assert_null(strstr(buf, "Secure"));
	assert_non_null(strstr(r.body, "<html lang=\"nl\">"));
	h_reply_free(&r);

	/* Without the form's own token (another site's form): refused. */
	post(&b, "/inloggen", "email=ada%40uwv.example.nl&password=" PW, &r);
	assert_int_equal(r.status, 400);
	h_reply_free(&r);

	/* A wrong password and an unknown account read the same. */
	assert_int_equal(signin(&b, "ada%40uwv.example.nl", "wrong+wrong+wrong", &r), 200);
	assert_non_null(strstr(r.body, "E-mailadres of wachtwoord onjuist"));
	h_reply_free(&r);
	assert_int_equal(signin(&b, "nobody%40uwv.example.nl", PW, &r), 200);
	assert_non_null(strstr(r.body, "E-mailadres of wachtwoord onjuist"));
	assert_null(jar_get(&b, "overstap"));
	h_reply_free(&r);

	assert_int_equal(signin(&b, "ADA%40uwv.example.nl", PW, &r), 303);
	assert_location(&r, "/");
	assert_true(h_header(&r, "Set-Cookie", "overstap=", buf, sizeof buf));
	assert_non_null(strstr(buf, "; Path=/; HttpOnly; SameSite=Strict"));
	h_reply_free(&r);
	char first[128];
	snprintf(first, sizeof first, "%s", jar_get(&b, "overstap"));

	get(&b, "/", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Welkom"));
	assert_non_null(strstr(r.body, "ada@uwv.example.nl"));
	h_reply_free(&r);

	/* Signing in again from the same browser (its session cookie sent
	 * along) rotates the session id; the old one is dead. */
	struct browser fresh = {.port = b.port};
	char token[128], form[300];
	get(&fresh, "/inloggen", &r);
	field(r.body, "signin_token", token, sizeof token);
	h_reply_free(&r);
	snprintf(buf, sizeof buf, "overstap_signin=%s", jar_get(&fresh, "overstap_signin"));
	jar_put(&b, buf);
	snprintf(form, sizeof form,
		 "signin_token=%s&email=ada%%40uwv.example.nl&password=correct+horse+battery",
		 token);
	post(&b, "/inloggen", form, &r);
	assert_location(&r, "/");
	h_reply_free(&r);
	assert_string_not_equal(jar_get(&b, "overstap"), first);
	struct browser old = {.port = b.port};
	snprintf(buf, sizeof buf, "overstap=%s", first);
	jar_put(&old, buf);
	get(&old, "/", &r);
	assert_location(&r, "/inloggen?reden=verlopen");
	h_reply_free(&r);

	/* English, remembered in a cookie. */
	get(&b, "/?lang=en", &r);
	assert_non_null(strstr(r.body, "<html lang=\"en\">"));
	assert_non_null(strstr(r.body, "Welcome"));
	h_reply_free(&r);
	get(&b, "/", &r);
	assert_non_null(strstr(r.body, "<html lang=\"en\">"));
	h_reply_free(&r);

	/* Sign-out needs the session's CSRF token. */
	char csrf[128];
	csrf_of(&b, "/", csrf, sizeof csrf);
	post(&b, "/uitloggen", "csrf=not-the-token", &r);
	assert_int_equal(r.status, 403);
	h_reply_free(&r);
	snprintf(buf, sizeof buf, "csrf=%s", csrf);
	post(&b, "/uitloggen", buf, &r);
	assert_location(&r, "/inloggen?reden=uit");
	h_reply_free(&r);
	assert_null(jar_get(&b, "overstap"));
	get(&b, "/werkvoorraad", &r);
	assert_location(&r, "/inloggen");
	h_reply_free(&r);

	assert_true(h_db_int(e->db, "SELECT count(*) FROM audit_event WHERE action = 'signin' "
				    "AND outcome = 'denied'") == 2);
	assert_true(h_db_int(e->db, "SELECT count(*) FROM audit_event WHERE action = 'signout'") ==
		    1);
	assert_int_equal(h_proc_stop(&server, 15000, NULL), 0);
}

static void pages_one_time_password(void **state)
{
	struct h_env *e = *state;
	struct browser b = {0};
	struct h_reply r;
	char csrf[128], form[512];
	setup_data(e, 0);
	h_db_exec(e->db, "UPDATE user_account SET must_change_password = true");
	b.port = start(e, NULL);
	assert_int_equal(signin(&b, "ada%40uwv.example.nl", PW, &r), 303);
	assert_location(&r, "/wachtwoord");
	h_reply_free(&r);
	/* Nothing else until the password is changed. */
	get(&b, "/werkvoorraad", &r);
	assert_location(&r, "/wachtwoord");
	h_reply_free(&r);
	get(&b, "/wachtwoord", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "eenmalig wachtwoord"));
	field(r.body, "csrf", csrf, sizeof csrf);
	h_reply_free(&r);
	snprintf(form, sizeof form, "csrf=%s&current=correct+horse+battery&new=short&repeat=short",
		 csrf);
	post(&b, "/wachtwoord", form, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "te kort"));
	h_reply_free(&r);
	snprintf(form, sizeof form,
		 "csrf=%s&current=correct+horse+battery&new=a+new+long+passphrase"
		 "&repeat=a+new+long+passphrase",
		 csrf);
	post(&b, "/wachtwoord", form, &r);
	assert_location(&r, "/?melding=wachtwoord");
	h_reply_free(&r);
	get(&b, "/werkvoorraad", &r);
	assert_int_equal(r.status, 200);
	h_reply_free(&r);
	assert_true(h_db_int(e->db, "SELECT count(*) FROM user_account WHERE email = "
				    "'ada@uwv.example.nl' AND must_change_password = false") == 1);
	assert_int_equal(h_proc_stop(&server, 15000, NULL), 0);
}

static int count_rows(const char *html, char ids[][24], int cap)
{
	int n = 0;
	for (const char *p = strstr(html, "data-route=\""); p; p = strstr(p + 1, "data-route=\"")) {
		const char *v = p + strlen("data-route=\"");
		if (n < cap)
			snprintf(ids[n], 24, "%.*s", (int)strcspn(v, "\""), v);
		n++;
	}
	return n;
}

/* How often needle occurs in html. */
static long long count_rows_of(const char *html, const char *needle)
{
	long long n = 0;
	for (const char *p = strstr(html, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void pages_worklist(void **state)
{
	struct h_env *e = *state;
	struct browser b = {0};
	struct h_reply r;
	char next[256], ids1[60][24], ids2[60][24];
	setup_data(e, 400);
	long long routes = h_db_count(e->db, "route");
	assert_true(routes > 50);
	b.port = start(e, NULL);
	assert_int_equal(signin(&b, "ada%40uwv.example.nl", PW, &r), 303);
	h_reply_free(&r);
	long long audits = h_db_int(e->db, "SELECT count(*) FROM audit_event WHERE action = "
					   "'worklist_read'");

	get(&b, "/werkvoorraad", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Routes van UWV Noord-Holland"));
	assert_int_equal(count_rows(r.body, ids1, 60), 50);
	const char *n = strstr(r.body, "rel=\"next\"");
	assert_non_null(n);
	const char *h = strstr(r.body, "/werkvoorraad?sorteer=ww_end&amp;richting=op&amp;na=");
	assert_non_null(h);
	snprintf(next, sizeof next, "%.*s", (int)strcspn(h, "\""), h);
	/* &amp; back to & */
	for (char *p = strstr(next, "&amp;"); p; p = strstr(p, "&amp;"))
		memmove(p + 1, p + 5, strlen(p + 5) + 1);
	h_reply_free(&r);
	/* One audit event for the page, naming the routes it showed. */
	assert_true(h_db_int(e->db, "SELECT count(*) FROM audit_event WHERE action = "
				    "'worklist_read'") == audits + 1);
	char *objs = h_db_text(e->db, "SELECT object_id FROM audit_event WHERE action = "
				      "'worklist_read' ORDER BY id DESC LIMIT 1");
	assert_non_null(objs);
	assert_true(strncmp(objs, ids1[0], strlen(ids1[0])) == 0);
	free(objs);

	get(&b, next, &r);
	assert_int_equal(r.status, 200);
	int n2 = count_rows(r.body, ids2, 60);
	assert_true(n2 > 0 && n2 <= 50);
	for (int i = 0; i < n2 && i < 60; i++)
		for (int j = 0; j < 50; j++)
			assert_string_not_equal(ids2[i], ids1[j]);
	assert_non_null(strstr(r.body, "Eerste pagina"));
	h_reply_free(&r);

	/* Filters: a phase that does not exist is refused; a window keeps only
	 * WW ends within it (days left at most about 3 months). */
	get(&b, "/werkvoorraad?fase=nope", &r);
	assert_int_equal(r.status, 400);
	h_reply_free(&r);
	get(&b, "/werkvoorraad?venster=3&sorteer=ww_end&richting=af", &r);
	assert_int_equal(r.status, 200);
	const char *d = strstr(r.body, "utrecht-table__cell--numeric\">");
	if (d)
		assert_true(strtol(d + strlen("utrecht-table__cell--numeric\">"), NULL, 10) <= 92);
	assert_non_null(strstr(r.body, "aria-sort=\"descending\""));
	h_reply_free(&r);

	/* Municipal staff see nobody yet (no consent records); nothing is read. */
	struct browser km = {.port = b.port};
	assert_int_equal(signin(&km, "km%40amsterdam.example.nl", PW, &r), 303);
	h_reply_free(&r);
	get(&km, "/werkvoorraad", &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "data-route="));
	assert_non_null(strstr(r.body, "geen routes"));
	h_reply_free(&r);
	/* ... and they cannot import. */
	get(&km, "/import", &r);
	assert_int_equal(r.status, 403);
	h_reply_free(&r);
	assert_int_equal(h_proc_stop(&server, 15000, NULL), 0);
}

static void upload(struct browser *b, const char *csrf, const char *csv, struct h_reply *r)
{
	const char *bd = "----overstaptestboundary";
	size_t cap = strlen(csv) + 1024;
	char *body = malloc(cap);
	assert_non_null(body);
	int n = snprintf(body, cap,
			 "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
			 "--%s\r\nContent-Disposition: form-data; name=\"bestand\"; "
			 "filename=\"ww.csv\"\r\nContent-Type: text/csv\r\n\r\n%s\r\n--%s--\r\n",
			 bd, csrf, bd, csv, bd);
	char ctype[128];
	snprintf(ctype, sizeof ctype, "multipart/form-data; boundary=%s", bd);
	send_req(b, "POST", "/import", ctype, body, (size_t)n, r);
	free(body);
}

static void pages_import(void **state)
{
	struct h_env *e = *state;
	struct browser b = {0};
	struct h_reply r;
	char csrf[128], csv[2048], bsn[10];
	setup_data(e, 0);
	b.port = start(e, NULL);
	assert_int_equal(signin(&b, "ada%40uwv.example.nl", PW, &r), 303);
	h_reply_free(&r);
	csrf_of(&b, "/import", csrf, sizeof csrf);

	/* A file with a bad date on line 3: nothing imported, the problem named. */
	snprintf(csv, sizeof csv, "%s", H_WW_HEADER);
	h_bsn(1, bsn);
	h_ww_row(csv, sizeof csv, bsn, "GM0363", "2026-01-01", "2027-01-01");
	h_bsn(2, bsn);
	h_ww_row(csv, sizeof csv, bsn, "GM0363", "2026-13-01", "2027-01-01");
	upload(&b, csrf, csv, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "niet ingelezen"));
	assert_non_null(strstr(r.body, "<td class=\"utrecht-table__cell\">3</td>"
				       "<td class=\"utrecht-table__cell\">ingangsdatum</td>"));
	assert_non_null(strstr(r.body, "geen datum"));
	h_reply_free(&r);
	assert_true(h_db_count(e->db, "ww_benefit") == 0);

	/* Without the CSRF token: refused. Without a session: sent to sign in
	 * (refused on the headers, the file is never read). */
	upload(&b, "forged", csv, &r);
	assert_int_equal(r.status, 403);
	h_reply_free(&r);
	struct browser anon = {.port = b.port};
	upload(&anon, csrf, csv, &r);
	assert_location(&r, "/inloggen");
	h_reply_free(&r);

	snprintf(csv, sizeof csv, "%s", H_WW_HEADER);
	h_bsn(1, bsn);
	h_ww_row(csv, sizeof csv, bsn, "GM0363", "2026-01-01", "2027-01-01");
	upload(&b, csrf, csv, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Het bestand is ingelezen"));
	h_reply_free(&r);
	assert_true(h_db_count(e->db, "ww_benefit") == 1);
	assert_true(h_db_int(e->db, "SELECT count(*) FROM import_run WHERE org = 'UWV-NH'") == 1);
	assert_int_equal(h_proc_stop(&server, 15000, NULL), 0);
}

static void pages_static_and_secure(void **state)
{
	struct h_env *e = *state;
	struct browser b = {0};
	struct h_reply r;
	char buf[512], dir[4200];
	setup_data(e, 0);
	snprintf(dir, sizeof dir, "--static-dir=%s/node_modules", h_src());
	b.port = start(e, "--secure-cookies");
	get(&b, "/inloggen", &r);
	assert_true(h_header(&r, "Set-Cookie", "__Host-overstap_signin=", buf, sizeof buf));
	assert_non_null(strstr(buf, "; Path=/; HttpOnly; SameSite=Strict; Secure"));
	const char *css = strstr(r.body, "/static/nlds.css?v=");
	assert_non_null(css);
	char href[128];
	snprintf(href, sizeof href, "%.*s", (int)strcspn(css, "\""), css);
	h_reply_free(&r);
	get(&b, href, &r);
	assert_int_equal(r.status, 200);
	assert_true(h_header(&r, "Content-Type", "text/css; charset=utf-8", buf, sizeof buf));
	assert_true(h_header(&r, "Cache-Control", "public, max-age=31536000, immutable", buf,
			     sizeof buf));
	assert_non_null(strstr(r.body, ".utrecht-button"));
	h_reply_free(&r);
	get(&b, "/static/session.js", &r);
	assert_int_equal(r.status, 200);
	h_reply_free(&r);
	/* Nothing outside the allowlist. */
	const char *bad[] = {"/static/index.css", "/static/..", "/static/.%2e%2fpackage.json",
			     "/static/nlds.css/x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		get(&b, bad[i], &r);
		assert_int_equal(r.status, 404);
		h_reply_free(&r);
	}
	assert_int_equal(h_proc_stop(&server, 15000, NULL), 0);

	/* --static-dir names the directory; one without the CSS is refused. */
	b.port = start(e, dir);
	get(&b, "/inloggen", &r);
	assert_non_null(strstr(r.body, "/static/nlds.css?v="));
	h_reply_free(&r);
	assert_int_equal(h_proc_stop(&server, 15000, NULL), 0);
	struct h_run run;
	h_expect(&run, 1, NULL, "serve", "--listen", "127.0.0.1:0", "--db", e->db, "--static-dir",
		 e->dir, NULL);
	assert_true(h_contains(run.err, "NL Design System"));
	h_run_free(&run);
}

/* The route page: the owning team sees the person and the timeline (newest
 * first), audited as the API's route read; another organisation and an
 * unknown route get the same 404; notes and phase changes need the CSRF
 * token and the right to write. */
static void pages_route(void **state)
{
	struct h_env *e = *state;
	struct browser b = {0};
	struct h_reply r;
	char path[64], csrf[128], form[256], loc[96], body404[4096];
	setup_data(e, 60);
	long long id = h_db_int(e->db, "SELECT min(r.id) FROM route r JOIN person p ON "
				       "p.id = r.person_id WHERE p.family_name NOT LIKE '%''%'");
	assert_true(id > 0);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT p.family_name FROM route r JOIN person p ON p.id = r.person_id WHERE "
		 "r.id = %lld",
		 id);
	char *family = h_db_text(e->db, sql);
	assert_non_null(family);
	snprintf(path, sizeof path, "/trajecten/%lld", id);
	b.port = start(e, NULL);
	assert_int_equal(signin(&b, "ada%40uwv.example.nl", PW, &r), 303);
	h_reply_free(&r);

	/* Reached from the werkvoorraad. */
	get(&b, "/werkvoorraad?sorteer=name", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "href=\"/trajecten/"));
	h_reply_free(&r);

	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_event WHERE action = 'read_route' AND object_id = "
		 "'%lld' AND outcome = 'allowed'",
		 id);
	long long reads = h_db_int(e->db, sql);
	get(&b, path, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, family));
	assert_non_null(strstr(r.body, "Wat er gebeurd is"));
	assert_non_null(strstr(r.body, "data-kind=\"signalled\""));
	assert_non_null(strstr(r.body, "Gesignaleerd: de WW eindigt binnenkort"));
	field(r.body, "csrf", csrf, sizeof csrf);
	h_reply_free(&r);
	assert_int_equal(h_db_int(e->db, sql), reads + 1);

	/* A note without the CSRF token is refused and writes nothing. */
	long long events = h_db_count(e->db, "route_event");
	post(&b, path, "notitie=zonder+token", &r);
	assert_int_equal(r.status, 403);
	h_reply_free(&r);
	assert_int_equal(h_db_count(e->db, "route_event"), events);

	/* With it: saved, and on top of the timeline. */
	snprintf(form, sizeof form, "csrf=%s&notitie=Gebeld+op+dinsdag", csrf);
	post(&b, path, form, &r);
	snprintf(loc, sizeof loc, "%s?melding=opgeslagen", path);
	assert_location(&r, loc);
	h_reply_free(&r);
	snprintf(form, sizeof form, "csrf=%s&fase=invited", csrf);
	post(&b, path, form, &r);
	assert_location(&r, loc);
	h_reply_free(&r);
	get(&b, loc, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Opgeslagen."));
	const char *phase = strstr(r.body, "data-kind=\"phase_changed\"");
	const char *note = strstr(r.body, "data-kind=\"note\"");
	const char *sig = strstr(r.body, "data-kind=\"signalled\"");
	assert_true(phase && note && sig && phase < note && note < sig);
	assert_non_null(strstr(r.body, "Gebeld op dinsdag"));
	assert_non_null(strstr(r.body, "Gesignaleerd → Uitgenodigd"));
	assert_non_null(strstr(r.body, "<dd id=\"fase-nu\">Uitgenodigd</dd>"));
	h_reply_free(&r);
	/* A phase that does not exist, and an empty form: nothing written. */
	events = h_db_count(e->db, "route_event");
	snprintf(form, sizeof form, "csrf=%s&fase=nope", csrf);
	post(&b, path, form, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "kon niet worden opgeslagen"));
	h_reply_free(&r);
	snprintf(form, sizeof form, "csrf=%s", csrf);
	post(&b, path, form, &r);
	assert_int_equal(r.status, 422);
	h_reply_free(&r);
	assert_int_equal(h_db_count(e->db, "route_event"), events);

	/* An unknown route and another organisation's route: the same 404. */
	get(&b, "/trajecten/99999999", &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "bestaat niet, of u heeft er geen toegang toe"));
	snprintf(body404, sizeof body404, "%s", strstr(r.body, "<main"));
	h_reply_free(&r);
	get(&b, "/trajecten/abc", &r);
	assert_int_equal(r.status, 404);
	h_reply_free(&r);
	struct browser km = {.port = b.port};
	assert_int_equal(signin(&km, "km%40amsterdam.example.nl", PW, &r), 303);
	h_reply_free(&r);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_event WHERE object_type = 'route' AND object_id = "
		 "'%lld' AND outcome = 'denied'",
		 id);
	long long denied = h_db_int(e->db, sql);
	get(&km, path, &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "<main"));
	assert_string_equal(strstr(r.body, "<main"), body404);
	assert_null(strstr(r.body, family));
	h_reply_free(&r);
	assert_int_equal(h_db_int(e->db, sql), denied + 1);
	/* ... nor may they write to it. */
	csrf_of(&km, "/werkvoorraad", csrf, sizeof csrf);
	snprintf(form, sizeof form, "csrf=%s&notitie=niet+van+mij", csrf);
	post(&km, path, form, &r);
	assert_int_equal(r.status, 404);
	h_reply_free(&r);
	assert_int_equal(h_db_count(e->db, "route_event"), events);
	assert_int_equal(h_db_int(e->db, sql), denied + 2);
	free(family);
	assert_int_equal(h_proc_stop(&server, 15000, NULL), 0);
}

/* A meeting of UWV-NH for the municipality with most routes, at at (Dutch
 * time), invited; returns its id. */
static long long meeting_for(struct h_env *e, const char *at)
{
	struct h_run r;
	char *gm = h_db_text(e->db, "SELECT gemeente FROM route GROUP BY gemeente ORDER BY "
				    "count(*) DESC, gemeente LIMIT 1");
	assert_non_null(gm);
	h_expect(&r, 0, NULL, "meeting", "add", "--org", "UWV-NH", "--at", at, "--location",
		 "Stadhuis, zaal 2", "--capacity", "50", "--target", gm, "--ww-end-from",
		 "2000-01-01", "--ww-end-to", "2099-12-31", "--expect", "25-50", "--db", e->db,
		 NULL);
	long long id = strtoll(r.out, NULL, 10);
	h_run_free(&r);
	free(gm);
	assert_true(id > 0);
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", id);
	h_expect(&r, 0, NULL, "meeting", "invite", sid, "--db", e->db, NULL);
	h_run_free(&r);
	return id;
}

/* The text of the funnel cell after the row heading label. */
static long funnel_count(const char *html, const char *label)
{
	char pat[128];
	snprintf(pat, sizeof pat, "scope=\"row\">%s</th>", label);
	const char *p = strstr(html, pat);
	if (!p)
		fail_msg("no row %s in:\n%s", label, html);
	p = strstr(p, "numeric\">");
	assert_non_null(p);
	return strtol(p + strlen("numeric\">"), NULL, 10);
}

/* The meeting pages: the list, the funnel, the attendance list (all or
 * nothing, CSRF), and the same 404 for an unknown meeting and another
 * organisation's. */
static void pages_meetings(void **state)
{
	struct h_env *e = *state;
	struct browser b = {0};
	struct h_reply r;
	struct h_run run;
	char path[64], att[80], csrf[128], form[512], sql[256], body404[4096];
	setup_data(e, 300);
	h_expect(&run, 0, PW "\n", "user", "add", "--org", "UWV-NH", "--role", "beleid", "--email",
		 "beleid@uwv.example.nl", "--db", e->db, NULL);
	h_run_free(&run);
	long long past = meeting_for(e, "2026-01-10 19:00");
	long long future = meeting_for(e, "2099-01-10 19:00");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM invitation WHERE meeting_id = %lld", past);
	long long invited = h_db_int(e->db, sql);
	assert_true(invited >= 3);
	snprintf(sql, sizeof sql, "SELECT min(id) FROM invitation WHERE meeting_id = %lld", future);
	long long foreign = h_db_int(e->db, sql);
	snprintf(sql, sizeof sql, "SELECT min(id) FROM invitation WHERE meeting_id = %lld", past);
	long long first = h_db_int(e->db, sql);
	snprintf(path, sizeof path, "/bijeenkomsten/%lld", past);
	snprintf(att, sizeof att, "/bijeenkomsten/%lld/aanwezigheid", past);
	b.port = start(e, NULL);
	assert_int_equal(signin(&b, "ada%40uwv.example.nl", PW, &r), 303);
	h_reply_free(&r);

	get(&b, "/bijeenkomsten", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Stadhuis, zaal 2"));
	assert_non_null(strstr(r.body, "href=\"/bijeenkomsten\" aria-current=\"page\""));
	snprintf(form, sizeof form, "href=\"%s\"", path);
	assert_non_null(strstr(r.body, form));
	assert_non_null(strstr(r.body, "2026-01-10 19:00"));
	h_reply_free(&r);

	get(&b, path, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(funnel_count(r.body, "Uitgenodigd"), invited);
	assert_int_equal(funnel_count(r.body, "Aanwezig"), 0);
	assert_non_null(strstr(r.body, "25% – 50%"));
	h_reply_free(&r);

	/* The list of names: every person read is audited. */
	long long reads = h_db_int(e->db, "SELECT count(*) FROM audit_event WHERE action = "
					  "'read_person' AND object_type = 'invitation'");
	get(&b, att, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(count_rows_of(r.body, "data-invitation=\""), invited);
	field(r.body, "csrf", csrf, sizeof csrf);
	h_reply_free(&r);
	assert_int_equal(h_db_int(e->db, "SELECT count(*) FROM audit_event WHERE action = "
					 "'read_person' AND object_type = 'invitation'"),
			 reads + invited);

	/* Without the token: refused, nothing written. */
	long long events = h_db_count(e->db, "route_event");
	snprintf(form, sizeof form, "aanwezig=%lld", first);
	post(&b, att, form, &r);
	assert_int_equal(r.status, 403);
	h_reply_free(&r);
	/* Nobody ticked, an invitation of another meeting, a meeting that has
	 * not started: refused, nothing written. */
	snprintf(form, sizeof form, "csrf=%s", csrf);
	post(&b, att, form, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "vink minstens"));
	h_reply_free(&r);
	snprintf(form, sizeof form, "csrf=%s&aanwezig=%lld&aanwezig=%lld", csrf, first, foreign);
	post(&b, att, form, &r);
	assert_int_equal(r.status, 422);
	h_reply_free(&r);
	snprintf(form, sizeof form, "csrf=%s&aanwezig=%lld", csrf, foreign);
	char fatt[80];
	snprintf(fatt, sizeof fatt, "/bijeenkomsten/%lld/aanwezigheid", future);
	post(&b, fatt, form, &r);
	assert_int_equal(r.status, 422);
	h_reply_free(&r);
	snprintf(form, sizeof form, "csrf=%s&aanwezig=12x", csrf);
	post(&b, att, form, &r);
	assert_int_equal(r.status, 400);
	h_reply_free(&r);
	assert_int_equal(h_db_count(e->db, "route_event"), events);

	/* Two ticked: they attended, the others stayed away; the funnel shows it. */
	snprintf(form, sizeof form, "csrf=%s&aanwezig=%lld&aanwezig=%lld", csrf, first, first + 1);
	post(&b, att, form, &r);
	snprintf(form, sizeof form, "%s?melding=aanwezigheid", path);
	assert_location(&r, form);
	h_reply_free(&r);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM route_event WHERE meeting_id = %lld AND kind = 'attended'",
		 past);
	assert_int_equal(h_db_int(e->db, sql), 2);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM route_event WHERE meeting_id = %lld AND kind = 'no_show'",
		 past);
	assert_int_equal(h_db_int(e->db, sql), invited - 2);
	get(&b, form, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "De aanwezigheid is opgeslagen."));
	assert_int_equal(funnel_count(r.body, "Aanwezig"), 2);
	assert_int_equal(funnel_count(r.body, "Niet gekomen"), invited - 2);
	h_reply_free(&r);
	/* The list shows them ticked. */
	get(&b, att, &r);
	assert_int_equal(count_rows_of(r.body, " checked>"), 2);
	h_reply_free(&r);

	/* Unknown, and another organisation's: the same 404, the denial audited. */
	get(&b, "/bijeenkomsten/99999999", &r);
	assert_int_equal(r.status, 404);
	snprintf(body404, sizeof body404, "%s", strstr(r.body, "<main"));
	h_reply_free(&r);
	struct browser km = {.port = b.port};
	assert_int_equal(signin(&km, "km%40amsterdam.example.nl", PW, &r), 303);
	h_reply_free(&r);
	get(&km, "/bijeenkomsten", &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "data-meeting="));
	h_reply_free(&r);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_event WHERE object_type = 'meeting' AND object_id = "
		 "'%lld' AND outcome = 'denied'",
		 past);
	long long denied = h_db_int(e->db, sql);
	const char *paths[] = {path, att};
	for (int i = 0; i < 2; i++) {
		get(&km, paths[i], &r);
		assert_int_equal(r.status, 404);
		assert_string_equal(strstr(r.body, "<main"), body404);
		h_reply_free(&r);
	}
	csrf_of(&km, "/bijeenkomsten", csrf, sizeof csrf);
	snprintf(form, sizeof form, "csrf=%s&aanwezig=%lld", csrf, first);
	post(&km, att, form, &r);
	assert_int_equal(r.status, 404);
	h_reply_free(&r);
	assert_int_equal(h_db_int(e->db, sql), denied + 3);
	/* Policy staff manage no meetings. */
	struct browser pol = {.port = b.port};
	assert_int_equal(signin(&pol, "beleid%40uwv.example.nl", PW, &r), 303);
	h_reply_free(&r);
	get(&pol, "/bijeenkomsten", &r);
	assert_int_equal(r.status, 403);
	assert_null(strstr(r.body, "href=\"/bijeenkomsten\""));
	h_reply_free(&r);
	get(&pol, path, &r);
	assert_int_equal(r.status, 404);
	h_reply_free(&r);
	assert_int_equal(h_proc_stop(&server, 15000, NULL), 0);
}

static int teardown(void **state)
{
	h_proc_stop(&server, 5000, NULL);
	return h_teardown(state);
}

#define T(name) cmocka_unit_test_setup_teardown(name, h_setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(pages_signin),   T(pages_one_time_password), T(pages_worklist),
		T(pages_import),   T(pages_static_and_secure), T(pages_route),
		T(pages_meetings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
