import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeDocument } from '../../../src/bson.js';
import { MemoryServer } from '../../../src/server/memory-server.js';
import { encodeOpMsg, OpMsgFlags } from '../../../src/wire/op-msg.js';
import { opMsgBody, opReplyDoc, RawClient } from './raw-client.js';

// Protocol tests only: the storage engine and CRUD groups are replaced by doubles.
vi.mock('../../../src/storage/engine.js', () => ({
  Engine: class {
    beginTransaction() {
      return { id: 1, commit() {}, abort() {} };
    }
    close() {}
  },
}));
vi.mock('../../../src/commands/crud/index.js', () => ({
  commands: [
    {
      name: 'insert',
      isWrite: true,
      handler: (cmd: { documents?: unknown[] }) => ({ n: cmd.documents?.length ?? 0 }),
    },
  ],
}));
vi.mock('../../../src/commands/collections/index.js', () => ({ commands: [] }));
vi.mock('../../../src/commands/indexes/index.js', () => ({ commands: [] }));

function opQuery(ns: string, query: Record<string, unknown>, requestID: number): Buffer {
  const body = Buffer.concat([
    Buffer.alloc(4),
    Buffer.from(`${ns}\0`),
    Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]),
    encodeDocument(query),
  ]);
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestID, 4);
  header.writeInt32LE(2004, 12);
  return Buffer.concat([header, body]);
}

describe('MemoryServer (raw protocol)', () => {
  let server: MemoryServer;
  beforeEach(async () => {
    server = await MemoryServer.start({ port: 0 });
  });
  afterEach(async () => {
    await server.stop();
  });

  it('listens on a free loopback port and reports its URI', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.uri).toBe(`mongodb://127.0.0.1:${server.port}/`);
  });

  it('answers the legacy OP_QUERY handshake with OP_REPLY', async () => {
    const client = await RawClient.connect(server.port);
    client.send(
      opQuery('admin.$cmd', { ismaster: 1, helloOk: true, client: { application: { name: 'raw' } } }, 77),
    );
    const reply = (await client.nextMessage())!;
    expect(reply.readInt32LE(8)).toBe(77);
    expect(reply.readInt32LE(12)).toBe(1);
    const doc = opReplyDoc(reply);
    expect(doc).toMatchObject({
      ok: 1,
      ismaster: true,
      maxWireVersion: 21,
      hosts: [`127.0.0.1:${server.port}`],
    });
    client.close();
  });

  it('refuses other commands over OP_QUERY with UnsupportedOpQueryCommand', async () => {
    const client = await RawClient.connect(server.port);
    client.send(opQuery('admin.$cmd', { ping: 1 }, 3));
    const doc = opReplyDoc((await client.nextMessage())!);
    expect(doc).toMatchObject({ ok: 0, code: 352 });
    client.close();
  });

  it('answers OP_MSG with responseTo set, and never answers moreToCome', async () => {
    const client = await RawClient.connect(server.port);
    client.send(
      encodeOpMsg(
        { insert: 'c', documents: [{ a: 1 }], $db: 't' },
        { requestID: 10, flagBits: OpMsgFlags.moreToCome },
      ),
    );
    client.send(encodeOpMsg({ ping: 1, $db: 'admin' }, { requestID: 11 }));
    const reply = (await client.nextMessage())!;
    expect(reply.readInt32LE(8)).toBe(11);
    expect(opMsgBody(reply)['ok']).toBe(1);
    expect(await client.silentFor(100)).toBe(true);
    client.close();
  });

  it('writes pipelined replies in request order', async () => {
    const client = await RawClient.connect(server.port);
    await client.nextMessage(1).catch(() => undefined);
    client.send(
      Buffer.concat([
        encodeOpMsg(
          {
            configureFailPoint: 'failCommand',
            mode: { times: 1 },
            data: { failCommands: ['ping'], blockConnection: true, blockTimeMS: 100 },
            $db: 'admin',
          },
          { requestID: 1 },
        ),
        encodeOpMsg({ ping: 1, $db: 'admin' }, { requestID: 2 }),
        encodeOpMsg({ hello: 1, $db: 'admin' }, { requestID: 3 }),
      ]),
    );
    const order: number[] = [];
    for (let i = 0; i < 3; i++) order.push((await client.nextMessage())!.readInt32LE(8));
    expect(order).toEqual([1, 2, 3]);
    client.close();
  });

  it('accepts a checksummed request', async () => {
    const client = await RawClient.connect(server.port);
    client.send(
      encodeOpMsg({ ping: 1, $db: 'admin' }, { requestID: 5, flagBits: OpMsgFlags.checksumPresent }),
    );
    expect(opMsgBody((await client.nextMessage())!)['ok']).toBe(1);
    client.close();
  });

  it.each([
    [
      'a declared length below 16',
      (() => {
        const b = Buffer.alloc(16);
        b.writeInt32LE(8, 0);
        return b;
      })(),
    ],
    [
      'a declared length above 48 MB',
      (() => {
        const b = Buffer.alloc(16);
        b.writeInt32LE(48_000_001, 0);
        return b;
      })(),
    ],
    [
      'an unsupported opcode',
      (() => {
        const b = encodeOpMsg({ ping: 1, $db: 'admin' });
        b.writeInt32LE(2012, 12);
        return b;
      })(),
    ],
    [
      'invalid BSON',
      (() => {
        const b = encodeOpMsg({ ping: 'x', $db: 'admin' });
        b[25] = 0x7f;
        return b;
      })(),
    ],
    [
      'a bad checksum',
      (() => {
        const b = encodeOpMsg({ ping: 1, $db: 'admin' }, { flagBits: 1 });
        b[b.length - 1]! ^= 0xff;
        return b;
      })(),
    ],
  ])('closes only the connection that sends %s', async (_label, bytes) => {
    const good = await RawClient.connect(server.port);
    const bad = await RawClient.connect(server.port);
    bad.send(bytes);
    await bad.closedPromise;
    expect(bad.closed).toBe(true);
    good.send(encodeOpMsg({ ping: 1, $db: 'admin' }, { requestID: 9 }));
    expect(opMsgBody((await good.nextMessage())!)['ok']).toBe(1);
    good.close();
  });

  it('keeps a truncated message pending without replying, and serves other clients', async () => {
    const bad = await RawClient.connect(server.port);
    const whole = encodeOpMsg({ ping: 1, $db: 'admin' });
    bad.send(whole.subarray(0, whole.length - 5));
    expect(await bad.silentFor(100)).toBe(true);
    expect(bad.closed).toBe(false);
    bad.send(whole.subarray(whole.length - 5));
    expect(opMsgBody((await bad.nextMessage())!)['ok']).toBe(1);
    bad.close();
  });

  it('stop() closes every open socket', async () => {
    const a = await RawClient.connect(server.port);
    const b = await RawClient.connect(server.port);
    await vi.waitFor(() => expect(server.connectionCount).toBe(2));
    await server.stop();
    await Promise.all([a.closedPromise, b.closedPromise]);
    expect(a.closed && b.closed).toBe(true);
    await server.stop(); // idempotent
  });

  it('refuses hosts other than 127.0.0.1 and bad ports', async () => {
    await expect(MemoryServer.start({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1/);
    await expect(MemoryServer.start({ port: 70000 })).rejects.toThrow(/port/);
  });
});
