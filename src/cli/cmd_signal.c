/* overstap signal [--date D] [--org CODE] [--format table|csv|json] [--show-bsn] */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "io/csv_out.h"

static const char usage_text[] =
	"usage: overstap signal [--date YYYY-MM-DD] [--org CODE] [--format table|csv|json] "
	"[--show-bsn] [--db PATH] [--key FILE]";

static int print_json(const struct signal_result *r)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < r->n_routes; i++) {
		const struct signal_route *s = &r->routes[i];
		char end[DATE_ISO_SIZE];
		date_format_iso(s->ww_end, end);
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}", "route_id",
				      (json_int_t)s->route_id, "bsn", s->bsn, "gemeente_code",
				      s->gemeente, "org", s->org, "ww_end", end, "new", s->is_new);
		if (!o || json_array_append_new(arr, o) != 0) {
			json_decref(arr);
			return EXIT_FAIL;
		}
	}
	if (!arr || json_dumpf(arr, stdout, JSON_INDENT(2)) != 0) {
		json_decref(arr);
		return EXIT_FAIL;
	}
	json_decref(arr);
	fputs("\n", stdout);
	return EXIT_OK;
}

static void print_csv(const struct signal_result *r)
{
	printf("route_id,bsn,gemeente_code,org,ww_end,new\r\n");
	for (size_t i = 0; i < r->n_routes; i++) {
		const struct signal_route *s = &r->routes[i];
		char end[DATE_ISO_SIZE];
		date_format_iso(s->ww_end, end);
		printf("%lld,%s,%s,", (long long)s->route_id, s->bsn, s->gemeente);
		csv_out_cell(stdout, s->org, strlen(s->org), true);
		printf(",%s,%s\r\n", end, s->is_new ? "true" : "false");
	}
}

static void print_table(const struct signal_result *r, cdate date)
{
	char d[DATE_ISO_SIZE];
	date_format_iso(date, d);
	printf("Max-WW signal on %s: WW ending inside each municipality's window\n\n", d);
	printf("%-7s %-28s %6s  %-10s  %7s %9s %7s\n", "code", "municipality", "window",
	       "ends up to", "new", "existing", "total");
	long tn = 0, te = 0;
	for (size_t i = 0; i < r->n_counts; i++) {
		const struct signal_count *c = &r->counts[i];
		char last[DATE_ISO_SIZE];
		date_format_iso(c->last, last);
		printf("%-7s %-28.28s %4d m  %-10s  %7ld %9ld %7ld\n", c->gemeente, c->name,
		       c->window_months, last, c->new_routes, c->existing,
		       c->new_routes + c->existing);
		tn += c->new_routes;
		te += c->existing;
	}
	printf("%-7s %-28s %6s  %-10s  %7ld %9ld %7ld\n", "total", "", "", "", tn, te, tn + te);
	printf("\n%zu municipalities, %ld new routes opened, %ld already open\n", r->n_counts, tn,
	       te);
}

int cmd_signal(int argc, char **argv)
{
	static const struct option opts[] = {
		{"date", required_argument, 0, 'd'},
		{"org", required_argument, 0, 'o'},
		{"format", required_argument, 0, 'f'},
		{"show-bsn", no_argument, 0, 'b'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	struct cli_db db = {0};
	struct signal_opts so = {.date = app_today()};
	enum cli_format fmt = FMT_TABLE;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd') {
			if (!cli_parse_date("signal", "--date", optarg, &so.date))
				return EXIT_USAGE;
		} else if (c == 'o') {
			so.org = optarg;
		} else if (c == 'f') {
			if (!cli_parse_format("signal", optarg, &fmt))
				return EXIT_USAGE;
		} else if (c == 'b') {
			so.show_bsn = true;
		} else if (!cli_db_option(&db, c, optarg)) {
			return cli_usage("signal", "%s", usage_text);
		}
	}
	if (optind != argc)
		return cli_usage("signal", "unexpected argument '%s'", argv[optind]);

	struct app a;
	int rc = cli_open(&a, &db);
	if (rc != EXIT_OK)
		return rc;
	struct signal_result res;
	char err[512];
	rc = app_signal(&a, &so, &res, err, sizeof err);
	if (rc != APP_OK) {
		cli_error("%s", err);
		app_close(&a);
		return rc;
	}
	if (fmt == FMT_JSON)
		rc = print_json(&res);
	else if (fmt == FMT_CSV)
		print_csv(&res);
	else
		print_table(&res, so.date);
	if (fflush(stdout) != 0)
		rc = EXIT_FAIL;
	signal_result_free(&res);
	app_close(&a);
	return rc;
}
