import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalStore, type Tables } from './journalStore.js';

interface Data extends Tables {
  items: Record<string, { n: number }>;
}
const empty = (): Data => ({ items: {} });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'journal-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('JournalStore', () => {
  it('keeps every committed change across a reopen without a clean close', async () => {
    const store = await JournalStore.open<Data>({ dir, empty });
    store.commit([{ op: 'put', table: 'items', key: 'a', value: { n: 1 } }]);
    store.commit([{ op: 'put', table: 'items', key: 'b', value: { n: 2 } }, { op: 'delete', table: 'items', key: 'a' }]);
    // No close: the process "dies" here; only the journal holds the changes.
    const reopened = await JournalStore.open<Data>({ dir, empty });
    expect(reopened.data.items).toEqual({ b: { n: 2 } });
    await reopened.close();
  });

  it('recovers a journal left behind by a compaction cut short, together with the newer journal', async () => {
    writeFileSync(join(dir, 'db.json'), JSON.stringify({ items: { old: { n: 0 } } }));
    writeFileSync(join(dir, 'journal.compacting.ndjson'), `${JSON.stringify([{ op: 'put', table: 'items', key: 'x', value: { n: 1 } }])}\n`);
    writeFileSync(join(dir, 'journal.ndjson'), `${JSON.stringify([{ op: 'put', table: 'items', key: 'y', value: { n: 2 } }])}\n{"truncat`);
    const store = await JournalStore.open<Data>({ dir, empty });
    expect(store.data.items).toEqual({ old: { n: 0 }, x: { n: 1 }, y: { n: 2 } });
    // The recovered state is in the snapshot before the journals are dropped.
    expect(JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'))).toEqual({ items: store.data.items });
    await store.close();
  });

  it('snapshots into db.json and keeps changes committed while a compaction runs', async () => {
    const store = await JournalStore.open<Data>({ dir, empty, compactEvery: 3 });
    for (let n = 0; n < 10; n++) store.commit([{ op: 'put', table: 'items', key: `k${n}`, value: { n } }]);
    await store.compact();
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8')).items)).toHaveLength(10);
    await store.close();
    const reopened = await JournalStore.open<Data>({ dir, empty });
    expect(Object.keys(reopened.data.items)).toHaveLength(10);
    await reopened.close();
  });
});
