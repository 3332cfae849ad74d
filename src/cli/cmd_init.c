/* overstap init [--db PATH] [--key FILE]: create the database, its key file
 * and the municipalities; safe to run again. */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {CLI_DB_OPTIONS, {0, 0, 0, 0}};
	struct cli_db db = {0};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (!cli_db_option(&db, c, optarg))
			return cli_usage("init", "usage: overstap init [--db PATH] [--key FILE]");
	if (optind != argc)
		return cli_usage("init", "unexpected argument '%s'", argv[optind]);
	struct app a;
	int rc = cli_open(&a, &db);
	if (rc != EXIT_OK)
		return rc;
	/* A connection string may carry a password: name only a file. */
	if (store_spec_is_file(db.db))
		printf("database %s is ready (%zu municipalities); key file %s%s\n", db.db,
		       a.gemeenten.n, db.key ? db.key : db.db, db.key ? "" : ".key");
	else
		printf("PostgreSQL database is ready (%zu municipalities); key file %s\n",
		       a.gemeenten.n, db.key);
	app_close(&a);
	return EXIT_OK;
}
