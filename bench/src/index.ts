/**
 * `npm run bench`: every benchmark, then a summary. The figures are ratios against baselines
 * measured in this same run; a missed target prints MISS but the exit code stays 0, because this
 * is a measurement, not a test. Set BENCH_ONLY=1,2,3,4,5,6,7 to run a subset, BENCH_PROFILE=<dir> to
 * write a CPU profile of every server process.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { applyTokenBench } from './applyTokenBench.js';
import { browserBench } from './browserBench.js';
import { launcherBench } from './launcherBench.js';
import { memoryBench } from './memoryBench.js';
import { postgresBench } from './postgresBench.js';
import { fmt } from './load.js';
import { printTable, type SummaryRow } from './report.js';
import { startupBench } from './startupBench.js';
import { storeSizeBench } from './storeSizeBench.js';

const BENCHES: Array<[string, string, () => Promise<SummaryRow[]>]> = [
  ['1', 'applyToken vs baseline', applyTokenBench],
  ['2', 'cost with 100k stored vs 100', storeSizeBench],
  ['3', 'platform start-up', startupBench],
  ['4', 'sandbox start and browser login', browserBench],
  ['5', 'launcher: production build vs Vite dev servers', launcherBench],
  ['6', 'PostgreSQL: vs embedded, 3 replicas vs 1, 100k stored vs 100', postgresBench],
  ['7', 'embedded store: start time and memory at 10k and 100k tokens', memoryBench],
];

const only = process.env['BENCH_ONLY']?.split(',').map((s) => s.trim());
const t0 = performance.now();
console.log(
  `# bench: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const rows: SummaryRow[] = [];
for (const [id, name, run] of BENCHES) {
  if (only && !only.includes(id)) continue;
  try {
    rows.push(...(await run()));
  } catch (error) {
    console.error(`\n${name} failed: ${(error as Error)?.stack ?? String(error)}`);
    const message = ((error as Error)?.message ?? String(error)).replace(/\s+/g, ' ');
    rows.push({
      bench: name,
      measured: message.length > 90 ? `${message.slice(0, 87)}...` : message,
      error: true,
    });
  }
}
console.log(`\n## Summary (${fmt((performance.now() - t0) / 1000, 1)} s)\n`);
printTable(rows);
const missed = rows.filter((r) => r.pass === false);
const failed = rows.filter((r) => r.error);
console.log(
  missed.length === 0
    ? '\nAll measured targets met.'
    : `\nMISS: ${missed.map((r) => r.bench.trim()).join('; ')}`,
);
if (failed.length > 0)
  console.log(`ERROR (not measured): ${failed.map((r) => r.bench.trim()).join('; ')}`);
console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (other work on this machine skews every figure)`,
);
process.exit(0);
