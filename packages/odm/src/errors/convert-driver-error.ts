import { describeValue } from '../util/describe-value.js';
import { MongoEngineError } from './mongo-engine-error.js';
import { BulkWriteError, NotUniqueError, OperationError } from './operation-error.js';
import { ConnectionError } from './usage-errors.js';

/** Server codes of a unique-index violation (11001 and 12582 are legacy forms of 11000). */
const DUPLICATE_KEY_CODES = new Set([11000, 11001, 12582]);

/** Driver error classes that mean the server could not be reached. */
const CONNECTION_ERROR_NAMES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
]);

interface DriverErrorLike {
  name?: string;
  message?: string;
  code?: unknown;
  errmsg?: string;
  keyValue?: Record<string, unknown>;
  keyPattern?: Record<string, unknown>;
  writeErrors?: unknown;
  errorResponse?: { keyValue?: Record<string, unknown>; keyPattern?: Record<string, unknown> };
}

interface WriteErrorLike {
  code?: unknown;
  errmsg?: string;
  err?: {
    code?: unknown;
    errmsg?: string;
    keyValue?: Record<string, unknown>;
    keyPattern?: Record<string, unknown>;
  };
  errInfo?: unknown;
}

/**
 * Converts an error thrown by the MongoDB driver into the ODM's error tree, keyed by server code:
 * duplicate keys (11000) become {@link NotUniqueError} naming the field(s) and value, other bulk
 * failures {@link BulkWriteError}, unreachable servers {@link ConnectionError}, other server
 * errors {@link OperationError}. The original is kept as `cause`. ODM errors and non-driver
 * errors are returned unchanged.
 *
 * @example
 * try { await collection.insertOne(doc); } catch (e) { throw convertDriverError(e); }
 */
export function convertDriverError(error: unknown): unknown {
  if (error instanceof MongoEngineError || error === null || typeof error !== 'object') return error;
  const e = error as DriverErrorLike;
  const name = e.name ?? '';
  if (!name.startsWith('Mongo')) return error;

  if (Array.isArray(e.writeErrors) && e.writeErrors.length > 0) {
    const writeErrors = e.writeErrors as WriteErrorLike[];
    const dup = writeErrors.find((w) => DUPLICATE_KEY_CODES.has(Number(w.code ?? w.err?.code)));
    if (dup) {
      const msg = dup.errmsg ?? dup.err?.errmsg ?? e.message ?? '';
      return duplicateKeyError(msg, dup.err?.keyValue, dup.err?.keyPattern, error);
    }
    return new BulkWriteError(`Bulk write failed: ${e.message ?? name}`, { cause: error });
  }

  if (DUPLICATE_KEY_CODES.has(Number(e.code))) {
    const keyValue = e.keyValue ?? e.errorResponse?.keyValue;
    const keyPattern = e.keyPattern ?? e.errorResponse?.keyPattern;
    return duplicateKeyError(e.errmsg ?? e.message ?? '', keyValue, keyPattern, error);
  }

  if (name === 'MongoTopologyClosedError' || name === 'MongoNotConnectedError') {
    return new ConnectionError(
      `The MongoDB client is closed (its alias was disconnected). Call connect(uri, { alias }) again and use a fresh collection. (${e.message ?? name})`,
      { cause: error },
    );
  }
  if (CONNECTION_ERROR_NAMES.has(name)) {
    return new ConnectionError(`Could not reach MongoDB: ${e.message ?? name}`, { cause: error });
  }

  return new OperationError(e.message ?? name, { cause: error });
}

function duplicateKeyError(
  serverMessage: string,
  keyValue: Record<string, unknown> | undefined,
  keyPattern: Record<string, unknown> | undefined,
  cause: unknown,
): NotUniqueError {
  const index = /index: (\S+)/.exec(serverMessage)?.[1];
  const fields = keyPattern
    ? Object.keys(keyPattern)
    : keyValue
      ? Object.keys(keyValue)
      : fieldsFromIndexName(index);
  const value = keyValue ?? valueFromMessage(serverMessage);
  const what =
    fields.length > 0
      ? `field${fields.length > 1 ? 's' : ''} ${fields.map((f) => `'${f}'`).join(', ')}`
      : 'a unique index';
  const shown = value ? ` (value ${describeValue(value)})` : '';
  return new NotUniqueError(`Tried to save a duplicate value for ${what}${shown}. ${serverMessage}`.trim(), {
    fields,
    ...(value ? { value } : {}),
    ...(index ? { index } : {}),
    cause,
  });
}

/** `email_1_name_-1` → `['email', 'name']` (only for default index names). */
function fieldsFromIndexName(index: string | undefined): string[] {
  if (!index) return [];
  const parts = index.split('_');
  const fields: string[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) fields.push(parts[i]!);
  return fields;
}

/** Reads `dup key: { email: "a" }` from an E11000 message when the server gave no keyValue. */
function valueFromMessage(message: string): Record<string, unknown> | undefined {
  const m = /dup key: \{ ?(.*?) ?\}\s*$/.exec(message);
  if (!m?.[1]) return undefined;
  const out: Record<string, unknown> = {};
  for (const pair of m[1].split(/, (?=[\w.$]+: )/)) {
    const idx = pair.indexOf(': ');
    if (idx < 0) continue;
    const raw = pair.slice(idx + 2);
    out[pair.slice(0, idx)] = /^".*"$/.test(raw)
      ? raw.slice(1, -1)
      : Number.isNaN(Number(raw))
        ? raw
        : Number(raw);
  }
  return out;
}
