import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { bsonTypeName } from '../compare.js';
import { exactJsNumber, integralBigInt, isNaNNumber, isNumber, truncatedBigInt } from '../compare-numbers.js';
import { BSON_TYPE_CODES, BSON_TYPE_NAMES_BY_CODE, NUMERIC_TYPE_NAMES } from '../type-names.js';
import { type Condition, predicate } from './types.js';

function badValue(message: string): ServerError {
  return new ServerError('BadValue', message);
}

/**
 * Resolves `$type` operands (names, numeric codes, the `'number'` alias, or a list of them) to a
 * set of type names.
 *
 * @example
 * ```ts
 * parseTypeSet(['number', 2]); // Set { 'double', 'int', 'long', 'decimal', 'string' }
 * ```
 */
export function parseTypeSet(operand: unknown): Set<string> {
  const items = Array.isArray(operand) ? operand : [operand];
  const names = new Set<string>();
  for (const item of items) {
    if (typeof item === 'string') {
      if (item === 'number') {
        for (const n of NUMERIC_TYPE_NAMES) names.add(n);
      } else if (BSON_TYPE_CODES.has(item)) {
        names.add(item);
      } else {
        throw badValue(`Unknown type name alias: ${item}`);
      }
    } else if (isNumber(item)) {
      const code = exactJsNumber(item);
      const name =
        code !== undefined && Number.isInteger(code) ? BSON_TYPE_NAMES_BY_CODE.get(code) : undefined;
      if (name === undefined) throw badValue(`Invalid numerical type code: ${String(code ?? item)}`);
      names.add(name);
    } else {
      throw new ServerError('TypeMismatch', 'type must be represented as a number or a string');
    }
  }
  if (names.size === 0) throw badValue('$type must match at least one type');
  return names;
}

/**
 * `$type`: matches values (and array elements) of any of the listed types; missing never matches.
 *
 * @example
 * ```ts
 * const c = typeCompiler('number');
 * c.kind === 'pred' && c.test(new Long(1)); // true
 * ```
 */
export function typeCompiler(operand: unknown): Condition {
  const names = parseTypeSet(operand);
  return predicate((v) => v !== undefined && names.has(bsonTypeName(v)));
}

/**
 * `$size`: arrays of exactly that length (never array elements).
 *
 * @example
 * ```ts
 * const c = sizeCompiler(2);
 * c.kind === 'pred' && c.test([1, 2]); // true
 * ```
 */
export function sizeCompiler(operand: unknown): Condition {
  if (!isNumber(operand)) throw badValue('$size needs a number');
  const n = exactJsNumber(operand);
  if (n !== undefined && n < 0) throw badValue('$size may not be negative');
  const size = integralBigInt(operand);
  if (size === undefined) throw badValue('$size must be a whole number');
  if (size < 0n) throw badValue('$size may not be negative');
  const length = Number(size);
  return predicate((v) => Array.isArray(v) && v.length === length, false);
}

/**
 * `$mod: [divisor, remainder]`: both truncated toward zero, as is the field value (5.0+).
 *
 * @example
 * ```ts
 * const c = modCompiler([4, 3], {});
 * c.kind === 'pred' && c.test(new Double(7.9)); // true
 * ```
 */
export function modCompiler(operand: unknown, _siblings: Doc): Condition {
  if (!Array.isArray(operand)) throw badValue('malformed mod, needs to be an array');
  if (operand.length < 2) throw badValue('malformed mod, not enough elements');
  if (operand.length > 2) throw badValue('malformed mod, too many elements');
  const [d, r] = operand as [unknown, unknown];
  if (!isNumber(d)) throw badValue('malformed mod, divisor not a number');
  if (!isNumber(r)) throw badValue('malformed mod, remainder not a number');
  const divisor = truncatedBigInt(d);
  const remainder = truncatedBigInt(r);
  if (divisor === undefined || isNaNNumber(d)) {
    throw badValue(
      'malformed mod, divisor value is invalid :: caused by :: Unable to coerce NaN/Inf to integral type',
    );
  }
  if (remainder === undefined) {
    throw badValue(
      'malformed mod, remainder value is invalid :: caused by :: Unable to coerce NaN/Inf to integral type',
    );
  }
  if (divisor === 0n) throw badValue('divisor cannot be 0');
  const smallDivisor = Number(divisor);
  const smallRemainder = Number(remainder);
  const fast = Number.isSafeInteger(smallDivisor) && Number.isSafeInteger(smallRemainder);
  return predicate((v) => {
    if (!isNumber(v)) return false;
    const n = exactJsNumber(v);
    if (fast && n !== undefined && Number.isSafeInteger(Math.trunc(n))) {
      return Math.trunc(n) % smallDivisor === smallRemainder;
    }
    const big = truncatedBigInt(v);
    return big !== undefined && big % divisor === remainder;
  });
}
