-- 0002: the audit log becomes a hash chain (PostgreSQL dialect of
-- migrations/sqlite/0002_audit_chain.sql; the comments there say what the
-- columns mean). Hashes are raw 32-byte bytea. Events from before this
-- migration keep seq, prev_hash and row_hash NULL (legacy events); every
-- event inserted from now on must be chained.
--
-- The UNIQUE constraint on seq makes a fork impossible: two transactions
-- that both extend the chain from the same tail cannot both commit (under
-- SERIALIZABLE one normally fails with 40001 first; the unique violation is
-- the backstop).

ALTER TABLE audit_event
	ADD COLUMN request_id text
		CHECK (request_id IS NULL OR octet_length(request_id) BETWEEN 1 AND 128),
	ADD COLUMN seq bigint CHECK (seq >= 1),
	ADD COLUMN prev_hash bytea CHECK (octet_length(prev_hash) = 32),
	ADD COLUMN row_hash bytea CHECK (octet_length(row_hash) = 32),
	ADD CONSTRAINT audit_event_seq UNIQUE (seq),
	ADD CONSTRAINT audit_event_chain_complete
		CHECK ((seq IS NULL) = (prev_hash IS NULL) AND (seq IS NULL) = (row_hash IS NULL));

CREATE INDEX audit_event_at ON audit_event (at);

-- Refuses an audit event without its place in the chain.
CREATE FUNCTION audit_event_chained() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.seq IS NULL THEN
		RAISE EXCEPTION 'audit_event rows must be chained (seq, prev_hash, row_hash)'
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER audit_event_chained BEFORE INSERT ON audit_event
	FOR EACH ROW EXECUTE FUNCTION audit_event_chained();
