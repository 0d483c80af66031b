/**
 * Wire-protocol opcodes the server understands, and the size limits it enforces.
 *
 * @example
 * ```ts
 * const header = readHeader(message);
 * if (header.opCode === OpCode.OP_MSG) parseOpMsg(message);
 * ```
 */
export const OpCode = {
  OP_REPLY: 1,
  OP_QUERY: 2004,
  OP_COMPRESSED: 2012,
  OP_MSG: 2013,
} as const;

/** Bytes in the standard message header (messageLength, requestID, responseTo, opCode). */
export const HEADER_SIZE = 16;

/** Largest message accepted or sent; advertised in hello as `maxMessageSizeBytes`. */
export const MAX_MESSAGE_SIZE = 48_000_000;

/** Largest BSON document; advertised in hello as `maxBsonObjectSize`. */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
