/* overstap import ww FILE [--org UWV-…] [--skip-invalid REJECTS.csv] */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char usage_text[] =
	"usage: overstap import ww FILE [--org UWV-TEAM] [--skip-invalid REJECTS.csv] "
	"[--db PATH] [--key FILE]";

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"org", required_argument, 0, 'o'},
		{"skip-invalid", required_argument, 0, 's'},
		{"quiet", no_argument, 0, 'q'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	struct cli_db db = {0};
	struct import_opts io = {.problems = stderr, .progress = isatty(STDERR_FILENO)};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o')
			io.org = optarg;
		else if (c == 's')
			io.rejects_path = optarg;
		else if (c == 'q')
			io.progress = false;
		else if (!cli_db_option(&db, c, optarg))
			return cli_usage("import", "%s", usage_text);
	}
	if (argc - optind != 2 || strcmp(argv[optind], "ww") != 0)
		return cli_usage("import", "%s", usage_text);
	io.path = argv[optind + 1];

	struct app a;
	int rc = cli_open(&a, &db);
	if (rc != EXIT_OK)
		return rc;
	struct import_report rep;
	char err[512] = "";
	rc = app_import_ww(&a, &io, &rep, err, sizeof err);
	if (err[0])
		cli_error("%s", err);
	if (rc == APP_OK && rep.already) {
		printf("%s was imported before (import %lld, sha256 %s): nothing changed\n",
		       io.path, (long long)rep.import_id, rep.sha256);
	} else if (rc == APP_OK) {
		printf("imported %s: %ld rows: %ld new, %ld updated, %ld unchanged, %ld rejected",
		       io.path, rep.rows, rep.inserted, rep.updated, rep.unchanged, rep.rejected);
		if (rep.end_changes)
			printf(" (%ld end dates changed)", rep.end_changes);
		printf("\n");
		if (rep.rejected)
			printf("rejected rows with their reasons: %s\n", io.rejects_path);
	} else if (rep.problems) {
		fprintf(stderr,
			"overstap: refused %s: %ld problem%s; nothing was imported "
			"(fix the file, or use --skip-invalid REJECTS.csv to import the valid "
			"rows)\n",
			io.path, rep.problems, rep.problems == 1 ? "" : "s");
	}
	app_close(&a);
	return rc;
}
