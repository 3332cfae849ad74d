/* Shared parts of the command-line verbs. Each verb is one cmd_<verb>.c
 * exporting cmd_<verb>(argc, argv); main.c dispatches through a table.
 * Exit statuses: 0 ok, 1 failure, 2 bad input or usage. */
#ifndef OVERSTAP_CLI_H
#define OVERSTAP_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* The options every verb that opens the database accepts. */
struct cli_db {
	const char *db;  /* --db, OVERSTAP_DB, default "overstap.db" */
	const char *key; /* --key, OVERSTAP_KEY_FILE, default DB + ".key" */
};

/* getopt_long entries for --db and --key, and their handling: returns true
 * when opt was one of them. */
#define CLI_DB_OPTIONS                                                                             \
	{"db", required_argument, 0, 'D'},                                                         \
	{                                                                                          \
		"key", required_argument, 0, 'K'                                                   \
	}
bool cli_db_option(struct cli_db *c, int opt, const char *arg);

/* Opens the app; prints the reason and returns EXIT_FAIL when it cannot. */
int cli_open(struct app *a, struct cli_db *c);

/* Prints "overstap VERB: message" on stderr and returns EXIT_USAGE. */
int cli_usage(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "overstap: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Range-checked integer and date arguments; false (after a message) when bad. */
bool cli_parse_long(const char *verb, const char *what, const char *s, long min, long max,
		    long *out);
bool cli_parse_date(const char *verb, const char *what, const char *s, cdate *out);

/* Output formats shared by listing verbs. */
enum cli_format { FMT_TABLE, FMT_CSV, FMT_JSON };
bool cli_parse_format(const char *verb, const char *s, enum cli_format *out);

int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_signal(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_calc(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_meeting(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_letters(int argc, char **argv);
int cmd_toolkit(int argc, char **argv);
/* template add|list|show (cmd_template_db.c), dispatched by cmd_template. */
int cmd_template_db(int argc, char **argv);

#endif
