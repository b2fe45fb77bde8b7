-- The append-only table the PostgreSQL forwarder writes sealed trail lines
-- into, its guard triggers and the writer role (docs/collector-postgres.md).
--
-- Run once, as the role that is to own the table (not as the writer):
--   psql -v ON_ERROR_STOP=1 -f schema.sql
-- The table lands in the first schema of search_path; for another schema:
--   psql -v ON_ERROR_STOP=1 -c 'SET search_path = audit' -f schema.sql
-- and give the forwarder `table = audit.trailguard_events`. The file uses
-- no psql meta-commands, so any client that runs SQL scripts can run it.
-- It is safe to run again: what exists is kept.

BEGIN;
-- No NOTICEs for what already exists or is about to be replaced.
SET LOCAL client_min_messages = warning;

CREATE TABLE IF NOT EXISTS trailguard_events (
  -- Which trail (one collector's trail id); many trails can share a table.
  trail text NOT NULL CHECK (trail <> ''),
  seq bigint NOT NULL CHECK (seq > 0),
  -- The event name, for queries; '' when the line has none.
  event text NOT NULL,
  -- The exact bytes the chain covers: the line up to `,"chain":`.
  -- chain_N = sha256(chain_{N-1} || record), so it must be stored verbatim
  -- (the database encoding must be UTF8; see verify.sql).
  record text NOT NULL CONSTRAINT trailguard_events_record_starts_with_seq
    CHECK (starts_with(record, '{"seq":' || seq::text || ',')),
  -- 64 lowercase hex digits. Not a regular expression: a regex match costs
  -- more than the rest of a row's insert; decode() refuses anything but hex
  -- digits (and whitespace, which the length excludes), lower() capitals.
  chain text NOT NULL CONSTRAINT trailguard_events_chain_check
    CHECK (octet_length(chain) = 64 AND octet_length(decode(chain, 'hex')) = 32
           AND chain = lower(chain COLLATE "C")),
  mac text NOT NULL CONSTRAINT trailguard_events_mac_check
    CHECK (octet_length(mac) = 64 AND octet_length(decode(mac, 'hex')) = 32
           AND mac = lower(mac COLLATE "C")),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (trail, seq)
);
-- The line as the trail file holds it (without '\n') is not stored twice:
-- it is record || ',"chain":"' || chain || '","mac":"' || mac || '"}';
-- trailguard_export_lines() in verify.sql rebuilds it.

-- Tables created by earlier versions check chain and mac with a regular
-- expression: the same rule, replaced once by the faster one above.
DO $$
DECLARE
  column_name text;
BEGIN
  FOREACH column_name IN ARRAY ARRAY['chain', 'mac'] LOOP
    IF EXISTS (SELECT FROM pg_constraint
               WHERE conrelid = 'trailguard_events'::regclass
                 AND conname = 'trailguard_events_' || column_name || '_check'
                 AND pg_get_constraintdef(oid) LIKE '%~%') THEN
      EXECUTE format('ALTER TABLE trailguard_events DROP CONSTRAINT %I, ADD CONSTRAINT %I '
                     'CHECK (octet_length(%I) = 64 AND octet_length(decode(%I, ''hex'')) = 32 '
                     'AND %I = lower(%I COLLATE "C"))',
                     'trailguard_events_' || column_name || '_check',
                     'trailguard_events_' || column_name || '_check',
                     column_name, column_name, column_name, column_name);
    END IF;
  END LOOP;
END
$$;

COMMENT ON TABLE trailguard_events IS
  'trailguard sealed trail lines, append-only (collector/postgres/schema.sql)';

CREATE OR REPLACE FUNCTION trailguard_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'trailguard: % on %.% refused: the audit trail is append-only',
    TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Rows can only be added. A change needs the table owner to disable '
                 'this trigger, and trailguard_verify_chain() then reports it.';
END
$$;

DROP TRIGGER IF EXISTS trailguard_no_update_delete ON trailguard_events;
CREATE TRIGGER trailguard_no_update_delete
  BEFORE UPDATE OR DELETE ON trailguard_events
  FOR EACH ROW EXECUTE FUNCTION trailguard_refuse_change();

DROP TRIGGER IF EXISTS trailguard_no_truncate ON trailguard_events;
CREATE TRIGGER trailguard_no_truncate
  BEFORE TRUNCATE ON trailguard_events
  FOR EACH STATEMENT EXECUTE FUNCTION trailguard_refuse_change();

-- ALWAYS: the triggers fire under session_replication_role = replica too,
-- which would otherwise silence them without an ALTER TABLE.
ALTER TABLE trailguard_events ENABLE ALWAYS TRIGGER trailguard_no_update_delete;
ALTER TABLE trailguard_events ENABLE ALWAYS TRIGGER trailguard_no_truncate;

-- The forwarder's group role: INSERT to add lines, SELECT to resume (the
-- highest stored seq) and to compare a line it resends with the stored one.
-- Roles belong to the whole cluster, so a second database reuses it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trailguard_writer') THEN
    CREATE ROLE trailguard_writer NOLOGIN;
  END IF;
END
$$;

REVOKE ALL ON trailguard_events FROM PUBLIC;
REVOKE ALL ON trailguard_events FROM trailguard_writer;
GRANT SELECT, INSERT ON trailguard_events TO trailguard_writer;

COMMIT;

-- Then, as a role allowed to (once per login role):
--   CREATE ROLE collector LOGIN PASSWORD '...' IN ROLE trailguard_writer;
-- or GRANT trailguard_writer TO collector; and, when the table is not in the
-- public schema, GRANT USAGE ON SCHEMA audit TO trailguard_writer.
