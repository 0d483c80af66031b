import type { Document } from 'mongodb';
import { InvalidQueryError } from '../../errors/usage-errors.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { AnyField } from '../../fields/base-field.js';
import { dynamicToMongo } from '../../fields/dynamic-field.js';
import { describeValue } from '../../util/describe-value.js';
import { isPlainObject } from '../../util/is-plain-object.js';
import { compileSubQuery } from '../filter/compile-filter.js';
import { setOwn } from '../filter/condition-set.js';
import { RAW_FILTER, isQueryNodeCarrier, isRawQuery, type RawQuery } from '../filter/query-node.js';
import {
  classScope,
  isListLike,
  resolveParts,
  type DocumentClassLike,
  type PathScope,
} from '../filter/resolve-db-path.js';
import { assertSafeKeyPart, assertSafeValue, isForbiddenKey } from '../filter/safe-value.js';
import { compileArrayFilters, type Identifiers } from './compile-array-filters.js';

/** An update as users write it: `{ set__name: 'Ada', inc__age: 1 }`, or `raw(...)`. */
export type UpdateInput = Readonly<Record<string, unknown>> | RawQuery;

/** Options of {@link compileUpdate}. */
export interface CompileUpdateOptions {
  /** The update is an upsert (accepted for symmetry; `$setOnInsert` only applies then). */
  readonly upsert?: boolean;
  /**
   * Conditions for the `$[name]` identifiers of the update keys, as lookups whose first part is
   * the identifier (`{ g__gte: 85 }`), cast by the list's item field; `raw()` entries pass through.
   */
  readonly arrayFilters?: readonly (Readonly<Record<string, unknown>> | RawQuery)[];
}

/** A compiled update: an update document or an aggregation pipeline, and array filters. */
export interface CompiledUpdate {
  readonly update: Document | Document[];
  readonly arrayFilters?: Document[];
}

/** Update keywords (camelCase, with MongoEngine's snake_case aliases) → MongoDB operators. */
const UPDATE_OPS: Readonly<Record<string, string>> = {
  set: '$set',
  unset: '$unset',
  inc: '$inc',
  dec: '$inc',
  mul: '$mul',
  min: '$min',
  max: '$max',
  push: '$push',
  pushAll: '$push',
  pull: '$pull',
  pullAll: '$pullAll',
  addToSet: '$addToSet',
  pop: '$pop',
  rename: '$rename',
  setOnInsert: '$setOnInsert',
  currentDate: '$currentDate',
};
const ALIASES: Readonly<Record<string, string>> = {
  push_all: 'pushAll',
  pull_all: 'pullAll',
  add_to_set: 'addToSet',
  set_on_insert: 'setOnInsert',
  current_date: 'currentDate',
};

function updateOp(part: string): string | undefined {
  const name = Object.prototype.hasOwnProperty.call(ALIASES, part) ? ALIASES[part]! : part;
  return Object.prototype.hasOwnProperty.call(UPDATE_OPS, name) ? name : undefined;
}

const NUMERIC_FIELDS = new Set([
  'IntField',
  'LongField',
  'FloatField',
  'DecimalField',
  'Decimal128Field',
  'DynamicField',
]);
const BSON_NUMBERS = new Set(['Int32', 'Double', 'Long', 'Decimal128']);

function isNumber(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'bigint') return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    BSON_NUMBERS.has((value as { _bsontype?: string })._bsontype ?? '')
  );
}

function negate(value: unknown, where: string): unknown {
  if (typeof value === 'number' || typeof value === 'bigint') return -value;
  const v = value as { negate?: () => unknown; toNumber?: () => number; valueOf?: () => unknown };
  if (typeof v.negate === 'function') return v.negate();
  if (typeof v.toNumber === 'function') return -v.toNumber();
  throw new InvalidQueryError(`'${where}': cannot negate ${describeValue(value)} for dec.`);
}

/** A whole value for `set`, `setOnInsert`: cast, validated and converted by the field. */
function prepareValue(field: AnyField | undefined, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return null;
  assertSafeValue(value, where);
  if (field === undefined) return dynamicToMongo(value);
  const cast = field.cast(value);
  const issues = field.validate(cast, where);
  if (issues.length > 0)
    throw new ValidationError(issues, { summary: `Invalid update value for '${where}'` });
  return field.toMongo(cast);
}

/** The item field of a list (or the field itself for dynamic data). */
function itemOf(field: AnyField | undefined, where: string): AnyField | undefined {
  if (field === undefined) return undefined;
  if (!isListLike(field)) {
    throw new InvalidQueryError(
      `'${where}' is a ${field.fieldType}, not a list: list operators need a ListField.`,
    );
  }
  return field.lookupMember('0');
}

function prepareItems(field: AnyField | undefined, value: unknown, where: string): unknown[] {
  if (!Array.isArray(value))
    throw new InvalidQueryError(`'${where}' needs a list of values, got ${describeValue(value)}.`);
  const item = itemOf(field, where);
  return value.map((v, i) => prepareValue(item, v, `${where}.${i}`));
}

interface KeyContext {
  readonly scope: PathScope;
  readonly key: string;
  readonly identifiers: Identifiers;
}

/** Resolves an update path, recording the item field behind each `$[name]`. */
function resolveUpdatePath(ctx: KeyContext, parts: string[]) {
  for (let i = 1; i < parts.length; i++) {
    const m = /^\$\[([A-Za-z][A-Za-z0-9_]*)\]$/.exec(parts[i]!);
    if (m) {
      const list = resolveParts(ctx.scope, parts.slice(0, i), { positional: true, key: ctx.key });
      ctx.identifiers.set(m[1]!, list.field?.lookupMember('0'));
    }
  }
  return resolveParts(ctx.scope, parts, { positional: true, key: ctx.key });
}

function addOp(
  update: Record<string, Record<string, unknown>>,
  op: string,
  path: string,
  value: unknown,
  key: string,
): void {
  const section = (update[op] ??= {});
  if (Object.prototype.hasOwnProperty.call(section, path)) {
    throw new InvalidQueryError(`'${key}': ${op} on '${path}' is given twice in one update.`);
  }
  setOwn(section, path, value);
}

function compileKey(ctx: KeyContext, value: unknown, update: Record<string, Record<string, unknown>>): void {
  const { key } = ctx;
  const parts = key.split('__');
  let op = 'set';
  if (parts.length > 1) {
    const found = updateOp(parts[0]!);
    if (found !== undefined) {
      op = found;
      parts.shift();
    }
  }
  if (isRawQuery(value) || isQueryNodeCarrier(value))
    throw new InvalidQueryError(`'${key}': raw() and Q are not update values.`);
  let modifier: string | undefined;
  const last = parts[parts.length - 1]!;
  if (
    parts.length > 1 &&
    ((op === 'pull' && (last === 'in' || last === 'nin')) || (op === 'push' && /^\d+$/.test(last)))
  ) {
    modifier = parts.pop();
  }
  const { dbPath, field } = resolveUpdatePath(ctx, parts);
  const where = `${ctx.scope.owner}.${parts.join('.')}`;
  const mongoOp = UPDATE_OPS[op]!;
  switch (op) {
    case 'set':
    case 'setOnInsert':
      return addOp(update, mongoOp, dbPath, prepareValue(field, value, where), key);
    case 'unset':
      // The value is ignored, but an operator-shaped one is still user input gone wrong.
      assertSafeValue(value, where);
      return addOp(update, mongoOp, dbPath, 1, key);
    case 'inc':
    case 'dec':
    case 'mul': {
      if (!isNumber(value))
        throw new InvalidQueryError(`'${key}' needs a number for ${where}, got ${describeValue(value)}.`);
      if (field !== undefined && !NUMERIC_FIELDS.has(field.fieldType)) {
        throw new InvalidQueryError(`'${key}': ${where} is a ${field.fieldType}, not a number field.`);
      }
      const n = field === undefined ? value : field.prepareQueryValue(undefined, value);
      return addOp(update, mongoOp, dbPath, op === 'dec' ? negate(n, where) : n, key);
    }
    case 'min':
    case 'max': {
      assertSafeValue(value, where);
      const v = field === undefined ? dynamicToMongo(value) : field.prepareQueryValue(undefined, value);
      return addOp(update, mongoOp, dbPath, v, key);
    }
    case 'pop':
      if (value !== 1 && value !== -1)
        throw new InvalidQueryError(`'${key}' needs 1 (last item) or -1 (first item).`);
      itemOf(field, where);
      return addOp(update, mongoOp, dbPath, value, key);
    case 'rename':
      return addOp(update, mongoOp, dbPath, renameTarget(ctx, value), key);
    case 'currentDate':
      return addOp(update, mongoOp, dbPath, currentDateSpec(value, key), key);
    case 'push': {
      const item = itemOf(field, where);
      if (modifier !== undefined) {
        const items = Array.isArray(value) ? value : [value];
        return addOp(
          update,
          mongoOp,
          dbPath,
          { $each: prepareItems(field, items, where), $position: Number(modifier) },
          key,
        );
      }
      // A list pushes its items (`$each`), unless the items are lists themselves.
      if (Array.isArray(value) && !isListLike(item))
        return addOp(update, mongoOp, dbPath, { $each: prepareItems(field, value, where) }, key);
      return addOp(update, mongoOp, dbPath, prepareValue(item, value, where), key);
    }
    case 'pushAll':
      return addOp(update, mongoOp, dbPath, { $each: prepareItems(field, value, where) }, key);
    case 'addToSet': {
      const item = itemOf(field, where);
      if (Array.isArray(value) && !isListLike(item))
        return addOp(update, mongoOp, dbPath, { $each: prepareItems(field, value, where) }, key);
      return addOp(update, mongoOp, dbPath, prepareValue(item, value, where), key);
    }
    case 'pull': {
      const item = itemOf(field, where);
      if (modifier !== undefined) {
        return addOp(update, mongoOp, dbPath, { [`$${modifier}`]: prepareItems(field, value, where) }, key);
      }
      if (isPlainObject(value) || isQueryNodeCarrier(value)) {
        // A condition on the items: lookups for embedded documents, item operators otherwise.
        return addOp(update, mongoOp, dbPath, compileSubQuery(field ?? item!, value, where), key);
      }
      return addOp(update, mongoOp, dbPath, prepareValue(item, value, where), key);
    }
    case 'pullAll':
      return addOp(update, mongoOp, dbPath, prepareItems(field, value, where), key);
  }
}

function renameTarget(ctx: KeyContext, value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw new InvalidQueryError(`'${ctx.key}' needs the new field name as a string.`);
  for (const part of value.split(/__|\./)) assertSafeKeyPart(part, ctx.key, ctx.scope.owner);
  try {
    return resolveParts(ctx.scope, value.split(/__|\./), { key: ctx.key }).dbPath;
  } catch {
    // Renaming to an undeclared name is a migration: keep it as written.
    return value.split('__').join('.');
  }
}

function currentDateSpec(value: unknown, key: string): unknown {
  if (value === true || value === 1) return true;
  if (value === 'date' || value === 'timestamp') return { $type: value };
  throw new InvalidQueryError(`'${key}' needs true, 'date' or 'timestamp', got ${describeValue(value)}.`);
}

function mergeRaw(update: Record<string, Record<string, unknown>>, rawUpdate: unknown): void {
  if (!isPlainObject(rawUpdate))
    throw new InvalidQueryError('A raw update must be an operator object or a pipeline array.');
  for (const [op, body] of Object.entries(rawUpdate)) {
    if (!op.startsWith('$') || !isPlainObject(body))
      throw new InvalidQueryError(`Raw update operator '${op}' must start with '$' and take an object.`);
    const section = (update[op] ??= {});
    for (const [path, v] of Object.entries(body)) setOwn(section, path, v);
  }
}

/**
 * Compiles MongoEngine keyword updates (`set__name`, `inc__age`, `push__tags`, `S` for the
 * positional `$`, `$[]` and `$[name]` with arrayFilters; a bare `field: v` means `$set`) into a
 * MongoDB update, with db paths and values cast and validated by their fields. Raw operator
 * objects and pipelines come only through `raw()` (or `__raw__`).
 *
 * @throws {InvalidQueryError} for unknown fields or operators, operator objects in values, and
 *   values of the wrong kind (`inc__age: 'x'`).
 * @throws {ValidationError} when a `set` value fails the field's validation (type, range, choices).
 * @example
 * compileUpdate(User, { set__name: 'Ada', inc__age: 1, push__tags: 'vip' });
 * // { update: { $set: { name: 'Ada' }, $inc: { age: 1 }, $push: { tags: 'vip' } } }
 */
export function compileUpdate(
  docClass: DocumentClassLike,
  ops: UpdateInput,
  opts: CompileUpdateOptions = {},
): CompiledUpdate {
  const scope = classScope(docClass);
  const identifiers: Identifiers = new Map();
  const update: Record<string, Record<string, unknown>> = {};
  let pipeline: Document[] | undefined;
  const entries: [string, unknown][] = isRawQuery(ops)
    ? [['__raw__', ops[RAW_FILTER]]]
    : isPlainObject(ops)
      ? Object.entries(ops)
      : (() => {
          throw new InvalidQueryError(
            `An update must be an object of update keys or raw(), got ${describeValue(ops)}.`,
          );
        })();
  for (const [key, value] of entries) {
    if (key === '__raw__') {
      if (Array.isArray(value)) pipeline = value.map((stage) => ({ ...(stage as Document) }));
      else mergeRaw(update, value);
      continue;
    }
    if (isForbiddenKey(key)) {
      throw new InvalidQueryError(
        `Invalid update key '${key}' on ${scope.owner}: use update keys (set__name, inc__age) or raw() for raw operators.`,
      );
    }
    compileKey({ scope, key, identifiers }, value, update);
  }
  if (pipeline !== undefined) {
    if (Object.keys(update).length > 0)
      throw new InvalidQueryError('A pipeline update cannot be combined with update keys.');
    const arrayFilters = compileArrayFilters(scope, opts.arrayFilters, identifiers);
    return arrayFilters ? { update: pipeline, arrayFilters } : { update: pipeline };
  }
  const arrayFilters = compileArrayFilters(scope, opts.arrayFilters, identifiers);
  return arrayFilters ? { update, arrayFilters } : { update };
}
