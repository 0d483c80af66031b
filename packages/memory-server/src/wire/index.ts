export { OpCode, HEADER_SIZE, MAX_MESSAGE_SIZE, MAX_BSON_OBJECT_SIZE } from './opcodes.js';
export { WireProtocolError } from './wire-protocol-error.js';
export { MessageFramer } from './message-framer.js';
export { parseOpMsg, encodeOpMsg, OpMsgFlags, type OpMsgRequest, type EncodeOpMsgOptions } from './op-msg.js';
export { parseOpQuery, opQueryToCommand, type OpQueryRequest } from './op-query.js';
export { encodeOpReply } from './op-reply.js';
export { decodeMessage, type WireRequest } from './decode-message.js';
export { readHeader, writeHeader, type MessageHeader } from './message-header.js';
export { crc32c } from './crc32c.js';
