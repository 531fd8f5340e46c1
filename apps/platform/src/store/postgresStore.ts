import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { SandboxEvent } from '../deps.js';
import type {
  EventFilter,
  EventInput,
  RowOf,
  Store,
  TableName,
  Tables,
  Transaction,
  Where,
} from '../domain/store.js';
import { PostgresTimeline } from './postgresEvents.js';
import { migrate } from './postgresMigrations.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Connections this process keeps; each transaction holds one until it ends. */
  poolSize?: number;
  /** The most recent events kept (older ones are deleted), as in the embedded store. */
  eventCapacity?: number;
}

/** Deadlock and serialization failures: the transaction is run again from the start. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

/**
 * The transaction whose `fn` is running, if any. The domain may read the store (the clock, the
 * registry) while a transaction holds its connection; those reads go through the transaction's
 * connection, not the pool, or a pool whose every connection waits on a row lock would wait for
 * itself. They read without locking, as reads outside a transaction do.
 */
const inTransaction = new AsyncLocalStorage<PgTransaction<Tables>>();

/**
 * `Store` on PostgreSQL, for several platform processes sharing one state. Every table is rows
 * of `records(tbl, key, value)`; a transaction is a database transaction whose reads lock what
 * they read (`SELECT … FOR UPDATE`, and an advisory lock on a key that is not there yet), so the
 * single use of an authCode and the rotation of a refresh token are enforced by the database
 * across every process. Writes are buffered and sent at commit in one statement per kind.
 * A committed transaction is durable when COMMIT returns (synchronous_commit), so `durable()`
 * has nothing to wait for.
 */
export class PostgresStore<D extends Tables> implements Store<D> {
  readonly #pool: pg.Pool;
  /** The timeline's own connections: an event appended inside a transaction never waits for one. */
  readonly #eventPool: pg.Pool;
  readonly #timeline: PostgresTimeline;

  private constructor(pool: pg.Pool, eventPool: pg.Pool, timeline: PostgresTimeline) {
    this.#pool = pool;
    this.#eventPool = eventPool;
    this.#timeline = timeline;
  }

  /** Connects, runs the migrations this database lacks (one replica at a time), and listens. */
  static async open<D extends Tables>(options: PostgresStoreOptions): Promise<PostgresStore<D>> {
    const connection: pg.ClientConfig = {
      connectionString: options.url,
      application_name: 'mp-sandbox-platform',
    };
    const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
    const eventPool = new pg.Pool({ ...connection, max: 3 });
    // An idle connection that the server drops must not crash the process; the pool replaces it.
    for (const p of [pool, eventPool])
      p.on('error', (error) => console.error('PostgreSQL connection lost:', error.message));
    try {
      await migrate(pool);
      const timeline = await PostgresTimeline.open(eventPool, connection, options.eventCapacity);
      return new PostgresStore<D>(pool, eventPool, timeline);
    } catch (error) {
      await Promise.all([pool.end(), eventPool.end()]).catch(() => undefined);
      throw new Error(`PostgreSQL at ${redact(options.url)}: ${(error as Error).message}`);
    }
  }

  get<C extends TableName<D>>(table: C, key: string): Promise<RowOf<D, C> | undefined> {
    return readOne(this.#reader(), table, key, '');
  }

  list<C extends TableName<D>>(table: C, where?: Where<RowOf<D, C>>): Promise<RowOf<D, C>[]> {
    return readMany(this.#reader(), table, where, '').then((rows) =>
      rows.map((r) => r.value as RowOf<D, C>),
    );
  }

  #reader(): Queryable {
    return inTransaction.getStore()?.connection() ?? this.#pool;
  }

  async transaction<R>(fn: (tx: Transaction<D>) => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.#pool.connect();
      const tx = new PgTransaction<D>(client);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await inTransaction.run(tx as unknown as PgTransaction<Tables>, () =>
          fn(tx),
        );
        await tx.flush();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        tx.end();
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        const code = (error as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
        throw error;
      } finally {
        tx.end();
        client.release(broken);
      }
    }
  }

  async replaceAll(data: D): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM records');
      const rows = Object.entries(data).flatMap(([table, records]) =>
        Object.entries(records).map(([key, value]) => ({ table, key, value })),
      );
      // In chunks: one statement per 5,000 rows keeps each parameter array a sane size.
      for (let i = 0; i < rows.length; i += 5000) await upsert(client, rows.slice(i, i + 5000));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  durable(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * The value every process on this database shares under `name` (key material): the first caller
   * stores what `create` makes, and every caller, that one included, gets the stored value.
   */
  async shared(name: string, create: () => string): Promise<string> {
    const read = async () =>
      (
        await this.#pool.query<{ value: string }>(
          'SELECT value FROM shared_values WHERE name = $1',
          [name],
        )
      ).rows[0]?.value;
    const existing = await read();
    if (existing !== undefined) return existing;
    await this.#pool.query(
      'INSERT INTO shared_values (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, create()],
    );
    return (await read())!;
  }

  appendEvent(event: EventInput): Promise<SandboxEvent> {
    return this.#timeline.append(event);
  }

  events(filter?: EventFilter): Promise<SandboxEvent[]> {
    return this.#timeline.list(filter);
  }

  onEvent(listener: (event: SandboxEvent) => void): () => void {
    return this.#timeline.onEvent(listener);
  }

  clearEvents(namespace?: string): Promise<void> {
    return this.#timeline.clear(namespace);
  }

  async close(): Promise<void> {
    await this.#timeline.close();
    await Promise.all([this.#pool.end(), this.#eventPool.end()]);
  }
}

type Queryable = Pick<pg.PoolClient, 'query'>;
type Pending = { table: string; key: string; value?: unknown; deleted?: true };

class PgTransaction<D extends Tables> implements Transaction<D> {
  readonly #client: pg.PoolClient;
  /** The writes of this transaction by table and key: the last one of each wins. */
  readonly #pending = new Map<string, Pending>();
  #ended = false;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  async get<C extends TableName<D>>(table: C, key: string): Promise<RowOf<D, C> | undefined> {
    this.#check();
    const pending = this.#pending.get(pendingKey(table, key));
    if (pending) return pending.deleted ? undefined : (pending.value as RowOf<D, C>);
    const row = await readOne<RowOf<D, C>>(this.#client, table, key, 'FOR UPDATE');
    if (row !== undefined) return row;
    // Nothing to lock yet: lock the key itself, so two transactions that both find it missing
    // and then create it run one after the other. Read again: it may have been created meanwhile.
    await this.#client.query(
      'SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 0))',
      [table, key],
    );
    return readOne<RowOf<D, C>>(this.#client, table, key, 'FOR UPDATE');
  }

  async list<C extends TableName<D>>(table: C, where?: Where<RowOf<D, C>>): Promise<RowOf<D, C>[]> {
    this.#check();
    const rows = new Map(
      (await readMany(this.#client, table, where, 'FOR UPDATE')).map((r) => [
        r.key,
        r.value as RowOf<D, C>,
      ]),
    );
    // This transaction's own writes, as it will leave the table.
    for (const pending of this.#pending.values()) {
      if (pending.table !== table) continue;
      if (pending.deleted || !matches(pending.value, where)) rows.delete(pending.key);
      else rows.set(pending.key, pending.value as RowOf<D, C>);
    }
    return [...rows.values()];
  }

  put<C extends TableName<D>>(table: C, key: string, value: RowOf<D, C>): void {
    this.#check();
    this.#pending.set(pendingKey(table, key), { table, key, value });
  }

  delete<C extends TableName<D>>(table: C, key: string): void {
    this.#check();
    this.#pending.set(pendingKey(table, key), { table, key, deleted: true });
  }

  async flush(): Promise<void> {
    const pending = [...this.#pending.values()];
    const deleted = pending.filter((p) => p.deleted);
    const written = pending
      .filter((p) => !p.deleted)
      .map(({ table, key, value }) => ({ table, key, value }));
    if (deleted.length > 0) {
      await this.#client.query(
        'DELETE FROM records r USING unnest($1::text[], $2::text[]) AS d(tbl, key) WHERE r.tbl = d.tbl AND r.key = d.key',
        [deleted.map((p) => p.table), deleted.map((p) => p.key)],
      );
    }
    if (written.length > 0) await upsert(this.#client, written);
  }

  end(): void {
    this.#ended = true;
  }

  /** The connection, while the transaction is open (a read started after it ended uses the pool). */
  connection(): Queryable | undefined {
    return this.#ended ? undefined : this.#client;
  }

  #check(): void {
    if (this.#ended)
      throw new Error('This transaction has ended: use the store, or a new transaction');
  }
}

const pendingKey = (table: string, key: string) => `${table}\u0000${key}`;

async function readOne<T>(
  db: Queryable,
  table: string,
  key: string,
  lock: '' | 'FOR UPDATE',
): Promise<T | undefined> {
  const { rows } = await db.query<{ value: T }>(
    `SELECT value FROM records WHERE tbl = $1 AND key = $2 ${lock}`,
    [table, key],
  );
  return rows[0]?.value;
}

async function readMany(
  db: Queryable,
  table: string,
  where: object | undefined,
  lock: '' | 'FOR UPDATE',
) {
  const fields = Object.fromEntries(Object.entries(where ?? {}).filter(([, v]) => v !== undefined));
  const byField = Object.keys(fields).length > 0;
  const { rows } = await db.query<{ key: string; value: unknown }>(
    `SELECT key, value FROM records WHERE tbl = $1 ${byField ? 'AND value::jsonb @> $2::jsonb' : ''} ORDER BY ord ${lock}`,
    byField ? [table, JSON.stringify(fields)] : [table],
  );
  return rows;
}

/**
 * Insert or replace, keeping a replaced row's place in the order (as a JavaScript object does).
 * The rows go as one JSON array of `[table, key, value]`: one native JSON.stringify, where three
 * text arrays cost the client an escape per element (at 300,000 rows, replaceAll's seeding of
 * 100,000 token pairs, 5-6 s of client CPU against under 1 s this way; bench/README.md, bench 6).
 * `->` hands each value back as the JSON text it was sent as, its fields in their order.
 */
async function upsert(
  db: Queryable,
  rows: readonly { table: string; key: string; value: unknown }[],
): Promise<void> {
  await db.query(
    `INSERT INTO records (tbl, key, value)
     SELECT e->>0, e->>1, e->2 FROM json_array_elements($1::json) WITH ORDINALITY AS r(e, n) ORDER BY n
     ON CONFLICT (tbl, key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify(rows.map((r) => [r.table, r.key, r.value]))],
  );
}

/** The same rule as `value::jsonb @> where` for top-level scalar fields. */
function matches(value: unknown, where: object | undefined): boolean {
  if (!where) return true;
  if (typeof value !== 'object' || value === null)
    return Object.values(where).every((v) => v === undefined);
  return Object.entries(where).every(
    ([field, v]) => v === undefined || (value as Record<string, unknown>)[field] === v,
  );
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
