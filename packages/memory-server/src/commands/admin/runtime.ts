import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import type { Engine } from '../../storage/engine.js';
import type { CommandContext, ServerInfo } from '../types.js';
import { SessionTable } from '../sessions/session-table.js';
import { ClusterClock } from './cluster-clock.js';
import { FailPointTable } from './fail-points.js';
import { ServerStats } from './server-stats.js';

/** What the server knows about one client connection. */
export interface ConnectionInfo {
  readonly id: number;
  /** `ip:port` of the client, for `whatsmyuri`. */
  readonly remoteAddress: string;
  /** `client.application.name` from the connection's first hello (matched by failCommand's `appName`). */
  appName: string | undefined;
  /** The `client` metadata document of the handshake. */
  clientMetadata: Doc | undefined;
}

/** Server-wide state the admin and session commands need beyond `CommandContext`. */
export interface ServerRuntime {
  readonly info: ServerInfo;
  readonly engine: Engine;
  readonly sessions: SessionTable;
  readonly failPoints: FailPointTable;
  readonly clock: ClusterClock;
  readonly stats: ServerStats;
  /** Command line the server reports in `getCmdLineOpts`. */
  readonly argv: readonly string[];
}

/**
 * The context the envelope actually builds: `CommandContext` plus the runtime and the connection.
 * Other groups see only `CommandContext`; admin and session commands reach the rest through
 * {@link runtimeOf}.
 */
export interface RuntimeCommandContext extends CommandContext {
  readonly runtime: ServerRuntime;
  readonly connection: ConnectionInfo;
}

/**
 * Creates the runtime of one server around its storage engine.
 *
 * @example
 * ```ts
 * const runtime = createRuntime(new Engine(), { hostAndPort: '127.0.0.1:27017', setName: 'rs0', startedAt: new Date() });
 * ```
 */
export function createRuntime(engine: Engine, info: ServerInfo, argv: readonly string[] = []): ServerRuntime {
  const stats = new ServerStats();
  return {
    info,
    engine,
    sessions: new SessionTable(engine, stats.transactions),
    failPoints: new FailPointTable(),
    clock: new ClusterClock(),
    stats,
    argv,
  };
}

/**
 * The runtime-aware view of a context built by the envelope.
 *
 * @example
 * ```ts
 * const handler = (cmd: Doc, ctx: CommandContext) => ({ you: runtimeOf(ctx).connection.remoteAddress });
 * ```
 */
export function runtimeOf(ctx: CommandContext): RuntimeCommandContext {
  if (!('runtime' in ctx) || !('connection' in ctx)) {
    throw new ServerError('InternalError', 'command context was not built by the envelope');
  }
  return ctx as RuntimeCommandContext;
}
