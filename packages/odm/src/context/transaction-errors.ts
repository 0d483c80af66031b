/**
 * Errors of transactions and of the task-scoped context. They live beside the context (not in
 * `transactions/`) because the operation-options helper, which every layer calls, throws them.
 */
import { OperationError } from '../errors/operation-error.js';

/**
 * An operation inside `runInTransaction` targets another connection alias than the
 * transaction's. It would silently run outside the transaction, so it is refused.
 *
 * @example
 * await runInTransaction(() => Log.objects().using('audit').count()); // TransactionAliasError
 */
export class TransactionAliasError extends OperationError {}

/**
 * `runInTransaction` on an alias whose server cannot run multi-document transactions (a
 * standalone `mongod`; transactions need a replica set or a sharded cluster).
 *
 * @example
 * await runInTransaction(async () => {}, { alias: 'standalone' }); // TransactionsNotSupportedError
 */
export class TransactionsNotSupportedError extends OperationError {}
