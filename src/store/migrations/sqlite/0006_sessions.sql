-- 0006: staff sessions and sign-in throttling (issue 4, section 3).
--
-- staff_session: one signed-in browser of a member of staff. The session id
-- travels only in the cookie; the table keeps its SHA-256 (id_hash, 32 raw
-- bytes), so a copy of the database signs nobody in. csrf is the session's
-- synchronizer token (32 random bytes) that every state-changing form
-- carries. created_at bounds the absolute lifetime, last_seen_at the idle
-- time (app/session.h has the limits). Signing out deletes the row.
--
-- signin_throttle: failed sign-ins counted per key, where a key is the
-- SHA-256 of "account\0EMAIL" or "ip\0ADDRESS" (so the table never holds the
-- e-mail addresses people typed, existing or not). locked_until is the
-- moment before which no sign-in for that key is tried.

CREATE TABLE staff_session (
	id INTEGER PRIMARY KEY,
	id_hash BLOB NOT NULL UNIQUE CHECK (length(id_hash) = 32),
	user_id INTEGER NOT NULL REFERENCES user_account (id),
	csrf BLOB NOT NULL CHECK (length(csrf) = 32),
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL CHECK (last_seen_at >= created_at)
) STRICT;

CREATE INDEX staff_session_user ON staff_session (user_id);

CREATE TABLE signin_throttle (
	key BLOB PRIMARY KEY NOT NULL CHECK (length(key) = 32),
	failures INTEGER NOT NULL CHECK (failures >= 0),
	last_failure_at INTEGER NOT NULL,
	locked_until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- The werkvoorraad (store iterate_worklist) sorts by WW end (ww_benefit_end
-- exists), family name, municipality or phase, and pages by keyset: these
-- let it read routes in that order and stop after a page instead of
-- sorting them all.
CREATE INDEX person_family_name ON person (family_name, id);
CREATE INDEX route_person ON route (person_id, id);
CREATE INDEX route_gemeente ON route (gemeente, id);
CREATE INDEX route_phase ON route (phase, id);
