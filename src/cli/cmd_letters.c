/* overstap letters: personalised letters as PDF.
 *
 *   overstap letters --template KIND --data FILE.json --out FILE.pdf|DIR
 *   overstap letters --meeting ID --template KIND --out FILE.pdf|DIR
 *
 * --out ending in ".pdf" writes one PDF holding every letter (for
 * printing); anything else is a directory that gets one PDF per person.
 * --data takes recipients, meeting and sender from a JSON file (for
 * template authors, tests and the benchmark; app/letters.h says its form);
 * --meeting takes the invitees of a meeting and records every letter made
 * as a route event (src/app/letters_meeting.c, which comes with the
 * meetings of issue 5). Prints "N letters, P pages: OUT". */
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/letters.h"
#include "cli/cli.h"
#include "io/file.h"
#include "render/letter.h"

static const char usage_text[] =
	"usage: overstap letters --template invitation|reminder|follow_up|ww_ends\n"
	"           (--data FILE.json | --meeting ID) --out FILE.pdf|DIR\n"
	"           [--variant A|B] [--org CODE] [--rsvp-link URL] [--place TEXT] [--date D]";

struct letters_args {
	struct cli_db db;
	struct letters_opts o;
	const char *data;
	long meeting;
};

static int parse(int argc, char **argv, struct letters_args *g)
{
	static const struct option opts[] = {
		{"template", required_argument, 0, 't'},
		{"variant", required_argument, 0, 'v'},
		{"out", required_argument, 0, 'o'},
		{"data", required_argument, 0, 'd'},
		{"meeting", required_argument, 0, 'm'},
		{"org", required_argument, 0, 'g'},
		{"rsvp-link", required_argument, 0, 'r'},
		{"place", required_argument, 0, 'p'},
		{"date", required_argument, 0, 'a'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 't')
			g->o.kind = optarg;
		else if (c == 'v')
			g->o.variant = optarg;
		else if (c == 'o')
			g->o.out = optarg;
		else if (c == 'd')
			g->data = optarg;
		else if (c == 'm') {
			if (!cli_parse_long("letters", "--meeting", optarg, 1, LONG_MAX,
					    &g->meeting))
				return EXIT_USAGE;
		} else if (c == 'g')
			g->o.org = optarg;
		else if (c == 'r')
			g->o.rsvp_link = optarg;
		else if (c == 'p')
			g->o.place = optarg;
		else if (c == 'a') {
			if (!cli_parse_date("letters", "--date", optarg, &g->o.date))
				return EXIT_USAGE;
		} else if (!cli_db_option(&g->db, c, optarg))
			return cli_usage("letters", "%s", usage_text);
	}
	if (optind != argc || !g->o.kind || !g->o.out || (!g->data == !g->meeting))
		return cli_usage("letters", "%s", usage_text);
	if (g->o.variant && strcmp(g->o.variant, "A") != 0 && strcmp(g->o.variant, "B") != 0)
		return cli_usage("letters", "--variant must be A or B");
	size_t n = strlen(g->o.out);
	g->o.per_person = !(n >= 4 && strcmp(g->o.out + n - 4, ".pdf") == 0);
	return EXIT_OK;
}

static int from_data(struct app *a, const struct letters_args *g, long *letters, long *pages,
		     char *err, size_t errcap)
{
	json_t *data = io_load_json(g->data, LETTERS_DATA_MAX, err, errcap);
	if (!data)
		return APP_INVALID;
	const char *slash = strrchr(g->data, '/');
	char dir[4096];
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - g->data) + 1 : 0, g->data);
	int rc = app_letters_from_json(a, &g->o, data, dir, letters, pages, err, errcap);
	json_decref(data);
	return rc;
}

int cmd_letters(int argc, char **argv)
{
	struct letters_args g = {0};
	int rc = parse(argc, argv, &g);
	if (rc != EXIT_OK)
		return rc;
	if (!g.o.date)
		g.o.date = app_today();
	/* Laying out a letter allocates and frees the same few MiB over and
	 * over: keep them instead of giving them back to the kernel each time
	 * (measured: a tenth of the run went to page faults and brk). */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 16 << 20);
	struct app a;
	rc = cli_open(&a, &g.db);
	if (rc != EXIT_OK)
		return rc;
	char err[1024];
	long letters = 0, pages = 0;
	if (g.data)
		rc = from_data(&a, &g, &letters, &pages, err, sizeof err);
	else
		rc = app_letters_meeting(&a, &g.o, g.meeting, &letters, &pages, err, sizeof err);
	if (rc != APP_OK)
		cli_error("%s", err);
	else
		printf("%ld letters, %ld pages: %s\n", letters, pages, g.o.out);
	app_close(&a);
	letter_shutdown();
	return rc;
}
