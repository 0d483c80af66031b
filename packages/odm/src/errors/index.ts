export { MongoEngineError } from './mongo-engine-error.js';
export {
  ValidationError,
  NON_FIELD_ERRORS,
  type ValidationIssue,
  type ValidationErrorDict,
} from './validation-error.js';
export {
  DoesNotExist,
  MultipleObjectsReturned,
  InvalidQueryError,
  FieldDoesNotExist,
  NotRegistered,
  ConnectionError,
  InvalidDocumentError,
} from './usage-errors.js';
export { OperationError, NotUniqueError, BulkWriteError, SaveConditionError } from './operation-error.js';
