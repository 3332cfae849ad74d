/* overstap generate ww --count N [--seed S] [--date D] [--gemeente CODE …]
 *                      [--out FILE]
 * Writes a synthetic WW benefits file (deterministic per seed). The BSNs
 * pass the 11-proef and may belong to real people: test data only. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/generate.h"
#include "cli/cli.h"
#include "core/embedded.h"

#define MAX_GEMEENTEN 400

static const char usage_text[] =
	"usage: overstap generate ww --count N [--seed S] [--date YYYY-MM-DD] "
	"[--gemeente CODE ...] [--out FILE]";

/* Adds the codes in a comma-separated list; false on an unknown code. */
static bool add_codes(const struct gemeenten *g, char *list, const char **codes, size_t *n)
{
	for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!gemeenten_find(g, tok)) {
			cli_usage("generate", "unknown municipality code '%s'", tok);
			return false;
		}
		if (*n == MAX_GEMEENTEN) {
			cli_usage("generate", "at most %d municipalities", MAX_GEMEENTEN);
			return false;
		}
		codes[(*n)++] = tok;
	}
	return true;
}

int cmd_generate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"count", required_argument, 0, 'n'}, {"seed", required_argument, 0, 's'},
		{"date", required_argument, 0, 'd'},  {"gemeente", required_argument, 0, 'g'},
		{"out", required_argument, 0, 'o'},   {0, 0, 0, 0},
	};
	const char *codes[MAX_GEMEENTEN];
	struct gen_ww_opts go = {.seed = 1, .date = app_today(), .gemeenten = codes};
	const char *out_path = NULL;
	struct gemeenten g = {0};
	char err[256];
	int rc = EXIT_USAGE;
	const struct embedded_file *f = embedded_find("data/gemeenten.csv");
	if (!f || gemeenten_parse(f->data, f->len, &g, err, sizeof err) != 0) {
		cli_error("data/gemeenten.csv: %s", f ? err : "missing from the build");
		return EXIT_FAIL;
	}
	bool have_count = false;
	int c;
	long v;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n') {
			if (!cli_parse_long("generate", "--count", optarg, 1, GEN_WW_COUNT_MAX, &v))
				goto cleanup;
			go.count = v;
			have_count = true;
		} else if (c == 's') {
			char *end;
			errno = 0;
			go.seed = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-') {
				cli_usage("generate", "--seed must be a whole number >= 0");
				goto cleanup;
			}
		} else if (c == 'd') {
			if (!cli_parse_date("generate", "--date", optarg, &go.date))
				goto cleanup;
		} else if (c == 'g') {
			if (!add_codes(&g, optarg, codes, &go.n_gemeenten))
				goto cleanup;
		} else if (c == 'o') {
			out_path = optarg;
		} else {
			cli_usage("generate", "%s", usage_text);
			goto cleanup;
		}
	}
	/* "generate ww --gemeente GM0363 GM0599": codes may also follow as words. */
	if (optind >= argc || strcmp(argv[optind], "ww") != 0 || !have_count) {
		cli_usage("generate", "%s", usage_text);
		goto cleanup;
	}
	for (int i = optind + 1; i < argc; i++)
		if (!add_codes(&g, argv[i], codes, &go.n_gemeenten))
			goto cleanup;

	FILE *out = out_path ? fopen(out_path, "wb") : stdout;
	if (!out) {
		cli_error("%s: %s", out_path, strerror(errno));
		rc = EXIT_FAIL;
		goto cleanup;
	}
	rc = gen_ww_csv(out, &go, &g, err, sizeof err) == 0 ? EXIT_OK : EXIT_FAIL;
	if (rc != EXIT_OK)
		cli_error("%s", err);
	if ((out_path ? fclose(out) : fflush(out)) != 0 && rc == EXIT_OK) {
		cli_error("%s: %s", out_path ? out_path : "stdout", strerror(errno));
		rc = EXIT_FAIL;
	}
cleanup:
	gemeenten_free(&g);
	return rc;
}
