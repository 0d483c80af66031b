import { Decimal128, Int32, Long } from 'bson';
import { ServerError } from '../../errors.js';
import { bsonTypeName, compareValues } from '../compare.js';
import { addNumbers, bitwise, multiplyNumbers, numberKind, typedNumber, type BitOp } from './arithmetic.js';
import type { LeafOp, LeafSite } from './leaf-op.js';
import { formatElement, formatId, formatValue, identical, isPlainObject, NOOP, REMOVE } from './values.js';

/**
 * `$set`: replace the value; a no-op when the new value is binary-identical.
 *
 * @example
 * ```ts
 * setOp('a.b', 1).existing(1, site); // NOOP
 * ```
 */
export function setOp(path: string, value: unknown, op = '$set'): LeafOp {
  return {
    op,
    path,
    setsValue: true,
    existing: (current) => (identical(current, value) ? NOOP : value),
    missing: () => value,
  };
}

/**
 * `$setOnInsert`: `$set` during an upsert insert, nothing otherwise.
 *
 * @example
 * ```ts
 * setOnInsertOp('created', true).missing(site); // NOOP on an update, the value on an upsert's insert
 * ```
 */
export function setOnInsertOp(path: string, value: unknown): LeafOp {
  return {
    op: '$setOnInsert',
    path,
    setsValue: true,
    existing: (current, site) => (!site.state.isInsert || identical(current, value) ? NOOP : value),
    missing: (site) => (site.state.isInsert ? value : NOOP),
  };
}

/**
 * `$unset`: remove the field (inside an array, MongoDB leaves `null` in its place).
 *
 * @example
 * ```ts
 * unsetOp('a').existing(1, site); // REMOVE
 * ```
 */
export function unsetOp(path: string): LeafOp {
  return {
    op: '$unset',
    path,
    setsValue: false,
    nonViable: 'noop',
    existing: () => REMOVE,
    missing: () => NOOP,
  };
}

function numericTag(value: unknown): string {
  if (value instanceof Long) return `(NumberLong)${value.toString()}`;
  if (value instanceof Int32) return `(NumberInt)${value.value}`;
  if (value instanceof Decimal128) return `(NumberDecimal)${value.toString()}`;
  return `(NumberDouble)${formatValue(value)}`;
}

/**
 * `$inc` and `$mul`, with MongoDB's numeric type promotion.
 *
 * @example
 * ```ts
 * arithmeticOp('$inc', 'n', new Int32(1)).existing(new Int32(2147483647), site); // Long(2147483648)
 * ```
 */
export function arithmeticOp(op: '$inc' | '$mul', path: string, operand: unknown): LeafOp {
  if (numberKind(operand) === undefined) {
    throw new ServerError(
      'TypeMismatch',
      `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${formatElement(path, operand)}}`,
    );
  }
  const compute = op === '$inc' ? addNumbers : multiplyNumbers;
  return {
    op,
    path,
    setsValue: false,
    existing(current, site) {
      if (numberKind(current) === undefined) {
        throw new ServerError(
          'TypeMismatch',
          `Cannot apply ${op} to a value of non-numeric type. {${formatId(site.state.doc)}} has the field '${site.fieldName}' of non-numeric type ${bsonTypeName(current)}`,
        );
      }
      const result = compute(operand, current);
      if (result === undefined) {
        throw new ServerError(
          'BadValue',
          `Failed to apply ${op} operations to current value (${numericTag(current)}) for document {${formatId(site.state.doc)}}`,
        );
      }
      return identical(result, current) ? NOOP : result;
    },
    // $mul on a missing field stores a zero of the operand's type.
    missing: () => (op === '$inc' ? typedNumber(operand) : multiplyNumbers(new Int32(0), operand)),
  };
}

/**
 * `$min` and `$max`: compare in MongoDB's BSON order, keep the smaller / larger.
 *
 * @example
 * ```ts
 * compareOp('$min', 'a', 3).existing(5, site); // 3
 * ```
 */
export function compareOp(op: '$min' | '$max', path: string, operand: unknown): LeafOp {
  return {
    op,
    path,
    setsValue: true,
    existing(current) {
      const c = compareValues(operand, current);
      return (op === '$min' ? c < 0 : c > 0) ? operand : NOOP;
    },
    missing: () => operand,
  };
}

/**
 * `$currentDate`: `true`, `{$type: 'date'}` or `{$type: 'timestamp'}`.
 *
 * @example
 * ```ts
 * currentDateOp('at', { $type: 'timestamp' }).missing(site); // Timestamp
 * ```
 */
export function currentDateOp(path: string, spec: unknown): LeafOp {
  let isDate = true;
  if (typeof spec === 'boolean') {
    isDate = true;
  } else if (isPlainObject(spec)) {
    let found = false;
    for (const [name, value] of Object.entries(spec)) {
      if (name !== '$type') throw new ServerError('BadValue', `Unrecognized $currentDate option: ${name}`);
      if (value === 'date' || value === 'timestamp') {
        isDate = value === 'date';
        found = true;
      }
    }
    if (!found) {
      throw new ServerError(
        'BadValue',
        "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
      );
    }
  } else {
    throw new ServerError(
      'BadValue',
      `${bsonTypeName(spec)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
    );
  }
  const make = (site: LeafSite): unknown =>
    isDate ? new Date(site.state.now.getTime()) : site.state.timestamp();
  return { op: '$currentDate', path, setsValue: false, existing: (_c, site) => make(site), missing: make };
}

const BIT_OPS = new Set(['and', 'or', 'xor']);

/**
 * `$bit: { field: { and | or | xor: int } }` on int32 / int64 fields.
 *
 * @example
 * ```ts
 * bitOp('f', { or: new Int32(2) }).existing(new Int32(5), site); // Int32(7)
 * ```
 */
export function bitOp(path: string, spec: unknown): LeafOp {
  if (!isPlainObject(spec)) {
    throw new ServerError(
      'BadValue',
      `The $bit modifier is not compatible with a ${bsonTypeName(spec)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`,
    );
  }
  const ops: { op: BitOp; operand: unknown }[] = [];
  for (const [name, operand] of Object.entries(spec)) {
    if (!BIT_OPS.has(name)) {
      throw new ServerError(
        'BadValue',
        `The $bit modifier only supports 'and', 'or', and 'xor', not '${name}' which is an unknown operator: {${formatElement(name, operand)}}`,
      );
    }
    const kind = numberKind(operand);
    if (kind !== 'int' && kind !== 'long') {
      throw new ServerError(
        'BadValue',
        `The $bit modifier field must be an Integer(32/64 bit); a '${bsonTypeName(operand)}' is not supported here: {${formatElement(name, operand)}}`,
      );
    }
    ops.push({ op: name as BitOp, operand });
  }
  if (ops.length === 0) {
    throw new ServerError(
      'BadValue',
      'You must pass in at least one bitwise operation. The format is: {$bit: {field: {and/or/xor: #}}',
    );
  }
  const run = (start: unknown): unknown =>
    ops.reduce((acc, { op, operand }) => bitwise(op, acc, operand), start);
  return {
    op: '$bit',
    path,
    setsValue: false,
    existing(current, site) {
      const kind = numberKind(current);
      if (kind !== 'int' && kind !== 'long') {
        throw new ServerError(
          'BadValue',
          `Cannot apply $bit to a value of non-integral type.${formatId(site.state.doc)} has the field ${site.fieldName} of non-integer type ${bsonTypeName(current)}`,
        );
      }
      const result = run(current);
      return identical(result, current) ? NOOP : result;
    },
    missing: () => run(new Int32(0)),
  };
}
