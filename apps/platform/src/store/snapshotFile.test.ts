import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSnapshotFile, writeSnapshotFile } from './snapshotFile.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'snapshot-file-'));
  file = join(dir, 'db.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Keys and values that JSON has to escape, or that a line-by-line reader could trip on. */
function awkwardData(): Record<string, Record<string, unknown>> {
  const items: Record<string, unknown> = {
    plain: { n: 1, scopes: ['auth_base', 'auth_user'] },
    'with "quotes" and \\ backslash': { text: 'a "quoted" \\ value' },
    'line\nbreak\tand\u0001control': {
      text: 'first line\nsecond line\r\n',
      nested: { deep: [1, { x: null }] },
    },
    'ünïcödé 名前 🧪': { name: '张伟 🧪', emoji: '👩‍💻' },
    '': { empty: 'key' },
    'ends with a comma,': 'a string value,',
    '": {': ['looks like', 'the layout', '  },'],
    number: 42,
    flag: false,
    nothing: null,
  };
  // A key JSON.parse keeps as an own property, never as the object's prototype.
  Object.defineProperty(items, '__proto__', {
    value: { own: true },
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return { first: { a: { n: 1 } }, items, empty: {}, 'table "quoted"': { k: 'v' }, last: {} };
}

describe('the snapshot file', () => {
  it('reads back what it wrote, a line at a time, and is JSON anyone can parse', async () => {
    const data = awkwardData();
    await writeSnapshotFile(file, data);
    const text = readFileSync(file, 'utf8');
    // One record per line: `{`, 5 tables, 13 records, 3 closing braces of tables with records,
    // `}`, and the empty text after the last newline.
    expect(text.split('\n')).toHaveLength(24);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(data)));

    const stored = readSnapshotFile(file)!;
    expect(stored.streamed).toBe(true);
    expect(stored.records).toBe(13);
    expect(JSON.stringify(stored.data)).toBe(JSON.stringify(data));
    expect(Object.getPrototypeOf(stored.data['items'])).toBe(Object.prototype);
    expect(Object.hasOwn(stored.data['items']!, '__proto__')).toBe(true);
  });

  it('reads a store with no tables and one with a single empty table', async () => {
    await writeSnapshotFile(file, {});
    expect(readSnapshotFile(file)).toEqual({ data: {}, records: 0, streamed: true });
    await writeSnapshotFile(file, { only: {} });
    expect(readSnapshotFile(file)).toEqual({ data: { only: {} }, records: 0, streamed: true });
  });

  it('is null when there is no snapshot yet', () => {
    expect(readSnapshotFile(file)).toBeNull();
  });

  it("reads lowdb's own layout (two-space JSON, as earlier versions wrote it) whole, and says so", () => {
    const data = awkwardData();
    writeFileSync(file, JSON.stringify(data, null, 2));
    const stored = readSnapshotFile(file)!;
    expect(stored.streamed).toBe(false);
    expect(stored.records).toBe(13);
    expect(JSON.stringify(stored.data)).toBe(JSON.stringify(data));
  });

  it('reads a file edited by hand in the layout, and one reformatted by hand', async () => {
    await writeSnapshotFile(file, { items: { a: { n: 1 }, b: { n: 2 } } });
    const edited = readFileSync(file, 'utf8').replace('{"n":2}', '{ "n": 3, "note": "edited" }');
    writeFileSync(file, edited);
    expect(readSnapshotFile(file)).toEqual({
      data: { items: { a: { n: 1 }, b: { n: 3, note: 'edited' } } },
      records: 2,
      streamed: true,
    });
    writeFileSync(file, '{"items":{"a":{"n":1}}}');
    expect(readSnapshotFile(file)).toMatchObject({
      data: { items: { a: { n: 1 } } },
      streamed: false,
    });
  });

  it('never takes part of a snapshot for all of it: a file cut short anywhere is refused', async () => {
    await writeSnapshotFile(file, awkwardData());
    const whole = readFileSync(file);
    const lineEnds = [...whole.entries()].filter(([, byte]) => byte === 0x0a).map(([at]) => at);
    // Cut after every line but the closing brace's, and inside every line.
    const cuts = [...lineEnds.slice(0, -1).flatMap((at) => [at, at + 1]), 1, 7, whole.length - 3];
    for (const cut of cuts) {
      if (cut > whole.length - 2) continue;
      writeFileSync(file, whole.subarray(0, cut));
      expect(() => readSnapshotFile(file), `cut at byte ${cut}`).toThrow(/is not valid JSON/);
    }
    // Only the final newline may go.
    writeFileSync(file, whole.subarray(0, whole.length - 1));
    expect(readSnapshotFile(file)?.records).toBe(13);
  });

  it('refuses what is not JSON even where the layout looks right (a missing comma), naming the file', async () => {
    await writeSnapshotFile(file, { items: { a: { n: 1 }, b: { n: 2 } } });
    writeFileSync(file, readFileSync(file, 'utf8').replace('{"n":1},', '{"n":1}'));
    expect(() => readSnapshotFile(file)).toThrow(`${file} is not valid JSON`);
    writeFileSync(file, '{\n  "items": {\n    "a": {"n":1}\n  }\n  "more": {}\n}\n');
    expect(() => readSnapshotFile(file)).toThrow(`${file} is not valid JSON`);
  });

  it('refuses JSON that is not a store of tables', () => {
    writeFileSync(file, '[1, 2]');
    expect(() => readSnapshotFile(file)).toThrow('is not a store');
    writeFileSync(file, '{"items": 3}');
    expect(() => readSnapshotFile(file)).toThrow('is not a store');
  });

  it('reads records longer than one read of the file', async () => {
    const long = 'x'.repeat(200_000);
    await writeSnapshotFile(file, { items: { a: { long }, b: { long: `${long}é` } } });
    const stored = readSnapshotFile(file)!;
    expect(stored.streamed).toBe(true);
    expect(stored.data).toEqual({ items: { a: { long }, b: { long: `${long}é` } } });
  });
});
