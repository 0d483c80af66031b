import { HEADER_SIZE } from './opcodes.js';

/** The 16-byte header every wire message starts with. */
export interface MessageHeader {
  readonly messageLength: number;
  readonly requestID: number;
  readonly responseTo: number;
  readonly opCode: number;
}

/**
 * Reads the header at the start of a complete message.
 *
 * @example
 * ```ts
 * const { opCode, requestID } = readHeader(message);
 * ```
 */
export function readHeader(message: Buffer): MessageHeader {
  return {
    messageLength: message.readInt32LE(0),
    requestID: message.readInt32LE(4),
    responseTo: message.readInt32LE(8),
    opCode: message.readInt32LE(12),
  };
}

/**
 * Writes a header into the first 16 bytes of `target` (which must already have its final size).
 *
 * @example
 * ```ts
 * writeHeader(out, { messageLength: out.length, requestID: 7, responseTo: 3, opCode: OpCode.OP_MSG });
 * ```
 */
export function writeHeader(target: Buffer, header: MessageHeader): void {
  target.writeInt32LE(header.messageLength, 0);
  target.writeInt32LE(header.requestID, 4);
  target.writeInt32LE(header.responseTo, 8);
  target.writeInt32LE(header.opCode, 12);
}

let nextRequestId = 1;

/**
 * A fresh id for a server-sent message (wraps inside the positive int32 range).
 *
 * @example
 * ```ts
 * const requestID = newRequestId();
 * ```
 */
export function newRequestId(): number {
  nextRequestId = nextRequestId >= 0x7fffffff ? 1 : nextRequestId + 1;
  return nextRequestId;
}

export { HEADER_SIZE };
