import { Double, Int32 } from 'bson';
import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { canonicalKey, compareValues, isPlainDocument, typeRank, TypeRank, valuesEqual } from '../compare.js';
import type { StringComparator } from '../collation.js';
import { exactJsNumber, isNaNNumber, isNumber } from '../compare-numbers.js';
import { isTraversable } from '../path.js';
import { bitTestCompiler } from './bits.js';
import { testSingle } from './evaluate-condition.js';
import { modCompiler, sizeCompiler, typeCompiler } from './misc-operators.js';
import { regexSource, regexTester } from './regex.js';
import {
  type CompileContext,
  type Condition,
  type FieldOperatorCompiler,
  negate,
  type Predicate,
  predicate,
} from './types.js';

/** Field operators by name; a later feature (text, geo) registers its own with {@link registerFieldOperator}. */
const FIELD_OPERATORS = new Map<string, FieldOperatorCompiler>();

/**
 * Adds or replaces a field-level query operator.
 *
 * @example
 * ```ts
 * // @no-check: needs values from its call site
 * registerFieldOperator('$geoWithin', (operand) => predicate((v) => insideShape(v, operand)));
 * ```
 */
export function registerFieldOperator(name: string, compiler: FieldOperatorCompiler): void {
  FIELD_OPERATORS.set(name, compiler);
}

function badValue(message: string): ServerError {
  return new ServerError('BadValue', message);
}

/**
 * Whether a value is an operator object (`{$gt: 1}`): a document whose first key starts with `$`.
 *
 * @example
 * ```ts
 * isOperatorObject({ $gt: 1 }); // true
 * isOperatorObject({ a: 1, $gt: 1 }); // false (a literal)
 * ```
 */
export function isOperatorObject(value: unknown): value is Doc {
  if (!isPlainDocument(value)) return false;
  const first = Object.keys(value)[0];
  // `{$ref, $id}` spelled as a plain document is a DBRef literal, not operators.
  return (
    first !== undefined && first.startsWith('$') && first !== '$ref' && first !== '$id' && first !== '$db'
  );
}

type Comparison = '$eq' | '$gt' | '$gte' | '$lt' | '$lte';

const ACCEPT: Record<Comparison, (c: number) => boolean> = {
  $eq: (c) => c === 0,
  $gt: (c) => c > 0,
  $gte: (c) => c >= 0,
  $lt: (c) => c < 0,
  $lte: (c) => c <= 0,
};

/**
 * A comparison with MongoDB's type bracketing: values of another canonical type never match,
 * except against MinKey/MaxKey; NaN only equals NaN; null also matches missing.
 *
 * @example
 * ```ts
 * comparisonPredicate('$gt', 5).test(Decimal128.fromString('5.5')); // true
 * comparisonPredicate('$gt', 5).test('6'); // false: another type
 */
export function comparisonPredicate(op: Comparison, operand: unknown, strings?: StringComparator): Predicate {
  if (op === '$eq') return predicate((v) => valuesEqual(v, operand, strings));
  const rank = typeRank(operand);
  const accept = ACCEPT[op];
  const acrossTypes = rank === TypeRank.minKey || rank === TypeRank.maxKey;
  const operandNaN = rank === TypeRank.number && isNaNNumber(operand);
  const nanEquality = op === '$gte' || op === '$lte';
  const operandNumber = rank === TypeRank.number && !operandNaN ? exactJsNumber(operand) : undefined;
  return predicate((v) => {
    if (operandNumber !== undefined) {
      // Fast path for the common int32/double/JS-number field against a plain numeric bound.
      const x = typeof v === 'number' ? v : v instanceof Int32 || v instanceof Double ? v.value : undefined;
      if (x !== undefined) {
        if (Number.isNaN(x)) return false;
        return accept(x < operandNumber ? -1 : x > operandNumber ? 1 : 0);
      }
    }
    const r = typeRank(v);
    if (r !== rank) return acrossTypes && accept(compareValues(v, operand));
    if (rank === TypeRank.number && (operandNaN || isNaNNumber(v)))
      return nanEquality && operandNaN && isNaNNumber(v);
    return accept(compareValues(v, operand, strings));
  });
}

/** The test of one `$in` list, with regexes searched and a hash set for long lists. */
function inPredicate(name: string, operand: unknown, strings?: StringComparator): Predicate {
  if (!Array.isArray(operand)) throw badValue(`${name} needs an array`);
  const regexes: ((v: unknown) => boolean)[] = [];
  const values: unknown[] = [];
  for (const item of operand) {
    if (isOperatorObject(item)) throw badValue(`cannot nest $ under ${name}`);
    const re = regexSource(item);
    if (re) regexes.push(regexTester(re.pattern, re.options));
    else values.push(item);
  }
  // Canonical keys are binary: a collation compares value by value instead.
  const keys = values.length > 8 && !strings ? new Set(values.map((v) => canonicalKey(v))) : undefined;
  return predicate((v) => {
    if (keys ? keys.has(canonicalKey(v)) : values.some((x) => valuesEqual(v, x, strings))) return true;
    return regexes.some((test) => test(v));
  });
}

function regexCompiler(operand: unknown, siblings: Doc): Condition {
  const options = siblings['$options'];
  if (options !== undefined && typeof options !== 'string') throw badValue('$options has to be a string');
  const source = regexSource(operand);
  if (source) {
    if (options !== undefined && source.options !== '' && options !== '') {
      throw new ServerError(
        { code: 51075, codeName: 'Location51075' },
        'options set in both $regex and $options',
      );
    }
    return predicate(regexTester(source.pattern, source.options + (options ?? '')));
  }
  if (typeof operand !== 'string') throw badValue('$regex has to be a string');
  if (operand.includes('\0')) throw badValue('Regular expression cannot contain an embedded null byte');
  return predicate(regexTester(operand, options ?? ''));
}

function elemMatchCompiler(operand: unknown, _siblings: Doc, ctx: CompileContext): Condition {
  if (!isPlainDocument(operand)) throw badValue('$elemMatch needs an Object');
  const keys = Object.keys(operand);
  const logical = new Set(['$and', '$or', '$nor', '$where', '$expr', '$text', '$comment', '$jsonSchema']);
  const valueForm =
    keys.length > 0 && keys.every((k) => k.startsWith('$')) && !logical.has(keys[0] as string);
  let matchElement: (element: unknown) => boolean;
  if (valueForm) {
    const cond = compileOperatorObject(operand, ctx);
    matchElement = (element) => testSingle(cond, element);
  } else {
    const matcher = ctx.compileDocument(operand);
    matchElement = (element) => {
      if (isTraversable(element)) return matcher(element as Doc, undefined);
      // A nested array is matched as the document {'0': …, '1': …} (so `{b: null}` matches `[[]]`).
      if (Array.isArray(element)) return matcher({ ...element } as Doc, undefined);
      return false;
    };
  }
  const matchIndex = (value: unknown): number => {
    if (!Array.isArray(value)) return -2;
    for (let j = 0; j < value.length; j++) if (matchElement(value[j])) return j;
    return -2;
  };
  return { kind: 'pred', expandArrays: false, test: (v) => matchIndex(v) !== -2, matchIndex };
}

function allCompiler(operand: unknown, _siblings: Doc, ctx: CompileContext): Condition {
  if (!Array.isArray(operand)) throw badValue('$all needs an array');
  // An empty $all matches nothing.
  if (operand.length === 0) return predicate(() => false, false);
  const isElemMatch = (item: unknown): item is Doc =>
    isPlainDocument(item) && Object.keys(item)[0] === '$elemMatch';
  const elemMatches = operand.filter(isElemMatch);
  if (elemMatches.length > 0 && elemMatches.length !== operand.length) {
    throw badValue('$all/$elemMatch has to be consistent');
  }
  const conds = operand.map((item): Condition => {
    if (isElemMatch(item)) return elemMatchCompiler(item['$elemMatch'], {}, ctx);
    if (isOperatorObject(item)) throw badValue('no $ expressions in $all');
    const re = regexSource(item);
    return re
      ? predicate(regexTester(re.pattern, re.options))
      : comparisonPredicate('$eq', item, ctx.strings);
  });
  return conds.length === 1 ? (conds[0] as Condition) : { kind: 'and', conds };
}

function notCompiler(operand: unknown, _siblings: Doc, ctx: CompileContext): Condition {
  const re = regexSource(operand);
  if (re) return negate(predicate(regexTester(re.pattern, re.options)));
  if (!isPlainDocument(operand)) throw badValue('$not needs a regex or a document');
  if (Object.keys(operand).length === 0) throw badValue('$not cannot be empty');
  return negate(compileOperatorObject(operand, ctx));
}

function existsCompiler(operand: unknown): Condition {
  const exists = predicate((v) => v !== undefined, false);
  return isTruthyOperand(operand) ? exists : negate(exists);
}

/** MongoDB's truthiness of an operand such as `$exists: 0`. */
function isTruthyOperand(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (isNumber(value)) return compareValues(value, 0) !== 0;
  return true;
}

function unsupported(_operand: unknown, _siblings: Doc, _ctx: CompileContext, name: string): Condition {
  throw badValue(`${name} is not supported by the memory server yet`);
}

registerFieldOperator('$eq', (operand, _s, ctx) => comparisonPredicate('$eq', operand, ctx.strings));
registerFieldOperator('$gt', (operand, _s, ctx) => comparisonPredicate('$gt', operand, ctx.strings));
registerFieldOperator('$gte', (operand, _s, ctx) => comparisonPredicate('$gte', operand, ctx.strings));
registerFieldOperator('$lt', (operand, _s, ctx) => comparisonPredicate('$lt', operand, ctx.strings));
registerFieldOperator('$lte', (operand, _s, ctx) => comparisonPredicate('$lte', operand, ctx.strings));
registerFieldOperator('$ne', (operand, _s, ctx) => {
  if (regexSource(operand)) throw badValue("Can't have regex as arg to $ne.");
  return negate(comparisonPredicate('$eq', operand, ctx.strings));
});
registerFieldOperator('$in', (operand, _s, ctx, name) => inPredicate(name, operand, ctx.strings));
registerFieldOperator('$nin', (operand, _s, ctx, name) => negate(inPredicate(name, operand, ctx.strings)));
registerFieldOperator('$not', notCompiler);
registerFieldOperator('$exists', existsCompiler);
registerFieldOperator('$type', typeCompiler);
registerFieldOperator('$size', sizeCompiler);
registerFieldOperator('$all', allCompiler);
registerFieldOperator('$elemMatch', elemMatchCompiler);
registerFieldOperator('$mod', modCompiler);
registerFieldOperator('$regex', regexCompiler);
registerFieldOperator('$options', (_operand, siblings) => {
  if (!('$regex' in siblings)) throw badValue('$options needs a $regex');
  return { kind: 'and', conds: [] };
});
for (const name of ['$bitsAllSet', '$bitsAnySet', '$bitsAllClear', '$bitsAnyClear']) {
  registerFieldOperator(name, bitTestCompiler);
}
for (const name of [
  '$geoWithin',
  '$geoIntersects',
  '$near',
  '$nearSphere',
  '$within',
  '$maxDistance',
  '$minDistance',
]) {
  registerFieldOperator(name, unsupported);
}

/**
 * Compiles an operator object (`{ $gt: 1, $lt: 5 }`) into one condition on a path.
 *
 * @example
 * ```ts
 * compileOperatorObject({ $gte: 1, $ne: 3 }, compileCtx);
 * ```
 */
export function compileOperatorObject(ops: Doc, ctx: CompileContext): Condition {
  const conds: Condition[] = [];
  for (const [name, operand] of Object.entries(ops)) {
    const compiler = FIELD_OPERATORS.get(name);
    if (!compiler) throw badValue(`unknown operator: ${name}`);
    conds.push(compiler(operand, ops, ctx, name));
  }
  return conds.length === 1 ? (conds[0] as Condition) : { kind: 'and', conds };
}

/**
 * Compiles the value of a field in a filter: an operator object, a regex (searched), or a
 * literal (equality, with array-contains semantics).
 *
 * @example
 * ```ts
 * compileFieldValue({ $in: [1, 2] }, compileCtx);
 * compileFieldValue(/^a/, compileCtx);
 * ```
 */
export function compileFieldValue(value: unknown, ctx: CompileContext): Condition {
  if (isOperatorObject(value)) return compileOperatorObject(value, ctx);
  const re = regexSource(value);
  if (re) return predicate(regexTester(re.pattern, re.options));
  return comparisonPredicate('$eq', value, ctx.strings);
}
