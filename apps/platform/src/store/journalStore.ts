import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxEvent } from '@mp-sandbox/protocol';
import type {
  EventFilter,
  EventInput,
  RowOf,
  Store,
  Table,
  TableName,
  Tables,
  Transaction,
  Where,
} from '../domain/store.js';
import { JournalFile, journalText } from './journalFile.js';
import { forEachLine } from './lineFile.js';
import { readSnapshotFile, writeSnapshotFile } from './snapshotFile.js';

export type { Table, Tables } from '../domain/store.js';

export type Change<D extends Tables> = {
  [C in keyof D & string]:
    | { op: 'put'; table: C; key: string; value: D[C][string] }
    | { op: 'delete'; table: C; key: string };
}[keyof D & string];

export interface JournalStoreOptions<D extends Tables> {
  dir: string;
  /** The data of an empty store. */
  empty: () => D;
  /** Journal entries between snapshots, at least; grows with the data so the cost stays flat. */
  compactEvery?: number;
  /** Events kept in memory, the most recent first to stay (trimmed in batches). */
  eventCapacity?: number;
}

/** A key for one row of one table, in a transaction's buffer. */
const rowId = (table: string, key: string) => `${table}\u0000${key}`;

/** True when `row` has every field of `where` with the same value. */
function matches(row: unknown, where: Record<string, unknown> | undefined): boolean {
  if (!where) return true;
  for (const [field, value] of Object.entries(where)) {
    if (value !== undefined && (row as Record<string, unknown>)[field] !== value) return false;
  }
  return true;
}

/**
 * The embedded store: state in memory, durable on disk, and a request's cost independent of how
 * much is stored. It is the adapter of `Store` that `npm run sandbox` uses with nothing to install.
 *
 * `db.json` is a lowdb file that people can read, and edit while the sandbox is stopped; it holds
 * one record per line, so it loads as it streams, never whole (snapshotFile.ts). Every
 * commit is queued for `journal.ndjson` at once (written and synced off the event loop, in commit
 * order); `durable()` resolves when all commits so far are on disk, and the servers send no answer
 * before that, so an answer survives SIGKILL. When the
 * journal has grown long enough, the snapshot is rewritten and the journal starts over. Changes
 * are whole-record puts and deletes, so replaying a journal over a snapshot that already holds part
 * of it gives the same state.
 *
 * Transactions run one at a time (one process owns the folder), so a read-check-write inside one
 * cannot interleave with another. Events live in memory only, the most recent `eventCapacity`.
 */
export class JournalStore<D extends Tables> implements Store<D> {
  readonly #options: JournalStoreOptions<D>;
  readonly #snapshotFile: string;
  readonly #journalPath: string;
  readonly #rotatedPath: string;
  #data: D;
  #journal!: JournalFile;
  #entries = 0;
  #compactAt = 0;
  /** Rows in all tables, kept by every change, so the threshold never walks the tables. */
  #rows = 0;
  #compacting: Promise<void> | undefined;
  /** The tail of the queue transactions wait in: each starts when the one before has ended. */
  #queue: Promise<unknown> = Promise.resolve();
  #events: SandboxEvent[] = [];
  #seq = 0;
  readonly #listeners = new Set<(event: SandboxEvent) => void>();

  private constructor(options: JournalStoreOptions<D>) {
    this.#options = options;
    mkdirSync(options.dir, { recursive: true });
    this.#snapshotFile = join(options.dir, 'db.json');
    this.#journalPath = join(options.dir, 'journal.ndjson');
    this.#rotatedPath = join(options.dir, 'journal.compacting.ndjson');
    this.#data = options.empty();
  }

  static async open<D extends Tables>(options: JournalStoreOptions<D>): Promise<JournalStore<D>> {
    const store = new JournalStore(options);
    await store.#load();
    return store;
  }

  /** What is committed, as it is in memory (tests and tools read it; never write to it). */
  get data(): Readonly<D> {
    return this.#data;
  }

  async get<C extends TableName<D>>(table: C, key: string): Promise<RowOf<D, C> | undefined> {
    return this.#get(table, key);
  }

  async list<C extends TableName<D>>(table: C, where?: Where<RowOf<D, C>>): Promise<RowOf<D, C>[]> {
    return this.#list(table, where);
  }

  /**
   * Runs `fn` when every transaction before it has ended. Its reads see the committed state and
   * its own writes; its writes are buffered, and land at once (in memory and in one journal line)
   * when `fn` resolves, or are dropped when it throws. `fn` must not start another transaction of
   * this store and wait for it: that one waits for `fn` to end.
   */
  transaction<R>(fn: (tx: Transaction<D>) => Promise<R>): Promise<R> {
    const run = this.#queue.then(() => this.#run(fn));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #run<R>(fn: (tx: Transaction<D>) => Promise<R>): Promise<R> {
    const writes = new Map<string, Change<D>>();
    let open = true;
    const check = () => {
      if (!open) throw new Error('the transaction has ended: a write after it would be lost');
    };
    const tx: Transaction<D> = {
      get: async (table, key) => {
        const write = writes.get(rowId(table, key));
        if (write) return write.op === 'put' ? (write.value as RowOf<D, typeof table>) : undefined;
        return this.#get(table, key);
      },
      list: async (table, where) => {
        const rows = new Map(Object.entries(this.#data[table] ?? {}));
        for (const write of writes.values()) {
          if (write.table !== table) continue;
          if (write.op === 'put') rows.set(write.key, write.value);
          else rows.delete(write.key);
        }
        return [...rows.values()].filter((row) => matches(row, where)) as RowOf<D, typeof table>[];
      },
      put: (table, key, value) => {
        check();
        writes.set(rowId(table, key), { op: 'put', table, key, value } as Change<D>);
      },
      delete: (table, key) => {
        check();
        writes.set(rowId(table, key), { op: 'delete', table, key } as Change<D>);
      },
    };
    try {
      const result = await fn(tx);
      this.#commit([...writes.values()]);
      return result;
    } finally {
      open = false;
    }
  }

  /** Resolves when every change committed so far is on disk. */
  durable(): Promise<void> {
    return this.#journal.durable();
  }

  /** Replaces every table with `data` and makes that the durable state, between two transactions. */
  replaceAll(data: D): Promise<void> {
    const run = this.#queue.then(async () => {
      this.#data = { ...this.#options.empty(), ...data };
      this.#rows = countRows(this.#data);
      await this.compact();
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  async appendEvent(input: EventInput): Promise<SandboxEvent> {
    const event = { seq: ++this.#seq, ...input } as SandboxEvent;
    this.#events.push(event);
    // Trimmed in batches, so keeping the timeline bounded costs nothing per event.
    const capacity = this.#options.eventCapacity ?? 5000;
    if (this.#events.length > capacity * 1.25)
      this.#events.splice(0, this.#events.length - capacity);
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  async events(filter: EventFilter = {}): Promise<SandboxEvent[]> {
    const found = this.#events.filter(
      (e) =>
        (!filter.type || e.type === filter.type) &&
        (filter.namespace === undefined || e.namespace === filter.namespace) &&
        (!filter.correlationId || e.correlationId === filter.correlationId) &&
        (filter.since === undefined || e.seq > filter.since),
    );
    return filter.limit === undefined ? found : found.slice(0, filter.limit);
  }

  onEvent(listener: (event: SandboxEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async clearEvents(namespace?: string): Promise<void> {
    this.#events =
      namespace === undefined ? [] : this.#events.filter((e) => e.namespace !== namespace);
  }

  /**
   * Writes the snapshot and drops the journal it covers. The journal is moved aside first, so
   * changes committed while the snapshot is written land in a fresh journal and are kept. Runs
   * one at a time: a second call waits for the first and then snapshots again.
   */
  compact(): Promise<void> {
    const previous = this.#compacting;
    const run = async () => {
      await previous;
      const closeRotated = this.#journal.rotate(this.#rotatedPath);
      this.#entries = 0;
      this.#compactAt = this.#threshold();
      await writeSnapshotFile(this.#snapshotFile, this.#data);
      await closeRotated();
      rmSync(this.#rotatedPath, { force: true });
    };
    const current = run().finally(() => {
      if (this.#compacting === current) this.#compacting = undefined;
    });
    this.#compacting = current;
    return current;
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.#compacting;
    await this.#journal.close();
    this.#listeners.clear();
  }

  #get<C extends TableName<D>>(table: C, key: string): RowOf<D, C> | undefined {
    const rows = this.#data[table];
    return rows && Object.hasOwn(rows, key) ? (rows[key] as RowOf<D, C>) : undefined;
  }

  #list<C extends TableName<D>>(table: C, where?: Where<RowOf<D, C>>): RowOf<D, C>[] {
    const rows = Object.values(this.#data[table] ?? {}) as RowOf<D, C>[];
    return where ? rows.filter((row) => matches(row, where)) : rows;
  }

  /**
   * Applies changes in memory and appends them to the journal, in one synchronous run: what a
   * reader sees after this has them all. They are on disk once `durable()` resolves.
   */
  #commit(changes: readonly Change<D>[]): void {
    if (changes.length === 0) return;
    this.#journal.append(`${JSON.stringify(changes)}\n`);
    this.#apply(changes);
    this.#entries += 1;
    if (this.#entries >= this.#compactAt && !this.#compacting) void this.compact();
  }

  #threshold(): number {
    return Math.max(this.#options.compactEvery ?? 2000, this.#rows);
  }

  async #load(): Promise<void> {
    const stored = readSnapshotFile(this.#snapshotFile);
    this.#data = { ...this.#options.empty(), ...(stored?.data as Partial<D> | undefined) };
    this.#rows = stored?.records ?? 0;
    let replayed = 0;
    for (const file of [this.#rotatedPath, this.#journalPath]) {
      if (!existsSync(file)) continue;
      forEachLine(file, (whole) => {
        const line = journalText(whole);
        if (!line) return;
        try {
          this.#apply(JSON.parse(line) as Change<D>[]);
          replayed += 1;
        } catch {
          // A line cut short by a crash was never acknowledged to anyone; the rest still counts.
        }
      });
    }
    // Snapshot what was replayed before dropping any journal, so a crash here loses nothing. A
    // snapshot in another layout (an earlier version's, or edited by hand) is rewritten in the
    // one that loads as it streams, once.
    if (replayed > 0 || !stored?.streamed) await writeSnapshotFile(this.#snapshotFile, this.#data);
    rmSync(this.#rotatedPath, { force: true });
    writeFileSync(this.#journalPath, '');
    this.#journal = new JournalFile(this.#journalPath);
    this.#compactAt = this.#threshold();
  }

  #apply(changes: readonly Change<D>[]): void {
    for (const change of changes) {
      const table = (this.#data[change.table] ??= {} as D[typeof change.table]) as Table<unknown>;
      const had = Object.hasOwn(table, change.key);
      if (change.op === 'put') {
        table[change.key] = change.value;
        if (!had) this.#rows += 1;
      } else if (had) {
        delete table[change.key];
        this.#rows -= 1;
      }
    }
  }
}

/** Walks every table (Object.keys sorts a large table's keys): for a whole new state only. */
function countRows(data: Tables): number {
  let rows = 0;
  for (const table of Object.values(data)) rows += Object.keys(table).length;
  return rows;
}
