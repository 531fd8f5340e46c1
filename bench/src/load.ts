/** A bounded load loop and the statistics the benches report. */
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  done: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** Completed requests per second over the window. */
  rps: number;
  /** Wall time per request, µs (1e6 / rps). */
  usPerReq: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Runs `task(i)` for i = 0..n-1 with `concurrency` in flight, stopping early after `maxMs`.
 * Both bounds always hold: at most n calls, and no new call once the time is up.
 */
export async function runLoad(
  n: number,
  concurrency: number,
  maxMs: number,
  task: (i: number) => Promise<unknown>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const deadline = t0 + maxMs;
  const worker = async () => {
    while (next < n && performance.now() < deadline) {
      const i = next++;
      const s = performance.now();
      try {
        await task(i);
        latencies.push(performance.now() - s);
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error)?.message ?? String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  const done = latencies.length;
  return {
    done,
    errors,
    ...(firstError !== undefined && { firstError }),
    elapsedMs,
    rps: (done / elapsedMs) * 1000,
    usPerReq: done > 0 ? (elapsedMs * 1000) / done : Infinity,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? NaN,
  };
}

/** Quantile of an already sorted array (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const fmt = (value: number, digits = 0): string =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
    : String(value);
