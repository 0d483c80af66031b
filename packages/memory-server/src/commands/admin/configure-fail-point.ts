import { ServerError } from '../../errors.js';
import type { CommandSpec } from '../types.js';
import { runtimeOf } from './runtime.js';

/**
 * `configureFailPoint` (admin only): sets the `failCommand` fail point used by the driver spec
 * tests — modes `alwaysOn`, `off`, `{ times }`, `{ skip }`; data `failCommands`, `errorCode`,
 * `errorLabels`, `closeConnection`, `writeConcernError`, `blockConnection` + `blockTimeMS`, `appName`.
 *
 * @example
 * ```ts
 * await admin.command({
 *   configureFailPoint: 'failCommand', mode: { times: 1 },
 *   data: { failCommands: ['insert'], errorCode: 91 },
 * });
 * ```
 */
export const configureFailPoint: CommandSpec = {
  name: 'configureFailPoint',
  adminOnly: true,
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const name = cmd['configureFailPoint'];
    if (typeof name !== 'string')
      throw new ServerError('TypeMismatch', "'configureFailPoint' must name a fail point");
    const count = runtimeOf(ctx).runtime.failPoints.configure(name, cmd['mode'], cmd['data']);
    return { count };
  },
};
