import os from 'node:os';
import type { CommandSpec } from '../types.js';

/**
 * `hostInfo`: the machine the server runs on.
 *
 * @example
 * ```ts
 * const { system } = await admin.command({ hostInfo: 1 }); // { hostname, numCores, memSizeMB, ... }
 * ```
 */
export const hostInfo: CommandSpec = {
  name: 'hostInfo',
  allowedInTransaction: false,
  handler: () => ({
    system: {
      currentTime: new Date(),
      hostname: os.hostname(),
      cpuAddrSize: 64,
      memSizeMB: Math.round(os.totalmem() / 1_048_576),
      memLimitMB: Math.round(os.totalmem() / 1_048_576),
      numCores: os.cpus().length,
      cpuArch: os.arch(),
      numaEnabled: false,
    },
    os: { type: os.type(), name: os.platform(), version: os.release() },
    extra: {},
  }),
};
