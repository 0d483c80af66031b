import { encodeDocument, type Doc } from '../bson.js';
import { crc32c } from './crc32c.js';
import { HEADER_SIZE, newRequestId, readHeader, writeHeader } from './message-header.js';
import { OpCode } from './opcodes.js';
import { readCString, readDocument } from './read-document.js';
import { WireProtocolError } from './wire-protocol-error.js';

/** OP_MSG flag bits. Bits 0–15 are "required": a receiver must reject unknown ones. */
export const OpMsgFlags = {
  checksumPresent: 1 << 0,
  moreToCome: 1 << 1,
  exhaustAllowed: 1 << 16,
} as const;

const KNOWN_REQUIRED_BITS = OpMsgFlags.checksumPresent | OpMsgFlags.moreToCome;

/** A parsed OP_MSG request: the kind-0 body with every kind-1 sequence merged in. */
export interface OpMsgRequest {
  readonly requestID: number;
  readonly flagBits: number;
  /** The client does not want a reply (`w:0` writes). */
  readonly moreToCome: boolean;
  readonly exhaustAllowed: boolean;
  readonly body: Doc;
}

/**
 * Parses a complete OP_MSG (header included). Kind-1 document sequences are merged into the body
 * under their identifier, so `insertMany`'s `documents` sequence looks the same as an inline array.
 * A checksum, when flagged, is verified.
 *
 * @example
 * ```ts
 * const { body, moreToCome } = parseOpMsg(message); // body: { insert: 'c', documents: [...], $db: 't' }
 * ```
 */
export function parseOpMsg(message: Buffer): OpMsgRequest {
  const header = readHeader(message);
  if (message.length < HEADER_SIZE + 5) throw new WireProtocolError('OP_MSG too short');
  const flagBits = message.readUInt32LE(HEADER_SIZE);
  if ((flagBits & 0xffff & ~KNOWN_REQUIRED_BITS) !== 0) {
    throw new WireProtocolError(`unknown required OP_MSG flag bits 0x${flagBits.toString(16)}`);
  }
  let end = message.length;
  if (flagBits & OpMsgFlags.checksumPresent) {
    end -= 4;
    if (end < HEADER_SIZE + 4) throw new WireProtocolError('OP_MSG too short for its checksum');
    const expected = message.readUInt32LE(end);
    if (crc32c(message.subarray(0, end)) !== expected) {
      throw new WireProtocolError('OP_MSG checksum mismatch');
    }
  }

  let body: Doc | undefined;
  const sequences: Array<[string, Doc[]]> = [];
  let offset = HEADER_SIZE + 4;
  while (offset < end) {
    const kind = message[offset];
    offset += 1;
    if (kind === 0) {
      if (body !== undefined) throw new WireProtocolError('OP_MSG has more than one kind-0 section');
      const { doc, next } = readDocument(message, offset, end);
      body = doc;
      offset = next;
    } else if (kind === 1) {
      if (end - offset < 4) throw new WireProtocolError('truncated kind-1 section');
      const size = message.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new WireProtocolError(`kind-1 section size ${size} is invalid`);
      const { value: identifier, next } = readCString(message, offset + 4, sectionEnd);
      const docs: Doc[] = [];
      let pos = next;
      while (pos < sectionEnd) {
        const read = readDocument(message, pos, sectionEnd);
        docs.push(read.doc);
        pos = read.next;
      }
      sequences.push([identifier, docs]);
      offset = sectionEnd;
    } else {
      throw new WireProtocolError(`unsupported OP_MSG section kind ${String(kind)}`);
    }
  }
  if (body === undefined) throw new WireProtocolError('OP_MSG has no kind-0 section');
  for (const [identifier, docs] of sequences) {
    if (Object.prototype.hasOwnProperty.call(body, identifier)) {
      throw new WireProtocolError(`document sequence '${identifier}' duplicates a body field`);
    }
    body[identifier] = docs;
  }
  return {
    requestID: header.requestID,
    flagBits,
    moreToCome: (flagBits & OpMsgFlags.moreToCome) !== 0,
    exhaustAllowed: (flagBits & OpMsgFlags.exhaustAllowed) !== 0,
    body,
  };
}

/** Options for {@link encodeOpMsg}. */
export interface EncodeOpMsgOptions {
  readonly responseTo?: number;
  readonly requestID?: number;
  readonly flagBits?: number;
  /** Kind-1 sequences to append after the body (used by tests and clients; replies use only kind 0). */
  readonly sequences?: ReadonlyArray<{ identifier: string; documents: Doc[] }>;
}

/**
 * Encodes an OP_MSG with a kind-0 body (and optional kind-1 sequences). When `flagBits` includes
 * `checksumPresent`, a CRC-32C trailer is appended.
 *
 * @example
 * ```ts
 * socket.write(encodeOpMsg({ ok: 1 }, { responseTo: readHeader(message).requestID }));
 * ```
 */
export function encodeOpMsg(body: Doc | Uint8Array, options: EncodeOpMsgOptions = {}): Buffer {
  const flagBits = options.flagBits ?? 0;
  const bodyBytes = body instanceof Uint8Array ? body : encodeDocument(body);
  const parts: Uint8Array[] = [Uint8Array.of(0), bodyBytes];
  for (const sequence of options.sequences ?? []) {
    const docs = sequence.documents.map((d) => encodeDocument(d));
    const id = Buffer.from(`${sequence.identifier}\0`, 'utf8');
    const size = 4 + id.length + docs.reduce((n, d) => n + d.length, 0);
    const sizeBytes = Buffer.alloc(4);
    sizeBytes.writeInt32LE(size, 0);
    parts.push(Uint8Array.of(1), sizeBytes, id, ...docs);
  }
  const checksum = (flagBits & OpMsgFlags.checksumPresent) !== 0;
  const sectionsLength = parts.reduce((n, p) => n + p.length, 0);
  const total = HEADER_SIZE + 4 + sectionsLength + (checksum ? 4 : 0);
  const out = Buffer.allocUnsafe(total);
  writeHeader(out, {
    messageLength: total,
    requestID: options.requestID ?? newRequestId(),
    responseTo: options.responseTo ?? 0,
    opCode: OpCode.OP_MSG,
  });
  out.writeUInt32LE(flagBits >>> 0, HEADER_SIZE);
  let offset = HEADER_SIZE + 4;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  if (checksum) out.writeUInt32LE(crc32c(out.subarray(0, offset)), offset);
  return out;
}
