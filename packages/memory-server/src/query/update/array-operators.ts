import type { Decimal128, Double, Int32, Long } from 'bson';
import { BSONRegExp } from 'bson';
import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { bsonTypeName, compareValues, valuesEqual } from '../compare.js';
import { compileFilter } from '../match.js';
import { compileSort } from '../sort.js';
import { numberKind } from './arithmetic.js';
import type { LeafOp, LeafSite } from './leaf-op.js';
import { formatElement, formatId, formatValue, isPlainObject, NOOP } from './values.js';

/** An integral number as MongoDB's `parseIntegerElementToLong` accepts it, else `undefined`. */
function integerArg(value: unknown): number | undefined {
  const kind = numberKind(value);
  if (kind === undefined) return undefined;
  if (kind === 'long') return (value as Long).toNumber();
  const n =
    kind === 'decimal'
      ? Number((value as Decimal128).toString())
      : typeof value === 'number'
        ? value
        : (value as Int32 | Double).value;
  return Number.isInteger(n) ? n : undefined;
}

function notArray(site: LeafSite, current: unknown): ServerError {
  return new ServerError(
    'BadValue',
    `The field '${site.path}' must be an array but is of type ${bsonTypeName(current)} in document {${formatId(site.state.doc)}}`,
  );
}

function checkSortPattern(pattern: Doc): void {
  const entries = Object.entries(pattern);
  if (entries.length === 0) {
    throw new ServerError('BadValue', 'The $sort pattern is empty when it should be a set of fields.');
  }
  for (const [field, order] of entries) {
    const n = numberKind(order) === undefined ? 0 : Number(integerArg(order) ?? 0);
    if (n !== 1 && n !== -1)
      throw new ServerError('BadValue', 'The $sort element value must be either 1 or -1');
    if (field === '') throw new ServerError('BadValue', 'The $sort field cannot be empty');
    if (field.split('.').some((p) => p === '')) {
      throw new ServerError('BadValue', `The $sort field is a dotted field but has an empty part: ${field}`);
    }
  }
}

type ElementCompare = (a: unknown, b: unknown) => number;

function parseSort(clause: unknown): ElementCompare {
  if (isPlainObject(clause)) {
    checkSortPattern(clause);
    const compare = compileSort(clause);
    // Non-documents sort as if every pattern field were missing.
    return (a, b) => compare(isPlainObject(a) ? a : {}, isPlainObject(b) ? b : {});
  }
  if (numberKind(clause) !== undefined) {
    const n = integerArg(clause);
    if (n !== 1 && n !== -1)
      throw new ServerError('BadValue', 'The $sort element value must be either 1 or -1');
    return (a, b) => n * compareValues(a, b);
  }
  throw new ServerError(
    'BadValue',
    'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields',
  );
}

const PUSH_CLAUSES = new Set(['$each', '$slice', '$sort', '$position']);

/**
 * `$push`, with `$each`, `$position`, `$sort`, `$slice` (applied in that order).
 *
 * @example
 * ```ts
 * pushOp('a', { $each: [3], $sort: 1, $slice: 2 }).existing([5, 1], site); // [1, 3]
 * ```
 */
export function pushOp(path: string, arg: unknown): LeafOp {
  let values: unknown[] = [arg];
  let slice: number | undefined;
  let sort: ElementCompare | undefined;
  let position: number | undefined;
  if (isPlainObject(arg) && '$each' in arg) {
    for (const name of Object.keys(arg)) {
      if (!PUSH_CLAUSES.has(name)) throw new ServerError('BadValue', `Unrecognized clause in $push: ${name}`);
    }
    const each = arg['$each'];
    if (!Array.isArray(each)) {
      throw new ServerError(
        'BadValue',
        `The argument to $each in $push must be an array but it was of type: ${bsonTypeName(each)}`,
      );
    }
    values = each;
    if ('$slice' in arg) {
      slice = integerArg(arg['$slice']);
      if (slice === undefined) {
        throw new ServerError(
          'BadValue',
          `The value for $slice must be an integer value but was given type: ${bsonTypeName(arg['$slice'])}`,
        );
      }
    }
    if ('$sort' in arg) sort = parseSort(arg['$sort']);
    if ('$position' in arg) {
      position = integerArg(arg['$position']);
      if (position === undefined) {
        throw new ServerError(
          'BadValue',
          `The value for $position must be an integer value, not of type: ${bsonTypeName(arg['$position'])}`,
        );
      }
    }
  }

  const perform = (array: readonly unknown[]): unknown[] | typeof NOOP => {
    let changed = values.length > 0;
    let result = [...array];
    if (values.length > 0) {
      const size = result.length;
      let at: number;
      if (position === undefined || position >= size) at = size;
      else if (position >= 0) at = position;
      else at = -position < size ? size + position : 0;
      result.splice(at, 0, ...values);
    }
    if (sort) {
      changed = true;
      const compare = sort;
      result = result
        .map((value, index) => ({ value, index }))
        .sort((x, y) => compare(x.value, y.value) || x.index - y.index)
        .map((e) => e.value);
    }
    if (slice !== undefined && result.length > Math.abs(slice)) {
      changed = true;
      result = slice >= 0 ? result.slice(0, slice) : result.slice(result.length + slice);
    }
    return changed ? result : NOOP;
  };

  return {
    op: '$push',
    path,
    setsValue: false,
    existing(current, site) {
      if (!Array.isArray(current)) throw notArray(site, current);
      return perform(current);
    },
    missing: () => {
      const created = perform([]);
      return created === NOOP ? [] : created;
    },
  };
}

/**
 * `$addToSet`, with `$each`: appends the values not already present (MongoDB equality).
 *
 * @example
 * ```ts
 * addToSetOp('a', { $each: [1, 2] }).existing([1], site); // [1, 2]
 * ```
 */
export function addToSetOp(path: string, arg: unknown): LeafOp {
  let candidates: unknown[] = [arg];
  if (isPlainObject(arg) && Object.keys(arg)[0] === '$each') {
    const each = arg['$each'];
    if (!Array.isArray(each)) {
      throw new ServerError(
        'TypeMismatch',
        `The argument to $each in $addToSet must be an array but it was of type ${bsonTypeName(each)}`,
      );
    }
    if (Object.keys(arg).length > 1) {
      throw new ServerError(
        'BadValue',
        `Found unexpected fields after $each in $addToSet: ${formatValue(arg)}`,
      );
    }
    candidates = each;
  }
  const toAdd: unknown[] = [];
  for (const value of candidates) {
    if (!toAdd.some((v) => valuesEqual(v, value))) toAdd.push(value);
  }
  return {
    op: '$addToSet',
    path,
    setsValue: false,
    existing(current, site) {
      if (!Array.isArray(current)) {
        throw new ServerError(
          'BadValue',
          `Cannot apply $addToSet to non-array field. Field named '${site.fieldName}' has non-array type ${bsonTypeName(current)}`,
        );
      }
      const added = toAdd.filter((v) => !current.some((c) => valuesEqual(c, v)));
      return added.length === 0 ? NOOP : [...current, ...added];
    },
    missing: () => [...toAdd],
  };
}

/**
 * `$pop: 1` removes the last element, `$pop: -1` the first.
 *
 * @example
 * ```ts
 * popOp('a', -1).existing([1, 2], site); // [2]
 * ```
 */
export function popOp(path: string, arg: unknown): LeafOp {
  if (numberKind(arg) === undefined) {
    throw new ServerError('FailedToParse', `Expected a number in: ${formatElement(path, arg)}`);
  }
  const kind = numberKind(arg);
  const n =
    kind === 'long' || kind === 'decimal'
      ? Number((arg as Long | Decimal128).toString())
      : typeof arg === 'number'
        ? arg
        : (arg as Int32 | Double).value;
  if (n !== 1 && n !== -1) throw new ServerError('FailedToParse', `$pop expects 1 or -1, found: ${n}`);
  return {
    op: '$pop',
    path,
    setsValue: false,
    nonViable: 'pop',
    existing(current, site) {
      if (!Array.isArray(current)) {
        throw new ServerError(
          'TypeMismatch',
          `Path '${site.path}' contains an element of non-array type '${bsonTypeName(current)}'`,
        );
      }
      if (current.length === 0) return NOOP;
      return n === 1 ? current.slice(0, -1) : current.slice(1);
    },
    missing: () => NOOP,
  };
}

/** Query operators that apply to a value (so `{$pull: {a: {$gte: 6}}}` tests each element itself). */
const VALUE_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$type',
  '$mod',
  '$regex',
  '$options',
  '$elemMatch',
  '$size',
  '$all',
  '$not',
  '$bitsAllSet',
  '$bitsAllClear',
  '$bitsAnySet',
  '$bitsAnyClear',
  '$geoWithin',
  '$geoIntersects',
  '$near',
  '$nearSphere',
  '$within',
  '$_internalSchemaType',
]);

function pullMatcher(arg: unknown): (element: unknown) => boolean {
  if (arg instanceof RegExp || arg instanceof BSONRegExp) {
    const filter = compileFilter({ v: arg });
    return (element) => filter.test({ v: element });
  }
  if (isPlainObject(arg)) {
    const first = Object.keys(arg)[0];
    if (first !== undefined && VALUE_OPERATORS.has(first)) {
      const filter = compileFilter({ v: arg });
      return (element) => filter.test({ v: element });
    }
    // A document condition matches embedded documents by their fields, as a query would.
    const filter = compileFilter(arg);
    return (element) => isPlainObject(element) && filter.test(element);
  }
  return (element) => valuesEqual(element, arg);
}

function cullingOp(op: '$pull' | '$pullAll', path: string, remove: (element: unknown) => boolean): LeafOp {
  return {
    op,
    path,
    setsValue: false,
    nonViable: 'noop',
    existing(current) {
      if (!Array.isArray(current))
        throw new ServerError('BadValue', `Cannot apply ${op} to a non-array value`);
      const kept = current.filter((e) => !remove(e));
      return kept.length === current.length ? NOOP : kept;
    },
    missing: () => NOOP,
  };
}

/**
 * `$pull`: removes elements equal to a value or matching a condition.
 *
 * @example
 * ```ts
 * pullOp('a', { $gte: 5 }).existing([1, 5, 7], site); // [1]
 * ```
 */
export function pullOp(path: string, arg: unknown): LeafOp {
  return cullingOp('$pull', path, pullMatcher(arg));
}

/**
 * `$pullAll`: removes every element equal to one of the listed values.
 *
 * @example
 * ```ts
 * pullAllOp('a', [0, 5]).existing([0, 2, 5], site); // [2]
 * ```
 */
export function pullAllOp(path: string, arg: unknown): LeafOp {
  if (!Array.isArray(arg)) {
    throw new ServerError(
      'BadValue',
      `$pullAll requires an array argument but was given a ${bsonTypeName(arg)}`,
    );
  }
  return cullingOp('$pullAll', path, (e) => arg.some((v) => valuesEqual(e, v)));
}
