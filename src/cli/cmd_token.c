/* overstap token add: a bearer token for a system, acting as a user (that
 * user's organisation and role; app/account.h). The token alone goes to
 * standard output, once; only its SHA-256 is stored. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "cli/cli.h"

static const char usage_text[] = "usage: overstap token add --user ADDRESS";

int cmd_token(int argc, char **argv)
{
	static const struct option opts[] = {
		{"user", required_argument, 0, 'u'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	struct cli_db db = {0};
	const char *user = NULL;
	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return cli_usage("token", "%s", usage_text);
	int c;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		if (c == 'u')
			user = optarg;
		else if (!cli_db_option(&db, c, optarg))
			return cli_usage("token", "%s", usage_text);
	}
	if (argc - 1 - optind != 0 || !user)
		return cli_usage("token", "add needs --user\n%s", usage_text);

	struct app a;
	int rc = cli_open(&a, &db);
	if (rc != EXIT_OK)
		return rc;
	char token[ACCOUNT_TOKEN_LEN + 1];
	char err[512];
	rc = app_token_add(&a, user, token, err, sizeof err);
	if (rc == APP_OK)
		printf("%s\n", token);
	else
		cli_error("%s", err);
	explicit_bzero(token, sizeof token);
	app_close(&a);
	return rc;
}
