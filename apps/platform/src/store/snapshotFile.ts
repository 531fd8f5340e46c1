import { readFileSync, existsSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { forEachLine } from './lineFile.js';

/** Records serialised between two yields to the event loop. */
const SLICE = 2000;

type Data = Record<string, Record<string, unknown>>;

/*
 * The snapshot is JSON that lowdb (and a person) can read, in a fixed layout of one record per
 * line, which is what lets it load as it streams, a line at a time:
 *
 *   {
 *     "apps": {
 *       "app-1": {"appId":"app-1",…},
 *       "app-2": {"appId":"app-2",…}
 *     },
 *     "faults": {},
 *     …
 *   }
 *
 * Tables at two spaces, records at four, each record `"key": <JSON on one line>` with a comma
 * when another follows. JSON.stringify never writes a newline inside a value, so a record is
 * always one line. A file in any other layout (the two-space JSON lowdb itself writes, which
 * earlier versions kept, or a file reformatted by hand) is read whole, once, and the store then
 * rewrites it in this layout.
 */

/**
 * Writes `data` in the layout above, a slice of records at a time, so a large store does not stop
 * the server while it is written. Records changed meanwhile may be caught old or new; the journal
 * kept since the snapshot began has them. The file is replaced atomically once it is complete and
 * on disk, so a reader finds the old snapshot or the new one, whole.
 */
export async function writeSnapshotFile(file: string, data: Data): Promise<void> {
  const tmp = `${file}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    const tables = Object.keys(data);
    await handle.write('{');
    for (const [t, table] of tables.entries()) {
      await handle.write(`${t === 0 ? '' : ','}\n  ${JSON.stringify(table)}: {`);
      const rows = Object.entries(data[table] ?? {});
      for (let start = 0; start < rows.length; start += SLICE) {
        const slice = rows
          .slice(start, start + SLICE)
          .map(([key, value]) => `\n    ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
        await handle.write((start === 0 ? '' : ',') + slice.join(','));
      }
      await handle.write(rows.length > 0 ? '\n  }' : '}');
    }
    await handle.write('\n}\n');
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}

export interface StoredSnapshot {
  data: Data;
  /** Records read (a key written twice counts twice; it is for a threshold, not a census). */
  records: number;
  /** False when the file was in another layout and was read whole: the store should rewrite it. */
  streamed: boolean;
}

/**
 * Reads the snapshot: a line at a time when it is in the layout above, else whole (as any JSON).
 * Null when there is none. Throws when it is not valid JSON, a file cut short included: a part of
 * the snapshot is never taken for all of it.
 */
export function readSnapshotFile(file: string): StoredSnapshot | null {
  if (!existsSync(file)) return null;
  try {
    return { ...readRecordLines(file), streamed: true };
  } catch (error) {
    if (!(error instanceof LayoutError)) throw error;
  }
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${file} is not valid JSON (${(error as Error).message}); fix it, or delete the data folder to start over`,
    );
  }
  if (!isTables(parsed))
    throw new Error(
      `${file} is not a store (an object of tables, each an object of records); fix it, or delete the data folder to start over`,
    );
  let records = 0;
  for (const table of Object.values(parsed)) records += Object.keys(table).length;
  return { data: parsed, records, streamed: false };
}

/** The file is not in the one-record-per-line layout (it may still be JSON in another). */
class LayoutError extends Error {}

function isTables(value: unknown): value is Data {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return isObject(value) && Object.values(value as object).every(isObject);
}

const TABLE_INDENT = '  ';
const RECORD_INDENT = '    ';

/**
 * Parses the layout strictly: whatever it accepts is valid JSON meaning the same data. Anything
 * else is a LayoutError, and the caller reads the file as plain JSON, which decides.
 */
function readRecordLines(file: string): { data: Data; records: number } {
  const data: Data = {};
  let records = 0;
  let table: Record<string, unknown> | undefined;
  let state = 'start' as 'start' | 'tables' | 'records' | 'end';
  /** The element before ended with a comma, so another must follow before the closing brace. */
  let more = false;
  /** The table being read has a record yet (a record after one needs the comma before it). */
  let filled = false;
  let tableSeen = false;
  forEachLine(file, (line) => {
    switch (state) {
      case 'start':
        if (line !== '{') throw new LayoutError();
        state = 'tables';
        return;
      case 'tables': {
        if (line === '}') {
          if (more) throw new LayoutError();
          state = 'end';
          return;
        }
        if (tableSeen && !more) throw new LayoutError();
        if (!line.startsWith(TABLE_INDENT) || line.charCodeAt(2) !== 0x22) throw new LayoutError();
        tableSeen = true;
        const { key, next } = readKey(line, TABLE_INDENT.length);
        const rest = line.slice(next);
        const opened: Record<string, unknown> = {};
        setOwn(data, key, opened);
        if (rest === ': {') {
          table = opened;
          state = 'records';
          more = false;
          filled = false;
        } else if (rest === ': {}' || rest === ': {},') {
          more = rest.endsWith(',');
        } else throw new LayoutError();
        return;
      }
      case 'records': {
        if (line === '  }' || line === '  },') {
          if (more) throw new LayoutError();
          more = line.endsWith(',');
          state = 'tables';
          return;
        }
        if (filled && !more) throw new LayoutError();
        if (!line.startsWith(RECORD_INDENT) || line.charCodeAt(4) !== 0x22) throw new LayoutError();
        const { key, next } = readKey(line, RECORD_INDENT.length);
        if (line.charCodeAt(next) !== 0x3a || line.charCodeAt(next + 1) !== 0x20)
          throw new LayoutError();
        more = line.charCodeAt(line.length - 1) === 0x2c;
        const value = parseOrLayoutError(line.slice(next + 2, more ? -1 : undefined));
        setOwn(table!, key, value);
        records += 1;
        filled = true;
        return;
      }
      case 'end':
        if (line !== '') throw new LayoutError();
        return;
    }
  });
  // A file cut short ends inside the tables: not a snapshot, whatever its first part held.
  if (state !== 'end') throw new LayoutError();
  return { data, records };
}

/** A backslash (an escape), or a control character, which JSON allows only escaped. */
const NEEDS_DECODING = /[\\\u0000-\u001f]/;

/**
 * The JSON string that starts at `start` (a `"`), and the index just after it. A key without a
 * backslash is the text between the quotes; one with escapes is decoded by JSON.parse.
 */
function readKey(line: string, start: number): { key: string; next: number } {
  const close = line.indexOf('"', start + 1);
  if (close < 0) throw new LayoutError();
  const raw = line.slice(start + 1, close);
  if (!NEEDS_DECODING.test(raw)) return { key: raw, next: close + 1 };
  // Escapes: find the quote that really ends it (one not escaped by a backslash).
  let i = start + 1;
  while (i < line.length && line.charCodeAt(i) !== 0x22) i += line.charCodeAt(i) === 0x5c ? 2 : 1;
  if (i >= line.length) throw new LayoutError();
  return { key: parseOrLayoutError(line.slice(start, i + 1)) as string, next: i + 1 };
}

function parseOrLayoutError(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new LayoutError();
  }
}

/** As JSON.parse does: `__proto__` is a key like any other, never the object's prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else target[key] = value;
}
