/* overstap template add|list|show: an organisation's versioned templates.
 *
 *   template add  --org CODE --kind KIND --locale nl|en [--variant A|B] FILE
 *                 prints the new version number alone
 *   template list --org CODE [--kind KIND] [--format table|csv|json]
 *   template show --org CODE --kind KIND --locale nl|en [--variant A|B]
 *                 [--version N]  the text, byte for byte (without --version:
 *                 the one letters use, the shipped default when none) */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/templates.h"
#include "cli/cli.h"
#include "io/csv_out.h"
#include "io/file.h"
#include "render/tmpl.h"

static const char usage_text[] =
	"usage: overstap template add --org CODE --kind KIND --locale nl|en [--variant A|B] FILE\n"
	"       overstap template list --org CODE [--kind KIND] [--format table|csv|json]\n"
	"       overstap template show --org CODE --kind KIND --locale nl|en [--variant A|B] "
	"[--version N]\n"
	"kinds: " TEMPLATE_KINDS;

struct targs {
	struct cli_db db;
	const char *org, *kind, *locale, *variant;
	long version;
	enum cli_format fmt;
};

static int parse(int argc, char **argv, struct targs *g)
{
	static const struct option opts[] = {
		{"org", required_argument, 0, 'g'},
		{"kind", required_argument, 0, 'k'},
		{"locale", required_argument, 0, 'l'},
		{"variant", required_argument, 0, 'v'},
		{"version", required_argument, 0, 'n'},
		{"format", required_argument, 0, 'f'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	int c;
	g->variant = "";
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'g')
			g->org = optarg;
		else if (c == 'k')
			g->kind = optarg;
		else if (c == 'l')
			g->locale = optarg;
		else if (c == 'v')
			g->variant = optarg;
		else if (c == 'n') {
			if (!cli_parse_long("template", "--version", optarg, 1, 1000000000,
					    &g->version))
				return EXIT_USAGE;
		} else if (c == 'f') {
			if (!cli_parse_format("template", optarg, &g->fmt))
				return EXIT_USAGE;
		} else if (!cli_db_option(&g->db, c, optarg))
			return cli_usage("template", "%s", usage_text);
	}
	if (!g->org)
		return cli_usage("template", "--org is required\n%s", usage_text);
	return EXIT_OK;
}

static int add(struct app *a, const struct targs *g, const char *file, char *err, size_t errcap)
{
	char *body, why[256];
	size_t n;
	if (io_read_file(file, TMPL_MAX_SIZE, &body, &n, why, sizeof why) != 0) {
		snprintf(err, errcap, "%s: %s", file, why);
		return APP_INVALID;
	}
	struct app_template_add t = {.org = g->org,
				     .kind = g->kind,
				     .locale = g->locale,
				     .variant = g->variant,
				     .body = body,
				     .len = n};
	int64_t version;
	int rc = app_template_add(a, &t, &version, why, sizeof why);
	if (rc == APP_OK)
		printf("%lld\n", (long long)version);
	else
		snprintf(err, errcap, "%s: %s", file, why);
	free(body);
	return rc;
}

struct lister {
	enum cli_format fmt;
	json_t *arr;
};

static int print_row(void *cls, const struct store_template *t)
{
	struct lister *l = cls;
	char when[32], origin[96] = "";
	time_t tt = (time_t)t->created_at;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	if (t->origin_org)
		snprintf(origin, sizeof origin, "%s v%lld", t->origin_org,
			 (long long)t->origin_version);
	if (l->fmt == FMT_JSON) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:I}", "kind", t->kind,
				      "locale", t->locale, "variant", t->variant, "version",
				      (json_int_t)t->version, "created", when, "actor", t->actor,
				      "bytes", (json_int_t)t->body_len);
		if (j && t->origin_org)
			json_object_set_new(j, "origin",
					    json_pack("{s:s, s:I, s:I}", "org", t->origin_org,
						      "version", (json_int_t)t->origin_version,
						      "exported_at", (json_int_t)t->origin_at));
		return j && json_array_append_new(l->arr, j) == 0 ? 0 : -1;
	}
	if (l->fmt == FMT_CSV) {
		printf("%s,%s,%s,%lld,%s", t->kind, t->locale, t->variant, (long long)t->version,
		       when);
		csv_out_cell(stdout, t->actor, strlen(t->actor), false);
		csv_out_cell(stdout, origin, strlen(origin), false);
		printf("\r\n");
		return 0;
	}
	printf("%-11s %-6s %-7s %7lld  %-16s  %s\n", t->kind, t->locale,
	       t->variant[0] ? t->variant : "-", (long long)t->version, when,
	       origin[0] ? origin : "made here");
	return 0;
}

static int list(struct app *a, const struct targs *g, char *err, size_t errcap)
{
	struct lister l = {.fmt = g->fmt};
	if (g->fmt == FMT_JSON)
		l.arr = json_array();
	else if (g->fmt == FMT_CSV)
		printf("kind,locale,variant,version,created,actor,origin\r\n");
	else
		printf("%-11s %-6s %-7s %7s  %-16s  %s\n", "kind", "locale", "variant", "version",
		       "created", "origin");
	int rc = app_template_list(a, g->org, g->kind, print_row, &l, err, errcap);
	if (g->fmt == FMT_JSON) {
		if (rc == APP_OK && json_dumpf(l.arr, stdout, JSON_INDENT(2)) == 0)
			fputs("\n", stdout);
		else if (rc == APP_OK) {
			snprintf(err, errcap, "writing JSON failed");
			rc = APP_FAIL;
		}
		json_decref(l.arr);
	}
	return rc;
}

static int show(struct app *a, const struct targs *g, char *err, size_t errcap)
{
	struct app_template t;
	int rc = app_template_resolve(a, g->org, g->kind, g->locale, g->variant, g->version, &t,
				      err, errcap);
	if (rc != APP_OK)
		return rc;
	if (fwrite(t.body, 1, t.len, stdout) != t.len || fflush(stdout) != 0) {
		snprintf(err, errcap, "writing to stdout failed");
		rc = APP_FAIL;
	}
	app_template_clear(&t);
	return rc;
}

int cmd_template_db(int argc, char **argv)
{
	const char *sub = argv[1];
	struct targs g = {0};
	int rc = parse(argc - 1, argv + 1, &g);
	if (rc != EXIT_OK)
		return rc;
	int rest = argc - 1 - optind;
	char **pos = argv + 1 + optind;
	bool is_add = strcmp(sub, "add") == 0, is_show = strcmp(sub, "show") == 0;
	if (rest != (is_add ? 1 : 0))
		return cli_usage("template", "%s", usage_text);
	if ((is_add || is_show) && (!g.kind || !g.locale))
		return cli_usage("template", "%s needs --kind and --locale", sub);
	struct app a;
	rc = cli_open(&a, &g.db);
	if (rc != EXIT_OK)
		return rc;
	char err[1024];
	if (is_add)
		rc = add(&a, &g, pos[0], err, sizeof err);
	else if (is_show)
		rc = show(&a, &g, err, sizeof err);
	else
		rc = list(&a, &g, err, sizeof err);
	if (rc != APP_OK)
		cli_error("%s", err);
	app_close(&a);
	return rc;
}
