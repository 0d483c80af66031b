import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../../src/wire/decode-message.js';
import { encodeOpMsg, OpMsgFlags } from '../../../src/wire/op-msg.js';
import { WireProtocolError } from '../../../src/wire/wire-protocol-error.js';

describe('decodeMessage', () => {
  it('decodes OP_MSG with its moreToCome flag', () => {
    const request = decodeMessage(
      encodeOpMsg({ insert: 'c', $db: 't' }, { flagBits: OpMsgFlags.moreToCome, requestID: 5 }),
    );
    expect(request).toMatchObject({
      kind: 'msg',
      requestID: 5,
      moreToCome: true,
      body: { insert: 'c', $db: 't' },
    });
  });

  it('refuses OP_COMPRESSED and removed legacy opcodes', () => {
    for (const opCode of [2012, 2002, 2005, 2006, 2007, 1, 12345]) {
      const message = encodeOpMsg({ ping: 1 });
      message.writeInt32LE(opCode, 12);
      expect(() => decodeMessage(message)).toThrow(WireProtocolError);
    }
  });
});
