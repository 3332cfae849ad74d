/* overstap serve: the HTTP server (src/web/server.h) until SIGTERM/SIGINT. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "web/server.h"

static const char usage_text[] =
	"usage: overstap serve [--listen ADDR:PORT] [--threads N] [--db DB] [--key FILE]\n"
	"                      [--secure-cookies] [--static-dir NODE_MODULES]\n"
	"       (default --listen 127.0.0.1:8080, --threads 4; port 0 picks a free one;\n"
	"       --secure-cookies behind a TLS proxy; --static-dir: where the NL Design\n"
	"       System CSS is, default node_modules beside the source checkout)";

static void ready(const char *addr, unsigned port, void *cls)
{
	if (strchr(addr, ':'))
		printf("overstap listening on http://[%s]:%u\n", addr, port);
	else
		printf("overstap listening on http://%s:%u\n", addr, port);
	fflush(stdout);
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, 0, 'l'},
		{"threads", required_argument, 0, 't'},
		{"secure-cookies", no_argument, 0, 'S'},
		{"static-dir", required_argument, 0, 's'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	struct cli_db db = {0};
	struct server_opts o = {.listen = "127.0.0.1:8080", .threads = SERVER_THREADS_DEFAULT};
	long threads = o.threads;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'l')
			o.listen = optarg;
		else if (c == 'S')
			o.secure_cookies = true;
		else if (c == 's')
			o.static_dir = optarg;
		else if (c == 't') {
			if (!cli_parse_long("serve", "--threads", optarg, 1, SERVER_THREADS_MAX,
					    &threads))
				return EXIT_USAGE;
		} else if (!cli_db_option(&db, c, optarg))
			return cli_usage("serve", "%s", usage_text);
	}
	if (optind != argc)
		return cli_usage("serve", "%s", usage_text);
	/* The same defaults as cli_open(). */
	o.db = db.db ? db.db : getenv("OVERSTAP_DB");
	if (!o.db || !*o.db)
		o.db = "overstap.db";
	o.key = db.key ? db.key : getenv("OVERSTAP_KEY_FILE");
	if (o.key && !*o.key)
		o.key = NULL;
	o.actor = "web";
	o.threads = (int)threads;
	o.ready = ready;
	char err[512];
	if (server_run(&o, err, sizeof err) != 0) {
		cli_error("%s", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
