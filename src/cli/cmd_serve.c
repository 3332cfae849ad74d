/* overstap serve: the HTTP server (src/web/server.h) until SIGTERM/SIGINT. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "web/api.h"
#include "web/cors.h"
#include "web/router.h"
#include "web/server.h"

static const char usage_text[] =
	"usage: overstap serve [--listen ADDR:PORT] [--threads N] [--db DB] [--key FILE]\n"
	"                      [--trusted-proxy ADDR[/PREFIX]]... [--per-ip N]\n"
	"                      [--cors-origin ORIGIN]... [--secure-cookies]\n"
	"                      [--static-dir NODE_MODULES]\n"
	"       overstap serve --print-openapi\n"
	"       (default --listen 127.0.0.1:8080, --threads 16; port 0 picks a free one;\n"
	"       X-Forwarded-For is believed only from a --trusted-proxy; --per-ip: connections\n"
	"       (behind a trusted proxy: requests) at once per client address, default 32;\n"
	"       --cors-origin https://host[:port] allows that origin, repeatable;\n"
	"       --secure-cookies behind a TLS proxy; --static-dir: where the NL Design\n"
	"       System CSS is, default node_modules beside the source checkout;\n"
	"       --print-openapi prints the API description the server serves, and exits)";

/* The OpenAPI document of the server's route table, indented, on stdout. */
static int print_openapi(void)
{
	size_t n, len;
	const struct route *table = router_routes(&n);
	char *doc = api_openapi_build(table, n, true, &len);
	if (!doc) {
		cli_error("cannot build the OpenAPI document");
		return EXIT_FAIL;
	}
	int rc = fwrite(doc, 1, len, stdout) == len && putchar('\n') != EOF && fflush(stdout) == 0
			 ? EXIT_OK
			 : EXIT_FAIL;
	free(doc);
	return rc;
}

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
		{"print-openapi", no_argument, 0, 'O'},
		{"trusted-proxy", required_argument, 0, 'P'},
		{"per-ip", required_argument, 0, 'I'},
		{"cors-origin", required_argument, 0, 'c'},
		{"secure-cookies", no_argument, 0, 'S'},
		{"static-dir", required_argument, 0, 's'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	struct cli_db db = {0};
	struct server_opts o = {.listen = "127.0.0.1:8080", .threads = SERVER_THREADS_DEFAULT};
	long threads = o.threads, per_ip = SERVER_PER_IP_DEFAULT;
	bool openapi = false;
	struct clientip_trust trust = {0};
	const char *origins[CORS_MAX_ORIGINS];
	char err[512];
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'O')
			openapi = true;
		else if (c == 'P') {
			if (clientip_trust_add(&trust, optarg, err, sizeof err) != 0)
				return cli_usage("serve", "%s", err);
		} else if (c == 'l') {
			o.listen = optarg;
		} else if (c == 'I') {
			if (!cli_parse_long("serve", "--per-ip", optarg, 1, SERVER_PER_IP_MAX,
					    &per_ip))
				return EXIT_USAGE;
		} else if (c == 'c') {
			if (!cors_origin_valid(optarg) || o.n_cors_origins == CORS_MAX_ORIGINS)
				return cli_usage("serve",
						 "--cors-origin must be http(s)://host[:port] in "
						 "lower case, at most %d times, not '%s'",
						 CORS_MAX_ORIGINS, optarg);
			origins[o.n_cors_origins++] = optarg;
			o.cors_origins = origins;
		} else if (c == 'S') {
			o.secure_cookies = true;
		} else if (c == 's') {
			o.static_dir = optarg;
		} else if (c == 't') {
			if (!cli_parse_long("serve", "--threads", optarg, 1, SERVER_THREADS_MAX,
					    &threads))
				return EXIT_USAGE;
		} else if (!cli_db_option(&db, c, optarg))
			return cli_usage("serve", "%s", usage_text);
	}
	if (optind != argc)
		return cli_usage("serve", "%s", usage_text);
	if (openapi)
		return print_openapi();
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
	o.trust = &trust;
	o.per_ip = (int)per_ip;
	if (server_run(&o, err, sizeof err) != 0) {
		cli_error("%s", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
