import { Decimal128, Double, Int32, Long } from 'bson';

/**
 * Number arithmetic with MongoDB's type rules (the server's `SafeNum`): int32 op int32 stays int32
 * unless it overflows (then int64); int64 overflow is an error; any double makes a double; any
 * decimal makes a decimal. Results are fresh BSON wrappers so the type survives serialization.
 */

/** A BSON numeric type. */
export type NumberKind = 'int' | 'long' | 'double' | 'decimal';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL_DIGITS = 34;

/**
 * The BSON numeric type of a value; a bare JS number counts as int32 when it is an integer in range,
 * else as a double (see docs/architecture.md, "Values").
 *
 * @example
 * ```ts
 * numberKind(new Long(5)); // 'long'
 * numberKind('5'); // undefined
 * ```
 */
export function numberKind(value: unknown): NumberKind | undefined {
  if (typeof value === 'object' && value !== null) {
    // By tag rather than instanceof, so values built by another copy of the bson package count too.
    switch ((value as { _bsontype?: unknown })._bsontype) {
      case 'Int32':
        return 'int';
      case 'Long':
        return 'long';
      case 'Double':
        return 'double';
      case 'Decimal128':
        return 'decimal';
      default:
        return undefined;
    }
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !Object.is(value, -0)
      ? 'int'
      : 'double';
  }
  return undefined;
}

function resultKind(a: NumberKind, b: NumberKind): NumberKind {
  if (a === 'decimal' || b === 'decimal') return 'decimal';
  if (a === 'double' || b === 'double') return 'double';
  if (a === 'long' || b === 'long') return 'long';
  return 'int';
}

function toBigInt(value: unknown): bigint {
  const kind = numberKind(value);
  if (kind === 'long') return (value as Long).toBigInt();
  if (kind === 'int') return BigInt(typeof value === 'number' ? value : (value as Int32).value);
  return BigInt(value as number);
}

function toDouble(value: unknown): number {
  switch (numberKind(value)) {
    case 'long':
      return (value as Long).toNumber();
    case 'decimal':
      return Number((value as Decimal128).toString());
    default:
      return typeof value === 'number' ? value : (value as Int32 | Double).value;
  }
}

// ---- decimal128 arithmetic on (sign, coefficient, exponent) triples -----------------------------

type Dec =
  | { readonly kind: 'nan' }
  | { readonly kind: 'inf'; readonly neg: boolean }
  | { readonly kind: 'finite'; readonly neg: boolean; readonly coef: bigint; readonly exp: number };

const DEC_NAN: Dec = { kind: 'nan' };
const DEC_PATTERN = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function parseDec(text: string): Dec {
  const lower = text.toLowerCase();
  if (lower.includes('nan')) return DEC_NAN;
  if (lower.includes('inf')) return { kind: 'inf', neg: lower.startsWith('-') };
  const m = DEC_PATTERN.exec(text);
  if (!m) return DEC_NAN;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  return {
    kind: 'finite',
    neg: m[1] === '-',
    coef: BigInt(`${intPart}${frac}` || '0'),
    exp: Number(m[4] ?? '0') - frac.length,
  };
}

function toDec(value: unknown): Dec {
  const kind = numberKind(value);
  if (kind === 'decimal') return parseDec((value as Decimal128).toString());
  if (kind === 'int' || kind === 'long') {
    const n = toBigInt(value);
    return { kind: 'finite', neg: n < 0n, coef: n < 0n ? -n : n, exp: 0 };
  }
  const x = toDouble(value);
  if (Number.isNaN(x)) return DEC_NAN;
  if (!Number.isFinite(x)) return { kind: 'inf', neg: x < 0 };
  // MongoDB converts a double operand to decimal rounded to 15 significant digits.
  return parseDec(x.toPrecision(15));
}

function roundDec(neg: boolean, coef: bigint, exp: number): Dec {
  let c = coef;
  let e = exp;
  let digits = c.toString().length;
  while (digits > DECIMAL_DIGITS) {
    const drop = digits - DECIMAL_DIGITS;
    const divisor = 10n ** BigInt(drop);
    const quotient = c / divisor;
    const remainder = c % divisor;
    const half = divisor / 2n;
    // Round half to even, as IEEE 754 decimal arithmetic does by default.
    c = remainder > half || (remainder === half && quotient % 2n === 1n) ? quotient + 1n : quotient;
    e += drop;
    digits = c.toString().length;
  }
  return { kind: 'finite', neg, coef: c, exp: e };
}

function decToBson(d: Dec): Decimal128 {
  if (d.kind === 'nan') return Decimal128.fromString('NaN');
  if (d.kind === 'inf') return Decimal128.fromString(d.neg ? '-Infinity' : 'Infinity');
  return Decimal128.fromString(`${d.neg ? '-' : ''}${d.coef.toString()}E${d.exp}`);
}

function addDec(a: Dec, b: Dec): Dec {
  if (a.kind === 'nan' || b.kind === 'nan') return DEC_NAN;
  if (a.kind === 'inf' && b.kind === 'inf') return a.neg === b.neg ? a : DEC_NAN;
  if (a.kind === 'inf') return a;
  if (b.kind === 'inf') return b;
  const exp = Math.min(a.exp, b.exp);
  const ca = (a.neg ? -a.coef : a.coef) * 10n ** BigInt(a.exp - exp);
  const cb = (b.neg ? -b.coef : b.coef) * 10n ** BigInt(b.exp - exp);
  const sum = ca + cb;
  const neg = sum < 0n || (sum === 0n && a.neg && b.neg);
  return roundDec(neg, sum < 0n ? -sum : sum, exp);
}

function mulDec(a: Dec, b: Dec): Dec {
  if (a.kind === 'nan' || b.kind === 'nan') return DEC_NAN;
  if (a.kind === 'inf' || b.kind === 'inf') {
    const other = a.kind === 'inf' ? b : a;
    if (other.kind === 'finite' && other.coef === 0n) return DEC_NAN;
    const negA = a.neg;
    const negB = b.neg;
    return { kind: 'inf', neg: negA !== negB };
  }
  return roundDec(a.neg !== b.neg, a.coef * b.coef, a.exp + b.exp);
}

// ---- public operations ---------------------------------------------------------------------------

function integerResult(n: bigint, kind: 'int' | 'long'): Int32 | Long | undefined {
  if (kind === 'int' && n >= BigInt(INT32_MIN) && n <= BigInt(INT32_MAX)) return new Int32(Number(n));
  if (n < INT64_MIN || n > INT64_MAX) return undefined;
  return Long.fromBigInt(n);
}

/**
 * `a + b` with MongoDB's type promotion, or `undefined` when an int64 result overflows
 * (MongoDB then fails the update).
 *
 * @example
 * ```ts
 * addNumbers(new Int32(2147483647), new Int32(1)); // Long(2147483648)
 * addNumbers(new Int32(1), new Double(0.5)); // Double(1.5)
 * ```
 */
export function addNumbers(a: unknown, b: unknown): unknown {
  const kind = resultKind(numberKind(a) ?? 'double', numberKind(b) ?? 'double');
  if (kind === 'decimal') return decToBson(addDec(toDec(a), toDec(b)));
  if (kind === 'double') return new Double(toDouble(a) + toDouble(b));
  return integerResult(toBigInt(a) + toBigInt(b), kind);
}

/**
 * `a × b` with MongoDB's type promotion, or `undefined` on int64 overflow.
 *
 * @example
 * ```ts
 * multiplyNumbers(new Int32(3), Decimal128.fromString('1.5')); // Decimal128('4.5')
 * ```
 */
export function multiplyNumbers(a: unknown, b: unknown): unknown {
  const kind = resultKind(numberKind(a) ?? 'double', numberKind(b) ?? 'double');
  if (kind === 'decimal') return decToBson(mulDec(toDec(a), toDec(b)));
  if (kind === 'double') return new Double(toDouble(a) * toDouble(b));
  return integerResult(toBigInt(a) * toBigInt(b), kind);
}

/** A bitwise operation of `$bit`. */
export type BitOp = 'and' | 'or' | 'xor';

/**
 * `$bit` on two integers: int32 with int32 stays int32; anything with an int64 is an int64.
 *
 * @example
 * ```ts
 * bitwise('or', new Int32(5), new Int32(2)); // Int32(7)
 * ```
 */
export function bitwise(op: BitOp, a: unknown, b: unknown): Int32 | Long {
  const x = toBigInt(a);
  const y = toBigInt(b);
  const r = op === 'and' ? x & y : op === 'or' ? x | y : x ^ y;
  if (numberKind(a) === 'int' && numberKind(b) === 'int') return new Int32(Number(BigInt.asIntN(32, r)));
  return Long.fromBigInt(BigInt.asIntN(64, r));
}

/**
 * A fresh wrapper of the same type and value (so a bare JS number from an update becomes a typed
 * BSON value when stored by `$inc` on a missing field).
 *
 * @example
 * ```ts
 * typedNumber(5); // Int32(5)
 * ```
 */
export function typedNumber(value: unknown): unknown {
  switch (numberKind(value)) {
    case 'int':
      return typeof value === 'number' ? new Int32(value) : value;
    case 'double':
      return typeof value === 'number' ? new Double(value) : value;
    default:
      return value;
  }
}
