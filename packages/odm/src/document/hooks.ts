/**
 * Lifecycle seams that later layers fill: signals (`preSave`, `postSave`, `preDelete`,
 * `postDelete`…), cascade saves of references, and delete rules. With nothing installed, the
 * document layer does exactly the write and nothing more — `save({ cascade: true })` and
 * `signalKwargs` are accepted and passed along, but there is nothing to cascade to until
 * references exist.
 */
import type { ClassRef } from './class-ref.js';

/** What every hook receives. */
export interface HookContext {
  /** Class of the document. */
  readonly cls: ClassRef;
  /** True when the save inserts. Undefined for delete hooks and for `preSave` (not yet known). */
  readonly created?: boolean | undefined;
  /** `save({ cascade })` resolved against `meta.cascade`. */
  readonly cascade?: boolean | undefined;
  /** `signalKwargs` as given to `save()` / `delete()`. */
  readonly signalKwargs?: Readonly<Record<string, unknown>> | undefined;
}

/** A hook; may be async (it is awaited). */
export type DocumentHook = (doc: object, ctx: HookContext) => void | Promise<void>;

/** The hook points, in the order a save or delete runs them. The bulk-insert points receive the array of documents as `doc`. */
export type HookName =
  | 'preSave'
  | 'preSavePostValidation'
  | 'postSave'
  | 'cascadeSave'
  | 'preDelete'
  | 'applyDeleteRules'
  | 'postDelete'
  | 'preBulkInsert'
  | 'postBulkInsert';

const hooks = new Map<HookName, DocumentHook[]>();

/**
 * Installs a hook; returns a function that removes it.
 *
 * @example
 * const off = installDocumentHook('postSave', async (doc, { created }) => { if (created) audit(doc); });
 */
export function installDocumentHook(name: HookName, hook: DocumentHook): () => void {
  const list = hooks.get(name) ?? [];
  list.push(hook);
  hooks.set(name, list);
  return () => {
    const current = hooks.get(name);
    if (!current) return;
    const i = current.indexOf(hook);
    if (i >= 0) current.splice(i, 1);
  };
}

/**
 * Runs the hooks of one point in installation order (no-op when none are installed).
 *
 * @example
 * await runDocumentHooks('preSave', doc, { cls: User });
 */
export async function runDocumentHooks(name: HookName, doc: object, ctx: HookContext): Promise<void> {
  const list = hooks.get(name);
  if (!list || list.length === 0) return;
  for (const hook of [...list]) await hook(doc, ctx);
}

/**
 * Whether any hook is installed at one of the points (a queryset delete then deletes document
 * by document, so per-document hooks and delete rules run, as MongoEngine does with receivers).
 *
 * @example
 * if (hasDocumentHooks('preDelete', 'postDelete')) for (const d of docs) await d.delete();
 */
export function hasDocumentHooks(...names: HookName[]): boolean {
  return names.some((name) => (hooks.get(name)?.length ?? 0) > 0);
}
