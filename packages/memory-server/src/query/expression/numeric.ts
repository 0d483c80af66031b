import { Decimal128, Double, Int32, Long } from 'bson';

/** A finite decimal `c × 10^e`, or one of Decimal128's special values. */
export type Dec =
  | { readonly c: bigint; readonly e: number; readonly negZero?: boolean }
  | { readonly special: 'NaN' | 'Infinity' | '-Infinity' };

/**
 * A number tagged with its BSON type. Arithmetic works on these so that the result type follows
 * MongoDB's widening rules (int → long → double → decimal) instead of whatever JS produces.
 */
export type Num =
  | { readonly t: 'int'; readonly v: number }
  | { readonly t: 'long'; readonly v: bigint }
  | { readonly t: 'double'; readonly v: number }
  | { readonly t: 'decimal'; readonly v: Dec };

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const RANK = { int: 0, long: 1, double: 2, decimal: 3 } as const;

/**
 * Reads a BSON number (or a bare JS number, which is an int32 when integral and in range, else a
 * double — see docs/architecture.md) into a tagged {@link Num}; anything else gives `undefined`.
 *
 * @example
 * ```ts
 * toNum(new Int32(3)); // { t: 'int', v: 3 }
 * ```
 */
export function toNum(value: unknown): Num | undefined {
  if (value instanceof Int32) return { t: 'int', v: value.value };
  if (value instanceof Double) return { t: 'double', v: value.value };
  if (value instanceof Long) return { t: 'long', v: value.toBigInt() };
  if (value instanceof Decimal128) return { t: 'decimal', v: decFromString(value.toString()) };
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !Object.is(value, -0)
      ? { t: 'int', v: value }
      : { t: 'double', v: value };
  }
  if (typeof value === 'bigint') return { t: 'long', v: value };
  return undefined;
}

/** True for every BSON numeric type (int, long, double, decimal) and bare JS numbers. */
export function isNumeric(value: unknown): boolean {
  return toNum(value) !== undefined;
}

/**
 * Turns a tagged number back into its BSON wrapper.
 *
 * @example
 * ```ts
 * fromNum({ t: 'long', v: 5n }); // Long(5)
 * ```
 */
export function fromNum(n: Num): Int32 | Long | Double | Decimal128 {
  switch (n.t) {
    case 'int':
      return new Int32(n.v);
    case 'long':
      return Long.fromBigInt(n.v);
    case 'double':
      return new Double(n.v);
    case 'decimal':
      return decToDecimal128(n.v);
  }
}

/** An integer result: int32 when it fits, else int64, else double (MongoDB's overflow ladder). */
export function intResult(v: bigint): Num {
  if (v >= BigInt(INT32_MIN) && v <= BigInt(INT32_MAX)) return { t: 'int', v: Number(v) };
  if (v >= INT64_MIN && v <= INT64_MAX) return { t: 'long', v };
  return { t: 'double', v: Number(v) };
}

/** A long result that overflows to double rather than wrapping. */
export function longResult(v: bigint): Num {
  return v >= INT64_MIN && v <= INT64_MAX ? { t: 'long', v } : { t: 'double', v: Number(v) };
}

/**
 * The value as a JS double (longs and decimals may round).
 *
 * @example
 * ```ts
 * numToDouble({ t: 'long', v: 5n }); // 5
 * ```
 */
export function numToDouble(n: Num): number {
  switch (n.t) {
    case 'int':
    case 'double':
      return n.v;
    case 'long':
      return Number(n.v);
    case 'decimal':
      return decToNumber(n.v);
  }
}

/**
 * The value as a decimal (doubles widened with 34 significant digits, as arithmetic does).
 *
 * @example
 * ```ts
 * numToDec({ t: 'int', v: 5 }); // { c: 5n, e: 0 }
 * ```
 */
export function numToDec(n: Num): Dec {
  switch (n.t) {
    case 'int':
      return { c: BigInt(n.v), e: 0 };
    case 'long':
      return { c: n.v, e: 0 };
    case 'double':
      // Arithmetic widens a double to decimal with 34 significant digits (kRoundTo34Digits).
      return decFromDouble(n.v, 34);
    case 'decimal':
      return n.v;
  }
}

/** The wider of two numeric types. */
export function widerType(a: Num['t'], b: Num['t']): Num['t'] {
  return RANK[a] >= RANK[b] ? a : b;
}

function bigOf(n: Num): bigint {
  return n.t === 'int' ? BigInt(n.v) : n.t === 'long' ? n.v : 0n;
}

type IntOp = (a: bigint, b: bigint) => bigint;
type DoubleOp = (a: number, b: number) => number;
type DecOp = (a: Dec, b: Dec) => Dec;

function binary(a: Num, b: Num, intOp: IntOp, doubleOp: DoubleOp, decOp: DecOp): Num {
  const t = widerType(a.t, b.t);
  if (t === 'decimal') return { t, v: decOp(numToDec(a), numToDec(b)) };
  if (t === 'double') return { t, v: doubleOp(numToDouble(a), numToDouble(b)) };
  const v = intOp(bigOf(a), bigOf(b));
  return t === 'long' ? longResult(v) : intResult(v);
}

/** `a + b` with MongoDB's result type. */
export function addNums(a: Num, b: Num): Num {
  return binary(
    a,
    b,
    (x, y) => x + y,
    (x, y) => x + y,
    decAdd,
  );
}

/** `a - b` with MongoDB's result type. */
export function subNums(a: Num, b: Num): Num {
  return binary(
    a,
    b,
    (x, y) => x - y,
    (x, y) => x - y,
    (x, y) => decAdd(x, decNeg(y)),
  );
}

/** `a × b` with MongoDB's result type. */
export function mulNums(a: Num, b: Num): Num {
  return binary(
    a,
    b,
    (x, y) => x * y,
    (x, y) => x * y,
    decMul,
  );
}

/** `a ÷ b`: always a double, or a decimal when either side is one. The caller rejects zero. */
export function divNums(a: Num, b: Num): Num {
  if (a.t === 'decimal' || b.t === 'decimal') return { t: 'decimal', v: decDiv(numToDec(a), numToDec(b)) };
  return { t: 'double', v: numToDouble(a) / numToDouble(b) };
}

/** Truncated remainder (sign of the dividend), typed like the wider operand. The caller rejects zero. */
export function modNums(a: Num, b: Num): Num {
  return binary(
    a,
    b,
    (x, y) => x % y,
    (x, y) => x % y,
    decMod,
  );
}

/**
 * Whether the value is a numeric zero of any type.
 *
 * @example
 * ```ts
 * isZero({ t: 'double', v: -0 }); // true
 * ```
 */
export function isZero(n: Num): boolean {
  if (n.t === 'decimal') return 'c' in n.v && n.v.c === 0n;
  if (n.t === 'long') return n.v === 0n;
  return n.v === 0;
}

// ---- decimal helpers --------------------------------------------------------------------------

/**
 * Parses a decimal string (as `Decimal128.toString()` prints one) into `c × 10^e`.
 *
 * @example
 * ```ts
 * decFromString('1.25E+3'); // { c: 125n, e: 1 }
 * ```
 */
export function decFromString(s: string): Dec {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    const lower = s.trim().toLowerCase();
    if (lower === 'nan' || lower === '-nan') return { special: 'NaN' };
    if (lower === 'infinity' || lower === '+infinity' || lower === 'inf') return { special: 'Infinity' };
    if (lower === '-infinity' || lower === '-inf') return { special: '-Infinity' };
    return { special: 'NaN' };
  }
  const frac = m[3] ?? '';
  const digits = `${m[2] ?? ''}${frac}` || '0';
  const c = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  return { c, e: Number(m[4] ?? 0) - frac.length, negZero: m[1] === '-' && c === 0n };
}

/**
 * A double as MongoDB turns it into a decimal: `$convert`/`$toDecimal` round to 15 significant
 * digits, arithmetic to 34 (toPrecision works on the exact binary value, as Decimal128 does).
 */
export function decFromDouble(x: number, digits: 15 | 34 = 15): Dec {
  if (Number.isNaN(x)) return { special: 'NaN' };
  if (!Number.isFinite(x)) return { special: x > 0 ? 'Infinity' : '-Infinity' };
  return decFromString(x.toPrecision(digits));
}

/**
 * Prints a decimal in a form `Decimal128.fromStringWithRounding` accepts.
 *
 * @example
 * ```ts
 * decToString({ c: 125n, e: -2 }); // '125E-2'
 * ```
 */
export function decToString(d: Dec): string {
  if ('special' in d) return d.special;
  if (d.c === 0n && d.negZero === true) return `-0E${d.e}`;
  return `${d.c}E${d.e}`;
}

/**
 * Builds the `Decimal128`, rounding to 34 significant digits.
 *
 * @example
 * ```ts
 * decToDecimal128({ c: 1n, e: -1 }); // Decimal128('0.1')
 * ```
 */
export function decToDecimal128(d: Dec): Decimal128 {
  return Decimal128.fromStringWithRounding(decToString(d));
}

/**
 * The decimal as the nearest JS double.
 *
 * @example
 * ```ts
 * decToNumber({ c: 15n, e: -1 }); // 1.5
 * ```
 */
export function decToNumber(d: Dec): number {
  if ('special' in d) return d.special === 'NaN' ? NaN : d.special === 'Infinity' ? Infinity : -Infinity;
  return Number(`${d.c}e${d.e}`);
}

function decNeg(d: Dec): Dec {
  if ('special' in d)
    return d.special === 'NaN' ? d : { special: d.special === 'Infinity' ? '-Infinity' : 'Infinity' };
  return { c: -d.c, e: d.e };
}

function specialOp(a: Dec, b: Dec, op: 'add' | 'mul'): Dec | undefined {
  if (!('special' in a) && !('special' in b)) return undefined;
  const na = decToNumber('special' in a ? a : { c: a.c === 0n ? 0n : a.c > 0n ? 1n : -1n, e: 0 });
  const nb = decToNumber('special' in b ? b : { c: b.c === 0n ? 0n : b.c > 0n ? 1n : -1n, e: 0 });
  const r = op === 'add' ? na + nb : na * nb;
  return Number.isNaN(r) ? { special: 'NaN' } : { special: r > 0 ? 'Infinity' : '-Infinity' };
}

function decAdd(a: Dec, b: Dec): Dec {
  const s = specialOp(a, b, 'add');
  if (s) return s;
  const x = a as { c: bigint; e: number };
  const y = b as { c: bigint; e: number };
  const e = Math.min(x.e, y.e);
  return { c: x.c * 10n ** BigInt(x.e - e) + y.c * 10n ** BigInt(y.e - e), e };
}

function decMul(a: Dec, b: Dec): Dec {
  const s = specialOp(a, b, 'mul');
  if (s) return s;
  const x = a as { c: bigint; e: number };
  const y = b as { c: bigint; e: number };
  return { c: x.c * y.c, e: x.e + y.e };
}

function digitCount(v: bigint): number {
  return (v < 0n ? -v : v).toString().length;
}

function decDiv(a: Dec, b: Dec): Dec {
  if ('special' in a || 'special' in b) {
    const r = decToNumber(a) / decToNumber(b);
    return Number.isNaN(r)
      ? { special: 'NaN' }
      : Number.isFinite(r)
        ? { c: 0n, e: 0 }
        : { special: r > 0 ? 'Infinity' : '-Infinity' };
  }
  const ideal = a.e - b.e;
  const k = Math.max(0, 36 + digitCount(b.c) - digitCount(a.c));
  const num = a.c * 10n ** BigInt(k);
  let q = num / b.c;
  const r = num % b.c;
  let e = ideal - k;
  if (r !== 0n) {
    // A sticky digit keeps the final rounding (done by Decimal128) from seeing an exact half.
    return { c: q * 10n + (q < 0n || (q === 0n && a.c < 0n !== b.c < 0n) ? -1n : 1n), e: e - 1 };
  }
  while (e < ideal && q % 10n === 0n && q !== 0n) {
    q /= 10n;
    e += 1;
  }
  if (q === 0n) e = ideal;
  return { c: q, e };
}

function decMod(a: Dec, b: Dec): Dec {
  if ('special' in a || 'special' in b) return { special: 'NaN' };
  const e = Math.min(a.e, b.e);
  const x = a.c * 10n ** BigInt(a.e - e);
  const y = b.c * 10n ** BigInt(b.e - e);
  return { c: x % y, e };
}

function expForm(mantissa: string, exp: number): string {
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/**
 * Formats a double as the server's `$convert`/`$toString` does (fmt's shortest round-trip form:
 * exponent notation below 1e-4 and from 1e16).
 *
 * @example
 * ```ts
 * formatDoubleShortest(1e16); // '1e+16'
 * ```
 */
export function formatDoubleShortest(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const [mantissa = '', expText = '0'] = d.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return expForm(mantissa, exp);
  return String(d);
}

/**
 * Formats a double as C's `%g` (6 significant digits), which the server uses when it coerces a
 * double to a string for `$toLower`, `$substr` and friends.
 *
 * @example
 * ```ts
 * formatDoubleG(1.23456789); // '1.23457'
 * ```
 */
export function formatDoubleG(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (!Number.isFinite(d)) return d > 0 ? 'inf' : '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const [mantissa = '', expText = '0'] = d.toExponential(5).split('e');
  const exp = Number(expText);
  const strip = (x: string): string => (x.includes('.') ? x.replace(/\.?0+$/, '') : x);
  if (exp < -4 || exp >= 6) return expForm(strip(mantissa), exp);
  return strip(d.toFixed(Math.max(0, 5 - exp)));
}
