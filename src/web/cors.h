/* CORS with an origin allowlist (/core/transport/cors): `overstap serve
 * --cors-origin https://app.example.nl` (repeatable). Without the option no
 * CORS header is sent at all (browsers then refuse cross-origin calls);
 * with it, a request whose Origin is on the list exactly gets
 * Access-Control-Allow-Origin with that origin and Vary: Origin, and a
 * preflight (OPTIONS with Access-Control-Request-Method) for a known path
 * gets 204 with the methods the path has. Credentials (cookies) are never
 * allowed cross-origin: the API takes bearer tokens. The OpenAPI document
 * is open to every origin ("*"). */
#ifndef OVERSTAP_WEB_CORS_H
#define OVERSTAP_WEB_CORS_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

#define CORS_MAX_ORIGINS 16
#define CORS_ORIGIN_MAX 255

struct req;

/* Whether origin is a well-formed origin for --cors-origin:
 * "http(s)://host[:port]" without a path. */
bool cors_origin_valid(const char *origin);

/* Copies the request's Origin into r->origin when it is on the list. */
void cors_note_origin(struct req *r);

/* Answers a CORS preflight for an allowed origin and a known path; returns
 * true when a reply was queued (*rc set). */
bool cors_preflight(struct req *r, const char *url, enum MHD_Result *rc);

#endif
