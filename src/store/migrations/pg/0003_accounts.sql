-- 0003: local staff accounts and bearer tokens for systems (PostgreSQL
-- dialect of migrations/sqlite/0003_accounts.sql; the comments there say
-- what the columns mean). token_hash is the raw 32-byte SHA-256 as bytea.

CREATE TABLE user_account (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	org text COLLATE "C" NOT NULL REFERENCES organisation (code),
	role text NOT NULL CHECK (role IN ('uwv-adviseur', 'klantmanager', 'intake',
		'werkgeversdienstverlener', 'partner', 'beleid', 'beheer', 'auditor')),
	email text COLLATE "C" NOT NULL UNIQUE
		CHECK (octet_length(email) BETWEEN 3 AND 254 AND email = lower(email)
		       AND strpos(email, '@') > 1),
	password_hash text NOT NULL
		CHECK (substr(password_hash, 1, 10) = '$argon2id$'
		       AND octet_length(password_hash) <= 128),
	must_change_password boolean NOT NULL DEFAULT false,
	created_at bigint NOT NULL,
	disabled_at bigint
);

CREATE INDEX user_account_org ON user_account (org);

CREATE TABLE api_token (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id bigint NOT NULL REFERENCES user_account (id),
	token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
	created_at bigint NOT NULL,
	last_used_at bigint,
	revoked_at bigint
);

CREATE INDEX api_token_user ON api_token (user_id);
