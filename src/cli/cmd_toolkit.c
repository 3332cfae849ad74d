/* overstap toolkit export|import FILE --org CODE: moves a set of templates
 * (letters, presentation outline, cooperation agreement) between
 * installations with their provenance. An import never replaces a version:
 * it adds new versions and reports each template (added, updated, same,
 * conflict) on standard output. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/templates.h"
#include "cli/cli.h"

static const char usage_text[] = "usage: overstap toolkit export FILE --org CODE\n"
				 "       overstap toolkit import FILE --org CODE";

int cmd_toolkit(int argc, char **argv)
{
	static const struct option opts[] = {
		{"org", required_argument, 0, 'g'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	struct cli_db db = {0};
	const char *org = NULL;
	if (argc < 2)
		return cli_usage("toolkit", "%s", usage_text);
	const char *sub = argv[1];
	bool is_export = strcmp(sub, "export") == 0;
	if (!is_export && strcmp(sub, "import") != 0)
		return cli_usage("toolkit", "%s", usage_text);
	int c;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		if (c == 'g')
			org = optarg;
		else if (!cli_db_option(&db, c, optarg))
			return cli_usage("toolkit", "%s", usage_text);
	}
	if (optind != argc - 2 || !org)
		return cli_usage("toolkit", "%s", usage_text);
	const char *file = argv[1 + optind];
	struct app a;
	int rc = cli_open(&a, &db);
	if (rc != EXIT_OK)
		return rc;
	char err[1024];
	if (is_export) {
		int n = 0;
		rc = app_toolkit_export(&a, org, file, &n, err, sizeof err);
		if (rc == APP_OK)
			printf("exported %d templates of %s: %s\n", n, org, file);
	} else {
		struct toolkit_report rep;
		rc = app_toolkit_import(&a, org, file, stdout, &rep, err, sizeof err);
		if (rc == APP_OK)
			printf("%d added, %d updated, %d same, %d conflicts\n", rep.added,
			       rep.updated, rep.same, rep.conflicts);
	}
	if (rc != APP_OK)
		cli_error("%s", err);
	app_close(&a);
	return rc;
}
