import type { Doc } from '../bson.js';
import { readHeader } from './message-header.js';
import { parseOpMsg } from './op-msg.js';
import { opQueryToCommand, parseOpQuery } from './op-query.js';
import { OpCode } from './opcodes.js';
import { WireProtocolError } from './wire-protocol-error.js';

/** A request the command layer can run, whichever opcode carried it. */
export type WireRequest =
  | { readonly kind: 'msg'; readonly requestID: number; readonly moreToCome: boolean; readonly body: Doc }
  | {
      readonly kind: 'query';
      readonly requestID: number;
      readonly body: Doc | undefined;
      readonly namespace: string;
    };

/**
 * Decodes one framed message. OP_MSG and OP_QUERY are accepted; every other opcode (OP_COMPRESSED,
 * the removed OP_INSERT/OP_GET_MORE…) throws `WireProtocolError`, and the connection is closed.
 *
 * @example
 * ```ts
 * const request = decodeMessage(message);
 * if (request.kind === 'msg' && request.moreToCome) { console.log(request.body); } // no reply
 * ```
 */
export function decodeMessage(message: Buffer): WireRequest {
  const { opCode } = readHeader(message);
  if (opCode === OpCode.OP_MSG) {
    const parsed = parseOpMsg(message);
    return { kind: 'msg', requestID: parsed.requestID, moreToCome: parsed.moreToCome, body: parsed.body };
  }
  if (opCode === OpCode.OP_QUERY) {
    const parsed = parseOpQuery(message);
    return {
      kind: 'query',
      requestID: parsed.requestID,
      body: opQueryToCommand(parsed),
      namespace: parsed.fullCollectionName,
    };
  }
  throw new WireProtocolError(`unsupported opCode ${opCode}`);
}
