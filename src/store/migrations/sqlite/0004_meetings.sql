-- 0004: information meetings, invitations and their events (issue 5,
-- sections 3 and 4).
--
-- meeting: organised by one organisation for the routes of one target
-- municipality whose WW ends in [ww_end_from, ww_end_to]. at is the start in
-- UTC seconds. seed is the random seed the letter variants were assigned
-- from (recorded, so an assignment can be reproduced). expect_low and
-- expect_high are the expected turnout in percent (both NULL when not set).
-- revision counts the changes (moved, cancelled): the calendar SEQUENCE.
--
-- meeting_presenter: the organisations presenting (UWV, municipality,
-- partner).
--
-- invitation: one per (meeting, route). code_index is a keyed hash of the
-- RSVP code (app/rsvp_code.h); the code itself is never stored. gemeente is
-- the person's municipality when invited. response is the current answer;
-- attended_at is set when attendance was registered. These are the current
-- state for the RSVP page; the funnel is counted from route_event rows,
-- which now name their meeting (meeting_id) when they belong to one.

CREATE TABLE meeting (
	id INTEGER PRIMARY KEY,
	org TEXT NOT NULL REFERENCES organisation (code),
	at INTEGER NOT NULL,
	location TEXT NOT NULL CHECK (length(CAST(location AS BLOB)) BETWEEN 1 AND 200),
	capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
	target TEXT NOT NULL REFERENCES organisation (code),
	ww_end_from TEXT NOT NULL
		CHECK (length(ww_end_from) = 10 AND ww_end_from BETWEEN '1000-01-01' AND '9999-12-31'),
	ww_end_to TEXT NOT NULL
		CHECK (length(ww_end_to) = 10 AND ww_end_to BETWEEN '1000-01-01' AND '9999-12-31'),
	variants INTEGER NOT NULL DEFAULT 1 CHECK (variants IN (1, 2)),
	seed INTEGER NOT NULL,
	expect_low INTEGER CHECK (expect_low BETWEEN 0 AND 100),
	expect_high INTEGER CHECK (expect_high BETWEEN 0 AND 100),
	status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled')),
	revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	CHECK (ww_end_to >= ww_end_from),
	CHECK ((expect_low IS NULL) = (expect_high IS NULL) AND expect_low <= expect_high)
) STRICT;

CREATE INDEX meeting_org_at ON meeting (org, at);

CREATE TABLE meeting_presenter (
	meeting_id INTEGER NOT NULL REFERENCES meeting (id),
	org TEXT NOT NULL REFERENCES organisation (code),
	PRIMARY KEY (meeting_id, org)
) STRICT, WITHOUT ROWID;

CREATE TABLE invitation (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting (id),
	route_id INTEGER NOT NULL REFERENCES route (id),
	gemeente TEXT NOT NULL REFERENCES organisation (code),
	variant TEXT NOT NULL CHECK (variant IN ('A', 'B')),
	code_index BLOB NOT NULL UNIQUE CHECK (length(code_index) = 16),
	response TEXT NOT NULL DEFAULT 'none'
		CHECK (response IN ('none', 'accepted', 'declined', 'waitlisted')),
	responded_at INTEGER,
	attended_at INTEGER,
	created_at INTEGER NOT NULL,
	UNIQUE (meeting_id, route_id)
) STRICT;

CREATE INDEX invitation_route ON invitation (route_id);

ALTER TABLE route_event ADD COLUMN meeting_id INTEGER REFERENCES meeting (id);

CREATE INDEX route_event_meeting ON route_event (meeting_id, route_id) WHERE meeting_id IS NOT NULL;
