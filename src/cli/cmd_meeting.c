/* overstap meeting add|list|invite|attendance|cancel|move|ics|invitees|rsvp:
 * information meetings (app/meeting.h). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/meeting.h"
#include "cli/cli.h"
#include "core/nltime.h"
#include "io/csv_out.h"

static const char usage_text[] =
	"usage: overstap meeting add --org CODE --at \"YYYY-MM-DD HH:MM\" --location TEXT "
	"--capacity N\n"
	"         --target GMxxxx --ww-end-from D --ww-end-to D [--variants 1|2] "
	"[--presenter CODE]...\n"
	"         [--expect LOW-HIGH] [--seed N]\n"
	"       overstap meeting list [--org CODE] [--format table|csv|json]\n"
	"       overstap meeting invite ID\n"
	"       overstap meeting attendance ID FILE.csv\n"
	"       overstap meeting cancel ID [--reason TEXT]\n"
	"       overstap meeting move ID [--at \"YYYY-MM-DD HH:MM\"] [--location TEXT]\n"
	"       overstap meeting ics ID\n"
	"       overstap meeting invitees ID --purpose TEXT [--format csv|json]\n"
	"       overstap meeting rsvp CODE [--accept|--decline] [--consent]\n"
	"Times are Dutch local time (Europe/Amsterdam).";

struct meeting_args {
	struct cli_db db;
	const char *org, *at, *location, *target, *reason, *purpose;
	long capacity, variants;
	cdate from, to;
	bool has_from, has_to;
	const char *presenters[MEETING_MAX_PRESENTERS + 1];
	int n_presenters;
	int expect_low, expect_high;
	unsigned long long seed;
	int answer; /* 0 none, 1 accept, 2 decline */
	bool consent;
	enum cli_format fmt;
};

static bool parse_expect(const char *s, int *low, int *high)
{
	char *end;
	long lo = strtol(s, &end, 10);
	if (end == s || *end != '-')
		return false;
	const char *h = end + 1;
	long hi = strtol(h, &end, 10);
	if (end == h || *end || lo < 0 || hi > 100 || lo > hi)
		return false;
	*low = (int)lo;
	*high = (int)hi;
	return true;
}

static int parse(int argc, char **argv, struct meeting_args *g)
{
	static const struct option opts[] = {
		{"org", required_argument, 0, 'o'},
		{"at", required_argument, 0, 'a'},
		{"location", required_argument, 0, 'l'},
		{"capacity", required_argument, 0, 'c'},
		{"target", required_argument, 0, 't'},
		{"ww-end-from", required_argument, 0, 'F'},
		{"ww-end-to", required_argument, 0, 'T'},
		{"variants", required_argument, 0, 'v'},
		{"presenter", required_argument, 0, 'p'},
		{"expect", required_argument, 0, 'e'},
		{"seed", required_argument, 0, 's'},
		{"reason", required_argument, 0, 'r'},
		{"purpose", required_argument, 0, 'P'},
		{"accept", no_argument, 0, 'y'},
		{"decline", no_argument, 0, 'n'},
		{"consent", no_argument, 0, 'C'},
		{"format", required_argument, 0, 'f'},
		CLI_DB_OPTIONS,
		{0, 0, 0, 0},
	};
	int c;
	long v;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			g->org = optarg;
			break;
		case 'a':
			g->at = optarg;
			break;
		case 'l':
			g->location = optarg;
			break;
		case 't':
			g->target = optarg;
			break;
		case 'r':
			g->reason = optarg;
			break;
		case 'P':
			g->purpose = optarg;
			break;
		case 'y':
			g->answer = 1;
			break;
		case 'n':
			g->answer = 2;
			break;
		case 'C':
			g->consent = true;
			break;
		case 'c':
			if (!cli_parse_long("meeting", "--capacity", optarg, 1,
					    MEETING_CAPACITY_MAX, &g->capacity))
				return EXIT_USAGE;
			break;
		case 'v':
			if (!cli_parse_long("meeting", "--variants", optarg, 1, 2, &g->variants))
				return EXIT_USAGE;
			break;
		case 'F':
			if (!cli_parse_date("meeting", "--ww-end-from", optarg, &g->from))
				return EXIT_USAGE;
			g->has_from = true;
			break;
		case 'T':
			if (!cli_parse_date("meeting", "--ww-end-to", optarg, &g->to))
				return EXIT_USAGE;
			g->has_to = true;
			break;
		case 'p':
			if (g->n_presenters == MEETING_MAX_PRESENTERS)
				return cli_usage("meeting", "at most %d presenters",
						 MEETING_MAX_PRESENTERS);
			g->presenters[g->n_presenters++] = optarg;
			break;
		case 'e':
			if (!parse_expect(optarg, &g->expect_low, &g->expect_high))
				return cli_usage("meeting",
						 "--expect: LOW-HIGH percent, e.g. 25-50");
			break;
		case 's':
			if (!cli_parse_long("meeting", "--seed", optarg, 1, 2147483647L, &v))
				return EXIT_USAGE;
			g->seed = (unsigned long long)v;
			break;
		case 'f':
			if (!cli_parse_format("meeting", optarg, &g->fmt))
				return EXIT_USAGE;
			break;
		default:
			if (!cli_db_option(&g->db, c, optarg))
				return cli_usage("meeting", "%s", usage_text);
		}
	}
	return EXIT_OK;
}

static bool parse_id(const char *s, int64_t *id)
{
	long v;
	if (!cli_parse_long("meeting", "ID", s, 1, 2147483647L, &v))
		return false;
	*id = v;
	return true;
}

static bool parse_at(const char *s, int64_t *at)
{
	if (nltime_parse(s, at) == 0)
		return true;
	cli_usage("meeting", "--at: \"YYYY-MM-DD HH:MM\", an existing Dutch local time");
	return false;
}

static int do_add(struct app *a, struct meeting_args *g)
{
	struct meeting m = {
		.capacity = (int)g->capacity,
		.ww_end_from = g->from,
		.ww_end_to = g->to,
		.variants = g->variants ? (int)g->variants : 1,
		.expect_low = g->expect_low,
		.expect_high = g->expect_high,
		.n_presenters = g->n_presenters,
	};
	if (!parse_at(g->at, &m.at))
		return EXIT_USAGE;
	if (strlen(g->org) > STORE_ORG_CODE_MAX || strlen(g->target) >= sizeof m.target ||
	    strlen(g->location) > MEETING_LOCATION_MAX)
		return cli_usage("meeting", "--org, --target or --location is too long");
	snprintf(m.org, sizeof m.org, "%s", g->org);
	snprintf(m.target, sizeof m.target, "%s", g->target);
	snprintf(m.location, sizeof m.location, "%s", g->location);
	for (int i = 0; i < g->n_presenters; i++) {
		if (strlen(g->presenters[i]) > STORE_ORG_CODE_MAX)
			return cli_usage("meeting", "--presenter is too long");
		snprintf(m.presenters[i], sizeof m.presenters[i], "%s", g->presenters[i]);
	}
	char err[256];
	int rc = app_meeting_add(a, &m, g->seed, NULL, err, sizeof err);
	if (rc != APP_OK) {
		cli_error("%s", err);
		return rc;
	}
	printf("%lld\n", (long long)m.id);
	return EXIT_OK;
}

struct lister {
	enum cli_format fmt;
	json_t *arr;
};

static int list_one(void *cls, const struct meeting *m)
{
	struct lister *l = cls;
	char at[NLTIME_TEXT_SIZE], from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	nltime_format(m->at, at);
	date_format_iso(m->ww_end_from, from);
	date_format_iso(m->ww_end_to, to);
	if (l->fmt == FMT_JSON) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:i, s:s}", "id",
				      (json_int_t)m->id, "org", m->org, "at", at, "location",
				      m->location, "capacity", m->capacity, "target", m->target,
				      "ww_end_from", from, "ww_end_to", to, "variants", m->variants,
				      "status", meeting_status_name(m->status));
		return !o || json_array_append_new(l->arr, o) != 0;
	}
	if (l->fmt == FMT_CSV) {
		printf("%lld,%s,%s,", (long long)m->id, m->org, at);
		csv_out_cell(stdout, m->location, strlen(m->location), true);
		printf(",%d,%s,%s,%s,%d,%s\r\n", m->capacity, m->target, from, to, m->variants,
		       meeting_status_name(m->status));
		return 0;
	}
	printf("%6lld  %-16s  %-10s %-7s %6d  %-9s  %.40s\n", (long long)m->id, at, m->org,
	       m->target, m->capacity, meeting_status_name(m->status), m->location);
	return 0;
}

static int do_list(struct app *a, struct meeting_args *g)
{
	struct lister l = {.fmt = g->fmt};
	char err[256];
	if (g->fmt == FMT_JSON && !(l.arr = json_array()))
		return EXIT_FAIL;
	if (g->fmt == FMT_CSV)
		printf("id,org,at,location,capacity,target,ww_end_from,ww_end_to,variants,"
		       "status\r\n");
	else if (g->fmt == FMT_TABLE)
		printf("%6s  %-16s  %-10s %-7s %6s  %-9s  %s\n", "id", "at (NL)", "org", "target",
		       "places", "status", "location");
	int rc = app_meeting_list(a, g->org, INT64_MIN, INT64_MAX, list_one, &l, err, sizeof err);
	if (rc != APP_OK)
		cli_error("%s", err);
	else if (l.arr &&
		 (json_dumpf(l.arr, stdout, JSON_INDENT(2)) != 0 || fputs("\n", stdout) < 0))
		rc = EXIT_FAIL;
	json_decref(l.arr);
	return rc;
}

static int do_attendance(struct app *a, int64_t id, const char *path)
{
	struct attendance_opts o = {.path = path, .problems = stderr};
	struct attendance_report rep;
	char err[256];
	int rc = app_meeting_attendance(a, id, &o, &rep, err, sizeof err);
	if (rc != APP_OK) {
		cli_error("%s", err);
		return rc;
	}
	printf("%ld attended (%ld newly registered, %ld already), %ld stayed away\n",
	       rep.registered + rep.already, rep.registered, rep.already, rep.no_shows);
	return EXIT_OK;
}

struct invitee_out {
	enum cli_format fmt;
	json_t *arr;
};

static int print_invitee(void *cls, const struct invitee *iv)
{
	struct invitee_out *o = cls;
	char variant[2] = {iv->variant, '\0'};
	if (o->fmt == FMT_JSON) {
		json_t *j = json_pack(
			"{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "invitation_id",
			(json_int_t)iv->invitation_id, "route_id", (json_int_t)iv->route_id,
			"given_names", iv->given_names, "family_name", iv->family_name, "postcode",
			iv->postcode, "house_number", iv->house_number, "gemeente", iv->gemeente,
			"language", iv->language, "variant", variant, "code", iv->code);
		return !j || json_array_append_new(o->arr, j) != 0;
	}
	const char *cells[] = {iv->given_names, iv->family_name, iv->postcode, iv->house_number,
			       iv->gemeente,    iv->language,    variant,      iv->code};
	printf("%lld,%lld", (long long)iv->invitation_id, (long long)iv->route_id);
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		fputc(',', stdout);
		csv_out_cell(stdout, cells[i], strlen(cells[i]), true);
	}
	fputs("\r\n", stdout);
	return 0;
}

static int do_invitees(struct app *a, int64_t id, struct meeting_args *g)
{
	struct invitee_out o = {.fmt = g->fmt == FMT_JSON ? FMT_JSON : FMT_CSV};
	char err[256];
	if (!g->purpose)
		return cli_usage("meeting", "invitees needs --purpose (it is audited)");
	if (o.fmt == FMT_JSON && !(o.arr = json_array()))
		return EXIT_FAIL;
	if (o.fmt == FMT_CSV)
		printf("invitation_id,route_id,given_names,family_name,postcode,house_number,"
		       "gemeente,language,variant,code\r\n");
	int rc = app_meeting_invitees(a, id, g->purpose, print_invitee, &o, err, sizeof err);
	if (rc != APP_OK)
		cli_error("%s", err);
	else if (o.arr &&
		 (json_dumpf(o.arr, stdout, JSON_INDENT(2)) != 0 || fputs("\n", stdout) < 0))
		rc = EXIT_FAIL;
	json_decref(o.arr);
	return rc;
}

static int do_rsvp(struct app *a, const char *code, struct meeting_args *g)
{
	enum rsvp_result res;
	struct rsvp_view v;
	char err[256];
	int rc = g->answer ? app_rsvp_answer(a, code, g->answer == 1, g->consent, &res, &v, err,
					     sizeof err)
			   : app_rsvp_lookup(a, code, &res, &v, err, sizeof err);
	if (rc != APP_OK) {
		cli_error("%s", err);
		return rc;
	}
	json_t *o = json_pack("{s:s}", "result", rsvp_result_name(res));
	if (o && (res == RSVP_OK || res == RSVP_CANCELLED)) {
		char at[NLTIME_TEXT_SIZE];
		nltime_format(v.meeting.at, at);
		json_object_set_new(o, "first_name", json_string(v.first_name));
		json_object_set_new(o, "meeting_id", json_integer(v.meeting.id));
		json_object_set_new(o, "at", json_string(at));
		json_object_set_new(o, "location", json_string(v.meeting.location));
		json_object_set_new(o, "response", json_string(store_response_name(v.response)));
		json_object_set_new(o, "consent", json_boolean(v.consent));
	}
	if (!o || json_dumpf(o, stdout, JSON_COMPACT) != 0 || fputs("\n", stdout) < 0) {
		json_decref(o);
		return EXIT_FAIL;
	}
	json_decref(o);
	return res == RSVP_OK ? EXIT_OK : EXIT_USAGE;
}

static int run(struct app *a, const char *sub, struct meeting_args *g, char **pos)
{
	int64_t id = 0;
	long n = 0;
	char err[256];
	int rc;
	if (strcmp(sub, "add") == 0)
		return do_add(a, g);
	if (strcmp(sub, "list") == 0)
		return do_list(a, g);
	if (strcmp(sub, "rsvp") == 0)
		return do_rsvp(a, pos[0], g);
	if (!parse_id(pos[0], &id))
		return EXIT_USAGE;
	if (strcmp(sub, "attendance") == 0)
		return do_attendance(a, id, pos[1]);
	if (strcmp(sub, "invitees") == 0)
		return do_invitees(a, id, g);
	if (strcmp(sub, "ics") == 0) {
		char *text;
		size_t len;
		rc = app_meeting_ics(a, id, &text, &len, err, sizeof err);
		if (rc == APP_OK) {
			if (fwrite(text, 1, len, stdout) != len)
				rc = EXIT_FAIL;
			free(text);
			return rc;
		}
	} else if (strcmp(sub, "invite") == 0) {
		rc = app_meeting_invite(a, id, &n, err, sizeof err);
	} else if (strcmp(sub, "cancel") == 0) {
		rc = app_meeting_cancel(a, id, g->reason, &n, err, sizeof err);
	} else {
		int64_t at = 0;
		if (g->at && !parse_at(g->at, &at))
			return EXIT_USAGE;
		rc = app_meeting_move(a, id, at, g->location, &n, err, sizeof err);
	}
	if (rc != APP_OK) {
		cli_error("%s", err);
		return rc;
	}
	printf("%ld\n", n);
	return EXIT_OK;
}

int cmd_meeting(int argc, char **argv)
{
	static const struct {
		const char *name;
		int positional;
	} subs[] = {{"add", 0},  {"list", 0}, {"invite", 1},   {"attendance", 2}, {"cancel", 1},
		    {"move", 1}, {"ics", 1},  {"invitees", 1}, {"rsvp", 1}};
	if (argc < 2)
		return cli_usage("meeting", "%s", usage_text);
	const char *sub = argv[1];
	int want = -1;
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(sub, subs[i].name) == 0)
			want = subs[i].positional;
	if (want < 0)
		return cli_usage("meeting", "%s", usage_text);
	struct meeting_args g = {.fmt = FMT_TABLE};
	int rc = parse(argc - 1, argv + 1, &g);
	if (rc != EXIT_OK)
		return rc;
	int rest = argc - 1 - optind;
	char **pos = argv + 1 + optind;
	if (rest != want)
		return cli_usage("meeting", "%s", usage_text);
	if (strcmp(sub, "add") == 0 && (!g.org || !g.at || !g.location || !g.capacity ||
					!g.target || !g.has_from || !g.has_to))
		return cli_usage("meeting", "add needs --org, --at, --location, --capacity, "
					    "--target, --ww-end-from and --ww-end-to");
	struct app a;
	rc = cli_open(&a, &g.db);
	if (rc != EXIT_OK)
		return rc;
	rc = run(&a, sub, &g, pos);
	if (fflush(stdout) != 0)
		rc = EXIT_FAIL;
	app_close(&a);
	return rc;
}
