/* overstap user add: a local staff account (app/account.h). The password
 * comes from standard input when that is not a terminal (its first line);
 * on a terminal a one-time password is generated and printed once. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/account.h"
#include "cli/cli.h"

static const char usage_text[] =
	"usage: overstap user add --org CODE --role ROLE --email ADDRESS\n"
	"       (the password is read from standard input when it is not a terminal)";

struct user_args {
	struct cli_db db;
	const char *org, *role, *email;
};

static int parse(int argc, char **argv, struct user_args *g)
{
	static const struct option opts[] = {
		{"org", required_argument, 0, 'o'},
		{"role", required_argument, 0, 'r'},
		{"email", required_argument, 0, 'e'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o')
			g->org = optarg;
		else if (c == 'r')
			g->role = optarg;
		else if (c == 'e')
			g->email = optarg;
		else if (!cli_db_option(&g->db, c, optarg))
			return cli_usage("user", "%s", usage_text);
	}
	return EXIT_OK;
}

/* The first line of standard input without its line end, in *out (caller
 * wipes and frees). Returns EXIT_OK or EXIT_USAGE (after a message). */
static int read_password(char **out, size_t *cap)
{
	*out = NULL;
	*cap = 0;
	ssize_t n = getline(out, cap, stdin);
	if (n < 0)
		n = 0;
	while (n > 0 && ((*out)[n - 1] == '\n' || (*out)[n - 1] == '\r'))
		n--;
	if (*out)
		(*out)[n] = '\0';
	if (n == 0)
		return cli_usage("user", "no password on standard input (its first line is read)");
	if (strlen(*out) != (size_t)n)
		return cli_usage("user", "the password contains a NUL byte");
	return EXIT_OK;
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return cli_usage("user", "%s", usage_text);
	struct user_args g = {0};
	char *pw = NULL;
	size_t pw_cap = 0;
	char otp[ACCOUNT_OTP_LEN + 1] = "";
	char err[512];
	struct app a;
	bool opened = false;
	int rc = parse(argc - 1, argv + 1, &g);
	if (rc != EXIT_OK)
		goto cleanup;
	if (argc - 1 - optind != 0 || !g.org || !g.role || !g.email) {
		rc = cli_usage("user", "add needs --org, --role and --email\n%s", usage_text);
		goto cleanup;
	}
	if (!account_role_valid(g.role)) {
		char roles[160];
		account_roles_list(roles, sizeof roles);
		rc = cli_usage("user", "unknown role '%s' (roles: %s)", g.role, roles);
		goto cleanup;
	}
	if (!isatty(STDIN_FILENO) && (rc = read_password(&pw, &pw_cap)) != EXIT_OK)
		goto cleanup;
	rc = cli_open(&a, &g.db);
	if (rc != EXIT_OK)
		goto cleanup;
	opened = true;
	rc = app_user_add(&a, g.org, g.role, g.email, pw, otp, err, sizeof err);
	if (rc != APP_OK) {
		cli_error("%s", err);
		goto cleanup;
	}
	char email[STORE_EMAIL_MAX + 1];
	if (account_email_normalize(g.email, email, sizeof email) < 0)
		snprintf(email, sizeof email, "%s", g.email); /* not reached: app checked it */
	printf("added user %s (%s at %s)\n", email, g.role, g.org);
	if (!pw)
		printf("one-time password: %s\n"
		       "(shown only now; it must be changed at first sign-in)\n",
		       otp);
cleanup:
	if (opened)
		app_close(&a);
	if (pw) {
		explicit_bzero(pw, pw_cap);
		free(pw);
	}
	explicit_bzero(otp, sizeof otp);
	return rc;
}
