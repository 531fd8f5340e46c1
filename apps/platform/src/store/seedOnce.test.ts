/**
 * Replicas that start at the same moment on one empty database write the seed once: the first
 * writes it, the others find it written (seed/seedData.ts). Every write to `records` is counted by
 * a trigger of the test's own, on a real PostgreSQL started here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOf } from '../seed/seedData.js';
import { startPostgres, type PostgresServer } from '../testing/postgresServer.js';
import { startReplicas, type Replica } from '../testing/replicas.js';
import { testSeed } from '../testing/testPlatform.js';
import { migrate } from './postgresMigrations.js';

let server: PostgresServer;
let dir: string;

beforeAll(async () => {
  server = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'pg-seed-once-'));
}, 60_000);
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** Every row written to `records` from now on, by operation. */
const COUNT_WRITES = `
  CREATE TABLE record_writes (op text NOT NULL, tbl text NOT NULL, key text NOT NULL);
  CREATE FUNCTION count_record_write() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      INSERT INTO record_writes VALUES (TG_OP, OLD.tbl, OLD.key);
    ELSE
      INSERT INTO record_writes VALUES (TG_OP, NEW.tbl, NEW.key);
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER count_record_writes AFTER INSERT OR UPDATE OR DELETE ON records
    FOR EACH ROW EXECUTE FUNCTION count_record_write();`;

/** Connections that wait for a lock on `records`. */
async function waitingAtTheGate(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
     WHERE NOT granted AND relation = 'records'::regclass AND database = (
       SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows[0]!.n;
}

/** Asks again until the condition holds (the replicas start in their own time). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('replicas starting together on an empty database', () => {
  it('write the seed once: every row inserted once, none rewritten or deleted, and the state is the seed', async () => {
    const url = await server.createDatabase('seed_once');
    // The schema first (the migrations' own race has its test), then the counting trigger.
    const db = new pg.Pool({ connectionString: url, max: 1 });
    let replicas: Replica[] = [];
    try {
      await migrate(db);
      await db.query(COUNT_WRITES);
      // A gate, so the three really meet however unevenly their processes start: the table is
      // locked against writes and locking reads until all three wait at it.
      const gate = new pg.Client({ connectionString: url });
      await gate.connect();
      await gate.query('BEGIN');
      await gate.query('LOCK TABLE records IN EXCLUSIVE MODE');
      const seed = testSeed();
      const starting = startReplicas(3, { databaseUrl: url, controlToken: 'seed-once', seed, dir });
      starting.catch(() => undefined);
      await until(async () => (await waitingAtTheGate(db)) === 3);
      await gate.query('COMMIT');
      await gate.end();
      replicas = await starting;

      const writes = await db.query<{ op: string; tbl: string; key: string; n: number }>(
        'SELECT op, tbl, key, count(*)::int AS n FROM record_writes GROUP BY op, tbl, key ORDER BY tbl, key',
      );
      const rewritten = writes.rows.filter((w) => w.op !== 'INSERT' || w.n !== 1);
      expect(rewritten, 'rows written more than once, updated or deleted').toEqual([]);

      const rows = await db.query<{ tbl: string; key: string }>(
        'SELECT tbl, key FROM records ORDER BY tbl, key',
      );
      expect(writes.rows.map((w) => `${w.tbl}/${w.key}`)).toEqual(
        rows.rows.map((r) => `${r.tbl}/${r.key}`),
      );
      const keysOf = (table: string) => rows.rows.filter((r) => r.tbl === table).map((r) => r.key);
      const { apps, clients, personas } = seedOf({ seed });
      expect(keysOf('apps')).toEqual(apps.map((a) => a.appId).sort());
      expect(keysOf('clients')).toEqual(clients.map((c) => c.clientId).sort());
      expect(keysOf('personas')).toEqual(personas.map((p) => p.id).sort());
      expect(keysOf('meta')).toEqual(['seededAt']);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
      await db.end();
    }
  }, 120_000);
});
