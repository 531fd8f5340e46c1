-- list(table, where) only ever filters on userId (grants, codes and tokens of a user, with appId
-- for a user's tokens of one app) and namespace (personas, faults, consent policies): b-tree
-- indexes on those fields replace the GIN index on the whole row, which hashed every field of
-- every row (the random codes and tokens included) on every write and cost 6-7 s of the ~10 s
-- of server CPU that storing 100,000 token pairs took (bench/README.md, bench 6). Partial: rows
-- without the field (meta, apps, clients, refreshIndex) are not in them at all.
-- The queries name the field as `value->>'userId' = …` (postgresStore.ts, readMany), which is
-- what lets the planner take these; `@>` stays beside it for the exact JSON comparison.
-- IF [NOT] EXISTS: a database migrated by hand, or half way by an older build, is brought here too.
DROP INDEX IF EXISTS records_value;
CREATE INDEX IF NOT EXISTS records_user ON records (tbl, (value->>'userId'), (value->>'appId'))
  WHERE value->>'userId' IS NOT NULL;
CREATE INDEX IF NOT EXISTS records_namespace ON records (tbl, (value->>'namespace'))
  WHERE value->>'namespace' IS NOT NULL;
