import type { Doc } from '../bson.js';
import { HEADER_SIZE, readHeader } from './message-header.js';
import { readCString, readDocument } from './read-document.js';
import { WireProtocolError } from './wire-protocol-error.js';

/** A parsed legacy OP_QUERY. The server accepts it only for the first handshake (`admin.$cmd`). */
export interface OpQueryRequest {
  readonly requestID: number;
  readonly flags: number;
  readonly fullCollectionName: string;
  readonly numberToSkip: number;
  readonly numberToReturn: number;
  readonly query: Doc;
}

/**
 * Parses a complete OP_QUERY message (header included); the optional field selector is ignored.
 *
 * @example
 * ```ts
 * const { fullCollectionName, query } = parseOpQuery(message); // 'admin.$cmd', { ismaster: 1, ... }
 * ```
 */
export function parseOpQuery(message: Buffer): OpQueryRequest {
  const header = readHeader(message);
  const end = message.length;
  if (end < HEADER_SIZE + 4) throw new WireProtocolError('OP_QUERY too short');
  const flags = message.readInt32LE(HEADER_SIZE);
  const { value: fullCollectionName, next } = readCString(message, HEADER_SIZE + 4, end);
  if (end - next < 8) throw new WireProtocolError('OP_QUERY truncated');
  const numberToSkip = message.readInt32LE(next);
  const numberToReturn = message.readInt32LE(next + 4);
  const { doc: query, next: afterQuery } = readDocument(message, next + 8, end);
  if (afterQuery < end) readDocument(message, afterQuery, end); // a field selector must still be valid BSON
  return { requestID: header.requestID, flags, fullCollectionName, numberToSkip, numberToReturn, query };
}

/**
 * Turns an OP_QUERY on `<db>.$cmd` into an OP_MSG-style command body (with `$db`), unwrapping the
 * legacy `{ $query: {...}, $readPreference }` form. Returns undefined for non-command namespaces.
 *
 * @example
 * ```ts
 * opQueryToCommand(parseOpQuery(message)); // { ismaster: 1, helloOk: true, ..., $db: 'admin' }
 * ```
 */
export function opQueryToCommand(request: OpQueryRequest): Doc | undefined {
  const suffix = '.$cmd';
  if (!request.fullCollectionName.endsWith(suffix)) return undefined;
  const db = request.fullCollectionName.slice(0, -suffix.length);
  const wrapped = request.query['$query'];
  const body: Doc =
    wrapped !== null && typeof wrapped === 'object' && !Array.isArray(wrapped)
      ? { ...(wrapped as Doc) }
      : { ...request.query };
  body['$db'] = db;
  return body;
}
