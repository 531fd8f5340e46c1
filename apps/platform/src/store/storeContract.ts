import { describe, expect, it } from 'vitest';
import type { SandboxEvent } from '../deps.js';
import type { EventInput, Store, Table, Tables } from '../domain/store.js';

/**
 * What every `Store` adapter must do, as vitest cases: `describeStoreContract('embedded', open)`
 * in one adapter's test file runs them against that adapter. `open` gives a fresh, empty store
 * (and whatever cleans it up); the cases close it.
 */
export interface ContractCode {
  code: string;
  userId: string;
  usedAt?: number;
}
export interface ContractData extends Tables {
  meta: Table<number | string>;
  codes: Table<ContractCode>;
  counters: Table<{ n: number }>;
}
export const emptyContractData = (): ContractData => ({ meta: {}, codes: {}, counters: {} });

export type OpenStore = (
  empty: () => ContractData,
) => Promise<{ store: Store<ContractData>; cleanup?: () => Promise<void> }>;

export interface ContractOptions {
  /**
   * Transactions of this adapter run side by side (a database: one connection each, at least 8
   * per store). The race cases then hold every transaction at a gate until all have begun, so
   * their reads really meet; an adapter that runs them one at a time passes each through.
   */
  concurrentTransactions: boolean;
}

/** Racers: when concurrent, each waits here until all `count` are inside their transaction. */
function gate(count: number, concurrent: boolean): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (!concurrent) return Promise.resolve();
    if (++arrived === count) open();
    return opened;
  };
}

const event = (type: EventInput['type'], extra: Partial<EventInput> = {}): EventInput => ({
  type,
  at: '2026-12-02T00:00:00+00:00',
  data: { n: 1 },
  ...extra,
});

export function describeStoreContract(
  name: string,
  open: OpenStore,
  options: ContractOptions,
): void {
  describe(`Store contract: ${name}`, () => {
    async function withStore(body: (store: Store<ContractData>) => Promise<void>): Promise<void> {
      const { store, cleanup } = await open(emptyContractData);
      try {
        await body(store);
      } finally {
        await store.close();
        await cleanup?.();
      }
    }

    it('puts and deletes records in a transaction; reads outside see them once it commits', () =>
      withStore(async (store) => {
        expect(await store.get('codes', 'a')).toBeUndefined();
        await store.transaction(async (tx) => {
          tx.put('codes', 'a', { code: 'a', userId: 'u1' });
          tx.put('codes', 'b', { code: 'b', userId: 'u2' });
          tx.put('meta', 'clockOffsetMs', 5000);
          // The transaction reads its own writes; nobody else does yet.
          expect(await tx.get('codes', 'a')).toEqual({ code: 'a', userId: 'u1' });
          expect(await store.get('codes', 'a')).toBeUndefined();
        });
        expect(await store.get('codes', 'a')).toEqual({ code: 'a', userId: 'u1' });
        expect(await store.get('meta', 'clockOffsetMs')).toBe(5000);
        await store.transaction(async (tx) => {
          tx.delete('codes', 'a');
          expect(await tx.get('codes', 'a')).toBeUndefined();
        });
        expect(await store.get('codes', 'a')).toBeUndefined();
        expect(await store.get('codes', 'b')).toEqual({ code: 'b', userId: 'u2' });
      }));

    it('keeps nothing of a transaction that throws, and passes on what it threw', () =>
      withStore(async (store) => {
        await store.transaction(async (tx) =>
          tx.put('codes', 'keep', { code: 'keep', userId: 'u1' }),
        );
        const failing = store.transaction(async (tx) => {
          tx.put('codes', 'lost', { code: 'lost', userId: 'u1' });
          tx.delete('codes', 'keep');
          throw new Error('refused by the domain');
        });
        await expect(failing).rejects.toThrow('refused by the domain');
        expect(await store.get('codes', 'lost')).toBeUndefined();
        expect(await store.get('codes', 'keep')).toEqual({ code: 'keep', userId: 'u1' });
      }));

    it('lists a table in the order rows were first written, filtered by top-level fields', () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          for (const [code, userId] of [
            ['z', 'u1'],
            ['a', 'u2'],
            ['m', 'u1'],
          ] as const)
            tx.put('codes', code, { code, userId });
        });
        // Rewriting a row keeps its place.
        await store.transaction(async (tx) =>
          tx.put('codes', 'z', { code: 'z', userId: 'u1', usedAt: 7 }),
        );
        expect((await store.list('codes')).map((c) => c.code)).toEqual(['z', 'a', 'm']);
        expect((await store.list('codes', { userId: 'u1' })).map((c) => c.code)).toEqual([
          'z',
          'm',
        ]);
        expect((await store.list('codes', { userId: 'u1', usedAt: 7 })).map((c) => c.code)).toEqual(
          ['z'],
        );
        expect(await store.list('codes', { userId: 'nobody' })).toEqual([]);
        expect(await store.list('counters')).toEqual([]);
        await store.transaction(async (tx) => {
          tx.put('codes', 'new', { code: 'new', userId: 'u1' });
          tx.put('codes', 'm', { code: 'm', userId: 'u3' });
          tx.delete('codes', 'z');
          // Inside, the list is the table as this transaction leaves it.
          expect((await tx.list('codes', { userId: 'u1' })).map((c) => c.code).sort()).toEqual([
            'new',
          ]);
        });
      }));

    it('replaces every table at once', () =>
      withStore(async (store) => {
        await store.transaction(async (tx) =>
          tx.put('codes', 'old', { code: 'old', userId: 'u1' }),
        );
        await store.replaceAll({
          meta: { seededAt: 1 },
          codes: { fresh: { code: 'fresh', userId: 'u9' } },
          counters: {},
        });
        expect(await store.get('codes', 'old')).toBeUndefined();
        expect(await store.list('codes')).toEqual([{ code: 'fresh', userId: 'u9' }]);
        expect(await store.get('meta', 'seededAt')).toBe(1);
        await store.durable();
      }));

    it('lets exactly one of many concurrent transactions use a single-use code', () =>
      withStore(async (store) => {
        await store.transaction(async (tx) =>
          tx.put('codes', 'once', { code: 'once', userId: 'u1' }),
        );
        const racers = 8;
        const allIn = gate(racers, options.concurrentTransactions);
        const attempts = Array.from({ length: racers }, (_, i) =>
          store.transaction(async (tx) => {
            await allIn();
            const code = await tx.get('codes', 'once');
            if (!code || code.usedAt !== undefined) return false;
            tx.put('codes', 'once', { ...code, usedAt: i + 1 });
            return true;
          }),
        );
        const results = await Promise.all(attempts);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await store.get('codes', 'once'))?.usedAt).toBe(results.indexOf(true) + 1);
      }));

    it('loses no update of a record that concurrent transactions read and write, even one not there yet', () =>
      withStore(async (store) => {
        const racers = 8;
        const allIn = gate(racers, options.concurrentTransactions);
        await Promise.all(
          Array.from({ length: racers }, () =>
            store.transaction(async (tx) => {
              await allIn();
              const counter = await tx.get('counters', 'hits');
              tx.put('counters', 'hits', { n: (counter?.n ?? 0) + 1 });
            }),
          ),
        );
        expect(await store.get('counters', 'hits')).toEqual({ n: racers });
      }));

    it('numbers events in order, delivers each to listeners, and replays after a sequence number', () =>
      withStore(async (store) => {
        const heard: SandboxEvent[] = [];
        const stop = store.onEvent((e) => heard.push(e));
        const first = await store.appendEvent(
          event('auth_code.issued', { correlationId: 'c1', namespace: 'w1', userId: 'u1' }),
        );
        const second = await store.appendEvent(event('token.issued', { correlationId: 'c1' }));
        const third = await store.appendEvent(event('auth_code.issued', { namespace: 'w2' }));
        expect(second.seq).toBeGreaterThan(first.seq);
        expect(third.seq).toBeGreaterThan(second.seq);
        expect(first).toMatchObject({
          type: 'auth_code.issued',
          correlationId: 'c1',
          namespace: 'w1',
          data: { n: 1 },
        });
        // appendEvent resolves after this process's listeners heard it.
        expect(heard.map((e) => e.seq)).toEqual([first.seq, second.seq, third.seq]);
        stop();
        await store.appendEvent(event('token.issued'));
        expect(heard).toHaveLength(3);

        expect((await store.events()).map((e) => e.seq).slice(0, 3)).toEqual([
          first.seq,
          second.seq,
          third.seq,
        ]);
        expect(await store.events({ since: first.seq, type: 'auth_code.issued' })).toEqual([third]);
        expect(await store.events({ correlationId: 'c1' })).toEqual([first, second]);
        expect(await store.events({ namespace: 'w2' })).toEqual([third]);
        // A limit keeps the first that match.
        expect(await store.events({ limit: 2, type: 'auth_code.issued' })).toEqual([first, third]);
        expect(await store.events({ limit: 1, since: first.seq })).toEqual([second]);
      }));

    it('forgets every event, or one namespace only', () =>
      withStore(async (store) => {
        await store.appendEvent(event('auth_code.issued', { namespace: 'w1' }));
        const other = await store.appendEvent(event('auth_code.issued', { namespace: 'w2' }));
        await store.clearEvents('w1');
        expect(await store.events()).toEqual([other]);
        await store.clearEvents();
        expect(await store.events()).toEqual([]);
        // Numbering goes on: a stream's Last-Event-ID never points at a reused number.
        expect((await store.appendEvent(event('token.issued'))).seq).toBeGreaterThan(other.seq);
      }));
  });
}
