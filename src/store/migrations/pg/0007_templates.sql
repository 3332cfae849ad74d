-- 0007: text templates per organisation, versioned (PostgreSQL dialect of
-- migrations/sqlite/0007_templates.sql; the comments there say what the
-- columns mean).

CREATE TABLE letter_template (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org text COLLATE "C" NOT NULL REFERENCES organisation (code),
	kind text COLLATE "C" NOT NULL CHECK (octet_length(kind) BETWEEN 1 AND 32),
	locale text COLLATE "C" NOT NULL CHECK (locale IN ('nl', 'en')),
	variant text COLLATE "C" NOT NULL DEFAULT '' CHECK (variant IN ('', 'A', 'B')),
	version bigint NOT NULL CHECK (version >= 1),
	body text NOT NULL CHECK (octet_length(body) <= 1048576),
	created_at bigint NOT NULL,
	actor text NOT NULL,
	origin_org text CHECK (octet_length(origin_org) BETWEEN 1 AND 32),
	origin_version bigint CHECK (origin_version >= 1),
	origin_at bigint,
	UNIQUE (org, kind, locale, variant, version)
);

CREATE TRIGGER letter_template_no_update BEFORE UPDATE OR DELETE ON letter_template
	FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER letter_template_no_truncate BEFORE TRUNCATE ON letter_template
	FOR EACH STATEMENT EXECUTE FUNCTION append_only();
