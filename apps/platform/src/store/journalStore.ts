import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { JSONFile } from 'lowdb/node';
import { Low } from 'lowdb';

/** A table of records by key; every collection of the store is one. */
export type Table<T> = Record<string, T>;
export type Tables = Record<string, Table<unknown>>;

export type Change<D extends Tables> = {
  [C in keyof D & string]:
    | { op: 'put'; table: C; key: string; value: D[C][string] }
    | { op: 'delete'; table: C; key: string };
}[keyof D & string];

export interface JournalStoreOptions<D extends Tables> {
  dir: string;
  /** The data of an empty store (also what `reset` returns to, merged with `seed`). */
  empty: () => D;
  /** Journal entries between snapshots, at least; grows with the data so the cost stays flat. */
  compactEvery?: number;
}

/**
 * State in memory, durable on disk, and a request's cost independent of how much is stored.
 *
 * `db.json` is a lowdb snapshot that people can read and edit while the sandbox is stopped.
 * Every change is appended to `journal.ndjson` and synced before `commit` returns, so an answer
 * sent after a commit survives SIGKILL. When the journal has grown long enough, the snapshot is
 * rewritten and the journal starts over. Changes are whole-record puts and deletes, so replaying
 * a journal over a snapshot that already holds part of it gives the same state.
 */
export class JournalStore<D extends Tables> {
  readonly #options: JournalStoreOptions<D>;
  readonly #db: Low<D>;
  readonly #journalFile: string;
  readonly #rotatedFile: string;
  #fd = -1;
  #entries = 0;
  #compactAt = 0;
  #compacting: Promise<void> | undefined;

  private constructor(options: JournalStoreOptions<D>) {
    this.#options = options;
    mkdirSync(options.dir, { recursive: true });
    this.#db = new Low<D>(new JSONFile<D>(join(options.dir, 'db.json')), options.empty());
    this.#journalFile = join(options.dir, 'journal.ndjson');
    this.#rotatedFile = join(options.dir, 'journal.compacting.ndjson');
  }

  static async open<D extends Tables>(options: JournalStoreOptions<D>): Promise<JournalStore<D>> {
    const store = new JournalStore(options);
    await store.#load();
    return store;
  }

  get data(): Readonly<D> {
    return this.#db.data;
  }

  get<C extends keyof D & string>(table: C, key: string): D[C][string] | undefined {
    const rows = this.#db.data[table];
    return rows && Object.hasOwn(rows, key) ? (rows[key] as D[C][string]) : undefined;
  }

  list<C extends keyof D & string>(table: C): D[C][string][] {
    return Object.values(this.#db.data[table] ?? {}) as D[C][string][];
  }

  /** Applies changes atomically in memory and makes them durable before returning. */
  commit(changes: readonly Change<D>[]): void {
    if (changes.length === 0) return;
    const line = `${JSON.stringify(changes)}\n`;
    writeSync(this.#fd, line);
    fdatasyncSync(this.#fd);
    this.#apply(changes);
    this.#entries += 1;
    if (this.#entries >= this.#compactAt && !this.#compacting) void this.compact();
  }

  /** Replaces every table with `data` and makes that the durable state. */
  async replaceAll(data: D): Promise<void> {
    this.#db.data = data;
    await this.compact();
  }

  /**
   * Writes the snapshot and drops the journal it covers. The journal is renamed first, so changes
   * committed while the snapshot is being written land in a fresh journal and are kept. Runs one
   * at a time: a second call waits for the first and then snapshots again.
   */
  compact(): Promise<void> {
    const run = async () => {
      await previous;
      closeSync(this.#fd);
      renameSync(this.#journalFile, this.#rotatedFile);
      this.#fd = openSync(this.#journalFile, 'a');
      this.#entries = 0;
      this.#compactAt = this.#threshold();
      // lowdb serialises synchronously when write() is called, capturing the state at rotation.
      await this.#db.write();
      rmSync(this.#rotatedFile, { force: true });
    };
    const previous = this.#compacting;
    const current = run().finally(() => {
      if (this.#compacting === current) this.#compacting = undefined;
    });
    this.#compacting = current;
    return current;
  }

  async close(): Promise<void> {
    await this.#compacting;
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
  }

  /** Counted once per snapshot, so a commit never walks the tables. */
  #threshold(): number {
    let rows = 0;
    for (const table of Object.values(this.#db.data)) rows += Object.keys(table).length;
    return Math.max(this.#options.compactEvery ?? 2000, rows);
  }

  async #load(): Promise<void> {
    await this.#db.read();
    const empty = this.#options.empty();
    for (const table of Object.keys(empty)) this.#db.data[table as keyof D] ??= empty[table as keyof D];
    for (const file of [this.#rotatedFile, this.#journalFile]) {
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          this.#apply(JSON.parse(line) as Change<D>[]);
        } catch {
          // A line cut short by a crash was never acknowledged to anyone; the rest still counts.
        }
      }
    }
    // Snapshot what was replayed before dropping any journal, so a crash here loses nothing.
    await this.#db.write();
    rmSync(this.#rotatedFile, { force: true });
    writeFileSync(this.#journalFile, '');
    this.#fd = openSync(this.#journalFile, 'a');
    this.#compactAt = this.#threshold();
  }

  #apply(changes: readonly Change<D>[]): void {
    for (const change of changes) {
      const table = (this.#db.data[change.table] ??= {} as D[typeof change.table]) as Table<unknown>;
      if (change.op === 'put') table[change.key] = change.value;
      else delete table[change.key];
    }
  }
}
