import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';

/**
 * Whether an error must fail the whole command rather than become a per-statement `writeError`:
 * transaction errors (WriteConflict, NoSuchTransaction …) carry labels the driver acts on only at top level.
 *
 * @example
 * ```ts
 * isFatalWriteError(writeConflict()); // true: the transaction must see it at top level
 * ```
 */
export function isFatalWriteError(error: unknown): boolean {
  if (!(error instanceof ServerError)) return false;
  return error.errorLabels.length > 0 || error.code === 112 || error.code === 251;
}

/**
 * One entry of a write command's `writeErrors`: `{ index, code, errmsg }` plus the error's extra
 * fields (`keyPattern`, `keyValue` for E11000).
 *
 * @example
 * ```ts
 * toWriteError(duplicateKeyError('db.c', '_id_', { _id: 1 }, [1]), 0);
 * // { index: 0, code: 11000, errmsg: 'E11000 …', keyPattern: { _id: 1 }, keyValue: { _id: 1 } }
 * ```
 */
export function toWriteError(error: unknown, index: number): Doc {
  if (error instanceof ServerError) {
    return { index, code: error.code, errmsg: error.message, ...error.extra };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { index, code: 1, errmsg: message };
}

/**
 * Runs the statements of a write command, collecting write errors; an ordered batch stops at the
 * first error. Returns the write errors (empty when all succeeded).
 *
 * @example
 * ```ts
 * runStatements(documents, true, (doc) => engine.insertDocument('db', 'c', doc as Doc, undefined)); // [] or [{ index, code, errmsg }]
 * ```
 */
export function runStatements<TStatement>(
  statements: readonly TStatement[],
  ordered: boolean,
  run: (statement: TStatement, index: number) => void,
): Doc[] {
  const writeErrors: Doc[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      run(statement, index);
    } catch (error) {
      if (isFatalWriteError(error)) throw error;
      writeErrors.push(toWriteError(error, index));
      if (ordered) break;
    }
  }
  return writeErrors;
}

/**
 * Checks a write batch's size as MongoDB does (InvalidLength 16).
 *
 * @example
 * ```ts
 * checkBatchSize([]); // throws InvalidLength (16)
 * ```
 */
export function checkBatchSize(statements: readonly unknown[]): void {
  if (statements.length === 0 || statements.length > 100_000) {
    throw new ServerError(
      { code: 16, codeName: 'InvalidLength' },
      `Write batch sizes must be between 1 and 100000. Got ${String(statements.length)} operations.`,
    );
  }
}

/**
 * A statement of a write command must be a document.
 *
 * @example
 * ```ts
 * asStatement({ q: {} }, 'delete', 'deletes'); // { q: {} }
 * ```
 */
export function asStatement(value: unknown, commandName: string, field: string): Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ServerError(
      'TypeMismatch',
      `BSON field '${commandName}.${field}' is the wrong type, expected object`,
    );
  }
  return value as Doc;
}
