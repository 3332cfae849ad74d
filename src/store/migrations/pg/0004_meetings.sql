-- 0004: information meetings, invitations and their events (PostgreSQL
-- dialect of migrations/sqlite/0004_meetings.sql; the comments there say
-- what the columns mean). code_index is the raw 16-byte keyed hash as bytea.

CREATE TABLE meeting (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org text COLLATE "C" NOT NULL REFERENCES organisation (code),
	at bigint NOT NULL,
	location text NOT NULL CHECK (octet_length(location) BETWEEN 1 AND 200),
	capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
	target text COLLATE "C" NOT NULL REFERENCES organisation (code),
	ww_end_from date NOT NULL CHECK (ww_end_from BETWEEN '1000-01-01' AND '9999-12-31'),
	ww_end_to date NOT NULL CHECK (ww_end_to BETWEEN '1000-01-01' AND '9999-12-31'),
	variants integer NOT NULL DEFAULT 1 CHECK (variants IN (1, 2)),
	seed bigint NOT NULL,
	expect_low integer CHECK (expect_low BETWEEN 0 AND 100),
	expect_high integer CHECK (expect_high BETWEEN 0 AND 100),
	status text COLLATE "C" NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled')),
	revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0),
	created_at bigint NOT NULL,
	created_by text NOT NULL,
	CHECK (ww_end_to >= ww_end_from),
	CHECK ((expect_low IS NULL) = (expect_high IS NULL) AND expect_low <= expect_high)
);

CREATE INDEX meeting_org_at ON meeting (org, at);

CREATE TABLE meeting_presenter (
	meeting_id bigint NOT NULL REFERENCES meeting (id),
	org text COLLATE "C" NOT NULL REFERENCES organisation (code),
	PRIMARY KEY (meeting_id, org)
);

CREATE TABLE invitation (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	meeting_id bigint NOT NULL REFERENCES meeting (id),
	route_id bigint NOT NULL REFERENCES route (id),
	gemeente text COLLATE "C" NOT NULL REFERENCES organisation (code),
	variant text COLLATE "C" NOT NULL CHECK (variant IN ('A', 'B')),
	code_index bytea NOT NULL UNIQUE CHECK (octet_length(code_index) = 16),
	response text COLLATE "C" NOT NULL DEFAULT 'none'
		CHECK (response IN ('none', 'accepted', 'declined', 'waitlisted')),
	responded_at bigint,
	attended_at bigint,
	created_at bigint NOT NULL,
	UNIQUE (meeting_id, route_id)
);

CREATE INDEX invitation_route ON invitation (route_id);

ALTER TABLE route_event ADD COLUMN meeting_id bigint REFERENCES meeting (id);

CREATE INDEX route_event_meeting ON route_event (meeting_id, route_id) WHERE meeting_id IS NOT NULL;
