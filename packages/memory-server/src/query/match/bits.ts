import { Binary } from 'bson';
import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { exactJsNumber, integralBigInt, isNumber } from '../compare-numbers.js';
import { type Condition, predicate } from './types.js';

/** Bit positions named by a bit test operand: a non-negative integer mask, a position list, or BinData. */
function parsePositions(name: string, operand: unknown): number[] {
  if (isNumber(operand)) {
    const mask = integralBigInt(operand);
    if (mask === undefined) {
      throw new ServerError(
        'BadValue',
        `${name} takes an Array, a number, or a BinData but received: ${String(operand)}`,
      );
    }
    if (mask < 0n) throw new ServerError('BadValue', `${name} cannot take a negative number: ${mask}`);
    const positions: number[] = [];
    for (let p = 0, m = mask; m > 0n; p++, m >>= 1n) if (m & 1n) positions.push(p);
    return positions;
  }
  if (Array.isArray(operand)) {
    return operand.map((item) => {
      const n = isNumber(item) ? exactJsNumber(item) : undefined;
      if (n === undefined || !Number.isInteger(n)) {
        throw new ServerError('BadValue', `bit positions must be an integer but got: ${String(item)}`);
      }
      if (n < 0) throw new ServerError('BadValue', `bit positions must be >= 0 but got: ${n}`);
      return n;
    });
  }
  if (operand instanceof Binary || operand instanceof Uint8Array) {
    return bitsOfBytes(operand instanceof Binary ? operand.buffer.subarray(0, operand.position) : operand);
  }
  throw new ServerError(
    'BadValue',
    `${name} takes an Array, a number, or a BinData but received: ${String(operand)}`,
  );
}

function bitsOfBytes(bytes: Uint8Array): number[] {
  const positions: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    for (let b = 0; b < 8; b++) if (byte & (1 << b)) positions.push(i * 8 + b);
  }
  return positions;
}

/** A test for "bit p is set" in a field value, or undefined when the value cannot be bit-tested. */
function bitReader(value: unknown): ((p: number) => boolean) | undefined {
  if (isNumber(value)) {
    const n = integralBigInt(value);
    // Only integral values representable as a 64-bit two's complement integer take part.
    if (n === undefined || n < -(2n ** 63n) || n >= 2n ** 63n) return undefined;
    const bits = BigInt.asUintN(64, n);
    return (p) => (p >= 64 ? n < 0n : ((bits >> BigInt(p)) & 1n) === 1n);
  }
  if (value instanceof Binary || value instanceof Uint8Array) {
    const bytes = value instanceof Binary ? value.buffer.subarray(0, value.position) : value;
    return (p) => (((bytes[p >> 3] ?? 0) >> (p & 7)) & 1) === 1;
  }
  return undefined;
}

/**
 * `$bitsAllSet`, `$bitsAnySet`, `$bitsAllClear`, `$bitsAnyClear` on numbers and BinData.
 *
 * @example
 * ```ts
 * const c = bitTestCompiler([1, 5], {}, compileCtx, '$bitsAllSet');
 * c.kind === 'pred' && c.test(new Int32(54)); // true
 * ```
 */
export function bitTestCompiler(operand: unknown, _siblings: Doc, _ctx: unknown, name: string): Condition {
  const positions = parsePositions(name, operand);
  const wantSet = name === '$bitsAllSet' || name === '$bitsAnySet';
  const all = name === '$bitsAllSet' || name === '$bitsAllClear';
  return predicate((v) => {
    const read = bitReader(v);
    if (!read) return false;
    const check = (p: number): boolean => read(p) === wantSet;
    return all ? positions.every(check) : positions.some(check);
  });
}
