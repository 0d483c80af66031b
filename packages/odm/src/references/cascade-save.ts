/**
 * `save({ cascade: true })` (or `meta.cascade`): saving a document also saves the documents it
 * references that are loaded in memory — a `Ref` whose target is loaded, or a document assigned
 * directly — when they are unsaved or have changes, recursively. Unsaved targets are saved
 * before the document (it needs their ids); changed ones after it. One visited set spans the whole
 * cascade, so reference cycles terminate and every document is saved at most once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { classInfo } from '../document/class-info.js';
import { installDocumentHook, type HookContext } from '../document/hooks.js';
import { STATE, type DocState } from '../document/state.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { Ref } from './ref.js';

interface SavableDocument {
  readonly [STATE]: DocState;
  save(options: { cascade: boolean }): Promise<unknown>;
}

/** The visited set of the cascade the current save belongs to. */
const scope = new AsyncLocalStorage<Set<object>>();
/** The visited set of a top-level save, kept from its preSave hook to its cascadeSave hook. */
const started = new WeakMap<object, Set<object>>();

function hasState(value: object): value is { readonly [STATE]: DocState } {
  return STATE in value;
}

function isDocument(value: object): value is SavableDocument {
  if (!hasState(value)) return false;
  try {
    return classInfo(value.constructor as never).kind === 'document';
  } catch {
    return false;
  }
}

/** Walks a field value for loaded documents: through lists, dicts and embedded documents. */
function collect(value: unknown, out: Set<SavableDocument>, walked: Set<object>): void {
  if (typeof value !== 'object' || value === null || walked.has(value)) return;
  walked.add(value);
  if (value instanceof Ref) {
    if (value.isLoaded) collect(value.value, out, walked);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, out, walked);
  } else if (hasState(value)) {
    if (isDocument(value)) out.add(value);
    // An embedded document: its own fields may hold references.
    else
      for (const v of [...Object.values(value[STATE].data), ...Object.values(value[STATE].extra)])
        collect(v, out, walked);
  } else if (isPlainObject(value) || value instanceof Map) {
    for (const v of value instanceof Map ? value.values() : Object.values(value)) collect(v, out, walked);
  }
}

/**
 * The documents `doc` references that are loaded in memory (not `doc` itself).
 *
 * @example
 * referencedDocuments(post); // [ada] when post.author was assigned ada or fetched
 */
export function referencedDocuments(doc: object): object[] {
  if (!hasState(doc)) return [];
  const out = new Set<SavableDocument>();
  const walked = new Set<object>([doc]);
  for (const v of [...Object.values(doc[STATE].data), ...Object.values(doc[STATE].extra)])
    collect(v, out, walked);
  out.delete(doc as SavableDocument);
  return [...out];
}

/** The cascade's visited set; a top-level save starts a new one in its preSave hook. */
function visitedFor(doc: object, start: boolean): Set<object> {
  const current = scope.getStore();
  if (current) return current;
  let visited = start ? undefined : started.get(doc);
  if (!visited) started.set(doc, (visited = new Set([doc])));
  return visited;
}

async function saveTargets(
  doc: object,
  ctx: HookContext,
  start: boolean,
  pick: (target: SavableDocument) => boolean,
): Promise<void> {
  if (ctx.cascade !== true) return;
  const visited = visitedFor(doc, start);
  visited.add(doc);
  for (const target of referencedDocuments(doc) as SavableDocument[]) {
    if (visited.has(target) || !pick(target)) continue;
    visited.add(target);
    await scope.run(visited, () => target.save({ cascade: true }));
  }
}

// Before the document is validated: unsaved targets get their ids, so the reference can be stored.
installDocumentHook('preSave', (doc, ctx) => saveTargets(doc, ctx, true, (t) => t[STATE].created));

// After the document is written: targets with unsaved changes.
installDocumentHook('cascadeSave', async (doc, ctx) => {
  try {
    await saveTargets(doc, ctx, false, (t) => t[STATE].created || t[STATE].changed.size > 0);
  } finally {
    if (scope.getStore() === undefined) started.delete(doc);
  }
});
