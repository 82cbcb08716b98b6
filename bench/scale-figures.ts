import { loadavg } from 'node:os';

/** Small helpers the load and scale benches print with. */

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export const ms = (value: number) => `${value.toFixed(0)} ms`;
export const per = (count: number, by: number) => (by === 0 ? 'n/a' : (count / by).toFixed(3));
export const integer = (value: number) => Math.round(value).toLocaleString('en-US');
export const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** Peak resident set size of this process so far, in MB (the kernel's high-water mark, not a sample). */
export const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/**
 * CPU seconds this process used since `since` (user + system), and the 1-minute load average:
 * on a shared machine wall time says as much about the neighbours as about the pipeline.
 */
export function cpuSince(since: NodeJS.CpuUsage): { cpuSeconds: number; loadAverage: number } {
  const used = process.cpuUsage(since);
  return { cpuSeconds: (used.user + used.system) / 1e6, loadAverage: loadavg()[0] ?? Number.NaN };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await task(items[index] as T, index);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
