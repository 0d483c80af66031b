/**
 * `mongoengine-ts`: an async-native, fully typed ODM for MongoDB that carries MongoEngine's
 * design (declarative documents, change-tracked saves, querysets with `__` lookups) to TypeScript.
 *
 * @example
 * ```ts
 * import { connect, Document, StringField } from 'mongoengine-ts';
 * class User extends Document.define({ name: new StringField({ required: true }) }) {}
 * await connect('mongodb://127.0.0.1:27017/app');
 * await new User({ name: 'Ada' }).save();
 * ```
 *
 * @module mongoengine-ts
 */
export * from './errors/index.js';
export { convertDriverError } from './errors/convert-driver-error.js';
export * from './connection/index.js';
export {
  enableDebugLogging,
  setDebugLogger,
  isDebugLoggingEnabled,
  DEBUG_NAMESPACE,
  COMMAND_DEBUG_NAMESPACE,
} from './connection/debug-logging.js';
export * from './context/index.js';
export * from './fields/index.js';
export * from './document/index.js';
export * from './queryset/index.js';
export { Q, type QArg } from './queryset/q.js';
export { raw, type RawQuery, type QueryInput } from './queryset/filter/index.js';
export type { UpdateInput } from './queryset/update/index.js';
export type {
  FilterQuery,
  FilterQueryOf,
  FilterArgOf,
  UpdateQuery,
  UpdateQueryOf,
  UpdatePosition,
} from './queryset/types/index.js';
export * from './references/index.js';
export * from './signals/index.js';
export { runInTransaction, type RunInTransactionOptions } from './transactions/index.js';
export * from './gridfs/index.js';
