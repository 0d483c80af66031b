import { InvalidQueryError } from '../errors/usage-errors.js';
import { ValidationError } from '../errors/validation-error.js';
import type { AnyField } from '../fields/base-field.js';
import { isEmbeddedInstance } from '../fields/embedded-protocol.js';
import { describeValue } from '../util/describe-value.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { ClassInfo } from './class-info.js';
import type { ClassRef } from './class-ref.js';
import { resolveFieldPath, type ResolvedPath } from './resolve-path.js';

/** A compiled update document (`{ $set: {...}, $inc: {...} }`). */
export type UpdateDocument = Record<string, Record<string, unknown>>;

/** What a full update compiler returns: an update (or pipeline) and its array filters. */
export interface CompiledDocumentUpdate {
  readonly update: Record<string, unknown> | Record<string, unknown>[];
  readonly arrayFilters?: Record<string, unknown>[];
}

/** Options of a document update: conditions for the `$[name]` identifiers of the update keys. */
export interface DocumentUpdateOptions {
  readonly arrayFilters?: readonly Readonly<Record<string, unknown>>[];
}

/** A function that compiles update keys for a class (installed by the queryset layer). */
export type UpdateCompiler = (
  cls: ClassRef,
  ops: Readonly<Record<string, unknown>>,
  options: DocumentUpdateOptions,
) => CompiledDocumentUpdate;

let installedUpdate: UpdateCompiler | undefined;

/**
 * Replaces the compiler `doc.update()` and `doc.modify()` use. The queryset layer installs its
 * full update compiler here (camelCase and snake_case keys, `$[]`/`$[name]` with arrayFilters,
 * injection checks), so a document update accepts exactly what `QuerySet.update()` accepts.
 *
 * @example
 * // @no-check: needs values from its call site
 * installUpdateCompiler((cls, ops, options) => compileUpdate(cls, ops, options));
 */
export function installUpdateCompiler(compiler: UpdateCompiler | undefined): void {
  installedUpdate = compiler;
}

/**
 * Compiles a document's update keys with the installed compiler, or with the built-in
 * {@link compileUpdate} while the queryset layer is not loaded (no array filters then).
 *
 * @example
 * compileDocumentUpdate(User, classInfo(User), { inc__age: 1 }); // { update: { $inc: { age: 1 } } }
 */
export function compileDocumentUpdate(
  cls: ClassRef,
  info: ClassInfo,
  ops: Readonly<Record<string, unknown>>,
  options: DocumentUpdateOptions = {},
): CompiledDocumentUpdate {
  if (installedUpdate) return installedUpdate(cls, ops, options);
  if (options.arrayFilters !== undefined)
    throw new InvalidQueryError('arrayFilters need the queryset layer; import the package entry point.');
  return { update: compileUpdate(info, ops) };
}

/** MongoEngine's update keywords and the MongoDB operator each maps to. */
const OPERATORS: Readonly<Record<string, string>> = {
  set: '$set',
  unset: '$unset',
  inc: '$inc',
  dec: '$inc',
  mul: '$mul',
  max: '$max',
  min: '$min',
  pop: '$pop',
  push: '$push',
  push_all: '$push',
  pull: '$pull',
  pull_all: '$pullAll',
  add_to_set: '$addToSet',
  set_on_insert: '$setOnInsert',
  rename: '$rename',
};

interface MemberLookup {
  lookupMember?(name: string): AnyField | undefined;
}

/** Casts, checks and converts one value for a field; throws ValidationError on a type problem. */
function prepareValue(field: AnyField | undefined, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return null;
  if (field === undefined) return isEmbeddedInstance(value) ? value.toMongo() : value;
  const cast = field.cast(value);
  const issues = field.validate(cast, path);
  if (issues.length > 0) throw new ValidationError(issues, { summary: `Invalid update value for '${path}'` });
  return field.toMongo(cast);
}

/** The field of a list's items, when the list field can say. */
function itemField(field: AnyField | undefined): AnyField | undefined {
  return field === undefined ? undefined : (field as MemberLookup).lookupMember?.('0');
}

function prepareItems(field: AnyField | undefined, values: unknown, key: string): unknown[] {
  if (!Array.isArray(values))
    throw new InvalidQueryError(`Update '${key}' needs a list of values, got ${describeValue(values)}.`);
  const item = itemField(field);
  return values.map((v, i) => prepareValue(item, v, `${key}.${i}`));
}

function numeric(value: unknown, key: string): unknown {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (value !== null && typeof value === 'object' && '_bsontype' in value) return value;
  throw new InvalidQueryError(`Update '${key}' needs a number, got ${describeValue(value)}.`);
}

function addTo(update: UpdateDocument, op: string, path: string, value: unknown): void {
  const section = (update[op] ??= {});
  section[path] = value;
}

/**
 * Compiles MongoEngine's keyword updates (`set__name`, `inc__age`, `push__tags`,
 * `unset__nickname`, `pull__tags__in`, `push__tags__0` for a position, `S` for the positional
 * `$`) into a MongoDB update, translating attribute names to db names and converting values
 * through their fields. Keys starting with `$` (raw operators) and `__raw__` are merged as given.
 *
 * @throws {InvalidQueryError} for unknown fields or operators and malformed values.
 * @throws {ValidationError} when a `set` value has the wrong type for its field.
 * @example
 * compileUpdate(classInfo(User), { set__name: 'Ada', inc__age: 1, push__tags: 'vip' });
 * // { $set: { name: 'Ada' }, $inc: { age: 1 }, $push: { tags: 'vip' } }
 */
export function compileUpdate(info: ClassInfo, ops: Readonly<Record<string, unknown>>): UpdateDocument {
  const update: UpdateDocument = {};
  for (const [key, value] of Object.entries(ops)) {
    if (key === '__raw__' || key.startsWith('$')) {
      const raw = key === '__raw__' ? value : { [key]: value };
      if (!isPlainObject(raw)) throw new InvalidQueryError('`__raw__` updates must be objects.');
      for (const [op, body] of Object.entries(raw)) {
        if (!isPlainObject(body)) throw new InvalidQueryError(`Raw update operator ${op} needs an object.`);
        update[op] = { ...update[op], ...body };
      }
      continue;
    }
    const parts = key.split('__');
    let op = 'set';
    if (parts.length > 1 && OPERATORS[parts[0]!] !== undefined) op = parts.shift()!;
    let modifier: string | undefined;
    const last = parts[parts.length - 1]!;
    if (
      (op === 'pull' && (last === 'in' || last === 'nin')) ||
      (op === 'push' && /^\d+$/.test(last) && parts.length > 1)
    ) {
      modifier = parts.pop();
    }
    const resolved: ResolvedPath = resolveFieldPath(info, parts);
    const path = resolved.dbPath;
    const field = resolved.field;
    const mongoOp = OPERATORS[op]!;
    switch (op) {
      case 'set':
      case 'set_on_insert':
      case 'min':
      case 'max':
        addTo(update, mongoOp, path, prepareValue(field, value, path));
        break;
      case 'unset':
        addTo(update, mongoOp, path, '');
        break;
      case 'inc':
      case 'mul':
        addTo(update, mongoOp, path, numeric(value, key));
        break;
      case 'dec': {
        const n = numeric(value, key);
        addTo(
          update,
          mongoOp,
          path,
          typeof n === 'number' ? -n : typeof n === 'bigint' ? -n : negateBson(n, key),
        );
        break;
      }
      case 'pop':
        if (value !== 1 && value !== -1)
          throw new InvalidQueryError(`Update '${key}' needs 1 (last) or -1 (first).`);
        addTo(update, mongoOp, path, value);
        break;
      case 'rename':
        if (typeof value !== 'string' || value === '')
          throw new InvalidQueryError(`Update '${key}' needs the new field name.`);
        addTo(update, mongoOp, path, value);
        break;
      case 'push':
        if (modifier !== undefined) {
          const items = Array.isArray(value) ? value : [value];
          addTo(update, mongoOp, path, {
            $each: prepareItems(field, items, key),
            $position: Number(modifier),
          });
        } else {
          addTo(update, mongoOp, path, prepareValue(itemField(field), value, path));
        }
        break;
      case 'push_all':
        addTo(update, mongoOp, path, { $each: prepareItems(field, value, key) });
        break;
      case 'add_to_set':
        addTo(
          update,
          mongoOp,
          path,
          Array.isArray(value)
            ? { $each: prepareItems(field, value, key) }
            : prepareValue(itemField(field), value, path),
        );
        break;
      case 'pull':
        if (modifier !== undefined) {
          addTo(update, mongoOp, path, { [`$${modifier}`]: prepareItems(field, value, key) });
        } else {
          addTo(
            update,
            mongoOp,
            path,
            isPlainObject(value) ? value : prepareValue(itemField(field), value, path),
          );
        }
        break;
      case 'pull_all':
        if (parts.length > 1)
          throw new InvalidQueryError(`'${key}': pull_all works on top-level lists only.`);
        addTo(update, mongoOp, path, prepareItems(field, value, key));
        break;
      default:
        throw new InvalidQueryError(`Unknown update operator '${op}' in '${key}'.`);
    }
  }
  return update;
}

function negateBson(value: unknown, key: string): unknown {
  const v = value as { negate?: () => unknown; toNumber?: () => number };
  if (typeof v.negate === 'function') return v.negate();
  if (typeof v.toNumber === 'function') return -v.toNumber();
  throw new InvalidQueryError(`Update '${key}' cannot negate ${describeValue(value)}.`);
}
