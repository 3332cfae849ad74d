/* overstap audit verify|export: check the audit log's hash chain, or write
 * its events as JSON lines. */
#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

static const char usage_text[] =
	"usage: overstap audit verify [--db PATH] [--key FILE]\n"
	"       overstap audit export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--db PATH] "
	"[--key FILE]";

static int verify(struct app *a)
{
	struct audit_report rep;
	char err[512];
	if (app_audit_verify(a, &rep, err, sizeof err) != APP_OK) {
		cli_error("%s", err);
		return EXIT_FAIL;
	}
	if (!rep.intact) {
		printf("audit chain broken at event %lld (id %lld): %s\n", (long long)rep.bad_seq,
		       (long long)rep.bad_id, rep.reason);
		return EXIT_FAIL;
	}
	printf("audit chain intact: %lld events (%lld before the chain)\n", (long long)rep.chained,
	       (long long)rep.legacy);
	return EXIT_OK;
}

static json_t *hash_json(const struct store_audit *ev, const unsigned char *h)
{
	char hex[2 * STORE_HASH_SIZE + 1];
	if (ev->seq == 0 || !ev->hashes_ok)
		return json_null();
	sodium_bin2hex(hex, sizeof hex, h, STORE_HASH_SIZE);
	return json_string(hex);
}

/* One event as one line of JSON. */
static int export_row(void *cls, const struct store_audit *ev)
{
	(void)cls;
	char at[32];
	time_t t = (time_t)ev->at;
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(at, sizeof at, "?");
	json_t *o = json_pack(
		"{s:o, s:I, s:s, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, "
		"s:s?, s:s?, s:o, s:o}",
		"seq", ev->seq ? json_integer(ev->seq) : json_null(), "id", (json_int_t)ev->id,
		"at", at, "at_seconds", (json_int_t)ev->at, "actor", ev->actor, "org", ev->org,
		"role", ev->role, "action", ev->action, "object_type", ev->object_type, "object_id",
		ev->object_id, "purpose", ev->purpose, "outcome", ev->outcome, "request_id",
		ev->request_id, "prev_hash", hash_json(ev, ev->prev_hash), "row_hash",
		hash_json(ev, ev->row_hash));
	if (!o)
		return 2;
	int rc = json_dumpf(o, stdout, JSON_COMPACT) == 0 && fputs("\n", stdout) != EOF ? 0 : 2;
	json_decref(o);
	return rc;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, 0, 'f'},
		{"to", required_argument, 0, 't'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	if (argc < 2)
		return cli_usage("audit", "%s", usage_text);
	const char *sub = argv[1];
	bool is_verify = strcmp(sub, "verify") == 0, is_export = strcmp(sub, "export") == 0;
	if (!is_verify && !is_export)
		return cli_usage("audit", "%s", usage_text);
	struct cli_db db = {0};
	cdate from, to;
	bool has_from = false, has_to = false;
	int c;
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f' && is_export) {
			if (!cli_parse_date("audit", "--from", optarg, &from))
				return EXIT_USAGE;
			has_from = true;
		} else if (c == 't' && is_export) {
			if (!cli_parse_date("audit", "--to", optarg, &to))
				return EXIT_USAGE;
			has_to = true;
		} else if (!cli_db_option(&db, c, optarg)) {
			return cli_usage("audit", "%s", usage_text);
		}
	}
	if (optind != argc)
		return cli_usage("audit", "unexpected argument '%s'", argv[optind]);
	if (has_from && has_to && to < from)
		return cli_usage("audit", "--to is before --from");

	struct app a;
	int rc = cli_open(&a, &db);
	if (rc != EXIT_OK)
		return rc;
	if (is_verify) {
		rc = verify(&a);
	} else {
		char err[512];
		rc = app_audit_export(&a, has_from ? &from : NULL, has_to ? &to : NULL, export_row,
				      NULL, err, sizeof err);
		if (rc != APP_OK)
			cli_error("%s", err);
	}
	if (fflush(stdout) != 0)
		rc = EXIT_FAIL;
	app_close(&a);
	return rc;
}
