import './install-objects.js';

export {
  QuerySet,
  type InsertOptions,
  type ModifyOptions,
  type UpdateOptions,
  type DeleteOptions as QueryDeleteOptions,
  type AggregateOptions,
  type FrequencyOptions,
} from './query-set.js';
export type { QueryState, FieldsSpec } from './query-state.js';
export type { FilterArg, UpdateArg } from './query-input.js';
export type {
  RawDocument,
  DataKeys,
  FieldPath,
  OrderKey,
  PathValue,
  ValuesTuple,
  ValuesObject,
  ScalarResult,
  PkOf,
  CreateValues,
} from './result-types.js';
