/* overstap report meetings --org CODE [--from D] [--to D] [--format table|csv|json]:
 * the meeting funnel (app/meeting.h), per meeting, municipality and letter
 * variant, with 95% Wilson intervals. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/funnel_json.h"
#include "app/meeting.h"
#include "cli/cli.h"
#include "core/nltime.h"

static const char usage_text[] =
	"usage: overstap report meetings [--org CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
	"[--format table|csv|json]";

static void format_at(int64_t t, char *out)
{
	char at[NLTIME_TEXT_SIZE];
	nltime_format(t, at);
	snprintf(out, FUNNEL_JSON_AT_SIZE, "%s", at);
}

static int print_json(const struct meeting_funnel *f, size_t n)
{
	const struct funnel_json_opts o = {.format_at = format_at};
	json_t *arr = funnel_json_array(f, n, &o);
	int rc = !arr || json_dumpf(arr, stdout, JSON_INDENT(2)) != 0 || fputs("\n", stdout) < 0
			 ? EXIT_FAIL
			 : EXIT_OK;
	json_decref(arr);
	return rc;
}

static void csv_row(const struct meeting_funnel *f, const char *group,
		    const struct funnel_counts *c)
{
	printf("%lld,%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%.4f,%.4f,%.4f", (long long)f->m.id,
	       group, (long long)c->invited, (long long)c->answered, (long long)c->accepted,
	       (long long)c->declined, (long long)c->waitlisted, (long long)c->attended,
	       (long long)c->no_show, (long long)c->consents, c->attendance.rate, c->attendance.low,
	       c->attendance.high);
	if (f->m.expect_high)
		printf(",%.2f,%.2f\r\n", f->m.expect_low / 100.0, f->m.expect_high / 100.0);
	else
		printf(",,\r\n");
}

static void print_csv(const struct meeting_funnel *f, size_t n)
{
	printf("meeting_id,group,invited,answered,accepted,declined,waitlisted,attended,no_show,"
	       "consents,attendance_rate,attendance_low,attendance_high,expected_low,"
	       "expected_high\r\n");
	for (size_t i = 0; i < n; i++) {
		csv_row(&f[i], "all", &f[i].total);
		for (size_t g = 0; g < f[i].n_gemeente; g++)
			csv_row(&f[i], f[i].by_gemeente[g].key, &f[i].by_gemeente[g].c);
		for (int v = 0; f[i].m.variants == 2 && v < 2; v++)
			csv_row(&f[i], v ? "variant B" : "variant A", &f[i].by_variant[v].c);
	}
}

static void table_row(const char *label, const struct funnel_counts *c)
{
	printf("  %-12s %7lld %8lld %8lld %8lld %8lld %7lld %8lld   %5.1f%% [%4.1f%%, %4.1f%%]\n",
	       label, (long long)c->invited, (long long)c->answered, (long long)c->accepted,
	       (long long)c->declined, (long long)c->attended, (long long)c->no_show,
	       (long long)c->consents, 100 * c->attendance.rate, 100 * c->attendance.low,
	       100 * c->attendance.high);
}

static void print_table(const struct meeting_funnel *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char at[NLTIME_TEXT_SIZE];
		nltime_format(f[i].m.at, at);
		printf("meeting %lld, %s, %s (%s, target %s)%s\n", (long long)f[i].m.id, at,
		       f[i].m.location, f[i].m.org, f[i].m.target,
		       f[i].m.status == MEETING_CANCELLED ? " CANCELLED" : "");
		printf("  %-12s %7s %8s %8s %8s %8s %7s %8s   %s\n", "", "invited", "answered",
		       "accepted", "declined", "attended", "stayed", "consents",
		       "turnout [95% Wilson]");
		table_row("all", &f[i].total);
		for (size_t g = 0; g < f[i].n_gemeente; g++)
			table_row(f[i].by_gemeente[g].key, &f[i].by_gemeente[g].c);
		for (int v = 0; f[i].m.variants == 2 && v < 2; v++)
			table_row(v ? "variant B" : "variant A", &f[i].by_variant[v].c);
		if (f[i].m.expect_high)
			printf("  expected turnout: %d%% to %d%%\n", f[i].m.expect_low,
			       f[i].m.expect_high);
		printf("\n");
	}
	printf("%zu meetings\n", n);
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{"org", required_argument, 0, 'o'},
		{"from", required_argument, 0, 'F'},
		{"to", required_argument, 0, 'T'},
		{"format", required_argument, 0, 'f'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	if (argc < 2 || strcmp(argv[1], "meetings") != 0)
		return cli_usage("report", "%s", usage_text);
	struct cli_db db = {0};
	const char *org = NULL;
	cdate from = 0, to = 0;
	bool has_from = false, has_to = false;
	enum cli_format fmt = FMT_TABLE;
	int c;
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o') {
			org = optarg;
		} else if (c == 'F') {
			if (!cli_parse_date("report", "--from", optarg, &from))
				return EXIT_USAGE;
			has_from = true;
		} else if (c == 'T') {
			if (!cli_parse_date("report", "--to", optarg, &to))
				return EXIT_USAGE;
			has_to = true;
		} else if (c == 'f') {
			if (!cli_parse_format("report", optarg, &fmt))
				return EXIT_USAGE;
		} else if (!cli_db_option(&db, c, optarg)) {
			return cli_usage("report", "%s", usage_text);
		}
	}
	if (optind != argc)
		return cli_usage("report", "unexpected argument '%s'", argv[optind]);
	if (has_from && has_to && to < from)
		return cli_usage("report", "--to is before --from");
	struct app a;
	int rc = cli_open(&a, &db);
	if (rc != EXIT_OK)
		return rc;
	struct meeting_funnel *f = NULL;
	size_t n = 0;
	char err[256];
	rc = app_report_meetings(&a, org, has_from ? &from : NULL, has_to ? &to : NULL, &f, &n, err,
				 sizeof err);
	if (rc != APP_OK) {
		cli_error("%s", err);
	} else if (fmt == FMT_JSON) {
		rc = print_json(f, n);
	} else if (fmt == FMT_CSV) {
		print_csv(f, n);
	} else {
		print_table(f, n);
	}
	if (fflush(stdout) != 0)
		rc = EXIT_FAIL;
	meeting_funnels_free(f, n);
	app_close(&a);
	return rc;
}
