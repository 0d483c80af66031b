export * from './errors/index.js';
export { convertDriverError } from './errors/convert-driver-error.js';
export * from './connection/index.js';
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
