import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREALLOCATE } from './journalFile.js';
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
  it('keeps every durable change across a reopen without a clean close', async () => {
    const store = await JournalStore.open<Data>({ dir, empty });
    await store.transaction(async (tx) => tx.put('items', 'a', { n: 1 }));
    await store.transaction(async (tx) => {
      tx.put('items', 'b', { n: 2 });
      tx.delete('items', 'a');
    });
    // What the servers wait for before they answer.
    await store.durable();
    // No close: the process "dies" here; only the journal holds the changes.
    const reopened = await JournalStore.open<Data>({ dir, empty });
    expect(reopened.data.items).toEqual({ b: { n: 2 } });
    await reopened.close();
  });

  it('writes into a tail made ahead of the writes, replays up to it, and cuts it off on a clean close', async () => {
    const journal = join(dir, 'journal.ndjson');
    const store = await JournalStore.open<Data>({ dir, empty });
    await store.transaction(async (tx) => tx.put('items', 'a', { n: 1 }));
    await store.durable();
    const line = `${JSON.stringify([{ op: 'put', table: 'items', key: 'a', value: { n: 1 } }])}\n`;
    // While open, the file is already longer than what was written, so a synced write need not
    // record a new size; the rest is NUL bytes, which no JSON line holds.
    const open = readFileSync(journal);
    expect(open.length).toBe(line.length + PREALLOCATE);
    expect(open.subarray(0, line.length).toString('utf8')).toBe(line);
    expect(open.subarray(line.length).every((byte) => byte === 0)).toBe(true);
    // A crash leaves the tail behind: the next start replays up to it.
    const reopened = await JournalStore.open<Data>({ dir, empty });
    expect(reopened.data.items).toEqual({ a: { n: 1 } });
    await reopened.transaction(async (tx) => tx.put('items', 'b', { n: 2 }));
    await reopened.close();
    // A clean close leaves only the lines.
    expect(readFileSync(journal, 'utf8')).toBe(
      `${JSON.stringify([{ op: 'put', table: 'items', key: 'b', value: { n: 2 } }])}\n`,
    );
    await store.close();
  });

  it('recovers a journal left behind by a compaction cut short, together with the newer journal', async () => {
    writeFileSync(join(dir, 'db.json'), JSON.stringify({ items: { old: { n: 0 } } }));
    writeFileSync(
      join(dir, 'journal.compacting.ndjson'),
      `${JSON.stringify([{ op: 'put', table: 'items', key: 'x', value: { n: 1 } }])}\n`,
    );
    writeFileSync(
      join(dir, 'journal.ndjson'),
      `${JSON.stringify([{ op: 'put', table: 'items', key: 'y', value: { n: 2 } }])}\n{"truncat`,
    );
    const store = await JournalStore.open<Data>({ dir, empty });
    expect(store.data.items).toEqual({ old: { n: 0 }, x: { n: 1 }, y: { n: 2 } });
    // The recovered state is in the snapshot before the journals are dropped.
    expect(JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'))).toEqual({
      items: store.data.items,
    });
    await store.close();
  });

  it('snapshots into db.json and keeps changes committed while a compaction runs', async () => {
    const store = await JournalStore.open<Data>({ dir, empty, compactEvery: 3 });
    for (let n = 0; n < 10; n++)
      await store.transaction(async (tx) => tx.put('items', `k${n}`, { n }));
    await store.compact();
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8')).items)).toHaveLength(
      10,
    );
    await store.close();
    const reopened = await JournalStore.open<Data>({ dir, empty });
    expect(Object.keys(reopened.data.items)).toHaveLength(10);
    await reopened.close();
  });

  it("lands a transaction's writes together at commit, and none of them when it throws", async () => {
    const store = await JournalStore.open<Data>({ dir, empty });
    await store.transaction(async (tx) => tx.put('items', 'kept', { n: 1 }));
    const failure = store.transaction(async (tx) => {
      tx.put('items', 'kept', { n: 2 });
      tx.put('items', 'new', { n: 3 });
      // Inside, the transaction reads its own writes; outside, nobody sees them yet.
      expect(await tx.get('items', 'kept')).toEqual({ n: 2 });
      expect(await tx.list('items')).toEqual([{ n: 2 }, { n: 3 }]);
      expect(await store.get('items', 'kept')).toEqual({ n: 1 });
      throw new Error('refused');
    });
    await expect(failure).rejects.toThrow('refused');
    expect(await store.list('items')).toEqual([{ n: 1 }]);
    await store.close();
    // Nothing of the failed transaction reached the journal either.
    const reopened = await JournalStore.open<Data>({ dir, empty });
    expect(reopened.data.items).toEqual({ kept: { n: 1 } });
    await reopened.close();
  });

  it('runs transactions one at a time, so a read-check-write is won once', async () => {
    const store = await JournalStore.open<Data>({ dir, empty });
    await store.transaction(async (tx) => tx.put('items', 'code', { n: 0 }));
    const useOnce = () =>
      store.transaction(async (tx) => {
        const code = await tx.get('items', 'code');
        // A yield between the read and the write: another transaction would interleave here.
        await new Promise((resolve) => setImmediate(resolve));
        if (code?.n !== 0) return false;
        tx.put('items', 'code', { n: 1 });
        return true;
      });
    const results = await Promise.all(Array.from({ length: 20 }, useOnce));
    expect(results.filter(Boolean)).toHaveLength(1);
    await store.close();
  });

  it('refuses a write after its transaction ended', async () => {
    const store = await JournalStore.open<Data>({ dir, empty });
    let leaked: Parameters<Parameters<typeof store.transaction>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });
    expect(() => leaked!.put('items', 'late', { n: 1 })).toThrow('the transaction has ended');
    expect(await store.get('items', 'late')).toBeUndefined();
    await store.close();
  });

  it('lists the rows whose fields equal a where', async () => {
    const store = await JournalStore.open<Data>({ dir, empty });
    await store.transaction(async (tx) => {
      for (let n = 0; n < 5; n++) tx.put('items', `k${n}`, { n: n % 2 });
    });
    expect(await store.list('items', { n: 1 })).toEqual([{ n: 1 }, { n: 1 }]);
    await store.close();
  });

  it('numbers events in order, delivers them, and keeps the most recent within its capacity', async () => {
    const store = await JournalStore.open<Data>({ dir, empty, eventCapacity: 4 });
    const delivered: number[] = [];
    const stop = store.onEvent((event) => delivered.push(event.seq));
    for (let i = 0; i < 10; i++) {
      await store.appendEvent({
        type: 'token.issued',
        at: '2030-01-01T00:00:00+00:00',
        data: {},
        ...(i % 2 === 0 && { namespace: 'w1' }),
      });
    }
    stop();
    expect(delivered).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Trimmed in batches: never more than 1.25 x the capacity, the newest kept.
    const kept = (await store.events()).map((e) => e.seq);
    expect(kept.length).toBeLessThanOrEqual(5);
    expect(kept.at(-1)).toBe(10);
    expect((await store.events({ since: 8 })).map((e) => e.seq)).toEqual([9, 10]);
    expect((await store.events({ since: 0, limit: 2 })).map((e) => e.seq)).toEqual(
      kept.slice(0, 2),
    );
    await store.clearEvents('w1');
    expect((await store.events()).every((e) => e.namespace === undefined)).toBe(true);
    await store.close();
  });
});
