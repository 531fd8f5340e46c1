import { describe, expect, it } from 'vitest';
import { serialQueue } from './serialQueue';

describe('serialQueue', () => {
  it('runs tasks one at a time in order, each after the one before settles (even a failure)', async () => {
    const run = serialQueue();
    const log: string[] = [];
    let release!: () => void;
    const first = run(() =>
      new Promise<string>((resolve) => (release = () => resolve('a'))).then(
        (v) => (log.push('a'), v),
      ),
    );
    const second = run(async () => {
      log.push('b');
      throw new Error('b failed');
    });
    const third = run(async () => (log.push('c'), 'c'));
    await Promise.resolve();
    expect(log).toEqual([]);
    release();
    expect(await first).toBe('a');
    await expect(second).rejects.toThrow('b failed');
    expect(await third).toBe('c');
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('drops a task whose caller gave up while it waited', async () => {
    const run = serialQueue();
    let release!: () => void;
    const first = run(() => new Promise<void>((resolve) => (release = resolve)));
    const gaveUp = new AbortController();
    let ran = false;
    const second = run(async () => void (ran = true), gaveUp.signal);
    gaveUp.abort(new Error('caller gave up'));
    await Promise.resolve(); // the first task starts on the next microtask
    release();
    await first;
    await expect(second).rejects.toThrow('caller gave up');
    expect(ran).toBe(false);
  });
});
