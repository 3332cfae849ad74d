#include "cli/cli.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool cli_db_option(struct cli_db *c, int opt, const char *arg)
{
	if (opt == 'D')
		c->db = arg;
	else if (opt == 'K')
		c->key = arg;
	else
		return false;
	return true;
}

static void actor_name(char *buf, size_t cap)
{
	const char *env = getenv("OVERSTAP_ACTOR");
	if (env && *env) {
		snprintf(buf, cap, "%s", env);
		return;
	}
	struct passwd *pw = getpwuid(geteuid());
	snprintf(buf, cap, "cli:%s", pw ? pw->pw_name : "unknown");
}

int cli_open(struct app *a, struct cli_db *c)
{
	char err[512], actor[64];
	if (!c->db)
		c->db = getenv("OVERSTAP_DB");
	if (!c->db || !*c->db)
		c->db = "overstap.db";
	if (!c->key)
		c->key = getenv("OVERSTAP_KEY_FILE");
	if (c->key && !*c->key)
		c->key = NULL;
	actor_name(actor, sizeof actor);
	struct app_open_opts o = {.db = c->db, .key_file = c->key, .actor = actor};
	if (app_open(a, &o, err, sizeof err) != APP_OK) {
		cli_error("%s", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cli_usage(const char *verb, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "overstap %s: ", verb);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	return EXIT_USAGE;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("overstap: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
}

bool cli_parse_long(const char *verb, const char *what, const char *s, long min, long max,
		    long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < min || v > max) {
		cli_usage(verb, "%s must be a whole number from %ld to %ld, not '%s'", what, min,
			  max, s);
		return false;
	}
	*out = v;
	return true;
}

bool cli_parse_date(const char *verb, const char *what, const char *s, cdate *out)
{
	if (date_parse(s, strlen(s), out) != 0) {
		cli_usage(verb, "%s must be a date as YYYY-MM-DD or DD-MM-YYYY, not '%s'", what, s);
		return false;
	}
	return true;
}

bool cli_parse_format(const char *verb, const char *s, enum cli_format *out)
{
	static const char *const names[] = {"table", "csv", "json"};
	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum cli_format)i;
			return true;
		}
	cli_usage(verb, "--format must be table, csv or json, not '%s'", s);
	return false;
}
