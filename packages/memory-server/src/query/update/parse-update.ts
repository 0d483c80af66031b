import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { bsonTypeName } from '../compare.js';
import { compileFilter, type CompiledFilter } from '../match.js';
import { addToSetOp, popOp, pullAllOp, pullOp, pushOp } from './array-operators.js';
import {
  arithmeticOp,
  bitOp,
  compareOp,
  currentDateOp,
  setOnInsertOp,
  setOp,
  unsetOp,
} from './field-operators.js';
import type { LeafOp } from './leaf-op.js';
import { renameSourceOp, renameTargetOp } from './rename-operator.js';
import { formatElement, formatValue, isPlainObject } from './values.js';

/** A document node: children by field name, plus the positional `$` child. */
export interface ObjectNode {
  readonly kind: 'object';
  readonly children: Map<string, UpdateNode>;
  positional: UpdateNode | undefined;
}

/** An array node: the `$[]` child and the `$[ident]` children. */
export interface ArrayNode {
  readonly kind: 'array';
  all: UpdateNode | undefined;
  readonly filtered: Map<string, UpdateNode>;
}

/** A leaf: one operator at one path. */
export interface LeafNode {
  readonly kind: 'leaf';
  readonly op: LeafOp;
}

/** A node of the parsed update tree (MongoDB's `UpdateNode`). */
export type UpdateNode = ObjectNode | ArrayNode | LeafNode;

/** A parsed update: operators, a replacement document, or an aggregation pipeline. */
export type ParsedUpdate =
  | {
      readonly kind: 'modifier';
      readonly root: ObjectNode;
      readonly filters: ReadonlyMap<string, CompiledFilter>;
    }
  | { readonly kind: 'replacement'; readonly doc: Doc }
  | { readonly kind: 'pipeline'; readonly stages: Doc[] };

type OpFactory = (path: string, arg: unknown) => LeafOp;

const OPERATORS: ReadonlyMap<string, OpFactory> = new Map<string, OpFactory>([
  ['$set', (p, a) => setOp(p, a)],
  ['$setOnInsert', setOnInsertOp],
  ['$unset', (p) => unsetOp(p)],
  ['$inc', (p, a) => arithmeticOp('$inc', p, a)],
  ['$mul', (p, a) => arithmeticOp('$mul', p, a)],
  ['$min', (p, a) => compareOp('$min', p, a)],
  ['$max', (p, a) => compareOp('$max', p, a)],
  ['$currentDate', currentDateOp],
  ['$bit', bitOp],
  ['$push', pushOp],
  ['$addToSet', addToSetOp],
  ['$pop', popOp],
  ['$pull', pullOp],
  ['$pullAll', pullAllOp],
]);

const IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;

/** `$[]` → `''`, `$[x]` → `'x'`, anything else → `undefined`. */
export function arrayFilterIdentifier(part: string): string | undefined {
  return part.length >= 3 && part.startsWith('$[') && part.endsWith(']') ? part.slice(2, -1) : undefined;
}

function placeholdersOf(filter: Doc, found: Set<string>): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (Array.isArray(value))
        for (const member of value) if (isPlainObject(member)) placeholdersOf(member, found);
    } else if (!key.startsWith('$')) {
      found.add(key.split('.')[0] ?? key);
    }
  }
}

/**
 * Parses and compiles `arrayFilters`: each filter names one identifier (its top-level field).
 *
 * @example
 * ```ts
 * parseArrayFilters([{ 'x.qty': { $gt: 5 } }]); // Map { 'x' => CompiledFilter }
 * ```
 */
export function parseArrayFilters(arrayFilters: readonly Doc[] | undefined): Map<string, CompiledFilter> {
  const result = new Map<string, CompiledFilter>();
  for (const filter of arrayFilters ?? []) {
    if (!isPlainObject(filter)) throw new ServerError('TypeMismatch', 'arrayFilters entries must be objects');
    const names = new Set<string>();
    placeholdersOf(filter, names);
    const [first, second] = [...names];
    if (first === undefined) {
      throw new ServerError(
        'FailedToParse',
        'Cannot use an expression without a top-level field name in arrayFilters',
      );
    }
    if (second !== undefined) {
      throw new ServerError(
        'FailedToParse',
        `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${first}' and '${second}'`,
      );
    }
    if (!IDENTIFIER.test(first)) {
      throw new ServerError(
        'BadValue',
        `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${first}'`,
      );
    }
    if (result.has(first)) {
      throw new ServerError(
        'FailedToParse',
        `Found multiple array filters with the same top-level field name ${first}`,
      );
    }
    result.set(first, compileFilter(filter));
  }
  return result;
}

function checkPath(path: string, filters: ReadonlyMap<string, unknown>, used: Set<string>): string[] {
  if (path === '') throw new ServerError('EmptyFieldName', 'An empty update path is not valid.');
  const parts = path.split('.');
  if (parts.some((p) => p === '')) {
    throw new ServerError(
      'EmptyFieldName',
      `The update path '${path}' contains an empty field name, which is not allowed.`,
    );
  }
  const positional = parts.filter((p) => p === '$').length;
  if (positional > 1) {
    throw new ServerError('BadValue', `Too many positional (i.e. '$') elements found in path '${path}'`);
  }
  if (parts[0] === '$') {
    throw new ServerError(
      'BadValue',
      `Cannot have positional (i.e. '$') element in the first position in path '${path}'`,
    );
  }
  parts.forEach((part, i) => {
    const id = arrayFilterIdentifier(part);
    if (id === undefined) return;
    if (i === 0) {
      throw new ServerError(
        'BadValue',
        `Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '${path}'`,
      );
    }
    if (id === '') return;
    if (!filters.has(id)) {
      throw new ServerError('BadValue', `No array filter found for identifier '${id}' in path '${path}'`);
    }
    used.add(id);
  });
  return parts;
}

function newObjectNode(): ObjectNode {
  return { kind: 'object', children: new Map(), positional: undefined };
}

function getChild(node: ObjectNode | ArrayNode, part: string): UpdateNode | undefined {
  if (node.kind === 'object') return part === '$' ? node.positional : node.children.get(part);
  const id = arrayFilterIdentifier(part) ?? '';
  return id === '' ? node.all : node.filtered.get(id);
}

function setChild(node: ObjectNode | ArrayNode, part: string, child: UpdateNode): void {
  if (node.kind === 'object') {
    if (part === '$') node.positional = child;
    else node.children.set(part, child);
    return;
  }
  const id = arrayFilterIdentifier(part) ?? '';
  if (id === '') node.all = child;
  else node.filtered.set(id, child);
}

function conflict(path: string, at: string): ServerError {
  return new ServerError(
    'ConflictingUpdateOperators',
    `Updating the path '${path}' would create a conflict at '${at}'`,
  );
}

/** Adds one leaf to the tree, creating the nodes along its path; MongoDB's `parseAndMerge`. */
function insertLeaf(root: ObjectNode, parts: string[], leaf: LeafOp): void {
  const path = parts.join('.');
  let current: ObjectNode | ArrayNode = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] ?? '';
    const wantArray = arrayFilterIdentifier(parts[i + 1] ?? '') !== undefined;
    let child = getChild(current, part);
    if (child === undefined) {
      child = wantArray ? { kind: 'array', all: undefined, filtered: new Map() } : newObjectNode();
      setChild(current, part, child);
    } else if (child.kind !== (wantArray ? 'array' : 'object')) {
      throw conflict(path, parts.slice(0, i + 1).join('.'));
    }
    current = child as ObjectNode | ArrayNode;
  }
  const last = parts[parts.length - 1] ?? '';
  if (getChild(current, last) !== undefined) throw conflict(path, path);
  setChild(current, last, { kind: 'leaf', op: leaf });
}

function parseRename(
  root: ObjectNode,
  from: string,
  to: unknown,
  filters: ReadonlyMap<string, unknown>,
): void {
  if (typeof to !== 'string') {
    throw new ServerError(
      'BadValue',
      `The 'to' field for $rename must be a string: ${formatElement(from, to)}`,
    );
  }
  const used = new Set<string>();
  const fromParts = checkPath(from, filters, used);
  const toParts = checkPath(to, filters, used);
  if (from === to) {
    throw new ServerError(
      'BadValue',
      `The source and target field for $rename must differ: ${formatElement(from, to)}`,
    );
  }
  const isPrefix = (a: string[], b: string[]): boolean =>
    a.length <= b.length && a.every((p, i) => b[i] === p);
  if (isPrefix(fromParts, toParts) || isPrefix(toParts, fromParts)) {
    throw new ServerError(
      'BadValue',
      `The source and target field for $rename must not be on the same path: ${formatElement(from, to)}`,
    );
  }
  const dynamic = (parts: string[]): boolean =>
    parts.some((p) => p === '$' || arrayFilterIdentifier(p) !== undefined);
  if (dynamic(fromParts))
    throw new ServerError('BadValue', `The source field for $rename may not be dynamic: ${from}`);
  if (dynamic(toParts))
    throw new ServerError('BadValue', `The destination field for $rename may not be dynamic: ${to}`);
  insertLeaf(root, fromParts, renameSourceOp(from));
  insertLeaf(root, toParts, renameTargetOp(to, fromParts));
}

function parseModifiers(update: Doc, filters: Map<string, CompiledFilter>): ParsedUpdate {
  const root = newObjectNode();
  const used = new Set<string>();
  for (const [name, fields] of Object.entries(update)) {
    const factory = OPERATORS.get(name);
    if (factory === undefined && name !== '$rename') {
      throw new ServerError(
        'FailedToParse',
        `Unknown modifier: ${name}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(fields)) {
      throw new ServerError(
        'FailedToParse',
        `Modifiers operate on fields but we found type ${bsonTypeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${formatElement(name, fields)}}`,
      );
    }
    // MongoDB ≥ 5.0 accepts an empty operand ({$set: {}}) as a no-op.
    for (const [path, arg] of Object.entries(fields)) {
      if (factory === undefined) {
        parseRename(root, path, arg, filters);
        continue;
      }
      const parts = checkPath(path, filters, used);
      insertLeaf(root, parts, factory(path, arg));
    }
  }
  for (const id of filters.keys()) {
    if (!used.has(id)) {
      throw new ServerError(
        'FailedToParse',
        `The array filter for identifier '${id}' was not used in the update ${formatValue(update)}`,
      );
    }
  }
  return { kind: 'modifier', root, filters };
}

/**
 * Whether an update is a replacement document (no `$`-operator as its first key).
 *
 * @example
 * ```ts
 * isReplacementDoc({ name: 'x' }); // true
 * isReplacementDoc({ $set: { name: 'x' } }); // false
 * ```
 */
export function isReplacementDoc(update: Doc | Doc[]): boolean {
  if (Array.isArray(update)) return false;
  const first = Object.keys(update)[0];
  return first === undefined || !first.startsWith('$');
}

/**
 * Parses an update (operators, replacement or pipeline), throwing MongoDB's parse-time errors.
 *
 * @example
 * ```ts
 * parseUpdate({ $inc: { n: 1 } }).kind; // 'modifier'
 * ```
 */
export function parseUpdate(update: Doc | Doc[], arrayFilters?: readonly Doc[]): ParsedUpdate {
  if (Array.isArray(update)) {
    if (arrayFilters !== undefined && arrayFilters.length > 0) {
      throw new ServerError('FailedToParse', 'arrayFilters may not be specified for pipeline-style updates');
    }
    for (const stage of update) {
      if (!isPlainObject(stage)) {
        throw new ServerError('TypeMismatch', 'Each element of the update pipeline must be an object');
      }
    }
    return { kind: 'pipeline', stages: update };
  }
  if (!isPlainObject(update)) {
    throw new ServerError('FailedToParse', 'Update argument must be either an object or an array');
  }
  if (isReplacementDoc(update)) {
    if (arrayFilters !== undefined && arrayFilters.length > 0) {
      throw new ServerError(
        'FailedToParse',
        'arrayFilters may not be specified for replacement-style updates',
      );
    }
    for (const key of Object.keys(update)) {
      if (key.startsWith('$')) {
        throw new ServerError(
          'DollarPrefixedFieldName',
          `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
        );
      }
    }
    return { kind: 'replacement', doc: update };
  }
  return parseModifiers(update, parseArrayFilters(arrayFilters));
}
