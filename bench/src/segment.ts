/** One measured window: the server host's meter around a bounded load loop. */
import type { Host } from './hostClient.js';
import type { Meter } from './ipc.js';
import { fmt, runLoad, type LoadResult } from './load.js';

export const CONCURRENCY = 4;

export interface Segment extends LoadResult {
  label: string;
  server: Meter;
  /** Server CPU (user + system) per completed request, µs. */
  serverCpuUs: number;
}

export async function measure(
  host: Host,
  n: number,
  maxMs: number,
  task: (i: number) => Promise<unknown>,
): Promise<Segment> {
  await host.meterStart();
  const load = await runLoad(n, CONCURRENCY, maxMs, task);
  const server = await host.meterStop();
  const serverCpuUs =
    load.done > 0 ? ((server.cpuUserMs + server.cpuSystemMs) * 1000) / load.done : Infinity;
  const segment: Segment = { label: host.label, ...load, server, serverCpuUs };
  if (load.errors > 0)
    console.log(`    ! ${host.label}: ${load.errors} failed requests; first: ${load.firstError}`);
  return segment;
}

export function describeSegment(s: Segment): string {
  return [
    `${s.label.padEnd(14)}`,
    `${fmt(s.done).padStart(5)} req in ${fmt(s.elapsedMs).padStart(5)} ms`,
    `${fmt(s.rps).padStart(5)} req/s`,
    `${fmt(s.usPerReq).padStart(5)} µs/req`,
    `p50 ${fmt(s.p50Ms, 2)} p99 ${fmt(s.p99Ms, 2)} max ${fmt(s.maxMs, 1)} ms`,
    `server cpu ${fmt(s.serverCpuUs)} µs/req, elu ${fmt(s.server.elu, 2)}`,
    `gc ${fmt(s.server.gcMs)} ms (major ${fmt(s.server.majorGcMs)})`,
    `loop max ${fmt(s.server.loopDelayMaxMs, 1)} ms`,
    `heap ${fmt(s.server.heapUsedMb)} MiB`,
    ...(s.server.compactions > 0
      ? [`compactions ${s.server.compactions} (${fmt(s.server.compactionMs)} ms)`]
      : []),
  ].join(' | ');
}
