import os from 'node:os';
import { Long } from 'bson';
import type { CommandSpec } from '../types.js';
import { SERVER_VERSION } from './build-info.js';
import { runtimeOf } from './runtime.js';

/** Connections MongoDB would still accept (its default `maxIncomingConnections`). */
const MAX_CONNECTIONS = 1_000_000;

/**
 * `serverStatus`: a small but live subset — uptime, connections, opcounters, memory,
 * transactions and sessions.
 *
 * @example
 * ```ts
 * const { opcounters, connections } = await admin.command({ serverStatus: 1 });
 * ```
 */
export const serverStatus: CommandSpec = {
  name: 'serverStatus',
  allowedInTransaction: false,
  handler(_cmd, ctx) {
    const { runtime } = runtimeOf(ctx);
    const { stats, sessions } = runtime;
    const uptimeMillis = Date.now() - runtime.info.startedAt.getTime();
    const memory = process.memoryUsage();
    const long = (n: number): Long => Long.fromNumber(n);
    return {
      host: runtime.info.hostAndPort,
      version: SERVER_VERSION,
      process: 'mongod',
      pid: long(process.pid),
      uptime: uptimeMillis / 1000,
      uptimeMillis: long(uptimeMillis),
      uptimeEstimate: long(Math.floor(uptimeMillis / 1000)),
      localTime: new Date(),
      connections: {
        current: stats.currentConnections,
        available: MAX_CONNECTIONS - stats.currentConnections,
        totalCreated: stats.totalConnections,
        active: stats.currentConnections,
      },
      opcounters: {
        insert: long(stats.opcounters.insert),
        query: long(stats.opcounters.query),
        update: long(stats.opcounters.update),
        delete: long(stats.opcounters.delete),
        getmore: long(stats.opcounters.getmore),
        command: long(stats.opcounters.command),
      },
      mem: {
        bits: 64,
        resident: Math.round(memory.rss / 1_048_576),
        virtual: Math.round((memory.rss + memory.external) / 1_048_576),
        supported: true,
      },
      storageEngine: { name: 'inMemory', supportsCommittedReads: true, persistent: false },
      transactions: {
        currentActive: long(sessions.activeTransactions),
        totalStarted: long(stats.transactions.totalStarted),
        totalCommitted: long(stats.transactions.totalCommitted),
        totalAborted: long(stats.transactions.totalAborted),
      },
      logicalSessionRecordCache: { activeSessionsCount: sessions.size },
      repl: { setName: runtime.info.setName, isWritablePrimary: true, hosts: [runtime.info.hostAndPort] },
      hostname: os.hostname(),
    };
  },
};
