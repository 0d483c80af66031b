import { MAX_BSON_OBJECT_SIZE } from '../../wire/opcodes.js';
import type { CommandSpec } from '../types.js';

/** The MongoDB release whose behaviour the server imitates. */
export const SERVER_VERSION = '7.0.12';

/**
 * `buildInfo` (alias `buildinfo`): version 7.0.12 and the limits the driver reads.
 *
 * @example
 * ```ts
 * await client.db('admin').command({ buildInfo: 1 }); // { version: '7.0.12', versionArray: [7, 0, 12, 0], ... }
 * ```
 */
export const buildInfo: CommandSpec = {
  name: 'buildInfo',
  aliases: ['buildinfo'],
  handler: () => ({
    version: SERVER_VERSION,
    gitVersion: '0000000000000000000000000000000000000000',
    modules: [],
    allocator: 'system',
    javascriptEngine: 'none',
    sysInfo: 'deprecated',
    versionArray: SERVER_VERSION.split('.').map(Number).concat([0]),
    openssl: { running: 'disabled', compiled: 'disabled' },
    buildEnvironment: { target_os: process.platform, target_arch: process.arch },
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['inMemory'],
  }),
};
