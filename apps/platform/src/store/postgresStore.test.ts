import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxEvent } from '../deps.js';
import type { Tables } from '../domain/store.js';
import { startPostgres, type PostgresServer } from '../testing/postgresServer.js';
import { migrate, readMigrations } from './postgresMigrations.js';
import { listQuery, PostgresStore } from './postgresStore.js';
import { describeStoreContract, type ContractData } from './storeContract.js';

// A real PostgreSQL server, started here on a free loopback port with a throwaway data folder.
let server: PostgresServer;
let databases = 0;
const freshDatabase = () => server.createDatabase(`contract_${++databases}`);

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
}, 60_000);

describeStoreContract(
  'PostgreSQL',
  async () => ({ store: await PostgresStore.open<ContractData>({ url: await freshDatabase() }) }),
  {
    concurrentTransactions: true,
  },
);

describe('PostgreSQL store shared by several processes', () => {
  it('migrates once when several replicas start at the same moment, and again never', async () => {
    const url = await freshDatabase();
    const pools = Array.from({ length: 3 }, () => new pg.Pool({ connectionString: url, max: 2 }));
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool)));
      const versions = readMigrations().map((m) => m.version);
      expect(applied.flat().sort()).toEqual(versions);
      expect(await migrate(pools[0]!)).toEqual([]);
      const { rows } = await pools[0]!.query(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((r: { version: string }) => r.version)).toEqual(versions);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('keeps a single-use code single across stores, and what one writes the other reads', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([
      PostgresStore.open<ContractData>({ url }),
      PostgresStore.open<ContractData>({ url }),
    ]);
    try {
      await a.transaction(async (tx) => tx.put('codes', 'once', { code: 'once', userId: 'u1' }));
      expect(await b.get('codes', 'once')).toEqual({ code: 'once', userId: 'u1' });
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? a : b).transaction(async (tx) => {
            const code = await tx.get('codes', 'once');
            if (!code || code.usedAt !== undefined) return false;
            tx.put('codes', 'once', { ...code, usedAt: i });
            return true;
          }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('delivers every event to every store in one order, and replays after a sequence number from any', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([
      PostgresStore.open<ContractData>({ url }),
      PostgresStore.open<ContractData>({ url }),
    ]);
    try {
      const heardOnA: number[] = [];
      const heardOnB: number[] = [];
      a.onEvent((e) => heardOnA.push(e.seq));
      const allOnB = new Promise<void>((resolve) =>
        b.onEvent((e) => {
          heardOnB.push(e.seq);
          if (heardOnB.length === 40) resolve();
        }),
      );
      const appended: SandboxEvent[] = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? a : b).appendEvent({ type: 'token.issued', at: 'now', data: { i } }),
        ),
      );
      await allOnB;
      const seqs = appended.map((e) => e.seq).sort((x, y) => x - y);
      expect(heardOnB).toEqual(seqs);
      // A heard its own appends before they resolved, and B's once they reach it: wait for the last.
      await a.appendEvent({ type: 'token.issued', at: 'now', data: { last: true } });
      expect(heardOnA.slice(0, 40)).toEqual(seqs);
      expect((await b.events({ since: seqs[29] })).map((e) => e.seq).slice(0, 10)).toEqual(
        seqs.slice(30),
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('reads back what was committed after the store is opened again', async () => {
    const url = await freshDatabase();
    const first = await PostgresStore.open<ContractData>({ url });
    await first.transaction(async (tx) => tx.put('codes', 'kept', { code: 'kept', userId: 'u1' }));
    await first.close();
    const again = await PostgresStore.open<ContractData>({ url });
    try {
      expect(await again.get('codes', 'kept')).toEqual({ code: 'kept', userId: 'u1' });
    } finally {
      await again.close();
    }
  });

  it('says which database it could not reach, without its password', async () => {
    const url = `postgres://sandbox:secret@127.0.0.1:${server.port}/no_such_database`;
    await expect(PostgresStore.open({ url })).rejects.toThrow(
      /postgres:\/\/sandbox:\*\*\*@127\.0\.0\.1:\d+\/no_such_database/,
    );
  });
});

describe('values every replica shares', () => {
  it('keeps the first value written under a name, whoever asks and however many ask at once', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all(
      [1, 2, 3].map(() => PostgresStore.open<ContractData>({ url })),
    );
    try {
      let made = 0;
      const values = await Promise.all(
        stores.map((store) => store.shared('platform.keyPair', () => `pair-${++made}`)),
      );
      expect(new Set(values).size).toBe(1);
      expect(values[0]).toMatch(/^pair-\d$/);
      expect(await stores[0]!.shared('platform.keyPair', () => 'another')).toBe(values[0]);
      // A reset replaces the tables, not the shared values.
      await stores[1]!.replaceAll({ meta: {}, codes: {}, counters: {} });
      expect(await stores[2]!.shared('platform.keyPair', () => 'after reset')).toBe(values[0]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});

describe('a store whose connections are all taken by transactions', () => {
  it('still serves the reads those transactions make of the store (no pool deadlock)', async () => {
    const store = await PostgresStore.open<ContractData>({
      url: await freshDatabase(),
      poolSize: 2,
    });
    try {
      await store.transaction(async (tx) => {
        tx.put('codes', 'hot', { code: 'hot', userId: 'u1' });
        tx.put('meta', 'clockOffsetMs', 0);
      });
      // Six transactions on two connections, each reading the store (as the domain reads the
      // clock) while it holds its connection and the row lock, and appending an event.
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.transaction(async (tx) => {
            const code = await tx.get('codes', 'hot');
            const offset = await store.get('meta', 'clockOffsetMs');
            await store.appendEvent({ type: 'token.issued', at: 'now', data: { i } });
            tx.put('codes', 'hot', { ...code!, usedAt: i });
            return offset;
          }),
        ),
      );
      expect(results).toEqual([0, 0, 0, 0, 0, 0]);
      expect(await store.events({ type: 'token.issued' })).toHaveLength(6);
    } finally {
      await store.close();
    }
  });
});

describe('reads and writes in as few round trips as it can', () => {
  it('answers the keys read together (one query) each with its own row, a missing one with undefined', async () => {
    const store = await PostgresStore.open<ContractData>({ url: await freshDatabase() });
    try {
      await store.transaction(async (tx) => {
        tx.put('codes', 'a', { code: 'a', userId: 'u1' });
        tx.put('codes', 'b', { code: 'b', userId: 'u2' });
        tx.put('meta', 'clockOffsetMs', 250);
      });
      const read = () =>
        Promise.all([
          store.get('codes', 'b'),
          store.get('codes', 'missing'),
          store.get('meta', 'clockOffsetMs'),
          store.get('codes', 'a'),
          store.get('codes', 'b'),
        ]);
      const expected = [
        { code: 'b', userId: 'u2' },
        undefined,
        250,
        { code: 'a', userId: 'u1' },
        { code: 'b', userId: 'u2' },
      ];
      expect(await read()).toEqual(expected);
      // Inside a transaction, the store's reads go over its connection, together too.
      expect(await store.transaction(async (tx) => (await tx.get('codes', 'a')) && read())).toEqual(
        expected,
      );
    } finally {
      await store.close();
    }
  });

  it('writes keys and values with quotes, backslashes and dollar signs as they are', async () => {
    const store = await PostgresStore.open<ContractData>({ url: await freshDatabase() });
    const key = `it's a \\ "key"; $1 $$ \\'`;
    try {
      // The first statement of each transaction and its commit carry their values as literals.
      await store.transaction(async (tx) => {
        expect(await tx.get('codes', key)).toBeUndefined();
        tx.put('codes', key, { code: key, userId: `o'\\${key}` });
      });
      expect(await store.get('codes', key)).toEqual({ code: key, userId: `o'\\${key}` });
      await store.transaction(async (tx) => {
        const code = await tx.get('codes', key);
        tx.delete('codes', key);
        tx.put('codes', `${key}2`, { ...code!, usedAt: 1 });
      });
      expect(await store.get('codes', key)).toBeUndefined();
      expect(await store.list('codes', { userId: `o'\\${key}` })).toEqual([
        { code: key, userId: `o'\\${key}`, usedAt: 1 },
      ]);
    } finally {
      await store.close();
    }
  });

  it('finds rows by userId, appId and namespace through their b-tree indexes, not by reading the table', async () => {
    const url = await freshDatabase();
    const store = await PostgresStore.open<Tables>({ url });
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const items: Record<string, object> = {};
      for (let i = 0; i < 10_000; i++)
        items[`k${i}`] = { userId: `u${i % 1000}`, appId: `a${i % 3}`, namespace: `n${i % 500}` };
      await store.replaceAll({ items, other: { k7: { userId: 'u7' } } });
      await db.query('ANALYZE records');
      for (const [where, index] of [
        [{ userId: 'u7' }, 'records_user'],
        [{ userId: 'u7', appId: 'a1' }, 'records_user'],
        [{ namespace: 'n3' }, 'records_namespace'],
      ] as const) {
        const { text, values } = listQuery('items', where, '');
        const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values);
        expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain(`using ${index} on records`);
        const matching = Object.values(items).filter((row) =>
          Object.entries(where).every(([field, value]) => (row as never)[field] === value),
        );
        expect(matching.length).toBeGreaterThan(1);
        expect(await store.list('items', where)).toEqual(matching);
      }
    } finally {
      await db.end();
      await store.close();
    }
  });
});
