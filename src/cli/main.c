/* overstap: the command line. One row per verb; each verb parses its own
 * options and calls one use case in src/app. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

#ifndef OVERSTAP_VERSION
#define OVERSTAP_VERSION "0.1.0"
#endif

struct verb {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct verb verbs[] = {
	{"init", cmd_init, "create a database and its key file"},
	{"import", cmd_import, "import ww FILE: load UWV's WW benefits file"},
	{"signal", cmd_signal, "open routes for WW ending inside the Max-WW window"},
	{"org", cmd_org, "add, set or list organisations"},
	{"user", cmd_user, "add a staff account (password on stdin, or a one-time one)"},
	{"token", cmd_token, "add a bearer token for a system, acting as a user"},
	{"generate", cmd_generate, "generate ww: write a synthetic WW file for testing"},
	{"calc", cmd_calc, "BSN check, deadlines, working days, window, WW end"},
	{"audit", cmd_audit, "verify the audit log's hash chain, or export it as JSON lines"},
	{"template", cmd_template, "render T.mustache DATA.json: render a Mustache template"},
	{"serve", cmd_serve, "run the HTTP server (healthz, metrics, OpenAPI)"},
	{"meeting", cmd_meeting, "information meetings: add, invite, attendance, RSVP, ICS"},
	{"report", cmd_report, "report meetings: the meeting funnel with Wilson intervals"},
	{"letters", cmd_letters,
	 "letters as PDF from a template: --data FILE.json or --meeting ID"},
	{"toolkit", cmd_toolkit, "export or import a set of templates (toolkit) with provenance"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: overstap VERB [OPTIONS]\n\nverbs:\n");
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		fprintf(out, "  %-10s %s\n", verbs[i].name, verbs[i].summary);
	fprintf(out, "  %-10s %s\n", "version", "print the version");
	fprintf(out, "\nDatabase: --db PATH or OVERSTAP_DB (default overstap.db); key file: --key\n"
		     "FILE or OVERSTAP_KEY_FILE (default the database path + .key).\n"
		     "Exit status: 0 ok, 1 failure, 2 bad input or usage.\n");
}

int main(int argc, char **argv)
{
	/* Civil dates are Dutch dates: "today" is today in the Netherlands. */
	if (!getenv("TZ"))
		setenv("TZ", "Europe/Amsterdam", 1);
	tzset();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(name, "version") == 0 || strcmp(name, "--version") == 0) {
		printf("overstap %s\n", OVERSTAP_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (strcmp(name, verbs[i].name) == 0)
			return verbs[i].run(argc - 1, argv + 1);
	fprintf(stderr, "overstap: unknown verb '%s'\n\n", name);
	usage(stderr);
	return EXIT_USAGE;
}
