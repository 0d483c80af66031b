import type { Doc } from '../../bson.js';
import { compileFilter } from '../../query/match.js';
import { boolOption, cursorBatchSize, cursorReply, docOption } from '../crud/command-args.js';
import type { CommandSpec } from '../types.js';

/**
 * The `type` listCollections reports for a catalog entry.
 *
 * @example
 * ```ts
 * collectionType({ viewOn: 'users', pipeline: [] }); // 'view'
 * ```
 */
export function collectionType(options: Doc): 'collection' | 'view' | 'timeseries' {
  if (options['viewOn'] !== undefined) return 'view';
  if (options['timeseries'] !== undefined) return 'timeseries';
  return 'collection';
}

/**
 * `listCollections`: one entry per collection — `{ name, type: 'collection', options, info: {
 * readOnly: false, uuid }, idIndex }` (or `{ name, type }` with `nameOnly`) — filtered by `filter`,
 * as a cursor on `<db>.$cmd.listCollections`.
 *
 * @example
 * ```ts
 * // { listCollections: 1, filter: { name: 'users' }, nameOnly: true }
 * // → { cursor: { firstBatch: [{ name: 'users', type: 'collection' }], id: Long(0), ns: 'app.$cmd.listCollections' } }
 * ```
 */
export const listCollectionsCommand: CommandSpec = {
  name: 'listCollections',
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const filter = docOption(cmd, 'filter', 'listCollections') ?? {};
    const nameOnly = boolOption(cmd, 'nameOnly');
    const compiled = compileFilter(filter);
    const entries: Doc[] = [];
    for (const collection of ctx.engine.collections(ctx.dbName)) {
      const type = collectionType(collection.options);
      const full: Doc = {
        name: collection.name,
        type,
        options: collection.options,
        // Views have no storage of their own, hence no uuid.
        info: type === 'view' ? { readOnly: true } : { readOnly: false, uuid: collection.uuid },
      };
      // mongod reports an idIndex only for plain, unclustered collections.
      if (type === 'collection' && collection.options['clusteredIndex'] === undefined)
        full['idIndex'] = { v: 2, key: { _id: 1 }, name: '_id_' };
      if (!compiled.test(full)) continue;
      entries.push(nameOnly ? { name: collection.name, type } : full);
    }
    const ns = `${ctx.dbName}.$cmd.listCollections`;
    const first = ctx.engine.cursors.open(ns, entries, {
      batchSize: cursorBatchSize(cmd, 'listCollections') ?? Number.POSITIVE_INFINITY,
      sessionKey: ctx.sessionKey,
    });
    return cursorReply(ns, first, 'firstBatch');
  },
};
