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
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	from_org TEXT NOT NULL REFERENCES organisation (code),
	to_org TEXT NOT NULL REFERENCES organisation (code),
	purpose TEXT NOT NULL CHECK (length(CAST(purpose AS BLOB)) BETWEEN 1 AND 200),
	given_at INTEGER NOT NULL,
	expires_at INTEGER CHECK (expires_at IS NULL OR expires_at > given_at),
	withdrawn_at INTEGER CHECK (withdrawn_at IS NULL OR withdrawn_at >= given_at),
	source TEXT NOT NULL CHECK (length(CAST(source AS BLOB)) BETWEEN 1 AND 32),
	actor TEXT NOT NULL,
	CHECK (from_org <> to_org)
) STRICT;

CREATE INDEX consent_person_to ON consent (person_id, to_org);

CREATE TRIGGER consent_no_delete BEFORE DELETE ON consent
BEGIN
	SELECT RAISE(ABORT, 'consent rows are never deleted');
END;
