/**
 * One AsyncLocalStorage for everything the ODM scopes to a task: switched aliases and
 * collections per document class, the transaction session, no-dereference / no-subclass flags,
 * write concerns and query counters. Values are immutable; `runWithContext` derives a new state
 * (copy-on-write), so concurrent tasks never see each other's switches and an inner scope never
 * leaks into its outer one. When nothing was switched, reads cost one `getStore()` call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ClientSession, WriteConcernSettings } from 'mongodb';

/** A counter that every query issued in scope increments (MongoEngine's `query_counter`). */
export interface QueryCounter {
  /** Commands counted so far; starts at 0. */
  count: number;
  /** When present, every counted command is appended (see `queryCounter` in `switches.ts`). */
  readonly commands?: CountedCommand[];
}

/** One command seen by a query counter. */
export interface CountedCommand {
  /** Command name, e.g. `find`, `insert`, `commitTransaction`. */
  readonly name: string;
  /** Database it was sent to. */
  readonly db: string;
  /** The command document as sent. */
  readonly command: Readonly<Record<string, unknown>>;
}

/** The scoped state. Keys of the per-class maps and sets are document classes. */
export interface ContextState {
  /** Connection alias per class, set by `switchDb`. */
  readonly dbAliasByClass: ReadonlyMap<object, string>;
  /** Collection name per class, set by `switchCollection`. */
  readonly collectionByClass: ReadonlyMap<object, string>;
  /** The session of the surrounding `runInTransaction`, if any. */
  readonly session: ClientSession | undefined;
  /** The connection alias whose transaction `session` belongs to (set by `runInTransaction`). */
  readonly sessionAlias: string | undefined;
  /** Classes whose references are not dereferenced here (`noDereference`). */
  readonly noDereference: ReadonlySet<object>;
  /** Classes whose queries leave out subclasses here (`noSubClasses`). */
  readonly noSubClasses: ReadonlySet<object>;
  /** Write concern per class, set by `setWriteConcern`. */
  readonly writeConcernByClass: ReadonlyMap<object, WriteConcernSettings>;
  /** Every active query counter, outermost first; each command increments all of them. */
  readonly queryCounters: readonly QueryCounter[];
}

/**
 * Changes for a nested scope. Map entries and set members are added to (and override) the
 * outer scope's; `session` replaces it (pass `session: undefined` to run outside a transaction);
 * query counters are appended, so outer counters keep counting.
 */
export interface ContextPatch {
  /** Aliases to add to (or override in) the outer scope's map. */
  readonly dbAliasByClass?: ReadonlyMap<object, string>;
  /** Collection names to add to (or override in) the outer scope's map. */
  readonly collectionByClass?: ReadonlyMap<object, string>;
  /** Replaces the outer session; `undefined` runs outside any transaction. */
  readonly session?: ClientSession | undefined;
  /** Replaced together with `session`; leave out to keep the outer one. */
  readonly sessionAlias?: string | undefined;
  /** Classes added to the outer `noDereference` set. */
  readonly noDereference?: Iterable<object>;
  /** Classes added to the outer `noSubClasses` set. */
  readonly noSubClasses?: Iterable<object>;
  /** Write concerns to add to (or override in) the outer scope's map. */
  readonly writeConcernByClass?: ReadonlyMap<object, WriteConcernSettings>;
  /** Counters appended after the outer scope's ones. */
  readonly queryCounters?: readonly QueryCounter[];
}

const EMPTY_MAP: ReadonlyMap<object, never> = new Map<object, never>();
const EMPTY_SET: ReadonlySet<object> = new Set();

/** The state seen when nothing is switched. */
export const DEFAULT_CONTEXT: ContextState = Object.freeze({
  dbAliasByClass: EMPTY_MAP,
  collectionByClass: EMPTY_MAP,
  session: undefined,
  sessionAlias: undefined,
  noDereference: EMPTY_SET,
  noSubClasses: EMPTY_SET,
  writeConcernByClass: EMPTY_MAP,
  queryCounters: Object.freeze([]) as readonly QueryCounter[],
});

const storage = new AsyncLocalStorage<ContextState>();

/**
 * The state of the current task (the frozen defaults when nothing is switched).
 *
 * @example
 * currentContext().session; // the transaction session, if any
 */
export function currentContext(): ContextState {
  return storage.getStore() ?? DEFAULT_CONTEXT;
}

/**
 * Runs `fn` with `patch` applied on top of the current state. The outer state is untouched and
 * back in force when `fn` (and its promise) is done; tasks started inside inherit the scope.
 *
 * @example
 * await runWithContext({ dbAliasByClass: new Map([[User, 'archive']]) }, () => User.objects().count());
 */
export function runWithContext<T>(patch: ContextPatch, fn: () => T): T {
  return storage.run(applyPatch(currentContext(), patch), fn);
}

function applyPatch(base: ContextState, patch: ContextPatch): ContextState {
  return Object.freeze({
    dbAliasByClass: mergeMap(base.dbAliasByClass, patch.dbAliasByClass),
    collectionByClass: mergeMap(base.collectionByClass, patch.collectionByClass),
    session: 'session' in patch ? patch.session : base.session,
    sessionAlias: 'session' in patch || 'sessionAlias' in patch ? patch.sessionAlias : base.sessionAlias,
    noDereference: mergeSet(base.noDereference, patch.noDereference),
    noSubClasses: mergeSet(base.noSubClasses, patch.noSubClasses),
    writeConcernByClass: mergeMap(base.writeConcernByClass, patch.writeConcernByClass),
    queryCounters: patch.queryCounters?.length
      ? [...base.queryCounters, ...patch.queryCounters]
      : base.queryCounters,
  });
}

function mergeMap<V>(
  base: ReadonlyMap<object, V>,
  add: ReadonlyMap<object, V> | undefined,
): ReadonlyMap<object, V> {
  if (!add || add.size === 0) return base;
  if (base.size === 0) return new Map(add);
  return new Map([...base, ...add]);
}

function mergeSet(base: ReadonlySet<object>, add: Iterable<object> | undefined): ReadonlySet<object> {
  if (!add) return base;
  const merged = new Set(base);
  for (const item of add) merged.add(item);
  return merged.size === base.size ? base : merged;
}

/**
 * The alias a class is switched to in this task, or undefined.
 *
 * @example
 * getContextDbAlias(User) ?? User._meta.dbAlias;
 */
export function getContextDbAlias(cls: object): string | undefined {
  const store = storage.getStore();
  return store === undefined ? undefined : store.dbAliasByClass.get(cls);
}

/**
 * The collection name a class is switched to in this task, or undefined.
 *
 * @example
 * getContextCollection(User) ?? User._meta.collection;
 */
export function getContextCollection(cls: object): string | undefined {
  const store = storage.getStore();
  return store === undefined ? undefined : store.collectionByClass.get(cls);
}

/**
 * The session of the surrounding transaction, or undefined.
 *
 * @example
 * await collection.insertOne(doc, { session: getContextSession() });
 */
export function getContextSession(): ClientSession | undefined {
  return storage.getStore()?.session;
}

/**
 * The write concern set for a class in this task, or undefined.
 *
 * @example
 * getContextWriteConcern(User); // { w: 'majority' }
 */
export function getContextWriteConcern(cls: object): WriteConcernSettings | undefined {
  const store = storage.getStore();
  return store === undefined ? undefined : store.writeConcernByClass.get(cls);
}

/**
 * Whether dereferencing is turned off for a class in this task.
 *
 * @example
 * if (!isNoDereference(Post)) await selectRelated(posts, 'author');
 */
export function isNoDereference(cls: object): boolean {
  const store = storage.getStore();
  return store !== undefined && store.noDereference.has(cls);
}

/**
 * Whether subclass documents are excluded from a class's queries in this task.
 *
 * @example
 * const filter = isNoSubClasses(Page) ? { _cls: 'Page' } : { _cls: { $in: subclassNames } };
 */
export function isNoSubClasses(cls: object): boolean {
  const store = storage.getStore();
  return store !== undefined && store.noSubClasses.has(cls);
}

/**
 * Increments every query counter in scope; called once per query sent.
 *
 * @example
 * countQuery();
 */
export function countQuery(): void {
  const store = storage.getStore();
  if (store === undefined) return;
  for (const counter of store.queryCounters) counter.count++;
}
