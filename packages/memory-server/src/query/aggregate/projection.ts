import type { Doc } from '../../bson.js';
import { type Env, evaluate, isDocument, validateExpression, withVars } from '../expression/evaluate.js';
import { fail } from '../expression/fail.js';
import { isNumeric, numToDouble, toNum } from '../expression/numeric.js';

type Leaf = { kind: 'include' } | { kind: 'exclude' } | { kind: 'expr'; expr: unknown };
/** A projection as a tree of field names; insertion order is the spec's order. */
export type ProjTree = Map<string, ProjTree | Leaf>;

function isOperatorObject(value: unknown): boolean {
  return isDocument(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

function leafOf(value: unknown, allowBool: boolean): Leaf {
  if (allowBool && (typeof value === 'boolean' || isNumeric(value))) {
    const n = toNum(value);
    const on = typeof value === 'boolean' ? value : n !== undefined && numToDouble(n) !== 0;
    return on ? { kind: 'include' } : { kind: 'exclude' };
  }
  validateExpression(value);
  return { kind: 'expr', expr: value };
}

/** Inserts `leaf` at a dotted path, rejecting paths that collide with one another (code 31249/31250). */
function insert(tree: ProjTree, path: string, leaf: Leaf | ProjTree, stage: string): void {
  const parts = path.split('.');
  let node = tree;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string;
    if (part === '')
      throw fail(40352, `Invalid ${stage} :: caused by :: FieldPath cannot be constructed with empty string`);
    if (part.startsWith('$'))
      throw fail(16410, `Invalid ${stage} :: caused by :: FieldPath field names may not start with '$'.`);
    const last = i === parts.length - 1;
    const existing = node.get(part);
    if (last) {
      if (existing !== undefined)
        throw fail(31250, `Invalid ${stage} :: caused by :: Path collision at ${path}`);
      node.set(part, leaf);
      return;
    }
    if (existing === undefined) {
      const child: ProjTree = new Map();
      node.set(part, child);
      node = child;
    } else if (existing instanceof Map) node = existing;
    else
      throw fail(
        31249,
        `Invalid ${stage} :: caused by :: Path collision at ${path} remaining portion ${parts.slice(i + 1).join('.')}`,
      );
  }
}

/**
 * Parses a `$project`/`$addFields` spec into a tree. Nested plain objects are sub-specs; objects
 * with a `$` key are expressions. In `$addFields` every leaf is an expression.
 */
export function parseTree(spec: Doc, stage: string, allowBool: boolean): ProjTree {
  const tree: ProjTree = new Map();
  for (const [key, value] of Object.entries(spec)) {
    if (isDocument(value) && !isOperatorObject(value) && Object.keys(value).length > 0) {
      insert(tree, key, parseTree(value, stage, allowBool), stage);
    } else if (isDocument(value) && Object.keys(value).length === 0 && allowBool) {
      throw fail(
        51270,
        `Invalid ${stage} :: caused by :: An empty sub-projection is not a valid value. Found empty object at path`,
      );
    } else {
      insert(tree, key, leafOf(value, allowBool), stage);
    }
  }
  return tree;
}

/** Which kinds of leaves a tree holds (`_id` at the top level is reported separately). */
function kinds(
  tree: ProjTree,
  top: boolean,
  acc = { include: false, exclude: false, expr: false, idExcluded: false },
): typeof acc {
  for (const [key, node] of tree) {
    if (node instanceof Map) kinds(node, false, acc);
    else if (top && key === '_id' && node.kind === 'exclude') acc.idExcluded = true;
    else acc[node.kind] = true;
  }
  return acc;
}

function applyInclusion(value: unknown, tree: ProjTree, env: Env, top: boolean): unknown {
  if (Array.isArray(value)) {
    return value.flatMap((item) =>
      Array.isArray(item) || isDocument(item) ? [applyInclusion(item, tree, env, false)] : [],
    );
  }
  const source = isDocument(value) ? value : undefined;
  const out: Doc = {};
  if (top && source && '_id' in source && !tree.has('_id')) out['_id'] = source['_id'];
  if (source) {
    for (const [key, v] of Object.entries(source)) {
      const node = tree.get(key);
      if (node === undefined) continue;
      if (node instanceof Map) {
        if (Array.isArray(v) || isDocument(v)) out[key] = applyInclusion(v, node, env, false);
      } else if (node.kind === 'include') out[key] = v;
    }
  }
  for (const [key, node] of tree) {
    if (node instanceof Map) {
      if (hasExpr(node) && !(source && (Array.isArray(source[key]) || isDocument(source[key])))) {
        const sub = applyInclusion(undefined, node, env, false);
        out[key] = sub;
      }
      continue;
    }
    if (node.kind !== 'expr') continue;
    const computed = evaluate(node.expr, env);
    if (computed === undefined) delete out[key];
    else out[key] = computed;
  }
  return out;
}

function hasExpr(tree: ProjTree): boolean {
  for (const node of tree.values()) {
    if (node instanceof Map ? hasExpr(node) : node.kind === 'expr') return true;
  }
  return false;
}

function applyExclusion(value: unknown, tree: ProjTree): unknown {
  if (Array.isArray(value)) return value.map((item) => applyExclusion(item, tree));
  if (!isDocument(value)) return value;
  const out: Doc = {};
  for (const [key, v] of Object.entries(value)) {
    const node = tree.get(key);
    if (node === undefined) out[key] = v;
    else if (node instanceof Map) out[key] = applyExclusion(v, node);
  }
  return out;
}

/**
 * Compiles an aggregation `$project` spec: inclusion (with computed fields) or exclusion.
 *
 * @example
 * ```ts
 * compileProjectStage({ total: { $add: ['$a', '$b'] } })(doc, env); // { _id, total }
 * ```
 */
export function compileProjectStage(spec: unknown, stage = '$project'): (doc: Doc, env: Env) => Doc {
  if (!isDocument(spec)) throw fail(15969, `${stage} specification must be an object`);
  if (Object.keys(spec).length === 0)
    throw fail(
      51272,
      `Invalid ${stage} :: caused by :: projection specification must have at least one field`,
    );
  const tree = parseTree(spec, stage, true);
  const k = kinds(tree, true);
  if (k.exclude && (k.include || k.expr)) {
    throw fail(
      k.include ? 31254 : 31252,
      `Invalid ${stage} :: caused by :: Cannot ${k.include ? 'do inclusion' : 'use expression other than $meta'} in exclusion projection`,
    );
  }
  if (k.include || k.expr) {
    if (k.idExcluded) tree.delete('_id');
    const idExcluded = k.idExcluded;
    return (doc, env) => {
      const out = applyInclusion(doc, tree, env, !idExcluded) as Doc;
      // A computed `_id` still comes first, as the server always emits `_id` first.
      return '_id' in out && Object.keys(out)[0] !== '_id' ? { _id: out['_id'], ...out } : out;
    };
  }
  return (doc) => applyExclusion(doc, tree) as Doc;
}

/** Sets computed values into a copy of `value`, following `$addFields` rules (arrays: every element). */
function addInto(value: unknown, tree: ProjTree, env: Env): unknown {
  if (Array.isArray(value)) return value.map((item) => addInto(item, tree, env));
  const out: Doc = isDocument(value) ? { ...value } : {};
  for (const [key, node] of tree) {
    if (node instanceof Map) {
      out[key] = addInto(out[key], node, env);
      continue;
    }
    const computed = node.kind === 'expr' ? evaluate(node.expr, env) : undefined;
    if (computed === undefined) delete out[key];
    else out[key] = computed;
  }
  return out;
}

/**
 * Compiles `$addFields`/`$set`: every expression sees the input document; dotted or nested keys
 * write into embedded documents; `$$REMOVE` removes the field.
 *
 * @example
 * ```ts
 * compileAddFields({ 'a.b': 1 }, '$addFields')({ a: { c: 2 } }, env); // { a: { c: 2, b: 1 } }
 * ```
 */
export function compileAddFields(spec: unknown, stage: string): (doc: Doc, env: Env) => Doc {
  if (!isDocument(spec))
    throw fail(40272, `${stage} specification stage must be an object, got ${typeof spec}`);
  const tree = parseTree(spec, stage, false);
  return (doc, env) => addInto(doc, tree, withVars(env, {})) as Doc;
}

/**
 * Compiles `$unset` (an exclusion projection of one or more paths).
 *
 * @example
 * ```ts
 * compileUnset(['a', 'b.c']);
 * ```
 */
export function compileUnset(spec: unknown): (doc: Doc) => Doc {
  const fields = typeof spec === 'string' ? [spec] : spec;
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string')) {
    throw fail(31002, '$unset specification must be a string or an array containing only string values');
  }
  const tree: ProjTree = new Map();
  for (const field of fields as string[]) {
    if (field === '')
      throw fail(40352, 'Invalid $unset :: caused by :: FieldPath cannot be constructed with empty string');
    insert(tree, field, { kind: 'exclude' }, '$unset');
  }
  return (doc) => applyExclusion(doc, tree) as Doc;
}
