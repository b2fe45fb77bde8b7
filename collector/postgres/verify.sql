-- Checks, inside the database, that a trail stored by the PostgreSQL
-- forwarder is the chain it was sealed as, and exports it back as the lines
-- trailguard-verify reads (docs/collector-postgres.md).
--
-- Run after schema.sql, in the same schema (same search_path):
--   psql -v ON_ERROR_STOP=1 -f verify.sql
-- Then:
--   SELECT * FROM trailguard_verify_chain('shop');          -- no rows: intact
--   SELECT * FROM trailguard_verify_chain('shop', 'audit.trailguard_events');
--   psql -At -c "SELECT trailguard_export_lines('shop')" > shop.jsonl
--   trailguard-verify --key mac.key shop.jsonl
--
-- What SQL can check: every stored record against its chain value,
--   chain_N = sha256(chain_{N-1} || record_N), chain_0 = 32 zero bytes,
-- and that the sequence numbers have no gap. What it cannot:
-- - the MACs: their key is not in the database (and must not be). An edit
--   whose chain values were recomputed from the changed row on passes here;
--   trailguard-verify --key on the exported lines, or the signed
--   checkpoints against the ones shipped elsewhere (--anchor), catch it;
-- - the first stored row when it is not seq 1 (a trail forwarded from a
--   later point): its predecessor is not here, so checking starts with the
--   second row;
-- - rows removed from the end: the trail just looks shorter (--anchor).
-- Needs PostgreSQL 11+ (sha256(bytea)) and a UTF8 database, so that
-- convert_to(record, 'UTF8') gives back the bytes that were sealed.

-- The first problem of trail p_trail in table p_table (schema-qualified
-- allowed, resolved through search_path like any table name), or no row:
--   seq     the first record concerned
--   what    'modified': the record does not hash, with the chain value of the
--                       row before it, to its own chain value (the record, its
--                       chain value, or the previous row's chain was changed)
--           'gap':      records seq.. are missing (deleted)
--   detail  a sentence for people
-- Reads the whole trail; run it in an idle hour for big ones.
CREATE OR REPLACE FUNCTION trailguard_verify_chain(p_trail text,
                                                   p_table text DEFAULT 'trailguard_events')
RETURNS TABLE (seq bigint, what text, detail text)
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  IF current_setting('server_encoding') <> 'UTF8' THEN
    RAISE EXCEPTION 'trailguard_verify_chain: the database encoding is %, not UTF8',
      current_setting('server_encoding')
      USING HINT = 'The chain covers the UTF-8 bytes of each record; '
                   'export the lines and run trailguard-verify instead.';
  END IF;
  RETURN QUERY EXECUTE format($q$
    WITH rows AS (
      SELECT e.seq, e.record, e.chain,
             lag(e.seq) OVER w AS prev_seq,
             lag(e.chain) OVER w AS prev_chain
      FROM %s e
      WHERE e.trail = $1
      WINDOW w AS (ORDER BY e.seq)
    ), problems AS (
      SELECT r.seq AS at,
             CASE
               WHEN r.prev_seq IS NOT NULL AND r.seq <> r.prev_seq + 1 THEN 'gap'
               WHEN r.prev_seq IS NULL AND r.seq <> 1 THEN NULL
               WHEN sha256(coalesce(decode(r.prev_chain, 'hex'), decode(repeat('00', 32), 'hex'))
                           || convert_to(r.record, 'UTF8')) <> decode(r.chain, 'hex')
                 THEN 'modified'
             END AS what,
             r.prev_seq
      FROM rows r
    )
    SELECT CASE p.what WHEN 'gap' THEN p.prev_seq + 1 ELSE p.at END,
           p.what,
           CASE p.what
             WHEN 'gap' THEN
               CASE WHEN p.at = p.prev_seq + 2
                 THEN format('record %%s is missing', p.prev_seq + 1)
                 ELSE format('records %%s..%%s are missing', p.prev_seq + 1, p.at - 1)
               END
             ELSE format('record %%s does not match its chain value: it, its chain value '
                         'or the chain value of the record before it was changed', p.at)
           END
    FROM problems p
    WHERE p.what IS NOT NULL
    ORDER BY p.at
    LIMIT 1
  $q$, p_table::regclass) USING p_trail;
END
$fn$;

-- The stored lines of trail p_trail in seq order, byte for byte as the
-- trail file held them (without '\n'), for trailguard-verify.
CREATE OR REPLACE FUNCTION trailguard_export_lines(p_trail text,
                                                   p_table text DEFAULT 'trailguard_events')
RETURNS SETOF text
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN QUERY EXECUTE format($q$
    SELECT e.record || ',"chain":"' || e.chain || '","mac":"' || e.mac || '"}'
    FROM %s e
    WHERE e.trail = $1
    ORDER BY e.seq
  $q$, p_table::regclass) USING p_trail;
END
$fn$;
