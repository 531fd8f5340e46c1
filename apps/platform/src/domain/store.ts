import type { SandboxEvent } from '../deps.js';

/**
 * The platform core's storage port. The domain reads and writes state only through this
 * interface; the embedded store (lowdb snapshot + journal) and the PostgreSQL store are adapters.
 * Nothing here knows a file, a table layout or SQL.
 *
 * Rows are plain JSON values. What a read returns is the caller's to read, never to change: a
 * change is a `put` of a new value in a transaction. `fn` of a transaction must not start another
 * transaction and wait for it (an adapter may run them one at a time).
 */

/** A table of records by key; every collection of the store is one. */
export type Table<T> = Record<string, T>;
export type Tables = Record<string, Table<unknown>>;
export type TableName<D extends Tables> = keyof D & string;
export type RowOf<D extends Tables, C extends TableName<D>> = D[C][string];

/** Rows whose top-level fields equal every field given (strings, numbers, booleans). */
export type Where<Row> = {
  [K in keyof Row]?: Row[K] extends string | number | boolean | undefined ? Row[K] : never;
};

export interface StoreReads<D extends Tables> {
  get<C extends TableName<D>>(table: C, key: string): Promise<RowOf<D, C> | undefined>;
  list<C extends TableName<D>>(table: C, where?: Where<RowOf<D, C>>): Promise<RowOf<D, C>[]>;
}

/**
 * One transaction. What it reads stays locked against other transactions until it ends (an
 * adapter on a database reads with `SELECT … FOR UPDATE`), so a read-check-write such as the
 * single use of an authCode or the rotation of a refresh token cannot interleave with another,
 * in this process or in another process on the same database. Writes are buffered and land
 * together at commit, or not at all when `fn` throws.
 */
export interface Transaction<D extends Tables> extends StoreReads<D> {
  put<C extends TableName<D>>(table: C, key: string, value: RowOf<D, C>): void;
  delete<C extends TableName<D>>(table: C, key: string): void;
}

export type EventInput = Omit<SandboxEvent, 'seq'>;
export interface EventFilter {
  type?: string;
  correlationId?: string;
  /** Events after this sequence number (an event stream's Last-Event-ID). */
  since?: number;
  namespace?: string;
  /** At most this many: the first that match, in sequence order. */
  limit?: number;
}

export interface Store<D extends Tables> extends StoreReads<D> {
  /** Runs `fn` as one transaction and returns what it returns; see `Transaction`. */
  transaction<R>(fn: (tx: Transaction<D>) => Promise<R>): Promise<R>;
  /** Replaces every table with `data` (start-up seeding and reset), atomically. */
  replaceAll(data: D): Promise<void>;
  /** Resolves when every transaction committed so far would survive a SIGKILL. */
  durable(): Promise<void>;

  /**
   * Appends an event to the timeline, numbered in one order across every process sharing the
   * store, and delivers it to every `onEvent` listener of every such process.
   */
  appendEvent(event: EventInput): Promise<SandboxEvent>;
  events(filter?: EventFilter): Promise<SandboxEvent[]>;
  /** Called for each new event, in sequence order, whichever process appended it. */
  onEvent(listener: (event: SandboxEvent) => void): () => void;
  /** Forgets every event, or a namespace's only. */
  clearEvents(namespace?: string): Promise<void>;

  close(): Promise<void>;
}
