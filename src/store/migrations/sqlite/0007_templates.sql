-- 0007: text templates per organisation, versioned (issue 5, section 1).
--
-- letter_template: one version of a template of an organisation: a letter
-- (invitation, reminder, follow_up, ww_ends), a presentation outline, a
-- cooperation agreement, or the organisation's letterhead (kind
-- 'letterhead', body a JSON object with the name, address, contact lines,
-- signatory and the logo in base64). The application checks the kinds, so
-- a new kind needs no migration. A version is never changed: a change is a
-- new row with version = the latest + 1 for the same (org, kind, locale,
-- variant); letters record which version they used. origin_* say where an
-- imported version came from (exporting organisation, its version, the time
-- of the export, UTC seconds); NULL for a version made here.

CREATE TABLE letter_template (
	id INTEGER PRIMARY KEY,
	org TEXT NOT NULL REFERENCES organisation (code),
	kind TEXT NOT NULL CHECK (length(CAST(kind AS BLOB)) BETWEEN 1 AND 32),
	locale TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
	variant TEXT NOT NULL DEFAULT '' CHECK (variant IN ('', 'A', 'B')),
	version INTEGER NOT NULL CHECK (version >= 1),
	body TEXT NOT NULL CHECK (length(CAST(body AS BLOB)) <= 1048576),
	created_at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	origin_org TEXT CHECK (length(CAST(origin_org AS BLOB)) BETWEEN 1 AND 32),
	origin_version INTEGER CHECK (origin_version >= 1),
	origin_at INTEGER,
	UNIQUE (org, kind, locale, variant, version)
) STRICT;

CREATE TRIGGER letter_template_no_update BEFORE UPDATE ON letter_template
BEGIN
	SELECT RAISE(ABORT, 'letter_template is append-only');
END;

CREATE TRIGGER letter_template_no_delete BEFORE DELETE ON letter_template
BEGIN
	SELECT RAISE(ABORT, 'letter_template is append-only');
END;
