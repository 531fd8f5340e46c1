/**
 * Bench 3 (information only): time from spawning the platform as `npx tsx apps/platform/src/main.ts`
 * to GET /sandbox/v1/health answering. "cold" uses a fresh data folder (the platform makes its RSA
 * key pair); "warm" starts again on the same folder; "tsx bin" skips npx.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort } from '@mp-sandbox/playwright';
import { HEALTH_PATHS } from '@mp-sandbox/protocol';
import { waitUntilAnswering } from '@mp-sandbox/protocol/client';
import { fmt } from './load.js';
import type { SummaryRow } from './report.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const READY_WITHIN_MS = 30_000;

/** Spawns the command in its own process group, times it to healthy, then stops that group. */
async function timeToHealthy(command: string, args: string[], dataDir: string): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PLATFORM_PORT: String(port),
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    try {
      await waitUntilAnswering([`http://127.0.0.1:${port}${HEALTH_PATHS.platform}`], {
        timeoutMs: READY_WITHIN_MS,
        intervalMs: 10,
        probeTimeoutMs: 500,
        failed: () =>
          child.exitCode === null ? undefined : `the platform exited (${child.exitCode})`,
      });
      return performance.now() - t0;
    } catch (error) {
      throw new Error(`${(error as Error).message}: ${stderr.trim()}`);
    }
  } finally {
    if (child.pid !== undefined && child.exitCode === null) {
      // The group is the one this spawn created (npx, tsx and node under it), by its id.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const killed = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 3000)),
      ]);
      if (!killed) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
        await exited;
      }
    }
  }
}

export async function startupBench(): Promise<SummaryRow[]> {
  console.log('\n## 3. platform start-up: spawn to /sandbox/v1/health answering');
  const dir = mkdtempSync(join(tmpdir(), 'mp-bench-startup-'));
  try {
    const main = 'apps/platform/src/main.ts';
    const cold = await timeToHealthy('npx', ['tsx', main], dir);
    const warm = await timeToHealthy('npx', ['tsx', main], dir);
    const bin = await timeToHealthy(join(ROOT, 'node_modules/.bin/tsx'), [main], dir);
    console.log(`  npx tsx, fresh data folder (key generation): ${fmt(cold)} ms`);
    console.log(`  npx tsx, existing data folder:               ${fmt(warm)} ms`);
    console.log(`  node_modules/.bin/tsx, existing folder:      ${fmt(bin)} ms`);
    return [
      { bench: 'platform start-up (npx tsx), cold', measured: `${fmt(cold)} ms` },
      { bench: 'platform start-up (npx tsx), warm', measured: `${fmt(warm)} ms` },
      { bench: 'platform start-up (tsx bin), warm', measured: `${fmt(bin)} ms` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
