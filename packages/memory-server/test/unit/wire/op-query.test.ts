import { Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { decodeDocument, encodeDocument } from '../../../src/bson.js';
import { opQueryToCommand, parseOpQuery } from '../../../src/wire/op-query.js';
import { encodeOpReply } from '../../../src/wire/op-reply.js';

function opQuery(ns: string, query: Record<string, unknown>, requestID = 9): Buffer {
  const body = Buffer.concat([
    Buffer.alloc(4), // flags
    Buffer.from(`${ns}\0`),
    Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), // skip 0, return -1
    encodeDocument(query),
  ]);
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestID, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2004, 12);
  return Buffer.concat([header, body]);
}

describe('OP_QUERY', () => {
  it('parses the legacy handshake and turns it into a command with $db', () => {
    const parsed = parseOpQuery(opQuery('admin.$cmd', { ismaster: 1, helloOk: true }));
    expect(parsed.requestID).toBe(9);
    expect(parsed.fullCollectionName).toBe('admin.$cmd');
    expect(parsed.numberToReturn).toBe(-1);
    const command = opQueryToCommand(parsed)!;
    expect(Object.keys(command)).toEqual(['ismaster', 'helloOk', '$db']);
    expect(Number(command['ismaster'])).toBe(1);
    expect(command['$db']).toBe('admin');
  });

  it('unwraps the $query form', () => {
    const parsed = parseOpQuery(
      opQuery('admin.$cmd', { $query: { isMaster: 1 }, $readPreference: { mode: 'primary' } }),
    );
    expect(Object.keys(opQueryToCommand(parsed)!)).toEqual(['isMaster', '$db']);
  });

  it('is not a command on a plain collection namespace', () => {
    expect(opQueryToCommand(parseOpQuery(opQuery('test.users', { a: 1 })))).toBeUndefined();
  });

  it('rejects a truncated query', () => {
    const message = opQuery('admin.$cmd', { ismaster: 1 });
    const cut = message.subarray(0, message.length - 3);
    expect(() => parseOpQuery(cut)).toThrow();
  });
});

describe('OP_REPLY', () => {
  it('encodes one document answering a request', () => {
    const reply = encodeOpReply({ ismaster: true, ok: 1 }, 9);
    expect(reply.readInt32LE(0)).toBe(reply.length);
    expect(reply.readInt32LE(8)).toBe(9);
    expect(reply.readInt32LE(12)).toBe(1);
    expect(reply.readBigInt64LE(20)).toBe(0n);
    expect(reply.readInt32LE(32)).toBe(1);
    const doc = decodeDocument(reply.subarray(36));
    expect(doc['ismaster']).toBe(true);
    expect(Long.isLong(doc['ok'])).toBe(false);
  });
});
