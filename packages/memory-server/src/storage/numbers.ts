import { Decimal128, Double, Int32, Long } from 'bson';

/**
 * The JS number of a numeric BSON value (`Int32`, `Double`, `Long`, `Decimal128` or a bare
 * number), or `undefined` for anything else. Commands use it for options such as `limit`.
 *
 * @example
 * ```ts
 * toNumber(new Int32(5)); // 5
 * toNumber('5');          // undefined
 * ```
 */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof Int32 || value instanceof Double) return value.value;
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number(value.toString());
  return undefined;
}

/**
 * Whether a value is numeric in BSON's sense.
 *
 * @example
 * ```ts
 * isNumeric(new Long(1)); // true
 * ```
 */
export function isNumeric(value: unknown): boolean {
  return toNumber(value) !== undefined;
}

/**
 * MongoDB's truthiness for boolean-ish command options (`true`, non-zero numbers).
 *
 * @example
 * ```ts
 * isTruthy(new Int32(1)); // true
 * ```
 */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  const n = toNumber(value);
  if (n !== undefined) return n !== 0;
  return true;
}
