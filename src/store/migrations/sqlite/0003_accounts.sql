-- 0003: local staff accounts and bearer tokens for systems (issue 4,
-- section 3).
--
-- user_account: one member of staff, working for one organisation in one
-- fixed role (an inwoner is never a staff account). email is the sign-in
-- name, stored lower-cased (the application checks its shape; at most 254
-- bytes). password_hash is libsodium's crypto_pwhash_str() output for
-- argon2id ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"), never the password.
-- must_change_password is set for a generated one-time password. A disabled
-- account keeps its row (audit events name it) with disabled_at set.
--
-- api_token: a bearer token of a system, acting as its user (organisation and
-- role). Only the SHA-256 of the token text is stored (32 raw bytes); the
-- token itself is shown once, when it is made.

CREATE TABLE user_account (
	id INTEGER PRIMARY KEY,
	org TEXT NOT NULL REFERENCES organisation (code),
	role TEXT NOT NULL CHECK (role IN ('uwv-adviseur', 'klantmanager', 'intake',
		'werkgeversdienstverlener', 'partner', 'beleid', 'beheer', 'auditor')),
	email TEXT NOT NULL UNIQUE
		CHECK (length(CAST(email AS BLOB)) BETWEEN 3 AND 254 AND email = lower(email)
		       AND instr(email, '@') > 1),
	password_hash TEXT NOT NULL
		CHECK (substr(password_hash, 1, 10) = '$argon2id$'
		       AND length(CAST(password_hash AS BLOB)) <= 128),
	must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
	created_at INTEGER NOT NULL,
	disabled_at INTEGER
) STRICT;

CREATE INDEX user_account_org ON user_account (org);

CREATE TABLE api_token (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES user_account (id),
	token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	created_at INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at INTEGER
) STRICT;

CREATE INDEX api_token_user ON api_token (user_id);
