import { ErrorCodes, ServerError } from '../../errors.js';

const NAMES = new Map<number, string>(Object.entries(ErrorCodes).map(([name, code]) => [code, name]));

/**
 * Builds the `ServerError` MongoDB raises for `code`; codes without a name in `ErrorCodes`
 * get MongoDB's own `LocationNNNN` name, which is what real servers report for them.
 *
 * @example
 * ```ts
 * throw fail(16608, "can't $divide by zero");
 * ```
 */
export function fail(code: number, message: string): ServerError {
  return new ServerError({ code, codeName: NAMES.get(code) ?? `Location${code}` }, message);
}
