import type { Socket } from 'node:net';
import { encodeDocument, type Doc } from '../bson.js';
import type { CommandEnvelope } from '../commands/envelope.js';
import type { ConnectionInfo } from '../commands/admin/runtime.js';
import { ServerError } from '../errors.js';
import { decodeMessage, type WireRequest } from '../wire/decode-message.js';
import { MessageFramer } from '../wire/message-framer.js';
import { encodeOpMsg } from '../wire/op-msg.js';
import { encodeOpReply } from '../wire/op-reply.js';
import { MAX_BSON_OBJECT_SIZE } from '../wire/opcodes.js';

/** Commands MongoDB still accepts over legacy OP_QUERY: the handshake. */
const OP_QUERY_COMMANDS = new Set(['hello', 'ismaster', 'isMaster']);

/**
 * One client connection: frames the byte stream, runs requests one at a time through the
 * envelope, and writes replies in request order. Any protocol error (bad length, truncated or
 * invalid BSON, unsupported opcode) destroys this socket only.
 *
 * @example
 * ```ts
 * const connections = new Set<Connection>();
 * const connection = new Connection(socket, 7, envelope, () => connections.delete(connection));
 * ```
 */
export class Connection implements ConnectionInfo {
  readonly remoteAddress: string;
  appName: string | undefined;
  clientMetadata: Doc | undefined;
  private readonly framer = new MessageFramer();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly socket: Socket,
    readonly id: number,
    private readonly envelope: CommandEnvelope,
    onClose: () => void,
  ) {
    this.remoteAddress = `${socket.remoteAddress ?? '127.0.0.1'}:${socket.remotePort ?? 0}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.destroy());
    socket.on('close', () => {
      this.closed = true;
      onClose();
    });
  }

  /** Closes the socket immediately (pending replies are dropped). */
  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  /** Resolves when every request received so far has been handled. */
  idle(): Promise<void> {
    return this.queue;
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    let messages: Buffer[];
    try {
      messages = this.framer.push(chunk);
    } catch {
      this.destroy();
      return;
    }
    for (const message of messages) {
      let request: WireRequest;
      try {
        request = decodeMessage(message);
      } catch {
        this.destroy();
        return;
      }
      this.queue = this.queue.then(() => this.handle(request)).catch(() => this.destroy());
    }
  }

  private async handle(request: WireRequest): Promise<void> {
    if (this.closed) return;
    if (request.kind === 'query') {
      const name = request.body === undefined ? undefined : Object.keys(request.body)[0];
      let reply: Doc;
      if (request.body === undefined || name === undefined || !OP_QUERY_COMMANDS.has(name)) {
        reply = new ServerError(
          'UnsupportedOpQueryCommand',
          `Unsupported OP_QUERY command: ${name ?? request.namespace}. The client driver may require an upgrade.`,
        ).toReply();
      } else {
        const outcome = await this.envelope.run(request.body, this);
        if (outcome.kind === 'close') return this.destroy();
        reply = outcome.reply;
      }
      this.write(encodeOpReply(encodeReply(reply), request.requestID));
      return;
    }
    const outcome = await this.envelope.run(request.body, this);
    if (outcome.kind === 'close') return this.destroy();
    // moreToCome: the client (a w:0 write) expects no reply at all.
    if (request.moreToCome) return;
    this.write(encodeOpMsg(encodeReply(outcome.reply), { responseTo: request.requestID }));
  }

  private write(bytes: Buffer): void {
    if (!this.closed) this.socket.write(bytes);
  }
}

/** Serializes a reply; one too large for BSON becomes a BSONObjectTooLarge error reply. */
function encodeReply(reply: Doc): Uint8Array {
  try {
    const bytes = encodeDocument(reply);
    if (bytes.length <= MAX_BSON_OBJECT_SIZE + 16 * 1024) return bytes;
  } catch {
    // fall through: reported below as a reply, never as a crash
  }
  const error = new ServerError(
    'BSONObjectTooLarge',
    'reply exceeds the maximum BSON document size',
  ).toReply();
  for (const key of ['$clusterTime', 'operationTime']) if (key in reply) error[key] = reply[key];
  return encodeDocument(error);
}
