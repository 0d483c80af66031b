/**
 * MongoEngine's nine document signals, typed by sender class. Each fires from the document
 * layer's hook seam (`installDocumentHook` / `installInitHook`), which the signal fills only while
 * it has receivers. Save and delete signals are awaited; `preInit` / `postInit` run inside the
 * synchronous constructor and so take synchronous handlers only.
 */
import { installDocumentHook, installInitHook, type HookContext, type HookName } from '../document/hooks.js';
import { Signal, type ConnectOptions, type SenderClass } from './signal.js';

/** Extra values given to `save({ signalKwargs })` / `delete({ signalKwargs })`, passed through. */
export type SignalKwargs = Readonly<Record<string, unknown>>;

interface Base<C extends SenderClass> {
  /** The class of the document (the sender). */
  readonly sender: C;
  /** `signalKwargs` of the operation (`{}` when none were given). */
  readonly signalKwargs: SignalKwargs;
}

/** `preInit` / `postInit`: the document under construction and its values. */
export interface InitEvent<C extends SenderClass> {
  /** The class of the document (the sender). */
  readonly sender: C;
  /** The document being built or loaded. */
  readonly document: InstanceType<C>;
  /** Constructor values (a copy that `preInit` may change) or the stored record when loading. */
  readonly values: Record<string, unknown>;
  /** True when loaded from the database. */
  readonly loaded: boolean;
}

/** `preSave`, `preDelete`, `postDelete`. */
export interface DocumentEvent<C extends SenderClass> extends Base<C> {
  /** The document being saved or deleted. */
  readonly document: InstanceType<C>;
}

/** `preSavePostValidation`, `postSave`: `created` is true when the save inserts. */
export interface SaveEvent<C extends SenderClass> extends DocumentEvent<C> {
  /** True when the save inserts a new document, false when it updates one. */
  readonly created: boolean;
}

/** `preBulkInsert`, `postBulkInsert`. */
export interface BulkInsertEvent<C extends SenderClass> extends Base<C> {
  /** The documents being inserted, in order. */
  readonly documents: readonly InstanceType<C>[];
  /** `postBulkInsert`: the documents are instances with their ids filled (always true here). */
  readonly loaded: boolean;
}

/** A typed signal: connect handlers receiving `E<C>` for sender class `C`. */
export interface TypedSignal<
  E extends Record<'event', unknown> & {
    /** The sender classes the signal accepts. */
    of: SenderClass;
  },
  R,
> {
  /** MongoEngine's name in camelCase. */
  readonly name: string;
  /**
   * Connects a handler; returns a function that disconnects it. Handlers run in connection order.
   *
   * @example
   * const off = signals.postSave.connect(async ({ document, created }) => { if (created) await audit(document); }, { sender: User });
   */
  connect<C extends SenderClass = SenderClass>(
    handler: (event: EventOf<E, C>) => R,
    options?: ConnectOptions<C>,
  ): () => void;
  /** Disconnects a handler (from one sender, or from all when `sender` is omitted). */
  disconnect(handler: (event: never) => unknown, options?: { sender?: SenderClass }): boolean;
  /** Whether a handler would receive the signal from `sender` (from anyone when omitted). */
  hasReceivers(sender?: SenderClass): boolean;
  /** Disconnects every handler. */
  disconnectAll(): void;
}

/** Type-level lookup of an event shape for a sender class. */
type EventOf<E, C extends SenderClass> = E extends { event: 'init' }
  ? InitEvent<C>
  : E extends { event: 'document' }
    ? DocumentEvent<C>
    : E extends { event: 'save' }
      ? SaveEvent<C>
      : BulkInsertEvent<C>;

type Kind<K extends string> = { event: K; of: SenderClass };
type Async = void | Promise<void>;

function typed<E extends Kind<string>, R>(signal: Signal): TypedSignal<E, R> {
  return {
    name: signal.name,
    connect: (handler, options = {}) =>
      signal.connectReceiver(handler as (event: never) => unknown, options as ConnectOptions<SenderClass>),
    disconnect: (handler, options = {}) => signal.disconnectReceiver(handler, options.sender),
    hasReceivers: (sender) => signal.hasReceivers(sender),
    disconnectAll: () => signal.disconnectAll(),
  };
}

function kwargs(ctx: HookContext): SignalKwargs {
  return ctx.signalKwargs ?? {};
}

function documentSignal(name: string, hook: HookName, withCreated: boolean): Signal {
  return new Signal(name, (signal) =>
    installDocumentHook(hook, (doc, ctx) =>
      signal.sendEvent(ctx.cls as SenderClass, {
        sender: ctx.cls,
        document: doc,
        signalKwargs: kwargs(ctx),
        ...(withCreated ? { created: ctx.created === true } : {}),
      }),
    ),
  );
}

function bulkSignal(name: string, hook: HookName): Signal {
  return new Signal(name, (signal) =>
    installDocumentHook(hook, (docs, ctx) =>
      signal.sendEvent(ctx.cls as SenderClass, {
        sender: ctx.cls,
        documents: docs as readonly object[],
        signalKwargs: kwargs(ctx),
        loaded: hook === 'postBulkInsert',
      }),
    ),
  );
}

function initSignal(name: 'preInit' | 'postInit'): Signal {
  return new Signal(name, (signal) =>
    installInitHook(name, (doc, ctx) => {
      signal.sendEventSync(ctx.cls as SenderClass, {
        sender: ctx.cls,
        document: doc,
        values: ctx.values,
        loaded: ctx.loaded,
      });
    }),
  );
}

/**
 * The document signals. Connect with `signals.<name>.connect(handler, { sender })`.
 *
 * | signal | when | event |
 * | --- | --- | --- |
 * | `preInit` / `postInit` | in the constructor (sync handlers only) | `{ sender, document, values, loaded }` |
 * | `preSave` | before validation | `{ sender, document, signalKwargs }` |
 * | `preSavePostValidation` | after validation, before the write | `… created` |
 * | `postSave` | after the write | `… created` |
 * | `preDelete` / `postDelete` | around `doc.delete()` and per-document queryset deletes | `{ sender, document, signalKwargs }` |
 * | `preBulkInsert` / `postBulkInsert` | around `QuerySet.insert()` | `{ sender, documents, signalKwargs, loaded }` |
 *
 * @example
 * // Python: signals.pre_save.connect(update_modified, sender=Entry)
 * signals.preSave.connect(({ document }) => { document.modified = new Date(); }, { sender: Entry });
 */
export const signals = {
  /** When a document is built or loaded, before its values are set (sync handlers only; may change `values`). */
  preInit: typed<Kind<'init'>, void>(initSignal('preInit')),
  /** When a document is built or loaded, after its values are set (sync handlers only). */
  postInit: typed<Kind<'init'>, void>(initSignal('postInit')),
  /** At the start of `save()`, before validation. */
  preSave: typed<Kind<'document'>, Async>(documentSignal('preSave', 'preSave', false)),
  /** In `save()`, after validation and before the write; the event says whether it inserts. */
  preSavePostValidation: typed<Kind<'save'>, Async>(
    documentSignal('preSavePostValidation', 'preSavePostValidation', true),
  ),
  /** After `save()` wrote the document; the event says whether it inserted. */
  postSave: typed<Kind<'save'>, Async>(documentSignal('postSave', 'postSave', true)),
  /** Before `doc.delete()`, and before each document a queryset deletes one by one. */
  preDelete: typed<Kind<'document'>, Async>(documentSignal('preDelete', 'preDelete', false)),
  /** After `doc.delete()`, and after each document a queryset deletes one by one. */
  postDelete: typed<Kind<'document'>, Async>(documentSignal('postDelete', 'postDelete', false)),
  /** Before `QuerySet.insert()` writes its documents. */
  preBulkInsert: typed<Kind<'bulk'>, Async>(bulkSignal('preBulkInsert', 'preBulkInsert')),
  /** After `QuerySet.insert()` wrote its documents. */
  postBulkInsert: typed<Kind<'bulk'>, Async>(bulkSignal('postBulkInsert', 'postBulkInsert')),
} as const;

/** Names of the document signals. */
export type SignalName = keyof typeof signals;

/**
 * Disconnects every handler of every signal (for test teardown).
 *
 * @example
 * afterEach(() => disconnectAllSignals());
 */
export function disconnectAllSignals(): void {
  for (const s of Object.values(signals)) s.disconnectAll();
}
