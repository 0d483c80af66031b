import { ServerError } from '../../errors.js';
import { sessionKeyOf } from './session-table.js';

/**
 * Reads the array of session ids that `endSessions`, `killSessions` and `refreshSessions` take,
 * returning their keys.
 *
 * @example
 * ```ts
 * sessionKeysFrom(cmd['endSessions'], 'endSessions'); // ['0b9d…', …]
 * ```
 */
export function sessionKeysFrom(value: unknown, commandName: string): string[] {
  if (!Array.isArray(value)) {
    throw new ServerError('TypeMismatch', `'${commandName}' must be an array of session ids`);
  }
  return value.map((lsid) => sessionKeyOf(lsid));
}
