/* The caller's callback and its closure, handed by a backend's row iteration
 * (sq_each_row, pg_each_row) to the row function of one kind of row, which
 * calls the member of its own kind. Internal to the store backends. */
#ifndef OVERSTAP_STORE_EACH_H
#define OVERSTAP_STORE_EACH_H

#include "store/store.h"

struct store_each {
	union {
		store_org_cb org;
		store_ww_cb ww;
		store_audit_cb audit;
		store_user_cb user;
		store_event_cb event;
		store_meeting_cb meeting;
		store_target_cb target;
		store_invitee_cb invitee;
		store_meeting_event_cb meeting_event;
		store_worklist_cb worklist;
		store_template_cb template;
	} cb;
	void *cls;
};

#endif
