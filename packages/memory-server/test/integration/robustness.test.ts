import net from 'node:net';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeDocument } from '../../src/bson.js';
import { MemoryServer } from '../../src/index.js';
import { encodeOpMsg } from '../../src/wire/op-msg.js';

/** Sends bytes on a fresh socket and resolves true once the server closes it (false after `ms`). */
function sendAndAwaitClose(port: number, bytes: Buffer, ms = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, ms);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function withLength(length: number, tail = Buffer.alloc(12)): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32LE(length, 0);
  return Buffer.concat([head, tail]);
}

describe('robustness: bad clients never hurt the server or other clients', () => {
  let server: MemoryServer;
  let client: MongoClient;

  beforeAll(async () => {
    server = await MemoryServer.start();
    client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 5000 });
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  const invalidBson = (): Buffer => {
    const message = encodeOpMsg({ ping: 'x', $db: 'admin' });
    message[25] = 0x7f;
    return message;
  };
  const badDocumentSize = (): Buffer => {
    const message = encodeOpMsg({ ping: 1, $db: 'admin' });
    message.writeInt32LE(1_000_000, 21);
    return message;
  };

  it.each([
    ['random garbage', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['a declared length of 0', withLength(0)],
    ['a negative declared length', withLength(-5)],
    ['a declared length above maxMessageSizeBytes', withLength(0x7fffffff)],
    ['invalid BSON in the body', invalidBson()],
    ['a BSON size that overruns the message', badDocumentSize()],
    [
      'OP_COMPRESSED',
      (() => {
        const m = encodeOpMsg({ ping: 1, $db: 'admin' });
        m.writeInt32LE(2012, 12);
        return m;
      })(),
    ],
    [
      'legacy OP_INSERT',
      (() => {
        const m = encodeOpMsg({ ping: 1, $db: 'admin' });
        m.writeInt32LE(2002, 12);
        return m;
      })(),
    ],
  ])('closes the socket that sends %s; the driver keeps working', async (_label, bytes) => {
    expect(await sendAndAwaitClose(server.port, bytes)).toBe(true);
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('holds a truncated message without replying, then drops it when the client leaves', async () => {
    const whole = encodeOpMsg({ ping: 1, $db: 'admin' });
    const socket = net.connect({ port: server.port, host: '127.0.0.1' });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    let received = 0;
    socket.on('data', (d) => (received += d.length));
    socket.write(whole.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toBe(0);
    socket.destroy();
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('does not allocate by declared length: a 40 MB claim with 16 bytes costs nothing', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const sockets: net.Socket[] = [];
    for (let i = 0; i < 20; i++) {
      const socket = net.connect({ port: server.port, host: '127.0.0.1' });
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
      socket.write(withLength(40_000_000));
      sockets.push(socket);
    }
    await new Promise((r) => setTimeout(r, 100));
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(grown).toBeLessThan(100 * 1024 * 1024); // 20 × 40 MB would be 800 MB
    for (const s of sockets) s.destroy();
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('answers a non-handshake OP_QUERY with an error instead of crashing', async () => {
    const body = Buffer.concat([
      Buffer.alloc(4),
      Buffer.from('test.$cmd\0'),
      Buffer.alloc(8),
      encodeDocument({ find: 'c' }),
    ]);
    const header = Buffer.alloc(16);
    header.writeInt32LE(16 + body.length, 0);
    header.writeInt32LE(2004, 12);
    const reply = await new Promise<Buffer>((resolve) => {
      const socket = net.connect({ port: server.port, host: '127.0.0.1' }, () =>
        socket.write(Buffer.concat([header, body])),
      );
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d);
      });
    });
    expect(reply.readInt32LE(12)).toBe(1); // OP_REPLY
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });
});
