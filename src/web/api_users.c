/* GET /api/v1/users: the staff accounts of the caller's organisation, for
 * its beheer role (access_decide: ACCESS_READ_USERS), audited; cursor
 * pagination by account id. Never a password hash. */
#include <stdio.h>

#include "app/route.h"
#include "web/api.h"
#include "web/input.h"
#include "web/problem.h"

static const struct input_field query_fields[] = {
	INPUT_CURSOR_FIELD,
	INPUT_LIMIT_FIELD(INPUT_LIMIT_MAX),
};
const struct input_spec api_users_query = {query_fields, 2};

struct page {
	json_t *items;
	int64_t n, last;
};

static int on_user(void *cls, const struct store_user *u)
{
	struct page *p = cls;
	json_t *j =
		json_pack("{s:I, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)u->id, "email",
			  u->email, "organisation", u->org, "role", u->role, "mustChangePassword",
			  u->must_change_password, "disabled", u->disabled_at != 0);
	if (!j || json_array_append_new(p->items, j) != 0)
		return -1;
	p->n++;
	p->last = u->id;
	return 0;
}

int api_users_list(struct req *r)
{
	struct input_value q[2];
	struct input_problems pr;
	char err[256];
	if (req_query_input(r, &api_users_query, q, &pr) != 0)
		return reply_invalid(r, &pr);
	struct page p = {.items = json_array()};
	int64_t limit = q[1].present ? q[1].i : INPUT_LIMIT_DEFAULT;
	if (!p.items)
		return reply_internal(r, "out of memory");
	int rc = app_user_list(req_app(r), r->who.org,
			       q[0].present ? input_cursor_decode(q[0].s) : 0, limit, on_user, &p,
			       err, sizeof err);
	if (rc != APP_OK) {
		json_decref(p.items);
		return reply_app_status(r, rc, err);
	}
	json_t *links = json_pack("{s:{s:s}}", "self", "href", "/api/v1/users");
	if (links && p.n == limit) {
		char cursor[24], href[96];
		input_cursor_encode(p.last, cursor, sizeof cursor);
		snprintf(href, sizeof href, "/api/v1/users?cursor=%s&limit=%lld", cursor,
			 (long long)limit);
		json_object_set_new(links, "next", json_pack("{s:s}", "href", href));
	}
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:o, s:o}", "items", p.items, "_links", links));
}
