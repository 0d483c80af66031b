export {
  runWithContext,
  currentContext,
  DEFAULT_CONTEXT,
  getContextDbAlias,
  getContextCollection,
  getContextSession,
  getContextWriteConcern,
  isNoDereference,
  isNoSubClasses,
  countQuery,
  type ContextState,
  type ContextPatch,
  type QueryCounter,
  type CountedCommand,
} from './store.js';
export {
  sessionOptions,
  writeOptionsFor,
  type SessionOptions,
  type WriteOptions,
} from './operation-options.js';
export { TransactionAliasError, TransactionsNotSupportedError } from './transaction-errors.js';
export { attachCommandMonitor, UNCOUNTED_COMMANDS } from './command-monitor.js';
export {
  switchDb,
  switchCollection,
  noDereference,
  noSubClasses,
  setWriteConcern,
  queryCounter,
  type QueryCounterResult,
  type QueryCounterOptions,
} from './switches.js';
