/**
 * Bench 7 (report): the embedded store's memory and start time as the data grows. A platform is
 * started on a store already holding 0, 10,000 and 100,000 token pairs (each with its used
 * authCode and refresh-index row, `seed.ts`), each in a fresh host process, one at a time, twice
 * per size. Each store is written once, by this process, and copied into each host's folder, so a
 * host's peak memory is its start's, not the seeding's. Start time is `startPlatform` until it
 * listens (the store loaded from `db.json`); memory is read after a full garbage collection, so it
 * is what the process keeps.
 *
 * Fixed costs (code, keys, the seed) are in every size, so growth is measured from the empty
 * store: what 100,000 pairs add against what 10,000 add. Ten times the data should add ten times
 * as much; the bench reports that ratio divided by 10 ("ratio of ratios"): above ~1.2, something
 * grows faster than the data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testSeed } from '@mp-sandbox/platform/testing';
import { Host } from './hostClient.js';
import type { MemoryReading, Started } from './ipc.js';
import { fmt, median } from './load.js';
import type { SummaryRow } from './report.js';
import { seededStore, writeSeededStore } from './seed.js';

const SIZES = [0, 10_000, 100_000] as const;
const RUNS = 2;
/** Growth 10× the data may cost at most this much more than 10× before it counts as faster. */
export const GROWTH_TARGET = 1.2;

interface Sample {
  started: Started;
  memory: MemoryReading;
}

async function sample(tokens: number, run: number, storeFrom: string): Promise<Sample> {
  const host = await Host.start(`${fmt(tokens)} tokens #${run}`, {
    kind: 'platform',
    seedTokens: tokens,
    storeFrom,
  });
  try {
    return { started: host.started, memory: await host.memory() };
  } finally {
    await host.stop();
  }
}

export async function memoryBench(): Promise<SummaryRow[]> {
  console.log(
    `\n## 7. embedded store at ${SIZES.map((s) => fmt(s)).join(' / ')} token pairs: start time and memory (${RUNS} fresh processes per size)`,
  );
  const bySize = new Map<number, Sample[]>(SIZES.map((s) => [s, []]));
  const stores = mkdtempSync(join(tmpdir(), 'mp-bench-stores-'));
  try {
    const storeOf = new Map<number, string>();
    for (const tokens of SIZES) {
      const dir = join(stores, String(tokens));
      await writeSeededStore(dir, seededStore(testSeed(), tokens));
      storeOf.set(tokens, dir);
    }
    // Sizes interleaved across runs, so a busy minute does not land on one size only.
    for (let run = 1; run <= RUNS; run++) {
      for (const tokens of SIZES) {
        const s = await sample(tokens, run, storeOf.get(tokens)!);
        bySize.get(tokens)!.push(s);
        console.log(
          `  ${fmt(tokens).padStart(7)} pairs #${run}: ${fmt(s.started.rows)} rows, db.json ${fmt(s.started.dbBytes / 2 ** 20, 1)} MiB, ` +
            `start ${fmt(s.started.startMs)} ms (CPU ${fmt(s.started.startCpuMs)} ms), heap ${fmt(s.memory.heapUsedMb, 1)} MiB, RSS ${fmt(s.memory.rssMb)} MiB (peak ${fmt(s.memory.peakRssMb)} MiB)`,
        );
      }
    }
  } finally {
    rmSync(stores, { recursive: true, force: true });
  }
  // Memory: the median (it hardly varies). Start time: the fastest run, the one other work on the
  // machine delayed least; its CPU time is judged, its wall time (moved most by other work) shown.
  const of = (tokens: number, read: (s: Sample) => number, pick = median) =>
    pick(bySize.get(tokens)!.map(read));
  const fastest = (values: readonly number[]) => Math.min(...values);
  /** Name, reading, format, how runs are combined, whether the growth is judged. */
  type Measure = [string, (s: Sample) => number, (v: number) => string, typeof median, boolean];
  const measures: Measure[] = [
    ['start, CPU', (s) => s.started.startCpuMs, (v) => `${fmt(v)} ms`, fastest, true],
    ['start, wall', (s) => s.started.startMs, (v) => `${fmt(v)} ms`, fastest, false],
    ['heap after GC', (s) => s.memory.heapUsedMb, (v) => `${fmt(v, 1)} MiB`, median, true],
    ['peak RSS', (s) => s.memory.peakRssMb, (v) => `${fmt(v)} MiB`, median, true],
    // What V8 has not yet given back to the system: it depends on when the last GCs ran.
    ['RSS after GC', (s) => s.memory.rssMb, (v) => `${fmt(v)} MiB`, median, false],
    ['db.json', (s) => s.started.dbBytes / 2 ** 20, (v) => `${fmt(v, 1)} MiB`, median, false],
  ];
  const [, small, large] = SIZES;
  const rows: SummaryRow[] = [];
  for (const [name, read, show, pick, judged] of measures) {
    const empty = of(0, read, pick);
    const added10k = of(small, read, pick) - empty;
    const added100k = of(large, read, pick) - empty;
    const growth = added100k / added10k / (large / small);
    console.log(
      `  ${name}: ${show(empty)} empty, ${show(of(small, read, pick))} at ${fmt(small)}, ${show(of(large, read, pick))} at ${fmt(large)}; ` +
        `added ${show(added10k)} / ${show(added100k)} = ${fmt(added100k / added10k, 1)}× for ${large / small}× the data (ratio of ratios ${fmt(growth, 2)})`,
    );
    rows.push({
      bench: `${rows.length === 0 ? '' : '  '}${name} at ${fmt(large)} pairs (growth vs data)`,
      measured: `${show(of(large, read, pick))} (${show(of(small, read, pick))} at ${fmt(small)})`,
      ratio: fmt(growth, 2),
      ...(judged
        ? { target: `≤ ${GROWTH_TARGET}`, pass: growth <= GROWTH_TARGET }
        : { target: 'report' }),
    });
  }
  return rows;
}
