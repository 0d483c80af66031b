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

/** Options of {@link installDocumentHook}. */
export interface HookOptions {
  /**
   * The classes the hook has work for. A queryset delete asks {@link hasDocumentHooks} whether
   * it must delete document by document; a hook that says it does nothing for a class keeps that
   * class's deletes a single `deleteMany`. Default: every class.
   */
  readonly appliesTo?: (cls: ClassRef) => boolean;
  /**
   * For `applyDeleteRules`: the same work for many documents at once. A queryset delete with no
   * per-document hook (no `preDelete` / `postDelete`, no skip/limit) reads the ids it will delete,
   * calls this once with all of them, then sends one `deleteMany` — instead of loading and
   * deleting document by document.
   */
  readonly batch?: BatchDeleteHook;
}

/** The many-documents form of an `applyDeleteRules` hook: the class and the stored `_id`s. */
export type BatchDeleteHook = (cls: ClassRef, ids: readonly unknown[], ctx: HookContext) => Promise<void>;

const hooks = new Map<HookName, DocumentHook[]>();
const appliesTo = new WeakMap<DocumentHook, (cls: ClassRef) => boolean>();
const batches = new WeakMap<DocumentHook, BatchDeleteHook>();

/**
 * Installs a hook; returns a function that removes it.
 *
 * @example
 * const off = installDocumentHook('postSave', async (doc, { created }) => { if (created) audit(doc); });
 */
export function installDocumentHook(
  name: HookName,
  hook: DocumentHook,
  options: HookOptions = {},
): () => void {
  const list = hooks.get(name) ?? [];
  list.push(hook);
  hooks.set(name, list);
  if (options.appliesTo) appliesTo.set(hook, options.appliesTo);
  if (options.batch) batches.set(hook, options.batch);
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

/**
 * Like {@link hasDocumentHooks}, for one class: hooks installed with an `appliesTo` that
 * excludes the class do not count.
 *
 * @example
 * if (hasDocumentHooksFor(User, 'preDelete', 'postDelete')) for (const d of docs) await d.delete();
 */
export function hasDocumentHooksFor(cls: ClassRef, ...names: HookName[]): boolean {
  return names.some((name) =>
    (hooks.get(name) ?? []).some((hook) => {
      const test = appliesTo.get(hook);
      return test === undefined || test(cls);
    }),
  );
}

/**
 * The hooks of one point that apply to a class, split into those with a batch form and the
 * number of those without one (which force document-by-document work).
 *
 * @example
 * const { batched, unbatched } = documentHooksFor(User, 'applyDeleteRules');
 * if (unbatched === 0) for (const run of batched) await run(User, [ada.id], { cls: User });
 */
export function documentHooksFor(
  cls: ClassRef,
  name: HookName,
): { batched: BatchDeleteHook[]; unbatched: number } {
  const batched: BatchDeleteHook[] = [];
  let unbatched = 0;
  for (const hook of hooks.get(name) ?? []) {
    const test = appliesTo.get(hook);
    if (test !== undefined && !test(cls)) continue;
    const batch = batches.get(hook);
    if (batch) batched.push(batch);
    else unbatched++;
  }
  return { batched, unbatched };
}

/** What the construction hooks receive. */
export interface InitHookContext {
  /** The class being constructed (`new.target`). */
  readonly cls: ClassRef;
  /**
   * `preInit`: the constructor's values (a copy; changing it changes what the document gets) or,
   * for a document loaded from the database, the stored record. `postInit`: the same object.
   */
  readonly values: Record<string, unknown>;
  /** True when the document is being loaded from the database rather than built by the user. */
  readonly loaded: boolean;
}

/** A construction hook. Constructors are synchronous, so these hooks are too. */
export type InitHook = (doc: object, ctx: InitHookContext) => void;

const initHooks = { preInit: [] as InitHook[], postInit: [] as InitHook[] };

/**
 * Installs a hook run synchronously by every document (and embedded document) constructor,
 * before (`preInit`) or after (`postInit`) the values are set; returns its remover.
 *
 * @example
 * const off = installInitHook('postInit', (doc, { loaded }) => { if (!loaded) console.log('new', doc); });
 */
export function installInitHook(name: 'preInit' | 'postInit', hook: InitHook): () => void {
  initHooks[name].push(hook);
  return () => {
    const i = initHooks[name].indexOf(hook);
    if (i >= 0) initHooks[name].splice(i, 1);
  };
}

/**
 * Whether any construction hook is installed (so constructors skip the copy of their values
 * when none is).
 *
 * @example
 * if (hasInitHooks()) runInitHooks('preInit', doc, ctx);
 */
export function hasInitHooks(): boolean {
  return initHooks.preInit.length > 0 || initHooks.postInit.length > 0;
}

/**
 * Runs the construction hooks of one point, synchronously, in installation order.
 *
 * @example
 * runInitHooks('postInit', doc, { cls: User, values, loaded: false });
 */
export function runInitHooks(name: 'preInit' | 'postInit', doc: object, ctx: InitHookContext): void {
  const list = initHooks[name];
  if (list.length === 0) return;
  for (const hook of [...list]) hook(doc, ctx);
}
