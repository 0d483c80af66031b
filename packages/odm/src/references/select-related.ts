/**
 * The batch loader behind `QuerySet.selectRelated`: walks the given paths of every result and
 * resolves the `Ref`s it meets in rounds — each round loads the references found on every path
 * and at every depth reachable so far, with one `$in` query per target class. Loaded targets go
 * through an identity map, so one id is one object.
 */
import type { AnyDocumentClass } from '../document/base-document.js';
import { baseKindOf, classInfo } from '../document/class-info.js';
import { InvalidQueryError } from '../errors/usage-errors.js';
import { installRelatedLoader } from '../queryset/related-loader.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { Ref } from './ref.js';

/** Loaded targets by class and id key. */
type IdentityMap = Map<AnyDocumentClass, Map<string, object>>;

interface QueryableClass {
  objects(query: Record<string, unknown>): { toArray(): Promise<unknown[]> };
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

/** The values reached by one path segment from `obj` (lists are flattened). */
function step(obj: object, segment: string, path: string): unknown[] {
  const info = classInfo(obj.constructor as AnyDocumentClass);
  if (!info.dynamic && !(segment in info.fields)) {
    throw new InvalidQueryError(`selectRelated('${path}'): ${info.className} has no field '${segment}'.`);
  }
  const value = (obj as Record<string, unknown>)[segment];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as unknown[]) : [value];
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
      }
    }),
  );
}

/**
 * Loads the references at `paths` (`'author'`, `'comments.author'`, `'author__favorite'`) of
 * `docs` in place. Missing targets stay unloaded (their `fetch()` raises `DoesNotExist`).
 *
 * @example
 * await selectRelated(posts, ['author', 'tagged']); // one query for all the users
 */
export async function selectRelated(
  docs: readonly object[],
  paths: readonly string[],
  depth?: number,
): Promise<void> {
  const map: IdentityMap = new Map();
  await loadPaths(docs, paths, map);
  if (depth !== undefined && depth > 0) await loadDepth(docs, depth, map);
}

/** Every `Ref` in `value`: through lists, embedded documents and dicts, not through references. */
function collectAll(value: unknown, out: Ref<object>[], seen: Set<object>): void {
  if (value instanceof Ref) {
    out.push(value as Ref<object>);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectAll(item, out, seen);
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  const cls = value.constructor as AnyDocumentClass | undefined;
  if (cls !== undefined && baseKindOf(cls) !== undefined) {
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const name of classInfo(cls).fieldNames) collectAll(record[name], out, seen);
  } else if (isPlainObject(value)) {
    seen.add(value);
    for (const item of Object.values(value)) collectAll(item, out, seen);
  }
}

/** Loads every reference reachable from `docs` in up to `depth` hops, one round per hop. */
async function loadDepth(docs: readonly object[], depth: number, map: IdentityMap): Promise<void> {
  const seen = new Set<object>();
  let roots: readonly object[] = docs;
  for (let hop = 0; hop < depth && roots.length > 0; hop++) {
    const refs: Ref<object>[] = [];
    for (const root of roots) collectAll(root, refs, seen);
    await resolveRefs(refs, map);
    roots = [...new Set(refs.filter((r) => r.isLoaded).map((r) => r.value))].filter((d) => !seen.has(d));
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
    const refs: Ref<object>[] = [];
    for (const walk of active) {
      while (walk.level < walk.segments.length) {
        const segment = walk.segments[walk.level]!;
        walk.level++;
        const next: unknown[] = [];
        for (const obj of walk.current) {
          if (obj !== null && typeof obj === 'object') next.push(...step(obj, segment, walk.path));
        }
        walk.current = next;
        const found = next.filter((v): v is Ref<object> => v instanceof Ref);
        if (found.length > 0) {
          refs.push(...found);
          break;
        }
      }
    }
    await resolveRefs(refs, map);
    for (const walk of active) {
      walk.current = walk.current.map((v) => (v instanceof Ref ? (v.isLoaded ? v.value : undefined) : v));
    }
    active = active.filter((w) => w.level < w.segments.length);
  }
}

installRelatedLoader(selectRelated);
