/**
 * The one place where a driver call learns what the current task asks of it: the transaction
 * session (refused when the call targets another alias than the transaction's) and the write
 * concern set with `setWriteConcern`. Document methods and the QuerySet both build their
 * driver options here, so a transaction or switch can never be skipped by one of them.
 */
import type { ClientSession, WriteConcernSettings } from 'mongodb';
import { currentContext } from './store.js';
import { TransactionAliasError } from './transaction-errors.js';

/** Driver options for a read: the transaction session, if any. */
export interface SessionOptions {
  /** The session of the surrounding `runInTransaction`; absent outside a transaction. */
  session?: ClientSession;
}

/** Driver options for a write: session plus write concern. */
export interface WriteOptions extends SessionOptions {
  /** The call's or `setWriteConcern`'s write concern; never set inside a transaction. */
  writeConcern?: WriteConcernSettings;
}

/**
 * `{ session }` of the surrounding transaction for a call on `alias`, or `{}` outside one.
 *
 * @throws {TransactionAliasError} inside `runInTransaction` when `alias` is not the
 *   transaction's alias (the call would escape the transaction).
 * @example
 * await (await User._getCollection()).findOne(filter, { ...sessionOptions('default'), projection });
 */
export function sessionOptions(alias: string): SessionOptions {
  const ctx = currentContext();
  const session = ctx.session;
  if (session === undefined) return {};
  if (ctx.sessionAlias !== undefined && ctx.sessionAlias !== alias) {
    throw new TransactionAliasError(
      `This operation uses connection '${alias}' inside a transaction on '${ctx.sessionAlias}'; ` +
        `it would not be part of the transaction. Run it outside runInTransaction, or in its own ` +
        `runInTransaction(fn, { alias: '${alias}' }) after this one.`,
    );
  }
  return { session };
}

/**
 * Session plus write concern for a write on `alias` by document class `cls`: the explicit
 * `writeConcern`, else the one `setWriteConcern` put on the class (or an ancestor) in this task.
 * Inside a transaction no write concern is sent — the server rejects one on single operations
 * of a transaction; the transaction's own write concern (`transactionOptions`) applies.
 *
 * @throws {TransactionAliasError} as {@link sessionOptions}.
 * @example
 * await coll.insertOne(son, writeOptionsFor('default', User));
 */
export function writeOptionsFor(
  alias: string,
  cls: object | undefined,
  writeConcern?: WriteConcernSettings,
): WriteOptions {
  const opts: WriteOptions = sessionOptions(alias);
  if (opts.session?.inTransaction()) return opts;
  const wc = writeConcern ?? (cls === undefined ? undefined : contextWriteConcern(cls));
  if (wc !== undefined) opts.writeConcern = wc;
  return opts;
}

/** The write concern set for the class or its nearest ancestor (prototype chain of the class). */
function contextWriteConcern(cls: object): WriteConcernSettings | undefined {
  const map = currentContext().writeConcernByClass;
  if (map.size === 0) return undefined;
  for (
    let c: object | null = cls;
    c !== null && c !== Function.prototype;
    c = Object.getPrototypeOf(c) as object | null
  ) {
    const wc = map.get(c);
    if (wc !== undefined) return wc;
  }
  return undefined;
}
