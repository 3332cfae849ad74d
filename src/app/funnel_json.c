/* The meeting funnel as JSON (app/funnel_json.h). */
#include "app/funnel_json.h"

#include "app/access.h"

/* Field names: [0] snake_case, [1] camelCase. */
enum name {
	N_MEETING_ID,
	N_NO_SHOW,
	N_BY_GEMEENTE,
	N_BY_VARIANT,
	N_EXPECTED,
	N_N,
};
static const char *const names[N_N][2] = {
	[N_MEETING_ID] = {"meeting_id", "meetingId"},
	[N_NO_SHOW] = {"no_show", "noShow"},
	[N_BY_GEMEENTE] = {"by_gemeente", "byGemeente"},
	[N_BY_VARIANT] = {"by_variant", "byVariant"},
	[N_EXPECTED] = {"expected_attendance", "expectedAttendance"},
};

static const char *nm(const struct funnel_json_opts *o, enum name n)
{
	return names[n][o->camel];
}

static bool small(const struct funnel_json_opts *o, int64_t n)
{
	return o->small_counts && n >= 1 && n <= 4;
}

static json_t *count(const struct funnel_json_opts *o, int64_t n)
{
	char buf[24];
	return small(o, n) ? json_string(access_small_count((long)n, buf, sizeof buf))
			   : json_integer(n);
}

/* The counts and rates of c as fields of o. */
static int put_counts(json_t *j, const struct funnel_counts *c, const struct funnel_json_opts *o)
{
	const struct {
		const char *name;
		int64_t v;
	} counts[] = {
		{"invited", c->invited},        {"answered", c->answered},
		{"accepted", c->accepted},      {"declined", c->declined},
		{"waitlisted", c->waitlisted},  {"attended", c->attended},
		{nm(o, N_NO_SHOW), c->no_show}, {"consents", c->consents},
	};
	const struct {
		const char *rate[2], *ci[2];
		const struct funnel_rate *r;
		int64_t k;
	} rates[] = {
		{{"response_rate", "responseRate"},
		 {"response_ci", "responseCi"},
		 &c->response,
		 c->answered},
		{{"acceptance_rate", "acceptanceRate"},
		 {"acceptance_ci", "acceptanceCi"},
		 &c->acceptance,
		 c->accepted},
		{{"attendance_rate", "attendanceRate"},
		 {"attendance_ci", "attendanceCi"},
		 &c->attendance,
		 c->attended},
		{{"consent_rate", "consentRate"},
		 {"consent_ci", "consentCi"},
		 &c->consent,
		 c->consents},
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		bad |= json_object_set_new(j, counts[i].name, count(o, counts[i].v));
	for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
		const struct funnel_rate *r = rates[i].r;
		bool hide = small(o, rates[i].k) || small(o, c->invited);
		bad |= json_object_set_new(j, rates[i].rate[o->camel],
					   hide ? json_null() : json_real(r->rate));
		bad |= json_object_set_new(j, rates[i].ci[o->camel],
					   hide ? json_null()
						: json_pack("[f, f]", r->low, r->high));
	}
	return bad;
}

static json_t *group_json(const char *key_name, const char *key, const struct funnel_counts *c,
			  const struct funnel_json_opts *o)
{
	json_t *j = json_pack("{s:s}", key_name, key);
	if (j && put_counts(j, c, o) != 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *funnel_json(const struct meeting_funnel *f, const struct funnel_json_opts *o)
{
	char at[FUNNEL_JSON_AT_SIZE];
	o->format_at(f->m.at, at);
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:i, s:i}", nm(o, N_MEETING_ID),
			      (json_int_t)f->m.id, o->camel ? "organisation" : "org", f->m.org,
			      "target", f->m.target, "at", at, "location", f->m.location, "status",
			      meeting_status_name(f->m.status), "past", f->past, "capacity",
			      f->m.capacity, "variants", f->m.variants);
	if (!j || put_counts(j, &f->total, o) != 0)
		goto fail;
	json_t *exp = f->m.expect_high ? json_pack("[f, f]", f->m.expect_low / 100.0,
						   f->m.expect_high / 100.0)
				       : json_null();
	json_t *byg = json_array(), *byv = json_array();
	if (json_object_set_new(j, nm(o, N_EXPECTED), exp) != 0 ||
	    json_object_set_new(j, nm(o, N_BY_GEMEENTE), byg) != 0 ||
	    json_object_set_new(j, nm(o, N_BY_VARIANT), byv) != 0)
		goto fail;
	for (size_t i = 0; i < f->n_gemeente; i++)
		if (json_array_append_new(byg, group_json("gemeente", f->by_gemeente[i].key,
							  &f->by_gemeente[i].c, o)))
			goto fail;
	for (int v = 0; f->m.variants == 2 && v < 2; v++)
		if (json_array_append_new(byv, group_json("variant", f->by_variant[v].key,
							  &f->by_variant[v].c, o)))
			goto fail;
	return j;
fail:
	json_decref(j);
	return NULL;
}

json_t *funnel_json_array(const struct meeting_funnel *f, size_t n,
			  const struct funnel_json_opts *o)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++) {
		if (json_array_append_new(arr, funnel_json(&f[i], o)) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}
