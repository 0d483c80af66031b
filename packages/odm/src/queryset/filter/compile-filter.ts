import type { Document, Filter } from 'mongodb';
import { InvalidQueryError } from '../../errors/usage-errors.js';
import type { AnyField } from '../../fields/base-field.js';
import { DynamicField } from '../../fields/dynamic-field.js';
import { StringField } from '../../fields/string-field.js';
import { describeValue } from '../../util/describe-value.js';
import { isPlainObject } from '../../util/is-plain-object.js';
import { ConditionSet, type Condition } from './condition-set.js';
import { geoCondition } from './geo-condition.js';
import { canonicalOp, fieldOpName, isGeoOp, isStringOp } from './operators.js';
import {
  isQueryNodeCarrier,
  isRawQuery,
  toQueryNode,
  type QueryInput,
  type QueryNode,
  type QueryNodeCarrier,
  type RawQuery,
} from './query-node.js';
import {
  classScope,
  isListLike,
  memberScope,
  resolveParts,
  type DocumentClassLike,
  type PathScope,
} from './resolve-db-path.js';
import { assertSafeValue, isForbiddenKey } from './safe-value.js';

/** A lookup key split into its path, operator and negation (`age__not__gt`). */
export interface ParsedLookup {
  readonly parts: readonly string[];
  readonly op: string | undefined;
  readonly negate: boolean;
}

/**
 * Splits a lookup key: path parts joined by `__`, an optional `not`, an optional operator. A
 * trailing `__` escapes a field named like an operator (`type__` is the field `type`).
 *
 * @example
 * parseLookupKey('age__not__gt'); // { parts: ['age'], op: 'gt', negate: true }
 */
export function parseLookupKey(key: string): ParsedLookup {
  const parts = key.split('__');
  let op: string | undefined;
  let negate = false;
  if (parts.length > 1 && parts[parts.length - 1] === '') {
    parts.pop();
    return { parts, op, negate };
  }
  if (parts.length > 1) {
    op = canonicalOp(parts[parts.length - 1]!);
    if (op !== undefined) parts.pop();
  }
  if (parts.length > 1 && parts[parts.length - 1] === 'not') {
    parts.pop();
    negate = true;
  }
  return { parts, op, negate };
}

/** The field used to prepare values under an undeclared (dynamic) path. */
function dynamicField(path: string, owner: string): AnyField {
  return new DynamicField().bind(path, owner);
}

function negateCondition(c: Condition, key: string): Condition {
  if ('ops' in c) {
    // MongoDB rejects $not around $near / $nearSphere; every other operator nests.
    if ('$near' in c.ops || '$nearSphere' in c.ops)
      throw new InvalidQueryError(`'${key}': 'not' cannot be combined with near/nearSphere.`);
    return { ops: { $not: { ...c.ops } } };
  }
  return c.value instanceof RegExp ? { ops: { $not: c.value } } : { ops: { $ne: c.value } };
}

function rejectMarkers(value: unknown, key: string): void {
  if (isRawQuery(value) || isQueryNodeCarrier(value)) {
    throw new InvalidQueryError(
      `'${key}': raw() and Q are whole queries, not values. Pass them to objects() or combine them with Q.`,
    );
  }
}

/** A field compared through one key of its stored sub-document. */
interface FilterBy {
  filterBy?(): { readonly subPath: string; readonly field: AnyField };
}

/** Compiles one `key: value` lookup into `set`. */
function compileLookup(scope: PathScope, key: string, value: unknown, set: ConditionSet): void {
  const { parts, op, negate } = parseLookupKey(key);
  const found = resolveParts(scope, parts, { key });
  // A field may store a sub-document yet be compared by one key of it (CachedReferenceField: `author._id`).
  const by = op === 'elemMatch' ? undefined : (found.field as FilterBy | undefined)?.filterBy?.();
  const resolved = by ? { dbPath: `${found.dbPath}.${by.subPath}`, field: by.field } : found;
  const field = resolved.field ?? dynamicField(resolved.dbPath, scope.owner);
  const where = `${scope.owner}.${parts.join('.')}`;
  let condition: Condition;
  if (op !== 'elemMatch') rejectMarkers(value, key);
  if (op === 'elemMatch') {
    condition = { ops: { $elemMatch: compileSubQuery(field, value, where) } };
  } else if (isGeoOp(op)) {
    assertSafeValue(value, where);
    condition = geoCondition(field, op, value);
  } else {
    assertSafeValue(value, where);
    const preparer =
      isStringOp(op) && field.fieldType === 'DynamicField' && typeof value === 'string'
        ? new StringField().bind(resolved.dbPath, scope.owner)
        : field;
    const prepared = preparer.prepareQueryValue(fieldOpName(op), value);
    condition = op === undefined || isStringOp(op) ? { value: prepared } : { ops: { [`$${op}`]: prepared } };
  }
  set.add(resolved.dbPath, negate ? negateCondition(condition, key) : condition);
}

/**
 * The body of `$elemMatch` (and of a `pull` condition): a sub-query on the embedded documents
 * of a list, or operator names applied to the items of a scalar list (`{ gte: 2, lt: 5 }`).
 *
 * @example
 * compileSubQuery(classInfo(Post).fields['comments']!, { text: 'hi', likes__gte: 2 }, 'Post.comments');
 * // { text: 'hi', likes: { $gte: 2 } }
 */
export function compileSubQuery(field: AnyField, value: unknown, where: string): Document {
  if (isRawQuery(value)) return compileNode(classlessScope(where), toQueryNode(value));
  const inner = memberScope(field);
  if (inner !== undefined) {
    if (isQueryNodeCarrier(value)) return compileNode(inner, toQueryNode(value));
    if (!isPlainObject(value)) {
      throw new InvalidQueryError(`'${where}' needs a sub-query object or Q, got ${describeValue(value)}.`);
    }
    return compileNode(inner, { kind: 'lookups', query: value });
  }
  if (!isPlainObject(value)) {
    throw new InvalidQueryError(
      `'${where}' needs an object of operators without '$' (e.g. { gte: 2, lt: 5 }), got ${describeValue(value)}.`,
    );
  }
  const item = (isListLike(field) ? field.lookupMember('0') : field) ?? field;
  const ops: Record<string, unknown> = {};
  for (const [name, operand] of Object.entries(value)) {
    const op = name === 'eq' ? undefined : canonicalOp(name);
    if (isForbiddenKey(name) || (op === undefined && name !== 'eq') || op === 'elemMatch' || isGeoOp(op)) {
      throw new InvalidQueryError(
        `'${where}': '${name}' is not an item operator. Use names like gte, in, icontains (no '$').`,
      );
    }
    assertSafeValue(operand, where);
    const prepared = item.prepareQueryValue(op, operand);
    if (op === undefined) ops['$eq'] = prepared;
    else if (isStringOp(op)) ops['$regex'] = prepared;
    else ops[`$${op}`] = prepared;
  }
  return ops;
}

/** A scope for raw sub-queries (which never look fields up). */
function classlessScope(owner: string): PathScope {
  return { owner, lookup: () => undefined, open: true, idField: undefined, isDocument: false, names: [] };
}

function compileLookups(scope: PathScope, query: QueryInput): Document {
  if (!isPlainObject(query)) {
    throw new InvalidQueryError(
      `A query must be an object of lookups, a Q or raw(), got ${describeValue(query)} (on ${scope.owner}).`,
    );
  }
  const set = new ConditionSet();
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (key === '__raw__') {
      if (!isPlainObject(value))
        throw new InvalidQueryError(`__raw__ must be a filter object (on ${scope.owner}).`);
      set.addRaw(value);
      continue;
    }
    if (isForbiddenKey(key)) {
      throw new InvalidQueryError(
        `Invalid lookup key '${key}' on ${scope.owner}: operators come from lookups (age__gte) or Q; use raw() for a raw MongoDB filter.`,
      );
    }
    compileLookup(scope, key, value, set);
  }
  return set.build();
}

function isEmpty(filter: Document): boolean {
  return Object.keys(filter).length === 0;
}

/** ANDs filters: merged into one object when their keys are disjoint, else `$and`. */
function combineAnd(filters: Document[]): Document {
  const parts: Document[] = [];
  for (const f of filters) {
    if (isEmpty(f)) continue;
    const keys = Object.keys(f);
    if (keys.length === 1 && keys[0] === '$and' && Array.isArray(f['$and']))
      parts.push(...(f['$and'] as Document[]));
    else parts.push(f);
  }
  if (parts.length === 0) return {};
  if (parts.length === 1) return parts[0]!;
  const seen = new Set<string>();
  for (const p of parts) {
    for (const k of Object.keys(p)) {
      if (seen.has(k)) return { $and: parts };
      seen.add(k);
    }
  }
  return Object.assign({}, ...parts) as Document;
}

/**
 * Compiles a query tree against a scope.
 *
 * @example
 * compileNode(classScope(User), { kind: 'or', children: [] }); // { $or: [...] }
 */
export function compileNode(scope: PathScope, node: QueryNode): Document {
  switch (node.kind) {
    case 'lookups':
      return compileLookups(scope, node.query);
    case 'raw':
      return { ...node.filter };
    case 'and':
      return combineAnd(node.children.map((c) => compileNode(scope, c)));
    case 'or': {
      const children = node.children.map((c) => compileNode(scope, c));
      // An empty branch matches everything, and so does the whole OR.
      if (children.length === 0 || children.some(isEmpty)) return {};
      return children.length === 1 ? children[0]! : { $or: children };
    }
    case 'not': {
      const child = compileNode(scope, node.child);
      return { $nor: [child] };
    }
  }
}

/**
 * Compiles MongoEngine-style lookups (an object, a `Q` or `raw()`) for a document class into a
 * MongoDB filter: paths become db paths, values are cast by their fields, operators come from
 * the keys. A value of the wrong shape (`{ $ne: null }` for a string) is rejected.
 *
 * @throws {InvalidQueryError} naming the field and class for unknown fields, wrong values, `$` keys.
 * @example
 * compileFilter(User, { age__gte: 18, name__istartswith: 'a', address__city: 'Paris' });
 * // { age: { $gte: 18 }, name: /^a/i, 'address.city': 'Paris' }
 */
export function compileFilter(
  docClass: DocumentClassLike,
  query: QueryInput | QueryNodeCarrier | RawQuery | undefined,
): Filter<Document> {
  if (query === undefined) return {};
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new InvalidQueryError(
      `A query must be an object of lookups, a Q or raw(), got ${describeValue(query)}.`,
    );
  }
  return compileNode(classScope(docClass), toQueryNode(query)) as Filter<Document>;
}
