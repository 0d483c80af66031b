import { ServerError } from '../../errors.js';
import type { CommandSpec } from '../types.js';

const LOG_NAMES = ['global', 'startupWarnings'];

/**
 * `getLog`: the server keeps no log, so every log is empty; `'*'` lists the log names.
 *
 * @example
 * ```ts
 * await admin.command({ getLog: 'startupWarnings' }); // { totalLinesWritten: 0, log: [] }
 * ```
 */
export const getLog: CommandSpec = {
  name: 'getLog',
  adminOnly: true,
  allowedInTransaction: false,
  handler(cmd) {
    const name = cmd['getLog'];
    if (name === '*') return { names: [...LOG_NAMES] };
    if (typeof name !== 'string')
      throw new ServerError('TypeMismatch', 'Argument to getLog must be of type String');
    if (!LOG_NAMES.includes(name)) throw new ServerError('BadValue', `No log named '${name}'`);
    return { totalLinesWritten: 0, log: [] };
  },
};
