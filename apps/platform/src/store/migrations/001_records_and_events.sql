-- Every table of the platform's store (apps, clients, personas, authCodes, tokens, refreshIndex,
-- grants, meta, ...) as rows of one table: the store port is generic over its tables, and a
-- key lookup is one primary-key probe whatever the table.
CREATE TABLE records (
  tbl   text   NOT NULL,
  key   text   NOT NULL,
  -- Insertion order, kept by updates, so lists come back in the order the embedded store gives.
  ord   bigserial,
  -- json, not jsonb: a record reads back with its fields in the order they were written.
  value json   NOT NULL,
  PRIMARY KEY (tbl, key)
);
-- list(table, where): `value::jsonb @> '{"userId": "..."}'` finds rows by field without a scan.
CREATE INDEX records_value ON records USING gin ((value::jsonb) jsonb_path_ops);

-- The timeline, numbered in one order across every process on this database.
CREATE TABLE events (
  seq            bigserial PRIMARY KEY,
  type           text NOT NULL,
  namespace      text,
  correlation_id text,
  body           json NOT NULL
);
CREATE INDEX events_correlation ON events (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX events_namespace ON events (namespace, seq);

-- Appends one event. The transaction-scoped lock makes sequence order the commit order, so a
-- reader that has seen event n has seen every event before it (no gap fills in later); the
-- NOTIFY (sent at commit) tells every process to read what is new.
CREATE FUNCTION sandbox_append_event(p_type text, p_namespace text, p_correlation text, p_body json)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  new_seq bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(7212001);
  INSERT INTO events (type, namespace, correlation_id, body)
    VALUES (p_type, p_namespace, p_correlation, p_body)
    RETURNING seq INTO new_seq;
  PERFORM pg_notify('sandbox_events', new_seq::text);
  RETURN new_seq;
END;
$$;
