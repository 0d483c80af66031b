import { Decimal128, Double, Int32, Long } from 'bson';

/**
 * Exact numeric comparison across MongoDB's four number types (int32, int64, double, decimal128)
 * and bare JS numbers. Doubles, Longs beyond 2^53 and Decimal128 values are compared by their exact
 * decimal value, never through a lossy `Number` conversion.
 */

/** An exact number: `coefficient × 10^exponent`, or one of the special values. */
type ExactNumber =
  | { readonly kind: 'nan' }
  | { readonly kind: 'inf'; readonly negative: boolean }
  | {
      readonly kind: 'finite';
      readonly negative: boolean;
      readonly coefficient: bigint;
      readonly exponent: number;
    };

const NAN: ExactNumber = { kind: 'nan' };
const ZERO: ExactNumber = { kind: 'finite', negative: false, coefficient: 0n, exponent: 0 };
const TWO_POW_53 = 2 ** 53;

/**
 * Whether `value` is a BSON number (int32, int64, double, decimal128) or a bare JS number / bigint.
 *
 * @example
 * ```ts
 * isNumber(new Int32(1)); // true
 * isNumber('1'); // false
 * ```
 */
export function isNumber(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'bigint') return true;
  return (
    value instanceof Int32 || value instanceof Double || value instanceof Long || value instanceof Decimal128
  );
}

/**
 * The value as a JS number when that is exact (int32, double, bare number, Long within ±2^53),
 * else `undefined` (Decimal128, large Long, large bigint).
 *
 * @example
 * ```ts
 * exactJsNumber(new Int32(5)); // 5
 * exactJsNumber(Decimal128.fromString('1')); // undefined
 * ```
 */
export function exactJsNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof Int32 || value instanceof Double) return value.value;
  if (value instanceof Long) {
    if (value.high >= -0x200000 && value.high < 0x200000) return value.toNumber();
    return undefined;
  }
  if (typeof value === 'bigint') {
    return value >= -TWO_POW_53 && value <= TWO_POW_53 ? Number(value) : undefined;
  }
  return undefined;
}

function stripZeros(negative: boolean, coefficient: bigint, exponent: number): ExactNumber {
  if (coefficient === 0n) return ZERO;
  let c = coefficient;
  let e = exponent;
  while (c % 10n === 0n) {
    c /= 10n;
    e += 1;
  }
  return { kind: 'finite', negative, coefficient: c, exponent: e };
}

function exactFromDouble(x: number): ExactNumber {
  if (Number.isNaN(x)) return NAN;
  if (!Number.isFinite(x)) return { kind: 'inf', negative: x < 0 };
  if (x === 0) return ZERO;
  const negative = x < 0;
  let magnitude = Math.abs(x);
  if (Number.isInteger(magnitude)) return stripZeros(negative, BigInt(magnitude), 0);
  // m / 2^k = m·5^k / 10^k; doubling is exact, and m ends up odd so m·5^k has no trailing zero.
  let k = 0;
  while (!Number.isInteger(magnitude)) {
    magnitude *= 2;
    k += 1;
  }
  return { kind: 'finite', negative, coefficient: BigInt(magnitude) * 5n ** BigInt(k), exponent: -k };
}

const DECIMAL_PATTERN = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function exactFromDecimalString(text: string): ExactNumber {
  const lower = text.toLowerCase();
  if (lower.endsWith('nan')) return NAN;
  if (lower.endsWith('inf') || lower.endsWith('infinity'))
    return { kind: 'inf', negative: lower.startsWith('-') };
  const m = DECIMAL_PATTERN.exec(text);
  if (!m) return NAN;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  const digits = `${intPart}${fracPart}` || '0';
  const exponent = Number(m[4] ?? '0') - fracPart.length;
  return stripZeros(m[1] === '-', BigInt(digits), exponent);
}

// Decimal128 values are immutable; parsing their string form once per instance keeps sorts and
// range scans over decimals from re-parsing on every comparison.
const decimalCache = new WeakMap<Decimal128, ExactNumber>();

function exactFromDecimal(value: Decimal128): ExactNumber {
  let exact = decimalCache.get(value);
  if (exact === undefined) {
    exact = exactFromDecimalString(value.toString());
    decimalCache.set(value, exact);
  }
  return exact;
}

function toExact(value: unknown): ExactNumber {
  if (value instanceof Decimal128) return exactFromDecimal(value);
  if (value instanceof Long) {
    const big = value.toBigInt();
    return stripZeros(big < 0n, big < 0n ? -big : big, 0);
  }
  if (typeof value === 'bigint') return stripZeros(value < 0n, value < 0n ? -value : value, 0);
  const n = exactJsNumber(value);
  return n === undefined ? NAN : exactFromDouble(n);
}

function digitCount(n: bigint): number {
  return n.toString().length;
}

function compareExact(a: ExactNumber, b: ExactNumber): number {
  // MongoDB orders NaN below every other number and equal to itself.
  if (a.kind === 'nan') return b.kind === 'nan' ? 0 : -1;
  if (b.kind === 'nan') return 1;
  const sa = a.kind === 'inf' ? (a.negative ? -2 : 2) : a.coefficient === 0n ? 0 : a.negative ? -1 : 1;
  const sb = b.kind === 'inf' ? (b.negative ? -2 : 2) : b.coefficient === 0n ? 0 : b.negative ? -1 : 1;
  if (sa !== sb || sa === 0 || Math.abs(sa) === 2) return sa < sb ? -1 : sa > sb ? 1 : 0;
  if (a.kind !== 'finite' || b.kind !== 'finite') return 0;
  const magnitudeA = digitCount(a.coefficient) + a.exponent;
  const magnitudeB = digitCount(b.coefficient) + b.exponent;
  let result: number;
  if (magnitudeA !== magnitudeB) {
    result = magnitudeA < magnitudeB ? -1 : 1;
  } else {
    let ca = a.coefficient;
    let cb = b.coefficient;
    if (a.exponent > b.exponent) ca *= 10n ** BigInt(a.exponent - b.exponent);
    else if (b.exponent > a.exponent) cb *= 10n ** BigInt(b.exponent - a.exponent);
    result = ca < cb ? -1 : ca > cb ? 1 : 0;
  }
  return result === 0 ? 0 : sa < 0 ? -result : result;
}

/**
 * Compares two numbers of any BSON numeric type by exact value; NaN equals NaN and sorts first.
 *
 * @example
 * ```ts
 * compareNumbers(Long.fromString('9007199254740993'), 9007199254740992); // 1
 * compareNumbers(Decimal128.fromString('1.0'), new Int32(1)); // 0
 * ```
 */
export function compareNumbers(a: unknown, b: unknown): number {
  const x = exactJsNumber(a);
  const y = exactJsNumber(b);
  if (x !== undefined && y !== undefined) {
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === y) return 0;
    const xNaN = Number.isNaN(x);
    const yNaN = Number.isNaN(y);
    return xNaN && yNaN ? 0 : xNaN ? -1 : 1;
  }
  return compareExact(toExact(a), toExact(b));
}

/**
 * Whether a number is NaN (double or decimal).
 *
 * @example
 * ```ts
 * isNaNNumber(Decimal128.fromString('NaN')); // true
 * ```
 */
export function isNaNNumber(value: unknown): boolean {
  if (value instanceof Decimal128) return exactFromDecimal(value).kind === 'nan';
  const n = exactJsNumber(value);
  return n !== undefined && Number.isNaN(n);
}

/**
 * A string that is equal for two numbers exactly when {@link compareNumbers} says they are equal.
 *
 * @example
 * ```ts
 * numberKey(new Int32(100)) === numberKey(Decimal128.fromString('1.00E+2')); // true
 * ```
 */
export function numberKey(value: unknown): string {
  const n = exactJsNumber(value);
  if (n !== undefined && Number.isSafeInteger(n)) {
    if (n === 0) return '0';
    let digits = String(Math.abs(n));
    let exponent = 0;
    while (digits.endsWith('0')) {
      digits = digits.slice(0, -1);
      exponent += 1;
    }
    return `${n < 0 ? '-' : ''}${digits}e${exponent}`;
  }
  const exact = n === undefined ? toExact(value) : exactFromDouble(n);
  if (exact.kind === 'nan') return 'NaN';
  if (exact.kind === 'inf') return exact.negative ? '-Inf' : 'Inf';
  if (exact.coefficient === 0n) return '0';
  return `${exact.negative ? '-' : ''}${exact.coefficient.toString()}e${exact.exponent}`;
}

/**
 * Converts any BSON number to a bigint when it is an integral value (used by `$mod` and the bit
 * test operators); `undefined` for NaN, infinities and fractions.
 *
 * @example
 * ```ts
 * integralBigInt(new Double(4)); // 4n
 * integralBigInt(new Double(4.5)); // undefined
 * ```
 */
export function integralBigInt(value: unknown): bigint | undefined {
  const exact = toExact(value);
  if (exact.kind !== 'finite') return undefined;
  if (exact.exponent < 0) return undefined;
  const magnitude = exact.coefficient * 10n ** BigInt(exact.exponent);
  return exact.negative ? -magnitude : magnitude;
}

/**
 * Truncates any BSON number toward zero to a bigint (`$mod` semantics); `undefined` for NaN and infinities.
 *
 * @example
 * ```ts
 * truncatedBigInt(-7.9); // -7n
 * ```
 */
export function truncatedBigInt(value: unknown): bigint | undefined {
  const exact = toExact(value);
  if (exact.kind !== 'finite') return undefined;
  let magnitude: bigint;
  if (exact.exponent >= 0) magnitude = exact.coefficient * 10n ** BigInt(exact.exponent);
  else magnitude = exact.coefficient / 10n ** BigInt(-exact.exponent);
  return exact.negative ? -magnitude : magnitude;
}
