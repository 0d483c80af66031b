export { runInTransaction, type RunInTransactionOptions } from './run-in-transaction.js';
export { TransactionAliasError, TransactionsNotSupportedError } from '../context/transaction-errors.js';
