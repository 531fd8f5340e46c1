/**
 * Bench 2: the cost of one AUTHORIZATION_CODE exchange with 100,000 token pairs stored against
 * the cost with 100. Two platforms run side by side (separate processes), their stores written
 * to db.json before start. Windows alternate A B B A A B B A; codes are issued inside each
 * platform before its window, so only applyToken is timed. The cost is wall time per exchange
 * at the same concurrency, median over windows.
 *
 * The journal is compacted (db.json rewritten) every max(2000, stored rows) commits, so at 100k
 * stored a window of a few thousand exchanges never contains a compaction. The bench therefore
 * also forces one compaction on each platform and reports its cost amortised over the commits
 * between two compactions, and the longest event-loop stall it causes.
 */
import { Host } from './hostClient.js';
import type { CompactResult } from './ipc.js';
import { fmt, median } from './load.js';
import type { SummaryRow } from './report.js';
import { CONCURRENCY, describeSegment, measure, type Segment } from './segment.js';

const SMALL = 100;
const LARGE = 100_000;
const WARMUP = 300;
const PER_WINDOW = 800;
/** A B B A repeated: 4 windows each, 3200 exchanges per size. */
const ORDER = ['A', 'B', 'B', 'A', 'A', 'B', 'B', 'A'] as const;
const MAX_MS = 12_000;
export const STORE_SIZE_TARGET = 1.2;

/** The store's compaction threshold (JournalStore: max(compactEvery = 2000, rows at last snapshot)). */
const compactEvery = (rows: number) => Math.max(2000, rows);

export async function storeSizeBench(): Promise<SummaryRow[]> {
  console.log(
    `\n## 2. exchange cost with ${fmt(LARGE)} tokens stored vs ${fmt(SMALL)} (concurrency ${CONCURRENCY}, ${ORDER.length / 2} windows of ${PER_WINDOW} each)`,
  );
  const hosts = await Promise.all([
    Host.start(`${fmt(SMALL)} tokens`, { kind: 'platform', seedTokens: SMALL }),
    Host.start(`${fmt(LARGE)} tokens`, { kind: 'platform', seedTokens: LARGE }),
  ]);
  const [small, large] = hosts;
  try {
    for (const h of hosts) {
      console.log(
        `  ${h.label}: ${fmt(h.started.rows)} rows, db.json ${fmt(h.started.dbBytes / 2 ** 20, 1)} MiB, ` +
          `seeded in ${fmt(h.started.seedMs)} ms, platform started (store loaded) in ${fmt(h.started.startMs)} ms`,
      );
    }
    const window = async (host: Host, n: number) => {
      const codes = await host.issue(n);
      return measure(host, n, MAX_MS, (i) =>
        host.client.applyToken({
          appId: host.started.appId,
          authClientId: host.started.clientId,
          grantType: 'AUTHORIZATION_CODE',
          authCode: codes[i]!,
        }),
      );
    };
    await window(small, WARMUP);
    await window(large, WARMUP);
    const results: { A: Segment[]; B: Segment[] } = { A: [], B: [] };
    for (const [i, which] of ORDER.entries()) {
      const segment = await window(which === 'A' ? small : large, PER_WINDOW);
      results[which].push(segment);
      console.log(`  w${i + 1} ${describeSegment(segment)}`);
    }
    const cost = (s: Segment[]) => median(s.map((x) => x.usPerReq));
    const cpu = (s: Segment[]) => median(s.map((x) => x.serverCpuUs));
    const costA = cost(results.A);
    const costB = cost(results.B);
    const ratio = costB / costA;
    const cpuRatio = cpu(results.B) / cpu(results.A);
    const compactionsIn = (s: Segment[]) => s.reduce((sum, x) => sum + x.server.compactions, 0);
    const exchanged = (s: Segment[]) => s.reduce((sum, x) => sum + x.done, 0);

    // A compaction on demand, after the windows, to price what the large windows did not contain.
    const forced: [CompactResult, CompactResult] = [await small.compact(), await large.compact()];
    const amortised = forced.map((c) => (c.ms * 1000) / compactEvery(c.rows)); // µs per commit
    const ratioWithCompaction = (costB + amortised[1]!) / (costA + amortised[0]!);
    for (const [i, h] of hosts.entries()) {
      const c = forced[i]!;
      console.log(
        `  ${h.label}: a compaction rewrites ${fmt(c.rows)} rows (${fmt(c.dbBytes / 2 ** 20, 1)} MiB) in ${fmt(c.ms)} ms, ` +
          `blocking the event loop up to ${fmt(c.loopBlockedMs)} ms; one every ${fmt(compactEvery(c.rows))} commits = ${fmt(amortised[i]!, 1)} µs/commit amortised`,
      );
    }
    console.log(
      `  median cost: ${fmt(costA)} µs/exchange at ${fmt(SMALL)}, ${fmt(costB)} µs/exchange at ${fmt(LARGE)} ` +
        `(${exchanged(results.A)} / ${exchanged(results.B)} exchanges, compactions in windows ${compactionsIn(results.A)} / ${compactionsIn(results.B)})` +
        `\n  median server CPU: ${fmt(cpu(results.A))} / ${fmt(cpu(results.B))} µs/exchange` +
        `\n  ratio ${fmt(LARGE)}/${fmt(SMALL)} ${fmt(ratio, 2)} (target ≤ ${STORE_SIZE_TARGET}): ${ratio <= STORE_SIZE_TARGET ? 'PASS' : 'MISS'}` +
        `; with compaction amortised ${fmt(ratioWithCompaction, 2)}`,
    );
    return [
      {
        bench: `cost ${fmt(LARGE)} / ${fmt(SMALL)} stored (µs/exchange)`,
        measured: `${fmt(costB)} vs ${fmt(costA)} µs`,
        ratio: fmt(ratio, 2),
        target: `≤ ${STORE_SIZE_TARGET}`,
        pass: ratio <= STORE_SIZE_TARGET,
      },
      {
        bench: '  same, compaction amortised',
        measured: `+${fmt(amortised[1]!, 1)} vs +${fmt(amortised[0]!, 1)} µs`,
        ratio: fmt(ratioWithCompaction, 2),
        target: `≤ ${STORE_SIZE_TARGET}`,
        pass: ratioWithCompaction <= STORE_SIZE_TARGET,
      },
      {
        bench: '  server CPU per exchange',
        measured: `${fmt(cpu(results.B))} vs ${fmt(cpu(results.A))} µs`,
        ratio: fmt(cpuRatio, 2),
        target: 'diagnostic',
      },
      {
        bench: `  compaction stall at ${fmt(LARGE)}`,
        measured: `${fmt(forced[1].loopBlockedMs)} ms loop blocked (${fmt(forced[1].ms)} ms total)`,
        target: 'diagnostic',
      },
    ];
  } finally {
    await Promise.all(hosts.map((h) => h.stop()));
  }
}
