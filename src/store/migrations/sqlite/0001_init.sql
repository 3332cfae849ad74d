-- 0001: the first schema (SQLite dialect).
--
-- Applied by src/store/sqlite/sq_migrate.c inside its own transaction: no
-- BEGIN/COMMIT and no PRAGMA here. Civil dates are ISO text 'YYYY-MM-DD'
-- (they sort and compare as dates); moments are INTEGER UTC seconds. Every
-- table is STRICT, so a value of the wrong type is refused, not converted.

-- Settings of this database (key fingerprint, ...).
CREATE TABLE meta (
	key TEXT PRIMARY KEY NOT NULL,
	value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Municipalities (GMxxxx), UWV teams and partners. werkwijze is the
-- organisation's configuration as a JSON object.
CREATE TABLE organisation (
	code TEXT PRIMARY KEY NOT NULL CHECK (length(CAST(code AS BLOB)) BETWEEN 1 AND 32),
	kind TEXT NOT NULL CHECK (kind IN ('gemeente', 'uwv', 'partner')),
	name TEXT NOT NULL CHECK (length(CAST(name AS BLOB)) <= 128),
	window_months INTEGER NOT NULL DEFAULT 3 CHECK (window_months BETWEEN 3 AND 6),
	werkwijze TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(werkwijze)),
	created_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

-- A person, found by the keyed hash of the BSN; the BSN itself only encrypted.
CREATE TABLE person (
	id INTEGER PRIMARY KEY,
	bsn_index BLOB NOT NULL UNIQUE CHECK (length(bsn_index) = 16),
	bsn_enc BLOB NOT NULL CHECK (length(bsn_enc) BETWEEN 1 AND 64),
	family_name TEXT NOT NULL,
	given_names TEXT,
	birth_date TEXT NOT NULL
		CHECK (length(birth_date) = 10 AND birth_date BETWEEN '1000-01-01' AND '9999-12-31'),
	postcode TEXT,
	house_number TEXT,
	gemeente TEXT NOT NULL REFERENCES organisation (code),
	email TEXT,
	phone TEXT,
	language TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

-- One import of a file; finished_at stays NULL until the import completed.
CREATE TABLE import_run (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	file_name TEXT NOT NULL,
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	org TEXT NOT NULL REFERENCES organisation (code),
	actor TEXT NOT NULL,
	started_at INTEGER NOT NULL,
	finished_at INTEGER,
	rows_total INTEGER NOT NULL DEFAULT 0 CHECK (rows_total >= 0),
	rows_inserted INTEGER NOT NULL DEFAULT 0 CHECK (rows_inserted >= 0),
	rows_updated INTEGER NOT NULL DEFAULT 0 CHECK (rows_updated >= 0),
	rows_unchanged INTEGER NOT NULL DEFAULT 0 CHECK (rows_unchanged >= 0),
	rows_rejected INTEGER NOT NULL DEFAULT 0 CHECK (rows_rejected >= 0)
) STRICT;

CREATE INDEX import_run_file ON import_run (kind, org, sha256);

-- A WW benefit, owned by a UWV team. import_id is the import that inserted or
-- last changed it (NULL when that was not an import). daily_wage_cents is NULL
-- when unknown.
CREATE TABLE ww_benefit (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	org TEXT NOT NULL REFERENCES organisation (code),
	start_date TEXT NOT NULL
		CHECK (length(start_date) = 10 AND start_date BETWEEN '1000-01-01' AND '9999-12-31'),
	end_date TEXT NOT NULL
		CHECK (length(end_date) = 10 AND end_date BETWEEN '1000-01-01' AND '9999-12-31'),
	daily_wage_cents INTEGER CHECK (daily_wage_cents >= 0),
	import_id INTEGER REFERENCES import_run (id),
	UNIQUE (person_id, org, start_date),
	CHECK (end_date > start_date)
) STRICT;

CREATE INDEX ww_benefit_end ON ww_benefit (end_date);

-- The case of one benefit's Max-WW route.
CREATE TABLE route (
	id INTEGER PRIMARY KEY,
	benefit_id INTEGER NOT NULL UNIQUE REFERENCES ww_benefit (id),
	person_id INTEGER NOT NULL REFERENCES person (id),
	org TEXT NOT NULL REFERENCES organisation (code),
	gemeente TEXT NOT NULL REFERENCES organisation (code),
	phase TEXT NOT NULL,
	opened_on TEXT NOT NULL
		CHECK (length(opened_on) = 10 AND opened_on BETWEEN '1000-01-01' AND '9999-12-31'),
	opened_at INTEGER NOT NULL
) STRICT;

CREATE INDEX route_org_phase ON route (org, phase);

-- Every step of a route; append-only.
CREATE TABLE route_event (
	id INTEGER PRIMARY KEY,
	route_id INTEGER NOT NULL REFERENCES route (id),
	at INTEGER NOT NULL,
	kind TEXT NOT NULL,
	actor TEXT NOT NULL,
	data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data))
) STRICT;

CREATE INDEX route_event_route ON route_event (route_id, kind);

CREATE TRIGGER route_event_no_update BEFORE UPDATE ON route_event
BEGIN
	SELECT RAISE(ABORT, 'route_event is append-only');
END;

CREATE TRIGGER route_event_no_delete BEFORE DELETE ON route_event
BEGIN
	SELECT RAISE(ABORT, 'route_event is append-only');
END;

-- Who read or changed personal data, when, why, and whether it was allowed;
-- append-only (a later migration adds a hash chain). org and role are plain
-- text, not references: a denied attempt by an unknown party is recorded too.
CREATE TABLE audit_event (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	org TEXT,
	role TEXT,
	action TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id TEXT NOT NULL,
	purpose TEXT NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied'))
) STRICT;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
	SELECT RAISE(ABORT, 'audit_event is append-only');
END;

CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
	SELECT RAISE(ABORT, 'audit_event is append-only');
END;
