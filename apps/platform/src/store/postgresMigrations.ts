import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/** The folder of `NNN_name.sql` files; each runs once per database, in name order. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Held while migrating, so replicas that start together migrate one after the other. */
const MIGRATION_LOCK = 7212000;

export interface Migration {
  version: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => /^\d+_[\w-]+\.sql$/.test(name))
    .sort()
    .map((name) => ({
      version: name.replace(/\.sql$/, ''),
      sql: readFileSync(`${dir}/${name}`, 'utf8'),
    }));
}

/**
 * Brings the database's schema up to date and returns the versions it applied (none when another
 * replica already did). Each migration and its `schema_migrations` row commit together, so a crash
 * mid-way leaves the database at the previous version, and the next start applies it again.
 */
export async function migrate(pool: pg.Pool, migrations = readMigrations()): Promise<string[]> {
  // Most starts find nothing to do: one read, without waiting for the lock.
  if (await upToDate(pool, migrations)) return [];
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [
          migration.version,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(
          `PostgreSQL migration ${migration.version} failed: ${(error as Error).message}`,
        );
      }
      applied.push(migration.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}

/** True when every migration is applied already (false too when there is no schema yet). */
async function upToDate(pool: pg.Pool, migrations: readonly Migration[]): Promise<boolean> {
  try {
    const { rows } = await pool.query<{ version: string }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    return migrations.every((m) => done.has(m.version));
  } catch (error) {
    // 42P01: no schema_migrations table, a new database.
    if ((error as { code?: string }).code === '42P01') return false;
    throw error;
  }
}
