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
  readonly #reads: BatchedReads;

  private constructor(pool: pg.Pool, eventPool: pg.Pool, timeline: PostgresTimeline) {
    this.#pool = pool;
    this.#eventPool = eventPool;
    this.#timeline = timeline;
    this.#reads = new BatchedReads(pool);
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
    const reads = inTransaction.getStore()?.reads() ?? this.#reads;
    return reads.get(table, key) as Promise<RowOf<D, C> | undefined>;
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
        const result = await inTransaction.run(tx as unknown as PgTransaction<Tables>, () =>
          fn(tx),
        );
        await tx.commit();
        return result;
      } catch (error) {
        tx.end();
        if (tx.begun)
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

interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}
type Pending = { table: string; key: string; value?: unknown; deleted?: true };
type PendingRead = {
  table: string;
  key: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/**
 * Key reads without a lock. Those asked for in one go (before the next microtask: the reads a
 * caller starts together with `Promise.all`, and those of requests that run side by side) are
 * read in one query, one round trip. Nothing is kept once answered: every read asks the database.
 */
class BatchedReads {
  readonly #db: Queryable;
  #waiting: PendingRead[] | undefined;

  constructor(db: Queryable) {
    this.#db = db;
  }

  get(table: string, key: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (!this.#waiting) {
        this.#waiting = [];
        queueMicrotask(() => void this.#read());
      }
      this.#waiting.push({ table, key, resolve, reject });
    });
  }

  async #read(): Promise<void> {
    const batch = this.#waiting ?? [];
    this.#waiting = undefined;
    try {
      if (batch.length === 1) {
        const [only] = batch;
        only!.resolve(await readOne(this.#db, only!.table, only!.key, ''));
        return;
      }
      const { rows } = await this.#db.query<{ n: string; value: unknown }>(
        `SELECT k.n, r.value FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(tbl, key, n)
         JOIN records r ON r.tbl = k.tbl AND r.key = k.key`,
        [batch.map((b) => b.table), batch.map((b) => b.key)],
      );
      const found = new Map(rows.map((r) => [Number(r.n), r.value]));
      batch.forEach((read, i) => read.resolve(found.get(i + 1)));
    } catch (error) {
      for (const read of batch) read.reject(error);
    }
  }
}

/**
 * A transaction on one connection. BEGIN goes with its first statement and COMMIT with its writes,
 * in one message each (PostgreSQL runs a message of several statements in order, and stops at the
 * first that fails): two round trips fewer per transaction. Several statements in one message
 * cannot take parameters, so those two carry their values as quoted literals (`pg.escapeLiteral`).
 */
class PgTransaction<D extends Tables> implements Transaction<D>, Queryable {
  readonly #client: pg.PoolClient;
  /** The writes of this transaction by table and key: the last one of each wins. */
  readonly #pending = new Map<string, Pending>();
  readonly #reads: BatchedReads;
  #begun = false;
  #ended = false;

  constructor(client: pg.PoolClient) {
    this.#client = client;
    this.#reads = new BatchedReads(client);
  }

  /** True once BEGIN was sent: only then is there anything to roll back. */
  get begun(): boolean {
    return this.#begun;
  }

  /** A statement of this transaction; the first one carries the BEGIN. */
  async query<R extends pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    if (this.#begun) return this.#client.query<R>(text, values);
    this.#begun = true;
    const results = (await this.#client.query(
      `BEGIN; ${inline(text, values)}`,
    )) as unknown as pg.QueryResult<R>[];
    return results[1]!;
  }

  async get<C extends TableName<D>>(table: C, key: string): Promise<RowOf<D, C> | undefined> {
    this.#check();
    const pending = this.#pending.get(pendingKey(table, key));
    if (pending) return pending.deleted ? undefined : (pending.value as RowOf<D, C>);
    const row = await readOne<RowOf<D, C>>(this, table, key, 'FOR UPDATE');
    if (row !== undefined) return row;
    // Nothing to lock yet: lock the key itself, so two transactions that both find it missing
    // and then create it run one after the other. Read again: it may have been created meanwhile.
    await this.query('SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 0))', [
      table,
      key,
    ]);
    return readOne<RowOf<D, C>>(this, table, key, 'FOR UPDATE');
  }

  async list<C extends TableName<D>>(table: C, where?: Where<RowOf<D, C>>): Promise<RowOf<D, C>[]> {
    this.#check();
    const rows = new Map(
      (await readMany(this, table, where, 'FOR UPDATE')).map((r) => [
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

  /** Sends the writes and COMMIT in one message (nothing at all for a transaction that did nothing). */
  async commit(): Promise<void> {
    const pending = [...this.#pending.values()];
    const deleted = pending.filter((p) => p.deleted);
    const written = pending
      .filter((p) => !p.deleted)
      .map(({ table, key, value }) => ({ table, key, value }));
    const statements: string[] = [];
    if (deleted.length > 0)
      statements.push(inline(DELETE_SQL, [JSON.stringify(deleted.map((p) => [p.table, p.key]))]));
    if (written.length > 0) statements.push(inline(UPSERT_SQL, [upsertPayload(written)]));
    if (!this.#begun && statements.length === 0) return;
    if (!this.#begun) statements.unshift('BEGIN');
    this.#begun = true;
    statements.push('COMMIT');
    await this.#client.query(statements.join(';\n'));
  }

  end(): void {
    this.#ended = true;
  }

  /** The connection, while the transaction is open (a read started after it ended uses the pool). */
  connection(): Queryable | undefined {
    return this.#ended ? undefined : this.#client;
  }

  /** Unlocked key reads on this transaction's connection, while it is open. */
  reads(): BatchedReads | undefined {
    return this.#ended ? undefined : this.#reads;
  }

  #check(): void {
    if (this.#ended)
      throw new Error('This transaction has ended: use the store, or a new transaction');
  }
}

/**
 * A statement with its `$n` parameters written in as literals, to go with others in one message.
 * Only strings, numbers and null occur (table names, keys, JSON texts).
 */
function inline(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = values[Number(n) - 1];
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string') return pg.escapeLiteral(value);
    throw new Error(`cannot write ${typeof value} into a statement`);
  });
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

/**
 * The fields the migrations index (003_field_indexes.sql). A `where` on them also names each as
 * `value->>'field' = …`, the expression the b-tree indexes are on, so the planner finds the rows
 * through them; `@>` keeps the comparison exact (a number 5 and a string "5" both read as '5').
 */
const INDEXED_FIELDS = new Set(['userId', 'appId', 'namespace']);

/** The query of `list(table, where)`, exported for its test (the planner takes the indexes). */
export function listQuery(
  table: string,
  where: object | undefined,
  lock: '' | 'FOR UPDATE',
): { text: string; values: unknown[] } {
  const fields = Object.fromEntries(Object.entries(where ?? {}).filter(([, v]) => v !== undefined));
  const values: unknown[] = [table];
  const conditions = ['tbl = $1'];
  if (Object.keys(fields).length > 0) {
    for (const [field, value] of Object.entries(fields)) {
      if (!INDEXED_FIELDS.has(field) || typeof value !== 'string') continue;
      values.push(value);
      conditions.push(`value->>'${field}' = $${values.length}`);
    }
    values.push(JSON.stringify(fields));
    conditions.push(`value::jsonb @> $${values.length}::jsonb`);
  }
  return {
    text: `SELECT key, value FROM records WHERE ${conditions.join(' AND ')} ORDER BY ord ${lock}`,
    values,
  };
}

async function readMany(
  db: Queryable,
  table: string,
  where: object | undefined,
  lock: '' | 'FOR UPDATE',
) {
  const { text, values } = listQuery(table, where, lock);
  return (await db.query<{ key: string; value: unknown }>(text, values)).rows;
}

/**
 * Insert or replace, keeping a replaced row's place in the order (as a JavaScript object does).
 * The rows go as one JSON array of `[table, key, value]`: one native JSON.stringify, where three
 * text arrays cost the client an escape per element (at 300,000 rows, replaceAll's seeding of
 * 100,000 token pairs, 5-6 s of client CPU against under 1 s this way; bench/README.md, bench 6).
 * `->` hands each value back as the JSON text it was sent as, its fields in their order.
 */
const UPSERT_SQL = `INSERT INTO records (tbl, key, value)
  SELECT e->>0, e->>1, e->2 FROM json_array_elements($1::json) WITH ORDINALITY AS r(e, n) ORDER BY n
  ON CONFLICT (tbl, key) DO UPDATE SET value = EXCLUDED.value`;

/** Deletes the `[table, key]` pairs of a JSON array. */
const DELETE_SQL = `DELETE FROM records r USING json_array_elements($1::json) AS d(e)
  WHERE r.tbl = d.e->>0 AND r.key = d.e->>1`;

function upsertPayload(rows: readonly { table: string; key: string; value: unknown }[]): string {
  return JSON.stringify(rows.map((r) => [r.table, r.key, r.value]));
}

async function upsert(
  db: Queryable,
  rows: readonly { table: string; key: string; value: unknown }[],
): Promise<void> {
  await db.query(UPSERT_SQL, [upsertPayload(rows)]);
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
