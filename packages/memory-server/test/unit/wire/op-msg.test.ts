import { Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { encodeDocument } from '../../../src/bson.js';
import { crc32c } from '../../../src/wire/crc32c.js';
import { encodeOpMsg, OpMsgFlags, parseOpMsg } from '../../../src/wire/op-msg.js';
import { WireProtocolError } from '../../../src/wire/wire-protocol-error.js';

describe('crc32c', () => {
  it('matches the published check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });
});

describe('OP_MSG', () => {
  it('round-trips a kind-0 body and keeps BSON number types', () => {
    const message = encodeOpMsg(
      { ping: new Int32(1), n: Long.fromNumber(5), $db: 'admin' },
      { requestID: 42, responseTo: 7 },
    );
    expect(message.readInt32LE(0)).toBe(message.length);
    expect(message.readInt32LE(4)).toBe(42);
    expect(message.readInt32LE(8)).toBe(7);
    expect(message.readInt32LE(12)).toBe(2013);
    const parsed = parseOpMsg(message);
    expect(parsed.requestID).toBe(42);
    expect(parsed.moreToCome).toBe(false);
    expect(Object.keys(parsed.body)).toEqual(['ping', 'n', '$db']);
    expect(parsed.body['ping']).toBeInstanceOf(Int32);
    expect(parsed.body['n']).toBeInstanceOf(Long);
  });

  it('merges kind-1 document sequences into the body under their identifier', () => {
    const message = encodeOpMsg(
      { insert: 'c', $db: 't' },
      { sequences: [{ identifier: 'documents', documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] }] },
    );
    const { body } = parseOpMsg(message);
    expect(body['insert']).toBe('c');
    expect((body['documents'] as Array<Record<string, Int32>>).map((d) => d['_id']!.value)).toEqual([
      1, 2, 3,
    ]);
  });

  it('accepts an empty kind-1 sequence', () => {
    const { body } = parseOpMsg(
      encodeOpMsg({ insert: 'c', $db: 't' }, { sequences: [{ identifier: 'documents', documents: [] }] }),
    );
    expect(body['documents']).toEqual([]);
  });

  it('rejects a sequence that duplicates a body field', () => {
    const message = encodeOpMsg(
      { insert: 'c', documents: [], $db: 't' },
      { sequences: [{ identifier: 'documents', documents: [{ a: 1 }] }] },
    );
    expect(() => parseOpMsg(message)).toThrow(WireProtocolError);
  });

  it('reports moreToCome and exhaustAllowed', () => {
    const parsed = parseOpMsg(
      encodeOpMsg({ insert: 'c', $db: 't' }, { flagBits: OpMsgFlags.moreToCome | OpMsgFlags.exhaustAllowed }),
    );
    expect(parsed.moreToCome).toBe(true);
    expect(parsed.exhaustAllowed).toBe(true);
  });

  it('verifies a CRC-32C trailer when checksumPresent is set', () => {
    const message = encodeOpMsg({ ping: 1, $db: 'admin' }, { flagBits: OpMsgFlags.checksumPresent });
    expect(message.readUInt32LE(message.length - 4)).toBe(crc32c(message.subarray(0, message.length - 4)));
    expect(parseOpMsg(message).body['$db']).toBe('admin');
    const corrupted = Buffer.from(message);
    corrupted.writeUInt32LE((corrupted.readUInt32LE(corrupted.length - 4) + 1) >>> 0, corrupted.length - 4);
    expect(() => parseOpMsg(corrupted)).toThrow(/checksum/);
  });

  it('rejects unknown required flag bits', () => {
    expect(() => parseOpMsg(encodeOpMsg({ ping: 1 }, { flagBits: 1 << 5 }))).toThrow(/flag/);
  });

  it('rejects a message without a kind-0 section, or with two', () => {
    const only = encodeOpMsg({ a: 1 });
    const noBody = Buffer.concat([only.subarray(0, 20)]);
    noBody.writeInt32LE(noBody.length, 0);
    expect(() => parseOpMsg(noBody)).toThrow(WireProtocolError);

    const doc = encodeDocument({ a: 1 });
    const two = Buffer.concat([only.subarray(0, 20), Buffer.of(0), doc, Buffer.of(0), doc]);
    two.writeInt32LE(two.length, 0);
    expect(() => parseOpMsg(two)).toThrow(/more than one/);
  });

  it('rejects section kind 2 and documents whose size overruns the message', () => {
    const base = encodeOpMsg({ a: 1 });
    const kind2 = Buffer.from(base);
    kind2[20] = 2;
    expect(() => parseOpMsg(kind2)).toThrow(/kind 2/);
    const overrun = Buffer.from(base);
    overrun.writeInt32LE(1000, 21);
    expect(() => parseOpMsg(overrun)).toThrow(/does not fit/);
  });

  it('turns invalid BSON into a WireProtocolError', () => {
    const base = Buffer.from(encodeOpMsg({ a: 'x' }));
    base[25] = 0x7f; // element type byte of field "a" → unknown BSON type
    expect(() => parseOpMsg(base)).toThrow(WireProtocolError);
  });
});
