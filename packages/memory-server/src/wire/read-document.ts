import { decodeDocument, type Doc } from '../bson.js';
import { WireProtocolError } from './wire-protocol-error.js';

/**
 * Decodes the BSON document starting at `offset`, checking that its declared size fits within
 * `end` before touching it. Returns the document and the offset just past it.
 *
 * @example
 * ```ts
 * const { doc, next } = readDocument(message, 21, message.length);
 * ```
 */
export function readDocument(buf: Buffer, offset: number, end: number): { doc: Doc; next: number } {
  if (end - offset < 5) throw new WireProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) {
    throw new WireProtocolError(`BSON document size ${size} does not fit in the message`);
  }
  let doc: Doc;
  try {
    doc = decodeDocument(buf.subarray(offset, offset + size));
  } catch (error) {
    throw new WireProtocolError(`invalid BSON: ${(error as Error).message}`);
  }
  return { doc, next: offset + size };
}

/**
 * Reads a NUL-terminated UTF-8 string starting at `offset` (bounded by `end`).
 *
 * @example
 * ```ts
 * const { value, next } = readCString(message, 20, message.length); // 'admin.$cmd'
 * ```
 */
export function readCString(buf: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buf.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new WireProtocolError('unterminated C string');
  return { value: buf.toString('utf8', offset, zero), next: zero + 1 };
}
