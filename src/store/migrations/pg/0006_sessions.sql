-- 0006: staff sessions and sign-in throttling (PostgreSQL dialect of
-- migrations/sqlite/0006_sessions.sql; the comments there say what the
-- columns mean). Hashes and tokens are raw 32-byte bytea.

CREATE TABLE staff_session (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id_hash bytea NOT NULL UNIQUE CHECK (octet_length(id_hash) = 32),
	user_id bigint NOT NULL REFERENCES user_account (id),
	csrf bytea NOT NULL CHECK (octet_length(csrf) = 32),
	created_at bigint NOT NULL,
	last_seen_at bigint NOT NULL CHECK (last_seen_at >= created_at)
);

CREATE INDEX staff_session_user ON staff_session (user_id);

CREATE TABLE signin_throttle (
	key bytea PRIMARY KEY CHECK (octet_length(key) = 32),
	failures bigint NOT NULL CHECK (failures >= 0),
	last_failure_at bigint NOT NULL,
	locked_until bigint NOT NULL
);

-- The werkvoorraad (store iterate_worklist) sorts by WW end (ww_benefit_end
-- exists), family name, municipality or phase, and pages by keyset: these
-- let it read routes in that order and stop after a page instead of
-- sorting them all.
CREATE INDEX person_family_name ON person (family_name, id);
CREATE INDEX route_person ON route (person_id, id);
CREATE INDEX route_gemeente ON route (gemeente, id);
CREATE INDEX route_phase ON route (phase, id);
