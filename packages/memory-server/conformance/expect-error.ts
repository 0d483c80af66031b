import {
  BSON,
  MongoBulkWriteError,
  MongoError,
  MongoClientBulkWriteError,
  MongoOperationTimeoutError,
  MongoServerError,
} from 'mongodb';
import { matchValue } from './matcher.js';
import type { MatchEntities } from './matcher.js';
import {
  bulkWriteResultShape,
  clientBulkWriteResultShape,
  mapToDocument,
} from './operations/result-shapes.js';
import type { SpecDoc } from './spec-types.js';

/** The labels of a driver error (server-sent and driver-added). */
function labelsOf(error: unknown): string[] {
  const labels = (error as { errorLabels?: unknown }).errorLabels;
  if (Array.isArray(labels)) return labels.map(String);
  if (labels instanceof Set) return [...labels].map(String);
  return [];
}

/** The partial result carried by a bulk write error, in the CRUD spec's shape. */
function errorResult(error: unknown): unknown {
  if (error instanceof MongoClientBulkWriteError) return clientBulkWriteResultShape(error.partialResult);
  if (error instanceof MongoBulkWriteError) return bulkWriteResultShape(error.result);
  return undefined;
}

/**
 * Whether an error comes from the client rather than a server reply: a driver error (argument
 * validation, a missing GridFS file, a closed connection) or a BSON error.
 *
 * @example
 * isClientError(new MongoInvalidArgumentError('bad')); // true
 */
export function isClientError(error: unknown): boolean {
  if (error instanceof MongoServerError) return false;
  // A TypeError or the like is a runner or driver bug, never the error a test expects.
  return error instanceof MongoError || error instanceof BSON.BSONError;
}

/**
 * One line describing a driver error: its class, message, code and labels.
 *
 * @example
 * describeError(serverError); // "MongoServerError: E11000 duplicate key … (code 11000 DuplicateKey)"
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { code?: unknown; codeName?: unknown };
  const code =
    e.code !== undefined ? ` (code ${String(e.code)}${e.codeName ? ` ${String(e.codeName)}` : ''})` : '';
  const labels = labelsOf(error);
  return `${e.name}: ${e.message}${code}${labels.length ? ` labels [${labels.join(', ')}]` : ''}`;
}

/**
 * Checks an `expectError` assertion against the error an operation threw. Returns `undefined`
 * when every stated property holds, else why not.
 *
 * @example
 * checkExpectedError({ errorCode: 11000 }, error, entities); // undefined for a duplicate-key error
 */
export function checkExpectedError(
  expected: SpecDoc,
  error: unknown,
  entities: MatchEntities,
): string | undefined {
  const e = error as { message?: unknown; code?: unknown; codeName?: unknown };
  if (!(error instanceof MongoError) && !(error instanceof BSON.BSONError)) {
    return `expected a driver or server error, got ${describeError(error)} (a runner bug?)`;
  }
  if (
    expected['isClientError'] !== undefined &&
    Boolean(expected['isClientError']) !== isClientError(error)
  ) {
    return `expected ${expected['isClientError'] ? 'a client' : 'a server'} error, got ${describeError(error)}`;
  }
  if (
    expected['isTimeoutError'] !== undefined &&
    Boolean(expected['isTimeoutError']) !== error instanceof MongoOperationTimeoutError
  ) {
    return `expected ${expected['isTimeoutError'] ? '' : 'no '}timeout error, got ${describeError(error)}`;
  }
  if (typeof expected['errorContains'] === 'string') {
    const message = String(e.message ?? '').toLowerCase();
    if (!message.includes(expected['errorContains'].toLowerCase())) {
      return `expected error containing "${expected['errorContains']}", got ${describeError(error)}`;
    }
  }
  if (expected['errorCode'] !== undefined && e.code !== expected['errorCode']) {
    return `expected error code ${String(expected['errorCode'])}, got ${describeError(error)}`;
  }
  if (expected['errorCodeName'] !== undefined && e.codeName !== expected['errorCodeName']) {
    return `expected error code name ${String(expected['errorCodeName'])}, got ${describeError(error)}`;
  }
  const labels = labelsOf(error);
  for (const label of (expected['errorLabelsContain'] as string[] | undefined) ?? []) {
    if (!labels.includes(label)) return `expected error label ${label}, got ${describeError(error)}`;
  }
  for (const label of (expected['errorLabelsOmit'] as string[] | undefined) ?? []) {
    if (labels.includes(label)) return `expected no error label ${label}, got ${describeError(error)}`;
  }
  if (expected['errorResponse'] !== undefined) {
    const m = matchValue(expected['errorResponse'], (error as { errorResponse?: unknown }).errorResponse, {
      root: true,
      entities,
    });
    if (m) return `errorResponse mismatch at ${m.path}: ${m.message}`;
  }
  if (expected['writeErrors'] !== undefined) {
    const actual =
      error instanceof MongoClientBulkWriteError
        ? (mapToDocument(error.writeErrors as Map<unknown, unknown>) ?? {})
        : {};
    const wanted = expected['writeErrors'] as SpecDoc;
    const keys = (d: object): string => Object.keys(d).sort().join(',');
    if (keys(actual) !== keys(wanted))
      return `expected writeErrors at indexes [${keys(wanted)}], got [${keys(actual)}] (${describeError(error)})`;
    for (const [index, value] of Object.entries(wanted)) {
      const m = matchValue(value, actual[index], { root: true, entities, path: `writeErrors.${index}` });
      if (m) return `writeErrors mismatch at ${m.path}: ${m.message}`;
    }
  }
  if (expected['writeConcernErrors'] !== undefined) {
    const actual = error instanceof MongoClientBulkWriteError ? error.writeConcernErrors : undefined;
    const m = matchValue(expected['writeConcernErrors'], actual, {
      root: true,
      entities,
      path: 'writeConcernErrors',
    });
    if (m) return `writeConcernErrors mismatch at ${m.path}: ${m.message}`;
  }
  if (expected['expectResult'] !== undefined) {
    const m = matchValue(expected['expectResult'], errorResult(error), {
      root: true,
      entities,
      path: 'expectResult',
    });
    if (m) return `error result mismatch at ${m.path}: ${m.message}`;
  }
  return undefined;
}
