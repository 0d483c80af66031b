import { ServerError } from '../../errors.js';
import { boolOption } from '../crud/command-args.js';
import type { CommandSpec } from '../types.js';

function splitNamespace(value: unknown, field: string): { db: string; name: string } {
  if (typeof value !== 'string') throw new ServerError('TypeMismatch', `'${field}' must be of type String`);
  const dot = value.indexOf('.');
  if (dot <= 0 || dot === value.length - 1)
    throw new ServerError('InvalidNamespace', `Invalid ${field} namespace: ${value}`);
  return { db: value.slice(0, dot), name: value.slice(dot + 1) };
}

/**
 * `renameCollection` (admin): renames `db.from` to `db.to`, across databases too; `dropTarget`
 * replaces an existing target. NamespaceNotFound (26) for a missing source, NamespaceExists (48)
 * for an existing target.
 *
 * @example
 * ```ts
 * // { renameCollection: 'app.tmp', to: 'app.users', dropTarget: true } → {}
 * ```
 */
export const renameCollectionCommand: CommandSpec = {
  name: 'renameCollection',
  adminOnly: true,
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const from = splitNamespace(cmd['renameCollection'], 'source');
    const to = splitNamespace(cmd['to'], 'target');
    ctx.engine.renameCollection(from.db, from.name, to.db, to.name, boolOption(cmd, 'dropTarget'));
    return {};
  },
};
