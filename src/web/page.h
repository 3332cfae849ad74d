/* Server-rendered staff pages: Mustache templates (templates/pages/, carried
 * in the binary) rendered by render/tmpl.c, which escapes every {{value}};
 * the templates never use the raw forms {{{ }}} or {{& }}.
 *
 * Language: Dutch, or English when chosen. ?lang=en (or nl) on any page
 * switches and remembers the choice in the "lang" cookie (a year); the
 * page's <html lang> follows. Every word comes from web/i18n.c.
 *
 * Pages are sent with their own Content-Security-Policy (PAGE_CSP): styles
 * and scripts only from this server's /static/ files, no inline script or
 * style, forms only to this server, no framing. */
#ifndef OVERSTAP_WEB_PAGE_H
#define OVERSTAP_WEB_PAGE_H

#include <jansson.h>

#include "web/i18n.h"
#include "web/req.h"

#define PAGE_CSP                                                                                   \
	"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "          \
	"font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/* The request's language (query, then cookie, then Dutch); a choice made
 * in the query is remembered in the cookie. */
enum lang page_lang(struct req *r);

/* A new page context: lang, t (the words), the signed-in user and the
 * session's CSRF token and expiry, the stylesheets, the navigation with
 * nav_current marked, and title (the text of title_key). The caller adds
 * the page's own values and hands it to page_render. NULL when out of
 * memory. */
json_t *page_context(struct req *r, enum lang l, const char *title_key, const char *nav_current);

/* Renders templates/pages/NAME.mustache with ctx (taken) and queues it as
 * text/html. */
int page_render(struct req *r, unsigned status, const char *name, json_t *ctx);

/* 303 See Other to location (a path of this server). */
int page_redirect(struct req *r, const char *location);

/* An error page: status with the text of message_key. */
int page_error(struct req *r, unsigned status, const char *message_key);

/* Whether the form holds the session's CSRF token (false without a session
 * or a form). */
bool page_csrf_ok(struct req *r);

/* Ends the form body for a POST handler: false when it was bad (the
 * handler answers 400 with page_error). */
bool page_form_ok(struct req *r);

/* "HH:MM" of the moment t in the Netherlands. */
void page_clock(int64_t t, char out[6]);

/* The handlers (one file each: page_<name>.c). */
int page_static(struct req *r);        /* GET /static/{file} */
int page_start(struct req *r);         /* GET / */
int page_signin_form(struct req *r);   /* GET /inloggen */
int page_signin(struct req *r);        /* POST /inloggen */
int page_signout(struct req *r);       /* POST /uitloggen */
int page_password_form(struct req *r); /* GET /wachtwoord */
int page_password(struct req *r);      /* POST /wachtwoord */
int page_extend(struct req *r);        /* POST /sessie/verlengen */
int page_worklist(struct req *r);      /* GET /werkvoorraad */
int page_import_form(struct req *r);   /* GET /import */
int page_import(struct req *r);        /* POST /import */
/* The residents' RSVP pages (page_rsvp.c; public, no account). */
int page_rsvp_start(struct req *r); /* GET /uitnodiging */
int page_rsvp(struct req *r);       /* GET /uitnodiging/{code} */
int page_rsvp_post(struct req *r);  /* POST /uitnodiging/{code} */
int page_rsvp_ics(struct req *r);   /* GET /uitnodiging/{code}/bijeenkomst.ics */

/* The route page (page_route.c) and the meeting pages (page_meeting.c). */
int page_route(struct req *r);           /* GET /trajecten/{id} */
int page_route_post(struct req *r);      /* POST /trajecten/{id} */
int page_meetings(struct req *r);        /* GET /bijeenkomsten */
int page_meeting(struct req *r);         /* GET /bijeenkomsten/{id} */
int page_attendance_form(struct req *r); /* GET /bijeenkomsten/{id}/aanwezigheid */
int page_attendance(struct req *r);      /* POST /bijeenkomsten/{id}/aanwezigheid */

#endif
