import { HEADER_SIZE, MAX_MESSAGE_SIZE } from './opcodes.js';
import { WireProtocolError } from './wire-protocol-error.js';

/**
 * Cuts a TCP byte stream into whole wire messages. Chunks are only kept, never pre-allocated by
 * the declared length: a client that claims 48 MB and sends 10 bytes costs 10 bytes. A declared
 * length outside [16, maxMessageSize] throws `WireProtocolError` as soon as the first 4 bytes are in.
 *
 * @example
 * ```ts
 * const framer = new MessageFramer();
 * socket.on('data', (chunk: Buffer) => { for (const message of framer.push(chunk)) console.log(message.length); });
 * ```
 */
export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Length of the message being accumulated, once its first 4 bytes are known. */
  private expected: number | undefined;

  constructor(private readonly maxMessageSize: number = MAX_MESSAGE_SIZE) {}

  /** Bytes received but not yet returned as a message. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Adds a chunk and returns every message it completes (possibly none). */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length === 0) return [];
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: Buffer[] = [];
    for (;;) {
      if (this.expected === undefined) {
        if (this.buffered < 4) break;
        const length = this.peekInt32();
        if (length < HEADER_SIZE || length > this.maxMessageSize) {
          throw new WireProtocolError(
            `declared message length ${length} is outside [${HEADER_SIZE}, ${this.maxMessageSize}]`,
          );
        }
        this.expected = length;
      }
      if (this.buffered < this.expected) break;
      messages.push(this.take(this.expected));
      this.expected = undefined;
    }
    return messages;
  }

  private peekInt32(): number {
    const first = this.chunks[0]!;
    if (first.length >= 4) return first.readInt32LE(0);
    return Buffer.concat(this.chunks, 4).readInt32LE(0);
  }

  private take(length: number): Buffer {
    const first = this.chunks[0]!;
    let message: Buffer;
    if (first.length >= length) {
      message = first.subarray(0, length);
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
    } else {
      const all = Buffer.concat(this.chunks, this.buffered);
      message = all.subarray(0, length);
      this.chunks = all.length > length ? [all.subarray(length)] : [];
    }
    this.buffered -= length;
    return message;
  }
}
