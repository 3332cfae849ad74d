/* POST /uitloggen (sign out) and POST /sessie/verlengen (extend the
 * session before its idle timeout; the page script offers it, and the
 * header of every page has the button too). */
#include <string.h>

#include "web/form.h"
#include "web/page.h"
#include "web/session.h"

int page_signout(struct req *r)
{
	if (!page_form_ok(r))
		return page_error(r, MHD_HTTP_BAD_REQUEST, "err_bad_form");
	if (!page_csrf_ok(r))
		return page_error(r, MHD_HTTP_FORBIDDEN, "form_stale");
	if (app_session_signout(req_app(r), req_cookie(r, session_cookie_name(r)), app_now()) !=
	    APP_OK)
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "err_server");
	session_cookie_put(r, session_cookie_name(r), "", 0);
	return page_redirect(r, "/inloggen?reden=uit");
}

/* Where "back" may go: one of our own pages, never another site. */
static bool local_path(const char *p)
{
	if (!p || p[0] != '/' || p[1] == '/' || strlen(p) > 512)
		return false;
	for (const char *c = p; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || strchr("/_-.?=&", *c)))
			return false;
	return true;
}

int page_extend(struct req *r)
{
	if (!page_form_ok(r))
		return page_error(r, MHD_HTTP_BAD_REQUEST, "err_bad_form");
	if (!page_csrf_ok(r))
		return page_error(r, MHD_HTTP_FORBIDDEN, "form_stale");
	if (!req_session_cookie(r, true))
		return page_redirect(r, "/inloggen?reden=verlopen");
	const char *back = form_get(r->form, "terug");
	return page_redirect(r, local_path(back) ? back : "/");
}
