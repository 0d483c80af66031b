import { isView, viewWriteError } from '../../storage/collection-kind.js';
import type { CommandContext } from '../types.js';

/**
 * Fails with 166 CommandNotSupportedOnView when `name` is a view: writes and index commands are
 * refused up front, before any statement runs (even one that would match nothing).
 *
 * @example
 * ```ts
 * assertNotView(ctx, 'activeUsers'); // throws when activeUsers is a view
 * ```
 */
export function assertNotView(ctx: CommandContext, name: string): void {
  if (isView(ctx.engine.getCollection(ctx.dbName, name, ctx.txn)))
    throw viewWriteError(`${ctx.dbName}.${name}`);
}
