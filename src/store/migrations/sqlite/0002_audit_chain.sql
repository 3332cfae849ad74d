-- 0002: the audit log becomes a hash chain (issue 4, section 5).
--
-- Each event gets its place in the chain (seq, 1, 2, 3, ... without gaps),
-- the row_hash of the event before it (prev_hash; 32 zero bytes for seq 1)
-- and its own row_hash: SHA-256 over prev_hash and a canonical encoding of
-- the event, computed by the application (src/app/audit.h defines it). The
-- hashes are raw 32-byte BLOBs. request_id names the request (HTTP, later)
-- that caused the event; NULL from the command line.
--
-- Events written before this migration keep seq, prev_hash and row_hash
-- NULL: they are "legacy" events from before the chain. `overstap audit
-- verify` counts them and checks the chain from seq 1 on. Every event
-- inserted from now on must be chained (trigger below).
--
-- SQLite cannot add a UNIQUE column, so uniqueness of seq is a unique index
-- (NULLs, the legacy events, do not collide).

ALTER TABLE audit_event ADD COLUMN request_id TEXT
	CHECK (request_id IS NULL OR length(CAST(request_id AS BLOB)) BETWEEN 1 AND 128);
ALTER TABLE audit_event ADD COLUMN seq INTEGER CHECK (seq IS NULL OR seq >= 1);
ALTER TABLE audit_event ADD COLUMN prev_hash BLOB
	CHECK (prev_hash IS NULL OR length(prev_hash) = 32);
ALTER TABLE audit_event ADD COLUMN row_hash BLOB
	CHECK (row_hash IS NULL OR length(row_hash) = 32);

CREATE UNIQUE INDEX audit_event_seq ON audit_event (seq);
CREATE INDEX audit_event_at ON audit_event (at);

CREATE TRIGGER audit_event_chained BEFORE INSERT ON audit_event
WHEN NEW.seq IS NULL OR NEW.prev_hash IS NULL OR NEW.row_hash IS NULL
BEGIN
	SELECT RAISE(ABORT, 'audit_event rows must be chained (seq, prev_hash, row_hash)');
END;
