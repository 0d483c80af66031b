import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import type { ApplyState, LeafSite } from './leaf-op.js';
import type { ArrayNode, LeafNode, ObjectNode, UpdateNode } from './parse-update.js';
import { formatElement, isIndexPart, isPlainObject, MISSING, NOOP, REMOVE, setOwn } from './values.js';

/**
 * Applies a parsed update tree to a document, copy-on-write: only the containers along changed
 * paths are copied, everything else is shared with the input (stored documents are immutable).
 * Each node returns its new value, `NOOP` or `REMOVE`.
 */

/** MongoDB caps how far `$set: {'a.<n>': …}` may pad an array with nulls. */
const MAX_PADDING = 1_500_000;

interface Where {
  readonly path: readonly string[];
  readonly fieldName: string;
  readonly arrayField: string | undefined;
}

/** The deepest existing element when the rest of a path cannot be created under it. */
interface Blocker {
  readonly name: string;
  readonly value: unknown;
  /** The first path component that could not be traversed. */
  readonly part: string;
}

function child(where: Where, key: string, inArray: boolean): Where {
  return {
    path: [...where.path, key],
    fieldName: key,
    arrayField: inArray ? where.fieldName : where.arrayField,
  };
}

function positionalMissing(): ServerError {
  return new ServerError('BadValue', 'The positional operator did not find the match needed from the query.');
}

function conflictAt(path: string): ServerError {
  return new ServerError('ConflictingUpdateOperators', `Update created a conflict at '${path}'`);
}

/**
 * Two updates reached the same element (`$[]` with `$[x]`, `$` with `a.0`); MongoDB merges them
 * structurally, naming a conflict by the path as merged (`a.0.b.$[k].c`).
 */
function mergeNodes(a: UpdateNode, b: UpdateNode, path: string): UpdateNode {
  if (a.kind === 'object' && b.kind === 'object') {
    const children = new Map(a.children);
    for (const [key, node] of b.children) {
      const existing = children.get(key);
      children.set(key, existing ? mergeNodes(existing, node, `${path}.${key}`) : node);
    }
    const positional =
      a.positional && b.positional
        ? mergeNodes(a.positional, b.positional, `${path}.$`)
        : (a.positional ?? b.positional);
    return { kind: 'object', children, positional };
  }
  if (a.kind === 'array' && b.kind === 'array') {
    const filtered = new Map(a.filtered);
    for (const [id, node] of b.filtered) {
      const existing = filtered.get(id);
      filtered.set(id, existing ? mergeNodes(existing, node, `${path}.$[${id}]`) : node);
    }
    const all = a.all && b.all ? mergeNodes(a.all, b.all, `${path}.$[]`) : (a.all ?? b.all);
    return { kind: 'array', all, filtered };
  }
  throw conflictAt(path);
}

/** MongoDB applies children in field-name order, numeric names numerically. */
function compareFieldNames(a: string, b: string): number {
  if (isIndexPart(a) && isIndexPart(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

const sortedCache = new WeakMap<ObjectNode, [string, UpdateNode][]>();

function orderedChildren(node: ObjectNode, where: Where, state: ApplyState): [string, UpdateNode][] {
  let entries = sortedCache.get(node);
  if (!entries) {
    entries = [...node.children].sort(([a], [b]) => compareFieldNames(a, b));
    sortedCache.set(node, entries);
  }
  if (node.positional === undefined) return entries;
  if (state.positional === undefined) throw positionalMissing();
  const key = String(state.positional);
  const existing = node.children.get(key);
  const merged = existing
    ? mergeNodes(node.positional, existing, [...where.path, key].join('.'))
    : node.positional;
  return [...entries.filter(([k]) => k !== key), [key, merged] as [string, UpdateNode]].sort(([a], [b]) =>
    compareFieldNames(a, b),
  );
}

function site(where: Where, state: ApplyState): LeafSite {
  return { path: where.path.join('.'), fieldName: where.fieldName, arrayField: where.arrayField, state };
}

function applyLeaf(node: LeafNode, value: unknown, where: Where, state: ApplyState): unknown {
  const at = site(where, state);
  const result = value === MISSING ? node.op.missing(at) : node.op.existing(value, at);
  if (result !== NOOP && state.lockId && where.path[0] === '_id') {
    throw new ServerError(
      'ImmutableField',
      node.op.immutableMessage?.(at.path) ??
        `Performing an update on the path '${at.path}' would modify the immutable field '_id'`,
    );
  }
  return result;
}

/** A subtree whose path cannot exist: creating leaves fail with PathNotViable, others are no-ops. */
function applyBlocked(node: UpdateNode, where: Where, blocker: Blocker, state: ApplyState): void {
  if (node.kind === 'array') {
    throw new ServerError(
      'BadValue',
      `The path '${where.path.join('.')}' must exist in the document in order to apply array updates.`,
    );
  }
  if (node.kind === 'object') {
    for (const [key, next] of orderedChildren(node, where, state))
      applyBlocked(next, child(where, key, false), blocker, state);
    return;
  }
  const mode = node.op.nonViable ?? 'error';
  if (mode === 'noop') return;
  if (mode === 'pop') {
    if (Array.isArray(blocker.value) && isIndexPart(blocker.part)) return;
    throw new ServerError(
      'PathNotViable',
      `Cannot use the part (${blocker.part}) of (${where.path.join('.')}) to traverse the element ({${formatElement(blocker.name, blocker.value)}})`,
    );
  }
  const at = {
    ...site(where, state),
    arrayField: Array.isArray(blocker.value) ? blocker.name : where.arrayField,
  };
  if (node.op.missing(at) !== NOOP) {
    throw new ServerError(
      'PathNotViable',
      `Cannot create field '${blocker.part}' in element {${formatElement(blocker.name, blocker.value)}}`,
    );
  }
}

function applyArrayNode(node: ArrayNode, value: unknown, where: Where, state: ApplyState): unknown {
  if (value === MISSING) {
    throw new ServerError(
      'BadValue',
      `The path '${where.path.join('.')}' must exist in the document in order to apply array updates.`,
    );
  }
  if (!Array.isArray(value)) {
    throw new ServerError(
      'BadValue',
      `Cannot apply array updates to non-array element ${formatElement(where.fieldName, value)}`,
    );
  }
  let out: unknown[] | undefined;
  value.forEach((element, index) => {
    const matching: UpdateNode[] = [];
    if (node.all) matching.push(node.all);
    for (const [id, next] of node.filtered) {
      if (state.filters.get(id)?.test({ [id]: element })) matching.push(next);
    }
    const first = matching[0];
    if (first === undefined) return;
    const key = String(index);
    const path = [...where.path, key].join('.');
    const merged = matching.slice(1).reduce((acc, next) => mergeNodes(acc, next, path), first);
    const result = applyNode(merged, element, child(where, key, true), state);
    if (result === NOOP) return;
    out ??= [...value];
    out[index] = result === REMOVE ? null : result;
  });
  return out ?? NOOP;
}

function applyToArray(node: ObjectNode, array: unknown[], where: Where, state: ApplyState): unknown {
  let out: unknown[] | undefined;
  for (const [key, next] of orderedChildren(node, where, state)) {
    const at = child(where, key, true);
    if (!isIndexPart(key)) {
      applyBlocked(next, at, { name: where.fieldName, value: array, part: key }, state);
      continue;
    }
    const index = Number(key);
    const current = out ?? array;
    const result = applyNode(next, index < current.length ? current[index] : MISSING, at, state);
    if (result === NOOP) continue;
    out ??= [...array];
    if (result === REMOVE) {
      if (index < out.length) out[index] = null;
      continue;
    }
    if (index - out.length > MAX_PADDING) {
      throw new ServerError('BadValue', `can't backfill more than ${MAX_PADDING} elements`);
    }
    while (out.length < index) out.push(null);
    out[index] = result;
  }
  return out ?? NOOP;
}

function applyObjectNode(node: ObjectNode, value: unknown, where: Where, state: ApplyState): unknown {
  if (Array.isArray(value)) return applyToArray(node, value, where, state);
  if (value !== MISSING && !isPlainObject(value)) {
    for (const [key, next] of orderedChildren(node, where, state)) {
      applyBlocked(next, child(where, key, false), { name: where.fieldName, value, part: key }, state);
    }
    return NOOP;
  }
  const source: Doc | undefined = value === MISSING ? undefined : value;
  let out: Doc | undefined;
  for (const [key, next] of orderedChildren(node, where, state)) {
    const current = source !== undefined && Object.hasOwn(source, key) ? source[key] : MISSING;
    const result = applyNode(next, current, child(where, key, false), state);
    if (result === NOOP) continue;
    if (result === REMOVE && current === MISSING) continue;
    if (where.path.length === 0 && key.startsWith('$') && result !== REMOVE) {
      throw new ServerError(
        'DollarPrefixedFieldName',
        `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
    }
    out ??= source === undefined ? {} : { ...source };
    if (result === REMOVE) delete out[key];
    else setOwn(out, key, result);
  }
  return out ?? NOOP;
}

function applyNode(node: UpdateNode, value: unknown, where: Where, state: ApplyState): unknown {
  switch (node.kind) {
    case 'leaf':
      return applyLeaf(node, value, where, state);
    case 'array':
      return applyArrayNode(node, value, where, state);
    case 'object':
      return applyObjectNode(node, value, where, state);
  }
}

/**
 * Applies an operator tree to a document; returns the input object itself when nothing changed.
 *
 * @example
 * ```ts
 * // @no-check: needs values from its call site
 * applyTree(parsed.root, { _id: 1, n: 1 }, state); // { _id: 1, n: 2 } for {$inc: {n: 1}}
 * ```
 */
export function applyTree(root: ObjectNode, doc: Doc, state: ApplyState): Doc {
  const result = applyObjectNode(root, doc, { path: [], fieldName: '', arrayField: undefined }, state);
  return result === NOOP ? doc : (result as Doc);
}
