/* GET /: the start page of a signed-in member of staff. */
#include <string.h>

#include "web/page.h"

int page_start(struct req *r)
{
	enum lang l = page_lang(r);
	json_t *ctx = page_context(r, l, "start_title", "start");
	const char *note = req_query(r, "melding");
	const char *msg = note && strcmp(note, "wachtwoord") == 0 ? i18n_get(l, "pw_done") : NULL;
	if (ctx && msg && json_object_set_new(ctx, "notice", json_string(msg)) != 0) {
		json_decref(ctx);
		ctx = NULL;
	}
	return page_render(r, MHD_HTTP_OK, "start", ctx);
}
