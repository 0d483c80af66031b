import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { isPlainDocument } from './compare.js';
import type { CompiledFilter } from './match.js';
import { evaluateWith } from './match/expr.js';
import {
  isTree,
  type ParsedProjection,
  parseProjection,
  type ProjectionLeaf,
  type ProjectionTree,
} from './project/parse-projection.js';
import { textScoreOf } from './text-score.js';

/** Per-document state shared by the passes of one projection. */
interface ApplyContext {
  readonly root: Doc;
  readonly filter: CompiledFilter | undefined;
  readonly variables: Doc | undefined;
  position?: number | undefined;
  positionComputed?: boolean;
}

function sliceArray(value: unknown, leaf: Extract<ProjectionLeaf, { kind: 'slice' }>): unknown {
  if (!Array.isArray(value)) return value;
  const length = value.length;
  if (leaf.skip === undefined) {
    const n = leaf.limit;
    return n >= 0 ? value.slice(0, n) : value.slice(Math.max(0, length + n));
  }
  const start = leaf.skip < 0 ? Math.max(0, length + leaf.skip) : Math.min(leaf.skip, length);
  return value.slice(start, start + leaf.limit);
}

function positionalElement(value: unknown, ctx: ApplyContext): unknown {
  if (!Array.isArray(value)) return value;
  if (!ctx.positionComputed) {
    ctx.position = ctx.filter?.matchPositional(ctx.root).position;
    ctx.positionComputed = true;
  }
  const position = ctx.position;
  if (position === undefined || position >= value.length) {
    throw new ServerError(
      { code: 51246, codeName: 'Location51246' },
      "Executor error during find command :: caused by :: positional operator '.$' couldn't find a matching element in the array",
    );
  }
  return [value[position]];
}

/** Applies an inclusion subtree to an array: documents are projected, scalars dropped. */
function includeInArray(values: readonly unknown[], tree: ProjectionTree, ctx: ApplyContext): unknown[] {
  const out: unknown[] = [];
  for (const element of values) {
    if (isPlainDocument(element)) out.push(include(element, tree, ctx, false));
    else if (Array.isArray(element)) out.push(includeInArray(element, tree, ctx));
  }
  return out;
}

function include(doc: Doc, tree: ProjectionTree, ctx: ApplyContext, top: boolean): Doc {
  const out: Doc = {};
  for (const [key, value] of Object.entries(doc)) {
    const node = tree.children.get(key);
    if (node === undefined) continue;
    if (isTree(node)) {
      if (isPlainDocument(value)) out[key] = include(value, node, ctx, false);
      else if (Array.isArray(value)) out[key] = includeInArray(value, node, ctx);
      continue;
    }
    switch (node.kind) {
      case 'include':
        out[key] = value;
        break;
      case 'slice':
        out[key] = sliceArray(value, node);
        break;
      case 'positional':
        out[key] = positionalElement(value, ctx);
        break;
      case 'elemMatch': {
        const { matched, position } = node.filter.matchPositional(top ? doc : ctx.root);
        if (matched && position !== undefined && Array.isArray(value)) out[key] = [value[position]];
        break;
      }
      default:
        break;
    }
  }
  addComputed(out, tree, ctx);
  return out;
}

/** Whether a subtree holds expressions or `$meta` fields, which exist even without a source field. */
function hasComputed(tree: ProjectionTree): boolean {
  for (const node of tree.children.values()) {
    if (isTree(node) ? hasComputed(node) : node.kind === 'expression' || node.kind === 'meta') return true;
  }
  return false;
}

/** Adds computed fields (expressions, `$meta`) after the copied ones, in specification order. */
function addComputed(out: Doc, tree: ProjectionTree, ctx: ApplyContext): void {
  for (const [key, node] of tree.children) {
    if (isTree(node)) {
      if (!hasComputed(node)) continue;
      const existing = out[key];
      if (Array.isArray(existing)) continue;
      const target = isPlainDocument(existing) ? existing : {};
      addComputed(target, node, ctx);
      out[key] = target;
    } else if (node.kind === 'expression') {
      const value = evaluateWith(node.expr, ctx.root, ctx.variables);
      if (value === undefined) delete out[key];
      else out[key] = value;
    } else if (node.kind === 'meta') {
      const score = textScoreOf(ctx.root);
      if (score !== undefined) out[key] = score;
    }
  }
}

function excludeInArray(values: readonly unknown[], tree: ProjectionTree, ctx: ApplyContext): unknown[] {
  return values.map((element) => {
    if (isPlainDocument(element)) return exclude(element, tree, ctx);
    if (Array.isArray(element)) return excludeInArray(element, tree, ctx);
    return element;
  });
}

function exclude(doc: Doc, tree: ProjectionTree, ctx: ApplyContext): Doc {
  const out: Doc = {};
  for (const [key, value] of Object.entries(doc)) {
    const node = tree.children.get(key);
    if (node === undefined) {
      out[key] = value;
    } else if (isTree(node)) {
      if (isPlainDocument(value)) out[key] = exclude(value, node, ctx);
      else if (Array.isArray(value)) out[key] = excludeInArray(value, node, ctx);
      else out[key] = value;
    } else if (node.kind === 'slice') {
      out[key] = sliceArray(value, node);
    } else if (node.kind === 'elemMatch') {
      const { matched, position } = node.filter.matchPositional(ctx.root);
      if (matched && position !== undefined && Array.isArray(value)) out[key] = [value[position]];
    } else if (node.kind !== 'exclude' && node.kind !== 'meta' && node.kind !== 'expression') {
      out[key] = value;
    }
  }
  addComputed(out, tree, ctx);
  return out;
}

/** Puts `_id` first, as MongoDB returns it. */
function idFirst(doc: Doc): Doc {
  const keys = Object.keys(doc);
  if (keys.length === 0 || keys[0] === '_id' || !Object.hasOwn(doc, '_id')) return doc;
  const out: Doc = { _id: doc['_id'] };
  for (const key of keys) if (key !== '_id') out[key] = doc[key];
  return out;
}

function apply(
  parsed: ParsedProjection,
  doc: Doc,
  filter: CompiledFilter | undefined,
  variables: Doc | undefined,
): Doc {
  const ctx: ApplyContext = { root: doc, filter, variables };
  let out: Doc;
  if (parsed.inclusion) {
    out = include(doc, parsed.tree, ctx, true);
    if (parsed.keepId && Object.hasOwn(doc, '_id') && !Object.hasOwn(out, '_id')) out['_id'] = doc['_id'];
  } else {
    out = exclude(doc, parsed.tree, ctx);
    if (!parsed.keepId) delete out['_id'];
  }
  return idFirst(out);
}

/**
 * Compiles a find projection: inclusion (nested and dotted), exclusion, the `_id` rules,
 * `$slice` (n, -n, [skip, n]; a `$slice`-only projection keeps every other field), `$elemMatch`,
 * positional `field.$` (through `options.filter.matchPositional`), `{ $meta: 'textScore' }` and
 * aggregation expressions (with `options.variables` as `let` variables). The result keeps the
 * document's field order, `_id` first; values are shared with the input, which is never modified.
 *
 * @example
 * ```ts
 * const project = compileProjection({ name: 1, scores: { $slice: -2 }, total: { $sum: '$scores' } });
 * project({ _id: 1, name: 'a', scores: [1, 2, 3], x: 1 }); // { _id: 1, name: 'a', scores: [2, 3], total: 6 }
 * ```
 */
export function compileProjection(
  spec: Doc,
  options: { filter?: CompiledFilter; variables?: Doc } = {},
): (doc: Doc) => Doc {
  if (!isPlainDocument(spec)) throw new ServerError('BadValue', 'projection must be an object');
  if (Object.keys(spec).length === 0) return (doc) => doc;
  const parsed = parseProjection(spec, { hasFilter: options.filter !== undefined });
  const { filter, variables } = options;
  return (doc) => apply(parsed, doc, filter, variables);
}
