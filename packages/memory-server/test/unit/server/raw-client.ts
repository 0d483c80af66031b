import net from 'node:net';
import type { Doc } from '../../../src/bson.js';
import { BSON } from 'bson';

/** A raw TCP client for protocol tests: collects every byte and notices when the server closes. */
export class RawClient {
  readonly socket: net.Socket;
  private received = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;
  readonly closedPromise: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closedPromise = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        this.wake();
        resolve();
      }),
    );
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1' }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: Buffer | Uint8Array): void {
    this.socket.write(bytes);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Next whole message (header included), or undefined if the server closed first. */
  async nextMessage(timeoutMs = 3000): Promise<Buffer | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.received.length >= 4) {
        const length = this.received.readInt32LE(0);
        if (this.received.length >= length) {
          const message = this.received.subarray(0, length);
          this.received = this.received.subarray(length);
          return message;
        }
      }
      if (this.closed) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a message');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Whether any bytes arrived within `ms`. */
  async silentFor(ms: number): Promise<boolean> {
    const before = this.received.length;
    await new Promise((r) => setTimeout(r, ms));
    return this.received.length === before;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The body of an OP_MSG reply (single kind-0 section), decoded the way drivers do (numbers promoted). */
export function opMsgBody(message: Buffer): Doc {
  return BSON.deserialize(message.subarray(21));
}

/** The single document of an OP_REPLY, decoded the way drivers do. */
export function opReplyDoc(message: Buffer): Doc {
  return BSON.deserialize(message.subarray(36));
}
