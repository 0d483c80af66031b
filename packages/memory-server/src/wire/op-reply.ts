import { encodeDocument, type Doc } from '../bson.js';
import { HEADER_SIZE, newRequestId, writeHeader } from './message-header.js';
import { OpCode } from './opcodes.js';

/** OP_REPLY `responseFlags` bit that tells legacy clients the server supports await-data. */
const AWAIT_CAPABLE = 1 << 3;

/**
 * Encodes a legacy OP_REPLY carrying one document (the answer to a handshake OP_QUERY).
 *
 * @example
 * ```ts
 * socket.write(encodeOpReply({ ismaster: true, ok: 1 }, readHeader(message).requestID));
 * ```
 */
export function encodeOpReply(doc: Doc | Uint8Array, responseTo: number): Buffer {
  const bytes = doc instanceof Uint8Array ? doc : encodeDocument(doc);
  const total = HEADER_SIZE + 20 + bytes.length;
  const out = Buffer.allocUnsafe(total);
  writeHeader(out, { messageLength: total, requestID: newRequestId(), responseTo, opCode: OpCode.OP_REPLY });
  out.writeInt32LE(AWAIT_CAPABLE, HEADER_SIZE); // responseFlags
  out.writeBigInt64LE(0n, HEADER_SIZE + 4); // cursorID
  out.writeInt32LE(0, HEADER_SIZE + 12); // startingFrom
  out.writeInt32LE(1, HEADER_SIZE + 16); // numberReturned
  out.set(bytes, HEADER_SIZE + 20);
  return out;
}
