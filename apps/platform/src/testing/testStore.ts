import pg from 'pg';
import { PLATFORM_KEY_PAIR } from '../store/sharedSecrets.js';
import { migrate } from '../store/postgresMigrations.js';

/**
 * Which store the test platforms of this process run on. The integration suite runs twice
 * (vitest.config.ts): once on the embedded store, and once as the project "platform on postgres",
 * whose global setup starts one throwaway PostgreSQL server and names it in this variable; every
 * `startTestPlatform` then gets a fresh database of its own on that server.
 */
export const TEST_POSTGRES_ENV = 'SANDBOX_TEST_POSTGRES_URL';

/** The migrated, empty database each test database is copied from (a copy costs a few ms). */
export const TEST_TEMPLATE_DATABASE = 'platform_template';

export type TestStoreKind = 'embedded' | 'postgres';

/** `postgres` when this process's test platforms run on PostgreSQL, for tests of one store only. */
export function testStore(): TestStoreKind {
  return process.env[TEST_POSTGRES_ENV] ? 'postgres' : 'embedded';
}

/** The server URL with another database name (the server URL names an admin database). */
function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onDatabase<R>(url: string, fn: (client: pg.Client) => Promise<R>): Promise<R> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Makes the template, a database with every migration applied and nothing else, and the list of
 * databases free for reuse (in the server's admin database). Run once per server (the global
 * setup); no connection to the template may stay open, or copying it fails.
 */
export async function prepareTestServer(serverUrl: string): Promise<void> {
  await onDatabase(serverUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${TEST_TEMPLATE_DATABASE}`);
    await admin.query('CREATE TABLE free_test_databases (name text PRIMARY KEY)');
  });
  const pool = new pg.Pool({ connectionString: databaseUrl(serverUrl, TEST_TEMPLATE_DATABASE) });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
}

export interface TestDatabase {
  url: string;
  /** Gives the database back for another test platform, once nothing is connected to it. */
  release(): Promise<void>;
}

/**
 * Empties every table the migrations make and restarts their numbering, for the next test
 * platform as if the database were new. DELETE, not TRUNCATE: on tables this small it is several
 * times faster (TRUNCATE makes new files).
 */
const EMPTY_FOR_REUSE = `
  DELETE FROM records; DELETE FROM events; DELETE FROM shared_values;
  SELECT setval(pg_get_serial_sequence('records', 'ord'), 1, false),
         setval(pg_get_serial_sequence('events', 'seq'), 1, false);`;

/**
 * A database for one test platform, empty as a new one (sequences too), holding the test platform
 * key pair already (as `installPlatformKeys` puts it in the keys folder of the embedded store):
 * so no platform makes an RSA key of its own, and tests know which key signs. It is one a closed
 * test platform gave back, emptied, or else a copy of the template: a copy costs 0.1-1.5 s on a
 * loaded 2-core machine, emptying one a few ms, and the suite starts a few hundred platforms.
 */
export async function acquireTestDatabase(
  serverUrl: string,
  platformKeys: { privateKey: string; publicKey: string },
): Promise<TestDatabase> {
  const name = await onDatabase(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ name: string }>(
      `DELETE FROM free_test_databases WHERE name = (
         SELECT name FROM free_test_databases LIMIT 1 FOR UPDATE SKIP LOCKED
       ) RETURNING name`,
    );
    const free = rows[0]?.name;
    if (free) return free;
    const created = `platform_${process.pid}_${++databases}`;
    await admin.query(`CREATE DATABASE ${created} TEMPLATE ${TEST_TEMPLATE_DATABASE}`);
    return created;
  });
  const url = databaseUrl(serverUrl, name);
  await onDatabase(url, async (db) => {
    await db.query(EMPTY_FOR_REUSE);
    await db.query('INSERT INTO shared_values (name, value) VALUES ($1, $2)', [
      PLATFORM_KEY_PAIR,
      JSON.stringify({ privateKey: platformKeys.privateKey, publicKey: platformKeys.publicKey }),
    ]);
  });
  return {
    url,
    release: () =>
      onDatabase(serverUrl, (admin) =>
        admin.query('INSERT INTO free_test_databases (name) VALUES ($1)', [name]),
      ).then(() => undefined),
  };
}

let databases = 0;
