-- 0001: the first schema (PostgreSQL dialect of migrations/sqlite/0001_init.sql).
--
-- Applied by src/store/pg/pg_migrate.c inside its own transaction, under an
-- advisory lock: no BEGIN/COMMIT here. Civil dates are date; moments are
-- bigint UTC seconds, as in SQLite. Codes and keys are COLLATE "C", so that
-- they sort byte by byte as in SQLite whatever the database's locale (the app
-- binary-searches organisation codes in the order the store returns them).

-- Settings of this database (key fingerprint, ...).
CREATE TABLE meta (
	key text COLLATE "C" PRIMARY KEY,
	value text NOT NULL
);

-- Municipalities (GMxxxx), UWV teams and partners. werkwijze is the
-- organisation's configuration as a JSON object.
CREATE TABLE organisation (
	code text COLLATE "C" PRIMARY KEY CHECK (octet_length(code) BETWEEN 1 AND 32),
	kind text COLLATE "C" NOT NULL CHECK (kind IN ('gemeente', 'uwv', 'partner')),
	name text NOT NULL CHECK (octet_length(name) <= 128),
	window_months integer NOT NULL DEFAULT 3 CHECK (window_months BETWEEN 3 AND 6),
	werkwijze jsonb NOT NULL DEFAULT '{}',
	created_at bigint NOT NULL DEFAULT floor(extract(epoch FROM now()))::bigint
);

-- A person, found by the keyed hash of the BSN; the BSN itself only encrypted.
CREATE TABLE person (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	bsn_index bytea NOT NULL UNIQUE CHECK (octet_length(bsn_index) = 16),
	bsn_enc bytea NOT NULL CHECK (octet_length(bsn_enc) BETWEEN 1 AND 64),
	family_name text NOT NULL,
	given_names text,
	birth_date date NOT NULL CHECK (birth_date BETWEEN '1000-01-01' AND '9999-12-31'),
	postcode text,
	house_number text,
	gemeente text COLLATE "C" NOT NULL REFERENCES organisation (code),
	email text,
	phone text,
	language text,
	created_at bigint NOT NULL,
	updated_at bigint NOT NULL
);

-- One import of a file; finished_at stays NULL until the import completed.
CREATE TABLE import_run (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind text COLLATE "C" NOT NULL,
	file_name text NOT NULL,
	sha256 text COLLATE "C" NOT NULL CHECK (octet_length(sha256) = 64),
	org text COLLATE "C" NOT NULL REFERENCES organisation (code),
	actor text NOT NULL,
	started_at bigint NOT NULL,
	finished_at bigint,
	rows_total bigint NOT NULL DEFAULT 0 CHECK (rows_total >= 0),
	rows_inserted bigint NOT NULL DEFAULT 0 CHECK (rows_inserted >= 0),
	rows_updated bigint NOT NULL DEFAULT 0 CHECK (rows_updated >= 0),
	rows_unchanged bigint NOT NULL DEFAULT 0 CHECK (rows_unchanged >= 0),
	rows_rejected bigint NOT NULL DEFAULT 0 CHECK (rows_rejected >= 0)
);

CREATE INDEX import_run_file ON import_run (kind, org, sha256);

-- A WW benefit, owned by a UWV team. import_id is the import that inserted or
-- last changed it (NULL when that was not an import). daily_wage_cents is NULL
-- when unknown.
CREATE TABLE ww_benefit (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id bigint NOT NULL REFERENCES person (id),
	org text COLLATE "C" NOT NULL REFERENCES organisation (code),
	start_date date NOT NULL CHECK (start_date BETWEEN '1000-01-01' AND '9999-12-31'),
	end_date date NOT NULL CHECK (end_date BETWEEN '1000-01-01' AND '9999-12-31'),
	daily_wage_cents bigint CHECK (daily_wage_cents >= 0),
	import_id bigint REFERENCES import_run (id),
	UNIQUE (person_id, org, start_date),
	CHECK (end_date > start_date)
);

CREATE INDEX ww_benefit_end ON ww_benefit (end_date);

-- The case of one benefit's Max-WW route.
CREATE TABLE route (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	benefit_id bigint NOT NULL UNIQUE REFERENCES ww_benefit (id),
	person_id bigint NOT NULL REFERENCES person (id),
	org text COLLATE "C" NOT NULL REFERENCES organisation (code),
	gemeente text COLLATE "C" NOT NULL REFERENCES organisation (code),
	phase text COLLATE "C" NOT NULL,
	opened_on date NOT NULL CHECK (opened_on BETWEEN '1000-01-01' AND '9999-12-31'),
	opened_at bigint NOT NULL
);

CREATE INDEX route_org_phase ON route (org, phase);

-- Refuses to change or remove rows of an append-only table.
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;

-- Every step of a route; append-only.
CREATE TABLE route_event (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	route_id bigint NOT NULL REFERENCES route (id),
	at bigint NOT NULL,
	kind text COLLATE "C" NOT NULL,
	actor text NOT NULL,
	data jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX route_event_route ON route_event (route_id, kind);

CREATE TRIGGER route_event_no_update BEFORE UPDATE OR DELETE ON route_event
	FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER route_event_no_truncate BEFORE TRUNCATE ON route_event
	FOR EACH STATEMENT EXECUTE FUNCTION append_only();

-- Who read or changed personal data, when, why, and whether it was allowed;
-- append-only (a later migration adds a hash chain). org and role are plain
-- text, not references: a denied attempt by an unknown party is recorded too.
CREATE TABLE audit_event (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at bigint NOT NULL,
	actor text NOT NULL,
	org text,
	role text,
	action text NOT NULL,
	object_type text NOT NULL,
	object_id text NOT NULL,
	purpose text NOT NULL,
	outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied'))
);

CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
	FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
	FOR EACH STATEMENT EXECUTE FUNCTION append_only();
