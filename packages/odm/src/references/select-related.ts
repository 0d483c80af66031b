/**
 * The batch loader behind `selectRelated`: walks the given paths of every document and resolves
 * the `Ref`s it meets in rounds — each round loads the references found on every path and at
 * every depth reachable so far, with one `$in` query per target class. Loaded targets go through
 * an identity map, so one id is one object.
 *
 * On a named path the loaded target replaces the `Ref` in its attribute (or list item), as
 * `WithRelated` types it; the replacement is not a change (nothing is marked, a later save sends
 * nothing for it) and the attribute is marked loaded so assigning a document keeps a document.
 * References loaded by `{ depth }` only are resolved inside their `Ref` (`ref.value`).
 */
import type { AnyDocumentClass } from '../document/base-document.js';
import { baseKindOf, classInfo } from '../document/class-info.js';
import type { RefPath, SelectRelatedDepth, WithRelated } from '../document/related-types.js';
import { installRelatedLoader, parseRelatedArgs } from '../document/related-seam.js';
import { STATE, type DocState } from '../document/state.js';
import { InvalidQueryError } from '../errors/usage-errors.js';
import type { AnyField } from '../fields/base-field.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { markLoaded } from './loaded-paths.js';
import { Ref, markDangling } from './ref.js';

/** Loaded targets by class and id key. */
type IdentityMap = Map<AnyDocumentClass, Map<string, object>>;

interface QueryableClass {
  objects(query: Record<string, unknown>): { toArray(): Promise<unknown[]> };
}

/** Where a `Ref` met on a named path sits, so its loaded target can take its place. */
interface Site {
  readonly owner: object;
  /** The attribute's field (undefined for a dynamic attribute: the `Ref` is only resolved). */
  readonly field: AnyField | undefined;
  /** The list index, for an item of a list of references. */
  readonly index: number | undefined;
  readonly ref: Ref<object>;
}

/** A stable key for an id (ObjectId hex, strings, numbers…). */
function idKey(id: unknown): string {
  if (id !== null && typeof id === 'object') {
    const hex = (id as { toHexString?: () => string }).toHexString;
    if (typeof hex === 'function') return `oid:${hex.call(id)}`;
    return `obj:${JSON.stringify(id)}`;
  }
  return `${typeof id}:${String(id)}`;
}

/** The values reached by one path segment from `obj` (lists are flattened); records where `Ref`s sit. */
function step(obj: object, segment: string, path: string, sites: Site[]): unknown[] {
  const info = classInfo(obj.constructor as AnyDocumentClass);
  const field = info.fields[segment];
  if (!info.dynamic && field === undefined) {
    throw new InvalidQueryError(`selectRelated('${path}'): ${info.className} has no field '${segment}'.`);
  }
  const value = (obj as Record<string, unknown>)[segment];
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  items.forEach((item, i) => {
    if (item instanceof Ref) {
      sites.push({
        owner: obj,
        field,
        index: Array.isArray(value) ? i : undefined,
        ref: item as Ref<object>,
      });
    }
  });
  return items;
}

/** Resolves every unloaded `Ref` in `refs`, one `$in` query per target class. */
async function resolveRefs(refs: readonly Ref<object>[], map: IdentityMap): Promise<void> {
  const byClass = new Map<AnyDocumentClass, Ref<object>[]>();
  for (const ref of refs) {
    if (ref.isLoaded || ref.id === undefined || ref.id === null) continue;
    const list = byClass.get(ref.targetClass) ?? [];
    list.push(ref);
    byClass.set(ref.targetClass, list);
  }
  await Promise.all(
    [...byClass].map(async ([cls, list]) => {
      const known = map.get(cls) ?? new Map<string, object>();
      map.set(cls, known);
      const missing = new Map<string, unknown>();
      for (const ref of list) {
        const key = idKey(ref.id);
        if (!known.has(key)) missing.set(key, ref.id);
      }
      if (missing.size > 0) {
        const found = await (cls as unknown as QueryableClass)
          .objects({ pk__in: [...missing.values()] })
          .toArray();
        for (const doc of found) known.set(idKey((doc as { pk?: unknown }).pk), doc as object);
      }
      for (const ref of list) {
        const doc = known.get(idKey(ref.id));
        if (doc !== undefined) ref._resolve(doc);
        else markDangling(ref);
      }
    }),
  );
}

/**
 * Puts a loaded target where its `Ref` was, without marking a change: a direct attribute is
 * written into the document's data; a list item goes through the tracked list (so it stays
 * bound) while the owner ignores change marks.
 */
function install(site: Site): void {
  const { owner, field, index, ref } = site;
  if (!ref.isLoaded || field === undefined) return;
  const state = (owner as { [STATE]?: DocState })[STATE];
  if (state === undefined) return;
  markLoaded(owner, field.dbField);
  const current = state.data[field.name];
  if (index === undefined) {
    if (current === ref) state.data[field.name] = ref.value;
    return;
  }
  if (!Array.isArray(current) || current[index] !== ref) return;
  const initialised = state.initialised;
  state.initialised = false;
  try {
    current[index] = ref.value;
  } finally {
    state.initialised = initialised;
  }
}

/**
 * The loader installed behind `QuerySet.selectRelated` and `doc.selectRelated()`: loads the
 * references at `paths` (`'author'`, `'comments.author'`, `'author__boss'`) of `docs` in place,
 * then (with `depth`) every reference down to `depth` hops. Missing targets stay `Ref`s, marked
 * `dangling`.
 *
 * @example
 * await loadRelatedPaths(posts, ['author', 'tagged'], undefined); // one query for all the users
 */
export async function loadRelatedPaths(
  docs: readonly object[],
  paths: readonly string[],
  depth?: number,
): Promise<void> {
  const map: IdentityMap = new Map();
  await loadPaths(docs, paths, map);
  if (depth !== undefined && depth > 0) await loadDepth(docs, depth, map);
}

/**
 * Loads references of documents obtained another way (a list built by hand, an aggregation's
 * results turned into documents…), with the same batching as `QuerySet.selectRelated`: one `$in`
 * query per target class per round. Resolves to the same array, typed with the paths loaded.
 *
 * @example
 * const posts = [await Post.objects().get({ title: 'a' }), await Post.objects().get({ title: 'b' })];
 * const loaded = await selectRelated(posts, 'author'); // one query for the users
 * loaded[0]!.author.name; // a User
 */
export function selectRelated<T extends object>(
  docs: readonly T[],
  options?: SelectRelatedDepth,
): Promise<T[]>;
export function selectRelated<T extends object, P extends RefPath<T>>(
  docs: readonly T[],
  ...args: [P, ...(P | SelectRelatedDepth)[]]
): Promise<WithRelated<T, P>[]>;
export async function selectRelated(docs: readonly object[], ...args: unknown[]): Promise<unknown[]> {
  const { paths, depth } = parseRelatedArgs(args as (string | SelectRelatedDepth)[]);
  await loadRelatedPaths(docs, paths, depth);
  return docs as unknown[];
}

/**
 * Every `Ref` in `value`: through lists, embedded documents and dicts, not through references.
 * A document a named path installed in place of a `Ref` counts as a reached target (`next`).
 */
function collectAll(value: unknown, out: Ref<object>[], next: object[], seen: Set<object>): void {
  if (value instanceof Ref) {
    out.push(value as Ref<object>);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectAll(item, out, next, seen);
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  const cls = value.constructor as AnyDocumentClass | undefined;
  const kind = cls === undefined ? undefined : baseKindOf(cls);
  if (kind?.kind === 'document') {
    next.push(value);
  } else if (kind !== undefined) {
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const name of classInfo(cls!).fieldNames) collectAll(record[name], out, next, seen);
  } else if (isPlainObject(value)) {
    seen.add(value);
    for (const item of Object.values(value)) collectAll(item, out, next, seen);
  }
}

/** Loads every reference reachable from `docs` in up to `depth` hops, one round per hop. */
async function loadDepth(docs: readonly object[], depth: number, map: IdentityMap): Promise<void> {
  const seen = new Set<object>();
  let roots: readonly object[] = docs;
  for (let hop = 0; hop < depth && roots.length > 0; hop++) {
    const refs: Ref<object>[] = [];
    const reached: object[] = [];
    for (const root of roots) {
      seen.add(root);
      const record = root as Record<string, unknown>;
      for (const name of classInfo(root.constructor as AnyDocumentClass).fieldNames) {
        collectAll(record[name], refs, reached, seen);
      }
    }
    await resolveRefs(refs, map);
    const loaded = refs.filter((r) => r.isLoaded).map((r) => r.value as object);
    roots = [...new Set([...loaded, ...reached])].filter((d) => !seen.has(d));
  }
}

/** Loads the named paths, in rounds. */
async function loadPaths(docs: readonly object[], paths: readonly string[], map: IdentityMap): Promise<void> {
  const walks = paths.map((path) => ({
    path,
    segments: path.split(/\.|__/),
    current: [...docs] as unknown[],
    level: 0,
  }));
  let active = walks.filter((w) => w.segments.length > 0);
  // Each round walks every path as far as it goes without an unloaded reference, then loads all
  // the references met — on every path and at every depth — together.
  while (active.length > 0) {
    const sites: Site[] = [];
    for (const walk of active) {
      while (walk.level < walk.segments.length) {
        const segment = walk.segments[walk.level]!;
        walk.level++;
        const next: unknown[] = [];
        const before = sites.length;
        for (const obj of walk.current) {
          if (obj !== null && typeof obj === 'object') next.push(...step(obj, segment, walk.path, sites));
        }
        walk.current = next;
        if (sites.length > before) break;
      }
    }
    await resolveRefs(
      sites.map((s) => s.ref),
      map,
    );
    for (const site of sites) install(site);
    for (const walk of active) {
      walk.current = walk.current.map((v) => (v instanceof Ref ? (v.isLoaded ? v.value : undefined) : v));
    }
    active = active.filter((w) => w.level < w.segments.length);
  }
}

installRelatedLoader(loadRelatedPaths);
