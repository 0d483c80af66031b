/**
 * Measuring helpers of the ODM benchmark: garbage collection on demand, repeated runs summarised
 * as min / median / max, and number formatting.
 *
 * @example
 * const s = summarize([12, 10, 11]); // { min: 10, median: 11, max: 12, runs: [12, 10, 11] }
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** min / median / max of the timed runs (warm-up excluded), with the runs in order. */
export interface Stat {
  min: number;
  median: number;
  max: number;
  runs: number[];
}

let gcFn: (() => void) | undefined;

/** A full `gc()`, even without `--expose-gc`, so one contender's garbage is not billed to the next. */
export function collectGarbage(): void {
  if (gcFn === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) gcFn = exposed;
    else {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    }
  }
  gcFn();
  gcFn();
}

/**
 * min / median / max of `values` (the median of an even count is the mean of the middle two).
 *
 * @example
 * summarize([3, 1, 2]).median; // 2
 */
export function summarize(values: readonly number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]!, runs: [...values] };
}

/** What the last timed function returned, kept until the next one starts (so it cannot be optimised away). */
let _lastResult: unknown;

/**
 * Milliseconds taken by `fn`, after a gc. The previous result is released first, so neither the
 * earlier garbage nor the earlier results (100k documents of another contender) weigh on the window.
 */
export async function timeMs(fn: () => unknown): Promise<number> {
  _lastResult = undefined;
  collectGarbage();
  const start = performance.now();
  _lastResult = await fn();
  return performance.now() - start;
}

/** Drops the result the last {@link timeMs} kept. */
export function releaseResult(): void {
  _lastResult = undefined;
}

/**
 * Runs the contenders round-robin — one warm-up round, then `runs` timed rounds — so drift in the
 * machine's load spreads over all of them instead of favouring whichever ran first. Each
 * contender's `prepare` builds its input outside the timed window (told whether it is for the
 * warm-up round, which may be smaller: it only has to get the code optimised).
 *
 * @example
 * const stats = await roundRobin(5, { a: { run: () => work() } });
 * stats.a.median; // ms
 */
export async function roundRobin<K extends string>(
  runs: number,
  contenders: Record<K, { prepare?: (warmUp: boolean) => unknown; run: (input: any) => unknown }>,
): Promise<Record<K, Stat>> {
  const keys = Object.keys(contenders) as K[];
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round <= runs; round++) {
    for (const key of keys) {
      const c = contenders[key];
      releaseResult();
      const input = c.prepare ? await c.prepare(round === 0) : undefined;
      const ms = await timeMs(() => c.run(input));
      if (round > 0) times[key].push(ms);
    }
  }
  releaseResult();
  return Object.fromEntries(keys.map((k) => [k, summarize(times[k])])) as Record<K, Stat>;
}

/** A number for a table: 3 significant digits, thousands kept whole. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** `a / b`, rounded to 2 decimals. */
export function ratio(a: number, b: number): number {
  return Math.round((a / b) * 100) / 100;
}
