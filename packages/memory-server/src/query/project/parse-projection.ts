import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { compareValues, isNumber, isPlainDocument } from '../compare.js';
import { exactJsNumber } from '../compare-numbers.js';
import { isExpressionOperator } from '../expression/index.js';
import { compileFilter, type CompiledFilter } from '../match.js';

/** What the projection does at one path. */
export type ProjectionLeaf =
  | { readonly kind: 'include' }
  | { readonly kind: 'exclude' }
  | { readonly kind: 'slice'; readonly skip: number | undefined; readonly limit: number }
  | { readonly kind: 'elemMatch'; readonly filter: CompiledFilter }
  | { readonly kind: 'positional' }
  | { readonly kind: 'meta'; readonly name: 'textScore' }
  | { readonly kind: 'expression'; readonly expr: unknown };

/** A projection tree: field name → a leaf or a subtree (for dotted or nested paths). */
export interface ProjectionTree {
  readonly children: Map<string, ProjectionLeaf | ProjectionTree>;
}

/** A parsed projection: the tree plus whether it is an inclusion or exclusion projection. */
export interface ParsedProjection {
  readonly tree: ProjectionTree;
  readonly inclusion: boolean;
  /** Whether `_id` is kept: always, unless the projection says `_id: 0` (or `false`). */
  readonly keepId: boolean;
  readonly hasPositional: boolean;
}

/**
 * Whether a projection node is a subtree rather than a leaf.
 *
 * @example
 * ```ts
 * isTree(parseProjection({ 'a.b': 1 }).tree.children.get('a')); // true
 * ```
 */
export function isTree(node: ProjectionLeaf | ProjectionTree | undefined): node is ProjectionTree {
  return node !== undefined && 'children' in node;
}

function fail(code: number, message: string): ServerError {
  return code === 2
    ? new ServerError('BadValue', message)
    : new ServerError({ code, codeName: `Location${code}` }, message);
}

/** Parse state, following MongoDB's projection parser: the type is fixed by the first decisive field. */
interface ParseState {
  readonly tree: ProjectionTree;
  readonly hasFilter: boolean;
  type: 'inclusion' | 'exclusion' | undefined;
  hasPositional: boolean;
  hasElemMatch: boolean;
  hasFindSlice: boolean;
  hasMeta: boolean;
  idIncluded: boolean;
  idExcluded: boolean;
}

function int32Of(value: unknown): number | undefined {
  if (!isNumber(value)) return undefined;
  const n = exactJsNumber(value) ?? Number(String(value));
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

/** The find-only `$slice: n | [skip, limit]`; throws MongoDB's errors for other shapes. */
function parseFindSlice(operand: unknown): ProjectionLeaf {
  const n = int32Of(operand);
  if (n !== undefined) return { kind: 'slice', skip: undefined, limit: n };
  if (!Array.isArray(operand)) throw fail(31273, '$slice only supports numbers and [skip, limit] arrays');
  if (operand.length !== 2) throw fail(31272, '$slice array argument should be of form [skip, limit]');
  const skip = int32Of(operand[0]);
  const limit = int32Of(operand[1]);
  if (skip === undefined) throw fail(31257, '$slice expects the skip argument to be a number');
  if (limit === undefined) throw fail(31258, '$slice expects the limit argument to be a number');
  if (limit <= 0) throw fail(31259, `$slice limit must be positive, got ${limit}`);
  return { kind: 'slice', skip, limit };
}

function addPath(
  tree: ProjectionTree,
  parts: readonly string[],
  leaf: ProjectionLeaf,
  fullPath: string,
): void {
  let node = tree;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] as string;
    const existing = node.children.get(key);
    if (existing === undefined) {
      const child: ProjectionTree = { children: new Map() };
      node.children.set(key, child);
      node = child;
    } else if (isTree(existing)) {
      node = existing;
    } else {
      throw fail(31249, `Path collision at ${fullPath} remaining portion ${parts.slice(i + 1).join('.')}`);
    }
  }
  const last = parts[parts.length - 1] as string;
  if (node.children.has(last)) throw fail(31250, `Path collision at ${fullPath}`);
  node.children.set(last, leaf);
}

function checkPath(path: string): readonly string[] {
  const parts = path.split('.');
  for (const part of parts) {
    if (part === '') throw fail(40352, 'FieldPath cannot be constructed with empty string');
    if (part.startsWith('$') && part !== '$') {
      throw fail(
        16410,
        "FieldPath field names may not start with '$'. Consider using $getField or $setField.",
      );
    }
  }
  return parts;
}

function setInclusion(state: ParseState, code: number, message: string): void {
  if (state.type === 'exclusion') throw fail(code, message);
  state.type = 'inclusion';
}

/** A one-key `$`-object: a find-only operator or an aggregation expression; `false` if neither. */
function parseOperatorValue(state: ParseState, path: string, parts: readonly string[], value: Doc): boolean {
  const name = Object.keys(value)[0] as string;
  const operand = value[name];
  if (name === '$slice') {
    let leaf: ProjectionLeaf;
    try {
      leaf = parseFindSlice(operand);
    } catch (error) {
      // `{$slice: ['$arr', 2]}` is the aggregation expression, not the find operator.
      if (!Array.isArray(operand)) throw error;
      setInclusion(state, 31252, 'Cannot use expression other than $meta in exclusion projection');
      addPath(state.tree, parts, { kind: 'expression', expr: value }, path);
      return true;
    }
    addPath(state.tree, parts, leaf, path);
    state.hasFindSlice = true;
    return true;
  }
  if (name === '$elemMatch') {
    if (!isPlainDocument(operand)) throw fail(31274, 'elemMatch: Invalid argument, object required');
    if (state.hasPositional) throw fail(31255, 'Cannot specify positional operator and $elemMatch.');
    if (parts.length !== 1) throw fail(31275, 'Cannot use $elemMatch projection on a nested field.');
    addPath(
      state.tree,
      parts,
      { kind: 'elemMatch', filter: compileFilter({ [path]: { $elemMatch: operand } }) },
      path,
    );
    state.hasElemMatch = true;
    return true;
  }
  if (name === '$meta') {
    if (operand !== 'textScore')
      throw fail(2, `$meta '${String(operand)}' is not supported by the memory server`);
    addPath(state.tree, parts, { kind: 'meta', name: 'textScore' }, path);
    state.hasMeta = true;
    return true;
  }
  if (!isExpressionOperator(name)) return false;
  setInclusion(state, 31252, 'Cannot use expression other than $meta in exclusion projection');
  addPath(state.tree, parts, { kind: 'expression', expr: value }, path);
  return true;
}

function parseElement(state: ParseState, prefix: string, key: string, value: unknown): void {
  const path = prefix ? `${prefix}.${key}` : key;
  const positional = path === '$' || path.endsWith('.$') || path.includes('.$.');
  const isTopLevelId = path === '_id';
  if (isPlainDocument(value)) {
    if (positional)
      throw fail(31271, 'positional projection cannot be used with an expression or sub object');
    const keys = Object.keys(value);
    if (keys.length === 0)
      throw fail(51270, `An empty sub-projection is not a valid value. Found empty object at path ${path}`);
    if (keys.length === 1 && (keys[0] as string).startsWith('$')) {
      if (parseOperatorValue(state, path, checkPath(path), value)) return;
      throw fail(31325, `Unknown expression ${keys[0] as string}`);
    }
    checkPath(path);
    for (const [childKey, childValue] of Object.entries(value))
      parseElement(state, path, childKey, childValue);
    return;
  }
  if (typeof value === 'boolean' || isNumber(value)) {
    const included = typeof value === 'boolean' ? value : compareValues(value, 0) !== 0;
    if (!included) {
      if (positional) throw fail(2, 'positional projection cannot be used with an exclusion');
      addPath(state.tree, checkPath(path), { kind: 'exclude' }, path);
      if (isTopLevelId) {
        state.idExcluded = true;
      } else {
        if (state.type === 'inclusion')
          throw fail(31254, `Cannot do exclusion on field ${path} in inclusion projection`);
        state.type = 'exclusion';
      }
      return;
    }
    if (positional) {
      if (state.hasPositional)
        throw fail(31276, 'Cannot specify more than one positional projection per query.');
      if (state.hasElemMatch) throw fail(31256, 'Cannot specify positional operator and $elemMatch.');
      if (!state.hasFilter) throw fail(51050, 'Projections with a positional operator require a matcher');
      if (path.endsWith('.$.')) throw fail(31270, "Path cannot end with '.$.'");
      const first = path.indexOf('.$');
      if (path.indexOf('.$', first + 2) !== -1 || path === '$') {
        throw fail(31287, `Cannot use positional operator twice: ${path}`);
      }
      const base = path.slice(0, first);
      addPath(state.tree, checkPath(base), { kind: 'positional' }, base);
      state.hasPositional = true;
    } else {
      addPath(state.tree, checkPath(path), { kind: 'include' }, path);
      if (isTopLevelId) state.idIncluded = true;
    }
    if (!isTopLevelId) {
      if (state.type === 'exclusion')
        throw fail(31253, `Cannot do inclusion on field ${path} in exclusion projection`);
      state.type = 'inclusion';
    }
    return;
  }
  if (positional) throw fail(31308, 'positional projection cannot be used with a literal');
  // Any other value (string, null, array, date …) is an aggregation expression: `'$a'` or a literal.
  if (state.type === 'exclusion')
    throw fail(31310, `Cannot use an expression ${path} in an exclusion projection`);
  state.type = 'inclusion';
  addPath(state.tree, checkPath(path), { kind: 'expression', expr: value }, path);
}

/** MongoDB's defaults when no field decided the type (only `_id`, `$slice`, `$elemMatch`, `$meta`). */
function defaultType(state: ParseState): 'inclusion' | 'exclusion' {
  if (state.hasFindSlice) return state.idIncluded ? 'inclusion' : 'exclusion';
  if (state.hasElemMatch) return 'inclusion';
  if (state.hasMeta) return state.idIncluded && !state.idExcluded ? 'inclusion' : 'exclusion';
  return state.idIncluded ? 'inclusion' : 'exclusion';
}

/**
 * Parses a find projection into a tree with MongoDB's rules: the first inclusion or exclusion of
 * a non-`_id` field fixes the type, mixing fails (31253 / 31254), expressions only in inclusions
 * (31252 / 31310), path collisions (31249 / 31250), positional `$` rules (31276, 31256, 51050 …),
 * and the defaults for projections made only of `_id`, `$slice`, `$elemMatch` and `$meta`.
 *
 * @example
 * ```ts
 * parseProjection({ 'a.b': 1, c: { $slice: 2 } }).inclusion; // true
 * parseProjection({ c: { $slice: 2 } }).inclusion; // false: every other field is kept
 * ```
 */
export function parseProjection(spec: Doc, options: { hasFilter?: boolean } = {}): ParsedProjection {
  const state: ParseState = {
    tree: { children: new Map() },
    hasFilter: options.hasFilter ?? false,
    type: undefined,
    hasPositional: false,
    hasElemMatch: false,
    hasFindSlice: false,
    hasMeta: false,
    idIncluded: false,
    idExcluded: false,
  };
  for (const [key, value] of Object.entries(spec)) parseElement(state, '', key, value);
  const type = state.type ?? defaultType(state);
  const idNode = state.tree.children.get('_id');
  // `_id: 1` in an exclusion projection is legal and means nothing.
  if (type === 'exclusion' && idNode !== undefined && !isTree(idNode) && idNode.kind === 'include') {
    state.tree.children.delete('_id');
  }
  return {
    tree: state.tree,
    inclusion: type === 'inclusion',
    keepId: !state.idExcluded,
    hasPositional: state.hasPositional,
  };
}
