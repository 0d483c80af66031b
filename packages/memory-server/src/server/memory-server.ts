import net from 'node:net';
import { CommandEnvelope } from '../commands/envelope.js';
import { createRuntime, type ServerRuntime } from '../commands/admin/runtime.js';
import type { ServerInfo } from '../commands/types.js';
import { Engine } from '../storage/engine.js';
import { Connection } from './connection.js';

/** Options of {@link MemoryServer.start}. */
export interface MemoryServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to bind. Only loopback is supported: `'127.0.0.1'` (the default). */
  readonly host?: '127.0.0.1';
  /** Replica-set name advertised in hello (default `'rs0'`). */
  readonly replSetName?: string;
}

/**
 * An in-memory server speaking the MongoDB wire protocol; the official driver sees a one-member
 * replica set (MongoDB 7.0, wire version 21), so sessions, retryable writes and transactions work.
 *
 * @example
 * ```ts
 * const server = await MemoryServer.start();          // free port on 127.0.0.1
 * const client = await MongoClient.connect(server.uri);
 * // ...
 * await client.close();
 * await server.stop();
 * ```
 */
export class MemoryServer {
  /** `mongodb://127.0.0.1:<port>/` */
  readonly uri: string;
  /** The TCP port actually bound (the free port chosen when started with port 0). */
  readonly port: number;
  /** The bound interface; always `'127.0.0.1'`. */
  readonly host: string;
  /** The storage engine holding every database of this server. */
  readonly engine: Engine;
  private readonly connections = new Set<Connection>();
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly server: net.Server,
    private readonly runtime: ServerRuntime,
    private readonly envelope: CommandEnvelope,
    port: number,
  ) {
    this.port = port;
    this.host = '127.0.0.1';
    this.uri = `mongodb://127.0.0.1:${port}/`;
    this.engine = runtime.engine;
  }

  /** Starts a server and resolves once it is listening. */
  static async start(options: MemoryServerOptions = {}): Promise<MemoryServer> {
    const host = options.host ?? '127.0.0.1';
    if (host !== '127.0.0.1') {
      throw new Error(`MemoryServer binds 127.0.0.1 only; got host '${String(host)}'`);
    }
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`MemoryServer port must be an integer in 0..65535; got ${String(port)}`);
    }
    const server = net.createServer({ noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    const actualPort = typeof address === 'object' && address !== null ? address.port : port;
    const info: ServerInfo = {
      hostAndPort: `127.0.0.1:${actualPort}`,
      setName: options.replSetName ?? 'rs0',
      startedAt: new Date(),
    };
    const engine = new Engine();
    const runtime = createRuntime(engine, info, [
      'mongod',
      '--bind_ip',
      host,
      '--port',
      String(actualPort),
      '--replSet',
      info.setName,
    ]);
    const instance = new MemoryServer(server, runtime, new CommandEnvelope(runtime), actualPort);
    server.on('connection', (socket) => instance.accept(socket));
    // A listening-socket error after start must not crash the process.
    server.on('error', () => undefined);
    return instance;
  }

  /** Number of open client connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Closes every connection and the listening socket; resolves when all are closed. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.destroy();
    await closed;
    this.runtime.sessions.endAll();
    this.engine.close();
  }

  private nextConnectionId = 1;

  private accept(socket: net.Socket): void {
    if (this.stopping !== undefined) {
      socket.destroy();
      return;
    }
    const { stats } = this.runtime;
    stats.currentConnections += 1;
    stats.totalConnections += 1;
    const connection = new Connection(socket, this.nextConnectionId++, this.envelope, () => {
      if (this.connections.delete(connection)) stats.currentConnections -= 1;
    });
    this.connections.add(connection);
  }
}
