/**
 * Bench 6: the platform on PostgreSQL (issue 12). One run, windows interleaved (A B C D, then
 * D C B A, ...), medians per setup, each setup its own processes, all on loopback:
 *   A  the embedded store (one process: lowdb snapshot + fsync'd journal);
 *   B  one replica on PostgreSQL, 100 token pairs stored;
 *   C  three replicas on another PostgreSQL database, the client's calls spread round robin;
 *   D  one replica on PostgreSQL, 100,000 token pairs stored.
 * Ratios: B/A (applyToken on PostgreSQL vs embedded, req/s), C/B (three replicas vs one), and
 * D/B cost per exchange (target ≤ 1.2). PostgreSQL runs with fsync on, as durable as the journal.
 * The client is the bench process (the real OpenApiClient: it signs every request and verifies
 * every answer); codes are issued through the control API before each window, untimed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenApiClient, type OpenApiClient } from '@mp-sandbox/openapi-client';
import { PostgresStore } from '@mp-sandbox/platform/store/postgres';
import { controlApi, sandboxHttp } from '@mp-sandbox/protocol/client';
import { startPostgres } from '@mp-sandbox/platform/testing/postgres';
import { startReplicas, type Replica } from '@mp-sandbox/platform/testing/replicas';
import {
  TEST_APP_ID,
  TEST_CLIENT_ID,
  testKeys,
  testSeed,
  type PlatformData,
} from '@mp-sandbox/platform/testing';
import { fmt, median, runLoad } from './load.js';
import type { SummaryRow } from './report.js';
import { seededStore } from './seed.js';

const TOKEN = 'bench-team-token';
const CONCURRENCY = 4;
const PER_WINDOW = 400;
const ROUNDS = 4;
const MAX_MS = 12_000;
export const PG_STORE_SIZE_TARGET = 1.2;

interface Setup {
  label: string;
  replicas: Replica[];
  clients: OpenApiClient[];
  usPerExchange: number[];
}

export async function postgresBench(): Promise<SummaryRow[]> {
  console.log(
    `\n## 6. PostgreSQL: applyToken vs the embedded store, one replica vs three, 100k stored vs 100 (concurrency ${CONCURRENCY}, ${ROUNDS} windows of ${PER_WINDOW} each)`,
  );
  const server = await startPostgres({ fsync: true });
  const dir = mkdtempSync(join(tmpdir(), 'pg-bench-'));
  const setups: Setup[] = [];
  try {
    const seed = testSeed();
    const databases = await Promise.all(
      ['one', 'three', 'large'].map((name) => server.createDatabase(name)),
    );
    // Stored before the replicas start, as a long-lived team sandbox would hold them. The
    // seeding itself is timed: replaceAll, the bulk write a reset and the first start use.
    let seedingMs = 0;
    let seedingCpu: number | undefined;
    let seededRows = 0;
    for (const [url, tokens] of [
      [databases[0]!, 100],
      [databases[1]!, 100],
      [databases[2]!, 100_000],
    ] as const) {
      const store = await PostgresStore.open<PlatformData>({ url });
      const data = seededStore(seed, tokens);
      const rows = Object.values(data).reduce((sum, table) => sum + Object.keys(table).length, 0);
      // The server's CPU beside the wall time: on a loaded machine, the database's own work.
      const cpu0 = server.cpuSeconds();
      const t0 = performance.now();
      await store.replaceAll(data);
      const ms = performance.now() - t0;
      const cpu1 = server.cpuSeconds();
      const cpu = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
      await store.close();
      console.log(
        `  stored ${fmt(tokens)} token pairs (${fmt(rows)} rows) with replaceAll in ${fmt(ms)} ms` +
          (cpu === undefined ? '' : ` (${fmt(cpu, 2)} s of PostgreSQL's CPU)`),
      );
      if (tokens === 100_000) [seedingMs, seedingCpu, seededRows] = [ms, cpu, rows];
    }
    const start = async (label: string, count: number, databaseUrl: string | undefined) => {
      const replicas = await startReplicas(count, {
        databaseUrl,
        controlToken: TOKEN,
        seed,
        dir: join(dir, label.replace(/\W+/g, '-')),
      });
      const { publicKey } = (await (
        await fetch(`${replicas[0]!.url}/sandbox/v1/keys/platform`)
      ).json()) as { publicKey: string };
      const clients = replicas.map((r) =>
        createOpenApiClient({
          gatewayUrl: r.url,
          clientId: TEST_CLIENT_ID,
          privateKey: testKeys().merchant.privateKey,
          platformPublicKey: publicKey,
        }),
      );
      const setup: Setup = { label, replicas, clients, usPerExchange: [] };
      setups.push(setup);
      return setup;
    };
    const embedded = await start('A embedded', 1, undefined);
    const one = await start('B PostgreSQL, 1 replica', 1, databases[0]);
    const three = await start('C PostgreSQL, 3 replicas', 3, databases[1]);
    const large = await start('D PostgreSQL, 100k stored', 1, databases[2]);

    const window = async (setup: Setup, n: number) => {
      const codes = await Promise.all(
        Array.from({ length: n }, (_, i) => issueCode(setup.replicas[i % setup.replicas.length]!)),
      );
      const result = await runLoad(n, CONCURRENCY, MAX_MS, async (i) => {
        const answer = await setup.clients[i % setup.clients.length]!.applyToken({
          appId: TEST_APP_ID,
          authClientId: TEST_CLIENT_ID,
          grantType: 'AUTHORIZATION_CODE',
          authCode: codes[i]!,
        });
        if (!answer.accessToken) throw new Error('no access token');
      });
      if (result.errors > 0)
        throw new Error(`${setup.label}: ${result.errors} exchanges failed (${result.firstError})`);
      return result.usPerReq;
    };
    for (const setup of setups) await window(setup, 100); // warm-up
    const order = [embedded, one, three, large];
    for (let round = 0; round < ROUNDS; round++) {
      for (const setup of round % 2 === 0 ? order : [...order].reverse()) {
        const us = await window(setup, PER_WINDOW);
        setup.usPerExchange.push(us);
        console.log(
          `  w${round + 1} ${setup.label.padEnd(28)} ${fmt(us)} µs/exchange (${fmt(1e6 / us)} req/s)`,
        );
      }
    }
    const cost = (s: Setup) => median(s.usPerExchange);
    const pgVsEmbedded = cost(embedded) / cost(one);
    const threeVsOne = cost(one) / cost(three);
    const largeVsSmall = cost(large) / cost(one);
    console.log(
      `  median µs/exchange: embedded ${fmt(cost(embedded))}, PostgreSQL ${fmt(cost(one))}, three replicas ${fmt(cost(three))}, 100k stored ${fmt(cost(large))}` +
        `\n  applyToken req/s PostgreSQL/embedded ${fmt(pgVsEmbedded, 2)}; three replicas/one ${fmt(threeVsOne, 2)}` +
        `\n  cost 100k/100 stored on PostgreSQL ${fmt(largeVsSmall, 2)} (target ≤ ${PG_STORE_SIZE_TARGET}): ${largeVsSmall <= PG_STORE_SIZE_TARGET ? 'PASS' : 'MISS'}`,
    );
    return [
      {
        bench: 'PostgreSQL seeding, 100k token pairs (replaceAll)',
        measured:
          `${fmt(seedingMs)} ms for ${fmt(seededRows)} rows` +
          (seedingCpu === undefined ? '' : `, ${fmt(seedingCpu, 1)} s server CPU`),
        target: 'report',
      },
      {
        bench: 'applyToken PostgreSQL / embedded (req/s)',
        measured: `${fmt(1e6 / cost(one))} vs ${fmt(1e6 / cost(embedded))} req/s`,
        ratio: fmt(pgVsEmbedded, 2),
        target: 'report',
      },
      {
        bench: 'applyToken 3 replicas / 1 (req/s, 2 cores)',
        measured: `${fmt(1e6 / cost(three))} vs ${fmt(1e6 / cost(one))} req/s`,
        ratio: fmt(threeVsOne, 2),
        target: 'report',
      },
      {
        bench: 'PostgreSQL cost 100k / 100 stored',
        measured: `${fmt(cost(large))} vs ${fmt(cost(one))} µs`,
        ratio: fmt(largeVsSmall, 2),
        target: `≤ ${PG_STORE_SIZE_TARGET}`,
        pass: largeVsSmall <= PG_STORE_SIZE_TARGET,
      },
    ];
  } finally {
    await Promise.all(setups.flatMap((s) => s.replicas.map((r) => r.stop())));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function issueCode(replica: Replica): Promise<string> {
  const control = controlApi(sandboxHttp({ baseUrl: replica.url, token: TOKEN }));
  const issued = await control.issueAuthCode({
    appId: TEST_APP_ID,
    userId: 'ana',
    scopes: ['auth_user'],
    applyRules: false,
  });
  return issued.authCode;
}
