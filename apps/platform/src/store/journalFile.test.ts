import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalFile, journalText } from './journalFile.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'journal-file-'));
  path = join(dir, 'journal.ndjson');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const onDisk = () => journalText(readFileSync(path, 'utf8'));

/** What ran first: the event loop's next turn, or the batch reaching the disk. */
async function firstAfterAppend(journal: JournalFile, line: string): Promise<'loop' | 'disk'> {
  const order: Array<'loop' | 'disk'> = [];
  journal.append(line);
  const durable = journal.durable().then(() => order.push('disk'));
  // Scheduled after the append, so it runs after the turn that writes the batch on the loop.
  const turn = new Promise<void>((resolve) => setImmediate(resolve)).then(() => order.push('loop'));
  await Promise.all([durable, turn]);
  return order[0]!;
}

describe('JournalFile', () => {
  it('writes the lines of one turn together, in order, and they are on disk when durable() resolves', async () => {
    const journal = new JournalFile(path);
    journal.append('a\n');
    journal.append('b\n');
    const first = journal.durable();
    journal.append('c\n');
    await first;
    await journal.durable();
    expect(onDisk()).toBe('a\nb\nc\n');
    // Nothing queued: durable() has nothing to wait for.
    await journal.durable();
    await journal.close();
    expect(readFileSync(path, 'utf8')).toBe('a\nb\nc\n');
  });

  it('on a fast disk, makes the batch durable on the event loop, before its next turn', async () => {
    const journal = new JournalFile(path, Number.POSITIVE_INFINITY);
    expect(await firstAfterAppend(journal, 'a\n')).toBe('disk');
    expect(await firstAfterAppend(journal, 'b\n')).toBe('disk');
    await journal.close();
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
  });

  it('after a write slower than its threshold, hands batches to the thread pool and keeps the loop turning', async () => {
    // Every write is "slow" (threshold -1 ms): the first is made on the loop, the next ones on the pool.
    const journal = new JournalFile(path, -1);
    expect(await firstAfterAppend(journal, 'a\n')).toBe('disk');
    expect(await firstAfterAppend(journal, 'b\n')).toBe('loop');
    // Lines appended while a batch is on its way share the next one, still in order.
    for (let n = 0; n < 50; n++) journal.append(`${n}\n`);
    const waits = [journal.durable()];
    for (let n = 50; n < 100; n++) {
      journal.append(`${n}\n`);
      if (n % 10 === 0) waits.push(journal.durable());
    }
    await Promise.all(waits);
    const numbers = Array.from({ length: 100 }, (_, n) => `${n}\n`).join('');
    expect(onDisk()).toBe(`a\nb\n${numbers}`);
    await journal.close();
    expect(readFileSync(path, 'utf8')).toBe(`a\nb\n${numbers}`);
  });
});
