/**
 * `runInTransaction`: a session and a multi-document transaction on one alias's client, carried
 * to every ODM operation awaited inside the callback by the task's AsyncLocalStorage state (the
 * operation-options helper hands the session to each driver call). The retry rules are the
 * driver's `withTransaction` rules, applied here so they also see errors the ODM has converted
 * (the driver error stays reachable as `cause`, with its labels).
 */
import type { ClientSessionOptions, MongoClient, TransactionOptions } from 'mongodb';
import { DEFAULT_CONNECTION_NAME, getConnection, getDb } from '../connection/index.js';
import { currentContext, runWithContext } from '../context/store.js';
import { TransactionAliasError, TransactionsNotSupportedError } from '../context/transaction-errors.js';
import { convertDriverError } from '../errors/convert-driver-error.js';

/** Options of {@link runInTransaction}. */
export interface RunInTransactionOptions {
  /** Connection alias whose client runs the transaction (default `'default'`). */
  readonly alias?: string;
  /** Options of `client.startSession()` (e.g. `defaultTransactionOptions`). */
  readonly sessionOptions?: ClientSessionOptions;
  /** Options of `session.startTransaction()`: read concern, write concern, read preference, maxCommitTimeMS. */
  readonly transactionOptions?: TransactionOptions;
  /**
   * How long transient failures are retried, in ms, counted from the first attempt (default
   * 120 000, the driver's `withTransaction` limit).
   */
  readonly retryTimeoutMs?: number;
}

const DEFAULT_RETRY_TIMEOUT_MS = 120_000;
/** Server error code MaxTimeMSExpired: an unknown commit result that must not be retried. */
const MAX_TIME_MS_EXPIRED = 50;

const support = new WeakMap<MongoClient, Promise<boolean>>();

/**
 * Runs `fn` in a transaction and commits when it resolves; resolves to what `fn` resolved to.
 * Every ODM operation awaited inside — saves, deletes, reloads, queryset reads and writes —
 * joins the transaction without a session argument. On a throw the transaction is aborted and
 * the error re-thrown unchanged. A `TransientTransactionError` (a write conflict) re-runs `fn`
 * from the start, and an `UnknownTransactionCommitResult` retries the commit, as the driver's
 * `withTransaction` does — so `fn` must be safe to run more than once (read, then write).
 *
 * A call nested in another joins the outer transaction (its options are ignored); it is an error
 * when it names another alias. An operation on another alias inside `fn` throws
 * {@link TransactionAliasError}. Tasks started inside `fn` but not awaited must not outlive it.
 *
 * @throws {TransactionsNotSupportedError} when the alias's server is a standalone `mongod`.
 * @throws {TransactionAliasError} for a nested call on another alias.
 * @example
 * // Python: with run_in_transaction(): a.save(); b.save()
 * await runInTransaction(async () => {
 *   const from = await Account.objects({ name: 'a' }).get();
 *   await from.update({ dec__balance: 10 });
 *   await new Transfer({ from: from.id, amount: 10 }).save();
 * });
 */
export async function runInTransaction<T>(
  fn: () => T | Promise<T>,
  options: RunInTransactionOptions = {},
): Promise<T> {
  const alias = options.alias ?? DEFAULT_CONNECTION_NAME;
  const outer = currentContext();
  if (outer.session?.inTransaction()) {
    if (outer.sessionAlias !== undefined && outer.sessionAlias !== alias) {
      throw new TransactionAliasError(
        `runInTransaction on '${alias}' inside a transaction on '${outer.sessionAlias}': transactions cannot span connections.`,
      );
    }
    return await fn();
  }
  const client = getConnection(alias);
  await ensureTransactionsSupported(client, alias);
  const session = client.startSession(options.sessionOptions);
  const deadline = Date.now() + (options.retryTimeoutMs ?? DEFAULT_RETRY_TIMEOUT_MS);
  try {
    for (;;) {
      session.startTransaction(options.transactionOptions);
      let result: T;
      try {
        result = await runWithContext({ session, sessionAlias: alias }, fn);
      } catch (error) {
        if (session.inTransaction()) await session.abortTransaction().catch(() => undefined);
        if (hasLabel(error, 'TransientTransactionError') && Date.now() < deadline) continue;
        throw error;
      }
      // fn may have committed or aborted the session itself; nothing is left to do then.
      if (!session.inTransaction()) return result;
      if (await commitWithRetry(session, deadline)) return result;
    }
  } finally {
    await session.endSession().catch(() => undefined);
  }
}

/** Commits; true when done, false when the whole transaction must be retried. */
async function commitWithRetry(
  session: ReturnType<MongoClient['startSession']>,
  deadline: number,
): Promise<boolean> {
  for (;;) {
    try {
      await session.commitTransaction();
      return true;
    } catch (error) {
      const withinTime = Date.now() < deadline;
      if (
        withinTime &&
        hasLabel(error, 'UnknownTransactionCommitResult') &&
        codeOf(error) !== MAX_TIME_MS_EXPIRED
      ) {
        continue;
      }
      if (withinTime && hasLabel(error, 'TransientTransactionError')) return false;
      throw convertDriverError(error);
    }
  }
}

async function ensureTransactionsSupported(client: MongoClient, alias: string): Promise<void> {
  let check = support.get(client);
  if (!check) {
    check = getDb(alias)
      .command({ hello: 1 })
      .then((hello) => typeof hello['setName'] === 'string' || hello['msg'] === 'isdbgrid');
    support.set(client, check);
    check.catch(() => support.delete(client));
  }
  let ok: boolean;
  try {
    ok = await check;
  } catch (error) {
    throw convertDriverError(error);
  }
  if (!ok) {
    throw new TransactionsNotSupportedError(
      `Connection '${alias}' is a standalone server, which cannot run transactions; ` +
        `use a replica set (a single-node one is enough) or a sharded cluster.`,
    );
  }
}

/** Whether the error, or an error it wraps (`cause`), carries a driver error label. */
function hasLabel(error: unknown, label: string): boolean {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
    const candidate = e as { hasErrorLabel?: (l: string) => boolean; errorLabels?: unknown; cause?: unknown };
    if (typeof candidate.hasErrorLabel === 'function' && candidate.hasErrorLabel(label)) return true;
    if (Array.isArray(candidate.errorLabels) && candidate.errorLabels.includes(label)) return true;
    e = candidate.cause;
  }
  return false;
}

function codeOf(error: unknown): unknown {
  return error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
}
