import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import type { CursorBatch } from '../../storage/cursor-manager.js';
import { evaluateExpression } from '../../query/aggregate.js';
import { isTruthy, toNumber } from '../../storage/numbers.js';

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object')
    return (value as object).constructor?.name === 'Object' ? 'object' : (value as object).constructor.name;
  return typeof value;
}

/**
 * The collection a command targets (its first field), checked as MongoDB does.
 *
 * @example
 * ```ts
 * targetCollection({ find: 'users' }, 'find', 'app'); // 'users'
 * ```
 */
export function targetCollection(cmd: Doc, field: string, dbName: string): string {
  const value = cmd[field];
  if (typeof value !== 'string') {
    throw new ServerError('InvalidNamespace', `collection name has invalid type ${typeName(value)}`);
  }
  if (value === '') throw new ServerError('InvalidNamespace', `Invalid namespace specified '${dbName}.'`);
  return value;
}

/**
 * An optional sub-document option (TypeMismatch 14 when it is not an object).
 *
 * @example
 * ```ts
 * docOption({ find: 'c', filter: { a: 1 } }, 'filter', 'find'); // { a: 1 }
 * ```
 */
export function docOption(cmd: Doc, field: string, commandName: string): Doc | undefined {
  const value = cmd[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || typeName(value) !== 'object') {
    throw new ServerError(
      'TypeMismatch',
      `BSON field '${commandName}.${field}' is the wrong type '${typeName(value)}', expected type 'object'`,
    );
  }
  return value as Doc;
}

/**
 * A required array option (FailedToParse 9 when missing, TypeMismatch 14 when not an array).
 *
 * @example
 * ```ts
 * arrayOption({ insert: 'c', documents: [{}] }, 'documents', 'insert'); // [{}]
 * ```
 */
export function arrayOption(cmd: Doc, field: string, commandName: string): unknown[] {
  const value = cmd[field];
  if (value === undefined) {
    throw new ServerError(
      { code: 40414, codeName: 'Location40414' },
      `BSON field '${commandName}.${field}' is missing but a required field`,
    );
  }
  if (!Array.isArray(value)) {
    throw new ServerError(
      'TypeMismatch',
      `BSON field '${commandName}.${field}' is the wrong type '${typeName(value)}', expected type 'array'`,
    );
  }
  return value;
}

/**
 * An optional non-negative number (51024 for a negative one, 14 for a non-number).
 *
 * @example
 * ```ts
 * countOption({ find: 'c', limit: new Int32(5) }, 'limit', 'find'); // 5
 * ```
 */
export function countOption(
  cmd: Doc,
  field: string,
  commandName: string,
  allowNegative = false,
): number | undefined {
  const value = cmd[field];
  if (value === undefined || value === null) return undefined;
  const n = toNumber(value);
  if (n === undefined) {
    throw new ServerError(
      'TypeMismatch',
      `BSON field '${commandName}.${field}' is the wrong type '${typeName(value)}', expected types '[long, int, decimal, double]'`,
    );
  }
  if (!allowNegative && n < 0) {
    throw new ServerError(
      'Location51024',
      `BSON field '${field}' value must be >= 0, actual value '${String(n)}'`,
    );
  }
  return Math.trunc(n);
}

/**
 * A boolean-ish option.
 *
 * @example
 * ```ts
 * boolOption({ ordered: false }, 'ordered', true); // false
 * ```
 */
export function boolOption(cmd: Doc, field: string, defaultValue = false): boolean {
  const value = cmd[field];
  if (value === undefined || value === null) return defaultValue;
  return isTruthy(value);
}

/**
 * The reply body of a cursor-returning command.
 *
 * @example
 * ```ts
 * cursorReply('app.users', { id: Long.ZERO, batch: [] }, 'firstBatch');
 * // { cursor: { firstBatch: [], id: Long(0), ns: 'app.users' } }
 * ```
 */
export function cursorReply(ns: string, batch: CursorBatch, kind: 'firstBatch' | 'nextBatch'): Doc {
  return { cursor: { [kind]: batch.batch, id: batch.id, ns } };
}

/**
 * The `cursor.batchSize` of an aggregate-style command (`cursor: { batchSize }`).
 *
 * @example
 * ```ts
 * cursorBatchSize({ aggregate: 'c', cursor: { batchSize: 10 } }, 'aggregate'); // 10
 * ```
 */
export function cursorBatchSize(cmd: Doc, commandName: string): number | undefined {
  const cursor = docOption(cmd, 'cursor', commandName);
  if (!cursor) return undefined;
  return countOption(cursor, 'batchSize', `${commandName}.cursor`);
}

/**
 * The command's `let` variables, evaluated once as constant expressions (MongoDB evaluates them
 * before the operation, so `{ y: { $literal: '$x' } }` binds `$$y` to the string `'$x'`).
 *
 * @example
 * ```ts
 * letVariables({ let: { y: { $add: [1, 2] } } }, 'find'); // { y: 3 }
 * ```
 */
export function letVariables(cmd: Doc, commandName: string): Doc | undefined {
  const raw = docOption(cmd, 'let', commandName);
  if (!raw) return undefined;
  const variables: Doc = {};
  for (const [name, expression] of Object.entries(raw)) variables[name] = evaluateExpression(expression, {});
  return variables;
}

/**
 * Rejects fields a statement of a write command does not know (MongoDB's IDL parser: 40415),
 * e.g. `sort` in an update statement, which only 8.0 accepts.
 *
 * @example
 * ```ts
 * checkStatementFields({ q: {}, u: {}, sort: {} }, new Set(['q', 'u']), 'update.updates'); // throws 40415
 * ```
 */
export function checkStatementFields(statement: Doc, allowed: ReadonlySet<string>, path: string): void {
  for (const field of Object.keys(statement)) {
    if (!allowed.has(field)) {
      throw new ServerError(
        { code: 40415, codeName: 'Location40415' },
        `BSON field '${path}.${field}' is an unknown field.`,
      );
    }
  }
}
