import { MongoEngineError } from './mongo-engine-error.js';

/**
 * No document matched a query that needs exactly one (`get()`, `reload()`). Each document class
 * gets its own subclass (`User.DoesNotExist`).
 *
 * @example
 * await User.objects({ name: 'nobody' }).get(); // throws User.DoesNotExist
 */
export class DoesNotExist extends MongoEngineError {}

/**
 * More than one document matched a query that needs exactly one.
 *
 * @example
 * await User.objects({ age: 30 }).get(); // throws User.MultipleObjectsReturned when two match
 */
export class MultipleObjectsReturned extends MongoEngineError {}

/**
 * A query or update names an unknown field or operator, or passes a value of the wrong shape
 * (for example an operator object `{ $ne: null }` where a string is expected).
 *
 * @example
 * User.objects({ name: { $ne: null } as never }); // InvalidQueryError naming `name`
 */
export class InvalidQueryError extends MongoEngineError {}

/**
 * A value was given for a field the document does not declare (constructor, or strict loading).
 *
 * @example
 * new User({ nmae: 'Ada' } as never); // FieldDoesNotExist: 'nmae'
 */
export class FieldDoesNotExist extends MongoEngineError {}

/**
 * A class name (from `_cls` or a generic reference) is not in the document registry.
 *
 * @example
 * // loading { _cls: 'Gone' } throws NotRegistered
 */
export class NotRegistered extends MongoEngineError {}

/**
 * A connection could not be made, or an alias is unknown, closed, or registered twice with
 * different settings. The message names the alias and the fix.
 *
 * @example
 * getDb('reports'); // ConnectionError: No connection named 'reports'. Call connect(uri, { alias: 'reports' }) first.
 */
export class ConnectionError extends MongoEngineError {}

/**
 * A document class or instance is used in a way its schema does not allow (duplicate `dbField`,
 * saving an abstract document, `modify()` without a primary key…).
 *
 * @example
 * await new AbstractBase().save(); // InvalidDocumentError
 */
export class InvalidDocumentError extends MongoEngineError {}
