/* overstap org add|set|list: the organisations and their werkwijze settings. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/templates.h"
#include "cli/cli.h"
#include "core/window.h"
#include "io/csv_out.h"

static const char usage_text[] =
	"usage: overstap org add --code CODE --kind gemeente|uwv|partner --name NAME "
	"[--max-ww-months N]\n"
	"       overstap org set CODE [--name NAME] [--max-ww-months N] [--letterhead FILE.json]\n"
	"       overstap org list [--kind KIND] [--format table|csv|json]";

struct org_args {
	struct cli_db db;
	const char *code, *name, *kind;
	const char *letterhead; /* set: FILE.json describing the letterhead */
	long months;
	enum cli_format fmt;
};

static int parse(int argc, char **argv, struct org_args *g)
{
	static const struct option opts[] = {
		{"code", required_argument, 0, 'c'},
		{"kind", required_argument, 0, 'k'},
		{"name", required_argument, 0, 'n'},
		{"max-ww-months", required_argument, 0, 'm'},
		{"format", required_argument, 0, 'f'},
		{"letterhead", required_argument, 0, 'L'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'c')
			g->code = optarg;
		else if (c == 'k')
			g->kind = optarg;
		else if (c == 'n')
			g->name = optarg;
		else if (c == 'm') {
			if (!cli_parse_long("org", "--max-ww-months", optarg, WINDOW_MONTHS_MIN,
					    WINDOW_MONTHS_MAX, &g->months))
				return EXIT_USAGE;
		} else if (c == 'f') {
			if (!cli_parse_format("org", optarg, &g->fmt))
				return EXIT_USAGE;
		} else if (c == 'L')
			g->letterhead = optarg;
		else if (!cli_db_option(&g->db, c, optarg))
			return cli_usage("org", "%s", usage_text);
	}
	return EXIT_OK;
}

struct lister {
	enum cli_format fmt;
	json_t *arr;
	long n;
};

static int print_org(void *cls, const struct store_org *o)
{
	struct lister *l = cls;
	l->n++;
	if (l->fmt == FMT_JSON) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:i}", "code", o->code, "kind",
				      org_kind_name(o->kind), "name", o->name, "max_ww_months",
				      o->window_months);
		return j && json_array_append_new(l->arr, j) == 0 ? 0 : -1;
	}
	if (l->fmt == FMT_CSV) {
		csv_out_cell(stdout, o->code, strlen(o->code), true);
		printf(",%s", org_kind_name(o->kind));
		csv_out_cell(stdout, o->name, strlen(o->name), false); /* writes its own ',' */
		printf(",%d\r\n", o->window_months);
		return 0;
	}
	printf("%-32s %-9s %6d  %s\n", o->code, org_kind_name(o->kind), o->window_months, o->name);
	return 0;
}

static int list(struct app *a, const struct org_args *g)
{
	enum org_kind kind;
	if (g->kind && org_kind_parse(g->kind, &kind) != 0)
		return cli_usage("org", "--kind must be gemeente, uwv or partner");
	struct lister l = {.fmt = g->fmt};
	if (g->fmt == FMT_JSON)
		l.arr = json_array();
	else if (g->fmt == FMT_CSV)
		printf("code,kind,name,max_ww_months\r\n");
	else
		printf("%-32s %-9s %6s  %s\n", "code", "kind", "window", "name");
	int rc = app_org_list(a, g->kind ? (int)kind : -1, print_org, &l);
	if (g->fmt == FMT_JSON) {
		if (rc == APP_OK && json_dumpf(l.arr, stdout, JSON_INDENT(2)) == 0)
			fputs("\n", stdout);
		else
			rc = EXIT_FAIL;
		json_decref(l.arr);
	}
	return rc;
}

int cmd_org(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("org", "%s", usage_text);
	const char *sub = argv[1];
	struct org_args g = {0};
	int rc = parse(argc - 1, argv + 1, &g);
	if (rc != EXIT_OK)
		return rc;
	int rest = argc - 1 - optind;
	char **pos = argv + 1 + optind;
	bool is_add = strcmp(sub, "add") == 0, is_set = strcmp(sub, "set") == 0;
	if (!is_add && !is_set && strcmp(sub, "list") != 0)
		return cli_usage("org", "%s", usage_text);
	if (is_set ? rest != 1 : rest != 0)
		return cli_usage("org", "%s", usage_text);

	struct store_org o = {.window_months = g.months ? (int)g.months : WINDOW_MONTHS_DEFAULT};
	if (is_add) {
		if (!g.code || !g.kind || !g.name)
			return cli_usage("org", "add needs --code, --kind and --name");
		if (org_kind_parse(g.kind, &o.kind) != 0)
			return cli_usage("org", "--kind must be gemeente, uwv or partner");
		if (strlen(g.code) > STORE_ORG_CODE_MAX || strlen(g.name) > STORE_ORG_NAME_MAX)
			return cli_usage("org", "--code is at most %d and --name at most %d bytes",
					 STORE_ORG_CODE_MAX, STORE_ORG_NAME_MAX);
		snprintf(o.code, sizeof o.code, "%s", g.code);
		snprintf(o.name, sizeof o.name, "%s", g.name);
	}
	if (is_set && !g.name && !g.months && !g.letterhead)
		return cli_usage("org", "set needs --name, --max-ww-months or --letterhead");

	struct app a;
	rc = cli_open(&a, &g.db);
	if (rc != EXIT_OK)
		return rc;
	char err[512];
	if (is_add)
		rc = app_org_add(&a, &o, err, sizeof err);
	else if (is_set && (g.name || g.months))
		rc = app_org_set(&a, pos[0], g.name, (int)g.months, err, sizeof err);
	if (rc == APP_OK && is_set && g.letterhead) {
		int64_t version;
		rc = app_letterhead_set(&a, pos[0], g.letterhead, &version, err, sizeof err);
		if (rc == APP_OK)
			printf("letterhead of %s: version %lld\n", pos[0], (long long)version);
	}
	if (!is_add && !is_set)
		rc = list(&a, &g);
	if (rc != APP_OK && (is_add || is_set))
		cli_error("%s", err);
	else if (is_add)
		printf("added %s %s (%s)\n", org_kind_name(o.kind), o.code, o.name);
	else if (is_set)
		printf("updated %s\n", pos[0]);
	app_close(&a);
	return rc;
}
