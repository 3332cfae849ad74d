-- 0005: consent records (issue 4, section 4; DESIGN.md principle 6).
--
-- A municipality sees a person whose WW data a UWV team owns only once the
-- person has consented (warme overdracht) or applied themselves. A consent
-- names the person, the organisation that hands the data over (from_org,
-- the owning UWV team), the one that receives it (to_org, a municipality),
-- the purpose, when it was given, when it expires (NULL: no expiry) and
-- when it was withdrawn (NULL: not withdrawn), where it came from (source:
-- "api", "rsvp", "cli", ...) and who recorded it (actor). Rows are never
-- deleted: a withdrawal sets withdrawn_at, so the history stays.

CREATE TABLE consent (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id bigint NOT NULL REFERENCES person (id),
	from_org text COLLATE "C" NOT NULL REFERENCES organisation (code),
	to_org text COLLATE "C" NOT NULL REFERENCES organisation (code),
	purpose text NOT NULL CHECK (octet_length(purpose) BETWEEN 1 AND 200),
	given_at bigint NOT NULL,
	expires_at bigint CHECK (expires_at IS NULL OR expires_at > given_at),
	withdrawn_at bigint CHECK (withdrawn_at IS NULL OR withdrawn_at >= given_at),
	source text NOT NULL CHECK (octet_length(source) BETWEEN 1 AND 32),
	actor text NOT NULL,
	CHECK (from_org <> to_org)
);

CREATE INDEX consent_person_to ON consent (person_id, to_org);

CREATE TRIGGER consent_no_delete BEFORE DELETE OR TRUNCATE ON consent
	FOR EACH STATEMENT EXECUTE FUNCTION append_only();
