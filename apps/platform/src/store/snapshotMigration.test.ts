import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSONFile } from 'lowdb/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalStore, type Tables } from './journalStore.js';
import { readSnapshotFile } from './snapshotFile.js';

interface Data extends Tables {
  items: Record<string, { n: number; text: string }>;
  others: Record<string, { n: number }>;
}
const empty = (): Data => ({ items: {}, others: {} });

const STORE_MODULE = fileURLToPath(new URL('./journalStore.ts', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'snapshot-migration-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const put = (table: string, key: string, value: unknown) => ({ op: 'put', table, key, value });
const line = (...changes: unknown[]) => `${JSON.stringify(changes)}\n`;

/**
 * A data folder as versions before the streamed snapshot left it: `db.json` written by lowdb
 * itself (two-space JSON, a record over several lines), the journal of changes since, and a
 * journal a compaction was moving aside when the process died.
 */
async function writeEarlierFolder(folder: string, rows: number): Promise<Data> {
  const data = empty();
  for (let n = 0; n < rows; n++)
    data.items[`item-${n}`] = { n, text: `row ${n}: "quoted", ünïcödé 🧪\nsecond line` };
  data.others['o'] = { n: 0 };
  mkdirSync(folder, { recursive: true });
  await new JSONFile<Data>(join(folder, 'db.json')).write(data);
  writeFileSync(
    join(folder, 'journal.compacting.ndjson'),
    line(put('items', 'item-0', { n: -1, text: 'changed' })),
  );
  writeFileSync(
    join(folder, 'journal.ndjson'),
    line(put('others', 'p', { n: 1 })) +
      line({ op: 'delete', table: 'items', key: 'item-1' }) +
      // The last line a crash cut short: never acknowledged, so not part of the state.
      '[{"op":"put","table":"others","key":"q","val',
  );
  return data;
}

/** What the earlier folder holds once its journals are replayed. */
function expectedState(data: Data): Data {
  const items: Data['items'] = { ...data.items, 'item-0': { n: -1, text: 'changed' } };
  delete items['item-1'];
  return { items, others: { o: { n: 0 }, p: { n: 1 } } };
}

describe('a data folder an earlier version wrote', () => {
  it('opens with nothing lost, and its snapshot is rewritten once in the layout that streams', async () => {
    const expected = expectedState(await writeEarlierFolder(dir, 50));
    expect(readFileSync(join(dir, 'db.json'), 'utf8')).toContain('"item-0": {\n      "n": 0,');
    expect(readSnapshotFile(join(dir, 'db.json'))?.streamed).toBe(false);

    const store = await JournalStore.open<Data>({ dir, empty });
    expect(store.data).toEqual(expected);
    // Rewritten before the journals were dropped: the state is the snapshot's alone now.
    expect(readSnapshotFile(join(dir, 'db.json'))).toEqual({
      data: expected,
      records: 51,
      streamed: true,
    });
    expect(readFileSync(join(dir, 'journal.ndjson'), 'utf8')).toBe('');
    expect(existsSync(join(dir, 'journal.compacting.ndjson'))).toBe(false);
    await store.transaction(async (tx) => tx.put('others', 'after', { n: 2 }));
    await store.durable();

    // No close (a SIGKILL): the next start replays the new journal over the new snapshot.
    const reopened = await JournalStore.open<Data>({ dir, empty });
    expect(reopened.data).toEqual({ ...expected, others: { ...expected.others, after: { n: 2 } } });
    await reopened.close();
    await store.close();
    // Rewritten once: a start with nothing to replay leaves a snapshot in the layout as it is.
    const settled = statSync(join(dir, 'db.json')).ino;
    const again = await JournalStore.open<Data>({ dir, empty });
    await again.close();
    expect(statSync(join(dir, 'db.json')).ino).toBe(settled);
  });

  it('loses nothing when the process is killed with SIGKILL at any moment of the migration', async () => {
    const earlier = join(dir, 'earlier');
    const expected = expectedState(await writeEarlierFolder(earlier, 5_000));
    // How long an open takes here, so the kills below land before, during and after it.
    const whole = await openInChild(join(dir, 'calibrate'), earlier, undefined);
    expect(whole.finished).toBe(true);
    // Most land while the old snapshot is read and the new one written; the last ones after.
    const moments = [0.3, 0.45, 0.6, 0.75, 0.9, 1.05, 1.3];
    for (const [k, moment] of moments.entries()) {
      const folder = join(dir, `kill-${k}`);
      const outcome = await openInChild(folder, earlier, whole.openMs * moment);
      const store = await JournalStore.open<Data>({ dir: folder, empty });
      expect(store.data, `killed ${outcome.finished ? 'after' : 'during'} the open`).toEqual(
        expected,
      );
      await store.close();
      expect(readSnapshotFile(join(folder, 'db.json'))?.streamed).toBe(true);
    }
  }, 120_000);

  it('never reads a snapshot left half-written; one cut short in place is refused, not half-loaded', async () => {
    const store = await JournalStore.open<Data>({ dir, empty });
    await store.transaction(async (tx) => {
      for (let n = 0; n < 100; n++) tx.put('items', `k${n}`, { n, text: 'x' });
    });
    await store.compact();
    await store.close();
    const snapshot = readFileSync(join(dir, 'db.json'));
    // A compaction killed while writing leaves its temporary file; the snapshot before it counts.
    writeFileSync(join(dir, 'db.json.tmp'), snapshot.subarray(0, snapshot.length / 2));
    const reopened = await JournalStore.open<Data>({ dir, empty });
    expect(Object.keys(reopened.data.items)).toHaveLength(100);
    await reopened.close();
    // The rename makes a snapshot whole or absent; if the disk lost its end anyway, say so.
    writeFileSync(join(dir, 'db.json'), snapshot.subarray(0, snapshot.lastIndexOf('\n  }')));
    await expect(JournalStore.open<Data>({ dir, empty })).rejects.toThrow(
      /db\.json is not valid JSON .*delete the data folder to start over/,
    );
  });
});

/**
 * Copies `from` to `folder` and opens it as a store in a process of its own, which is killed with
 * SIGKILL `killAfterMs` after it begins to open (never, when undefined).
 */
function openInChild(
  folder: string,
  from: string,
  killAfterMs: number | undefined,
): Promise<{ finished: boolean; openMs: number }> {
  cpSync(from, folder, { recursive: true });
  const script = `
    const { JournalStore } = await import(process.argv[1]);
    console.log('opening');
    const t0 = performance.now();
    await JournalStore.open({ dir: process.argv[2], empty: () => ({ items: {}, others: {} }) });
    console.log('opened ' + (performance.now() - t0));
  `;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, STORE_MODULE, folder],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (killAfterMs === undefined || armed || !output.startsWith('opening\n')) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const opened = /opened ([\d.]+)/.exec(output);
      if (!opened && signal !== 'SIGKILL')
        reject(new Error(`the store did not open (exit ${code}):\n${output}`));
      else resolve({ finished: opened !== null, openMs: Number(opened?.[1] ?? 0) });
    });
  });
}
