import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSONFile } from 'lowdb/node';
import { JournalFile } from './journalFile.js';
import { writeSnapshotFile } from './snapshotFile.js';

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
  /** The data of an empty store. */
  empty: () => D;
  /** Journal entries between snapshots, at least; grows with the data so the cost stays flat. */
  compactEvery?: number;
}

/**
 * State in memory, durable on disk, and a request's cost independent of how much is stored.
 *
 * `db.json` is a lowdb file that people can read, and edit while the sandbox is stopped. Every
 * change is appended to `journal.ndjson` at once; `durable()` resolves when all changes so far are
 * synced, and the servers send no answer before that, so an answer survives SIGKILL. When the
 * journal has grown long enough, the snapshot is rewritten and the journal starts over. Changes
 * are whole-record puts and deletes, so replaying a journal over a snapshot that already holds part
 * of it gives the same state.
 */
export class JournalStore<D extends Tables> {
  readonly #options: JournalStoreOptions<D>;
  readonly #snapshotFile: string;
  readonly #journalPath: string;
  readonly #rotatedPath: string;
  #data: D;
  #journal!: JournalFile;
  #entries = 0;
  #compactAt = 0;
  #compacting: Promise<void> | undefined;

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

  get data(): Readonly<D> {
    return this.#data;
  }

  get<C extends keyof D & string>(table: C, key: string): D[C][string] | undefined {
    const rows = this.#data[table];
    return rows && Object.hasOwn(rows, key) ? (rows[key] as D[C][string]) : undefined;
  }

  list<C extends keyof D & string>(table: C): D[C][string][] {
    return Object.values(this.#data[table] ?? {}) as D[C][string][];
  }

  /**
   * Applies changes atomically in memory and appends them to the journal, in one synchronous run:
   * what a caller reads after this sees them. They are on disk once `durable()` resolves.
   */
  commit(changes: readonly Change<D>[]): void {
    if (changes.length === 0) return;
    this.#journal.append(`${JSON.stringify(changes)}\n`);
    this.#apply(changes);
    this.#entries += 1;
    if (this.#entries >= this.#compactAt && !this.#compacting) void this.compact();
  }

  /** Resolves when every change committed so far is on disk. */
  durable(): Promise<void> {
    return this.#journal.durable();
  }

  /** Replaces every table with `data` and makes that the durable state. */
  async replaceAll(data: D): Promise<void> {
    this.#data = data;
    await this.compact();
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
    await this.#compacting;
    await this.#journal.close();
  }

  /** Counted once per snapshot, so a commit never walks the tables. */
  #threshold(): number {
    let rows = 0;
    for (const table of Object.values(this.#data)) rows += Object.keys(table).length;
    return Math.max(this.#options.compactEvery ?? 2000, rows);
  }

  async #load(): Promise<void> {
    let stored: D | null;
    try {
      stored = await new JSONFile<D>(this.#snapshotFile).read();
    } catch (error) {
      throw new Error(`${this.#snapshotFile} is not valid JSON (${(error as Error).message}); fix it, or delete the data folder to start over`);
    }
    this.#data = { ...this.#options.empty(), ...stored };
    let replayed = 0;
    for (const file of [this.#rotatedPath, this.#journalPath]) {
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          this.#apply(JSON.parse(line) as Change<D>[]);
          replayed += 1;
        } catch {
          // A line cut short by a crash was never acknowledged to anyone; the rest still counts.
        }
      }
    }
    // Snapshot what was replayed before dropping any journal, so a crash here loses nothing.
    if (replayed > 0 || stored === null) await writeSnapshotFile(this.#snapshotFile, this.#data);
    rmSync(this.#rotatedPath, { force: true });
    writeFileSync(this.#journalPath, '');
    this.#journal = new JournalFile(this.#journalPath);
    this.#compactAt = this.#threshold();
  }

  #apply(changes: readonly Change<D>[]): void {
    for (const change of changes) {
      const table = (this.#data[change.table] ??= {} as D[typeof change.table]) as Table<unknown>;
      if (change.op === 'put') table[change.key] = change.value;
      else delete table[change.key];
    }
  }
}
