import type { CommandSpec } from '../types.js';
import { runtimeOf } from './runtime.js';

/**
 * `getCmdLineOpts`: the options a mongod started like this server would report.
 *
 * @example
 * ```ts
 * await admin.command({ getCmdLineOpts: 1 }); // { argv: [...], parsed: { net: { port, bindIp }, replication: { replSet: 'rs0' } } }
 * ```
 */
export const getCmdLineOpts: CommandSpec = {
  name: 'getCmdLineOpts',
  adminOnly: true,
  allowedInTransaction: false,
  handler(_cmd, ctx) {
    const { runtime } = runtimeOf(ctx);
    const [bindIp, port] = runtime.info.hostAndPort.split(':');
    return {
      argv:
        runtime.argv.length > 0
          ? [...runtime.argv]
          : ['mongod', '--port', String(port), '--replSet', runtime.info.setName],
      parsed: {
        net: { bindIp, port: Number(port) },
        replication: { replSet: runtime.info.setName },
        storage: { engine: 'inMemory' },
      },
    };
  },
};
