import { Double } from 'bson';
import { compareValues } from '../compare.js';
import { fail } from './fail.js';
import { type Num, addNums, divNums, fromNum, numToDouble, toNum } from './numeric.js';

/**
 * Sum of the numeric values, ignoring everything else; starts at int32 0 so an all-int input
 * stays int (widening to long, then double, on overflow), as `$sum` does.
 *
 * @example
 * ```ts
 * sumValues([new Int32(1), new Long(2), 'x']); // Long(3)
 * ```
 */
export function sumValues(values: Iterable<unknown>): unknown {
  let total: Num = { t: 'int', v: 0 };
  for (const value of values) {
    const n = toNum(value);
    if (n) total = addNums(total, n);
  }
  return fromNum(total);
}

/** Average of the numeric values (a double, or a decimal if any input is one); null when there are none. */
export function avgValues(values: Iterable<unknown>): unknown {
  let total: Num = { t: 'int', v: 0 };
  let count = 0;
  for (const value of values) {
    const n = toNum(value);
    if (!n) continue;
    total = addNums(total, n);
    count += 1;
  }
  if (count === 0) return null;
  const avg = divNums(total, { t: 'int', v: count });
  return fromNum(avg);
}

/** Population or sample standard deviation (a double); null when too few numeric values. */
export function stdDevValues(values: Iterable<unknown>, sample: boolean): unknown {
  const nums: number[] = [];
  for (const value of values) {
    const n = toNum(value);
    if (n) nums.push(numToDouble(n));
  }
  const count = nums.length;
  if (count === 0 || (sample && count < 2)) return null;
  const mean = nums.reduce((a, b) => a + b, 0) / count;
  const squares = nums.reduce((acc, x) => acc + (x - mean) ** 2, 0);
  return fromNum({ t: 'double', v: Math.sqrt(squares / (sample ? count - 1 : count)) });
}

/** The smallest (`sign` -1) or largest (`sign` 1) non-null value in BSON order; null if none. */
export function extremeValue(values: Iterable<unknown>, sign: 1 | -1): unknown {
  let best: unknown;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (best === undefined || compareValues(value, best) * sign > 0) best = value;
  }
  return best ?? null;
}

/**
 * Parses the `p` list and `method` of `$percentile` (or a `$median`'s implied 0.5).
 *
 * @example
 * ```ts
 * percentileSpec({ p: [0.5], method: 'approximate' }, '$percentile'); // [0.5]
 * ```
 */
export function percentileSpec(spec: Record<string, unknown>, op: string): number[] {
  if (spec['method'] !== 'approximate' && spec['method'] !== 'discrete' && spec['method'] !== 'continuous') {
    throw fail(7766600, `Currently only 'approximate' can be used as percentile 'method' in ${op}`);
  }
  if (op === '$median') return [0.5];
  const p = spec['p'];
  if (!Array.isArray(p) || p.length === 0)
    throw fail(7750301, `${op} requires 'p' to be a non-empty array of numbers`);
  return p.map((value) => {
    const n = toNum(value);
    const v = n ? numToDouble(n) : NaN;
    if (!(v >= 0 && v <= 1))
      throw fail(
        7750301,
        `${op} 'p' must be an array of numeric values from [0.0, 1.0] range, but received incorrect value: ${String(value)}`,
      );
    return v;
  });
}

/**
 * Percentiles of the numeric values (others are ignored), as doubles: the value of rank
 * ⌈p·n⌉ of the sorted input, which is what the server's approximation returns on small inputs.
 * `null` entries when there are no numeric values.
 */
export function percentileValues(values: Iterable<unknown>, ps: readonly number[]): (Double | null)[] {
  const nums: number[] = [];
  for (const value of values) {
    const n = toNum(value);
    if (n) nums.push(numToDouble(n));
  }
  nums.sort((a, b) => a - b);
  return ps.map((p) => {
    if (nums.length === 0) return null;
    const rank = Math.max(0, Math.ceil(p * nums.length) - 1);
    return new Double(nums[Math.min(rank, nums.length - 1)] ?? NaN);
  });
}
