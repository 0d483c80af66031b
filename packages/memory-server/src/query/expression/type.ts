import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import { documentSize } from '../../bson.js';
import { BSON_TYPE_CODES } from '../type-names.js';
import { parseDateString, toDateValue } from './date-parts.js';
import {
  type Env,
  type OperatorFn,
  evalArgs,
  evaluate,
  isDocument,
  isNullish,
  namedArgs,
  typeName,
} from './evaluate.js';
import { fail } from './fail.js';
import {
  type Num,
  decFromDouble,
  decFromString,
  decToDecimal128,
  formatDoubleShortest,
  numToDouble,
  numToDec,
  toNum,
} from './numeric.js';

type Target = 'double' | 'string' | 'objectId' | 'bool' | 'date' | 'int' | 'long' | 'decimal';
const TARGETS: readonly string[] = ['double', 'string', 'objectId', 'bool', 'date', 'int', 'long', 'decimal'];

/** A conversion failure: MongoDB's ConversionFailure (241), caught by `onError`. */
class ConversionError {
  constructor(readonly message: string) {}
}

function unsupported(value: unknown, to: string): never {
  throw new ConversionError(
    `Unsupported conversion from ${typeName(value)} to ${to} in $convert with no onError value`,
  );
}

function parseFailed(kind: string, s: string, why: string): never {
  throw new ConversionError(`Failed to parse ${kind} '${s}' in $convert with no onError value: ${why}`);
}

function integral(n: Num): bigint {
  if (n.t === 'int') return BigInt(n.v);
  if (n.t === 'long') return n.v;
  const d = numToDouble(n);
  if (!Number.isFinite(d)) {
    throw new ConversionError(
      `Attempt to convert ${Number.isNaN(d) ? 'NaN' : 'infinity'} value to integer type in $convert with no onError value`,
    );
  }
  if (n.t === 'decimal' && 'c' in n.v) {
    const { c, e } = n.v;
    return e >= 0 ? c * 10n ** BigInt(e) : c / 10n ** BigInt(-e);
  }
  return BigInt(Math.trunc(d));
}

function parseInteger(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) parseFailed('number', s, 'Did not consume whole string.');
  return BigInt(s);
}

function parseNumber(s: string): number {
  const t = s.trim();
  if (t !== s || s === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(s)) {
    parseFailed('number', s, 'Did not consume whole string.');
  }
  const lower = s.toLowerCase().replace(/^\+/, '');
  if (lower.endsWith('nan')) return NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity'))
    return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(s);
}

function checkRange(v: bigint, to: 'int' | 'long'): bigint {
  const [lo, hi] = to === 'int' ? [-(2n ** 31n), 2n ** 31n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n];
  if (v < lo || v > hi)
    throw new ConversionError(
      `Conversion would overflow target type in $convert with no onError value: ${v}`,
    );
  return v;
}

function convertValue(value: unknown, to: Target): unknown {
  const n = toNum(value);
  switch (to) {
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (n) return numToDouble(n) !== 0 && !(n.t === 'decimal' && 'c' in n.v && n.v.c === 0n);
      return true;
    case 'int':
    case 'long': {
      let v: bigint;
      if (typeof value === 'boolean') v = value ? 1n : 0n;
      else if (n) v = integral(n);
      else if (typeof value === 'string') v = parseInteger(value);
      else if (value instanceof Date && to === 'long') v = BigInt(value.getTime());
      else return unsupported(value, to);
      checkRange(v, to);
      return to === 'int' ? new Int32(Number(v)) : Long.fromBigInt(v);
    }
    case 'double':
      if (typeof value === 'boolean') return new Double(value ? 1 : 0);
      if (n) return new Double(numToDouble(n));
      if (typeof value === 'string') return new Double(parseNumber(value));
      if (value instanceof Date) return new Double(value.getTime());
      return unsupported(value, to);
    case 'decimal':
      if (typeof value === 'boolean') return Decimal128.fromString(value ? '1' : '0');
      if (n) return decToDecimal128(n.t === 'double' ? decFromDouble(n.v) : numToDec(n));
      if (typeof value === 'string') {
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(value))
          parseFailed('number', value, 'Failed to parse string to decimal');
        return decToDecimal128(decFromString(value));
      }
      if (value instanceof Date) return Decimal128.fromString(String(value.getTime()));
      return unsupported(value, to);
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'boolean') return String(value);
      if (n)
        return n.t === 'double'
          ? formatDoubleShortest(n.v)
          : n.t === 'long'
            ? n.v.toString()
            : n.t === 'int'
              ? String(n.v)
              : String(value);
      if (value instanceof ObjectId) return value.toHexString();
      if (value instanceof Date) return value.toISOString();
      return unsupported(value, to);
    case 'objectId':
      if (value instanceof ObjectId) return value;
      if (typeof value === 'string') {
        if (!/^[0-9a-fA-F]{24}$/.test(value)) {
          parseFailed(
            'objectId',
            value,
            value.length === 24
              ? 'Invalid character found in hex string'
              : `Invalid string length for parsing to OID, expected 24 but found ${value.length}`,
          );
        }
        return ObjectId.createFromHexString(value);
      }
      return unsupported(value, to);
    case 'date': {
      if (value instanceof Date) return value;
      if (n && n.t !== 'int') return new Date(numToDouble(n));
      if (value instanceof ObjectId || value instanceof Timestamp) return toDateValue(value);
      if (typeof value === 'string') {
        const d = parseDateString(value, undefined);
        if (!d || Number.isNaN(d.getTime()))
          throw new ConversionError(`Error parsing date string '${value}'`);
        return d;
      }
      return unsupported(value, to);
    }
  }
}

function targetName(to: unknown): Target {
  const n = toNum(to);
  let name = to;
  if (n) {
    const code = numToDouble(n);
    name = [...BSON_TYPE_CODES.entries()].find(([, c]) => c === code)?.[0];
    if (name === undefined)
      throw fail(2, `In $convert, numeric value for 'to' does not correspond to a BSON type: ${code}`);
  }
  if (typeof name !== 'string')
    throw fail(2, `$convert's 'to' argument must be a string or number, but is ${typeName(to)}`);
  if (!BSON_TYPE_CODES.has(name) && !TARGETS.includes(name)) throw fail(2, `Unknown type name: ${name}`);
  if (!TARGETS.includes(name)) throw fail(241, `Unsupported conversion to ${name} in $convert`);
  return name as Target;
}

/**
 * Converts a value with `$convert`'s rules, throwing ConversionFailure (241) on failure.
 *
 * @example
 * ```ts
 * convert('42', 'int'); // Int32(42)
 * ```
 */
export function convert(value: unknown, to: string): unknown {
  try {
    return convertValue(value, targetName(to));
  } catch (e) {
    if (e instanceof ConversionError) throw fail(241, e.message);
    throw e;
  }
}

const $convert: OperatorFn = (args, env, name) => {
  const spec = namedArgs(args, name, ['input', 'to', 'onError', 'onNull'], 34464);
  if (!('input' in spec)) throw fail(34455, "Missing 'input' parameter to $convert");
  if (!('to' in spec)) throw fail(34456, "Missing 'to' parameter to $convert");
  const input = evaluate(spec['input'], env);
  const to = evaluate(spec['to'], env);
  if (isNullish(to)) return null;
  const target = targetName(to);
  if (isNullish(input)) return 'onNull' in spec ? evaluate(spec['onNull'], env) : null;
  try {
    return convertValue(input, target);
  } catch (e) {
    if (!(e instanceof ConversionError)) throw e;
    if ('onError' in spec) return evaluate(spec['onError'], env);
    throw fail(241, e.message);
  }
};

function shorthand(to: Target): OperatorFn {
  return (args: unknown, env: Env, name: string) => {
    const [value] = evalArgs(args, env, name, 1);
    if (isNullish(value)) return null;
    return convert(value, to);
  };
}

/** Type inspection and conversion operators (`$type`, `$convert`, `$to*`, sizes). */
export const typeOperators: Record<string, OperatorFn> = {
  $type: (args: unknown, env: Env, name: string) => typeName(evalArgs(args, env, name, 1)[0]),
  $isNumber: (args: unknown, env: Env, name: string) => toNum(evalArgs(args, env, name, 1)[0]) !== undefined,
  $convert,
  $toInt: shorthand('int'),
  $toLong: shorthand('long'),
  $toDouble: shorthand('double'),
  $toDecimal: shorthand('decimal'),
  $toString: shorthand('string'),
  $toObjectId: shorthand('objectId'),
  $toBool: shorthand('bool'),
  $toDate: shorthand('date'),
  $bsonSize: (args: unknown, env: Env, name: string) => {
    const [value] = evalArgs(args, env, name, 1);
    if (isNullish(value)) return null;
    if (!isDocument(value))
      throw fail(31393, `$bsonSize requires a document input, found: ${typeName(value)}`);
    return new Int32(documentSize(value));
  },
  $binarySize: (args: unknown, env: Env, name: string) => {
    const [value] = evalArgs(args, env, name, 1);
    if (isNullish(value)) return null;
    if (typeof value === 'string') return new Int32(Buffer.byteLength(value, 'utf8'));
    if (value instanceof Binary) return new Int32(value.length());
    throw fail(51276, `$binarySize requires a string or BinData argument, found: ${typeName(value)}`);
  },
};
