/* overstap calc: the rules staff and tests need, one value per line.
 *   calc bsn NUMBER                      valid (exit 0) or not (exit 2)
 *   calc deadline DATE                   the term end after the Atw extension
 *   calc workdays --from D --add N       N working days after (or before) D
 *   calc window --date D --months N      first and last WW end in the window
 *   calc ww-end --start D --months N     last WW day from start and months */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/bsn.h"
#include "core/embedded.h"
#include "core/holiday.h"
#include "core/window.h"

static const char usage_text[] = "usage: overstap calc bsn NUMBER\n"
				 "       overstap calc deadline DATE\n"
				 "       overstap calc workdays --from DATE --add N\n"
				 "       overstap calc window --date DATE --months N\n"
				 "       overstap calc ww-end --start DATE --months N";

static void print_date(cdate d)
{
	char s[DATE_ISO_SIZE];
	date_format_iso(d, s);
	printf("%s\n", s);
}

struct calc_args {
	const char *date; /* --from, --date or --start */
	const char *num;  /* --add or --months */
};

static int parse(int argc, char **argv, struct calc_args *c)
{
	static const struct option opts[] = {
		{"from", required_argument, 0, 'd'},   {"date", required_argument, 0, 'd'},
		{"start", required_argument, 0, 'd'},  {"add", required_argument, 0, 'n'},
		{"months", required_argument, 0, 'n'}, {0, 0, 0, 0},
	};
	int o;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'd')
			c->date = optarg;
		else if (o == 'n')
			c->num = optarg;
		else
			return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* WW duration limits in force on the start date, from data/figures.csv. */
static int ww_months_range(cdate start, long *min, long *max)
{
	const struct embedded_file *f = embedded_find("data/figures.csv");
	struct figures fig;
	char err[160];
	int64_t lo, hi;
	if (!f || figures_parse(f->data, f->len, &fig, err, sizeof err) != 0)
		return -1;
	int rc = -1;
	if (figures_at(&fig, "ww.duration.min_months", start, &lo) == 0 &&
	    figures_at(&fig, "ww.duration.max_months", start, &hi) == 0) {
		*min = (long)lo;
		*max = (long)hi;
		rc = 0;
	}
	figures_free(&fig);
	return rc;
}

static int calc_with_options(const char *sub, int argc, char **argv)
{
	struct calc_args c = {0};
	cdate d;
	long n, min, max;
	if (parse(argc, argv, &c) != EXIT_OK || optind != argc || !c.date || !c.num)
		return cli_usage("calc", "%s", usage_text);
	if (!cli_parse_date("calc", "the date", c.date, &d))
		return EXIT_USAGE;
	if (strcmp(sub, "workdays") == 0) {
		if (!cli_parse_long("calc", "--add", c.num, -100000, 100000, &n))
			return EXIT_USAGE;
		print_date(workdays_add(d, (int)n));
	} else if (strcmp(sub, "window") == 0) {
		if (!cli_parse_long("calc", "--months", c.num, WINDOW_MONTHS_MIN, WINDOW_MONTHS_MAX,
				    &n))
			return EXIT_USAGE;
		cdate first, last;
		window_bounds(d, (int)n, &first, &last);
		print_date(first);
		print_date(last);
	} else {
		if (ww_months_range(d, &min, &max) != 0) {
			cli_error("no WW duration limits in data/figures.csv for that start date");
			return EXIT_USAGE;
		}
		if (!cli_parse_long("calc", "--months", c.num, min, max, &n))
			return EXIT_USAGE;
		print_date(ww_end_from_months(d, (int)n));
	}
	return EXIT_OK;
}

int cmd_calc(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("calc", "%s", usage_text);
	const char *sub = argv[1];
	if (strcmp(sub, "bsn") == 0 || strcmp(sub, "deadline") == 0) {
		if (argc != 3)
			return cli_usage("calc", "%s", usage_text);
		const char *arg = argv[2];
		if (strcmp(sub, "bsn") == 0) {
			char bsn[BSN_SIZE];
			enum bsn_status st = bsn_normalise(arg, strlen(arg), bsn);
			if (st != BSN_OK) {
				printf("invalid\n");
				fprintf(stderr, "overstap calc: '%s' is not a valid BSN: %s\n", arg,
					bsn_status_reason(st));
				return EXIT_USAGE;
			}
			printf("valid\n");
			return EXIT_OK;
		}
		cdate d;
		if (!cli_parse_date("calc", "the date", arg, &d))
			return EXIT_USAGE;
		print_date(atw_extend(d));
		return EXIT_OK;
	}
	if (strcmp(sub, "workdays") == 0 || strcmp(sub, "window") == 0 ||
	    strcmp(sub, "ww-end") == 0)
		return calc_with_options(sub, argc - 1, argv + 1);
	return cli_usage("calc", "%s", usage_text);
}
