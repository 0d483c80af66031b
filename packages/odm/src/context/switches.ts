/**
 * MongoEngine's context managers (`switch_db`, `switch_collection`, `no_dereference`,
 * `no_sub_classes`, `set_write_concern`, `query_counter`) as scoped callbacks. Each applies to
 * everything awaited inside `fn` — and only there: the switch lives in the task's
 * AsyncLocalStorage state, never on the class, so concurrent tasks do not see each other's
 * switches. Nested switches: the inner one wins, the outer one is back when it returns.
 */
import type { WriteConcernSettings } from 'mongodb';

import { runWithContext, type CountedCommand, type QueryCounter } from './store.js';

/** A document class (any constructor); the class itself is the key of the switch. */
type AnyClass = abstract new (...args: never[]) => object;

/**
 * Runs `fn` with `cls` (and its subclasses, unless switched themselves) on connection `alias`.
 *
 * @example
 * // Python: with switch_db(User, 'archive') as ArchivedUser: ArchivedUser(name='Ada').save()
 * await switchDb(User, 'archive', () => new User({ name: 'Ada' }).save());
 */
export function switchDb<C extends AnyClass, T>(cls: C, alias: string, fn: (cls: C) => T): T {
  return runWithContext({ dbAliasByClass: new Map([[cls, alias]]) }, () => fn(cls));
}

/**
 * Runs `fn` with `cls` stored in collection `name` (same database).
 *
 * @example
 * // Python: with switch_collection(Group, 'group2000') as Group: Group(name='hello').save()
 * await switchCollection(Group, 'group2000', () => new Group({ name: 'hello' }).save());
 */
export function switchCollection<C extends AnyClass, T>(cls: C, name: string, fn: (cls: C) => T): T {
  return runWithContext({ collectionByClass: new Map([[cls, name]]) }, () => fn(cls));
}

/**
 * Runs `fn` with reference fields of `cls` left as references (not fetched).
 *
 * @example
 * // Python: with no_dereference(Post): post = Post.objects.first()
 * const post = await noDereference(Post, () => Post.objects().first());
 */
export function noDereference<C extends AnyClass, T>(cls: C, fn: (cls: C) => T): T {
  return runWithContext({ noDereference: [cls] }, () => fn(cls));
}

/**
 * Runs `fn` with queries on `cls` matching documents of `cls` itself, not its subclasses.
 *
 * @example
 * // Python: with no_sub_classes(Fruit): Fruit.objects.count()
 * const n = await noSubClasses(Fruit, () => Fruit.objects().count());
 */
export function noSubClasses<C extends AnyClass, T>(cls: C, fn: (cls: C) => T): T {
  return runWithContext({ noSubClasses: [cls] }, () => fn(cls));
}

/**
 * Runs `fn` with writes of `cls` (and its subclasses) sent with write concern `wc`, unless a
 * write passes its own. Inside a transaction the transaction's write concern applies instead.
 *
 * @example
 * // Python: with set_write_concern(User, {'w': 'majority'}) as User: User(name='Ada').save()
 * await setWriteConcern(User, { w: 'majority' }, () => new User({ name: 'Ada' }).save());
 */
export function setWriteConcern<C extends AnyClass, T>(
  cls: C,
  wc: WriteConcernSettings,
  fn: (cls: C) => T,
): T {
  return runWithContext({ writeConcernByClass: new Map([[cls, wc]]) }, () => fn(cls));
}

/** Options of {@link queryCounter}. */
export interface QueryCounterOptions {
  /** Count only the commands this accepts (default: every command but handshakes and cleanup). */
  readonly filter?: (command: CountedCommand) => boolean;
}

/** What {@link queryCounter} resolves to. */
export interface QueryCounterResult<T> {
  /** What `fn` resolved to. */
  readonly result: T;
  /** How many commands the task sent to MongoDB while `fn` ran. */
  readonly count: number;
  /** Those commands, in order. */
  readonly commands: readonly CountedCommand[];
}

/**
 * Runs `fn` and counts the commands it sends, through the driver's command monitoring on the
 * clients the ODM creates (`monitorCommands` is on by default; a connection opened with
 * `monitorCommands: false` is not counted). Only this task's commands count — concurrent tasks
 * have their own counters; nested counters all count. Handshake, `ping`, `endSessions` and
 * `killCursors` are not counted; `getMore`, `commitTransaction` and index creation are.
 *
 * @example
 * // Python: with query_counter() as q: User.objects.first(); assert q == 1
 * const { count } = await queryCounter(() => User.objects().first());
 * count; // 1
 */
export async function queryCounter<T>(
  fn: () => T | Promise<T>,
  options: QueryCounterOptions = {},
): Promise<QueryCounterResult<Awaited<T>>> {
  const commands: CountedCommand[] = [];
  const counter: QueryCounter = { count: 0, commands };
  const result = await runWithContext({ queryCounters: [counter] }, fn);
  const kept = options.filter ? commands.filter(options.filter) : commands;
  return { result, count: options.filter ? kept.length : counter.count, commands: kept };
}
